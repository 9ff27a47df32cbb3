/* The readiness template (vigie-readiness/1), read with Vigie's one YAML
 * reader (util/yaml.c) so that every error names its line and column:
 *
 *   format: vigie-readiness/1
 *   items:
 *     - id: passport_valid          # a check in the registry
 *       fr: "Passeports valides {months} mois après la fin"
 *       en: "Passports valid {months} months after the end"
 *       params: {months: 6, from_guide: yes}
 *
 * Keys starting with "x-" are ignored at every level. Scalars only (no
 * anchors, aliases or nested structures inside params). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>
#include <vigie/ready.h>

#include "util/fileio.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/yaml.h"
#include "ready/ready_check.h"

#define MAX_BYTES  (256u << 10)
#define MAX_ITEMS  100
#define MAX_PARAMS 16

typedef struct {
    const char *shown;
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
    return vg_yfail(r->shown, at, path, "%s", msg);
}

static int text_value(reader *r, const vg_ynode *v, const char *path, const char *key, char **out)
{
    if (v->kind != VG_Y_SCALAR)
        return fail(r, v, path, _("\"%s\" needs a text value"), key);
    if (vg_text_check(v->s, key, 500, 0) != VG_OK)
        return fail(r, v, path, "%s", vg_error_last());
    if (!(*out = strdup(v->s)))
        return vg_error_oom();
    return VG_OK;
}

static int read_params(reader *r, const vg_ynode *m, const char *path, vg_ready_item *it,
                       const vg_ready_check *chk)
{
    if (m->kind != VG_Y_MAP)
        return fail(r, m, path, "%s", _("\"params\" needs a mapping (months: 6)"));
    for (size_t i = 0; i + 1 < m->n; i += 2) {
        const vg_ynode *k = m->kids[i], *v = m->kids[i + 1];
        vg_ready_param *g;
        const char *allowed = chk ? chk->params : "";
        int known = 0;
        for (const char *a = allowed; a && *a;) {
            size_t n = strcspn(a, " ");
            if (n == k->len && !strncmp(a, k->s, n))
                known = 1;
            a += n;
            while (*a == ' ')
                a++;
        }
        if (!known)
            return fail(r, k, path, _("check \"%s\" takes no parameter \"%s\""), it->id, k->s);
        if (it->nparams == MAX_PARAMS)
            return fail(r, k, path, "%s", _("too many parameters"));
        if (v->kind != VG_Y_SCALAR || vg_text_check(v->s, k->s, 100, 0) != VG_OK)
            return fail(r, v, path, _("parameter \"%s\" needs a short value"), k->s);
        if (!(g = realloc(it->params, (it->nparams + 1) * sizeof *g)))
            return vg_error_oom();
        it->params = g;
        g[it->nparams].key = strdup(k->s);
        g[it->nparams].value = strdup(v->s);
        if (!g[it->nparams].key || !g[it->nparams].value) {
            free(g[it->nparams].key);
            free(g[it->nparams].value);
            return vg_error_oom();
        }
        it->nparams++;
    }
    return VG_OK;
}

static int read_item(reader *r, const vg_ynode *m, const char *path, vg_ready_template *t)
{
    vg_ready_item *it;
    const vg_ready_check *chk = NULL;
    const vg_ynode *id = vg_ymap_get(m, "id"), *params = NULL;
    int rc;
    if (m->kind != VG_Y_MAP)
        return fail(r, m, path, "%s", _("an item must be a mapping (id:, fr:, en:)"));
    if (t->n == MAX_ITEMS)
        return fail(r, m, path, _("more than %d items"), MAX_ITEMS);
    it = &t->items[t->n];
    memset(it, 0, sizeof *it);
    it->line = m->line;
    t->n++;
    if (id) {
        if ((rc = text_value(r, id, path, "id", &it->id)) != VG_OK)
            return rc;
        if (!(chk = vg_ready_check_find(it->id)))
            return fail(r, id, path, _("no check \"%s\" in this Vigie"), it->id);
        for (size_t i = 0; i + 1 < t->n; i++)
            if (!strcmp(t->items[i].id, it->id))
                return fail(r, id, path, _("item \"%s\" is listed twice"), it->id);
    }
    for (size_t i = 0; i + 1 < m->n; i += 2) {
        const vg_ynode *k = m->kids[i], *v = m->kids[i + 1];
        if (!strcmp(k->s, "id")) {
            continue;
        } else if (!strcmp(k->s, "fr")) {
            if ((rc = text_value(r, v, path, "fr", &it->label_fr)) != VG_OK)
                return rc;
        } else if (!strcmp(k->s, "en")) {
            if ((rc = text_value(r, v, path, "en", &it->label_en)) != VG_OK)
                return rc;
        } else if (!strcmp(k->s, "params")) {
            params = v;
        } else if (strncmp(k->s, "x-", 2) != 0) {
            return fail(r, k, path, _("unknown key \"%s\""), k->s);
        }
    }
    if (params) {
        char p[64];
        snprintf(p, sizeof p, "%s.params", path);
        if (!it->id)
            return fail(r, params, p, "%s", _("an item with \"params\" needs an \"id\""));
        if ((rc = read_params(r, params, p, it, chk)) != VG_OK)
            return rc;
    }
    if (!it->id || !it->label_fr || !it->label_en)
        return fail(r, m, path, "%s", _("an item needs an id, an fr label and an en label"));
    return VG_OK;
}

int vg_ready_template_parse(const unsigned char *buf, size_t len, const char *shown,
                            vg_ready_template **out)
{
    reader r = {shown};
    vg_ydoc *doc = NULL;
    vg_ylimits lim = {0};
    vg_ready_template *t = NULL;
    const vg_ynode *root, *format, *items;
    int rc = VG_OK;

    *out = NULL;
    if (len > MAX_BYTES)
        return vg_error_set(VG_EINVALID, _("%s: larger than %u KiB"), shown, MAX_BYTES >> 10);
    if (!(t = calloc(1, sizeof *t)) || !(t->items = calloc(MAX_ITEMS, sizeof *t->items))) {
        free(t);
        return vg_error_oom();
    }
    lim.name = shown;
    lim.block_text = 1;
    if ((rc = vg_yaml_read(&doc, (const char *)buf, len, &lim, NULL)) != VG_OK)
        goto done;
    root = vg_ydoc_root(doc);
    if (!root) {
        rc = vg_error_set(VG_EINVALID, "%s:1:1: %s", shown, _("the file is empty"));
        goto done;
    }
    if (root->kind != VG_Y_MAP) {
        rc = fail(&r, root, NULL, "%s", _("the file must be a mapping (format:, items:)"));
        goto done;
    }
    for (size_t i = 0; i + 1 < root->n; i += 2) {
        const vg_ynode *k = root->kids[i];
        if (strcmp(k->s, "format") && strcmp(k->s, "items") && strncmp(k->s, "x-", 2)) {
            rc = fail(&r, k, NULL, _("unknown key \"%s\""), k->s);
            goto done;
        }
    }
    format = vg_ymap_get(root, "format");
    if (format && (format->kind != VG_Y_SCALAR || strcmp(format->s, "vigie-readiness/1"))) {
        rc = fail(&r, format, "format", "%s", _("must be vigie-readiness/1"));
        goto done;
    }
    items = vg_ymap_get(root, "items");
    if (items && items->kind != VG_Y_SEQ) {
        rc = fail(&r, items, "items", "%s", _("\"items\" must be a list"));
        goto done;
    }
    for (size_t i = 0; items && i < items->n; i++) {
        char p[32];
        snprintf(p, sizeof p, "items[%zu]", i);
        if ((rc = read_item(&r, items->kids[i], p, t)) != VG_OK)
            goto done;
    }
    if (!format || !items || t->n == 0)
        rc = vg_error_set(VG_EINVALID,
                          _("%s: needs format: vigie-readiness/1 and at least one item"), shown);
done:
    vg_ydoc_free(doc);
    if (rc != VG_OK) {
        vg_ready_template_free(t);
        return rc;
    }
    *out = t;
    return VG_OK;
}

int vg_ready_template_load(const char *path, vg_ready_template **out)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    int rc = vg_file_read(path, MAX_BYTES, &buf, &len);
    *out = NULL;
    if (rc == VG_OK)
        rc = vg_ready_template_parse(buf, len, path, out);
    free(buf);
    return rc;
}

void vg_ready_template_free(vg_ready_template *t)
{
    if (!t)
        return;
    for (size_t i = 0; t->items && i < t->n; i++) {
        vg_ready_item *it = &t->items[i];
        free(it->id);
        free(it->label_fr);
        free(it->label_en);
        for (size_t j = 0; j < it->nparams; j++) {
            free(it->params[j].key);
            free(it->params[j].value);
        }
        free(it->params);
    }
    free(t->items);
    free(t);
}
