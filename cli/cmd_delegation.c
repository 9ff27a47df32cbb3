/* delegation add|list|show|edit|close|ready. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <vigie/clock.h>
#include <vigie/contact.h>
#include <vigie/delegation.h>
#include <vigie/guide.h>
#include <vigie/participant.h>
#include <vigie/error.h>
#include <vigie/ready.h>

#include "cli.h"

static int parse_day(const cli_cmd *c, const char *opt, const char *text, int32_t *out)
{
    if (vg_date_parse(out, text) != VG_OK)
        return cli_usage_error(c, "--%s: %s", opt, vg_error_last());
    return EXIT_DONE;
}

/* A country without a guide is accepted, with a warning. */
static void warn_no_guide(const cli_ctx *ctx, const char *cc)
{
    char path[1024];
    struct stat sb;
    int found = 0;
    const char *langs[] = {"fr", "en"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/country-guides/%c%c.%s.md", ctx->data_dir, cc[0] | 0x20,
                 cc[1] | 0x20, langs[i]);
        found |= stat(path, &sb) == 0;
    }
    if (!found)
        cli_warn(_("Vigie has no country guide for %s: the readiness check and the risk register "
                   "will have less to go on"),
                 cc);
}

/* Check each region against the country guide (inside the open store):
 * a division or a place the guide knows, case and accents ignored; the
 * guide's spelling replaces the typed one in `regions` (pointers into *g,
 * which the caller frees after saving). A region that lies in an advisory
 * area of level 3 or 4 is said at once. No guide, or a guide without
 * divisions: nothing is checked. VG_ENOTFOUND names the unknown region. */
static int check_regions(const cli_ctx *ctx, vg_store *st, const char *cc, const char **regions,
                         int *nreg, vg_guide **g)
{
    int rc, n = 0;
    *g = NULL;
    if (!*nreg)
        return VG_OK;
    if ((rc = vg_guide_get(st, ctx->data_dir, cc, ctx->lang, g)) != VG_OK) {
        if (rc == VG_ENOTFOUND) {
            vg_error_clear();
            return VG_OK;
        }
        return rc;
    }
    if (!(*g)->ndivisions)
        return VG_OK;
    for (int i = 0; i < *nreg; i++) {
        vg_guide_place pl;
        vg_guide_area *ar = NULL;
        size_t na = 0;
        int dup = 0;
        if ((rc = vg_guide_place_find(*g, regions[i], &pl)) != VG_OK)
            return rc;
        if ((rc = vg_guide_place_areas(*g, &pl, &ar, &na)) != VG_OK)
            return rc;
        for (size_t k = 0; k < na; k++) {
            const vg_guide_region *r = &(*g)->advisory.regions[ar[k].region];
            if (r->level < 3)
                continue;
            char where[300];
            if (strcmp(pl.name, pl.division))
                snprintf(where, sizeof where, "%s (%s)", pl.name, pl.division);
            else
                snprintf(where, sizeof where, "%s", pl.name);
            if (ar[k].partly)
                cli_warn(_("%s is partly in an area at advisory level %d (%s): %s"), where,
                         r->level, r->wording, r->name);
            else
                cli_warn(_("%s is at advisory level %d (%s): %s"), where, r->level, r->wording,
                         r->name);
        }
        free(ar);
        for (int k = 0; k < n; k++)
            dup |= !strcmp(regions[k], pl.name);
        if (!dup)
            regions[n++] = pl.name;
    }
    *nreg = n;
    return VG_OK;
}

static void json_delegation(cli_json *j, const vg_delegation *d, long participants, long contacts)
{
    char a[16], b[16];
    vg_date_format(a, d->start_day);
    vg_date_format(b, d->end_day);
    json_obj(j);
    json_kstr(j, "slug", d->slug);
    json_kstr(j, "name", d->name);
    json_kstr(j, "country", d->country);
    json_kstr(j, "tz", d->tz);
    json_kstr(j, "start", a);
    json_kstr(j, "end", b);
    json_kstr(j, "lead", d->lead);
    json_key(j, "regions");
    json_arr(j);
    for (size_t i = 0; i < d->nregions; i++)
        json_str(j, d->regions[i]);
    json_end_arr(j);
    json_kbool(j, "closed", d->closed);
    if (participants >= 0)
        json_kint(j, "participants", participants);
    if (contacts >= 0)
        json_kint(j, "contacts", contacts);
    json_end_obj(j);
}

static int cmd_add(cli_ctx *ctx, cli_args *a)
{
    vg_delegation d;
    vg_store *st = NULL;
    vg_guide *g = NULL;
    const char *regions[CLI_MAX_VALUES];
    const char *name = cli_opt_value(a, "name"), *cc = cli_opt_value(a, "country");
    const char *start = cli_opt_value(a, "start"), *end = cli_opt_value(a, "end");
    const char *tz = cli_opt_value(a, "tz"), *lead = cli_opt_value(a, "lead");
    int nreg = cli_opt_values(a, "region", regions, CLI_MAX_VALUES), code, rc;

    memset(&d, 0, sizeof d);
    if (!name || !cc || !start || !end)
        return cli_usage_error(a->cmd, "%s", _("--name, --country, --start and --end are needed"));
    if (strlen(a->argv[0]) > VG_SLUG_MAX)
        return cli_usage_error(a->cmd, _("\"%s\" is longer than %d characters"), a->argv[0],
                               VG_SLUG_MAX);
    snprintf(d.slug, sizeof d.slug, "%s", a->argv[0]);
    if ((code = parse_day(a->cmd, "start", start, &d.start_day)) != EXIT_DONE ||
        (code = parse_day(a->cmd, "end", end, &d.end_day)) != EXIT_DONE)
        return code;
    if (strlen(cc) != 2 || !vg_country_valid(cc)) {
        cli_error(_("\"%s\" is not an ISO 3166 country code (CO, HT, MX...)"), cc);
        return EXIT_ERROR;
    }
    snprintf(d.country, sizeof d.country, "%s", cc);
    d.name = (char *)name;
    d.tz = (char *)tz;
    d.lead = (char *)lead;
    d.regions = (char **)regions;
    d.nregions = (size_t)nreg;
    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    if ((rc = check_regions(ctx, st, d.country, regions, &nreg, &g)) != VG_OK) {
        vg_store_close(st);
        vg_guide_free(g);
        return cli_fail(rc);
    }
    d.nregions = (size_t)nreg;
    if ((rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_delegation_add(st, &d));
    vg_store_close(st);
    vg_guide_free(g);
    if (rc != VG_OK)
        return cli_fail(rc);
    warn_no_guide(ctx, d.country);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_delegation(&j, &d, 0, 0);
        json_done(&j);
    } else {
        char s[16], e[16];
        vg_date_format(s, d.start_day);
        vg_date_format(e, d.end_day);
        printf(_("Delegation %s added: %s, %s to %s (%s).\n"), d.slug, d.country, s, e, d.tz);
    }
    if (!tz)
        free(d.tz);
    return EXIT_DONE;
}

static int counts(vg_store *st, const char *slug, long *np, long *nc)
{
    vg_participant **p = NULL;
    vg_contact **c = NULL;
    size_t n1 = 0, n2 = 0;
    int rc = vg_participant_list(st, slug, &p, &n1);
    if (rc == VG_OK)
        rc = vg_contact_list(st, slug, &c, &n2);
    *np = 0;
    for (size_t i = 0; i < n1; i++)
        *np += !p[i]->purged;
    *nc = (long)n2;
    vg_participant_list_free(p, n1);
    vg_contact_list_free(c, n2);
    return rc;
}

static int cmd_list(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_delegation **list = NULL;
    size_t n = 0;
    cli_json j;
    cli_table t;
    int rc;
    (void)a;
    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    if ((rc = vg_delegation_list(st, &list, &n)) != VG_OK) {
        vg_store_close(st);
        return cli_fail(rc);
    }
    if (ctx->json) {
        json_init(&j, stdout);
        json_arr(&j);
    } else {
        cli_table_init(&t, 6, _("SLUG"), _("NAME"), _("COUNTRY"), _("DATES"), _("PARTICIPANTS"),
                       _("STATE"));
    }
    for (size_t i = 0; i < n && rc == VG_OK; i++) {
        long np = 0, nc = 0;
        if ((rc = counts(st, list[i]->slug, &np, &nc)) != VG_OK)
            break;
        if (ctx->json) {
            json_delegation(&j, list[i], np, nc);
        } else {
            char s[16], e[16], dates[40], num[24];
            vg_date_format(s, list[i]->start_day);
            vg_date_format(e, list[i]->end_day);
            snprintf(dates, sizeof dates, "%s → %s", s, e);
            snprintf(num, sizeof num, "%ld", np);
            cli_table_add(&t, list[i]->slug, list[i]->name, list[i]->country, dates, num,
                          list[i]->closed ? _("closed") : _("open"));
        }
    }
    vg_delegation_list_free(list, n);
    vg_store_close(st);
    if (ctx->json) {
        json_end_arr(&j);
        json_done(&j);
    } else {
        if (t.nrows)
            cli_table_print(ctx, &t, stdout);
        else if (rc == VG_OK)
            printf("%s\n", _("No delegation yet: 'vigie delegation add SLUG --name ... --country "
                             "CC --start DATE --end DATE'."));
        cli_table_free(&t);
    }
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

static int cmd_show(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    long np = 0, nc = 0;
    int rc;
    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    rc = vg_delegation_get(st, a->argv[0], &d);
    if (rc == VG_OK)
        rc = counts(st, a->argv[0], &np, &nc);
    vg_store_close(st);
    if (rc != VG_OK) {
        vg_delegation_free(d);
        return cli_fail(rc);
    }
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_delegation(&j, d, np, nc);
        json_done(&j);
    } else {
        char s[16], e[16];
        vg_date_format(s, d->start_day);
        vg_date_format(e, d->end_day);
        char np_s[24], nc_s[24], dates[40], regions[1024] = "";
        const char *labels[] = {_("Delegation"), _("Name"),    _("Country"),   _("Dates"),
                                _("Time zone"),  _("Regions"), _("Team lead"), _("Participants"),
                                _("Contacts"),   _("State")};
        const char *values[10];
        size_t w = 0, o = 0;
        snprintf(np_s, sizeof np_s, "%ld", np);
        snprintf(nc_s, sizeof nc_s, "%ld", nc);
        snprintf(dates, sizeof dates, "%s → %s", s, e);
        for (size_t i = 0; i < d->nregions && o < sizeof regions; i++)
            o += (size_t)snprintf(regions + o, sizeof regions - o, "%s%s", i ? ", " : "",
                                  d->regions[i]);
        values[0] = d->slug;
        values[1] = d->name;
        values[2] = d->country;
        values[3] = dates;
        values[4] = d->tz;
        values[5] = d->nregions ? regions : "-";
        values[6] = d->lead ? d->lead : "-";
        values[7] = np_s;
        values[8] = nc_s;
        values[9] = d->closed ? _("closed") : _("open");
        for (size_t i = 0; i < 10; i++)
            if (cli_width(labels[i]) > w)
                w = cli_width(labels[i]);
        for (size_t i = 0; i < 10; i++) {
            cli_pad(stdout, labels[i], w + 1);
            printf("%s\n", values[i]);
        }
    }
    vg_delegation_free(d);
    return EXIT_DONE;
}

static int cmd_edit(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_delegation *d = NULL;
    vg_guide *g = NULL;
    const char *regions[CLI_MAX_VALUES];
    const char *v;
    char **saved_regions = NULL, *saved_tz = NULL, *saved_name = NULL, *saved_lead = NULL;
    size_t saved_nreg = 0;
    int nreg = cli_opt_values(a, "region", regions, CLI_MAX_VALUES), rc, code = EXIT_DONE;
    int32_t day;

    if (a->nvals == 0)
        return cli_usage_error(a->cmd, "%s", _("nothing to change: give at least one option"));
    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    if ((rc = vg_delegation_get(st, a->argv[0], &d)) != VG_OK)
        goto done;
    /* the struct's own strings are kept aside and restored before freeing */
    saved_name = d->name;
    saved_tz = d->tz;
    saved_lead = d->lead;
    saved_regions = d->regions;
    saved_nreg = d->nregions;
    if ((v = cli_opt_value(a, "name")))
        d->name = (char *)v;
    if ((v = cli_opt_value(a, "country"))) {
        if (strlen(v) != 2 || !vg_country_valid(v)) {
            rc = vg_error_set(VG_EINVALID,
                              _("\"%s\" is not an ISO 3166 country code (CO, HT, MX...)"), v);
            goto done;
        }
        snprintf(d->country, sizeof d->country, "%s", v);
        d->tz = NULL; /* the new country's zone, unless --tz says */
    }
    if ((v = cli_opt_value(a, "tz")))
        d->tz = (char *)v;
    if ((v = cli_opt_value(a, "lead")))
        d->lead = *v ? (char *)v : NULL;
    if ((v = cli_opt_value(a, "start"))) {
        if ((code = parse_day(a->cmd, "start", v, &day)) != EXIT_DONE)
            goto done;
        d->start_day = day;
    }
    if ((v = cli_opt_value(a, "end"))) {
        if ((code = parse_day(a->cmd, "end", v, &day)) != EXIT_DONE)
            goto done;
        d->end_day = day;
    }
    if (cli_flag(a, "no-region")) {
        d->regions = NULL;
        d->nregions = 0;
    } else if (nreg) {
        if ((rc = check_regions(ctx, st, d->country, regions, &nreg, &g)) != VG_OK)
            goto done;
        d->regions = (char **)regions;
        d->nregions = (size_t)nreg;
    }
    if (cli_flag(a, "reopen"))
        d->closed = 0;
    if ((rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_delegation_update(st, d));
done:
    if (d) {
        d->name = saved_name;
        d->tz = saved_tz;
        d->lead = saved_lead;
        d->regions = saved_regions;
        d->nregions = saved_nreg;
    }
    vg_store_close(st);
    vg_guide_free(g);
    if (code != EXIT_DONE) {
        vg_delegation_free(d);
        return code;
    }
    if (rc != VG_OK) {
        vg_delegation_free(d);
        return cli_fail(rc);
    }
    if (cli_opt_value(a, "country"))
        warn_no_guide(ctx, d->country);
    if (ctx->json)
        printf("{\"slug\":\"%s\",\"edited\":true}\n", d->slug);
    else
        printf(_("Delegation %s saved.\n"), d->slug);
    vg_delegation_free(d);
    return EXIT_DONE;
}

static int cmd_close(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    int rc = cli_open_store(ctx, &st);
    if (rc == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_delegation_close(st, a->argv[0]));
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json)
        printf("{\"slug\":\"%s\",\"closed\":true}\n", a->argv[0]);
    else
        printf(_("Delegation %s closed (its data stays until its retention date; 'vigie purge "
                 "--expired').\n"),
               a->argv[0]);
    return EXIT_DONE;
}

static int cmd_ready(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_ready_template *t = NULL;
    vg_ready_line *lines = NULL;
    size_t n = 0, failed = 0;
    char *path = NULL;
    const char *tfile = cli_opt_value(a, "template");
    int rc, ready = 0;

    if (!tfile) {
        size_t cap = strlen(ctx->data_dir) + 40;
        path = malloc(cap);
        if (!path)
            return EXIT_ERROR;
        snprintf(path, cap, "%s/templates/readiness.yaml", ctx->data_dir);
        tfile = path;
    }
    rc = vg_ready_template_load(tfile, &t);
    free(path);
    if (rc != VG_OK)
        return cli_fail(rc);
    if ((rc = cli_open_store(ctx, &st)) == VG_OK)
        rc = vg_ready_run(st, a->argv[0], t, ctx->lang, ctx->data_dir, &lines, &n, &ready);
    vg_store_close(st);
    if (rc != VG_OK) {
        vg_ready_template_free(t);
        return cli_fail(rc);
    }
    for (size_t i = 0; i < n; i++)
        failed += !lines[i].passed;
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "delegation", a->argv[0]);
        json_kbool(&j, "ready", ready);
        json_key(&j, "checks");
        json_arr(&j);
        for (size_t i = 0; i < n; i++) {
            json_obj(&j);
            json_kstr(&j, "id", lines[i].item->id);
            json_kstr(&j, "label", lines[i].label);
            json_kbool(&j, "passed", lines[i].passed);
            json_kstr(&j, "reason", lines[i].reason);
            json_key(&j, "people");
            json_arr(&j);
            for (size_t k = 0; k < lines[i].npeople; k++) {
                json_obj(&j);
                json_kstr(&j, "name", lines[i].people[k].name);
                json_kstr(&j, "detail", lines[i].people[k].detail);
                json_end_obj(&j);
            }
            json_end_arr(&j);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_end_obj(&j);
        json_done(&j);
    } else {
        printf(_("Readiness of %s:\n"), a->argv[0]);
        for (size_t i = 0; i < n; i++) {
            const vg_ready_line *l = &lines[i];
            printf("%s%-6s%s %s\n", cli_sgr(ctx, l->passed ? "32" : "31;1"),
                   l->passed ? _("[ok]") : _("[NO]"), cli_sgr(ctx, "0"), l->label);
            printf("       %s\n", l->reason ? l->reason : "");
            for (size_t k = 0; k < l->npeople; k++) {
                if (l->people[k].detail)
                    printf(_("       - %s: %s\n"), l->people[k].name, l->people[k].detail);
                else
                    printf("       - %s\n", l->people[k].name);
            }
        }
        if (ready)
            printf("\n%s%s%s\n", cli_sgr(ctx, "32;1"), _("Ready to leave: every check passed."),
                   cli_sgr(ctx, "0"));
        else
            printf(_("\n%sNot ready: %zu of %zu checks failed.%s\n"), cli_sgr(ctx, "31;1"), failed,
                   n, cli_sgr(ctx, "0"));
    }
    vg_ready_lines_free(lines, n);
    vg_ready_template_free(t);
    return ready ? EXIT_DONE : EXIT_ATTENTION;
}

static const cli_opt add_opts[] = {
    {"name", OPT_VALUE, "TEXT", N_("the delegation's name (required)")},
    {"country", OPT_VALUE, "CC", N_("ISO 3166 country code: CO, HT, MX... (required)")},
    {"start", OPT_VALUE, "DATE", N_("first day, YYYY-MM-DD (required)")},
    {"end", OPT_VALUE, "DATE", N_("last day, YYYY-MM-DD (required)")},
    {"tz", OPT_VALUE, "ZONE", N_("time zone, such as America/Cancun (default: the country's)")},
    {"region", OPT_MULTI, "TEXT",
     N_("a region visited: a department, state or place the country guide knows (repeat)")},
    {"lead", OPT_VALUE, "NAME", N_("the team lead in the field")},
    {NULL, 0, NULL, NULL},
};
static const cli_opt edit_opts[] = {
    {"name", OPT_VALUE, "TEXT", N_("the delegation's name")},
    {"country", OPT_VALUE, "CC", N_("ISO 3166 country code (the zone follows unless --tz)")},
    {"start", OPT_VALUE, "DATE", N_("first day, YYYY-MM-DD")},
    {"end", OPT_VALUE, "DATE", N_("last day, YYYY-MM-DD (default retention dates follow)")},
    {"tz", OPT_VALUE, "ZONE", N_("time zone")},
    {"region", OPT_MULTI, "TEXT", N_("the regions visited, replacing the list (repeat)")},
    {"no-region", OPT_FLAG, NULL, N_("clear the list of regions")},
    {"lead", OPT_VALUE, "NAME", N_("the team lead (\"\" clears)")},
    {"reopen", OPT_FLAG, NULL, N_("reopen a closed delegation")},
    {NULL, 0, NULL, NULL},
};
static const cli_opt ready_opts[] = {
    {"template", OPT_VALUE, "FILE", N_("another checklist (default: templates/readiness.yaml)")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_delegation[] = {
    {"delegation", "add", "SLUG", N_("create a delegation (SLUG such as colombie-2026)"), 1, 1,
     add_opts, cmd_add,
     N_("SLUG has 2 to 48 lowercase letters, digits and dashes, and names the delegation in\n"
        "every later command. The time zone defaults from the country (America/Bogota,\n"
        "America/Port-au-Prince, America/Mexico_City); give --tz for another zone of a\n"
        "country that has several. A country without a guide is accepted with a warning.")},
    {"delegation", "list", "", N_("list the delegations, open ones first"), 0, 0, NULL, cmd_list,
     NULL},
    {"delegation", "show", "SLUG", N_("show a delegation"), 1, 1, NULL, cmd_show, NULL},
    {"delegation", "edit", "SLUG", N_("change a delegation's name, dates, zone, regions or lead"),
     1, 1, edit_opts, cmd_edit, NULL},
    {"delegation", "close", "SLUG", N_("mark a delegation as over"), 1, 1, NULL, cmd_close, NULL},
    {"delegation", "ready", "SLUG", N_("the pre-departure checklist: are we ready to leave?"), 1, 1,
     ready_opts, cmd_ready,
     N_("Each line passed or failed, with its reason and the people concerned.\n"
        "Exit 0 when every check passed, 3 when one did not. The checklist is\n"
        "templates/readiness.yaml in the data folder.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
