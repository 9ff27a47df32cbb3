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
 * a step), errors as "FILE:LINE:COL: PATH: message" (util/yaml.c reads it). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/checkin.h>
#include <vigie/error.h>

#include "checkin/checkin_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/yaml.h"

#define LADDER_MAX_BYTES (64 * 1024)
#define LADDER_MAX_TEXT  600
#define LADDER_MAX_DELAY (30 * 86400)

static const char *const role_names[VG_ROLE_COUNT] = {
    "participant", "lead",        "kin",     "partner",     "accommodation", "emergency-service",
    "insurer",     "focal-point", "embassy", "crisis-cell", "ewrc",
};

static const char *const alert_names[] = {NULL,     "help",     "emergency",
                                          "duress", "guessing", "review"};

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
    return k >= VG_ALERT_HELP && k <= VG_ALERT_KIND_MAX ? alert_names[k] : "?";
}

typedef struct {
    const char *file;
} lctx;

static int fail_at(const lctx *c, const vg_ynode *n, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail_at(const lctx *c, const vg_ynode *n, const char *path, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return vg_yfail(c->file, n, path, "%s", msg);
}

static const char *scalar(const vg_ynode *n)
{
    return n && n->kind == VG_Y_SCALAR ? n->s : NULL;
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

static int read_text(const lctx *c, const vg_ynode *n, const char *path, char **out)
{
    const char *v = scalar(n);
    size_t len = v ? n->len : 0;
    if (!v)
        return fail_at(c, n, path, "%s", _("must be text"));
    if (len == 0 || len > LADDER_MAX_TEXT || strlen(v) != len)
        return fail_at(c, n, path, _("must hold 1 to %d characters"), LADDER_MAX_TEXT);
    if (!vg_ck_text_ok(v, len, 1))
        return fail_at(c, n, path, "%s", _("holds a control character or invalid UTF-8"));
    free(*out);
    if (!(*out = strdup(v)))
        return vg_error_oom();
    return VG_OK;
}

static int read_roles(const lctx *c, const vg_ynode *n, const char *path, unsigned *roles)
{
    char p[128];
    *roles = 0;
    if (n->kind != VG_Y_SEQ)
        return fail_at(c, n, path, "%s", _("must be a list of roles, such as [participant, lead]"));
    for (size_t i = 0; i < n->n; i++) {
        const vg_ynode *e = n->kids[i];
        const char *v = scalar(e);
        vg_role r;
        snprintf(p, sizeof p, "%s[%zu]", path, i);
        if (!v || vg_role_parse(v, &r) != VG_OK) {
            char list[256] = "";
            for (size_t j = 0, o = 0; j < VG_ROLE_COUNT && o < sizeof list; j++)
                o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", j ? ", " : "",
                                      role_names[j]);
            return fail_at(c, e, p, _("unknown role \"%.40s\" (known: %s)"), v ? v : "?", list);
        }
        if (*roles & (1u << r))
            return fail_at(c, e, p, _("role \"%s\" is listed twice"), v);
        *roles |= 1u << r;
    }
    if (!*roles)
        return fail_at(c, n, path, "%s", _("names no one"));
    return VG_OK;
}

/* One step (is_alert 0) or one alert's response (is_alert 1), at `path`. */
static int read_step(const lctx *c, const vg_ynode *n, const char *path, vg_ladder_step *st,
                     int is_alert)
{
    int have_after = 0, have_trav = 0, have_contact = 0, rc;
    char p[96];
    if (n->kind != VG_Y_MAP)
        return fail_at(c, n, path, "%s", _("a step must be a mapping (after, contact, fr, en)"));
    for (size_t i = 0; i + 1 < n->n; i += 2) {
        const vg_ynode *k = n->kids[i], *v = n->kids[i + 1];
        const char *key = k->s;
        snprintf(p, sizeof p, "%s.%s", path, key);
        if (!is_alert && (!strcmp(key, "after") || !strcmp(key, "travelling"))) {
            int64_t d;
            const char *val = scalar(v);
            if (!val || parse_delay(val, &d) != 0)
                return fail_at(c, v, p,
                               _("\"%.40s\" is not a delay such as 0, 45m, 1h, 1h30m or 1d "
                                 "(30 days at most)"),
                               val ? val : "?");
            if (key[0] == 'a') {
                have_after = 1;
                st->after = d;
            } else {
                have_trav = 1;
                st->after_travelling = d;
            }
        } else if (!strcmp(key, "contact")) {
            have_contact = 1;
            if ((rc = read_roles(c, v, p, &st->roles)) != VG_OK)
                return rc;
        } else if (!strcmp(key, "fr") || !strcmp(key, "en")) {
            if ((rc = read_text(c, v, p, &st->action[key[0] == 'e'])) != VG_OK)
                return rc;
        } else {
            return fail_at(c, k, path, _("unknown key \"%.40s\" (%s)"), key,
                           is_alert ? "contact, fr, en" : "after, travelling, contact, fr, en");
        }
    }
    if (!is_alert && !have_after)
        return fail_at(c, n, path, "%s", _("a step needs \"after\""));
    if (!have_contact)
        return fail_at(c, n, path, "%s", _("a step needs \"contact\""));
    if (!st->action[0] || !st->action[1])
        return fail_at(c, n, path, "%s",
                       _("a step needs its action in French (fr) and English (en)"));
    if (!have_trav)
        st->after_travelling = st->after;
    return VG_OK;
}

static int read_steps(const lctx *c, const vg_ynode *n, vg_ladder *l)
{
    char p[48];
    int rc;
    if (n->kind != VG_Y_SEQ)
        return fail_at(c, n, "steps", "%s", _("must be a list"));
    for (size_t i = 0; i < n->n; i++) {
        const vg_ynode *e = n->kids[i];
        vg_ladder_step *st;
        snprintf(p, sizeof p, "steps[%zu]", i);
        if (l->nsteps == VG_LADDER_MAX_STEPS)
            return fail_at(c, e, p, _("more than %d steps"), VG_LADDER_MAX_STEPS);
        st = &l->steps[l->nsteps++];
        if ((rc = read_step(c, e, p, st, 0)) != VG_OK)
            return rc;
        if (l->nsteps > 1) {
            const vg_ladder_step *prev = st - 1;
            if (st->after <= prev->after)
                return fail_at(c, e, p, "%s", _("\"after\" must grow from one step to the next"));
            if (st->after_travelling < prev->after_travelling)
                return fail_at(c, e, p, "%s",
                               _("\"travelling\" must not shrink from one step to the next"));
        }
    }
    if (l->nsteps == 0)
        return fail_at(c, n, "steps", "%s", _("is empty"));
    return VG_OK;
}

static int read_alerts(const lctx *c, const vg_ynode *n, vg_ladder *l)
{
    char p[48];
    int rc;
    if (n->kind != VG_Y_MAP)
        return fail_at(c, n, "alerts", "%s",
                       _("must be a mapping (help, emergency, duress, guessing, review)"));
    for (size_t i = 0; i + 1 < n->n; i += 2) {
        const vg_ynode *k = n->kids[i];
        int kind = 0;
        for (int j = VG_ALERT_HELP; j <= VG_ALERT_KIND_MAX; j++)
            if (!strcmp(k->s, alert_names[j]))
                kind = j;
        if (!kind)
            return fail_at(c, k, "alerts",
                           _("unknown alert \"%.40s\" (help, emergency, duress, guessing, review)"),
                           k->s);
        snprintf(p, sizeof p, "alerts.%s", k->s);
        if ((rc = read_step(c, n->kids[i + 1], p, &l->alerts[kind], 1)) != VG_OK)
            return rc;
    }
    return VG_OK;
}

int vg_ladder_parse(vg_ladder **out, const char *text, size_t len, const char *filename)
{
    vg_ydoc *doc = NULL;
    vg_ylimits lim = {0};
    int have_format = 0, rc = VG_OK;
    vg_ladder *l = NULL;
    lctx c = {filename ? filename : "ladder"};
    const vg_ynode *root, *steps = NULL;

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
    lim.name = c.file;
    lim.max_value = LADDER_MAX_TEXT * 4;
    lim.block_text = 1; /* the actions are prose, folded with >- */
    if ((rc = vg_yaml_read(&doc, text, len, &lim, NULL)) != VG_OK)
        goto done;
    root = vg_ydoc_root(doc);
    if (!root || root->kind != VG_Y_MAP) {
        rc =
            fail_at(&c, root, NULL, "%s", _("a ladder is a mapping with \"format\" and \"steps\""));
        goto done;
    }
    for (size_t i = 0; i + 1 < root->n; i += 2) {
        const vg_ynode *k = root->kids[i], *v = root->kids[i + 1];
        const char *key = k->s;
        if (!strcmp(key, "format")) {
            if (!scalar(v) || strcmp(scalar(v), "vigie-checkin-ladder 1") != 0) {
                rc = fail_at(&c, v, "format", "%s", _("must be \"vigie-checkin-ladder 1\""));
                goto done;
            }
            have_format = 1;
        } else if (!strcmp(key, "steps")) {
            steps = v;
            if ((rc = read_steps(&c, v, l)) != VG_OK)
                goto done;
        } else if (!strcmp(key, "alerts")) {
            if ((rc = read_alerts(&c, v, l)) != VG_OK)
                goto done;
        } else {
            rc = fail_at(&c, k, NULL, _("unknown key \"%.40s\" (format, steps, alerts)"), key);
            goto done;
        }
    }
    if (!have_format) {
        rc = fail_at(&c, root, NULL, "%s", _("\"format: vigie-checkin-ladder 1\" is missing"));
        goto done;
    }
    if (!steps) {
        rc = fail_at(&c, root, NULL, "%s", _("\"steps\" is missing"));
        goto done;
    }
    *out = l;
    l = NULL;
done:
    vg_ydoc_free(doc);
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
