/* incident add|from-alert|log|list|show|close: the incident register, from
 * the immediate report to the post-incident report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/error.h>
#include <vigie/incident.h>

#include "cli.h"

#define MAX_NAMES 32

static int open_delegation(cli_ctx *ctx, const char *slug, vg_store **st, vg_delegation **d)
{
    int rc = cli_open_store(ctx, st);
    if (rc == VG_OK)
        rc = vg_delegation_get(*st, slug, d);
    return rc;
}

/* ISO 8601 with an offset, or local time in the delegation's zone; 0 when
 * the option is absent or "now". */
static int time_opt(const cli_args *a, const char *name, const vg_delegation *d, int64_t *out)
{
    const char *v = cli_opt_value(a, name);
    *out = 0;
    if (!v || !strcmp(v, "now"))
        return VG_OK;
    return vg_time_parse(out, v, d->tz);
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* The report options shared by add and from-alert. */
static int read_report(const cli_args *a, vg_incident_report *r, const char **roles,
                       const char **names)
{
    const char *sev = cli_opt_value(a, "severity");
    const char *aff[MAX_NAMES], *wit[MAX_NAMES], *oth[MAX_NAMES];
    int na, nw, no;
    memset(r, 0, sizeof *r);
    r->category = cli_opt_value(a, "category");
    if (!r->category || !sev)
        return cli_usage_error(a->cmd, "%s", _("--category and --severity are needed"));
    if (!vg_incident_category_parse(r->category)) {
        cli_error(_("\"%s\" is not an incident category (see 'vigie incident add --help')"),
                  r->category);
        return EXIT_ERROR;
    }
    if (vg_incident_severity_parse(sev, &r->severity) != VG_OK) {
        cli_error("%s", vg_error_last());
        return EXIT_ERROR;
    }
    r->near_miss = cli_flag(a, "near-miss");
    r->seal = cli_flag(a, "seal");
    r->region = cli_opt_value(a, "region");
    r->place = cli_opt_value(a, "place");
    r->what = cli_opt_value(a, "what");
    r->done = cli_opt_value(a, "done");
    r->help = cli_opt_value(a, "help-needed");
    r->reported_by = cli_opt_value(a, "reported-by");
    na = cli_opt_values(a, "affected", aff, MAX_NAMES);
    nw = cli_opt_values(a, "witness", wit, MAX_NAMES);
    no = cli_opt_values(a, "involved", oth, MAX_NAMES);
    if (na + nw + no > MAX_NAMES)
        return cli_usage_error(a->cmd, _("at most %d people"), MAX_NAMES);
    for (int i = 0; i < na; i++, r->npeople++) {
        roles[r->npeople] = "affected";
        names[r->npeople] = aff[i];
    }
    for (int i = 0; i < nw; i++, r->npeople++) {
        roles[r->npeople] = "witness";
        names[r->npeople] = wit[i];
    }
    for (int i = 0; i < no; i++, r->npeople++) {
        roles[r->npeople] = "other";
        names[r->npeople] = oth[i];
    }
    r->person_roles = roles;
    r->person_names = names;
    return EXIT_DONE;
}

static void print_added(const cli_ctx *ctx, const char *slug, int num, const vg_incident *inc)
{
    if (ctx->json) {
        cli_json j;
        char ref[16];
        snprintf(ref, sizeof ref, "I%d", num);
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "incident", ref);
        json_kstr(&j, "delegation", slug);
        json_kbool(&j, "sealed", inc && inc->sealed);
        json_kint(&j, "risks_flagged", inc ? inc->risk_flagged : 0);
        json_end_obj(&j);
        json_done(&j);
        return;
    }
    printf(_("Incident I%d recorded for %s.\n"), num, slug);
    if (inc && inc->sealed)
        printf("%s\n", _("Its narrative and names are sealed (health or sexual violence): "
                         "shown only with --reveal."));
    if (inc && inc->risk_flagged)
        printf(ngettext("%lld risk of the register is flagged for review: 'vigie risk list %s'.\n",
                        "%lld risks of the register are flagged for review: 'vigie risk list "
                        "%s'.\n",
                        (unsigned long)inc->risk_flagged),
               (long long)inc->risk_flagged, slug);
    printf(_("Log each call, decision and message: 'vigie incident log %s I%d call \"...\"'.\n"),
           slug, num);
}

static int finish_added(cli_ctx *ctx, vg_store *st, const char *slug, int rc, int num)
{
    vg_incident *inc = NULL;
    char ref[16];
    rc = cli_finish(st, rc);
    if (rc == VG_OK) {
        snprintf(ref, sizeof ref, "I%d", num);
        if (vg_incident_get(st, slug, ref, &inc) == VG_OK)
            print_added(ctx, slug, num, inc);
        vg_incident_free(inc);
    }
    vg_store_close(st);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

static int cmd_add(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    vg_incident_report r;
    const char *roles[MAX_NAMES], *names[MAX_NAMES];
    int code = read_report(a, &r, roles, names), rc, num = 0;
    if (code != EXIT_DONE)
        return code;
    if (!r.what)
        return cli_usage_error(a->cmd, "%s", _("--what is needed: what happened"));
    if ((rc = open_delegation(ctx, a->argv[0], &st, &d)) == VG_OK &&
        (rc = time_opt(a, "at", d, &r.occurred)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK) {
        rc = vg_incident_add(st, a->argv[0], &r, &num);
        vg_delegation_free(d);
        return finish_added(ctx, st, a->argv[0], rc, num);
    }
    vg_delegation_free(d);
    vg_store_close(st);
    return cli_fail(rc);
}

static int cmd_from_alert(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    vg_incident_report r;
    const char *roles[MAX_NAMES + 1], *names[MAX_NAMES + 1];
    const char *alert = cli_opt_value(a, "alert"), *who = cli_opt_value(a, "participant");
    int64_t alert_id = 0;
    int code, rc, num = 0;
    if (!alert == !who)
        return cli_usage_error(a->cmd, "%s", _("give --alert ID or --participant NAME"));
    /* the alert's participant goes first, then the others */
    code = read_report(a, &r, roles + 1, names + 1);
    if (code != EXIT_DONE)
        return code;
    if (alert) {
        char *end;
        alert_id = strtoll(alert, &end, 10);
        if (*end || alert_id <= 0)
            return cli_usage_error(a->cmd, _("\"%s\" is not an alert number"), alert);
    } else {
        roles[0] = "affected";
        names[0] = who;
        r.person_roles = roles;
        r.person_names = names;
        r.npeople++;
    }
    if ((rc = open_delegation(ctx, a->argv[0], &st, &d)) == VG_OK &&
        (rc = time_opt(a, "at", d, &r.occurred)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK) {
        rc = vg_incident_from_alert(st, a->argv[0], ctx->data_dir, alert_id, &r, &num);
        vg_delegation_free(d);
        return finish_added(ctx, st, a->argv[0], rc, num);
    }
    vg_delegation_free(d);
    vg_store_close(st);
    return cli_fail(rc);
}

static int cmd_log(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    vg_entry_kind kind;
    int64_t at = 0;
    int rc;
    if (vg_incident_entry_parse(a->argv[2], &kind) != VG_OK) {
        cli_error("%s", vg_error_last());
        return EXIT_USAGE;
    }
    if ((rc = open_delegation(ctx, a->argv[0], &st, &d)) == VG_OK &&
        (rc = time_opt(a, "at", d, &at)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_incident_log(st, a->argv[0], a->argv[1], kind, at,
                                            cli_opt_value(a, "by"), a->argv[3]));
    if (rc == VG_OK) {
        char when[48];
        if (ctx->json)
            vg_time_format_utc(when, at ? at : vg_now());
        else
            vg_time_format_local(when, at ? at : vg_now(), d->tz);
        if (ctx->json)
            printf("{\"incident\":\"%s\",\"kind\":\"%s\",\"at\":\"%s\"}\n", a->argv[1],
                   vg_incident_entry_name(kind), when);
        else
            printf(_("Logged in %s %s at %s: %s.\n"), a->argv[0], a->argv[1], when,
                   vg_incident_entry_label(kind));
    }
    vg_delegation_free(d);
    vg_store_close(st);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

/* ---- list ---- */

static const char *kind_label(const vg_incident *i)
{
    return i->near_miss ? _("near miss") : _("incident");
}

static int cmd_list(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_incident **list = NULL;
    size_t n = 0;
    int open_only = cli_flag(a, "open");
    int rc = cli_open_store(ctx, &st);
    if (rc == VG_OK)
        rc = vg_incident_list(st, a->argc ? a->argv[0] : NULL, &list, &n);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_arr(&j);
        for (size_t i = 0; i < n; i++) {
            const vg_incident *x = list[i];
            char ref[16], when[32];
            if (open_only && x->closed)
                continue;
            snprintf(ref, sizeof ref, "I%d", x->num);
            vg_time_format_utc(when, x->occurred);
            json_obj(&j);
            json_kstr(&j, "delegation", x->slug);
            json_kstr(&j, "incident", ref);
            json_kbool(&j, "near_miss", x->near_miss);
            json_kstr(&j, "category", x->category);
            json_kint(&j, "severity", x->severity);
            json_kstr(&j, "occurred", when);
            json_kstr(&j, "country", x->country);
            json_kstr(&j, "region", x->region);
            json_kbool(&j, "sealed", x->sealed);
            json_kbool(&j, "closed", x->closed != 0);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_done(&j);
    } else if (n == 0) {
        printf("%s\n", _("No incident recorded."));
    } else {
        cli_table t;
        cli_table_init(&t, 8, _("DELEGATION"), _("REF"), _("DATE"), _("KIND"), _("CATEGORY"),
                       _("SEVERITY"), _("REGION"), _("STATE"));
        for (size_t i = 0; i < n; i++) {
            const vg_incident *x = list[i];
            char ref[16], day[16], sev[48];
            if (open_only && x->closed)
                continue;
            snprintf(ref, sizeof ref, "I%d", x->num);
            vg_date_format(day, vg_day_at(x->occurred, NULL));
            snprintf(sev, sizeof sev, "%d %s", x->severity,
                     vg_incident_severity_label(x->severity));
            cli_table_add(&t, x->slug, ref, day, kind_label(x),
                          vg_incident_category_label(x->category), sev, or_empty(x->region),
                          x->closed ? _("report written") : _("in progress"));
        }
        cli_table_print(ctx, &t, stdout);
        cli_table_free(&t);
    }
    vg_incident_list_free(list, n);
    return EXIT_DONE;
}

/* ---- show ---- */

static const char *sealed_text(const vg_incident *x, const char *t)
{
    if (t)
        return t;
    if (x->purged)
        return _("(erased with the participants' personal data)");
    if (x->sealed && !x->revealed)
        return _("(sealed: --reveal)");
    return "";
}

static void show_json(const vg_incident *x, const vg_incident_entry *e, size_t ne)
{
    cli_json j;
    char ref[16], when[32];
    json_init(&j, stdout);
    json_obj(&j);
    snprintf(ref, sizeof ref, "I%d", x->num);
    json_kstr(&j, "delegation", x->slug);
    json_kstr(&j, "incident", ref);
    json_kbool(&j, "near_miss", x->near_miss);
    json_kstr(&j, "category", x->category);
    json_kint(&j, "severity", x->severity);
    vg_time_format_utc(when, x->occurred);
    json_kstr(&j, "occurred", when);
    vg_time_format_utc(when, x->reported);
    json_kstr(&j, "reported", when);
    json_kstr(&j, "reported_by", x->reported_by);
    json_kstr(&j, "country", x->country);
    json_kstr(&j, "region", x->region);
    json_kstr(&j, "place", x->place);
    json_kstr(&j, "what", x->what);
    json_kstr(&j, "done", x->done);
    json_kstr(&j, "help_needed", x->help);
    json_kbool(&j, "sealed", x->sealed);
    json_kbool(&j, "purged", x->purged);
    json_kbool(&j, "revealed", x->revealed);
    if (x->alert_id)
        json_kint(&j, "alert", x->alert_id);
    json_kint(&j, "risks_flagged", x->risk_flagged);
    json_key(&j, "people");
    json_arr(&j);
    for (size_t i = 0; i < x->npeople; i++) {
        json_obj(&j);
        json_kstr(&j, "role", x->people[i].role);
        json_kbool(&j, "participant", x->people[i].participant_id > 0);
        json_kstr(&j, "name", x->people[i].name);
        json_end_obj(&j);
    }
    json_end_arr(&j);
    json_key(&j, "timeline");
    json_arr(&j);
    for (size_t i = 0; i < ne; i++) {
        vg_time_format_utc(when, e[i].at);
        json_obj(&j);
        json_kstr(&j, "at", when);
        json_kstr(&j, "kind", vg_incident_entry_name(e[i].kind));
        json_kstr(&j, "by", e[i].by);
        json_kstr(&j, "text", e[i].text);
        json_kbool(&j, "sealed", e[i].hidden);
        json_end_obj(&j);
    }
    json_end_arr(&j);
    if (x->closed) {
        vg_time_format_utc(when, x->closed);
        json_key(&j, "report");
        json_obj(&j);
        json_kstr(&j, "closed", when);
        json_kstr(&j, "closed_by", x->closed_by);
        json_kstr(&j, "causes", x->causes);
        json_kstr(&j, "procedures_followed", vg_incident_procedures_name(x->procedures));
        json_kstr(&j, "procedures_note", x->procedures_note);
        json_kstr(&j, "changes", x->changes);
        json_kstr(&j, "support", x->support);
        json_end_obj(&j);
    }
    json_end_obj(&j);
    json_done(&j);
}

static void show_text(const vg_incident *x, const vg_incident_entry *e, size_t ne, const char *tz)
{
    char when[48];
    printf(_("%s I%d (%s): %s, severity %d (%s)\n"), x->near_miss ? _("Near miss") : _("Incident"),
           x->num, x->slug, vg_incident_category_label(x->category), x->severity,
           vg_incident_severity_label(x->severity));
    vg_time_format_local(when, x->occurred, tz);
    printf(_("  When:          %s\n"), when);
    printf(_("  Where:         %s%s%s%s%s\n"), x->country, x->region ? ", " : "",
           or_empty(x->region), x->place || (x->sealed && !x->revealed) ? ", " : "",
           sealed_text(x, x->place));
    printf(_("  What happened: %s\n"), sealed_text(x, x->what));
    printf(_("  Done:          %s\n"), sealed_text(x, x->done));
    printf(_("  Help needed:   %s\n"), sealed_text(x, x->help));
    vg_time_format_local(when, x->reported, tz);
    printf(_("  Reported:      %s by %s\n"), when, or_empty(x->reported_by));
    for (size_t i = 0; i < x->npeople; i++)
        printf(_("  Person:        %s, %s%s\n"), sealed_text(x, x->people[i].name),
               vg_incident_role_label(x->people[i].role),
               x->people[i].participant_id > 0 ? _(" (participant)") : "");
    if (x->risk_flagged)
        printf(_("  Risks:         %lld flagged for review in the register\n"),
               (long long)x->risk_flagged);
    printf("%s\n", _("Timeline:"));
    for (size_t i = 0; i < ne; i++) {
        vg_time_format_local(when, e[i].at, tz);
        printf("  %s  ", when);
        cli_pad(stdout, vg_incident_entry_label(e[i].kind), 14);
        printf(" %s%s%s\n", or_empty(e[i].by), e[i].text || e[i].hidden ? " — " : "",
               e[i].text ? e[i].text : (e[i].hidden ? _("(sealed)") : ""));
    }
    if (!x->closed) {
        printf(_("Open. Close it with its post-incident report: 'vigie incident close %s I%d'.\n"),
               x->slug, x->num);
        return;
    }
    vg_time_format_local(when, x->closed, tz);
    printf(_("Post-incident report (closed %s by %s):\n"), when, or_empty(x->closed_by));
    printf(_("  Causes:              %s\n"), sealed_text(x, x->causes));
    printf(_("  Procedures followed: %s%s%s\n"), vg_incident_procedures_label(x->procedures),
           x->procedures_note ? " — " : "", or_empty(x->procedures_note));
    printf(_("  Changes:             %s\n"), sealed_text(x, x->changes));
    printf(_("  Support offered:     %s\n"), sealed_text(x, x->support));
}

static int cmd_show(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    vg_incident *x = NULL;
    vg_incident_entry *e = NULL;
    vg_secret *pass = NULL;
    size_t ne = 0;
    int reveal = cli_flag(a, "reveal"), rc;
    if (reveal && !ctx->interactive) {
        cli_error("%s", _("revealing an incident asks the passphrase at a terminal"));
        return EXIT_AUTH;
    }
    if ((rc = open_delegation(ctx, a->argv[0], &st, &d)) != VG_OK)
        goto done;
    if (!reveal) {
        rc = vg_incident_get(st, a->argv[0], a->argv[1], &x);
    } else {
        if ((rc = cli_read_secret(&pass, _("Passphrase again, to reveal the incident: "))) !=
                VG_OK ||
            (rc = vg_store_begin(st)) != VG_OK)
            goto done;
        rc = vg_incident_reveal(st, a->argv[0], a->argv[1], pass, &x);
        /* the reveal, or the refused attempt, is audited before anything shows */
        if (rc == VG_OK || rc == VG_EAUTH) {
            vg_error_state es;
            vg_error_save(&es, rc);
            int rc2 = vg_store_commit(st);
            if (rc2 != VG_OK) {
                vg_store_rollback(st);
                rc = rc2;
            } else
                rc = vg_error_restore(&es);
        } else
            vg_store_rollback(st);
    }
    if (rc == VG_OK)
        rc = vg_incident_timeline(st, x, reveal, &e, &ne);
    if (rc != VG_OK)
        goto done;
    if (ctx->json)
        show_json(x, e, ne);
    else
        show_text(x, e, ne, d->tz);
done:
    vg_secret_free(pass);
    vg_incident_entries_free(e, ne);
    vg_incident_free(x);
    vg_delegation_free(d);
    vg_store_close(st);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

/* ---- close ---- */

/* One answer of the post-incident report: the option, else asked at the
 * terminal, else the next line of standard input (scripts). Caller frees. */
static char *answer(const cli_args *a, const char *opt, const char *question, int *asked)
{
    const char *v = cli_opt_value(a, opt);
    char buf[4096];
    if (v)
        return strdup(v);
    if (isatty(STDIN_FILENO)) {
        *asked = 1;
        return cli_read_line(question);
    }
    if (!fgets(buf, sizeof buf, stdin))
        return NULL;
    buf[strcspn(buf, "\r\n")] = '\0';
    return strdup(buf);
}

static int cmd_close(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_incident *x = NULL;
    vg_incident_closing c;
    char *causes = NULL, *proc = NULL, *changes = NULL, *support = NULL;
    int rc, asked = 0, code = EXIT_DONE;
    memset(&c, 0, sizeof c);
    /* refuse an unknown or closed incident before asking anything */
    if ((rc = cli_open_store(ctx, &st)) != VG_OK ||
        (rc = vg_incident_get(st, a->argv[0], a->argv[1], &x)) != VG_OK)
        goto done;
    if (x->closed) {
        rc = vg_error_set(VG_EEXISTS, _("incident I%d is already closed"), x->num);
        goto done;
    }
    if (!ctx->json && isatty(STDIN_FILENO))
        printf(_("Post-incident report of %s I%d: %s.\n"), a->argv[0], x->num,
               vg_incident_category_label(x->category));
    causes = answer(a, "causes", _("What caused it? "), &asked);
    proc = answer(a, "procedures", _("Were the procedures followed (yes, partly, no)? "), &asked);
    changes =
        answer(a, "changes", _("What changes (procedures, risk assessment, training)? "), &asked);
    support = answer(a, "support", _("What support was offered to the people affected? "), &asked);
    if (!causes || !proc || !changes || !support || !*causes || !*proc || !*changes || !*support) {
        code = cli_usage_error(a->cmd, "%s",
                               _("the post-incident report needs its causes, whether procedures "
                                 "were followed, the changes and the support offered (options, "
                                 "prompts, or four lines on standard input)"));
        goto done;
    }
    if ((rc = vg_incident_procedures_parse(proc, &c.procedures)) != VG_OK)
        goto done;
    c.causes = causes;
    c.changes = changes;
    c.support = support;
    c.procedures_note = cli_opt_value(a, "procedures-note");
    c.by = cli_opt_value(a, "by");
    if ((rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_incident_close(st, a->argv[0], a->argv[1], &c));
    if (rc == VG_OK) {
        if (ctx->json)
            printf("{\"incident\":\"I%d\",\"closed\":true,\"procedures\":\"%s\"}\n", x->num,
                   vg_incident_procedures_name(c.procedures));
        else
            printf(_("Incident I%d of %s closed with its post-incident report.\n"), x->num,
                   a->argv[0]);
    }
done:
    (void)asked;
    free(causes);
    free(proc);
    free(changes);
    free(support);
    vg_incident_free(x);
    vg_store_close(st);
    if (code != EXIT_DONE)
        return code;
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

/* ---- tables ---- */

#define REPORT_OPTS                                                                                \
    {"category", OPT_VALUE, "CATEGORY",                                                            \
     N_("robbery, assault, sexual-violence, kidnapping, threat, arrest, road-accident, illness, "  \
        "civil-unrest, natural-disaster, digital-attack or other; in French too (vol, "            \
        "agression...) (required)")},                                                              \
        {"severity", OPT_VALUE, "1-5",                                                             \
         N_("1 minor, 2 moderate, 3 serious, 4 severe, 5 critical (required)")},                   \
        {"near-miss", OPT_FLAG, NULL, N_("a near miss: nobody was harmed this time")},             \
        {"at", OPT_VALUE, "TIME",                                                                  \
         N_("when it happened (default: now; local time of the delegation)")},                     \
        {"region", OPT_VALUE, "TEXT", N_("the region, as the country guide names it")},            \
        {"place", OPT_VALUE, "TEXT", N_("the place: town, road, building")},                       \
        {"what", OPT_VALUE, "TEXT", N_("what happened")},                                          \
        {"done", OPT_VALUE, "TEXT", N_("what has been done so far")},                              \
        {"help-needed", OPT_VALUE, "TEXT", N_("what help is needed")},                             \
        {"affected", OPT_MULTI, "NAME",                                                            \
         N_("a person affected (a participant or not; repeatable)")},                              \
        {"witness", OPT_MULTI, "NAME", N_("a witness (repeatable)")},                              \
        {"involved", OPT_MULTI, "NAME", N_("another person involved (repeatable)")},               \
        {"reported-by", OPT_VALUE, "NAME", N_("who reported it (default: your account)")},         \
    {                                                                                              \
        "seal", OPT_FLAG, NULL,                                                                    \
            N_("seal the narrative and names even if the category does not ask it")                \
    }

static const cli_opt add_opts[] = {
    REPORT_OPTS,
    {NULL, 0, NULL, NULL},
};

static const cli_opt from_alert_opts[] = {
    {"alert", OPT_VALUE, "ID", N_("the alert's number ('vigie checkin alerts SLUG --json')")},
    {"participant", OPT_VALUE, "NAME", N_("the participant whose newest open alert it is")},
    REPORT_OPTS,
    {NULL, 0, NULL, NULL},
};

static const cli_opt log_opts[] = {
    {"at", OPT_VALUE, "TIME", N_("when (default: now; local time of the delegation)")},
    {"by", OPT_VALUE, "NAME", N_("who did it (default: your account)")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt list_opts[] = {
    {"open", OPT_FLAG, NULL, N_("only the incidents not closed yet")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt show_opts[] = {
    {"reveal", OPT_FLAG, NULL,
     N_("open the sealed narrative and names, after the passphrase is typed again (audited)")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt close_opts[] = {
    {"causes", OPT_VALUE, "TEXT", N_("what caused it")},
    {"procedures", OPT_VALUE, "yes|partly|no", N_("were the procedures followed")},
    {"procedures-note", OPT_VALUE, "TEXT", N_("which ones, and why not")},
    {"changes", OPT_VALUE, "TEXT", N_("what changes: procedures, risk assessment, training")},
    {"support", OPT_VALUE, "TEXT", N_("the support offered to the people affected")},
    {"by", OPT_VALUE, "NAME", N_("who closes it (default: your account)")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_incident[] = {
    {"incident", "add", "SLUG", N_("record an incident or a near miss (the immediate report)"), 1,
     1, add_opts, cmd_add,
     N_("People named with --affected, --witness or --involved are linked to the delegation's\n"
        "participants when the name matches one. The matching threats of the risk register\n"
        "are flagged for review. Sexual violence and illness are sealed like a proof of life:\n"
        "the narrative and names show only with 'incident show --reveal'.")},
    {"incident", "from-alert", "SLUG", N_("turn an open alert into an incident, with its history"),
     1, 1, from_alert_opts, cmd_from_alert,
     N_("The alert, the participant's check-ins of the 48 hours before it, their overdue\n"
        "episodes and the alert's resolution are copied into the timeline; the watch's\n"
        "notifications about the participant appear in it too.")},
    {"incident", "log", "SLUG REF KIND TEXT",
     N_("add to the timeline: call, decision, message, informed or note"), 4, 4, log_opts, cmd_log,
     N_("KIND in French too: appel, décision, message, informé, note. Example:\n"
        "  vigie incident log colombie-2025 I1 appel \"Ambassade, 22 h 10 : pas de réponse\"")},
    {"incident", "list", "[SLUG]", N_("the incidents of a delegation, or of all"), 0, 1, list_opts,
     cmd_list, NULL},
    {"incident", "show", "SLUG REF", N_("an incident, its timeline and its post-incident report"),
     2, 2, show_opts, cmd_show, NULL},
    {"incident", "close", "SLUG REF",
     N_("close an incident with its post-incident report and analysis"), 2, 2, close_opts,
     cmd_close,
     N_("Asks for the causes, whether procedures were followed, the changes and the support\n"
        "offered, unless given as options; without a terminal, reads the missing answers\n"
        "from standard input, one per line, in that order.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
