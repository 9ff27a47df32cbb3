/* Self-assessment templates: the YAML loader and validator.
 *
 * The file is untrusted (an organisation transcribes its own grid, or is
 * handed one). It is read in two passes:
 *
 * 1. Vigie's one YAML reader (util/yaml.c) builds a small tree of scalars,
 *    sequences and mappings, refusing on the way what FORMAT.md §1 forbids
 *    anywhere in the file: a byte-order mark, a second document, anchors,
 *    aliases, tags, block scalars (| and >), scalars over several lines,
 *    control characters after unescaping, duplicate or non-text keys. The
 *    tree is bounded: at most VG_GRID_MAX_BYTES of input, MAX_DEPTH levels
 *    of nesting and MAX_KIDS entries per mapping or sequence.
 * 2. The tree is checked against the schema (FORMAT.md §2-5) in a fixed
 *    order, `format` first so that a later revision of the format is named
 *    as such, and copied into a vg_grid.
 *
 * The first problem stops the load with "SOURCE:LINE:COL: PATH: message";
 * lines and columns count from one. */
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <vigie/error.h>
#include <vigie/grid.h>

#include "util/fileio.h"
#include "util/i18n.h"
#include "util/yaml.h"

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

/* ---- the tree (util/yaml.c) and messages --------------------------- */

typedef struct {
    const char *src;
    vg_grid *g;
} ctx;

static int fail(const ctx *c, const vg_ynode *at, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(const ctx *c, const vg_ynode *at, const char *path, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return vg_yfail(c->src, at, path, "%s", msg);
}

static void warn(ctx *c, const vg_ynode *at, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn(ctx *c, const vg_ynode *at, const char *path, const char *fmt, ...)
{
    char msg[900], buf[1024], **w;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    vg_yformat(buf, sizeof buf, c->src, at, path, "%s", msg);
    w = realloc(c->g->warnings, sizeof *w * (c->g->nwarnings + 1));
    if (!w)
        return;
    c->g->warnings = w;
    if ((w[c->g->nwarnings] = strdup(buf)) != NULL)
        c->g->nwarnings++;
}

/* ---- schema checks ------------------------------------------------- */

static int check_map(const ctx *c, const vg_ynode *n, const char *path)
{
    if (n->kind != VG_Y_MAP)
        return fail(c, n, path, _("expected a mapping (key: value), found %s"), vg_ykind_name(n));
    return VG_OK;
}

/* The value of `key` in mapping `m`, or NULL. */
static const vg_ynode *get(const vg_ynode *m, const char *key)
{
    return vg_ymap_get(m, key);
}

static int require(const ctx *c, const vg_ynode *m, const char *path, const char *key,
                   const vg_ynode **out)
{
    *out = get(m, key);
    if (!*out)
        return fail(c, m, path, _("missing key \"%s\""), key);
    return VG_OK;
}

/* Every key of `m` is in `allowed` (NULL-terminated) or starts with "x-". */
static int known_keys(const ctx *c, const vg_ynode *m, const char *path, const char *const *allowed)
{
    for (size_t i = 0; i + 1 < m->n; i += 2) {
        const vg_ynode *k = m->kids[i];
        int ok = !strncmp(k->s, "x-", 2);
        for (const char *const *a = allowed; !ok && *a; a++)
            ok = !strcmp(k->s, *a);
        if (!ok) {
            if (!strcmp(k->s, "<<"))
                return fail(c, k, path, "%s", _("merge keys (<<) are not allowed"));
            return fail(c, k, path, _("unknown key \"%s\" (local extensions start with x-)"), k->s);
        }
    }
    return VG_OK;
}

static void subpath(char *out, size_t cap, const char *path, const char *key)
{
    snprintf(out, cap, "%s%s%s", path, *path ? "." : "", key);
}

/* A string (FORMAT.md §1) of at most `max` bytes, copied to *out. */
static int want_string(const ctx *c, const vg_ynode *n, const char *path, size_t max, int quoted,
                       char **out)
{
    *out = NULL;
    if (n->kind != VG_Y_SCALAR)
        return fail(c, n, path, _("expected text, found %s"), vg_ykind_name(n));
    if (quoted && !n->quoted)
        return fail(c, n, path, _("must be quoted: \"%s\""), n->s);
    if (n->len == 0 && !n->quoted)
        return fail(c, n, path, "%s", _("has no value"));
    if (vg_yscalar_not_text(n))
        return fail(c, n, path,
                    _("\"%s\" would be read as a number, a boolean or null: put it in quotes"),
                    n->s);
    if (n->len == 0)
        return fail(c, n, path, "%s", _("must not be empty"));
    if (n->s[0] == ' ' || n->s[n->len - 1] == ' ')
        return fail(c, n, path, "%s", _("must not start or end with a space"));
    if (n->len > max)
        return fail(c, n, path, _("too long (%zu bytes, at most %zu)"), n->len, max);
    if (!(*out = strdup(n->s)))
        return vg_error_oom();
    return VG_OK;
}

static int get_string(const ctx *c, const vg_ynode *m, const char *path, const char *key,
                      size_t max, int quoted, int required, char **out)
{
    char p[128];
    const vg_ynode *v = get(m, key);
    *out = NULL;
    if (!v)
        return required ? fail(c, m, path, _("missing key \"%s\""), key) : VG_OK;
    subpath(p, sizeof p, path, key);
    return want_string(c, v, p, max, quoted, out);
}

static int want_strseq(ctx *c, const vg_ynode *n, const char *path, size_t max, char ***out,
                       size_t *count, int warn_repeats)
{
    char p[160];
    *out = NULL;
    *count = 0;
    if (n->kind != VG_Y_SEQ)
        return fail(c, n, path, _("expected a list, found %s"), vg_ykind_name(n));
    if (n->n < 1 || n->n > 10)
        return fail(c, n, path, _("expected 1 to 10 entries, found %zu"), n->n);
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
                warn(c, n->kids[i], p, _("\"%s\" is already listed"), (*out)[i]);
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

static int check_levels(ctx *c, const vg_ynode *n)
{
    static const char *const keys[] = {"value", "label", "description", NULL};
    vg_grid *g = c->g;
    char path[64];
    int rc;
    if (n->kind != VG_Y_SEQ)
        return fail(c, n, "levels", _("expected a list, found %s"), vg_ykind_name(n));
    for (size_t i = 0; i < n->n; i++) {
        const vg_ynode *e = n->kids[i], *v;
        snprintf(path, sizeof path, "levels[%zu]", i);
        if (i >= VG_GRID_NLEVELS)
            return fail(c, e, path, "%s",
                        _("one level too many: the scale has exactly seven (\"1\" to \"5\", "
                          "\"na\", \"unknown\")"));
        if ((rc = check_map(c, e, path)) != VG_OK || (rc = known_keys(c, e, path, keys)) != VG_OK ||
            (rc = require(c, e, path, "value", &v)) != VG_OK)
            return rc;
        snprintf(path, sizeof path, "levels[%zu].value", i);
        if (v->kind != VG_Y_SCALAR || strcmp(v->s, level_values[i]) != 0)
            return fail(c, v, path,
                        _("expected \"%s\", found \"%s\" (the seven levels are fixed, in order)"),
                        level_values[i], v->kind == VG_Y_SCALAR ? v->s : vg_ykind_name(v));
        snprintf(path, sizeof path, "levels[%zu]", i);
        if ((rc = get_string(c, e, path, "value", 16, 1, 1, &g->levels[i].value)) != VG_OK ||
            (rc = get_string(c, e, path, "label", 64, 0, 1, &g->levels[i].label)) != VG_OK ||
            (rc = get_string(c, e, path, "description", 500, 0, 1, &g->levels[i].description)) !=
                VG_OK)
            return rc;
    }
    if (n->n < VG_GRID_NLEVELS)
        return fail(c, n, "levels", _("expected 7 levels, found %zu (\"%s\" is missing)"), n->n,
                    level_values[n->n]);
    return VG_OK;
}

/* A key that only format 2 knows, in a format-1 file: name the format. */
static int format2_only(const ctx *c, const vg_ynode *m, const char *path, const char *key)
{
    const vg_ynode *v;
    if (c->g->format >= 2)
        return VG_OK;
    for (size_t i = 0; i + 1 < m->n; i += 2)
        if (!strcmp(m->kids[i]->s, key)) {
            v = m->kids[i];
            return fail(c, v, path, _("key \"%s\" needs format: %s"), key, VG_GRID_FORMAT);
        }
    return VG_OK;
}

/* descriptors: a mapping with exactly the keys "1" to "5", in any order,
 * each a one-line string of at most 500 bytes. */
static int check_descriptors(const ctx *c, const vg_ynode *n, const char *path, vg_grid_item *it)
{
    char p[160];
    if (n->kind != VG_Y_MAP)
        return fail(c, n, path, _("expected a mapping (\"1\": ... to \"5\": ...), found %s"),
                    vg_ykind_name(n));
    for (size_t i = 0; i + 1 < n->n; i += 2) {
        const vg_ynode *k = n->kids[i];
        int level = k->len == 1 && k->s[0] >= '1' && k->s[0] <= '5' ? k->s[0] - '0' : 0;
        int rc;
        if (!level)
            return fail(c, k, path,
                        _("unknown key \"%s\": the levels described are \"1\" to \"5\""), k->s);
        snprintf(p, sizeof p, "%s.%d", path, level);
        if ((rc = want_string(c, n->kids[i + 1], p, 500, 0, &it->descriptors[level - 1])) != VG_OK)
            return rc;
    }
    for (int l = 0; l < VG_LEVEL_MAX; l++)
        if (!it->descriptors[l])
            return fail(c, n, path,
                        _("level \"%d\" is not described: describe all five levels or none"),
                        l + 1);
    return VG_OK;
}

/* replaces: 0 to 20 item ids of the previous version, each once. */
static int check_replaces(const ctx *c, const vg_ynode *n, const char *path, vg_grid_item *it)
{
    char p[160];
    if (n->kind != VG_Y_SEQ)
        return fail(c, n, path, _("expected a list of item ids, found %s"), vg_ykind_name(n));
    if (n->n > 20)
        return fail(c, n, path, _("expected at most 20 entries, found %zu"), n->n);
    if (n->n && !(it->replaces = calloc(n->n, sizeof *it->replaces)))
        return vg_error_oom();
    for (size_t i = 0; i < n->n; i++) {
        int rc;
        snprintf(p, sizeof p, "%s[%zu]", path, i);
        if ((rc = want_string(c, n->kids[i], p, 16, 0, &it->replaces[i])) != VG_OK)
            return rc;
        it->nreplaces = i + 1;
        if (!match(it->replaces[i], "^D[1-9][0-9]?\\.[1-9][0-9]?$"))
            return fail(c, n->kids[i], p, _("\"%s\" is not an item id (such as D6.2)"),
                        it->replaces[i]);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(it->replaces[j], it->replaces[i]))
                return fail(c, n->kids[i], p, _("\"%s\" is already listed"), it->replaces[i]);
    }
    return VG_OK;
}

static int check_item(ctx *c, const vg_ynode *n, size_t d, size_t j, const char *dpath)
{
    static const char *const keys[] = {"id",        "text",       "guidance",
                                       "evidence",  "references", "descriptors",
                                       "essential", "replaces",   NULL};
    vg_grid *g = c->g;
    vg_grid_item *it = &g->items[g->nitems];
    char path[96], want[40];
    const vg_ynode *v;
    int rc;
    snprintf(path, sizeof path, "%s.items[%zu]", dpath, j);
    if ((rc = check_map(c, n, path)) != VG_OK || (rc = known_keys(c, n, path, keys)) != VG_OK ||
        (rc = get_string(c, n, path, "id", 16, 0, 1, &it->id)) != VG_OK)
        return rc;
    g->nitems++;
    it->domain = d;
    v = get(n, "id");
    it->line = v->line;
    snprintf(want, sizeof want, "%s.%zu", g->domains[d].id, j + 1);
    if (strcmp(it->id, want) != 0) {
        char p[112];
        snprintf(p, sizeof p, "%s.id", path);
        if (!match(it->id, "^D[1-9][0-9]?\\.[1-9][0-9]?$"))
            return fail(
                c, v, p,
                _("\"%s\" is not an item id (D<domain>.<n>, such as D1.2): expected \"%s\""),
                it->id, want);
        return fail(c, v, p, _("expected \"%s\", found \"%s\""), want, it->id);
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
    if ((rc = format2_only(c, n, path, "descriptors")) != VG_OK ||
        (rc = format2_only(c, n, path, "essential")) != VG_OK ||
        (rc = format2_only(c, n, path, "replaces")) != VG_OK)
        return rc;
    if ((v = get(n, "descriptors")) != NULL) {
        char p[112];
        snprintf(p, sizeof p, "%s.descriptors", path);
        if ((rc = check_descriptors(c, v, p, it)) != VG_OK)
            return rc;
    }
    if ((v = get(n, "essential")) != NULL) {
        char p[112];
        snprintf(p, sizeof p, "%s.essential", path);
        if (v->kind != VG_Y_SCALAR || v->quoted ||
            (strcmp(v->s, "true") != 0 && strcmp(v->s, "false") != 0))
            return fail(c, v, p, _("expected true or false without quotes, found %s"),
                        v->kind == VG_Y_SCALAR ? v->s : vg_ykind_name(v));
        it->essential = !strcmp(v->s, "true");
    }
    v = get(n, "replaces");
    if (g->previous && !v)
        return fail(c, n, path,
                    _("missing key \"replaces\": the grid revises version %s, so each item says "
                      "which of its items it continues ([] for a new item)"),
                    g->previous);
    if (v && !g->previous)
        return fail(c, v, path, "%s", _("\"replaces\" needs the grid's \"previous\" version"));
    if (v) {
        char p[112];
        snprintf(p, sizeof p, "%s.replaces", path);
        if ((rc = check_replaces(c, v, p, it)) != VG_OK)
            return rc;
    }
    return VG_OK;
}

static int check_domains(ctx *c, const vg_ynode *n)
{
    static const char *const keys[] = {"id", "title", "items", NULL};
    vg_grid *g = c->g;
    size_t total = 0;
    int rc;
    if (n->kind != VG_Y_SEQ)
        return fail(c, n, "domains", _("expected a list, found %s"), vg_ykind_name(n));
    if (n->n < 1)
        return fail(c, n, "domains", "%s", _("at least one domain is needed"));
    if (n->n > MAX_DOMAINS)
        return fail(c, n, "domains", _("at most %d domains"), MAX_DOMAINS);
    /* Count items first so that the arrays are allocated once. */
    for (size_t i = 0; i < n->n; i++) {
        const vg_ynode *items = n->kids[i]->kind == VG_Y_MAP ? get(n->kids[i], "items") : NULL;
        if (items && items->kind == VG_Y_SEQ)
            total += items->n;
    }
    g->domains = calloc(n->n, sizeof *g->domains);
    g->items = calloc(total ? total : 1, sizeof *g->items);
    if (!g->domains || !g->items)
        return vg_error_oom();
    for (size_t i = 0; i < n->n; i++) {
        const vg_ynode *e = n->kids[i], *v, *items;
        vg_grid_domain *dom = &g->domains[i];
        char path[32], want[24];
        snprintf(path, sizeof path, "domains[%zu]", i);
        if ((rc = check_map(c, e, path)) != VG_OK || (rc = known_keys(c, e, path, keys)) != VG_OK ||
            (rc = get_string(c, e, path, "id", 8, 0, 1, &dom->id)) != VG_OK)
            return rc;
        g->ndomains++;
        v = get(e, "id");
        dom->line = v->line;
        snprintf(want, sizeof want, "D%zu", i + 1);
        if (strcmp(dom->id, want) != 0) {
            char p[40];
            snprintf(p, sizeof p, "%s.id", path);
            if (!match(dom->id, "^D[1-9][0-9]?$"))
                return fail(c, v, p, _("\"%s\" is not a domain id (D1, D2...): expected \"%s\""),
                            dom->id, want);
            return fail(c, v, p, _("expected \"%s\", found \"%s\""), want, dom->id);
        }
        if ((rc = get_string(c, e, path, "title", 200, 0, 1, &dom->title)) != VG_OK ||
            (rc = require(c, e, path, "items", &items)) != VG_OK)
            return rc;
        {
            char p[40];
            snprintf(p, sizeof p, "%s.items", path);
            if (items->kind != VG_Y_SEQ)
                return fail(c, items, p, _("expected a list, found %s"), vg_ykind_name(items));
            if (items->n < 1)
                return fail(c, items, p, "%s", _("a domain needs at least one item"));
            if (items->n > MAX_ITEMS)
                return fail(c, items, p, _("at most %d items in a domain"), MAX_ITEMS);
        }
        dom->first_item = g->nitems;
        for (size_t j = 0; j < items->n; j++)
            if ((rc = check_item(c, items->kids[j], i, j, path)) != VG_OK)
                return rc;
        dom->nitems = items->n;
    }
    return VG_OK;
}

static int check_root(ctx *c, const vg_ynode *root)
{
    static const char *const keys[] = {"format",  "id",       "version", "lang",
                                       "title",   "notice",   "levels",  "threshold",
                                       "domains", "previous", NULL};
    vg_grid *g = c->g;
    const vg_ynode *v;
    char *format = NULL;
    int rc;

    if (root->kind != VG_Y_MAP)
        return fail(c, root, NULL, _("the file must be a mapping (key: value), found %s"),
                    vg_ykind_name(root));
    if ((rc = require(c, root, "", "format", &v)) != VG_OK)
        return rc;
    if (v->kind == VG_Y_SCALAR && !strcmp(v->s, VG_GRID_FORMAT_1))
        g->format = 1;
    else if (v->kind == VG_Y_SCALAR && !strcmp(v->s, VG_GRID_FORMAT))
        g->format = 2;
    else
        return fail(c, v, "format", _("unsupported format \"%s\" (this Vigie reads %s and %s)"),
                    v->kind == VG_Y_SCALAR ? v->s : vg_ykind_name(v), VG_GRID_FORMAT_1,
                    VG_GRID_FORMAT);
    if ((rc = known_keys(c, root, "", keys)) != VG_OK ||
        (rc = get_string(c, root, "", "format", 64, 0, 1, &format)) != VG_OK)
        goto done;
    if ((rc = get_string(c, root, "", "id", 64, 0, 1, &g->id)) != VG_OK)
        goto done;
    if (!match(g->id, "^[a-z0-9][a-z0-9-]*$")) {
        rc = fail(c, get(root, "id"), "id",
                  _("\"%s\": use lowercase letters, digits and dashes (such as mon-organisme)"),
                  g->id);
        goto done;
    }
    if ((rc = get_string(c, root, "", "version", 32, 1, 1, &g->version)) != VG_OK)
        goto done;
    if (!match(g->version, "^[0-9A-Za-z][0-9A-Za-z.+-]*$")) {
        rc = fail(c, get(root, "version"), "version",
                  _("\"%s\": use letters, digits, dots, dashes or plus signs (such as \"2026.1\")"),
                  g->version);
        goto done;
    }
    if ((rc = format2_only(c, root, "", "previous")) != VG_OK ||
        (rc = get_string(c, root, "", "previous", 32, 1, 0, &g->previous)) != VG_OK)
        goto done;
    if (g->previous && !match(g->previous, "^[0-9A-Za-z][0-9A-Za-z.+-]*$")) {
        rc = fail(c, get(root, "previous"), "previous",
                  _("\"%s\": use letters, digits, dots, dashes or plus signs (such as \"2026.1\")"),
                  g->previous);
        goto done;
    }
    if (g->previous && !strcmp(g->previous, g->version)) {
        rc = fail(c, get(root, "previous"), "previous", _("\"%s\" is this grid's own version"),
                  g->previous);
        goto done;
    }
    if ((rc = get_string(c, root, "", "lang", 8, 0, 1, &g->lang)) != VG_OK)
        goto done;
    if (strcmp(g->lang, "fr") != 0 && strcmp(g->lang, "en") != 0) {
        rc = fail(c, get(root, "lang"), "lang", _("\"%s\": expected fr or en"), g->lang);
        goto done;
    }
    if ((rc = get_string(c, root, "", "title", 200, 0, 1, &g->title)) != VG_OK ||
        (rc = get_string(c, root, "", "notice", 2000, 0, 0, &g->notice)) != VG_OK ||
        (rc = require(c, root, "", "levels", &v)) != VG_OK || (rc = check_levels(c, v)) != VG_OK ||
        (rc = require(c, root, "", "threshold", &v)) != VG_OK)
        goto done;
    if (v->kind != VG_Y_SCALAR || v->quoted || !match(v->s, "^[0-9]{1,3}$") || atoi(v->s) < 1 ||
        atoi(v->s) > 5) {
        rc = fail(c, v, "threshold",
                  _("expected a whole number from 1 to 5 without quotes, found %s"),
                  v->kind == VG_Y_SCALAR ? v->s : vg_ykind_name(v));
        goto done;
    }
    g->threshold = atoi(v->s);
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
        free_strv(g->items[i].replaces, g->items[i].nreplaces);
        for (int l = 0; l < VG_LEVEL_MAX; l++)
            free(g->items[i].descriptors[l]);
    }
    free(g->previous);
    free(g->items);
    free_strv(g->warnings, g->nwarnings);
    free(g);
}

int vg_grid_parse(vg_grid **out, const char *source, const unsigned char *buf, size_t len)
{
    ctx c;
    vg_ydoc *doc = NULL;
    vg_ylimits lim = {0};
    int rc;

    *out = NULL;
    memset(&c, 0, sizeof c);
    c.src = source ? source : "template";
    if (len > VG_GRID_MAX_BYTES)
        return vg_error_set(VG_EINVALID, _("%s: too large (%zu bytes, at most %d)"), c.src, len,
                            VG_GRID_MAX_BYTES);
    if (!(c.g = calloc(1, sizeof *c.g)) || !(c.g->source = strdup(c.src))) {
        rc = vg_error_oom();
        goto done;
    }
    lim.name = c.src;
    lim.max_depth = MAX_DEPTH;
    lim.max_kids = MAX_KIDS;
    if ((rc = vg_yaml_read(&doc, (const char *)buf, len, &lim, NULL)) != VG_OK)
        goto done;
    if (!vg_ydoc_root(doc))
        rc = vg_error_set(VG_EINVALID, "%s:1:1: %s", c.src, _("the file is empty"));
    else
        rc = check_root(&c, vg_ydoc_root(doc));
done:
    vg_ydoc_free(doc);
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

const char *vg_grid_item_descriptor(const vg_grid_item *it, int level)
{
    if (!it || level < VG_LEVEL_MIN || level > VG_LEVEL_MAX)
        return NULL;
    return it->descriptors[level - 1];
}

size_t vg_grid_essential_count(const vg_grid *g)
{
    size_t n = 0;
    for (size_t i = 0; g && i < g->nitems; i++)
        n += g->items[i].essential != 0;
    return n;
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

static int same_opt(const char *x, const char *y)
{
    return (!x && !y) || (x && y && !strcmp(x, y));
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
    if (a->format != b->format)
        return vg_error_set(VG_EINVALID, _("%s and %s: the formats differ"), a->source, b->source);
    if (!same_opt(a->previous, b->previous))
        return vg_error_set(VG_EINVALID, _("%s and %s: the previous versions differ (%s, %s)"),
                            a->source, b->source, a->previous ? a->previous : "-",
                            b->previous ? b->previous : "-");
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
        if (x->essential != y->essential)
            return vg_error_set(VG_EINVALID,
                                _("%s:%d and %s:%d: item %s is essential in one language only"),
                                a->source, x->line, b->source, y->line, x->id);
        if (!same_strv(x->replaces, x->nreplaces, y->replaces, y->nreplaces))
            return vg_error_set(VG_EINVALID,
                                _("%s:%d and %s:%d: item %s: the items it replaces differ"),
                                a->source, x->line, b->source, y->line, x->id);
        if (!x->descriptors[0] != !y->descriptors[0])
            return vg_error_set(
                VG_EINVALID, _("%s:%d and %s:%d: item %s: level descriptors in one language only"),
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
