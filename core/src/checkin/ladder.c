/* The escalation ladder: a YAML template, validated on load.
 *
 *   format: vigie-checkin-ladder 1
 *   steps:                      # 1 to 16, delays ascending
 *     - after: 30m              # after the grace window closed: 0, 45m, 1h, 1h30m, 1d
 *       travelling: 30m         # optional: the delay while travelling (default: after)
 *       contact: [participant, lead]   # roles, see vg_role_name
 *       fr: Appeler la personne et son binôme ou le chef d'équipe
 *       en: Call the participant and their buddy or team lead
 *   alerts:                     # optional: what to do on an open alert
 *     help|emergency|duress|guessing: {contact: [...], fr: ..., en: ...}
 *
 * The input is untrusted (a coordinator's file): at most 64 KiB, every node
 * checked for its type, unknown keys refused (a typo must not silently drop
 * a step), errors as "FILE:LINE: message". */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/checkin.h>
#include <vigie/error.h>
#include <yaml.h>

#include "checkin/checkin_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"

#define LADDER_MAX_BYTES (64 * 1024)
#define LADDER_MAX_TEXT  600
#define LADDER_MAX_DELAY (30 * 86400)

static const char *const role_names[VG_ROLE_COUNT] = {
    "participant", "lead",        "kin",     "partner",     "accommodation", "emergency-service",
    "insurer",     "focal-point", "embassy", "crisis-cell", "ewrc",
};

static const char *const alert_names[] = {NULL, "help", "emergency", "duress", "guessing"};

const char *vg_role_name(vg_role r)
{
    return (unsigned)r < VG_ROLE_COUNT ? role_names[r] : "?";
}

int vg_role_parse(const char *text, vg_role *out)
{
    for (int i = 0; i < VG_ROLE_COUNT; i++)
        if (!strcmp(text, role_names[i])) {
            *out = (vg_role)i;
            return VG_OK;
        }
    return vg_error_set(VG_EINVALID, _("unknown contact role \"%s\""), text);
}

const char *vg_alert_kind_name(vg_alert_kind k)
{
    return k >= VG_ALERT_HELP && k <= VG_ALERT_GUESSING ? alert_names[k] : "?";
}

typedef struct {
    yaml_document_t *doc;
    const char *file;
} lctx;

static int fail_at(const lctx *c, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_at(const lctx *c, const yaml_node_t *n, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return vg_error_set(VG_EINVALID, "%s:%lu: %s", c->file,
                        (unsigned long)(n ? n->start_mark.line + 1 : 1), msg);
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* "0", "45m", "1h", "1h30m", "2d": seconds, at most 30 days. */
static int parse_delay(const char *s, int64_t *out)
{
    int64_t total = 0;
    int any = 0;
    char last_unit = 0;
    if (!strcmp(s, "0")) {
        *out = 0;
        return 0;
    }
    while (*s) {
        int64_t v = 0;
        int digits = 0;
        while (*s >= '0' && *s <= '9' && digits < 6) {
            v = v * 10 + (*s++ - '0');
            digits++;
        }
        if (!digits)
            return -1;
        if (*s == 'd' && !last_unit)
            v *= 86400;
        else if (*s == 'h' && (!last_unit || last_unit == 'd'))
            v *= 3600;
        else if (*s == 'm' && last_unit != 'm')
            v *= 60;
        else
            return -1;
        last_unit = *s++;
        total += v;
        any = 1;
        if (total > LADDER_MAX_DELAY)
            return -1;
    }
    if (!any)
        return -1;
    *out = total;
    return 0;
}

static int read_text(const lctx *c, const yaml_node_t *n, const char *key, char **out)
{
    const char *v = scalar(n);
    size_t len = v ? n->data.scalar.length : 0;
    if (!v)
        return fail_at(c, n, _("\"%s\" must be text"), key);
    if (len == 0 || len > LADDER_MAX_TEXT || strlen(v) != len)
        return fail_at(c, n, _("\"%s\" must hold 1 to %d characters"), key, LADDER_MAX_TEXT);
    if (!vg_ck_text_ok(v, len, 1))
        return fail_at(c, n, _("\"%s\" holds a control character or invalid UTF-8"), key);
    free(*out);
    if (!(*out = strdup(v)))
        return vg_error_oom();
    return VG_OK;
}

static int read_roles(const lctx *c, const yaml_node_t *n, unsigned *roles)
{
    *roles = 0;
    if (!n || n->type != YAML_SEQUENCE_NODE)
        return fail_at(c, n, "%s",
                       _("\"contact\" must be a list of roles, such as [participant, lead]"));
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        const yaml_node_t *e = yaml_document_get_node(c->doc, *it);
        const char *v = scalar(e);
        vg_role r;
        if (!v || vg_role_parse(v, &r) != VG_OK) {
            char list[256] = "";
            for (int i = 0; i < VG_ROLE_COUNT; i++) {
                strcat(list, i ? ", " : "");
                strcat(list, role_names[i]);
            }
            return fail_at(c, e ? e : n, _("unknown role \"%.40s\" (known: %s)"), v ? v : "?",
                           list);
        }
        if (*roles & (1u << r))
            return fail_at(c, e, _("role \"%s\" is listed twice"), v);
        *roles |= 1u << r;
    }
    if (!*roles)
        return fail_at(c, n, "%s", _("\"contact\" names no one"));
    return VG_OK;
}

/* One step (is_alert 0) or one alert's response (is_alert 1). */
static int read_step(const lctx *c, const yaml_node_t *n, vg_ladder_step *st, int is_alert)
{
    int have_after = 0, have_trav = 0, have_contact = 0, rc;
    if (!n || n->type != YAML_MAPPING_NODE)
        return fail_at(c, n, "%s", _("a step must be a mapping (after, contact, fr, en)"));
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
        const yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        const char *key = scalar(k);
        if (!key)
            return fail_at(c, k, "%s", _("a key must be text"));
        if (!is_alert && (!strcmp(key, "after") || !strcmp(key, "travelling"))) {
            int64_t d;
            const char *val = scalar(v);
            if (!val || parse_delay(val, &d) != 0)
                return fail_at(c, v,
                               _("\"%s\": \"%.40s\" is not a delay such as 0, 45m, 1h, 1h30m or 1d "
                                 "(30 days at most)"),
                               key, val ? val : "?");
            if (key[0] == 'a') {
                if (have_after++)
                    return fail_at(c, k, _("\"%s\" is given twice"), key);
                st->after = d;
            } else {
                if (have_trav++)
                    return fail_at(c, k, _("\"%s\" is given twice"), key);
                st->after_travelling = d;
            }
        } else if (!strcmp(key, "contact")) {
            if (have_contact++)
                return fail_at(c, k, _("\"%s\" is given twice"), key);
            if ((rc = read_roles(c, v, &st->roles)) != VG_OK)
                return rc;
        } else if (!strcmp(key, "fr") || !strcmp(key, "en")) {
            char **slot = &st->action[key[0] == 'e'];
            if (*slot)
                return fail_at(c, k, _("\"%s\" is given twice"), key);
            if ((rc = read_text(c, v, key, slot)) != VG_OK)
                return rc;
        } else {
            return fail_at(c, k, _("unknown key \"%.40s\" (%s)"), key,
                           is_alert ? "contact, fr, en" : "after, travelling, contact, fr, en");
        }
    }
    if (!is_alert && !have_after)
        return fail_at(c, n, "%s", _("a step needs \"after\""));
    if (!have_contact)
        return fail_at(c, n, "%s", _("a step needs \"contact\""));
    if (!st->action[0] || !st->action[1])
        return fail_at(c, n, "%s", _("a step needs its action in French (fr) and English (en)"));
    if (!have_trav)
        st->after_travelling = st->after;
    return VG_OK;
}

static int read_steps(const lctx *c, const yaml_node_t *n, vg_ladder *l)
{
    int rc;
    if (!n || n->type != YAML_SEQUENCE_NODE)
        return fail_at(c, n, "%s", _("\"steps\" must be a list"));
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        const yaml_node_t *e = yaml_document_get_node(c->doc, *it);
        vg_ladder_step *st;
        if (l->nsteps == VG_LADDER_MAX_STEPS)
            return fail_at(c, e, _("more than %d steps"), VG_LADDER_MAX_STEPS);
        st = &l->steps[l->nsteps++];
        if ((rc = read_step(c, e, st, 0)) != VG_OK)
            return rc;
        if (l->nsteps > 1) {
            const vg_ladder_step *prev = st - 1;
            if (st->after <= prev->after)
                return fail_at(c, e, "%s", _("\"after\" must grow from one step to the next"));
            if (st->after_travelling < prev->after_travelling)
                return fail_at(c, e, "%s",
                               _("\"travelling\" must not shrink from one step to the next"));
        }
    }
    if (l->nsteps == 0)
        return fail_at(c, n, "%s", _("\"steps\" is empty"));
    return VG_OK;
}

static int read_alerts(const lctx *c, const yaml_node_t *n, vg_ladder *l)
{
    int rc;
    if (!n || n->type != YAML_MAPPING_NODE)
        return fail_at(c, n, "%s",
                       _("\"alerts\" must be a mapping (help, emergency, duress, guessing)"));
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
        const char *key = scalar(k);
        int kind = 0;
        for (int i = VG_ALERT_HELP; i <= VG_ALERT_GUESSING; i++)
            if (key && !strcmp(key, alert_names[i]))
                kind = i;
        if (!kind)
            return fail_at(c, k, _("unknown alert \"%.40s\" (help, emergency, duress, guessing)"),
                           key ? key : "?");
        if (l->alerts[kind].roles)
            return fail_at(c, k, _("\"%s\" is given twice"), key);
        if ((rc = read_step(c, yaml_document_get_node(c->doc, p->value), &l->alerts[kind], 1)) !=
            VG_OK)
            return rc;
    }
    return VG_OK;
}

int vg_ladder_parse(vg_ladder **out, const char *text, size_t len, const char *filename)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    int have_parser = 0, have_doc = 0, have_format = 0, rc = VG_OK;
    vg_ladder *l = NULL;
    lctx c = {&doc, filename ? filename : "ladder"};
    const yaml_node_t *root, *steps = NULL;

    *out = NULL;
    if (len > LADDER_MAX_BYTES) {
        rc =
            vg_error_set(VG_EINVALID, _("%s: larger than %d KiB"), c.file, LADDER_MAX_BYTES / 1024);
        goto done;
    }
    if (!(l = calloc(1, sizeof *l)) || !(l->name = strdup(c.file))) {
        rc = vg_error_oom();
        goto done;
    }
    if (!yaml_parser_initialize(&parser)) {
        rc = vg_error_oom();
        goto done;
    }
    have_parser = 1;
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        rc = vg_error_set(VG_EINVALID, "%s:%lu: %s", c.file,
                          (unsigned long)parser.problem_mark.line + 1,
                          parser.problem ? parser.problem : _("not valid YAML"));
        goto done;
    }
    have_doc = 1;
    root = yaml_document_get_root_node(&doc);
    if (!root || root->type != YAML_MAPPING_NODE) {
        rc = fail_at(&c, root, "%s", _("a ladder is a mapping with \"format\" and \"steps\""));
        goto done;
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        const yaml_node_t *k = yaml_document_get_node(&doc, p->key);
        const yaml_node_t *v = yaml_document_get_node(&doc, p->value);
        const char *key = scalar(k);
        if (key && !strcmp(key, "format")) {
            if (!scalar(v) || strcmp(scalar(v), "vigie-checkin-ladder 1") != 0) {
                rc = fail_at(&c, v, "%s", _("\"format\" must be \"vigie-checkin-ladder 1\""));
                goto done;
            }
            have_format = 1;
        } else if (key && !strcmp(key, "steps")) {
            if (steps) {
                rc = fail_at(&c, k, _("\"%s\" is given twice"), key);
                goto done;
            }
            steps = v;
            if ((rc = read_steps(&c, v, l)) != VG_OK)
                goto done;
        } else if (key && !strcmp(key, "alerts")) {
            if ((rc = read_alerts(&c, v, l)) != VG_OK)
                goto done;
        } else {
            rc =
                fail_at(&c, k, _("unknown key \"%.40s\" (format, steps, alerts)"), key ? key : "?");
            goto done;
        }
    }
    if (!have_format) {
        rc = fail_at(&c, root, "%s", _("\"format: vigie-checkin-ladder 1\" is missing"));
        goto done;
    }
    if (!steps) {
        rc = fail_at(&c, root, "%s", _("\"steps\" is missing"));
        goto done;
    }
    *out = l;
    l = NULL;
done:
    if (have_doc)
        yaml_document_delete(&doc);
    if (have_parser)
        yaml_parser_delete(&parser);
    vg_ladder_free(l);
    return rc;
}

int vg_ladder_load(vg_ladder **out, const char *path)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    const char *base = strrchr(path, '/');
    int rc = vg_file_read(path, LADDER_MAX_BYTES, &buf, &len);
    *out = NULL;
    if (rc == VG_ENOTFOUND)
        return vg_error_set(rc, _("no ladder file \"%s\""), path);
    if (rc == VG_EINVALID)
        return vg_error_set(rc, _("%s: larger than %d KiB"), path, LADDER_MAX_BYTES / 1024);
    if (rc != VG_OK)
        return rc;
    rc = vg_ladder_parse(out, (const char *)buf, len, base ? base + 1 : path);
    free(buf);
    return rc;
}

int vg_ladder_default(vg_ladder **out, const char *data_dir)
{
    char *path = vg_path_join(data_dir ? data_dir : ".", "templates/checkin-ladder.yaml");
    int rc;
    if (!path)
        return vg_error_oom();
    rc = vg_ladder_load(out, path);
    free(path);
    return rc;
}

static void step_clear(vg_ladder_step *s)
{
    free(s->action[0]);
    free(s->action[1]);
}

void vg_ladder_free(vg_ladder *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->nsteps; i++)
        step_clear(&l->steps[i]);
    for (size_t i = 0; i < sizeof l->alerts / sizeof l->alerts[0]; i++)
        step_clear(&l->alerts[i]);
    free(l->name);
    free(l);
}

int64_t vg_ladder_delay(const vg_ladder_step *s, int travelling)
{
    return travelling ? s->after_travelling : s->after;
}

int vg_ladder_step_at(const vg_ladder *l, int64_t late, int travelling)
{
    int step = -1;
    for (size_t i = 0; i < l->nsteps; i++)
        if (vg_ladder_delay(&l->steps[i], travelling) <= late)
            step = (int)i;
    return step;
}
