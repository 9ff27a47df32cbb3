/* Self-assessment templates: the YAML loader and validator.
 *
 * The file is untrusted (an organisation transcribes its own grid, or is
 * handed one). It is read in two passes:
 *
 * 1. libyaml's event parser builds a small tree of scalars, sequences and
 *    mappings, refusing on the way what FORMAT.md §1 forbids anywhere in
 *    the file: a byte-order mark, a second document, anchors, aliases,
 *    tags, block scalars (| and >), scalars over several lines, control
 *    characters after unescaping, duplicate or non-text keys. The tree is
 *    bounded: at most VG_GRID_MAX_BYTES of input, MAX_DEPTH levels of
 *    nesting and MAX_KIDS entries per mapping or sequence.
 * 2. The tree is checked against the schema (FORMAT.md §2-5) in a fixed
 *    order, `format` first so that a later revision of the format is named
 *    as such, and copied into a vg_grid.
 *
 * The first problem stops the load with "SOURCE:LINE:COL: PATH: message";
 * lines and columns are libyaml's marks plus one. */
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>
#include <vigie/error.h>
#include <vigie/grid.h>

#include "util/fileio.h"
#include "util/i18n.h"

#define MAX_DEPTH   32
#define MAX_KIDS    2000
#define MAX_DOMAINS 99
#define MAX_ITEMS   99

static const char *const level_values[VG_GRID_NLEVELS] = {"1", "2", "3", "4", "5", "na", "unknown"};

/* ---- levels ---------------------------------------------------------- */

int vg_level_parse(int *out, const char *text)
{
    static const struct {
        const char *word;
        int level;
    } words[] = {{"na", VG_LEVEL_NA},           {"n/a", VG_LEVEL_NA},
                 {"so", VG_LEVEL_NA},           {"unknown", VG_LEVEL_UNKNOWN},
                 {"inconnu", VG_LEVEL_UNKNOWN}, {"?", VG_LEVEL_UNKNOWN}};
    if (text && text[0] >= '1' && text[0] <= '5' && text[1] == '\0') {
        *out = text[0] - '0';
        return VG_OK;
    }
    for (size_t i = 0; text && i < sizeof words / sizeof words[0]; i++)
        if (!strcasecmp(text, words[i].word)) {
            *out = words[i].level;
            return VG_OK;
        }
    return vg_error_set(VG_EINVALID,
                        _("\"%s\" is not a level: 1 to 5, na (not applicable) or unknown"),
                        text ? text : "");
}

const char *vg_level_code(int level)
{
    if (level >= VG_LEVEL_MIN && level <= VG_LEVEL_MAX)
        return level_values[level - 1];
    if (level == VG_LEVEL_NA)
        return "na";
    if (level == VG_LEVEL_UNKNOWN)
        return "unknown";
    return NULL;
}

/* ---- the tree ------------------------------------------------------ */

typedef enum { YN_SCALAR, YN_SEQ, YN_MAP } yn_kind;

typedef struct yn {
    yn_kind kind;
    char *value; /* scalar, NUL-terminated (control characters were refused) */
    size_t len;
    yaml_scalar_style_t style;
    yaml_mark_t mark;
    struct yn **kids; /* sequence entries, or mapping key, value, key, value... */
    size_t n, cap;
} yn;

typedef struct {
    const char *src;
    const unsigned char *buf;
    size_t len;
    regex_t re_int, re_float;
    int re_ready;
    vg_grid *g;
} ctx;

static void yn_free(yn *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++)
        yn_free(n->kids[i]);
    free(n->kids);
    free(n->value);
    free(n);
}

/* "SOURCE:LINE:COL: PATH: message" into a buffer. */
static void vformat(char *buf, size_t cap, const ctx *c, const yaml_mark_t *m, const char *path,
                    const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
static void vformat(char *buf, size_t cap, const ctx *c, const yaml_mark_t *m, const char *path,
                    const char *fmt, va_list ap)
{
    size_t n;
    if (m)
        n = (size_t)snprintf(buf, cap, "%s:%zu:%zu: ", c->src, m->line + 1, m->column + 1);
    else
        n = (size_t)snprintf(buf, cap, "%s: ", c->src);
    if (path && *path && n < cap)
        n += (size_t)snprintf(buf + n, cap - n, "%s: ", path);
    if (n < cap)
        vsnprintf(buf + n, cap - n, fmt, ap);
}

static int fail(const ctx *c, const yaml_mark_t *m, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(const ctx *c, const yaml_mark_t *m, const char *path, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vformat(buf, sizeof buf, c, m, path, fmt, ap);
    va_end(ap);
    return vg_error_set(VG_EINVALID, "%s", buf);
}

static void warn(ctx *c, const yaml_mark_t *m, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn(ctx *c, const yaml_mark_t *m, const char *path, const char *fmt, ...)
{
    char buf[1024], **w;
    va_list ap;
    va_start(ap, fmt);
    vformat(buf, sizeof buf, c, m, path, fmt, ap);
    va_end(ap);
    w = realloc(c->g->warnings, sizeof *w * (c->g->nwarnings + 1));
    if (!w)
        return;
    c->g->warnings = w;
    if ((w[c->g->nwarnings] = strdup(buf)) != NULL)
        c->g->nwarnings++;
}

static int add_kid(yn *parent, yn *kid)
{
    if (parent->n == parent->cap) {
        size_t cap = parent->cap ? parent->cap * 2 : 8;
        yn **k = realloc(parent->kids, sizeof *k * cap);
        if (!k)
            return vg_error_oom();
        parent->kids = k;
        parent->cap = cap;
    }
    parent->kids[parent->n++] = kid;
    return VG_OK;
}

static int next_event(const ctx *c, yaml_parser_t *p, yaml_event_t *ev)
{
    if (yaml_parser_parse(p, ev))
        return VG_OK;
    if (p->error == YAML_MEMORY_ERROR)
        return vg_error_oom();
    if (p->error == YAML_READER_ERROR) {
        /* Reader errors (bad UTF-8, a control character) carry an offset,
         * not a mark: count the lines up to it. */
        yaml_mark_t m = {p->problem_offset, 0, 0};
        for (size_t i = 0; i < p->problem_offset && i < c->len; i++) {
            if (c->buf[i] == '\n') {
                m.line++;
                m.column = 0;
            } else if ((c->buf[i] & 0xc0) != 0x80) {
                m.column++;
            }
        }
        return fail(c, &m, NULL, _("not valid UTF-8 text, or a control character: %s"),
                    p->problem ? p->problem : "?");
    }
    if (p->context)
        return fail(c, &p->problem_mark, NULL, _("YAML syntax error: %s (%s)"),
                    p->problem ? p->problem : "?", p->context);
    return fail(c, &p->problem_mark, NULL, _("YAML syntax error: %s"),
                p->problem ? p->problem : "?");
}

/* Rules that hold for every node, whatever its place in the file. */
static int node_rules(const ctx *c, const yaml_event_t *ev)
{
    const yaml_mark_t *m = &ev->start_mark;
    const yaml_char_t *anchor = NULL, *tag = NULL;
    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        return fail(c, m, NULL, "%s", _("aliases (*name) are not allowed"));
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
        return fail(c, m, NULL, "%s", _("unexpected YAML structure"));
    }
    if (anchor)
        return fail(c, m, NULL, "%s", _("anchors (&name) are not allowed"));
    if (tag)
        return fail(c, m, NULL, "%s", _("tags (!name) are not allowed"));
    if (ev->type == YAML_SCALAR_EVENT) {
        const unsigned char *v = ev->data.scalar.value;
        if (ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
            ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE)
            return fail(c, m, NULL, "%s",
                        _("block scalars (| and >) are not allowed: write the text on one line"));
        if (ev->start_mark.line != ev->end_mark.line)
            return fail(c, m, NULL, "%s", _("a value must fit on one line"));
        for (size_t i = 0; i < ev->data.scalar.length; i++)
            if (v[i] < 0x20 || v[i] == 0x7f)
                return fail(c, m, NULL, "%s",
                            _("a value holds a control character (such as \\n or \\t)"));
    }
    return VG_OK;
}

static int build(const ctx *c, yaml_parser_t *p, yaml_event_t *ev, int depth, yn **out);

/* Read the entries of a sequence or mapping whose start event was seen. */
static int build_kids(const ctx *c, yaml_parser_t *p, yn *node, int depth)
{
    yaml_event_type_t end = node->kind == YN_SEQ ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT;
    for (;;) {
        yaml_event_t ev;
        yn *kid = NULL;
        int rc = next_event(c, p, &ev);
        if (rc != VG_OK)
            return rc;
        if (ev.type == end) {
            yaml_event_delete(&ev);
            break;
        }
        if (node->n >= (node->kind == YN_MAP ? 2 * MAX_KIDS : MAX_KIDS)) {
            rc = fail(c, &ev.start_mark, NULL, _("more than %d entries in one list or mapping"),
                      MAX_KIDS);
            yaml_event_delete(&ev);
            return rc;
        }
        rc = build(c, p, &ev, depth + 1, &kid);
        yaml_event_delete(&ev);
        if (rc == VG_OK)
            rc = add_kid(node, kid);
        if (rc != VG_OK) {
            yn_free(kid);
            return rc;
        }
        /* A mapping key: text, and not seen before in this mapping. */
        if (node->kind == YN_MAP && node->n % 2 == 1) {
            if (kid->kind != YN_SCALAR)
                return fail(c, &kid->mark, NULL, "%s", _("a key must be plain text"));
            for (size_t i = 0; i + 1 < node->n; i += 2)
                if (node->kids[i]->len == kid->len &&
                    !memcmp(node->kids[i]->value, kid->value, kid->len))
                    return fail(c, &kid->mark, NULL,
                                _("key \"%s\" appears twice (first on line %zu)"), kid->value,
                                node->kids[i]->mark.line + 1);
        }
    }
    return VG_OK;
}

static int build(const ctx *c, yaml_parser_t *p, yaml_event_t *ev, int depth, yn **out)
{
    yn *node = NULL;
    int rc;
    *out = NULL;
    if ((rc = node_rules(c, ev)) != VG_OK)
        return rc;
    if (depth > MAX_DEPTH)
        return fail(c, &ev->start_mark, NULL, _("nested more than %d levels deep"), MAX_DEPTH);
    if (!(node = calloc(1, sizeof *node)))
        return vg_error_oom();
    node->mark = ev->start_mark;
    if (ev->type == YAML_SCALAR_EVENT) {
        node->kind = YN_SCALAR;
        node->len = ev->data.scalar.length;
        node->style = ev->data.scalar.style;
        node->value = malloc(node->len + 1);
        if (!node->value) {
            rc = vg_error_oom();
            goto done;
        }
        memcpy(node->value, ev->data.scalar.value, node->len);
        node->value[node->len] = '\0';
    } else {
        node->kind = ev->type == YAML_SEQUENCE_START_EVENT ? YN_SEQ : YN_MAP;
        rc = build_kids(c, p, node, depth);
    }
done:
    if (rc != VG_OK)
        yn_free(node);
    else
        *out = node;
    return rc;
}

/* The whole stream: exactly one document whose root is returned. */
static int build_doc(const ctx *c, const unsigned char *buf, size_t len, yn **root)
{
    yaml_parser_t p;
    yaml_event_t ev;
    int rc, have_ev = 0;
    static const yaml_mark_t first = {0, 0, 0};

    *root = NULL;
    if (len >= 3 && buf[0] == 0xef && buf[1] == 0xbb && buf[2] == 0xbf)
        return fail(c, &first, NULL, "%s",
                    _("the file starts with a byte-order mark: save it as UTF-8 without BOM"));
    if (!yaml_parser_initialize(&p))
        return vg_error_oom();
    yaml_parser_set_input_string(&p, buf, len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    if ((rc = next_event(c, &p, &ev)) != VG_OK) /* stream start */
        goto done;
    yaml_event_delete(&ev);
    if ((rc = next_event(c, &p, &ev)) != VG_OK)
        goto done;
    have_ev = 1;
    if (ev.type != YAML_DOCUMENT_START_EVENT) {
        rc = fail(c, &first, NULL, "%s", _("the file is empty"));
        goto done;
    }
    yaml_event_delete(&ev);
    have_ev = 0;
    if ((rc = next_event(c, &p, &ev)) != VG_OK)
        goto done;
    have_ev = 1;
    if ((rc = build(c, &p, &ev, 0, root)) != VG_OK)
        goto done;
    yaml_event_delete(&ev);
    have_ev = 0;
    if ((rc = next_event(c, &p, &ev)) != VG_OK) /* document end */
        goto done;
    yaml_event_delete(&ev);
    if ((rc = next_event(c, &p, &ev)) != VG_OK)
        goto done;
    have_ev = 1;
    if (ev.type != YAML_STREAM_END_EVENT)
        rc = fail(c, &ev.start_mark, NULL, "%s",
                  _("a second YAML document: a grid is one document"));
done:
    if (have_ev)
        yaml_event_delete(&ev);
    yaml_parser_delete(&p);
    if (rc != VG_OK) {
        yn_free(*root);
        *root = NULL;
    }
    return rc;
}

/* ---- schema checks ------------------------------------------------- */

static const char *kind_name(const yn *n)
{
    return n->kind == YN_SCALAR ? _("a value") : n->kind == YN_SEQ ? _("a list") : _("a mapping");
}

/* A plain scalar that YAML 1.1 would read as null, a boolean or a number. */
static int resolves_to_non_string(const ctx *c, const yn *n)
{
    static const char *const words[] = {"~",  "null", "true", "false", "yes",
                                        "no", "on",   "off",  "y",     "n"};
    static const char *const special[] = {".inf", "+.inf", "-.inf", ".nan"};
    if (n->style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    if (n->len == 0)
        return 1;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcasecmp(n->value, words[i]))
            return 1;
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
        if (!strcasecmp(n->value, special[i]))
            return 1;
    return c->re_ready && (regexec(&c->re_int, n->value, 0, NULL, 0) == 0 ||
                           regexec(&c->re_float, n->value, 0, NULL, 0) == 0);
}

static int check_map(const ctx *c, const yn *n, const char *path)
{
    if (n->kind != YN_MAP)
        return fail(c, &n->mark, path, _("expected a mapping (key: value), found %s"),
                    kind_name(n));
    return VG_OK;
}

/* The value of `key` in mapping `m`, or NULL. */
static const yn *get(const yn *m, const char *key)
{
    for (size_t i = 0; i + 1 < m->n; i += 2)
        if (!strcmp(m->kids[i]->value, key))
            return m->kids[i + 1];
    return NULL;
}

static int require(const ctx *c, const yn *m, const char *path, const char *key, const yn **out)
{
    *out = get(m, key);
    if (!*out)
        return fail(c, &m->mark, path, _("missing key \"%s\""), key);
    return VG_OK;
}

/* Every key of `m` is in `allowed` (NULL-terminated) or starts with "x-". */
static int known_keys(const ctx *c, const yn *m, const char *path, const char *const *allowed)
{
    for (size_t i = 0; i + 1 < m->n; i += 2) {
        const yn *k = m->kids[i];
        int ok = !strncmp(k->value, "x-", 2);
        for (const char *const *a = allowed; !ok && *a; a++)
            ok = !strcmp(k->value, *a);
        if (!ok) {
            if (!strcmp(k->value, "<<"))
                return fail(c, &k->mark, path, "%s", _("merge keys (<<) are not allowed"));
            return fail(c, &k->mark, path, _("unknown key \"%s\" (local extensions start with x-)"),
                        k->value);
        }
    }
    return VG_OK;
}

static void subpath(char *out, size_t cap, const char *path, const char *key)
{
    snprintf(out, cap, "%s%s%s", path, *path ? "." : "", key);
}

/* A string (FORMAT.md §1) of at most `max` bytes, copied to *out. */
static int want_string(const ctx *c, const yn *n, const char *path, size_t max, int quoted,
                       char **out)
{
    *out = NULL;
    if (n->kind != YN_SCALAR)
        return fail(c, &n->mark, path, _("expected text, found %s"), kind_name(n));
    if (quoted && n->style != YAML_SINGLE_QUOTED_SCALAR_STYLE &&
        n->style != YAML_DOUBLE_QUOTED_SCALAR_STYLE)
        return fail(c, &n->mark, path, _("must be quoted: \"%s\""), n->value);
    if (n->len == 0 && n->style == YAML_PLAIN_SCALAR_STYLE)
        return fail(c, &n->mark, path, "%s", _("has no value"));
    if (resolves_to_non_string(c, n))
        return fail(c, &n->mark, path,
                    _("\"%s\" would be read as a number, a boolean or null: put it in quotes"),
                    n->value);
    if (n->len == 0)
        return fail(c, &n->mark, path, "%s", _("must not be empty"));
    if (n->value[0] == ' ' || n->value[n->len - 1] == ' ')
        return fail(c, &n->mark, path, "%s", _("must not start or end with a space"));
    if (n->len > max)
        return fail(c, &n->mark, path, _("too long (%zu bytes, at most %zu)"), n->len, max);
    if (!(*out = strdup(n->value)))
        return vg_error_oom();
    return VG_OK;
}

static int get_string(const ctx *c, const yn *m, const char *path, const char *key, size_t max,
                      int quoted, int required, char **out)
{
    char p[128];
    const yn *v = get(m, key);
    *out = NULL;
    if (!v)
        return required ? fail(c, &m->mark, path, _("missing key \"%s\""), key) : VG_OK;
    subpath(p, sizeof p, path, key);
    return want_string(c, v, p, max, quoted, out);
}

static int want_strseq(ctx *c, const yn *n, const char *path, size_t max, char ***out,
                       size_t *count, int warn_repeats)
{
    char p[160];
    *out = NULL;
    *count = 0;
    if (n->kind != YN_SEQ)
        return fail(c, &n->mark, path, _("expected a list, found %s"), kind_name(n));
    if (n->n < 1 || n->n > 10)
        return fail(c, &n->mark, path, _("expected 1 to 10 entries, found %zu"), n->n);
    if (!(*out = calloc(n->n, sizeof **out)))
        return vg_error_oom();
    for (size_t i = 0; i < n->n; i++) {
        int rc;
        snprintf(p, sizeof p, "%s[%zu]", path, i);
        if ((rc = want_string(c, n->kids[i], p, max, 0, &(*out)[i])) != VG_OK)
            return rc;
        *count = i + 1;
        for (size_t j = 0; warn_repeats && j < i; j++)
            if (!strcmp((*out)[j], (*out)[i]))
                warn(c, &n->kids[i]->mark, p, _("\"%s\" is already listed"), (*out)[i]);
    }
    return VG_OK;
}

static int match(const char *text, const char *pattern)
{
    regex_t re;
    int ok;
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
        return 0;
    ok = regexec(&re, text, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

static int check_levels(ctx *c, const yn *n)
{
    static const char *const keys[] = {"value", "label", "description", NULL};
    vg_grid *g = c->g;
    char path[64];
    int rc;
    if (n->kind != YN_SEQ)
        return fail(c, &n->mark, "levels", _("expected a list, found %s"), kind_name(n));
    for (size_t i = 0; i < n->n; i++) {
        const yn *e = n->kids[i], *v;
        snprintf(path, sizeof path, "levels[%zu]", i);
        if (i >= VG_GRID_NLEVELS)
            return fail(c, &e->mark, path, "%s",
                        _("one level too many: the scale has exactly seven (\"1\" to \"5\", "
                          "\"na\", \"unknown\")"));
        if ((rc = check_map(c, e, path)) != VG_OK || (rc = known_keys(c, e, path, keys)) != VG_OK ||
            (rc = require(c, e, path, "value", &v)) != VG_OK)
            return rc;
        snprintf(path, sizeof path, "levels[%zu].value", i);
        if (v->kind != YN_SCALAR || strcmp(v->value, level_values[i]) != 0)
            return fail(c, &v->mark, path,
                        _("expected \"%s\", found \"%s\" (the seven levels are fixed, in order)"),
                        level_values[i], v->kind == YN_SCALAR ? v->value : kind_name(v));
        snprintf(path, sizeof path, "levels[%zu]", i);
        if ((rc = get_string(c, e, path, "value", 16, 1, 1, &g->levels[i].value)) != VG_OK ||
            (rc = get_string(c, e, path, "label", 64, 0, 1, &g->levels[i].label)) != VG_OK ||
            (rc = get_string(c, e, path, "description", 500, 0, 1, &g->levels[i].description)) !=
                VG_OK)
            return rc;
    }
    if (n->n < VG_GRID_NLEVELS)
        return fail(c, &n->mark, "levels", _("expected 7 levels, found %zu (\"%s\" is missing)"),
                    n->n, level_values[n->n]);
    return VG_OK;
}

static int check_item(ctx *c, const yn *n, size_t d, size_t j, const char *dpath)
{
    static const char *const keys[] = {"id", "text", "guidance", "evidence", "references", NULL};
    vg_grid *g = c->g;
    vg_grid_item *it = &g->items[g->nitems];
    char path[96], want[40];
    const yn *v;
    int rc;
    snprintf(path, sizeof path, "%s.items[%zu]", dpath, j);
    if ((rc = check_map(c, n, path)) != VG_OK || (rc = known_keys(c, n, path, keys)) != VG_OK ||
        (rc = get_string(c, n, path, "id", 16, 0, 1, &it->id)) != VG_OK)
        return rc;
    g->nitems++;
    it->domain = d;
    v = get(n, "id");
    it->line = (int)v->mark.line + 1;
    snprintf(want, sizeof want, "%s.%zu", g->domains[d].id, j + 1);
    if (strcmp(it->id, want) != 0) {
        char p[112];
        snprintf(p, sizeof p, "%s.id", path);
        if (!match(it->id, "^D[1-9][0-9]?\\.[1-9][0-9]?$"))
            return fail(
                c, &v->mark, p,
                _("\"%s\" is not an item id (D<domain>.<n>, such as D1.2): expected \"%s\""),
                it->id, want);
        return fail(c, &v->mark, p, _("expected \"%s\", found \"%s\""), want, it->id);
    }
    if ((rc = get_string(c, n, path, "text", 1000, 0, 1, &it->text)) != VG_OK ||
        (rc = get_string(c, n, path, "guidance", 2000, 0, 0, &it->guidance)) != VG_OK)
        return rc;
    if ((v = get(n, "evidence")) != NULL) {
        char p[112];
        snprintf(p, sizeof p, "%s.evidence", path);
        if ((rc = want_strseq(c, v, p, 300, &it->evidence, &it->nevidence, 0)) != VG_OK)
            return rc;
    }
    if ((v = get(n, "references")) != NULL) {
        char p[112];
        snprintf(p, sizeof p, "%s.references", path);
        if ((rc = want_strseq(c, v, p, 200, &it->references, &it->nreferences, 1)) != VG_OK)
            return rc;
    }
    return VG_OK;
}

static int check_domains(ctx *c, const yn *n)
{
    static const char *const keys[] = {"id", "title", "items", NULL};
    vg_grid *g = c->g;
    size_t total = 0;
    int rc;
    if (n->kind != YN_SEQ)
        return fail(c, &n->mark, "domains", _("expected a list, found %s"), kind_name(n));
    if (n->n < 1)
        return fail(c, &n->mark, "domains", "%s", _("at least one domain is needed"));
    if (n->n > MAX_DOMAINS)
        return fail(c, &n->mark, "domains", _("at most %d domains"), MAX_DOMAINS);
    /* Count items first so that the arrays are allocated once. */
    for (size_t i = 0; i < n->n; i++) {
        const yn *items = n->kids[i]->kind == YN_MAP ? get(n->kids[i], "items") : NULL;
        if (items && items->kind == YN_SEQ)
            total += items->n;
    }
    g->domains = calloc(n->n, sizeof *g->domains);
    g->items = calloc(total ? total : 1, sizeof *g->items);
    if (!g->domains || !g->items)
        return vg_error_oom();
    for (size_t i = 0; i < n->n; i++) {
        const yn *e = n->kids[i], *v, *items;
        vg_grid_domain *dom = &g->domains[i];
        char path[32], want[24];
        snprintf(path, sizeof path, "domains[%zu]", i);
        if ((rc = check_map(c, e, path)) != VG_OK || (rc = known_keys(c, e, path, keys)) != VG_OK ||
            (rc = get_string(c, e, path, "id", 8, 0, 1, &dom->id)) != VG_OK)
            return rc;
        g->ndomains++;
        v = get(e, "id");
        dom->line = (int)v->mark.line + 1;
        snprintf(want, sizeof want, "D%zu", i + 1);
        if (strcmp(dom->id, want) != 0) {
            char p[40];
            snprintf(p, sizeof p, "%s.id", path);
            if (!match(dom->id, "^D[1-9][0-9]?$"))
                return fail(c, &v->mark, p,
                            _("\"%s\" is not a domain id (D1, D2...): expected \"%s\""), dom->id,
                            want);
            return fail(c, &v->mark, p, _("expected \"%s\", found \"%s\""), want, dom->id);
        }
        if ((rc = get_string(c, e, path, "title", 200, 0, 1, &dom->title)) != VG_OK ||
            (rc = require(c, e, path, "items", &items)) != VG_OK)
            return rc;
        {
            char p[40];
            snprintf(p, sizeof p, "%s.items", path);
            if (items->kind != YN_SEQ)
                return fail(c, &items->mark, p, _("expected a list, found %s"), kind_name(items));
            if (items->n < 1)
                return fail(c, &items->mark, p, "%s", _("a domain needs at least one item"));
            if (items->n > MAX_ITEMS)
                return fail(c, &items->mark, p, _("at most %d items in a domain"), MAX_ITEMS);
        }
        dom->first_item = g->nitems;
        for (size_t j = 0; j < items->n; j++)
            if ((rc = check_item(c, items->kids[j], i, j, path)) != VG_OK)
                return rc;
        dom->nitems = items->n;
    }
    return VG_OK;
}

static int check_root(ctx *c, const yn *root)
{
    static const char *const keys[] = {"format", "id",     "version",   "lang",    "title",
                                       "notice", "levels", "threshold", "domains", NULL};
    vg_grid *g = c->g;
    const yn *v;
    char *format = NULL;
    int rc;

    if (root->kind != YN_MAP)
        return fail(c, &root->mark, NULL, _("the file must be a mapping (key: value), found %s"),
                    kind_name(root));
    if ((rc = require(c, root, "", "format", &v)) != VG_OK)
        return rc;
    if (v->kind != YN_SCALAR || strcmp(v->value, VG_GRID_FORMAT) != 0)
        return fail(c, &v->mark, "format", _("unsupported format \"%s\" (this Vigie reads %s)"),
                    v->kind == YN_SCALAR ? v->value : kind_name(v), VG_GRID_FORMAT);
    if ((rc = known_keys(c, root, "", keys)) != VG_OK ||
        (rc = get_string(c, root, "", "format", 64, 0, 1, &format)) != VG_OK)
        goto done;
    if ((rc = get_string(c, root, "", "id", 64, 0, 1, &g->id)) != VG_OK)
        goto done;
    if (!match(g->id, "^[a-z0-9][a-z0-9-]*$")) {
        rc = fail(c, &get(root, "id")->mark, "id",
                  _("\"%s\": use lowercase letters, digits and dashes (such as mon-organisme)"),
                  g->id);
        goto done;
    }
    if ((rc = get_string(c, root, "", "version", 32, 1, 1, &g->version)) != VG_OK)
        goto done;
    if (!match(g->version, "^[0-9A-Za-z][0-9A-Za-z.+-]*$")) {
        rc = fail(c, &get(root, "version")->mark, "version",
                  _("\"%s\": use letters, digits, dots, dashes or plus signs (such as \"2026.1\")"),
                  g->version);
        goto done;
    }
    if ((rc = get_string(c, root, "", "lang", 8, 0, 1, &g->lang)) != VG_OK)
        goto done;
    if (strcmp(g->lang, "fr") != 0 && strcmp(g->lang, "en") != 0) {
        rc = fail(c, &get(root, "lang")->mark, "lang", _("\"%s\": expected fr or en"), g->lang);
        goto done;
    }
    if ((rc = get_string(c, root, "", "title", 200, 0, 1, &g->title)) != VG_OK ||
        (rc = get_string(c, root, "", "notice", 2000, 0, 0, &g->notice)) != VG_OK ||
        (rc = require(c, root, "", "levels", &v)) != VG_OK || (rc = check_levels(c, v)) != VG_OK ||
        (rc = require(c, root, "", "threshold", &v)) != VG_OK)
        goto done;
    if (v->kind != YN_SCALAR || v->style != YAML_PLAIN_SCALAR_STYLE ||
        !match(v->value, "^[0-9]{1,3}$") || atoi(v->value) < 1 || atoi(v->value) > 5) {
        rc = fail(c, &v->mark, "threshold",
                  _("expected a whole number from 1 to 5 without quotes, found %s"),
                  v->kind == YN_SCALAR ? v->value : kind_name(v));
        goto done;
    }
    g->threshold = atoi(v->value);
    if ((rc = require(c, root, "", "domains", &v)) != VG_OK)
        goto done;
    rc = check_domains(c, v);
done:
    free(format);
    return rc;
}

/* ---- public -------------------------------------------------------- */

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

void vg_grid_free(vg_grid *g)
{
    if (!g)
        return;
    free(g->source);
    free(g->id);
    free(g->version);
    free(g->lang);
    free(g->title);
    free(g->notice);
    for (size_t i = 0; i < VG_GRID_NLEVELS; i++) {
        free(g->levels[i].value);
        free(g->levels[i].label);
        free(g->levels[i].description);
    }
    for (size_t i = 0; i < g->ndomains; i++) {
        free(g->domains[i].id);
        free(g->domains[i].title);
    }
    free(g->domains);
    for (size_t i = 0; i < g->nitems; i++) {
        free(g->items[i].id);
        free(g->items[i].text);
        free(g->items[i].guidance);
        free_strv(g->items[i].evidence, g->items[i].nevidence);
        free_strv(g->items[i].references, g->items[i].nreferences);
    }
    free(g->items);
    free_strv(g->warnings, g->nwarnings);
    free(g);
}

int vg_grid_parse(vg_grid **out, const char *source, const unsigned char *buf, size_t len)
{
    ctx c;
    yn *root = NULL;
    int rc;

    *out = NULL;
    memset(&c, 0, sizeof c);
    c.src = source ? source : "template";
    c.buf = buf;
    c.len = len;
    if (len > VG_GRID_MAX_BYTES)
        return vg_error_set(VG_EINVALID, _("%s: too large (%zu bytes, at most %d)"), c.src, len,
                            VG_GRID_MAX_BYTES);
    if (!(c.g = calloc(1, sizeof *c.g)) || !(c.g->source = strdup(c.src))) {
        rc = vg_error_oom();
        goto done;
    }
    /* YAML 1.1 integers and floats (https://yaml.org/type/int.html, float.html). */
    if (regcomp(
            &c.re_int,
            "^[-+]?(0b[01_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|[1-9][0-9_]*(:[0-5]?[0-9])+)$",
            REG_EXTENDED | REG_NOSUB) != 0) {
        rc = vg_error_oom();
        goto done;
    }
    if (regcomp(&c.re_float,
                "^([-+]?([0-9][0-9_]*)?\\.[0-9.]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+"
                "\\.[0-9_]*)$",
                REG_EXTENDED | REG_NOSUB) != 0) {
        regfree(&c.re_int);
        rc = vg_error_oom();
        goto done;
    }
    c.re_ready = 1;
    if ((rc = build_doc(&c, buf, len, &root)) != VG_OK)
        goto done;
    rc = check_root(&c, root);
done:
    if (c.re_ready) {
        regfree(&c.re_int);
        regfree(&c.re_float);
    }
    yn_free(root);
    if (rc == VG_OK)
        *out = c.g;
    else
        vg_grid_free(c.g);
    return rc;
}

int vg_grid_load_text(vg_grid **out, char **text, size_t *text_len, const char *path)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    int rc;
    *out = NULL;
    if (text)
        *text = NULL;
    if (text_len)
        *text_len = 0;
    if ((rc = vg_file_read(path, VG_GRID_MAX_BYTES, &buf, &len)) != VG_OK)
        return rc;
    buf[len] = '\0'; /* vg_file_read leaves room for it */
    rc = vg_grid_parse(out, path, buf, len);
    if (rc == VG_OK && text) {
        *text = (char *)buf;
        buf = NULL;
        if (text_len)
            *text_len = len;
    }
    free(buf);
    return rc;
}

int vg_grid_load(vg_grid **out, const char *path)
{
    return vg_grid_load_text(out, NULL, NULL, path);
}

const vg_grid_item *vg_grid_find_item(const vg_grid *g, const char *id, size_t *index_out)
{
    for (size_t i = 0; g && id && i < g->nitems; i++)
        if (!strcmp(g->items[i].id, id)) {
            if (index_out)
                *index_out = i;
            return &g->items[i];
        }
    return NULL;
}

const vg_grid_level *vg_grid_level_of(const vg_grid *g, int level)
{
    if (level >= VG_LEVEL_MIN && level <= VG_LEVEL_MAX)
        return &g->levels[level - 1];
    if (level == VG_LEVEL_NA)
        return &g->levels[5];
    if (level == VG_LEVEL_UNKNOWN)
        return &g->levels[6];
    return NULL;
}

static int same_strv(char **a, size_t na, char **b, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++)
        if (strcmp(a[i], b[i]) != 0)
            return 0;
    return 1;
}

static void pair_warn(vg_grid *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pair_warn(vg_grid *b, const char *fmt, ...)
{
    char buf[512], **w;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (!(w = realloc(b->warnings, sizeof *w * (b->nwarnings + 1))))
        return;
    b->warnings = w;
    if ((w[b->nwarnings] = strdup(buf)) != NULL)
        b->nwarnings++;
}

int vg_grid_check_pair(const vg_grid *a, vg_grid *b)
{
    if (strcmp(a->id, b->id) != 0 || strcmp(a->version, b->version) != 0)
        return vg_error_set(VG_EINVALID,
                            _("%s and %s are not language versions of one grid (%s %s, %s %s)"),
                            a->source, b->source, a->id, a->version, b->id, b->version);
    if (!strcmp(a->lang, b->lang))
        return vg_error_set(VG_EINVALID, _("%s and %s are both in \"%s\""), a->source, b->source,
                            a->lang);
    if (a->threshold != b->threshold)
        return vg_error_set(VG_EINVALID, _("%s and %s: the thresholds differ (%d, %d)"), a->source,
                            b->source, a->threshold, b->threshold);
    if (a->ndomains != b->ndomains)
        return vg_error_set(VG_EINVALID, _("%s and %s: %zu domains against %zu"), a->source,
                            b->source, a->ndomains, b->ndomains);
    for (size_t d = 0; d < a->ndomains; d++) {
        const vg_grid_domain *x = &a->domains[d], *y = &b->domains[d];
        if (strcmp(x->id, y->id) != 0 || x->nitems != y->nitems)
            return vg_error_set(
                VG_EINVALID, _("%s:%d and %s:%d: domain %s has %zu items against %zu"), a->source,
                x->line, b->source, y->line, x->id, x->nitems, y->nitems);
    }
    for (size_t i = 0; i < a->nitems; i++) {
        const vg_grid_item *x = &a->items[i], *y = &b->items[i];
        if (strcmp(x->id, y->id) != 0)
            return vg_error_set(VG_EINVALID, _("%s:%d and %s:%d: item %s against %s"), a->source,
                                x->line, b->source, y->line, x->id, y->id);
        if (!same_strv(x->references, x->nreferences, y->references, y->nreferences))
            return vg_error_set(
                VG_EINVALID,
                _("%s:%d and %s:%d: item %s: the references differ (they are not translated)"),
                a->source, x->line, b->source, y->line, x->id);
        if (!x->guidance != !y->guidance)
            pair_warn(b, _("%s:%d: item %s: guidance in one language only"), b->source, y->line,
                      y->id);
        if (!x->nevidence != !y->nevidence)
            pair_warn(b, _("%s:%d: item %s: evidence in one language only"), b->source, y->line,
                      y->id);
    }
    if (!a->notice != !b->notice)
        pair_warn(b, _("%s: notice in one language only"), b->source);
    return VG_OK;
}
