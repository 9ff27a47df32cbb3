/* brief: a participant's briefing pack, as a PDF to print (issue 19).
 * The pack is written by core (vigie/paper.h) in the participant's
 * language: the language of messages is switched to it while the pack is
 * made, then back to the coordinator's for what this command prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vigie/error.h>
#include <vigie/paper.h>
#include <vigie/participant.h>

#include "cli.h"
#include "cli_field.h"

static int cmd_brief(cli_ctx *ctx, cli_args *a)
{
    const char *slug = a->argv[0], *name = cli_opt_value(a, "participant");
    const char *path = cli_opt_value(a, "output"), *paper = cli_opt_value(a, "paper");
    const char *doc_lang = cli_opt_value(a, "doc-lang");
    vg_brief_req req = {0};
    vg_store *st = NULL;
    vg_participant *p = NULL;
    int rc, written = 0;

    if (!name || !path)
        return cli_usage_error(a->cmd, "%s",
                               _("--participant NAME and --output FILE are required"));
    if (paper && vg_paper_size_parse(paper, &req.size) != VG_OK)
        return cli_usage_error(a->cmd, _("--paper: \"%s\" (a4, letter)"), paper);
    if (doc_lang && strcmp(doc_lang, "fr") && strcmp(doc_lang, "en"))
        return cli_usage_error(a->cmd, _("--doc-lang: \"%s\" (fr, en)"), doc_lang);
    if (!cli_flag(a, "force") && access(path, F_OK) == 0) {
        cli_error(_("'%s' already exists: use --force to replace it"), path);
        return EXIT_ERROR;
    }
    req.path = path;
    req.replace = cli_flag(a, "force");
    req.data_dir = ctx->data_dir;
    if ((rc = cli_open_store(ctx, &st)) != VG_OK ||
        (rc = vg_participant_find(st, slug, name, &p)) != VG_OK ||
        (rc = vg_store_begin(st)) != VG_OK)
        goto done;
    req.lang = doc_lang ? doc_lang : vg_brief_language(p, ctx->lang);
    setenv("LANGUAGE", req.lang, 1);
    rc = vg_brief_write(st, slug, p, &req);
    setenv("LANGUAGE", ctx->lang, 1);
    written = rc == VG_OK;
    rc = cli_finish(st, rc);
    if (rc != VG_OK && written)
        remove(path); /* not audited: not given */
done:
    vg_store_close(st);
    if (rc != VG_OK) {
        vg_participant_free(p);
        return cli_fail(rc);
    }
    cli_warn(_("'%s' is not encrypted. It holds %s's emergency information (medical details, "
               "next of kin) on its last page: give it to them in person, then delete the file."),
             path, cli_person(p));
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "delegation", slug);
        json_kstr(&j, "participant", cli_person(p));
        json_kstr(&j, "file", path);
        json_kstr(&j, "lang", req.lang);
        json_kstr(&j, "paper", vg_paper_size_name(req.size));
        json_kbool(&j, "encrypted", 0);
        json_end_obj(&j);
        json_done(&j);
    } else {
        printf(_("Briefing pack for %s written to %s (%s, %s).\n"), cli_person(p), path, req.lang,
               vg_paper_size_name(req.size));
    }
    vg_participant_free(p);
    return EXIT_DONE;
}

static const cli_opt brief_opts[] = {
    {"participant", OPT_VALUE, "NAME",
     N_("the participant (a unique prefix of the name is enough)")},
    {"output", OPT_VALUE, "FILE", N_("the PDF file to write")},
    {"paper", OPT_VALUE, "a4|letter", N_("the paper size (default: a4)")},
    {"doc-lang", OPT_VALUE, "fr|en",
     N_("the pack's language (default: the first of French or English in the participant's "
        "languages, else --lang)")},
    {"force", OPT_FLAG, NULL, N_("replace FILE if it exists")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_brief[] = {
    {"brief", NULL, "SLUG", N_("write a participant's briefing pack to print (PDF)"), 1, 1,
     brief_opts, cmd_brief,
     N_("In the participant's language: the delegation, its dates and places with Canada's "
        "advisory level for each region visited; the check-in protocol in local time; whom to "
        "call, in order, with numbers dialable from the host country; the country guide's "
        "essentials; and on its own last page, which can be removed, the participant's emergency "
        "information. Never proof of life, never another participant's data. The file is "
        "written privately (mode 0600) and is not encrypted.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
