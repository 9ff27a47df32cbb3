/* Private: the one YAML reader of Vigie.
 *
 * Five files are YAML: the country guides' front matter, the
 * self-assessment grids, the escalation ladder, the readiness template and
 * the threat categories. All of them may come from outside (an
 * organisation's own copy, a file handed over by e-mail), so all of them go
 * through this reader, which builds a small tree from libyaml's events:
 *
 *   - bounded: nesting depth, node count, entries per list or mapping and
 *     bytes per value are capped before anything is kept;
 *   - plain: no anchors, aliases, tags, directives or merge keys; keys are
 *     text and appear once per mapping; no control character in a value;
 *     a value fits on one line, without block styles (| and >), unless the
 *     format allows prose (`block_text`: the escalation ladder's actions);
 *   - one error format: "NAME:LINE:COL: PATH: message", lines and columns
 *     from 1, the path like "domains[2].items[0].id".
 *
 * The loaders then check the tree against their own format with the lookups
 * below. Every node and string lives in the document's arena and is freed
 * with it. */
#ifndef VG_YAML_H
#define VG_YAML_H

#include <stddef.h>

typedef enum { VG_Y_SCALAR, VG_Y_SEQ, VG_Y_MAP } vg_ykind;

typedef struct vg_ynode {
    vg_ykind kind;
    int line, col; /* where it starts in the file, from 1 */
    int quoted;    /* a scalar written in single or double quotes */
    const char *s; /* a scalar's value, NUL-terminated ("" for others) */
    size_t len;
    struct vg_ynode **kids; /* a list's entries; a mapping's key, value, key, value... */
    size_t n;
} vg_ynode;

typedef struct {
    const char *name; /* the file as shown in messages */
    int line0;        /* added to every line (a front matter after its "---") */
    int max_depth;    /* 0: 8 */
    int max_nodes;    /* 0: 20000 */
    int max_kids;     /* entries of one list or mapping; 0: 2000 */
    size_t max_value; /* bytes of one value; 0: 4000 */
    int no_markers;   /* refuse "---" and "..." (a front matter holds one document) */
    int block_text;   /* allow values over several lines and block styles (| and >) */
} vg_ylimits;

typedef struct vg_ydoc vg_ydoc;

/* Where and why the text could not be read: the line and column (from 1)
 * and the message without the name, for callers that collect diagnostics. */
typedef struct {
    int line, col;
    char msg[600]; /* "PATH: message" */
} vg_yproblem;

/* Read `len` bytes of YAML. VG_OK with *out; otherwise VG_EINVALID with the
 * error "NAME:LINE:COL: message" (and `problem` filled when not NULL), or
 * VG_ENOMEM. An empty file gives an empty mapping's absence: *out's root is
 * NULL, which callers refuse in their own words. */
int vg_yaml_read(vg_ydoc **out, const char *text, size_t len, const vg_ylimits *lim,
                 vg_yproblem *problem);

const vg_ynode *vg_ydoc_root(const vg_ydoc *d);
void vg_ydoc_free(vg_ydoc *d);

/* The value of `key` in mapping `m` (NULL if absent or `m` is not a mapping). */
const vg_ynode *vg_ymap_get(const vg_ynode *m, const char *key);

/* 1 for a plain scalar that YAML 1.1 would not read as text: empty, null,
 * a boolean (yes, no, on, off...), a number, an infinity or NaN. Such a
 * value must be quoted where text is meant. */
int vg_yscalar_not_text(const vg_ynode *n);

/* "a value", "a list" or "a mapping", for messages. */
const char *vg_ykind_name(const vg_ynode *n);

/* Set the error "NAME:LINE:COL: PATH: message" at node `at` (the file alone
 * when NULL; no path when `path` is NULL or empty). Returns VG_EINVALID. */
int vg_yfail(const char *name, const vg_ynode *at, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The same message, into `buf`, for loaders that collect warnings. */
void vg_yformat(char *buf, size_t cap, const char *name, const vg_ynode *at, const char *path,
                const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#endif
