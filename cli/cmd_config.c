/* config set|get|unset|list: the organisation's settings. */
#include <stdlib.h>
#include <string.h>
#include <vigie/config.h>
#include <vigie/error.h>

#include "cli.h"

int cli_setting_set(cli_ctx *ctx, cli_args *a, cli_setter set)
{
    vg_store *st = NULL;
    int rc = cli_open_store(ctx, &st);
    if (rc == VG_OK && (rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, set(st, a->argv[0], a->argc > 1 ? a->argv[1] : NULL));
    vg_store_close(st);
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

int cli_settings_list(cli_ctx *ctx, const vg_config_key *keys, cli_getter get)
{
    vg_store *st = NULL;
    cli_json j;
    cli_table t;
    int rc = cli_open_store(ctx, &st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        json_init(&j, stdout);
        json_obj(&j);
    } else {
        cli_table_init(&t, 3, _("SETTING"), _("VALUE"), _("MEANING"));
    }
    for (const vg_config_key *k = keys; k->key; k++) {
        char *v = NULL;
        if ((rc = get(st, k->key, &v)) != VG_OK)
            break;
        /* a password is said to be set, never shown */
        const char *shown = v && strstr(k->key, "password") ? _("(set)") : v;
        if (ctx->json)
            json_kstr(&j, k->key, shown);
        else
            cli_table_add(&t, k->key, shown ? shown : "-", _(k->help));
        free(v);
    }
    vg_store_close(st);
    if (ctx->json) {
        json_end_obj(&j);
        json_done(&j);
    } else {
        cli_table_print(ctx, &t, stdout);
        cli_table_free(&t);
    }
    return rc == VG_OK ? EXIT_DONE : cli_fail(rc);
}

static int cmd_set(cli_ctx *ctx, cli_args *a)
{
    return cli_setting_set(ctx, a, vg_config_set);
}

static int cmd_unset(cli_ctx *ctx, cli_args *a)
{
    a->argc = 1;
    return cmd_set(ctx, a);
}

static int cmd_get(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    char *v = NULL;
    int rc = cli_open_store(ctx, &st);
    if (rc == VG_OK)
        rc = vg_config_get(st, a->argv[0], &v);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, a->argv[0], v);
        json_end_obj(&j);
        json_done(&j);
    } else if (v) {
        printf("%s\n", v);
    }
    free(v);
    return v || ctx->json ? EXIT_DONE : EXIT_ERROR;
}

static int cmd_list(cli_ctx *ctx, cli_args *a)
{
    (void)a;
    return cli_settings_list(ctx, vg_config_keys(), vg_config_get);
}

const cli_cmd cli_cmds_config[] = {
    {"config", "set", "KEY VALUE",
     N_("set one of the organisation's settings (see 'vigie config list')"), 2, 2, NULL, cmd_set,
     NULL},
    {"config", "get", "KEY", N_("print a setting"), 1, 1, NULL, cmd_get, NULL},
    {"config", "unset", "KEY", N_("remove a setting"), 1, 1, NULL, cmd_unset, NULL},
    {"config", "list", "", N_("list the settings with their values"), 0, 0, NULL, cmd_list, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
