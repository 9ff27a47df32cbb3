/* Private to the guide module: the memory of a guide and its messages. */
#ifndef VG_GUIDE_INTERNAL_H
#define VG_GUIDE_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <vigie/guide.h>

/* An arena: every string and array of one guide, freed at once. */
typedef struct vg_arena_block {
    struct vg_arena_block *next;
    size_t used, cap;
    unsigned char data[];
} vg_arena_block;

struct vg_ydoc;

struct vg_guide_priv {
    vg_arena_block *blocks;
    struct vg_ydoc *yaml; /* the front matter's tree: the guide's strings point into it */
};

void *vg_arena_alloc(struct vg_guide_priv *a, size_t n); /* zeroed; NULL on no memory */
char *vg_arena_strndup(struct vg_guide_priv *a, const char *s, size_t n);
char *vg_arena_strdup(struct vg_guide_priv *a, const char *s);
void vg_arena_free(struct vg_guide_priv *a);

/* Validation context shared by the front matter and the body parsers. */
typedef struct {
    const char *name;
    vg_guide_diags *diags; /* never NULL inside the parser */
    int nomem;
    size_t start;   /* diags->n when this parse began */
    size_t dropped; /* messages counted but not kept (past VG_GUIDE_MAX_DIAGS) */
} vg_gctx;

/* At most this many messages are kept per guide; the rest are counted. */
#define VG_GUIDE_MAX_DIAGS 100

void vg_gdiag(vg_gctx *c, int line, int warning, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void vg_gdiagv(vg_gctx *c, int line, int warning, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
/* A value quoted in a message: at most 60 characters, controls replaced. */
const char *vg_gshow(char buf[96], const char *s);

/* Body parser (guide_body.c): `body` starts at file line `line0`. */
int vg_guide_parse_body(vg_gctx *c, vg_guide *g, const char *body, size_t len, int line0);

/* The plain text of blocks (internal form of vg_guide_section_plain). */
char *vg_guide_blocks_plain(const vg_guide_block *b, size_t n);

/* The division or place whose matching key is `key` (vg_text_key,
 * VG_KEY_NAME): 1 and *out set, else 0. */
int vg_guide_place_lookup(const vg_guide *g, const char *key, vg_guide_place *out);

#endif
