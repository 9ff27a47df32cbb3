/* risk seed|add|edit|list|show|approve|matrix: a delegation's risk register. */
#include <stdlib.h>
#include <string.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/error.h>
#include <vigie/risk.h>

#include "cli.h"

/* ---- helpers ---- */

/* An option's 1..5 value into *out (unchanged when the option is absent).
 * Exit code 2 for text that is not a number; the range is core's to check. */
static int level_opt(const cli_args *a, const char *name, int *out)
{
    const char *v = cli_opt_value(a, name);
    char *end;
    long n;
    if (!v)
        return EXIT_DONE;
    n = strtol(v, &end, 10);
    if (!*v || *end || n < -1000 || n > 1000)
        return cli_usage_error(a->cmd, _("--%s: \"%s\" is not a number from 1 to 5"), name, v);
    *out = (int)n;
    return EXIT_DONE;
}

/* Text option: absent leaves *field alone, "" clears it. */
static int text_opt(const cli_args *a, const char *name, char **field)
{
    const char *v = cli_opt_value(a, name);
    if (!v)
        return 0;
    free(*field);
    *field = *v ? strdup(v) : NULL;
    return *v && !*field ? -1 : 0;
}

static const char *cat_label(const vg_threat_categories *cats, const char *key, const char *lang)
{
    const vg_threat_category *c = vg_threat_category_find(cats, key);
    return c ? vg_threat_category_label(c, lang) : key;
}

/* "3×5=15 High" */
static void score_text(char *out, size_t cap, int l, int i)
{
    if (!l || !i) {
        snprintf(out, cap, "-");
        return;
    }
    snprintf(out, cap, "%d×%d=%d %s", l, i, l * i, vg_risk_band_label(vg_risk_band_of(l * i)));
}

/* The first `max` characters of UTF-8 text, with "…" when cut. */
static void clip(char *out, size_t cap, const char *s, size_t max)
{
    size_t chars = 0, o = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xc0) != 0x80 && ++chars > max) {
            if (o + 4 < cap)
                memcpy(out + o, "…", strlen("…")), o += strlen("…");
            break;
        }
        if (o + 1 < cap)
            out[o++] = (char)*p;
    }
    out[o < cap ? o : cap - 1] = '\0';
}

/* Fill the fields of `r` from the options (add and edit share them). */
static int risk_from_opts(const cli_args *a, vg_risk *r, int *code)
{
    const char *v;
    const char *measures[CLI_MAX_VALUES];
    int nm;
    *code = EXIT_DONE;
    if ((v = cli_opt_value(a, "threat"))) {
        free(r->category);
        if (!(r->category = strdup(v)))
            return VG_ENOMEM;
    }
    if ((v = cli_opt_value(a, "scenario"))) {
        free(r->scenario);
        if (!(r->scenario = strdup(v)))
            return VG_ENOMEM;
    }
    if (text_opt(a, "where", &r->where) || text_opt(a, "exposed", &r->exposed) ||
        text_opt(a, "owner", &r->owner))
        return VG_ENOMEM;
    if ((*code = level_opt(a, "likelihood", &r->likelihood)) != EXIT_DONE ||
        (*code = level_opt(a, "impact", &r->impact)) != EXIT_DONE ||
        (*code = level_opt(a, "residual-likelihood", &r->res_likelihood)) != EXIT_DONE ||
        (*code = level_opt(a, "residual-impact", &r->res_impact)) != EXIT_DONE)
        return VG_EINVALID;
    if ((v = cli_opt_value(a, "decision")) && vg_risk_decision_parse(v, &r->decision) != VG_OK) {
        *code = cli_usage_error(a->cmd, "--decision: %s", vg_error_last());
        return VG_EINVALID;
    }
    nm = cli_opt_values(a, "measure", measures, CLI_MAX_VALUES);
    if (nm > 0 || cli_flag(a, "clear-measures")) {
        for (size_t i = 0; i < r->nmeasures; i++)
            free(r->measures[i]);
        free(r->measures);
        r->measures = NULL;
        r->nmeasures = 0;
        if (nm > 0 && !(r->measures = calloc((size_t)nm, sizeof *r->measures)))
            return VG_ENOMEM;
        for (int i = 0; i < nm; i++) {
            if (!(r->measures[i] = strdup(measures[i])))
                return VG_ENOMEM;
            r->nmeasures++;
        }
    }
    /* --add-measure keeps the measures there are and adds after them */
    nm = cli_opt_values(a, "add-measure", measures, CLI_MAX_VALUES);
    if (nm > 0) {
        char **g = realloc(r->measures, (r->nmeasures + (size_t)nm) * sizeof *g);
        if (!g)
            return VG_ENOMEM;
        r->measures = g;
        for (int i = 0; i < nm; i++) {
            if (!(r->measures[r->nmeasures] = strdup(measures[i])))
                return VG_ENOMEM;
            r->nmeasures++;
        }
    }
    return VG_OK;
}

static int with_store(cli_ctx *ctx, vg_store **st)
{
    int rc = cli_open_store(ctx, st);
    return rc;
}

/* ---- seed, add, edit, approve ---- */

static int cmd_seed(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_risk_seed_result res;
    int rc;
    if ((rc = with_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    if ((rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_risk_seed(st, ctx->data_dir, a->argv[0], ctx->lang, &res));
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "delegation", a->argv[0]);
        json_kint(&j, "added", (long long)res.added);
        json_kstr(&j, "country", res.country);
        json_kstr(&j, "lang", res.lang);
        json_kstr(&j, "guide_version", res.version);
        json_end_obj(&j);
        json_done(&j);
    } else {
        printf(ngettext("%s: %zu risk from the %s guide (%s, version %s), to be reviewed\n",
                        "%s: %zu risks from the %s guide (%s, version %s), each to be reviewed\n",
                        res.added),
               a->argv[0], res.added, res.country, res.lang, res.version);
        printf("%s\n",
               _("Review each one with 'vigie risk edit', then approve the residual high ones."));
    }
    return EXIT_DONE;
}

static int cmd_add(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_risk *r = calloc(1, sizeof *r);
    int rc, code;
    if (!r)
        return EXIT_ERROR;
    if (!cli_opt_value(a, "threat") || !cli_opt_value(a, "scenario") ||
        !cli_opt_value(a, "likelihood") || !cli_opt_value(a, "impact")) {
        vg_risk_free(r);
        return cli_usage_error(a->cmd, "%s",
                               _("--threat, --scenario, --likelihood and --impact are required"));
    }
    rc = risk_from_opts(a, r, &code);
    if (rc != VG_OK) {
        vg_risk_free(r);
        return code != EXIT_DONE ? code : cli_fail(rc);
    }
    if ((rc = with_store(ctx, &st)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_risk_add(st, ctx->data_dir, a->argv[0], r));
    vg_store_close(st);
    if (rc != VG_OK) {
        vg_risk_free(r);
        return cli_fail(rc);
    }
    if (ctx->json) {
        cli_json j;
        char id[16];
        snprintf(id, sizeof id, "R%d", r->num);
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "id", id);
        json_kint(&j, "score", vg_risk_inherent(r));
        json_kstr(&j, "band", vg_risk_band_key(vg_risk_band_of(vg_risk_inherent(r))));
        json_end_obj(&j);
        json_done(&j);
    } else {
        char sc[64];
        score_text(sc, sizeof sc, r->likelihood, r->impact);
        printf(_("added R%d to %s: %s\n"), r->num, a->argv[0], sc);
    }
    vg_risk_free(r);
    return EXIT_DONE;
}

static int cmd_edit(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_risk *r = NULL;
    int rc, code = EXIT_DONE, cleared = 0;
    if ((rc = with_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    if ((rc = vg_store_begin(st)) == VG_OK) {
        rc = vg_risk_get(st, a->argv[0], a->argv[1], &r);
        if (rc == VG_OK && (rc = risk_from_opts(a, r, &code)) == VG_OK)
            rc = vg_risk_update(st, ctx->data_dir, a->argv[0], r, &cleared);
        rc = cli_finish(st, rc);
    }
    vg_store_close(st);
    if (rc != VG_OK) {
        vg_risk_free(r);
        return code != EXIT_DONE ? code : cli_fail(rc);
    }
    printf(_("R%d of %s saved and marked reviewed\n"), r->num, a->argv[0]);
    if (cleared)
        cli_warn(_("R%d changed after its approval: the approval is cleared; approve it again"),
                 r->num);
    vg_risk_free(r);
    return EXIT_DONE;
}

static int cmd_approve(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    const char *by = cli_opt_value(a, "by");
    int rc;
    if (!by)
        return cli_usage_error(a->cmd, "%s",
                               _("--by NAME is required: who approves the residual risk"));
    if ((rc = with_store(ctx, &st)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_risk_approve(st, a->argv[0], a->argv[1], by));
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    printf(_("%s of %s approved by %s\n"), a->argv[1], a->argv[0], by);
    return EXIT_DONE;
}

/* ---- list and show ---- */

static void json_risk(cli_json *j, const vg_risk *r, const vg_threat_categories *cats,
                      const char *lang)
{
    char id[16], when[32];
    int res = vg_risk_residual(r);
    snprintf(id, sizeof id, "R%d", r->num);
    json_obj(j);
    json_kstr(j, "id", id);
    json_kstr(j, "category", r->category);
    json_kstr(j, "category_label", cat_label(cats, r->category, lang));
    json_kstr(j, "scenario", r->scenario);
    json_kstr(j, "where", r->where);
    json_kstr(j, "exposed", r->exposed);
    json_kstr(j, "owner", r->owner);
    json_key(j, "measures");
    json_arr(j);
    for (size_t i = 0; i < r->nmeasures; i++)
        json_str(j, r->measures[i]);
    json_end_arr(j);
    json_kint(j, "likelihood", r->likelihood);
    json_kint(j, "impact", r->impact);
    json_kint(j, "score", vg_risk_inherent(r));
    json_kstr(j, "band", vg_risk_band_key(vg_risk_band_of(vg_risk_inherent(r))));
    json_key(j, "residual");
    if (res) {
        json_obj(j);
        json_kint(j, "likelihood", r->res_likelihood);
        json_kint(j, "impact", r->res_impact);
        json_kint(j, "score", res);
        json_kstr(j, "band", vg_risk_band_key(vg_risk_band_of(res)));
        json_end_obj(j);
    } else {
        json_null(j);
    }
    json_kstr(j, "decision", vg_risk_decision_key(r->decision));
    json_kbool(j, "to_review", r->to_review);
    if (r->review_incident) {
        char ref[16];
        snprintf(ref, sizeof ref, "I%d", r->review_incident);
        json_kstr(j, "review_incident", ref);
    }
    json_kstr(j, "origin", r->origin);
    json_kstr(j, "approved_by", r->approved_by);
    if (r->approved_by) {
        vg_time_format_utc(when, r->approved_at);
        json_kstr(j, "approved_at", when);
    } else {
        json_kstr(j, "approved_at", NULL);
    }
    json_end_obj(j);
}

/* Advisory levels 3 and 4 of the places the delegation goes, and what the
 * register says about departure: printed after the register. */
static void print_context(const cli_ctx *ctx, const vg_advisory_hit *hits, size_t nh,
                          int advisory_ok, const vg_risk_readiness *rd)
{
    if (!advisory_ok)
        cli_warn("%s", _("the country guide could not be read: advisory levels are not shown"));
    if (nh) {
        printf("\n%s%s%s\n", cli_sgr(ctx, "1"),
               _("Canadian advisory levels 3 and 4 on this delegation's way:"), cli_sgr(ctx, "0"));
        for (size_t i = 0; i < nh; i++) {
            if (!hits[i].region)
                printf(_("  level %d, %s: the whole country\n"), hits[i].level, hits[i].wording);
            else
                printf(_("  level %d, %s: %s (the delegation goes to %s)%s%s\n"), hits[i].level,
                       hits[i].wording, hits[i].region, hits[i].visited, hits[i].note ? " — " : "",
                       hits[i].note ? hits[i].note : "");
        }
        printf("  %s\n", _("Levels 3 and 4 may void travel insurance: check the policy."));
    }
    printf("\n%s%s%s\n", cli_sgr(ctx, "1"), _("Departure:"), cli_sgr(ctx, "0"));
    if (rd->total == 0)
        printf("  %s\n", _("no risk yet: start with 'vigie risk seed'"));
    if (rd->residual_critical || rd->high_unapproved)
        printf(_("  blocked by %s (residual critical, or residual high without approval)\n"),
               rd->blocking);
    if (rd->to_review)
        printf(_("  risks to review: %zu\n"), rd->to_review);
    if (rd->unassessed)
        printf(_("  risks without residual scores: %zu\n"), rd->unassessed);
    if (rd->total && !rd->residual_critical && !rd->high_unapproved && !rd->to_review &&
        !rd->unassessed)
        printf("  %s\n", _("the register allows departure"));
}

static int load_register(cli_ctx *ctx, const char *slug, vg_risk ***list, size_t *n,
                         vg_threat_categories **cats, vg_advisory_hit **hits, size_t *nh,
                         int *advisory_ok, vg_risk_readiness *rd)
{
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    int rc;
    *advisory_ok = 0;
    if ((rc = with_store(ctx, &st)) != VG_OK)
        return rc;
    if ((rc = vg_delegation_get(st, slug, &d)) == VG_OK &&
        (rc = vg_risk_list(st, slug, list, n)) == VG_OK &&
        (rc = vg_risk_readiness_get(st, slug, rd)) == VG_OK &&
        (rc = vg_threat_categories_load(ctx->data_dir, cats)) == VG_OK) {
        *advisory_ok = vg_risk_advisory(st, ctx->data_dir, d, ctx->lang, hits, nh) == VG_OK;
    }
    vg_delegation_free(d);
    vg_store_close(st);
    return rc;
}

static int cmd_list(cli_ctx *ctx, cli_args *a)
{
    vg_risk **list = NULL;
    vg_threat_categories *cats = NULL;
    vg_advisory_hit *hits = NULL;
    vg_risk_readiness rd;
    size_t n = 0, nh = 0;
    int adv_ok, rc;
    memset(&rd, 0, sizeof rd);
    rc = load_register(ctx, a->argv[0], &list, &n, &cats, &hits, &nh, &adv_ok, &rd);
    if (rc != VG_OK) {
        vg_risk_list_free(list, n);
        vg_threat_categories_free(cats);
        return cli_fail(rc);
    }
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "delegation", a->argv[0]);
        json_key(&j, "risks");
        json_arr(&j);
        for (size_t i = 0; i < n; i++)
            json_risk(&j, list[i], cats, ctx->lang);
        json_end_arr(&j);
        json_key(&j, "advisory");
        json_arr(&j);
        for (size_t i = 0; i < nh; i++) {
            json_obj(&j);
            json_kint(&j, "level", hits[i].level);
            json_kstr(&j, "region", hits[i].region);
            json_kstr(&j, "visited", hits[i].visited);
            json_kstr(&j, "wording", hits[i].wording);
            json_kstr(&j, "note", hits[i].note);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_key(&j, "readiness");
        json_obj(&j);
        json_kint(&j, "total", (long long)rd.total);
        json_kint(&j, "to_review", (long long)rd.to_review);
        json_kint(&j, "unassessed", (long long)rd.unassessed);
        json_kint(&j, "residual_critical", (long long)rd.residual_critical);
        json_kint(&j, "high_unapproved", (long long)rd.high_unapproved);
        json_kbool(&j, "departure_allowed",
                   rd.total && !rd.residual_critical && !rd.high_unapproved && !rd.to_review &&
                       !rd.unassessed);
        json_end_obj(&j);
        json_end_obj(&j);
        json_done(&j);
    } else {
        cli_table t;
        cli_table_init(&t, 8, _("RISK"), _("CATEGORY"), _("INHERENT"), _("RESIDUAL"), _("DECISION"),
                       _("APPROVED BY"), _("STATE"), _("SCENARIO"));
        for (size_t i = 0; i < n; i++) {
            const vg_risk *r = list[i];
            char id[16], inh[64], res[64], scen[256];
            snprintf(id, sizeof id, "R%d", r->num);
            score_text(inh, sizeof inh, r->likelihood, r->impact);
            score_text(res, sizeof res, r->res_likelihood, r->res_impact);
            clip(scen, sizeof scen, r->scenario, 60);
            cli_table_add(&t, id, cat_label(cats, r->category, ctx->lang), inh, res,
                          vg_risk_decision_label(r->decision), r->approved_by ? r->approved_by : "",
                          r->to_review ? _("to review") : "", scen);
        }
        if (n)
            cli_table_print(ctx, &t, stdout);
        cli_table_free(&t);
        print_context(ctx, hits, nh, adv_ok, &rd);
    }
    vg_advisory_hits_free(hits, nh);
    vg_risk_list_free(list, n);
    vg_threat_categories_free(cats);
    return EXIT_DONE;
}

static int cmd_show(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_risk *r = NULL;
    vg_threat_categories *cats = NULL;
    char sc[64], when[48];
    int rc;
    if ((rc = with_store(ctx, &st)) == VG_OK)
        rc = vg_risk_get(st, a->argv[0], a->argv[1], &r);
    vg_store_close(st);
    if (rc == VG_OK)
        rc = vg_threat_categories_load(ctx->data_dir, &cats);
    if (rc != VG_OK) {
        vg_risk_free(r);
        return cli_fail(rc);
    }
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_risk(&j, r, cats, ctx->lang);
        json_done(&j);
    } else {
        printf("%sR%d%s  %s\n", cli_sgr(ctx, "1"), r->num, cli_sgr(ctx, "0"),
               cat_label(cats, r->category, ctx->lang));
        printf("%-22s %s\n", _("Scenario:"), r->scenario);
        printf("%-22s %s\n", _("Where:"), r->where ? r->where : _("the whole country"));
        if (r->exposed)
            printf("%-22s %s\n", _("Most exposed:"), r->exposed);
        score_text(sc, sizeof sc, r->likelihood, r->impact);
        printf("%-22s %s (%s, %s)\n", _("Inherent:"), sc, vg_risk_likelihood_label(r->likelihood),
               vg_risk_impact_label(r->impact));
        for (size_t i = 0; i < r->nmeasures; i++)
            printf("%-22s %s\n", i == 0 ? _("Measures:") : "", r->measures[i]);
        if (r->owner)
            printf("%-22s %s\n", _("Owner:"), r->owner);
        score_text(sc, sizeof sc, r->res_likelihood, r->res_impact);
        if (vg_risk_residual(r))
            printf("%-22s %s (%s, %s)\n", _("Residual:"), sc,
                   vg_risk_likelihood_label(r->res_likelihood),
                   vg_risk_impact_label(r->res_impact));
        else
            printf("%-22s %s\n", _("Residual:"), _("not assessed yet"));
        if (r->decision)
            printf("%-22s %s\n", _("Decision:"), vg_risk_decision_label(r->decision));
        if (r->approved_by) {
            vg_time_format_local(when, r->approved_at, NULL);
            printf("%-22s %s, %s\n", _("Approved by:"), r->approved_by, when);
        }
        printf("%-22s %s%s\n", _("Origin:"), r->origin, r->to_review ? _(" (to review)") : "");
    }
    vg_risk_free(r);
    vg_threat_categories_free(cats);
    return EXIT_DONE;
}

/* ---- matrix ---- */

static const char *band_colour(vg_risk_band b)
{
    switch (b) {
    case VG_BAND_LOW:
        return "30;42";
    case VG_BAND_MEDIUM:
        return "30;43";
    case VG_BAND_HIGH:
        return "30;48;5;208";
    default:
        return "1;97;41";
    }
}

/* The band's initial in the user's language ("É" for Élevé). */
static void band_initial(char out[8], vg_risk_band b)
{
    const char *l = vg_risk_band_label(b);
    size_t n = 1;
    while (l[n] && ((unsigned char)l[n] & 0xc0) == 0x80)
        n++;
    snprintf(out, 8, "%.*s", (int)n, l);
}

static int cmd_matrix(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_risk **list = NULL;
    size_t n = 0, unassessed = 0;
    int residual = cli_flag(a, "residual"), count[6][6] = {{0}}, rc;
    char who[6][6][128];
    memset(who, 0, sizeof who);
    if ((rc = with_store(ctx, &st)) == VG_OK)
        rc = vg_risk_list(st, a->argv[0], &list, &n);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    for (size_t i = 0; i < n; i++) {
        const vg_risk *r = list[i];
        int l = residual ? r->res_likelihood : r->likelihood,
            im = residual ? r->res_impact : r->impact;
        size_t k;
        if (!l || !im) {
            unassessed++;
            continue;
        }
        count[l][im]++;
        k = strlen(who[l][im]);
        snprintf(who[l][im] + k, sizeof who[l][im] - k, "%sR%d", k ? " " : "", r->num);
    }
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "delegation", a->argv[0]);
        json_kbool(&j, "residual", residual);
        json_key(&j, "cells");
        json_arr(&j);
        for (int l = 5; l >= 1; l--)
            for (int im = 1; im <= 5; im++) {
                char *save = NULL, buf[128];
                json_obj(&j);
                json_kint(&j, "likelihood", l);
                json_kint(&j, "impact", im);
                json_kint(&j, "score", l * im);
                json_kstr(&j, "band", vg_risk_band_key(vg_risk_band_of(l * im)));
                json_kint(&j, "count", count[l][im]);
                json_key(&j, "risks");
                json_arr(&j);
                snprintf(buf, sizeof buf, "%s", who[l][im]);
                for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
                    json_str(&j, t);
                json_end_arr(&j);
                json_end_obj(&j);
            }
        json_end_arr(&j);
        json_kint(&j, "unassessed", (long long)unassessed);
        json_end_obj(&j);
        json_done(&j);
    } else {
        size_t lw = 0;
        char letter[8];
        for (int l = 1; l <= 5; l++)
            if (cli_width(vg_risk_likelihood_label(l)) + 2 > lw)
                lw = cli_width(vg_risk_likelihood_label(l)) + 2; /* "5 Almost certain" */
        if (cli_width(_("likelihood / impact")) > lw)
            lw = cli_width(_("likelihood / impact"));
        printf("%s", cli_sgr(ctx, "1"));
        printf(residual ? ngettext("Risk matrix of %s: residual risk (%zu risk)",
                                   "Risk matrix of %s: residual risk (%zu risks)", n - unassessed)
                        : ngettext("Risk matrix of %s: inherent risk (%zu risk)",
                                   "Risk matrix of %s: inherent risk (%zu risks)", n - unassessed),
               a->argv[0], n - unassessed);
        printf("%s\n\n", cli_sgr(ctx, "0"));
        cli_pad(stdout, _("likelihood / impact"), lw + 1);
        for (int im = 1; im <= 5; im++)
            printf("   %d   ", im);
        fputc('\n', stdout);
        for (int l = 5; l >= 1; l--) {
            char lab[64];
            snprintf(lab, sizeof lab, "%d %s", l, vg_risk_likelihood_label(l));
            cli_pad(stdout, lab, lw + 1);
            for (int im = 1; im <= 5; im++) {
                vg_risk_band b = vg_risk_band_of(l * im);
                char cell[16];
                band_initial(letter, b);
                if (count[l][im])
                    snprintf(cell, sizeof cell, "%3d %s", count[l][im], letter);
                else
                    snprintf(cell, sizeof cell, "  . %s", letter);
                printf(" %s", cli_sgr(ctx, band_colour(b)));
                cli_pad(stdout, cell, 6);
                printf("%s", cli_sgr(ctx, "0"));
            }
            fputc('\n', stdout);
        }
        printf("\n%s", _("Impact:"));
        for (int im = 1; im <= 5; im++)
            printf(" %d %s%s", im, vg_risk_impact_label(im), im < 5 ? "," : "\n");
        printf("%s", _("Bands:"));
        for (int b = VG_BAND_LOW; b <= VG_BAND_CRITICAL; b++) {
            static const char *const range[] = {"", "1-4", "5-9", "10-16", "17-25"};
            band_initial(letter, (vg_risk_band)b);
            printf(" %s %s (%s)%s", letter, vg_risk_band_label((vg_risk_band)b), range[b],
                   b < VG_BAND_CRITICAL ? "," : "\n");
        }
        for (int l = 5; l >= 1; l--)
            for (int im = 1; im <= 5; im++)
                if (count[l][im])
                    printf(_("  %d×%d: %s\n"), l, im, who[l][im]);
        if (residual && unassessed)
            printf(ngettext("Not shown: %zu risk without residual scores.\n",
                            "Not shown: %zu risks without residual scores.\n", unassessed),
                   unassessed);
    }
    vg_risk_list_free(list, n);
    return EXIT_DONE;
}

/* ---- the table ---- */

#define RISK_FIELDS                                                                                \
    {"where", OPT_VALUE, "TEXT",                                                                   \
     N_("where the risk applies (regions, places); \"\" for the whole country")},                  \
        {"exposed", OPT_VALUE, "PROFILE",                                                          \
         N_("who is most exposed (women, LGBTQ+ people, union activists...)")},                    \
        {"measure", OPT_MULTI, "TEXT",                                                             \
         N_("a measure that reduces the risk (repeat for several)")},                              \
        {"owner", OPT_VALUE, "NAME", N_("who is responsible for the measures")},                   \
        {"residual-likelihood", OPT_VALUE, "N", N_("likelihood after the measures, 1 to 5")},      \
        {"residual-impact", OPT_VALUE, "N", N_("impact after the measures, 1 to 5")},              \
    {                                                                                              \
        "decision", OPT_VALUE, "D", N_("reduce, avoid, transfer or accept")                        \
    }

static const cli_opt add_opts[] = {
    {"threat", OPT_VALUE, "CAT",
     N_("threat category (templates/threat-categories.yaml): crime, unrest...")},
    {"scenario", OPT_VALUE, "TEXT", N_("what could happen, in a sentence or two")},
    {"likelihood", OPT_VALUE, "N",
     N_("1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain")},
    {"impact", OPT_VALUE, "N", N_("1 negligible, 2 minor, 3 moderate, 4 major, 5 critical")},
    RISK_FIELDS,
    {NULL, 0, NULL, NULL},
};

static const cli_opt edit_opts[] = {
    {"threat", OPT_VALUE, "CAT",
     N_("threat category (templates/threat-categories.yaml): crime, unrest...")},
    {"scenario", OPT_VALUE, "TEXT", N_("what could happen, in a sentence or two")},
    {"likelihood", OPT_VALUE, "N",
     N_("1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain")},
    {"impact", OPT_VALUE, "N", N_("1 negligible, 2 minor, 3 moderate, 4 major, 5 critical")},
    RISK_FIELDS,
    {"clear-measures", OPT_FLAG, NULL, N_("remove every measure")},
    {"add-measure", OPT_MULTI, "TEXT",
     N_("add a measure after the existing ones (--measure replaces them all)")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt approve_opts[] = {
    {"by", OPT_VALUE, "NAME", N_("who approves the residual risk (required)")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt matrix_opts[] = {
    {"residual", OPT_FLAG, NULL, N_("place the risks by their residual scores")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_risk[] = {
    {"risk", "seed", "SLUG",
     N_("fill a delegation's risk register from its country guide's threats"), 1, 1, NULL, cmd_seed,
     N_("Each threat of the guide becomes a risk with its regions and default likelihood and "
        "impact,\n"
        "marked to be reviewed. Seeding twice is refused.")},
    {"risk", "add", "SLUG", N_("add a risk to a delegation's register"), 1, 1, add_opts, cmd_add,
     N_("Likelihood and impact are 1 to 5; score = likelihood x impact: 1-4 low, 5-9 medium,\n"
        "10-16 high, 17-25 critical. A residual critical risk blocks departure; a residual high\n"
        "risk needs an approval ('vigie risk approve').")},
    {"risk", "edit", "SLUG RISK", N_("change a risk (R1, R2...); it is then marked reviewed"), 2, 2,
     edit_opts, cmd_edit,
     N_("Options left out keep their value; \"\" clears a text. --measure replaces the measures.\n"
        "A change of scores, decision or measures clears the risk's approval.")},
    {"risk", "list", "SLUG", N_("the register, highest residual then inherent score first"), 1, 1,
     NULL, cmd_list,
     N_("Also shows the advisory levels 3 and 4 on the delegation's way and what blocks "
        "departure.")},
    {"risk", "show", "SLUG RISK", N_("one risk in full"), 2, 2, NULL, cmd_show, NULL},
    {"risk", "approve", "SLUG RISK", N_("approve a risk's residual level by name"), 2, 2,
     approve_opts, cmd_approve, NULL},
    {"risk", "matrix", "SLUG",
     N_("the 5x5 heat map of the register (counts by likelihood and impact)"), 1, 1, matrix_opts,
     cmd_matrix,
     N_("Each cell shows its count and its band's initial, coloured by band on a colour "
        "terminal.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
