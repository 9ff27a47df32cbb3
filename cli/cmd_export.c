/* export delegation|assessment: the spreadsheets for coordinators, team
 * leads and the board. The document is written by core (vigie/export.h);
 * here: options and the warning that the file is not encrypted. Core
 * writes the audit entry (what was exported, in which profile and format;
 * never the path, which a user may have named after a person) before the
 * file takes its name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/delegation.h>
#include <vigie/error.h>
#include <vigie/export.h>
#include <vigie/paper.h>

#include "cli.h"

/* --format, else from the file name (".json", ".pdf"), else xlsx. */
static int pick_format(const cli_args *a, const char *path, vg_export_format *out)
{
    const char *f = cli_opt_value(a, "format");
    size_t n = strlen(path);
    if (f) {
        if (vg_export_format_parse(f, out) != VG_OK)
            return cli_usage_error(a->cmd, _("--format: \"%s\" (xlsx, csv, json, pdf)"), f);
        return EXIT_DONE;
    }
    *out = n > 5 && !strcmp(path + n - 5, ".json")  ? VG_FORMAT_JSON
           : n > 4 && !strcmp(path + n - 4, ".pdf") ? VG_FORMAT_PDF
                                                    : VG_FORMAT_XLSX;
    return EXIT_DONE;
}

/* --paper: only with PDF. */
static int pick_paper(const cli_args *a, vg_export_format f, int *out)
{
    const char *v = cli_opt_value(a, "paper");
    vg_paper_size sz = VG_PAPER_A4;
    *out = VG_PAPER_A4;
    if (!v)
        return EXIT_DONE;
    if (f != VG_FORMAT_PDF)
        return cli_usage_error(a->cmd, "%s", _("--paper goes with --format pdf"));
    if (vg_paper_size_parse(v, &sz) != VG_OK)
        return cli_usage_error(a->cmd, _("--paper: \"%s\" (a4, letter)"), v);
    *out = (int)sz;
    return EXIT_DONE;
}

/* --csv-separator: only with CSV; by default the language's (core). */
static int pick_separator(const cli_args *a, vg_export_format f, char *out)
{
    const char *v = cli_opt_value(a, "csv-separator");
    *out = 0;
    if (!v)
        return EXIT_DONE;
    if (f != VG_FORMAT_CSV)
        return cli_usage_error(a->cmd, "%s", _("--csv-separator goes with --format csv"));
    if (!(*out = vg_export_csv_separator_parse(v)))
        return cli_usage_error(a->cmd, _("--csv-separator: \"%s\" (\";\", \",\", tab)"), v);
    return EXIT_DONE;
}

/* `profile`: VG_PROFILE_*, or 0 for a document without profiles. JSON says
 * its language-neutral name, people read it in their language. */
static void report(cli_ctx *ctx, const char *path, vg_export_format f, unsigned profile)
{
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "path", path);
        json_kstr(&j, "format", vg_export_format_name(f));
        if (profile)
            json_kstr(&j, "profile", vg_export_profile_name(profile));
        json_kbool(&j, "encrypted", 0);
        json_end_obj(&j);
        json_done(&j);
    } else if (profile) {
        printf(_("Wrote %s (%s, profile %s).\n"), path, vg_export_format_name(f),
               vg_export_profile_label(profile));
    } else {
        printf(_("Wrote %s (%s).\n"), path, vg_export_format_name(f));
    }
}

static int cmd_delegation(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_export_req req = {0};
    const char *path = cli_opt_value(a, "output");
    const char *prof = cli_opt_value(a, "profile");
    int rc;

    if (!path)
        return cli_usage_error(a->cmd, "%s", _("--output FILE is required"));
    if (!prof)
        prof = "board";
    if (vg_export_profile_parse(prof, &req.profile) != VG_OK)
        return cli_usage_error(a->cmd, _("--profile: \"%s\" (%s)"), prof,
                               vg_export_profile_choices());
    if ((rc = pick_format(a, path, &req.format)) != EXIT_DONE ||
        (rc = pick_separator(a, req.format, &req.csv_separator)) != EXIT_DONE ||
        (rc = pick_paper(a, req.format, &req.paper)) != EXIT_DONE)
        return rc;
    req.path = path;
    req.replace = cli_flag(a, "force");
    req.lang = ctx->lang;
    req.data_dir = ctx->data_dir;
    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    /* core commits the audit entry before the file takes its name */
    rc = vg_export_delegation(st, a->argv[0], &req);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    cli_warn(_("'%s' is not encrypted. It holds %s. Keep it on an encrypted disk and share it only "
               "with the people the %s profile is for."),
             path, vg_export_profile_holds(req.profile), vg_export_profile_label(req.profile));
    report(ctx, path, req.format, req.profile);
    return EXIT_DONE;
}

static int cmd_assessment(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_export_req req = {0};
    const char *path = cli_opt_value(a, "output");
    int rc;

    if (!path)
        return cli_usage_error(a->cmd, "%s", _("--output FILE is required"));
    if ((rc = pick_format(a, path, &req.format)) != EXIT_DONE ||
        (rc = pick_separator(a, req.format, &req.csv_separator)) != EXIT_DONE ||
        (rc = pick_paper(a, req.format, &req.paper)) != EXIT_DONE)
        return rc;
    req.path = path;
    req.replace = cli_flag(a, "force");
    req.lang = ctx->lang;
    req.data_dir = ctx->data_dir;
    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    rc = vg_export_assessment(st, a->argv[0], &req);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    cli_warn(_("'%s' is not encrypted. It holds the self-assessment %s: no participant's data, "
               "but the names of its signers and of the owners of its actions."),
             path, a->argv[0]);
    report(ctx, path, req.format, 0);
    return EXIT_DONE;
}

static const cli_opt assessment_opts[] = {
    {"output", OPT_VALUE, "FILE", N_("the file to write (a folder with --format csv)")},
    {"format", OPT_VALUE, "xlsx|csv|json|pdf",
     N_("the format (default: xlsx, or json for a .json file, pdf for a .pdf file)")},
    {"paper", OPT_VALUE, "a4|letter", N_("with pdf: the paper size, landscape (default: a4)")},
    {"csv-separator", OPT_VALUE, ";|,|tab",
     N_("with --format csv: the separator (default: ';' in French, ',' in English, as Excel "
        "reads a double-clicked file in that language)")},
    {"force", OPT_FLAG, NULL, N_("replace an existing file")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt delegation_opts[] = {
    {"output", OPT_VALUE, "FILE", N_("the file to write (a folder with --format csv)")},
    {"profile", OPT_VALUE, "board|team|coordinator",
     N_("which fields it holds (default: board, no personal data); French names too: conseil, "
        "équipe, coordination")},
    {"format", OPT_VALUE, "xlsx|csv|json|pdf",
     N_("the format (default: xlsx, or json for a .json file, pdf for a .pdf file)")},
    {"paper", OPT_VALUE, "a4|letter", N_("with pdf: the paper size, landscape (default: a4)")},
    {"csv-separator", OPT_VALUE, ";|,|tab",
     N_("with --format csv: the separator (default: ';' in French, ',' in English, as Excel "
        "reads a double-clicked file in that language)")},
    {"force", OPT_FLAG, NULL, N_("replace an existing file")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_export[] = {
    {"export", "delegation", "SLUG", N_("write the delegation's risk file as a spreadsheet"), 1, 1,
     delegation_opts, cmd_delegation,
     N_("Profiles, each a fixed list of fields: board (no personal data: participants as counts "
        "by role), team (names, phones, next of kin, blood group, allergies, insurer's assistance "
        "number), coordinator (every field but proof of life, which is never exported). The file "
        "is written privately (mode 0600) and is not encrypted.")},
    {"export", "assessment", "LABEL", N_("write a self-assessment as a workbook for the board"), 1,
     1, assessment_opts, cmd_assessment,
     N_("Sheets: Summary (levels by domain, a chart, the change since the previous assessment, "
        "the sign-off and whether its signature holds), Questionnaire, Action plan, History.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
