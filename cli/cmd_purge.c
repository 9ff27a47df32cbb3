/* purge --expired: personal data past its retention date (Law 25). */
#include <stdlib.h>
#include <string.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>

#include "cli.h"

static int cmd_purge(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_purge_item *items = NULL;
    size_t n = 0;
    int dry = cli_flag(a, "dry-run"), rc;
    int32_t today = vg_today(NULL);
    char day[16];

    if (!cli_flag(a, "expired"))
        return cli_usage_error(a->cmd, "%s", _("say what to purge: --expired"));
    vg_date_format(day, today);
    if ((rc = cli_open_store(ctx, &st)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK) {
        rc = vg_purge_expired(st, today, dry, &items, &n);
        if (dry)
            vg_store_rollback(st);
        else
            rc = cli_finish(st, rc);
    }
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kbool(&j, "dry_run", dry);
        json_kstr(&j, "today", day);
        json_key(&j, "participants");
        json_arr(&j);
        for (size_t i = 0; i < n; i++) {
            json_obj(&j);
            json_kstr(&j, "delegation", items[i].slug);
            json_kint(&j, "id", items[i].participant_id);
            json_kstr(&j, "name", items[i].name);
            json_kstr(&j, "retention_date", items[i].retention);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_end_obj(&j);
        json_done(&j);
    } else if (n == 0) {
        printf(_("No personal data is past its retention date (today %s).\n"), day);
    } else {
        cli_table t;
        cli_table_init(&t, 4, _("DELEGATION"), "#", _("NAME"), _("KEEP UNTIL"));
        for (size_t i = 0; i < n; i++) {
            char id[24];
            snprintf(id, sizeof id, "%lld", (long long)items[i].participant_id);
            cli_table_add(&t, items[i].slug, id, items[i].name, items[i].retention);
        }
        cli_table_print(ctx, &t, stdout);
        cli_table_free(&t);
        if (dry)
            printf(_("Dry run: the personal data of these %zu participants would be erased; "
                     "nothing was changed.\n"),
                   n);
        else
            printf(_("Personal data of %zu participants erased (their anonymous history stays; "
                     "see 'vigie audit log').\n"),
                   n);
    }
    vg_purge_free(items, n);
    return EXIT_DONE;
}

static const cli_opt purge_opts[] = {
    {"expired", OPT_FLAG, NULL, N_("erase the personal data past its retention date")},
    {"dry-run", OPT_FLAG, NULL, N_("list whose data would be erased, change nothing")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_purge[] = {
    {"purge", NULL, "", N_("erase personal data past its retention date"), 0, 0, purge_opts,
     cmd_purge,
     N_("Each participant has a retention date (default: the delegation's end plus the\n"
        "retention.months setting, 18). Past it, --expired erases the personal fields\n"
        "and the proof of life, keeps the anonymous history (role, dates, counts), and\n"
        "writes it to the audit log without names.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
