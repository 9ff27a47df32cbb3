/* checkin plan|ladder|expect|log|history|status|resolve: the follow-up of
 * a delegation in the field. `status` is the night-watch view: open alerts
 * first, then whoever is late with the ladder step reached and whom to
 * call, then everyone else; its exit code (0, 3, 4) serves cron jobs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/advisory.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>

#include "cli.h"

/* "40 s", "12 min", "2 h", "2 h 05 min", "3 d", "3 d 4 h" */
static void span(char *out, size_t cap, int64_t s)
{
    long long d, h, m;
    if (s < 0)
        s = -s;
    d = s / 86400;
    h = s / 3600 % 24;
    m = s / 60 % 60;
    if (s < 60)
        snprintf(out, cap, _("%lld s"), (long long)s);
    else if (s < 3600)
        snprintf(out, cap, _("%lld min"), m);
    else if (s < 86400 && m == 0)
        snprintf(out, cap, _("%lld h"), h);
    else if (s < 86400)
        snprintf(out, cap, _("%lld h %02lld min"), h, m);
    else if (h == 0)
        snprintf(out, cap, _("%lld d"), d);
    else
        snprintf(out, cap, _("%lld d %lld h"), d, h);
}

static void local(char out[48], int64_t t, const char *tz)
{
    if (vg_time_format_local(out, t, tz) != VG_OK)
        vg_time_format_utc(out, t);
}

static const char *action_of(const cli_ctx *ctx, const vg_ladder_step *s)
{
    const char *a = s->action[strcmp(ctx->lang, "fr") == 0 ? 0 : 1];
    return a ? a : "";
}

/* "T+30 min" */
static void step_name(char *out, size_t cap, const vg_ladder_step *s, int travelling)
{
    char d[32];
    int64_t v = vg_ladder_delay(s, travelling);
    if (v == 0)
        snprintf(out, cap, "T+0");
    else {
        span(d, sizeof d, v);
        snprintf(out, cap, "T+%s", d);
    }
}

/* Open the store and get the delegation (for its zone). */
static int open_deleg(cli_ctx *ctx, const char *slug, vg_store **st, vg_delegation **d)
{
    int rc = cli_open_store(ctx, st);
    if (rc == VG_OK)
        rc = vg_delegation_get(*st, slug, d);
    return rc;
}

/* A time option: ISO 8601 with an offset, or local time in the delegation's
 * zone; `dflt` when absent. */
static int time_opt(const cli_args *a, const char *name, const vg_delegation *d, int64_t dflt,
                    int64_t *out)
{
    const char *v = cli_opt_value(a, name);
    if (!v) {
        *out = dflt;
        return VG_OK;
    }
    if (!strcmp(v, "now")) {
        *out = vg_now();
        return VG_OK;
    }
    return vg_time_parse(out, v, d->tz);
}

static int minutes_opt(const cli_args *a, const char *name, int dflt, int lo, int hi, int *out)
{
    const char *v = cli_opt_value(a, name);
    char *end;
    long n;
    if (!v) {
        *out = dflt;
        return EXIT_DONE;
    }
    n = strtol(v, &end, 10);
    if (end == v || *end || n < lo || n > hi)
        return cli_usage_error(a->cmd, _("--%s: \"%s\" is not a number of minutes from %d to %d"),
                               name, v, lo, hi);
    *out = (int)n;
    return EXIT_DONE;
}

static void print_ladder(const cli_ctx *ctx, const vg_ladder *l, int own)
{
    char name[48], trav[48];
    printf(own ? _("Escalation ladder: this delegation's own (%s)\n")
               : _("Escalation ladder: the default (%s)\n"),
           l->name);
    for (size_t i = 0; i < l->nsteps; i++) {
        const vg_ladder_step *s = &l->steps[i];
        step_name(name, sizeof name, s, 0);
        if (s->after_travelling != s->after) {
            step_name(trav, sizeof trav, s, 1);
            printf("  %s (%s %s)\n", name, _("travelling:"), trav);
        } else {
            printf("  %s\n", name);
        }
        printf("      %s\n      %s", action_of(ctx, s), _("contact:"));
        for (int r = 0; r < VG_ROLE_COUNT; r++)
            if (s->roles & (1u << r))
                printf(" %s", vg_role_label((vg_role)r));
        putchar('\n');
    }
}

static void json_ladder(cli_json *j, const cli_ctx *ctx, const vg_ladder *l)
{
    json_arr(j);
    for (size_t i = 0; i < l->nsteps; i++) {
        const vg_ladder_step *s = &l->steps[i];
        json_obj(j);
        json_kint(j, "after_seconds", s->after);
        json_kint(j, "travelling_after_seconds", s->after_travelling);
        json_key(j, "contact");
        json_arr(j);
        for (int r = 0; r < VG_ROLE_COUNT; r++)
            if (s->roles & (1u << r))
                json_str(j, vg_role_name((vg_role)r));
        json_end_arr(j);
        json_kstr(j, "action", action_of(ctx, s));
        json_end_obj(j);
    }
    json_end_arr(j);
}

/* ---- plan ---- */

static int show_plan(cli_ctx *ctx, vg_store *st, const vg_delegation *d)
{
    vg_checkin_plan p;
    vg_ladder *l = NULL;
    int rc = vg_checkin_plan_get(st, d->slug, &p);
    if (rc == VG_OK)
        rc = vg_checkin_ladder_get(st, d->slug, ctx->data_dir, &l);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        cli_json j;
        char hm[32];
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "delegation", d->slug);
        json_kstr(&j, "tz", d->tz);
        json_key(&j, "daily");
        json_arr(&j);
        for (int i = 0; i < p.ndaily; i++) {
            snprintf(hm, sizeof hm, "%02d:%02d", p.daily[i] / 60, p.daily[i] % 60);
            json_str(&j, hm);
        }
        json_end_arr(&j);
        json_kint(&j, "grace_minutes", p.grace);
        json_kint(&j, "early_minutes", p.early);
        json_kbool(&j, "own_ladder", p.has_ladder);
        json_key(&j, "ladder");
        json_ladder(&j, ctx, l);
        json_end_obj(&j);
        json_done(&j);
    } else {
        printf(_("Check-in plan of %s (local time, %s):\n"), d->slug, d->tz);
        printf("  %s", _("daily at"));
        for (int i = 0; i < p.ndaily; i++)
            printf("%s %02d:%02d", i ? "," : "", p.daily[i] / 60, p.daily[i] % 60);
        printf("\n  ");
        printf(_("on time from %d min before to %d min after each time\n"), p.early, p.grace);
        print_ladder(ctx, l, p.has_ladder);
    }
    vg_ladder_free(l);
    return EXIT_DONE;
}

static int read_ladder_file(const char *path, char **text, size_t *len)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 64 * 1024 + 1, n;
    *text = NULL;
    if (!f)
        return vg_error_set(VG_ENOTFOUND, _("cannot read '%s': %s"), path, strerror(errno));
    *text = malloc(cap);
    if (!*text) {
        fclose(f);
        return vg_error_set(VG_ENOMEM, "%s", _("out of memory"));
    }
    n = fread(*text, 1, cap, f);
    fclose(f);
    if (n == cap) {
        free(*text);
        *text = NULL;
        return vg_error_set(VG_EINVALID, _("%s: larger than %d KiB"), path, 64);
    }
    *len = n;
    return VG_OK;
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

static int cmd_plan(cli_ctx *ctx, cli_args *a)
{
    const char *daily[VG_CHECKIN_MAX_DAILY + 1];
    int nd = cli_opt_values(a, "daily", daily, VG_CHECKIN_MAX_DAILY + 1), code;
    const char *ladder = cli_opt_value(a, "ladder");
    vg_checkin_plan p = {0};
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    char *text = NULL;
    size_t len = 0;
    int rc;

    if (nd == 0 && (cli_opt_value(a, "grace") || cli_opt_value(a, "early") || ladder))
        return cli_usage_error(a->cmd, "%s", _("--daily HH:MM is needed to set a plan"));
    if (nd > VG_CHECKIN_MAX_DAILY)
        return cli_usage_error(a->cmd, _("at most %d --daily times"), VG_CHECKIN_MAX_DAILY);
    for (int i = 0; i < nd; i++)
        if (vg_checkin_hhmm_parse(daily[i], &p.daily[i]) != VG_OK)
            return cli_usage_error(a->cmd, "--daily: %s", vg_error_last());
    p.ndaily = nd;
    if ((code = minutes_opt(a, "grace", 30, 1, 720, &p.grace)) != EXIT_DONE ||
        (code = minutes_opt(a, "early", p.grace, 0, 720, &p.early)) != EXIT_DONE)
        return code;
    if ((rc = open_deleg(ctx, a->argv[0], &st, &d)) != VG_OK) {
        code = cli_fail(rc);
        goto done;
    }
    if (nd == 0) {
        code = show_plan(ctx, st, d);
        goto done;
    }
    if (ladder && (rc = read_ladder_file(ladder, &text, &len)) != VG_OK) {
        code = cli_fail(rc);
        goto done;
    }
    if ((rc = vg_store_begin(st)) == VG_OK) {
        rc = vg_checkin_plan_set(st, d->slug, &p);
        if (rc == VG_OK)
            rc = vg_checkin_plan_get(st, d->slug, &p); /* sorted */
        if (rc == VG_OK && text)
            rc = vg_checkin_ladder_set(st, d->slug, text, len, base_name(ladder));
        rc = cli_finish(st, rc);
    }
    if (rc != VG_OK) {
        code = cli_fail(rc);
        goto done;
    }
    code = ctx->json ? show_plan(ctx, st, d) : EXIT_DONE;
    if (!ctx->json) {
        printf(_("Check-in plan of %s set:"), d->slug);
        for (int i = 0; i < p.ndaily; i++)
            printf("%s %02d:%02d", i ? "," : "", p.daily[i] / 60, p.daily[i] % 60);
        printf(" (%s), ", d->tz);
        printf(_("on time from %d min before to %d min after.\n"), p.early, p.grace);
        if (text)
            printf(_("Escalation ladder: %s.\n"), base_name(ladder));
    }
done:
    free(text);
    vg_delegation_free(d);
    vg_store_close(st);
    return code;
}

static int cmd_ladder(cli_ctx *ctx, cli_args *a)
{
    const char *file = cli_opt_value(a, "file");
    int dflt = cli_flag(a, "default"), code = EXIT_DONE, rc;
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    vg_ladder *l = NULL;
    char *text = NULL;
    size_t len = 0;

    if (file && dflt)
        return cli_usage_error(a->cmd, "%s", _("--file and --default exclude each other"));
    if ((rc = open_deleg(ctx, a->argv[0], &st, &d)) != VG_OK) {
        code = cli_fail(rc);
        goto done;
    }
    if (file && (rc = read_ladder_file(file, &text, &len)) != VG_OK) {
        code = cli_fail(rc);
        goto done;
    }
    if (file || dflt) {
        if ((rc = vg_store_begin(st)) == VG_OK)
            rc = cli_finish(
                st, vg_checkin_ladder_set(st, d->slug, text, len, file ? base_name(file) : NULL));
        if (rc != VG_OK) {
            code = cli_fail(rc);
            goto done;
        }
    }
    if ((rc = vg_checkin_ladder_get(st, d->slug, ctx->data_dir, &l)) != VG_OK) {
        code = cli_fail(rc);
        goto done;
    }
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "delegation", d->slug);
        json_kstr(&j, "source", l->name);
        json_key(&j, "steps");
        json_ladder(&j, ctx, l);
        json_end_obj(&j);
        json_done(&j);
    } else {
        vg_checkin_plan p;
        int own = vg_checkin_plan_get(st, d->slug, &p) == VG_OK && p.has_ladder;
        print_ladder(ctx, l, own);
    }
done:
    free(text);
    vg_ladder_free(l);
    vg_delegation_free(d);
    vg_store_close(st);
    return code;
}

/* ---- expect ---- */

static int cmd_expect(cli_ctx *ctx, cli_args *a)
{
    const char *who = cli_opt_value(a, "participant"), *reason = cli_opt_value(a, "reason");
    int all = cli_flag(a, "all"), cancel = cli_flag(a, "cancel"), code = EXIT_DONE, rc, grace;
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    vg_participant **people = NULL, *one = NULL;
    size_t n = 0;
    int64_t by = 0, from = 0;

    if (!!who == !!all)
        return cli_usage_error(a->cmd, "%s", _("name one --participant, or --all"));
    if (!cancel && (!cli_opt_value(a, "by") || !reason))
        return cli_usage_error(a->cmd, "%s", _("--by TIME and --reason TEXT are needed"));
    if ((code = minutes_opt(a, "grace", -1, 1, 720, &grace)) != EXIT_DONE)
        return code;
    if ((rc = open_deleg(ctx, a->argv[0], &st, &d)) != VG_OK)
        goto fail;
    if (who) {
        if ((rc = vg_participant_find(st, d->slug, who, &one)) != VG_OK)
            goto fail;
        people = &one;
        n = 1;
    } else if ((rc = vg_participant_list(st, d->slug, &people, &n)) != VG_OK) {
        goto fail;
    }
    if (!cancel && ((rc = time_opt(a, "by", d, 0, &by)) != VG_OK ||
                    (rc = time_opt(a, "from", d, vg_now(), &from)) != VG_OK))
        goto fail;
    if ((rc = vg_store_begin(st)) != VG_OK)
        goto fail;
    for (size_t i = 0; i < n && rc == VG_OK; i++) {
        if (cancel) {
            int count = 0;
            rc = vg_checkin_expect_cancel(st, d->slug, people[i]->id, vg_now(), &count);
            if (rc == VG_ENOTFOUND && all) {
                vg_error_clear();
                rc = VG_OK;
            } else if (rc == VG_OK && !ctx->json) {
                printf(_("%s: %d one-off check-in(s) cancelled\n"), people[i]->v[VG_PF_NAME],
                       count);
            }
        } else {
            vg_checkin_expectation e = {people[i]->id, from,   by,
                                        grace,         reason, !cli_flag(a, "not-travelling")};
            rc = vg_checkin_expect(st, d->slug, &e, NULL);
        }
    }
    if ((rc = cli_finish(st, rc)) != VG_OK)
        goto fail;
    if (!cancel && !ctx->json) {
        char b[48], f[48];
        local(b, by, d->tz);
        local(f, from, d->tz);
        if (who)
            printf(_("Check-in of %s expected by %s (counts from %s): %s\n"),
                   people[0]->v[VG_PF_NAME], b, f, reason);
        else
            printf(_("Check-in of all %zu participants expected by %s (counts from %s): %s\n"), n,
                   b, f, reason);
    }
    goto done;
fail:
    code = cli_fail(rc);
done:
    if (one)
        vg_participant_free(one);
    else
        vg_participant_list_free(people, n);
    vg_delegation_free(d);
    vg_store_close(st);
    return code;
}

/* ---- log ---- */

static int cmd_log(cli_ctx *ctx, cli_args *a)
{
    const char *who = cli_opt_value(a, "participant"), *status = cli_opt_value(a, "status");
    vg_checkin c = {0};
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    vg_participant *p = NULL;
    int64_t id = 0;
    int code = EXIT_DONE, rc;
    char when[48];

    if (!who)
        return cli_usage_error(a->cmd, "%s", _("--participant NAME is needed"));
    if (status && vg_checkin_status_parse(status, &c.status) != VG_OK)
        return cli_usage_error(a->cmd, "--status: %s", vg_error_last());
    c.where = cli_opt_value(a, "where");
    c.via = cli_opt_value(a, "via");
    c.note = cli_opt_value(a, "note");
    c.source = "manual";
    c.duress = cli_flag(a, "duress");
    if ((rc = open_deleg(ctx, a->argv[0], &st, &d)) != VG_OK ||
        (rc = vg_participant_find(st, d->slug, who, &p)) != VG_OK ||
        (rc = time_opt(a, "at", d, vg_now(), &c.at)) != VG_OK)
        goto fail;
    c.participant_id = p->id;
    if ((rc = vg_store_begin(st)) != VG_OK ||
        (rc = cli_finish(st, vg_checkin_log(st, d->slug, &c, &id))) != VG_OK)
        goto fail;
    local(when, c.at, d->tz);
    if (ctx->json) {
        cli_json j;
        char utc[32];
        vg_time_format_utc(utc, c.at);
        json_init(&j, stdout);
        json_obj(&j);
        json_kint(&j, "id", id);
        json_kstr(&j, "participant", p->v[VG_PF_NAME]);
        json_kstr(&j, "at", utc);
        json_kstr(&j, "status", vg_checkin_status_name(c.status));
        json_kbool(&j, "alert_opened", c.status != VG_CHECKIN_OK || c.duress);
        json_end_obj(&j);
        json_done(&j);
    } else {
        cli_print_named(_("Check-in of %s logged: %s, %s\n"), p->v[VG_PF_NAME], when,
                        vg_checkin_status_label(c.status));
        if (c.status != VG_CHECKIN_OK || c.duress)
            printf(_("ALERT opened: see 'vigie checkin status %s' for what to do now.\n"), d->slug);
    }
    {
        /* A check-in outside the delegation's dates is kept, and said so. */
        int32_t day;
        char ymd[16], s1[16], s2[16];
        snprintf(ymd, sizeof ymd, "%.10s", when);
        if (vg_date_parse(&day, ymd) == VG_OK && (day < d->start_day || day > d->end_day)) {
            vg_date_format(s1, d->start_day);
            vg_date_format(s2, d->end_day);
            cli_warn(_("this check-in falls outside the delegation's dates (%s to %s)"), s1, s2);
        }
    }
    /* Like 'checkin import' and 'checkin code': exit 4 when an alert was opened. */
    if (c.status != VG_CHECKIN_OK || c.duress)
        code = EXIT_ALERT;
    goto done;
fail:
    code = cli_fail(rc);
done:
    vg_participant_free(p);
    vg_delegation_free(d);
    vg_store_close(st);
    return code;
}

/* ---- history ---- */

/* The whole history is streamed from the store (vg_checkin_each_of), never
 * held: a first walk measures the columns, the second prints them (JSON
 * needs one). Memory stays flat with the length of the log. */
typedef struct {
    const cli_ctx *ctx;
    const char *tz;
    int pass; /* 0: measure, 1: print table, 2: JSON */
    size_t rows;
    size_t w[7];
    cli_json *j;
} hist_walk;

static void hist_json(cli_json *j, const vg_checkin_entry *e)
{
    char utc[32];
    vg_time_format_utc(utc, e->at);
    json_obj(j);
    json_kint(j, "id", e->id);
    json_kstr(j, "participant", e->participant);
    json_kstr(j, "at", utc);
    json_kstr(j, "status", vg_checkin_status_name(e->status));
    json_kstr(j, "where", e->where);
    json_kstr(j, "via", e->via);
    json_kstr(j, "note", e->note);
    json_kstr(j, "source", e->source);
    vg_time_format_utc(utc, e->logged);
    json_kstr(j, "logged", utc);
    json_end_obj(j);
}

static int hist_row(const vg_checkin_entry *e, void *payload)
{
    hist_walk *h = payload;
    char when[48];
    const char *cell[7];
    h->rows++;
    if (h->pass == 2) {
        hist_json(h->j, e);
        return 0;
    }
    local(when, e->at, h->tz);
    cell[0] = when;
    cell[1] = e->participant ? e->participant : "-";
    cell[2] = vg_checkin_status_label(e->status);
    cell[3] = e->where ? e->where : "";
    cell[4] = e->via ? e->via : "";
    cell[5] = e->note ? e->note : "";
    cell[6] = vg_checkin_source_label(e->source);
    for (int c = 0; c < 7; c++) {
        if (h->pass == 0) {
            size_t x = cli_width(cell[c]);
            if (x > h->w[c])
                h->w[c] = x;
        } else if (c == 6) {
            fputs(cell[c], stdout);
        } else {
            cli_pad(stdout, cell[c], h->w[c]);
            fputs("  ", stdout);
        }
    }
    if (h->pass == 1)
        fputc('\n', stdout);
    return 0;
}

static int cmd_history(cli_ctx *ctx, cli_args *a)
{
    const char *who = cli_opt_value(a, "participant"), *last = cli_opt_value(a, "last");
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    vg_participant *p = NULL;
    vg_checkin_entry *e = NULL;
    size_t n = 0;
    long nlast = 0;
    int code = EXIT_DONE, rc;
    const char *head[7] = {_("WHEN"), _("PARTICIPANT"), _("STATUS"), _("WHERE"),
                           _("VIA"),  _("NOTE"),        _("SOURCE")};
    hist_walk h = {ctx, NULL, 0, 0, {0}, NULL};
    int snap = 0;

    if (last) {
        char *end;
        nlast = strtol(last, &end, 10);
        if (*end || nlast <= 0)
            return cli_usage_error(a->cmd, _("--last: \"%s\" is not a positive number"), last);
    }
    /* both walks read one snapshot of the store */
    if ((rc = open_deleg(ctx, a->argv[0], &st, &d)) != VG_OK ||
        (rc = vg_store_read_begin(st, &snap)) != VG_OK ||
        (who && (rc = vg_participant_find(st, d->slug, who, &p)) != VG_OK) ||
        (nlast && (rc = vg_checkin_history(st, d->slug, p ? p->id : 0, nlast, &e, &n)) != VG_OK)) {
        code = cli_fail(rc);
        goto done;
    }
    h.tz = d->tz;
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_arr(&j);
        if (nlast) {
            for (size_t i = 0; i < n; i++)
                hist_json(&j, &e[i]);
        } else {
            h.pass = 2;
            h.j = &j;
            if ((rc = vg_checkin_each_of(st, d->slug, p ? p->id : 0, hist_row, &h)) != VG_OK) {
                code = cli_fail(rc);
                goto done;
            }
        }
        json_end_arr(&j);
        json_done(&j);
        goto done;
    }
    if (nlast) {
        for (size_t i = 0; i < n; i++)
            hist_row(&e[i], &h);
    } else if ((rc = vg_checkin_each_of(st, d->slug, p ? p->id : 0, hist_row, &h)) != VG_OK) {
        code = cli_fail(rc);
        goto done;
    }
    if (h.rows == 0) {
        printf(_("No check-in logged for %s yet.\n"), p ? p->v[VG_PF_NAME] : d->slug);
        goto done;
    }
    printf(_("Check-ins of %s (local time, %s):\n"), d->slug, d->tz);
    fputs(cli_sgr(ctx, "1"), stdout);
    for (int c = 0; c < 7; c++) {
        size_t x = cli_width(head[c]);
        if (x > h.w[c])
            h.w[c] = x;
        if (c == 6) {
            fputs(head[c], stdout);
        } else {
            cli_pad(stdout, head[c], h.w[c]);
            fputs("  ", stdout);
        }
    }
    printf("%s\n", cli_sgr(ctx, "0"));
    h.pass = 1;
    if (nlast) {
        for (size_t i = 0; i < n; i++)
            hist_row(&e[i], &h);
    } else if ((rc = vg_checkin_each_of(st, d->slug, p ? p->id : 0, hist_row, &h)) != VG_OK) {
        code = cli_fail(rc);
        goto done;
    }
done:
    if (st)
        vg_store_read_end(st, snap);
    vg_checkin_entries_free(e, n);
    vg_participant_free(p);
    vg_delegation_free(d);
    vg_store_close(st);
    return code;
}

/* ---- alerts ---- */

static const char *episode_end_label(vg_episode_end e)
{
    switch (e) {
    case VG_EPISODE_OPEN:
        return _("still overdue");
    case VG_EPISODE_CHECKED_IN:
        return _("checked in");
    case VG_EPISODE_NOT_DUE:
        return _("nothing due any more");
    case VG_EPISODE_RESOLVED:
        return _("closed by the coordinator");
    }
    return "?";
}

/* "2 h 30" */
static void duration(char out[32], int64_t s)
{
    int64_t m = s / 60;
    if (m < 60)
        snprintf(out, 32, "%lld min", (long long)m);
    else
        snprintf(out, 32, "%lld h %02lld", (long long)(m / 60), (long long)(m % 60));
}

static void episodes_json(cli_json *j, const vg_episode_entry *e, size_t n)
{
    char utc[32];
    json_key(j, "episodes");
    json_arr(j);
    for (size_t i = 0; i < n; i++) {
        json_obj(j);
        json_kint(j, "id", e[i].id);
        json_kstr(j, "participant", e[i].participant);
        vg_time_format_utc(utc, e[i].due);
        json_kstr(j, "due", utc);
        vg_time_format_utc(utc, e[i].start);
        json_kstr(j, "overdue_from", utc);
        json_kint(j, "late_minutes", e[i].late / 60);
        json_kint(j, "step", e[i].step + 1);
        if (e[i].end) {
            vg_time_format_utc(utc, e[i].end);
            json_kstr(j, "ended", utc);
        } else {
            json_key(j, "ended");
            json_null(j);
        }
        json_kstr(j, "how", vg_episode_end_name(e[i].how));
        json_kstr(j, "reason", e[i].reason);
        json_kstr(j, "note", e[i].note);
        json_end_obj(j);
    }
    json_end_arr(j);
}

static void episodes_text(cli_ctx *ctx, const vg_episode_entry *e, size_t n, const char *tz)
{
    cli_table t;
    cli_table_init(&t, 7, _("OVERDUE FROM"), _("PARTICIPANT"), _("LATE"), _("STEP"), _("ENDED"),
                   _("HOW"), _("NOTE"));
    for (size_t i = 0; i < n; i++) {
        char from[48], end[48] = "-", late[32], step[16];
        local(from, e[i].start, tz);
        if (e[i].end)
            local(end, e[i].end, tz);
        duration(late, e[i].late);
        if (e[i].step >= 0)
            snprintf(step, sizeof step, "%d", e[i].step + 1);
        else
            snprintf(step, sizeof step, "-");
        cli_table_add(&t, from, e[i].participant ? e[i].participant : "-", late, step, end,
                      episode_end_label(e[i].how), e[i].note ? e[i].note : e[i].reason);
    }
    cli_table_print(ctx, &t, stdout);
    cli_table_free(&t);
}

static int cmd_alerts(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    vg_alert_entry *e = NULL;
    vg_episode_entry *ep = NULL;
    size_t n = 0, nep = 0;
    int code = EXIT_DONE, rc;

    if ((rc = open_deleg(ctx, a->argv[0], &st, &d)) != VG_OK ||
        (rc = vg_checkin_alerts(st, d->slug, cli_flag(a, "all"), &e, &n)) != VG_OK ||
        (rc = vg_checkin_episodes(st, d->slug, cli_flag(a, "all"), ctx->data_dir, &ep, &nep)) !=
            VG_OK) {
        code = cli_fail(rc);
        goto done;
    }
    if (ctx->json) {
        cli_json j;
        char utc[32];
        json_init(&j, stdout);
        json_obj(&j);
        json_key(&j, "alerts");
        json_arr(&j);
        for (size_t i = 0; i < n; i++) {
            json_obj(&j);
            json_kint(&j, "id", e[i].id);
            json_kstr(&j, "participant", e[i].participant);
            json_kstr(&j, "kind", vg_alert_kind_name(e[i].kind));
            vg_time_format_utc(utc, e[i].opened);
            json_kstr(&j, "opened", utc);
            if (e[i].resolved) {
                vg_time_format_utc(utc, e[i].resolved);
                json_kstr(&j, "resolved", utc);
            } else {
                json_key(&j, "resolved");
                json_null(&j);
            }
            if (e[i].checkin_at) {
                vg_time_format_utc(utc, e[i].checkin_at);
                json_kstr(&j, "checkin_at", utc);
            }
            json_kstr(&j, "where", e[i].where);
            json_kstr(&j, "detail", e[i].detail);
            json_kstr(&j, "note", e[i].note);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        episodes_json(&j, ep, nep);
        json_end_obj(&j);
        json_done(&j);
    } else if (n == 0) {
        printf("%s\n",
               cli_flag(a, "all") ? _("No alert in this delegation.") : _("No open alert."));
    }
    if (!ctx->json && n) {
        cli_table t;
        cli_table_init(&t, 6, _("OPENED"), _("PARTICIPANT"), _("ALERT"), _("WHERE"), _("RESOLVED"),
                       _("NOTE"));
        for (size_t i = 0; i < n; i++) {
            char op[48], rs[48] = "-", kind[96];
            local(op, e[i].checkin_at ? e[i].checkin_at : e[i].opened, d->tz);
            if (e[i].resolved)
                local(rs, e[i].resolved, d->tz);
            cli_table_add(&t, op, e[i].participant ? e[i].participant : "-",
                          cli_upper(kind, sizeof kind, vg_alert_kind_label(e[i].kind)), e[i].where,
                          e[i].resolved ? rs : _("OPEN"), e[i].note ? e[i].note : e[i].detail);
        }
        cli_table_print(ctx, &t, stdout);
        cli_table_free(&t);
    }
    if (!ctx->json && nep) {
        printf("\n%s\n", cli_flag(a, "all") ? _("Overdue episodes:") : _("Overdue now:"));
        episodes_text(ctx, ep, nep, d->tz);
    }
done:
    vg_episode_entries_free(ep, nep);
    vg_alert_entries_free(e, n);
    vg_delegation_free(d);
    vg_store_close(st);
    return code;
}

/* ---- status ---- */

static void print_callees(const vg_checkin_state *s)
{
    size_t w = 0;
    for (size_t i = 0; i < s->ncallees; i++)
        if (cli_width(vg_role_label(s->callees[i].role)) > w)
            w = cli_width(vg_role_label(s->callees[i].role));
    for (size_t i = 0; i < s->ncallees; i++) {
        const vg_callee *c = &s->callees[i];
        printf("      ");
        cli_pad(stdout, vg_role_label(c->role), w + 2);
        if (!c->name && !c->phone) {
            printf("%s\n", _("(nobody recorded: vigie contact add, or the participant's profile)"));
            continue;
        }
        printf("%s", c->name ? c->name : "");
        if (c->phone)
            printf("%s%s", c->name ? "  " : "", c->phone);
        if (c->email)
            printf("  %s", c->email);
        if (c->note)
            printf("  (%s)", c->note);
        putchar('\n');
    }
}

static const char *phase_name(vg_checkin_phase p)
{
    return p == VG_PHASE_BEFORE   ? "before"
           : p == VG_PHASE_AFTER  ? "after"
           : p == VG_PHASE_CLOSED ? "closed"
                                  : "during";
}

static void json_time(cli_json *j, const char *k, int64_t t)
{
    char utc[32];
    vg_time_format_utc(utc, t);
    json_kstr(j, k, utc);
}

/* A delegation in the field whose country's official advice (Canada's open
 * data, when imported) differs from its guide or is newer than its review:
 * 1 and *c filled (free it with vg_advisory_cmp_free), else 0. */
static int advisory_changed(const cli_ctx *ctx, vg_store *st, const vg_delegation *d, int64_t at,
                            vg_advisory_cmp *c)
{
    int att = 0;
    int32_t day = vg_day_at(at, d->tz);
    memset(c, 0, sizeof *c);
    if (day < d->start_day || day > d->end_day)
        return 0;
    if (vg_advisory_compare(st, ctx->data_dir, d->country, ctx->lang, c, &att) != VG_OK) {
        vg_error_clear();
        return 0;
    }
    if (c->level_differs || c->newer_than_guide)
        return 1;
    vg_advisory_cmp_free(c);
    return 0;
}

/* Said under the status, on standard error, whatever the check-ins say. */
static void advisory_note(const vg_advisory_cmp *c, const char *slug)
{
    char pub[16], rev[16];
    vg_date_format(pub, (int32_t)(c->official_published / 86400));
    vg_date_format(rev, c->guide_reviewed);
    cli_warn(_("%s is in the field and Canada's official advice for %s changed: level %d, "
               "published %s; the guide says level %d (reviewed %s). Read travel.gc.ca and "
               "brief the delegation."),
             slug, c->country, c->official_level, pub, c->guide_level, rev);
}

/* The same in --json: "advisory" is null when there is nothing to say. */
static void advisory_json(cli_json *j, const vg_advisory_cmp *c)
{
    char pub[16], rev[16];
    json_key(j, "advisory");
    if (!c) {
        json_null(j);
        return;
    }
    vg_date_format(pub, (int32_t)(c->official_published / 86400));
    vg_date_format(rev, c->guide_reviewed);
    json_obj(j);
    json_kstr(j, "country", c->country);
    json_kint(j, "official_level", c->official_level);
    json_kstr(j, "official_published", pub);
    json_kint(j, "guide_level", c->guide_level);
    json_kstr(j, "guide_version", c->guide_version);
    json_kstr(j, "guide_reviewed", rev);
    json_kbool(j, "level_differs", c->level_differs);
    json_kbool(j, "newer_than_guide", c->newer_than_guide);
    json_key(j, "region_differences");
    json_arr(j);
    for (size_t i = 0; i < c->nregion_diffs; i++)
        json_str(j, c->region_diffs[i]);
    json_end_arr(j);
    json_end_obj(j);
}

static void status_json(const cli_ctx *ctx, const vg_checkin_report *r, int code,
                        const vg_advisory_cmp *adv)
{
    cli_json j;
    json_init(&j, stdout);
    json_obj(&j);
    json_kstr(&j, "delegation", r->slug);
    json_kstr(&j, "tz", r->tz);
    json_time(&j, "at", r->at);
    json_kstr(&j, "phase", phase_name(r->phase));
    json_kbool(&j, "plan", r->has_plan);
    json_kint(&j, "alerts_open", (long long)r->nalerts);
    json_kint(&j, "overdue", (long long)r->noverdue);
    json_kint(&j, "exit", code);
    advisory_json(&j, adv);
    json_key(&j, "participants");
    json_arr(&j);
    for (size_t i = 0; i < r->n; i++) {
        const vg_checkin_state *s = &r->rows[i];
        json_obj(&j);
        json_kint(&j, "participant_id", s->participant_id);
        json_kstr(&j, "name", s->name);
        json_key(&j, "last_checkin");
        if (s->has_last) {
            json_obj(&j);
            json_time(&j, "at", s->last_at);
            json_kint(&j, "ago_seconds", r->at - s->last_at);
            json_kstr(&j, "status", vg_checkin_status_name(s->last_status));
            json_kstr(&j, "where", s->last_where);
            json_kstr(&j, "via", s->last_via);
            json_end_obj(&j);
        } else {
            json_null(&j);
        }
        json_key(&j, "next");
        if (s->has_next) {
            json_obj(&j);
            json_time(&j, "due", s->next_due);
            json_time(&j, "opens", s->next_opens);
            json_time(&j, "deadline", s->next_deadline);
            json_kstr(&j, "reason", s->next_reason);
            json_end_obj(&j);
        } else {
            json_null(&j);
        }
        json_kbool(&j, "overdue", s->overdue);
        json_kbool(&j, "travelling", s->travelling);
        if (s->overdue) {
            json_key(&j, "missed");
            json_obj(&j);
            json_time(&j, "due", s->missed_due);
            json_time(&j, "deadline", s->missed_deadline);
            json_kstr(&j, "reason", s->missed_reason);
            json_end_obj(&j);
            json_kint(&j, "late_seconds", s->late);
            json_key(&j, "step");
            if (s->step >= 0) {
                const vg_ladder_step *st = &r->ladder->steps[s->step];
                json_obj(&j);
                json_kint(&j, "index", s->step);
                json_kint(&j, "after_seconds", vg_ladder_delay(st, s->travelling));
                json_kstr(&j, "action", action_of(ctx, st));
                json_end_obj(&j);
            } else {
                json_null(&j);
            }
            if (s->next_step_at) {
                json_time(&j, "next_step_at", s->next_step_at);
            } else {
                json_key(&j, "next_step_at");
                json_null(&j);
            }
        }
        json_key(&j, "alerts");
        json_arr(&j);
        for (size_t k = 0; k < s->nalerts; k++) {
            const vg_alert *al = &s->alerts[k];
            json_obj(&j);
            json_kstr(&j, "kind", vg_alert_kind_name(al->kind));
            json_time(&j, "opened", al->opened);
            if (al->checkin_at)
                json_time(&j, "checkin_at", al->checkin_at);
            json_kstr(&j, "where", al->where);
            json_kstr(&j, "detail", al->detail);
            json_kstr(&j, "action", action_of(ctx, &r->ladder->alerts[al->kind]));
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_key(&j, "call");
        json_arr(&j);
        for (size_t k = 0; k < s->ncallees; k++) {
            const vg_callee *c = &s->callees[k];
            json_obj(&j);
            json_kstr(&j, "role", vg_role_name(c->role));
            json_kstr(&j, "name", c->name);
            json_kstr(&j, "phone", c->phone);
            json_kstr(&j, "email", c->email);
            json_kstr(&j, "note", c->note);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_end_obj(&j);
    }
    json_end_arr(&j);
    json_end_obj(&j);
    json_done(&j);
}

static void print_last(const vg_checkin_report *r, const vg_checkin_state *s)
{
    char when[48], ago[32];
    if (!s->has_last) {
        printf("    %s\n", _("last check-in: none yet"));
        return;
    }
    local(when, s->last_at, r->tz);
    span(ago, sizeof ago, r->at - s->last_at);
    printf("    ");
    printf(_("last check-in: %s (%s ago), %s"), when, ago, vg_checkin_status_label(s->last_status));
    if (s->last_where)
        printf(", %s", s->last_where);
    if (s->last_via)
        printf(_(" (via %s)"), s->last_via);
    putchar('\n');
}

static void status_text(const cli_ctx *ctx, const vg_checkin_report *r)
{
    char now[48], a[16], b[16];
    const char *bold = cli_sgr(ctx, "1"), *red = cli_sgr(ctx, "1;31"), *yel = cli_sgr(ctx, "1;33"),
               *off = cli_sgr(ctx, "0");
    size_t shown_alert = 0, shown_late = 0;

    local(now, r->at, r->tz);
    vg_date_format(a, r->start_day);
    vg_date_format(b, r->end_day);
    printf(_("%sCheck-ins of %s%s at %s (%s), delegation from %s to %s\n"), bold, r->slug, off, now,
           r->tz, a, b);
    if (r->has_plan) {
        printf("  %s", _("daily at"));
        for (int i = 0; i < r->plan.ndaily; i++)
            printf("%s %02d:%02d", i ? "," : "", r->plan.daily[i] / 60, r->plan.daily[i] % 60);
        printf(_(", on time from %d min before to %d min after; ladder: %s\n"), r->plan.early,
               r->plan.grace, r->ladder->name);
    } else {
        printf("  %s\n",
               _("no check-in plan: only one-off check-ins are followed (vigie checkin plan)"));
    }
    if (r->phase == VG_PHASE_BEFORE)
        printf("  %s\n", _("The delegation has not started: no daily check-in is due yet."));
    else if (r->phase == VG_PHASE_AFTER)
        printf("  %s\n", _("The delegation has ended: daily check-ins are over (one-off ones are "
                           "still followed)."));
    else if (r->phase == VG_PHASE_CLOSED)
        printf("  %s\n", _("The delegation is closed: nothing is due."));

    for (size_t i = 0; i < r->n; i++) {
        const vg_checkin_state *s = &r->rows[i];
        if (!s->nalerts)
            continue;
        if (!shown_alert++)
            printf("\n%s%s%s\n", red, _("OPEN ALERTS"), off);
        printf("  %s%s%s\n", red, s->name ? s->name : "?", off);
        for (size_t k = 0; k < s->nalerts; k++) {
            const vg_alert *al = &s->alerts[k];
            char when[48], ago[32], kind[96];
            local(when, al->checkin_at ? al->checkin_at : al->opened, r->tz);
            span(ago, sizeof ago, r->at - al->opened);
            /* TRANSLATORS: between a name or a label and what follows */
            printf("    %s%s%s%s", red, cli_upper(kind, sizeof kind, vg_alert_kind_label(al->kind)),
                   off, _(": "));
            printf(al->checkin_at ? _("check-in of %s") : _("since %s"), when);
            if (al->where)
                printf(", %s", al->where);
            printf(_(" (open for %s)"), ago);
            if (al->detail)
                printf(" — %s", al->detail);
            printf("\n      %s\n", action_of(ctx, &r->ladder->alerts[al->kind]));
        }
        print_last(r, s);
        if (s->overdue) {
            char late[32];
            span(late, sizeof late, s->late);
            printf("    ");
            printf(_("also late by %s\n"), late);
        }
        printf("    %s\n", _("call now:"));
        print_callees(s);
    }
    for (size_t i = 0; i < r->n; i++) {
        const vg_checkin_state *s = &r->rows[i];
        char late[32], due[48], dl[48];
        if (s->nalerts || !s->overdue)
            continue;
        if (!shown_late++)
            printf("\n%s%s%s\n", yel, _("OVERDUE"), off);
        span(late, sizeof late, s->late);
        local(due, s->missed_due, r->tz);
        local(dl, s->missed_deadline, r->tz);
        printf("  %s%s%s%s", yel, s->name ? s->name : "?", off, _(": "));
        printf(_("late by %s"), late);
        if (s->missed_reason)
            printf(_(" (one-off check-in due by %s: %s)"), due, s->missed_reason);
        else
            printf(_(" (check-in of %s, on time until %s)"), due, dl);
        if (s->travelling)
            printf(" — %s", _("travelling"));
        putchar('\n');
        print_last(r, s);
        if (s->step >= 0) {
            char name[48];
            const vg_ladder_step *st = &r->ladder->steps[s->step];
            step_name(name, sizeof name, st, s->travelling);
            printf("    %s", bold);
            printf(_("step %s — do now:"), name);
            printf("%s\n      %s\n", off, action_of(ctx, st));
            printf("    %s\n", _("call:"));
            print_callees(s);
            if (s->next_step_at) {
                char at[48];
                const vg_ladder_step *nx = &r->ladder->steps[s->step + 1];
                step_name(name, sizeof name, nx, s->travelling);
                local(at, s->next_step_at, r->tz);
                printf("    ");
                printf(_("next step at %s (%s): %s\n"), at, name, action_of(ctx, nx));
            }
        }
    }
    {
        size_t fine = r->n - shown_alert - shown_late;
        cli_table t;
        if (fine) {
            printf("\n%s%s%s\n", bold, _("ON TIME"), off);
            cli_table_init(&t, 4, _("PARTICIPANT"), _("LAST CHECK-IN"), _("AGO"), _("NEXT DUE"));
            for (size_t i = 0; i < r->n; i++) {
                const vg_checkin_state *s = &r->rows[i];
                char when[48] = "-", ago[32] = "-", next[48 + 256] = "-";
                if (s->nalerts || s->overdue)
                    continue;
                if (s->has_last) {
                    local(when, s->last_at, r->tz);
                    span(ago, sizeof ago, r->at - s->last_at);
                }
                if (s->has_next) {
                    char d[48];
                    local(d, s->next_due, r->tz);
                    if (s->next_reason)
                        snprintf(next, sizeof next, "%s (%.200s)", d, s->next_reason);
                    else
                        snprintf(next, sizeof next, "%s", d);
                }
                cli_table_add(&t, s->name ? s->name : "?", when, ago, next);
            }
            cli_table_print(ctx, &t, stdout);
            cli_table_free(&t);
        }
        printf("\n");
        if (r->n == 0)
            printf("%s\n", _("No participant in this delegation."));
        else
            printf(_("%zu open alert(s), %zu overdue, %zu on time.\n"), shown_alert, shown_late,
                   fine);
    }
}

/* Alerts other than "to review": a message to read is attention (exit 3),
 * not an alarm (exit 4). */
static size_t serious_alerts(const vg_checkin_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        for (size_t k = 0; k < r->rows[i].nalerts; k++)
            if (r->rows[i].alerts[k].kind != VG_ALERT_REVIEW) {
                n++;
                break;
            }
    return n;
}

/* Every delegation in the field (give or take the journeys there and home),
 * one after the other; the exit code is the worst of them. */
static int status_all(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_delegation **ds = NULL;
    size_t nd = 0, shown = 0;
    int rc, worst = EXIT_DONE;
    int64_t at = vg_now();
    const char *v = cli_opt_value(a, "at");

    if (v && strcmp(v, "now") && vg_time_parse(&at, v, NULL) != VG_OK)
        return cli_usage_error(a->cmd, "--at: %s", vg_error_last());
    if ((rc = cli_open_store(ctx, &st)) != VG_OK ||
        (rc = vg_delegation_list(st, &ds, &nd)) != VG_OK) {
        vg_store_close(st);
        return cli_fail(rc);
    }
    int32_t today = (int32_t)(at >= 0 ? at / 86400 : (at - 86399) / 86400);
    if (ctx->json)
        printf("[");
    for (size_t i = 0; i < nd; i++) {
        vg_checkin_report *r = NULL;
        vg_advisory_cmp c;
        int code, adv;
        if (ds[i]->closed || today < ds[i]->start_day - 3 || today > ds[i]->end_day + 3)
            continue;
        if ((rc = vg_checkin_report_get(st, ds[i]->slug, at, ctx->data_dir, &r)) != VG_OK) {
            worst = cli_fail(rc);
            break;
        }
        code = serious_alerts(r)           ? EXIT_ALERT
               : r->nalerts || r->noverdue ? EXIT_ATTENTION
                                           : EXIT_DONE;
        /* As for one delegation: episodes recorded, unless --at. */
        if (!v && vg_store_begin(st) == VG_OK &&
            cli_finish(st, vg_episode_sync(st, r, NULL)) != VG_OK) {
            cli_warn(_("overdue episodes not recorded: %s"), vg_error_last());
            vg_error_clear();
        }
        if (code > worst)
            worst = code;
        adv = advisory_changed(ctx, st, ds[i], at, &c);
        if (ctx->json) {
            if (shown)
                printf(",");
            fflush(stdout);
            status_json(ctx, r, code, adv ? &c : NULL);
        } else {
            if (shown)
                printf("\n");
            printf("== %s ==\n", r->slug);
            status_text(ctx, r);
            if (adv) {
                fflush(stdout);
                advisory_note(&c, ds[i]->slug);
            }
        }
        if (adv)
            vg_advisory_cmp_free(&c);
        shown++;
        vg_checkin_report_free(r);
    }
    if (ctx->json)
        printf("]\n");
    else if (!shown)
        printf("%s\n", _("No delegation in the field."));
    vg_delegation_list_free(ds, nd);
    vg_store_close(st);
    return worst;
}

static int cmd_status(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    vg_checkin_report *r = NULL;
    int64_t at;
    int code, rc;

    if (a->argc == 0)
        return status_all(ctx, a);

    if ((rc = open_deleg(ctx, a->argv[0], &st, &d)) != VG_OK ||
        (rc = time_opt(a, "at", d, vg_now(), &at)) != VG_OK ||
        (rc = vg_checkin_report_get(st, d->slug, at, ctx->data_dir, &r)) != VG_OK) {
        code = cli_fail(rc);
        goto done;
    }
    code = serious_alerts(r) ? EXIT_ALERT : r->nalerts || r->noverdue ? EXIT_ATTENTION : EXIT_DONE;
    /* The overdue episodes are kept as they run; a report of another time
     * (--at) changes nothing. Failing to record them never stops the
     * report. */
    if (!cli_opt_value(a, "at") && vg_store_begin(st) == VG_OK &&
        cli_finish(st, vg_episode_sync(st, r, NULL)) != VG_OK) {
        cli_warn(_("overdue episodes not recorded: %s"), vg_error_last());
        vg_error_clear();
    }
    {
        vg_advisory_cmp c;
        int adv = advisory_changed(ctx, st, d, at, &c);
        if (ctx->json) {
            status_json(ctx, r, code, adv ? &c : NULL);
        } else {
            status_text(ctx, r);
            if (adv) {
                fflush(stdout);
                advisory_note(&c, d->slug);
            }
        }
        if (adv)
            vg_advisory_cmp_free(&c);
    }
done:
    vg_checkin_report_free(r);
    vg_delegation_free(d);
    vg_store_close(st);
    return code;
}

/* ---- resolve ---- */

static int cmd_resolve(cli_ctx *ctx, cli_args *a)
{
    const char *who = cli_opt_value(a, "participant"), *note = cli_opt_value(a, "note");
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    vg_participant *p = NULL;
    int code = EXIT_DONE, rc;

    if (!who || !note)
        return cli_usage_error(a->cmd, "%s", _("--participant NAME and --note TEXT are needed"));
    if ((rc = open_deleg(ctx, a->argv[0], &st, &d)) != VG_OK ||
        (rc = vg_participant_find(st, d->slug, who, &p)) != VG_OK ||
        (rc = vg_store_begin(st)) != VG_OK ||
        (rc = cli_finish(st, vg_alert_resolve(st, d->slug, p->id, note))) != VG_OK) {
        code = cli_fail(rc);
        goto done;
    }
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "participant", p->v[VG_PF_NAME]);
        json_kbool(&j, "resolved", 1);
        json_end_obj(&j);
        json_done(&j);
    } else {
        printf(_("Alerts of %s resolved.\n"), p->v[VG_PF_NAME]);
    }
done:
    vg_participant_free(p);
    vg_delegation_free(d);
    vg_store_close(st);
    return code;
}

static const cli_opt plan_opts[] = {
    {"daily", OPT_MULTI, "HH:MM",
     N_("a daily check-in, local time of the delegation (repeat for several)")},
    {"grace", OPT_VALUE, "MINUTES",
     N_("minutes after the time a check-in is still on time (default 30)")},
    {"early", OPT_VALUE, "MINUTES",
     N_("minutes before the time a check-in already counts (default: the grace)")},
    {"ladder", OPT_VALUE, "FILE",
     N_("this delegation's own escalation ladder (YAML, see templates/)")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt ladder_opts[] = {
    {"file", OPT_VALUE, "FILE", N_("replace the delegation's ladder with this YAML file")},
    {"default", OPT_FLAG, NULL, N_("go back to the default ladder")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt expect_opts[] = {
    {"participant", OPT_VALUE, "NAME", N_("who (a unique prefix of the name is enough)")},
    {"all", OPT_FLAG, NULL, N_("every participant of the delegation")},
    {"by", OPT_VALUE, "TIME",
     N_("expected by then (local time of the delegation, or ISO 8601 with an offset)")},
    {"from", OPT_VALUE, "TIME", N_("check-ins count from then on (default: now)")},
    {"reason", OPT_VALUE, "TEXT", N_("why: the journey (\"Port-au-Prince - Jacmel by road\")")},
    {"grace", OPT_VALUE, "MINUTES",
     N_("minutes after TIME it is still on time (default: the plan's)")},
    {"not-travelling", OPT_FLAG, NULL,
     N_("use the ladder's normal delays, not the travelling ones")},
    {"cancel", OPT_FLAG, NULL, N_("cancel the pending one-off check-ins instead")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt log_opts[] = {
    {"participant", OPT_VALUE, "NAME",
     N_("who checked in (a unique prefix of the name is enough)")},
    {"status", OPT_VALUE, "ok|help|emergency",
     N_("what they said (default ok; help and emergency open an alert)")},
    {"at", OPT_VALUE, "TIME",
     N_("when (local time of the delegation, or ISO 8601 with an offset; default now)")},
    {"where", OPT_VALUE, "TEXT", N_("where they were")},
    {"via", OPT_VALUE, "TEXT", N_("the channel: Signal, WhatsApp, SMS, call...")},
    {"note", OPT_VALUE, "TEXT", N_("anything else said")},
    {"duress", OPT_FLAG, NULL, N_("the agreed duress word was used: opens a duress alert")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt history_opts[] = {
    {"participant", OPT_VALUE, "NAME", N_("only this participant")},
    {"last", OPT_VALUE, "N", N_("only the N most recent check-ins")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt status_opts[] = {
    {"at", OPT_VALUE, "TIME", N_("as things stood then (default now)")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt alerts_opts[] = {
    {"all", OPT_FLAG, NULL, N_("resolved alerts too, with their notes")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt resolve_opts[] = {
    {"participant", OPT_VALUE, "NAME", N_("whose alerts to close")},
    {"note", OPT_VALUE, "TEXT", N_("what happened, how it was resolved")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_checkin[] = {
    {"checkin", "plan", "SLUG", N_("set the daily check-ins (or show the plan)"), 1, 1, plan_opts,
     cmd_plan,
     N_("Times are in the delegation's local time zone; daylight-saving changes are\n"
        "followed through the system's time-zone database. Without --daily, shows the plan.")},
    {"checkin", "ladder", "SLUG", N_("show or replace the delegation's escalation ladder"), 1, 1,
     ladder_opts, cmd_ladder,
     N_("The default ladder is templates/checkin-ladder.yaml; copy it, edit it, and load\n"
        "it with --file. A bad file is refused with FILE:LINE and nothing changes.")},
    {"checkin", "expect", "SLUG", N_("expect a one-off check-in (a journey)"), 1, 1, expect_opts,
     cmd_expect,
     N_("A one-off check-in is a journey by default: the ladder's shorter travelling delays\n"
        "apply while it is open or missed.")},
    {"checkin", "log", "SLUG", N_("record a check-in received by any channel"), 1, 1, log_opts,
     cmd_log, N_("Exit 4 when the check-in opens an alert (help, emergency or duress).")},
    {"checkin", "history", "SLUG", N_("list the check-ins received"), 1, 1, history_opts,
     cmd_history, NULL},
    {"checkin", "status", "[SLUG]", N_("who is fine, who is late, what to do now and whom to call"),
     0, 1, status_opts, cmd_status,
     N_("Exit 0: all is well; 3: someone is overdue; 4: an alert is open (help,\n"
        "emergency, duress). Usable from cron or a monitoring script. Without SLUG, every\n"
        "delegation in the field (with --json, an array), and the exit code is the worst.")},
    {"checkin", "alerts", "SLUG",
     N_("list the open alerts (--all: resolved ones too, with their notes)"), 1, 1, alerts_opts,
     cmd_alerts, NULL},
    {"checkin", "resolve", "SLUG", N_("close a participant's open alerts, with a note"), 1, 1,
     resolve_opts, cmd_resolve, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
