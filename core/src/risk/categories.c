/* The threat categories template (vigie-threats/1), read with libyaml's
 * event API so that an error names its line:
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
#include <vigie/risk.h>
#include <yaml.h>

#include "util/fileio.h"
#include "util/i18n.h"
#include "util/text.h"

#define MAX_BYTES      (64u << 10)
#define MAX_CATEGORIES 100

/* The categories the country guides use (country-guides/FORMAT.md). */
static const char *const required[] = {
    "crime",  "unrest",         "kidnapping", "sexual-violence", "armed-conflict", "road",
    "health", "natural-hazard", "detention",  "surveillance",    "reputation",     NULL};

typedef struct {
    yaml_parser_t p;
    yaml_event_t ev;
    int have;
    const char *name;
} reader;

static int fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(reader *r, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return vg_error_set(VG_EINVALID, "%s:%zu: %s", r->name,
                        (r->have ? r->ev.start_mark.line : r->p.problem_mark.line) + 1, msg);
}

static int next(reader *r)
{
    if (r->have)
        yaml_event_delete(&r->ev);
    r->have = 0;
    if (!yaml_parser_parse(&r->p, &r->ev)) {
        if (r->p.error == YAML_MEMORY_ERROR)
            return vg_error_oom();
        return fail(r, _("YAML: %s%s%s"), r->p.problem ? r->p.problem : "syntax error", "", "");
    }
    r->have = 1;
    if (r->ev.type == YAML_ALIAS_EVENT ||
        (r->ev.type == YAML_SCALAR_EVENT && (r->ev.data.scalar.anchor || r->ev.data.scalar.tag)) ||
        (r->ev.type == YAML_MAPPING_START_EVENT &&
         (r->ev.data.mapping_start.anchor || r->ev.data.mapping_start.tag)) ||
        (r->ev.type == YAML_SEQUENCE_START_EVENT &&
         (r->ev.data.sequence_start.anchor || r->ev.data.sequence_start.tag)))
        return fail(r, "%s", _("YAML anchors, aliases and tags are not allowed"));
    return VG_OK;
}

static int expect(reader *r, yaml_event_type_t type, const char *what)
{
    int rc = next(r);
    if (rc == VG_OK && r->ev.type != type)
        rc = fail(r, _("%s expected here"), what);
    return rc;
}

/* The scalar value after a key, checked as one line of text. */
static int text_value(reader *r, const char *key, char **out)
{
    int rc;
    if ((rc = next(r)) != VG_OK)
        return rc;
    if (r->ev.type != YAML_SCALAR_EVENT)
        return fail(r, _("%s: must be a single value, not a list or mapping"), key);
    if (*out)
        return fail(r, _("%s: the key appears twice"), key);
    if (vg_text_check((const char *)r->ev.data.scalar.value, key, 200, 0) != VG_OK)
        return fail(r, "%s", vg_error_last());
    if (!(*out = strdup((const char *)r->ev.data.scalar.value)))
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

static int read_category(reader *r, vg_threat_categories *c)
{
    vg_threat_category *cat = &c->v[c->n];
    size_t line = r->ev.start_mark.line;
    int rc;
    for (;;) {
        const char *k;
        int which;
        if ((rc = next(r)) != VG_OK)
            return rc;
        if (r->ev.type == YAML_MAPPING_END_EVENT)
            break;
        if (r->ev.type != YAML_SCALAR_EVENT)
            return fail(r, "%s", _("a key (key, fr, en) is expected"));
        k = (const char *)r->ev.data.scalar.value;
        which = !strcmp(k, "key") ? 0 : !strcmp(k, "fr") ? 1 : !strcmp(k, "en") ? 2 : -1;
        if (which < 0)
            return fail(r, _("%s: unknown key"), k);
        /* k belongs to this event: not used past the next one */
        rc = text_value(r,
                        which == 0   ? "key"
                        : which == 1 ? "fr"
                                     : "en",
                        which == 0   ? &cat->key
                        : which == 1 ? &cat->fr
                                     : &cat->en);
        if (rc != VG_OK)
            return rc;
        if (which == 0 && !is_key(cat->key))
            return fail(r,
                        _("key: \"%s\" is not a category key (lowercase letters and digits, joined "
                          "by dashes)"),
                        cat->key);
    }
    c->n++; /* owned from here, freed with the rest */
    if (!cat->key || !cat->fr || !cat->en) {
        r->ev.start_mark.line = line;
        return fail(r, "%s", _("a category needs key, fr and en"));
    }
    for (size_t i = 0; i + 1 < c->n; i++)
        if (!strcmp(c->v[i].key, cat->key)) {
            r->ev.start_mark.line = line;
            return fail(r, _("key: \"%s\" is used twice"), cat->key);
        }
    return VG_OK;
}

int vg_threat_categories_parse(const char *name, const void *text, size_t len,
                               vg_threat_categories **out)
{
    reader r;
    vg_threat_categories *c = NULL;
    int rc, have_format = 0, have_list = 0;
    *out = NULL;
    memset(&r, 0, sizeof r);
    r.name = name ? name : "threat-categories.yaml";
    if (len > MAX_BYTES)
        return vg_error_set(VG_EINVALID, _("%s: larger than %u KiB"), r.name, MAX_BYTES >> 10);
    if (!vg_utf8_valid(text, len))
        return vg_error_set(VG_EINVALID, _("%s: not valid UTF-8 text"), r.name);
    if (!(c = calloc(1, sizeof *c)) || !(c->v = calloc(MAX_CATEGORIES, sizeof *c->v))) {
        free(c);
        return vg_error_oom();
    }
    if (!yaml_parser_initialize(&r.p)) {
        vg_threat_categories_free(c);
        return vg_error_oom();
    }
    yaml_parser_set_input_string(&r.p, text, len);
    if ((rc = expect(&r, YAML_STREAM_START_EVENT, "YAML")) != VG_OK ||
        (rc = expect(&r, YAML_DOCUMENT_START_EVENT, _("a YAML document"))) != VG_OK ||
        (rc = expect(&r, YAML_MAPPING_START_EVENT, _("a mapping (format:, categories:)"))) != VG_OK)
        goto done;
    for (;;) {
        const char *k;
        if ((rc = next(&r)) != VG_OK)
            goto done;
        if (r.ev.type == YAML_MAPPING_END_EVENT)
            break;
        if (r.ev.type != YAML_SCALAR_EVENT) {
            rc = fail(&r, "%s", _("a key (format, categories) is expected"));
            goto done;
        }
        k = (const char *)r.ev.data.scalar.value;
        if (!strcmp(k, "format")) {
            char *f = NULL;
            if (have_format++) {
                rc = fail(&r, _("%s: the key appears twice"), "format");
                goto done;
            }
            rc = text_value(&r, "format", &f);
            if (rc == VG_OK && strcmp(f, "vigie-threats/1"))
                rc = fail(&r, _("%s: \"%s\" must be \"%s\""), "format", f, "vigie-threats/1");
            free(f);
            if (rc != VG_OK)
                goto done;
        } else if (!strcmp(k, "categories")) {
            if (have_list++) {
                rc = fail(&r, _("%s: the key appears twice"), "categories");
                goto done;
            }
            if ((rc = expect(&r, YAML_SEQUENCE_START_EVENT, _("a list of categories"))) != VG_OK)
                goto done;
            for (;;) {
                if ((rc = next(&r)) != VG_OK)
                    goto done;
                if (r.ev.type == YAML_SEQUENCE_END_EVENT)
                    break;
                if (r.ev.type != YAML_MAPPING_START_EVENT) {
                    rc = fail(&r, "%s", _("a category (key:, fr:, en:) is expected"));
                    goto done;
                }
                if (c->n == MAX_CATEGORIES) {
                    rc = fail(&r, _("more than %d categories"), MAX_CATEGORIES);
                    goto done;
                }
                if ((rc = read_category(&r, c)) != VG_OK)
                    goto done;
            }
        } else {
            rc = fail(&r, _("%s: unknown key"), k);
            goto done;
        }
    }
    if (!have_format) {
        rc = vg_error_set(VG_EINVALID, _("%s:1: %s: required key is missing"), r.name, "format");
        goto done;
    }
    for (const char *const *k = required; *k; k++)
        if (!vg_threat_category_find(c, *k)) {
            rc = vg_error_set(VG_EINVALID,
                              _("%s: category \"%s\" is missing: the country guides use it"),
                              r.name, *k);
            goto done;
        }
    rc = VG_OK;
done:
    if (r.have)
        yaml_event_delete(&r.ev);
    yaml_parser_delete(&r.p);
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
