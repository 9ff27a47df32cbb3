/* notify add|list|remove|set|unset|show|test|log|inbox: who the watch
 * tells, through which channel, and what came in that it could not place. */
#include <stdlib.h>
#include <string.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/notify.h>

#include "cli.h"

static void roles_text(char *out, size_t cap, unsigned roles)
{
    size_t o = 0;
    out[0] = 0;
    for (unsigned r = 0; r <= (unsigned)VG_ROLE_COUNT; r++)
        if (roles & (1u << r))
            o += (size_t)snprintf(out + o, o < cap ? cap - o : 0, "%s%s", o ? "," : "",
                                  vg_notify_role_name(r));
}

static int cmd_add(cli_ctx *ctx, cli_args *a)
{
    const char *roles[CLI_MAX_VALUES], *step = cli_opt_value(a, "from-step");
    int nroles = cli_opt_values(a, "role", roles, CLI_MAX_VALUES), rc;
    vg_recipient r = {0};
    vg_store *st = NULL;
    r.name = a->argv[0];
    r.email = (char *)cli_opt_value(a, "email");
    r.phone = (char *)cli_opt_value(a, "phone");
    r.delegation = (char *)cli_opt_value(a, "delegation");
    r.lang = (char *)cli_opt_value(a, "language");
    if (r.lang && strcmp(r.lang, "fr") && strcmp(r.lang, "en"))
        return cli_usage_error(a->cmd, "%s", _("--language: fr or en"));
    if (!nroles)
        return cli_usage_error(a->cmd, "%s",
                               _("--role ROLE is required (coordinator, lead, "
                                 "focal-point, crisis-cell...)"));
    for (int i = 0; i < nroles; i++) {
        /* "lead,focal-point" as well as --role lead --role focal-point */
        char *copy = strdup(roles[i]), *save = NULL;
        for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
            unsigned role;
            if (vg_notify_role_parse(w, &role) != VG_OK) {
                free(copy);
                return cli_usage_error(a->cmd, "--role: %s", vg_error_last());
            }
            r.roles |= 1u << role;
        }
        free(copy);
    }
    if (step) {
        char *end;
        long v = strtol(step, &end, 10);
        if (*end || v < 1 || v > 16)
            return cli_usage_error(a->cmd, "%s", _("--from-step: a step number from 1 to 16"));
        r.from_step = (int)v;
    }
    if ((rc = cli_open_store(ctx, &st)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK) {
        /* vg_notify_recipient_add replaces phone with its normal form: keep ours. */
        char *phone = r.phone ? strdup(r.phone) : NULL;
        char *mine = r.phone;
        r.phone = phone;
        rc = cli_finish(st, vg_notify_recipient_add(st, &r));
        if (r.phone != phone)
            free(r.phone);
        else
            free(phone);
        r.phone = mine;
    }
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (!ctx->json)
        printf(_("Recipient %s added: 'vigie notify test %s' sends them a test message.\n"), r.name,
               r.name);
    return EXIT_DONE;
}

static int cmd_list(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_recipient *r = NULL;
    size_t n = 0;
    int rc;
    (void)a;
    if ((rc = cli_open_store(ctx, &st)) == VG_OK)
        rc = vg_notify_recipient_list(st, &r, &n);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_arr(&j);
        for (size_t i = 0; i < n; i++) {
            json_obj(&j);
            json_kstr(&j, "name", r[i].name);
            json_key(&j, "roles");
            json_arr(&j);
            for (unsigned k = 0; k <= (unsigned)VG_ROLE_COUNT; k++)
                if (r[i].roles & (1u << k))
                    json_str(&j, vg_notify_role_name(k));
            json_end_arr(&j);
            json_kstr(&j, "email", r[i].email);
            json_kstr(&j, "phone", r[i].phone);
            json_kstr(&j, "delegation", r[i].delegation);
            json_kint(&j, "from_step", r[i].from_step ? r[i].from_step : 1);
            json_kstr(&j, "lang", r[i].lang ? r[i].lang : ctx->lang);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_done(&j);
    } else if (!n) {
        printf("%s\n", _("No recipient: 'vigie notify add NAME --role coordinator --email ADDR'."));
    } else {
        cli_table t;
        cli_table_init(&t, 7, _("NAME"), _("ROLES"), _("E-MAIL"), _("PHONE"), _("DELEGATION"),
                       _("FROM STEP"), _("LANGUAGE"));
        for (size_t i = 0; i < n; i++) {
            char roles[300], step[8];
            roles_text(roles, sizeof roles, r[i].roles);
            snprintf(step, sizeof step, "%d", r[i].from_step ? r[i].from_step : 1);
            cli_table_add(&t, r[i].name, roles, r[i].email, r[i].phone,
                          r[i].delegation ? r[i].delegation : _("all"), step,
                          r[i].lang ? r[i].lang : ctx->lang);
        }
        cli_table_print(ctx, &t, stdout);
        cli_table_free(&t);
    }
    vg_recipients_free(r, n);
    return EXIT_DONE;
}

static int cmd_remove(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    int rc;
    if ((rc = cli_open_store(ctx, &st)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_notify_recipient_remove(st, a->argv[0]));
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (!ctx->json)
        printf(_("Recipient %s removed.\n"), a->argv[0]);
    return EXIT_DONE;
}

static int cmd_set(cli_ctx *ctx, cli_args *a)
{
    return cli_setting_set(ctx, a, vg_notify_set);
}

static int cmd_unset(cli_ctx *ctx, cli_args *a)
{
    a->argc = 1;
    return cmd_set(ctx, a);
}

static int cmd_show(cli_ctx *ctx, cli_args *a)
{
    (void)a;
    return cli_settings_list(ctx, vg_notify_keys(), vg_notify_get);
}

static int cmd_test(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    int rc, sent = 0, failed = 0, trc = VG_OK;
    char why[512] = "";
    if ((rc = cli_open_store(ctx, &st)) == VG_OK && (rc = vg_store_begin(st)) == VG_OK) {
        trc = vg_notify_test(st, a->argv[0], &sent, &failed);
        snprintf(why, sizeof why, "%s", vg_error_last());
        /* The audit entry is kept whether the channels took the message or not. */
        rc = cli_finish(st, sent || failed ? VG_OK : trc);
    }
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kint(&j, "sent", sent);
        json_kint(&j, "failed", failed);
        json_kstr(&j, "error", trc == VG_OK ? NULL : why);
        json_end_obj(&j);
        json_done(&j);
    } else {
        printf(_("Test message: %d channel(s) accepted it, %d refused.\n"), sent, failed);
        if (trc != VG_OK)
            cli_error("%s", why);
    }
    return trc == VG_OK ? EXIT_DONE : EXIT_ERROR;
}

static int cmd_log(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_notify_entry *e = NULL;
    size_t n = 0;
    const char *last = cli_opt_value(a, "last"), *alert = cli_opt_value(a, "alert");
    char *end = NULL;
    long long alert_id = alert ? strtoll(alert, &end, 10) : 0;
    int rc;
    if (alert && (*end || alert_id <= 0))
        return cli_usage_error(a->cmd, "%s", _("--alert: an alert number (vigie checkin alerts)"));
    if ((rc = cli_open_store(ctx, &st)) == VG_OK)
        rc = alert ? vg_notify_log_alert(st, alert_id, &e, &n)
                   : vg_notify_log(st, last ? atoll(last) : 0, &e, &n);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        cli_json j;
        char t1[32], t2[32];
        json_init(&j, stdout);
        json_arr(&j);
        for (size_t i = 0; i < n; i++) {
            json_obj(&j);
            json_kint(&j, "id", e[i].id);
            json_kstr(&j, "delegation", e[i].delegation);
            json_kstr(&j, "recipient", e[i].recipient);
            json_kstr(&j, "channel", e[i].channel);
            json_kstr(&j, "subject", e[i].subject);
            vg_time_format_utc(t1, e[i].created);
            json_kstr(&j, "queued", t1);
            if (e[i].sent) {
                vg_time_format_utc(t2, e[i].sent);
                json_kstr(&j, "sent", t2);
            } else
                json_kstr(&j, "sent", NULL);
            json_kint(&j, "attempts", e[i].attempts);
            json_kstr(&j, "error", e[i].error);
            json_kstr(&j, "lang", e[i].lang);
            json_kstr(&j, "message_id", e[i].message_id);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_done(&j);
    } else if (!n) {
        printf("%s\n", _("No notification yet."));
    } else {
        cli_table t;
        cli_table_init(&t, 5, _("QUEUED"), _("SENT"), _("TO"), _("CHANNEL"), _("SUBJECT"));
        for (size_t i = 0; i < n; i++) {
            char t1[32], t2[64];
            vg_time_format_utc(t1, e[i].created);
            if (e[i].sent)
                vg_time_format_utc(t2, e[i].sent);
            else
                snprintf(t2, sizeof t2, _("not yet (%d tries)"), e[i].attempts);
            cli_table_add(&t, t1, t2, e[i].recipient ? e[i].recipient : _("the participant"),
                          e[i].channel, e[i].subject);
        }
        cli_table_print(ctx, &t, stdout);
        cli_table_free(&t);
    }
    vg_notify_entries_free(e, n);
    return EXIT_DONE;
}

static int cmd_inbox(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_inbox_entry *e = NULL;
    size_t n = 0;
    const char *done = cli_opt_value(a, "done");
    int rc;
    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    if (done) {
        char *end;
        long long id = strtoll(done, &end, 10);
        if (*end || id <= 0) {
            vg_store_close(st);
            return cli_usage_error(a->cmd, "%s", _("--done: a message number"));
        }
        if ((rc = vg_store_begin(st)) == VG_OK)
            rc = cli_finish(st, vg_notify_inbox_done(st, id));
        vg_store_close(st);
        return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
    }
    rc = vg_notify_inbox(st, cli_flag(a, "all"), &e, &n);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        cli_json j;
        char t1[32];
        json_init(&j, stdout);
        json_arr(&j);
        for (size_t i = 0; i < n; i++) {
            json_obj(&j);
            json_kint(&j, "id", e[i].id);
            json_kstr(&j, "source", e[i].source);
            json_kstr(&j, "sender", e[i].sender);
            vg_time_format_utc(t1, e[i].received);
            json_kstr(&j, "received", t1);
            json_kstr(&j, "outcome", e[i].outcome);
            json_kstr(&j, "text", e[i].text);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_done(&j);
    } else if (!n) {
        printf("%s\n", _("No message waits for you."));
    } else {
        for (size_t i = 0; i < n; i++) {
            char t1[32];
            vg_time_format_utc(t1, e[i].received);
            printf(_("#%lld  %s  from %s (%s): %s\n"), (long long)e[i].id, t1,
                   e[i].sender ? e[i].sender : "?", e[i].source, e[i].outcome);
            if (e[i].text)
                printf("    %s\n", e[i].text);
        }
        printf("%s\n", _("Log what they say with 'vigie checkin log', then 'vigie notify inbox "
                         "--done N'."));
    }
    vg_inbox_entries_free(e, n);
    return n && !cli_flag(a, "all") ? EXIT_ATTENTION : EXIT_DONE;
}

static const cli_opt add_opts[] = {
    {"role", OPT_MULTI, "ROLE",
     N_("coordinator, or a ladder role: lead, focal-point, crisis-cell, partner, kin, embassy... "
        "(repeat or separate with commas)")},
    {"email", OPT_VALUE, "ADDRESS", N_("e-mail address (SMTP channel)")},
    {"phone", OPT_VALUE, "NUMBER", N_("phone number for the message command (SMS, Signal)")},
    {"delegation", OPT_VALUE, "SLUG", N_("only this delegation (default: all)")},
    {"from-step", OPT_VALUE, "N", N_("only ladder steps from N on (default 1: all)")},
    {"language", OPT_VALUE, "LANG",
     N_("the language of their messages: fr or en (default: the watch's language)")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt log_opts[] = {
    {"last", OPT_VALUE, "N", N_("only the N most recent")},
    {"alert", OPT_VALUE, "N", N_("only those of alert N, its opening and its end")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt inbox_opts[] = {
    {"all", OPT_FLAG, NULL, N_("every message read, placed or not")},
    {"done", OPT_VALUE, "N", N_("mark message N as dealt with")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_notify[] = {
    {"notify", "add", "NAME", N_("add a person the watch tells, by role and channel"), 1, 1,
     add_opts, cmd_add,
     N_("The coordinator is told of every step and alert; other roles when the ladder's step\n"
        "names them. A duress alert goes only to the coordinator and the security focal point,\n"
        "in words that reveal nothing. Messages say the delegation, a first name and initial,\n"
        "what happened, the step and whom to call: never medical or passport data.")},
    {"notify", "list", "", N_("the people the watch tells"), 0, 0, NULL, cmd_list, NULL},
    {"notify", "remove", "NAME", N_("stop telling someone"), 1, 1, NULL, cmd_remove, NULL},
    {"notify", "set", "KEY VALUE", N_("set a channel or inbox setting (see 'vigie notify show')"),
     2, 2, NULL, cmd_set, NULL},
    {"notify", "unset", "KEY", N_("remove a channel or inbox setting"), 1, 1, NULL, cmd_unset,
     NULL},
    {"notify", "show", "", N_("the channel and inbox settings"), 0, 0, NULL, cmd_show, NULL},
    {"notify", "test", "NAME", N_("send a real test message to someone through their channels"), 1,
     1, NULL, cmd_test, N_("Exit 1 when a channel refused the message, with its reason.")},
    {"notify", "log", "", N_("the notifications queued and sent"), 0, 0, log_opts, cmd_log, NULL},
    {"notify", "inbox", "", N_("messages that came in and could not be placed"), 0, 0, inbox_opts,
     cmd_inbox, N_("Exit 3 when messages wait for you.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
