/* The threat categories template (vigie-threats/1), read with Vigie's one
 * YAML reader (util/yaml.c) so that an error names its line and column:
 *
 *   format: vigie-threats/1
 *   categories:
 *     - key: crime
 *       fr: "Criminalité"
 *       en: "Crime"
 *
 * Untrusted (an organisation's own copy): bounded in size and count, no
 * anchors, aliases or tags, every label checked as one line of text. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>
#include <vigie/guide.h>
#include <vigie/risk.h>

#include "util/fileio.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/yaml.h"

#define MAX_BYTES      (64u << 10)
#define MAX_CATEGORIES 100

typedef struct {
    const char *name;
} reader;

static int fail(reader *r, const vg_ynode *at, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(reader *r, const vg_ynode *at, const char *path, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return vg_yfail(r->name, at, path, "%s", msg);
}

/* The scalar value at `key` of mapping `m`, checked as one line of text. */
static int text_value(reader *r, const vg_ynode *v, const char *path, char **out)
{
    if (v->kind != VG_Y_SCALAR)
        return fail(r, v, path, "%s", _("must be a single value, not a list or mapping"));
    if (vg_text_check(v->s, path, 200, 0) != VG_OK)
        return fail(r, v, NULL, "%s", vg_error_last());
    if (!(*out = strdup(v->s)))
        return vg_error_oom();
    return VG_OK;
}

static int is_key(const char *s)
{
    int prev_dash = 1;
    if (!*s || strlen(s) > 40)
        return 0;
    for (; *s; s++) {
        if (*s == '-') {
            if (prev_dash)
                return 0;
            prev_dash = 1;
        } else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
            prev_dash = 0;
        } else {
            return 0;
        }
    }
    return !prev_dash;
}

static int read_category(reader *r, const vg_ynode *m, const char *path, vg_threat_categories *c)
{
    vg_threat_category *cat = &c->v[c->n];
    char p[96];
    int rc;
    if (m->kind != VG_Y_MAP)
        return fail(r, m, path, "%s", _("a category (key:, fr:, en:) is expected"));
    c->n++; /* owned from here, freed with the rest */
    for (size_t i = 0; i + 1 < m->n; i += 2) {
        const vg_ynode *k = m->kids[i];
        char **slot = !strcmp(k->s, "key")  ? &cat->key
                      : !strcmp(k->s, "fr") ? &cat->fr
                      : !strcmp(k->s, "en") ? &cat->en
                                            : NULL;
        snprintf(p, sizeof p, "%s.%s", path, k->s);
        if (!slot)
            return fail(r, k, p, "%s", _("unknown key"));
        if ((rc = text_value(r, m->kids[i + 1], p, slot)) != VG_OK)
            return rc;
        if (slot == &cat->key && !is_key(cat->key))
            return fail(r, m->kids[i + 1], p,
                        _("\"%s\" is not a category key (lowercase letters and digits, joined "
                          "by dashes)"),
                        cat->key);
    }
    if (!cat->key || !cat->fr || !cat->en)
        return fail(r, m, path, "%s", _("a category needs key, fr and en"));
    for (size_t i = 0; i + 1 < c->n; i++)
        if (!strcmp(c->v[i].key, cat->key))
            return fail(r, vg_ymap_get(m, "key"), path, _("key: \"%s\" is used twice"), cat->key);
    return VG_OK;
}

int vg_threat_categories_parse(const char *name, const void *text, size_t len,
                               vg_threat_categories **out)
{
    reader r;
    vg_threat_categories *c = NULL;
    vg_ydoc *doc = NULL;
    vg_ylimits lim = {0};
    const vg_ynode *root, *format = NULL, *list = NULL;
    int rc;
    *out = NULL;
    r.name = name ? name : "threat-categories.yaml";
    if (len > MAX_BYTES)
        return vg_error_set(VG_EINVALID, _("%s: larger than %u KiB"), r.name, MAX_BYTES >> 10);
    if (!(c = calloc(1, sizeof *c)) || !(c->v = calloc(MAX_CATEGORIES, sizeof *c->v))) {
        free(c);
        return vg_error_oom();
    }
    lim.name = r.name;
    lim.block_text = 1;
    if ((rc = vg_yaml_read(&doc, text, len, &lim, NULL)) != VG_OK)
        goto done;
    root = vg_ydoc_root(doc);
    if (!root || root->kind != VG_Y_MAP) {
        rc = root ? fail(&r, root, NULL, "%s", _("a mapping (format:, categories:) expected here"))
                  : vg_error_set(VG_EINVALID, "%s:1:1: %s", r.name, _("the file is empty"));
        goto done;
    }
    for (size_t i = 0; i + 1 < root->n; i += 2) {
        const vg_ynode *k = root->kids[i];
        if (!strcmp(k->s, "format")) {
            format = root->kids[i + 1];
        } else if (!strcmp(k->s, "categories")) {
            list = root->kids[i + 1];
        } else {
            rc = fail(&r, k, k->s, "%s", _("unknown key"));
            goto done;
        }
    }
    if (!format) {
        rc = fail(&r, root, "format", "%s", _("required key is missing"));
        goto done;
    }
    if (format->kind != VG_Y_SCALAR || strcmp(format->s, "vigie-threats/1")) {
        rc = fail(&r, format, "format", _("must be \"%s\""), "vigie-threats/1");
        goto done;
    }
    if (list && list->kind != VG_Y_SEQ) {
        rc = fail(&r, list, "categories", "%s", _("a list of categories expected here"));
        goto done;
    }
    for (size_t i = 0; list && i < list->n; i++) {
        char p[48];
        snprintf(p, sizeof p, "categories[%zu]", i);
        if (c->n == MAX_CATEGORIES) {
            rc = fail(&r, list->kids[i], p, _("more than %d categories"), MAX_CATEGORIES);
            goto done;
        }
        if ((rc = read_category(&r, list->kids[i], p, c)) != VG_OK)
            goto done;
    }
    /* at least the categories the country guides use (guide/categories.c) */
    for (size_t i = 0; i < vg_guide_category_count(); i++)
        if (!vg_threat_category_find(c, vg_guide_category_key(i))) {
            rc = vg_error_set(VG_EINVALID,
                              _("%s: category \"%s\" is missing: the country guides use it"),
                              r.name, vg_guide_category_key(i));
            goto done;
        }
    rc = VG_OK;
done:
    vg_ydoc_free(doc);
    if (rc == VG_OK)
        *out = c;
    else
        vg_threat_categories_free(c);
    return rc;
}

int vg_threat_categories_load(const char *data_dir, vg_threat_categories **out)
{
    char *dir = NULL, *path = NULL;
    unsigned char *text = NULL;
    size_t len = 0;
    int rc;
    *out = NULL;
    if (!(dir = vg_path_join(data_dir, "templates")) ||
        !(path = vg_path_join(dir, "threat-categories.yaml"))) {
        rc = vg_error_oom();
        goto done;
    }
    if ((rc = vg_file_read(path, MAX_BYTES, &text, &len)) == VG_OK)
        rc = vg_threat_categories_parse(path, text, len, out);
done:
    free(text);
    free(path);
    free(dir);
    return rc;
}

const vg_threat_category *vg_threat_category_find(const vg_threat_categories *c, const char *key)
{
    for (size_t i = 0; c && key && i < c->n; i++)
        if (c->v[i].key && !strcmp(c->v[i].key, key))
            return &c->v[i];
    return NULL;
}

const vg_threat_category *vg_threat_category_match(const vg_threat_categories *c, const char *typed)
{
    /* French and English words for the categories whose labels are long */
    static const struct {
        const char *folded, *key;
    } words[] = {
        {"autre", "other"},
        {"autres", "other"},
        {"crime", "crime"},
        {"criminalite", "crime"},
        {"manifestations", "unrest"},
        {"troubles", "unrest"},
        {"enlevement", "kidnapping"},
        {"extorsion", "kidnapping"},
        {"sante", "health"},
        {"route", "road"},
        {"routes", "road"},
        {"conflitarme", "armed-conflict"},
        {"detention", "detention"},
        {"arrestation", "detention"},
        {"surveillance", "surveillance"},
        {"reputation", "reputation"},
        {"catastrophesnaturelles", "natural-hazard"},
        {"menacescontrelespartenaires", "threats-to-partners"},
        {"intimidation", "threats-to-partners"},
        {"syndicalistes", "threats-to-partners"},
    };
    const vg_threat_category *hit = vg_threat_category_find(c, typed);
    char *k;
    if (hit || !typed)
        return hit;
    if (!(k = vg_text_key(typed, VG_KEY_HEADER)))
        return NULL;
    for (size_t i = 0; c && i < c->n && !hit; i++) {
        char *a = vg_text_key(c->v[i].key, VG_KEY_HEADER);
        char *f = c->v[i].fr ? vg_text_key(c->v[i].fr, VG_KEY_HEADER) : NULL;
        char *e = c->v[i].en ? vg_text_key(c->v[i].en, VG_KEY_HEADER) : NULL;
        if ((a && !strcmp(a, k)) || (f && !strcmp(f, k)) || (e && !strcmp(e, k)))
            hit = &c->v[i];
        free(a);
        free(f);
        free(e);
    }
    for (size_t i = 0; !hit && i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(words[i].folded, k))
            hit = vg_threat_category_find(c, words[i].key);
    free(k);
    return hit;
}

const char *vg_threat_category_label(const vg_threat_category *c, const char *lang)
{
    return lang && !strcmp(lang, "fr") ? c->fr : c->en;
}

void vg_threat_categories_free(vg_threat_categories *c)
{
    if (!c)
        return;
    for (size_t i = 0; c->v && i < MAX_CATEGORIES; i++) {
        free(c->v[i].key);
        free(c->v[i].fr);
        free(c->v[i].en);
    }
    free(c->v);
    free(c);
}
