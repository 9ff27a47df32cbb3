/* audit log: the trail of every change. */
#include <stdlib.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/config.h>
#include <vigie/error.h>

#include "cli.h"

typedef struct {
    cli_ctx *ctx;
    cli_json j;
    cli_table t;
    char *tz;      /* the organisation's zone, for the table */
    char head[96]; /* the table keeps a pointer to its headings */
} acc;

static int on_entry(const vg_audit_entry *e, void *p)
{
    acc *x = p;
    char when[48], seq[24];
    /* JSON for programs: UTC; the table for people: the organisation's zone */
    if (x->ctx->json || vg_time_format_local(when, e->at, x->tz) != VG_OK)
        vg_time_format_utc(when, e->at);
    if (x->ctx->json) {
        json_obj(&x->j);
        json_kint(&x->j, "seq", e->seq);
        json_kstr(&x->j, "at", when);
        json_kstr(&x->j, "actor", e->actor);
        json_kstr(&x->j, "action", e->action);
        json_kstr(&x->j, "object", e->object);
        json_kstr(&x->j, "detail", e->detail);
        json_kstr(&x->j, "hash", e->hash_hex);
        json_end_obj(&x->j);
    } else {
        /* the stored codes, rendered in the user's language */
        char *detail = vg_audit_detail_text(e->action, e->detail);
        if (!detail)
            return VG_ENOMEM;
        snprintf(seq, sizeof seq, "%lld", (long long)e->seq);
        cli_table_add(&x->t, seq, when, e->actor, vg_audit_action_label(e->action), e->object,
                      detail);
        free(detail);
    }
    return VG_OK;
}

static int cmd_log(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    const char *last = cli_opt_value(a, "last");
    long n = 0;
    acc x;
    int rc;
    if (last) {
        char *end;
        n = strtol(last, &end, 10);
        if (*end || n <= 0)
            return cli_usage_error(a->cmd, _("--last: \"%s\" is not a positive number"), last);
    }
    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    memset(&x, 0, sizeof x);
    x.ctx = ctx;
    x.tz = vg_config_timezone(st);
    if (ctx->json) {
        json_init(&x.j, stdout);
        json_arr(&x.j);
    } else {
        snprintf(x.head, sizeof x.head, _("WHEN (%s)"), x.tz ? x.tz : "UTC");
        cli_table_init(&x.t, 6, "#", x.head, _("WHO"), _("ACTION"), _("OBJECT"), _("DETAIL"));
    }
    rc = vg_audit_list(st, n, on_entry, &x);
    vg_store_close(st);
    if (ctx->json) {
        json_end_arr(&x.j);
        json_done(&x.j);
    } else {
        cli_table_print(ctx, &x.t, stdout);
        cli_table_free(&x.t);
    }
    free(x.tz);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

static const cli_opt log_opts[] = {
    {"last", OPT_VALUE, "N", N_("only the N newest entries")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_audit[] = {
    {"audit", "log", "", N_("show the audit trail (who changed what, when)"), 0, 0, log_opts,
     cmd_log,
     N_("The events and their details are shown in your language; the log stores them as "
        "language-neutral codes, which --json gives as stored (action \"participant.edit\", "
        "detail \"profile=team format=xlsx\"). 'vigie check' verifies that no entry was removed "
        "or altered.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
