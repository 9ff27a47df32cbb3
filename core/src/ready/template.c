/* The readiness template (vigie-readiness/1), read with libyaml's event
 * API so that every error names its line:
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
#include <yaml.h>
#include <vigie/error.h>
#include <vigie/ready.h>

#include "util/fileio.h"
#include "util/i18n.h"
#include "util/text.h"

#define MAX_BYTES  (256u << 10)
#define MAX_ITEMS  100
#define MAX_PARAMS 16

typedef struct {
    yaml_parser_t p;
    yaml_event_t ev;
    int have;
    const char *shown;
} reader;

static int fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(reader *r, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return vg_error_set(VG_EINVALID, "%s:%zu: %s", r->shown,
                        r->have ? r->ev.start_mark.line + 1 : r->p.problem_mark.line + 1, msg);
}

static int next(reader *r)
{
    if (r->have)
        yaml_event_delete(&r->ev);
    r->have = 0;
    if (!yaml_parser_parse(&r->p, &r->ev))
        return fail(r, "%s", r->p.problem ? r->p.problem : _("not valid YAML"));
    r->have = 1;
    if (r->ev.type == YAML_ALIAS_EVENT ||
        ((r->ev.type == YAML_SCALAR_EVENT) && r->ev.data.scalar.anchor) ||
        ((r->ev.type == YAML_MAPPING_START_EVENT) && r->ev.data.mapping_start.anchor) ||
        ((r->ev.type == YAML_SEQUENCE_START_EVENT) && r->ev.data.sequence_start.anchor))
        return fail(r, "%s", _("anchors and aliases are not allowed"));
    return VG_OK;
}

static const char *scalar(reader *r)
{
    return (const char *)r->ev.data.scalar.value;
}

/* Skip the value that starts at the current event (for x- keys). */
static int skip_value(reader *r)
{
    int depth = 0, rc;
    do {
        if (r->ev.type == YAML_MAPPING_START_EVENT || r->ev.type == YAML_SEQUENCE_START_EVENT)
            depth++;
        else if (r->ev.type == YAML_MAPPING_END_EVENT || r->ev.type == YAML_SEQUENCE_END_EVENT)
            depth--;
        if (depth == 0)
            return VG_OK;
        if ((rc = next(r)) != VG_OK)
            return rc;
    } while (r->ev.type != YAML_STREAM_END_EVENT);
    return fail(r, "%s", _("the file ends too early"));
}

static int text_value(reader *r, const char *key, char **out)
{
    int rc;
    if ((rc = next(r)) != VG_OK)
        return rc;
    if (r->ev.type != YAML_SCALAR_EVENT)
        return fail(r, _("\"%s\" needs a text value"), key);
    if (vg_text_check(scalar(r), key, 500, 0) != VG_OK)
        return fail(r, "%s", vg_error_last());
    if (*out)
        return fail(r, _("\"%s\" is given twice"), key);
    if (!(*out = strdup(scalar(r))))
        return vg_error_oom();
    return VG_OK;
}

static int read_params(reader *r, vg_ready_item *it, const vg_ready_check *chk)
{
    int rc;
    if ((rc = next(r)) != VG_OK)
        return rc;
    if (r->ev.type != YAML_MAPPING_START_EVENT)
        return fail(r, "%s", _("\"params\" needs a mapping (months: 6)"));
    for (;;) {
        char *key = NULL;
        vg_ready_param *g;
        size_t klen;
        const char *allowed;
        int known = 0;
        if ((rc = next(r)) != VG_OK)
            return rc;
        if (r->ev.type == YAML_MAPPING_END_EVENT)
            return VG_OK;
        if (r->ev.type != YAML_SCALAR_EVENT)
            return fail(r, "%s", _("a parameter name is expected"));
        klen = strlen(scalar(r));
        allowed = chk ? chk->params : "";
        for (const char *a = allowed; a && *a;) {
            size_t n = strcspn(a, " ");
            if (n == klen && !strncmp(a, scalar(r), n))
                known = 1;
            a += n;
            while (*a == ' ')
                a++;
        }
        if (!known)
            return fail(r, _("check \"%s\" takes no parameter \"%s\""), it->id, scalar(r));
        for (size_t i = 0; i < it->nparams; i++)
            if (!strcmp(it->params[i].key, scalar(r)))
                return fail(r, _("\"%s\" is given twice"), scalar(r));
        if (it->nparams == MAX_PARAMS)
            return fail(r, "%s", _("too many parameters"));
        if (!(key = strdup(scalar(r))))
            return vg_error_oom();
        if ((rc = next(r)) != VG_OK) {
            free(key);
            return rc;
        }
        if (r->ev.type != YAML_SCALAR_EVENT || vg_text_check(scalar(r), key, 100, 0) != VG_OK) {
            rc = fail(r, _("parameter \"%s\" needs a short value"), key);
            free(key);
            return rc;
        }
        if (!(g = realloc(it->params, (it->nparams + 1) * sizeof *g))) {
            free(key);
            return vg_error_oom();
        }
        it->params = g;
        g[it->nparams].key = key;
        g[it->nparams].value = strdup(scalar(r));
        if (!g[it->nparams++].value)
            return vg_error_oom();
    }
}

static int read_item(reader *r, vg_ready_template *t)
{
    vg_ready_item *it;
    const vg_ready_check *chk = NULL;
    int rc;
    if (t->n == MAX_ITEMS)
        return fail(r, _("more than %d items"), MAX_ITEMS);
    it = &t->items[t->n];
    memset(it, 0, sizeof *it);
    it->line = (int)r->ev.start_mark.line + 1;
    t->n++;
    for (;;) {
        char key[32];
        if ((rc = next(r)) != VG_OK)
            return rc;
        if (r->ev.type == YAML_MAPPING_END_EVENT)
            break;
        if (r->ev.type != YAML_SCALAR_EVENT)
            return fail(r, "%s", _("a key is expected"));
        snprintf(key, sizeof key, "%s", scalar(r));
        if (!strcmp(key, "id")) {
            if ((rc = text_value(r, "id", &it->id)) != VG_OK)
                return rc;
            if (!(chk = vg_ready_check_find(it->id)))
                return fail(r, _("no check \"%s\" in this Vigie"), it->id);
            for (size_t i = 0; i + 1 < t->n; i++)
                if (!strcmp(t->items[i].id, it->id))
                    return fail(r, _("item \"%s\" is listed twice"), it->id);
        } else if (!strcmp(key, "fr")) {
            if ((rc = text_value(r, "fr", &it->label_fr)) != VG_OK)
                return rc;
        } else if (!strcmp(key, "en")) {
            if ((rc = text_value(r, "en", &it->label_en)) != VG_OK)
                return rc;
        } else if (!strcmp(key, "params")) {
            if (!it->id)
                return fail(r, "%s", _("\"id\" must come before \"params\""));
            if ((rc = read_params(r, it, chk)) != VG_OK)
                return rc;
        } else if (!strncmp(key, "x-", 2)) {
            if ((rc = next(r)) != VG_OK || (rc = skip_value(r)) != VG_OK)
                return rc;
        } else {
            return fail(r, _("unknown key \"%s\""), key);
        }
    }
    if (!it->id || !it->label_fr || !it->label_en)
        return fail(r, "%s", _("an item needs an id, an fr label and an en label"));
    return VG_OK;
}

int vg_ready_template_parse(const unsigned char *buf, size_t len, const char *shown,
                            vg_ready_template **out)
{
    reader r;
    vg_ready_template *t = NULL;
    int rc = VG_OK, have_format = 0, have_items = 0;

    *out = NULL;
    memset(&r, 0, sizeof r);
    r.shown = shown;
    if (len > MAX_BYTES)
        return vg_error_set(VG_EINVALID, _("%s: larger than %u KiB"), shown, MAX_BYTES >> 10);
    if (!vg_utf8_valid((const char *)buf, len))
        return vg_error_set(VG_EINVALID, _("%s: not UTF-8 text"), shown);
    if (!(t = calloc(1, sizeof *t)) || !(t->items = calloc(MAX_ITEMS, sizeof *t->items))) {
        free(t);
        return vg_error_oom();
    }
    if (!yaml_parser_initialize(&r.p)) {
        vg_ready_template_free(t);
        return vg_error_oom();
    }
    yaml_parser_set_input_string(&r.p, buf, len);
    if ((rc = next(&r)) != VG_OK || (rc = next(&r)) != VG_OK) /* stream, document */
        goto done;
    if (r.ev.type != YAML_DOCUMENT_START_EVENT) {
        rc = fail(&r, "%s", _("the file is empty"));
        goto done;
    }
    if ((rc = next(&r)) != VG_OK)
        goto done;
    if (r.ev.type != YAML_MAPPING_START_EVENT) {
        rc = fail(&r, "%s", _("the file must be a mapping (format:, items:)"));
        goto done;
    }
    for (;;) {
        char key[32];
        if ((rc = next(&r)) != VG_OK)
            goto done;
        if (r.ev.type == YAML_MAPPING_END_EVENT)
            break;
        if (r.ev.type != YAML_SCALAR_EVENT) {
            rc = fail(&r, "%s", _("a key is expected"));
            goto done;
        }
        snprintf(key, sizeof key, "%s", scalar(&r));
        if (!strcmp(key, "format")) {
            if ((rc = next(&r)) != VG_OK)
                goto done;
            if (r.ev.type != YAML_SCALAR_EVENT || strcmp(scalar(&r), "vigie-readiness/1")) {
                rc = fail(&r, "%s", _("format must be vigie-readiness/1"));
                goto done;
            }
            have_format = 1;
        } else if (!strcmp(key, "items")) {
            if (have_items) {
                rc = fail(&r, _("\"%s\" is given twice"), key);
                goto done;
            }
            have_items = 1;
            if ((rc = next(&r)) != VG_OK)
                goto done;
            if (r.ev.type != YAML_SEQUENCE_START_EVENT) {
                rc = fail(&r, "%s", _("\"items\" must be a list"));
                goto done;
            }
            for (;;) {
                if ((rc = next(&r)) != VG_OK)
                    goto done;
                if (r.ev.type == YAML_SEQUENCE_END_EVENT)
                    break;
                if (r.ev.type != YAML_MAPPING_START_EVENT) {
                    rc = fail(&r, "%s", _("an item must be a mapping (id:, fr:, en:)"));
                    goto done;
                }
                if ((rc = read_item(&r, t)) != VG_OK)
                    goto done;
            }
        } else if (!strncmp(key, "x-", 2)) {
            if ((rc = next(&r)) != VG_OK || (rc = skip_value(&r)) != VG_OK)
                goto done;
        } else {
            rc = fail(&r, _("unknown key \"%s\""), key);
            goto done;
        }
    }
    if ((rc = next(&r)) != VG_OK) /* document end */
        goto done;
    if ((rc = next(&r)) != VG_OK)
        goto done;
    if (r.ev.type != YAML_STREAM_END_EVENT) {
        rc = fail(&r, "%s", _("only one YAML document is allowed"));
        goto done;
    }
    if (!have_format || !have_items || t->n == 0) {
        rc = vg_error_set(VG_EINVALID,
                          _("%s: needs format: vigie-readiness/1 and at least one item"), shown);
        goto done;
    }
done:
    if (r.have)
        yaml_event_delete(&r.ev);
    yaml_parser_delete(&r.p);
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
