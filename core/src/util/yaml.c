/* The one YAML reader (util/yaml.h): libyaml's events into a bounded tree.
 * libyaml's own document loader is not used: it accepts aliases and has no
 * bound on the nodes it keeps. */
#include <pthread.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <vigie/error.h>
#include <yaml.h>

#include "util/i18n.h"
#include "util/mem.h"
#include "util/text.h"
#include "util/yaml.h"

typedef struct block {
    struct block *next;
    size_t used, cap;
    max_align_t data[];
} block;

struct vg_ydoc {
    block *blocks;
    vg_ynode *root;
};

typedef struct {
    vg_ydoc *d;
    vg_ylimits lim;
    const unsigned char *buf;
    size_t len;
    int nodes;
    vg_yproblem *problem;
    char path[256]; /* of the node being read: "domains[2].items[0].id" */
} ctx;

/* ---- the arena ---- */

static void *arena(vg_ydoc *d, size_t n)
{
    block *b = d->blocks;
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 16384 ? n : 16384;
        if (!(b = malloc(sizeof *b + cap)))
            return NULL;
        b->cap = cap;
        b->used = 0;
        b->next = d->blocks;
        d->blocks = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

void vg_ydoc_free(vg_ydoc *d)
{
    if (!d)
        return;
    for (block *b = d->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(d);
}

const vg_ynode *vg_ydoc_root(const vg_ydoc *d)
{
    return d ? d->root : NULL;
}

/* ---- messages ---- */

static void vformat(char *buf, size_t cap, const char *name, int line, int col, const char *path,
                    const char *fmt, va_list ap) __attribute__((format(printf, 7, 0)));
static void vformat(char *buf, size_t cap, const char *name, int line, int col, const char *path,
                    const char *fmt, va_list ap)
{
    int n;
    if (line > 0)
        n = snprintf(buf, cap, "%s:%d:%d: ", name, line, col > 0 ? col : 1);
    else
        n = snprintf(buf, cap, "%s: ", name);
    if (n < 0)
        n = 0;
    if (path && *path && (size_t)n < cap) {
        int k = snprintf(buf + n, cap - (size_t)n, "%s: ", path);
        n += k > 0 ? k : 0;
    }
    if ((size_t)n < cap)
        vsnprintf(buf + n, cap - (size_t)n, fmt, ap);
}

void vg_yformat(char *buf, size_t cap, const char *name, const vg_ynode *at, const char *path,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vformat(buf, cap, name, at ? at->line : 0, at ? at->col : 0, path, fmt, ap);
    va_end(ap);
}

int vg_yfail(const char *name, const vg_ynode *at, const char *path, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vformat(buf, sizeof buf, name, at ? at->line : 0, at ? at->col : 0, path, fmt, ap);
    va_end(ap);
    return vg_error_set(VG_EINVALID, "%s", buf);
}

/* A reading error at a line and column (from 1). */
static int fail_at(ctx *c, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail_at(ctx *c, int line, int col, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->problem) {
        c->problem->line = line;
        c->problem->col = col;
        snprintf(c->problem->msg, sizeof c->problem->msg, "%s%s%s", c->path, c->path[0] ? ": " : "",
                 msg);
    }
    return vg_error_set(VG_EINVALID, "%s:%d:%d: %s%s%s", c->lim.name, line, col, c->path,
                        c->path[0] ? ": " : "", msg);
}

static int fail_mark(ctx *c, const yaml_mark_t *m, const char *msg)
{
    return fail_at(c, (int)m->line + 1 + c->lim.line0, (int)m->column + 1, "%s", msg);
}

/* ---- events into nodes ---- */

static int next_event(ctx *c, yaml_parser_t *p, yaml_event_t *ev)
{
    if (yaml_parser_parse(p, ev))
        return VG_OK;
    if (p->error == YAML_MEMORY_ERROR)
        return vg_error_oom();
    if (p->error == YAML_READER_ERROR) {
        /* Reader errors (bad UTF-8, a control character) carry an offset,
         * not a mark: count the lines and characters up to it. */
        int line = 1, col = 1;
        for (size_t i = 0; i < p->problem_offset && i < c->len; i++) {
            if (c->buf[i] == '\n')
                line++, col = 1;
            else if ((c->buf[i] & 0xc0) != 0x80)
                col++;
        }
        return fail_at(c, line + c->lim.line0, col,
                       _("not valid UTF-8 text, or a control character: %s"),
                       p->problem ? p->problem : "?");
    }
    if (p->context)
        return fail_at(c, (int)p->problem_mark.line + 1 + c->lim.line0,
                       (int)p->problem_mark.column + 1, _("YAML syntax error: %s (%s)"),
                       p->problem ? p->problem : "?", p->context);
    return fail_at(c, (int)p->problem_mark.line + 1 + c->lim.line0, (int)p->problem_mark.column + 1,
                   _("YAML syntax error: %s"), p->problem ? p->problem : "?");
}

/* Rules that hold for every node, wherever it is. */
static int node_rules(ctx *c, const yaml_event_t *ev)
{
    const yaml_mark_t *m = &ev->start_mark;
    const yaml_char_t *anchor = NULL, *tag = NULL;
    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        return fail_mark(c, m, _("YAML anchors (&) and aliases (*) are not allowed"));
    case YAML_SCALAR_EVENT:
        anchor = ev->data.scalar.anchor;
        tag = ev->data.scalar.tag;
        break;
    case YAML_SEQUENCE_START_EVENT:
        anchor = ev->data.sequence_start.anchor;
        tag = ev->data.sequence_start.tag;
        break;
    case YAML_MAPPING_START_EVENT:
        anchor = ev->data.mapping_start.anchor;
        tag = ev->data.mapping_start.tag;
        break;
    default:
        return fail_mark(c, m, _("unexpected YAML structure"));
    }
    if (anchor)
        return fail_mark(c, m, _("YAML anchors (&) and aliases (*) are not allowed"));
    if (tag)
        return fail_mark(c, m, _("YAML tags (!) are not allowed"));
    if (ev->type == YAML_SCALAR_EVENT) {
        int blockstyle = ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
                         ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
        if (blockstyle && !c->lim.block_text)
            return fail_mark(
                c, m, _("block scalars (| and >) are not allowed: write the value on one line"));
        if (!blockstyle && !c->lim.block_text && ev->start_mark.line != ev->end_mark.line)
            return fail_mark(c, m, _("a value must fit on one line"));
        if (ev->data.scalar.length > c->lim.max_value)
            return fail_at(c, (int)m->line + 1 + c->lim.line0, (int)m->column + 1,
                           _("a value longer than %zu bytes"), c->lim.max_value);
        if (!vg_text_clean((const char *)ev->data.scalar.value, ev->data.scalar.length,
                           c->lim.block_text))
            return fail_mark(c, m, _("holds a control character (such as \\n or \\t)"));
    }
    return VG_OK;
}

static int build(ctx *c, yaml_parser_t *p, yaml_event_t *ev, int depth, vg_ynode **out);

/* The entries of a list or mapping whose start event was seen, gathered in
 * a growing array, then copied into the arena. */
static int build_kids(ctx *c, yaml_parser_t *p, vg_ynode *node, int depth)
{
    yaml_event_type_t end =
        node->kind == VG_Y_SEQ ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT;
    size_t max = (size_t)c->lim.max_kids * (node->kind == VG_Y_MAP ? 2 : 1);
    vg_ynode **kids = NULL;
    size_t n = 0, cap = 0;
    int rc = VG_OK;
    for (;;) {
        yaml_event_t ev;
        vg_ynode *kid = NULL;
        if ((rc = next_event(c, p, &ev)) != VG_OK)
            break;
        if (ev.type == end) {
            yaml_event_delete(&ev);
            break;
        }
        if (n >= max) {
            rc = fail_at(c, (int)ev.start_mark.line + 1 + c->lim.line0,
                         (int)ev.start_mark.column + 1,
                         _("more than %d entries in one list or mapping"), c->lim.max_kids);
            yaml_event_delete(&ev);
            break;
        }
        {
            /* the path of the entry: a value below its key, a list entry by
             * its index; a key is reported at its mapping's path */
            size_t at = strlen(c->path);
            if (node->kind == VG_Y_SEQ)
                snprintf(c->path + at, sizeof c->path - at, "[%zu]", n);
            else if (n % 2 == 1)
                snprintf(c->path + at, sizeof c->path - at, "%s%.60s", at ? "." : "",
                         kids[n - 1]->s);
            rc = build(c, p, &ev, depth + 1, &kid);
            if (rc == VG_OK)
                c->path[at] = '\0';
        }
        yaml_event_delete(&ev);
        if (rc != VG_OK)
            break;
        if ((rc = VG_GROW(kids, cap, n + 1)) != VG_OK)
            break;
        kids[n++] = kid;
        /* a mapping key: text, once per mapping, and never a merge key */
        if (node->kind == VG_Y_MAP && n % 2 == 1) {
            if (kid->kind != VG_Y_SCALAR) {
                rc = fail_at(c, kid->line, kid->col, "%s", _("a key must be plain text"));
                break;
            }
            if (!kid->quoted && !strcmp(kid->s, "<<")) {
                rc = fail_at(c, kid->line, kid->col, "%s", _("merge keys (<<) are not allowed"));
                break;
            }
            for (size_t i = 0; i + 1 < n; i += 2)
                if (kids[i]->len == kid->len && !memcmp(kids[i]->s, kid->s, kid->len)) {
                    rc = fail_at(c, kid->line, kid->col,
                                 _("key \"%s\" appears twice (first on line %d)"), kid->s,
                                 kids[i]->line);
                    break;
                }
            if (rc != VG_OK)
                break;
        }
    }
    if (rc == VG_OK && n) {
        if (!(node->kids = arena(c->d, sizeof *kids * n)))
            rc = vg_error_oom();
        else
            memcpy(node->kids, kids, sizeof *kids * n);
        node->n = n;
    }
    free(kids);
    return rc;
}

static int build(ctx *c, yaml_parser_t *p, yaml_event_t *ev, int depth, vg_ynode **out)
{
    vg_ynode *node;
    int rc;
    *out = NULL;
    if ((rc = node_rules(c, ev)) != VG_OK)
        return rc;
    if (depth >= c->lim.max_depth)
        return fail_at(c, (int)ev->start_mark.line + 1 + c->lim.line0,
                       (int)ev->start_mark.column + 1, _("nested more than %d levels deep"),
                       c->lim.max_depth);
    if (++c->nodes > c->lim.max_nodes)
        return fail_at(c, (int)ev->start_mark.line + 1 + c->lim.line0,
                       (int)ev->start_mark.column + 1, _("more than %d values in the file"),
                       c->lim.max_nodes);
    if (!(node = arena(c->d, sizeof *node)))
        return vg_error_oom();
    node->line = (int)ev->start_mark.line + 1 + c->lim.line0;
    node->col = (int)ev->start_mark.column + 1;
    if (ev->type == YAML_SCALAR_EVENT) {
        char *s;
        node->kind = VG_Y_SCALAR;
        node->len = ev->data.scalar.length;
        node->quoted = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                       ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        if (!(s = arena(c->d, node->len + 1)))
            return vg_error_oom();
        memcpy(s, ev->data.scalar.value, node->len);
        node->s = s;
    } else {
        node->kind = ev->type == YAML_SEQUENCE_START_EVENT ? VG_Y_SEQ : VG_Y_MAP;
        node->s = "";
        rc = build_kids(c, p, node, depth);
    }
    *out = node;
    return rc;
}

static int directives(ctx *c, const yaml_event_t *ev)
{
    if (ev->data.document_start.version_directive ||
        ev->data.document_start.tag_directives.start != ev->data.document_start.tag_directives.end)
        return fail_mark(c, &ev->start_mark, _("YAML directives (%) are not allowed"));
    if (c->lim.no_markers && !ev->data.document_start.implicit)
        return fail_mark(c, &ev->start_mark,
                         _("YAML document markers (--- or ...) are not allowed here"));
    return VG_OK;
}

int vg_yaml_read(vg_ydoc **out, const char *text, size_t len, const vg_ylimits *lim,
                 vg_yproblem *problem)
{
    yaml_parser_t p;
    yaml_event_t ev;
    ctx c = {0};
    int rc, have_ev = 0;

    *out = NULL;
    c.lim = *lim;
    if (!c.lim.name)
        c.lim.name = "?";
    if (c.lim.max_depth <= 0)
        c.lim.max_depth = 8;
    if (c.lim.max_nodes <= 0)
        c.lim.max_nodes = 20000;
    if (c.lim.max_kids <= 0)
        c.lim.max_kids = 2000;
    if (c.lim.max_value == 0)
        c.lim.max_value = 4000;
    c.buf = (const unsigned char *)text;
    c.len = len;
    c.problem = problem;
    if (problem)
        memset(problem, 0, sizeof *problem);
    if (len >= 3 && c.buf[0] == 0xef && c.buf[1] == 0xbb && c.buf[2] == 0xbf)
        return fail_at(&c, 1 + c.lim.line0, 1, "%s",
                       _("the file starts with a byte-order mark: save it as UTF-8 without BOM"));
    if (!(c.d = calloc(1, sizeof *c.d)))
        return vg_error_oom();
    if (!yaml_parser_initialize(&p)) {
        free(c.d);
        return vg_error_oom();
    }
    yaml_parser_set_input_string(&p, c.buf, len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    if ((rc = next_event(&c, &p, &ev)) != VG_OK) /* stream start */
        goto done;
    yaml_event_delete(&ev);
    if ((rc = next_event(&c, &p, &ev)) != VG_OK)
        goto done;
    have_ev = 1;
    if (ev.type == YAML_STREAM_END_EVENT) /* empty: no root */
        goto done;
    if ((rc = directives(&c, &ev)) != VG_OK)
        goto done;
    yaml_event_delete(&ev);
    have_ev = 0;
    if ((rc = next_event(&c, &p, &ev)) != VG_OK)
        goto done;
    have_ev = 1;
    if ((rc = build(&c, &p, &ev, 0, &c.d->root)) != VG_OK)
        goto done;
    yaml_event_delete(&ev);
    have_ev = 0;
    if ((rc = next_event(&c, &p, &ev)) != VG_OK) /* document end */
        goto done;
    have_ev = 1;
    if (c.lim.no_markers && !ev.data.document_end.implicit) {
        rc = fail_mark(&c, &ev.start_mark,
                       _("YAML document markers (--- or ...) are not allowed here"));
        goto done;
    }
    yaml_event_delete(&ev);
    have_ev = 0;
    if ((rc = next_event(&c, &p, &ev)) != VG_OK)
        goto done;
    have_ev = 1;
    if (ev.type != YAML_STREAM_END_EVENT)
        rc = fail_mark(&c, &ev.start_mark,
                       _("a second YAML document: only one YAML document is allowed"));
done:
    if (have_ev)
        yaml_event_delete(&ev);
    yaml_parser_delete(&p);
    if (rc != VG_OK) {
        vg_ydoc_free(c.d);
        return rc;
    }
    *out = c.d;
    return VG_OK;
}

/* ---- lookups ---- */

const vg_ynode *vg_ymap_get(const vg_ynode *m, const char *key)
{
    size_t kl;
    if (!m || m->kind != VG_Y_MAP)
        return NULL;
    kl = strlen(key);
    for (size_t i = 0; i + 1 < m->n; i += 2)
        if (m->kids[i]->len == kl && !memcmp(m->kids[i]->s, key, kl))
            return m->kids[i + 1];
    return NULL;
}

const char *vg_ykind_name(const vg_ynode *n)
{
    return n->kind == VG_Y_SCALAR ? _("a value")
           : n->kind == VG_Y_SEQ  ? _("a list")
                                  : _("a mapping");
}

/* YAML 1.1 integers and floats (https://yaml.org/type/int.html, float.html),
 * compiled once. */
static regex_t re_int, re_float;
static int re_ready;
static pthread_once_t re_once = PTHREAD_ONCE_INIT;

static void re_compile(void)
{
    if (regcomp(
            &re_int,
            "^[-+]?(0b[01_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|[1-9][0-9_]*(:[0-5]?[0-9])+)$",
            REG_EXTENDED | REG_NOSUB) != 0)
        return;
    if (regcomp(&re_float,
                "^([-+]?([0-9][0-9_]*)?\\.[0-9.]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+"
                "\\.[0-9_]*)$",
                REG_EXTENDED | REG_NOSUB) != 0) {
        regfree(&re_int);
        return;
    }
    re_ready = 1;
}

int vg_yscalar_not_text(const vg_ynode *n)
{
    static const char *const words[] = {"~",   "null", "true", "false", "yes",   "no",    "on",
                                        "off", "y",    "n",    ".inf",  "+.inf", "-.inf", ".nan"};
    if (n->kind != VG_Y_SCALAR || n->quoted)
        return 0;
    if (n->len == 0)
        return 1;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcasecmp(n->s, words[i]))
            return 1;
    pthread_once(&re_once, re_compile);
    return re_ready &&
           (regexec(&re_int, n->s, 0, NULL, 0) == 0 || regexec(&re_float, n->s, 0, NULL, 0) == 0);
}
