#include <string.h>
#include <unistd.h>
#include <vigie/error.h>

#include "cli.h"

int cli_passphrase_cb(vg_secret **out, void *payload)
{
    cli_ctx *ctx = payload;
    *out = NULL;
    if (ctx->env_pass)
        return vg_secret_from(out, vg_secret_data(ctx->env_pass), vg_secret_len(ctx->env_pass));
    if (!ctx->interactive)
        return vg_error_set(VG_ELOCKED, "%s",
                            _("the store is locked: run 'vigie unlock' or set VIGIE_PASSPHRASE"));
    return cli_read_secret(out, _("Passphrase: "));
}

int cli_open_store(cli_ctx *ctx, vg_store **out)
{
    vg_unlock_opts o = {cli_passphrase_cb, ctx, 0};
    return vg_store_open(out, ctx->store_dir, &o);
}

int cli_finish(vg_store *st, int rc)
{
    if (rc == VG_OK)
        rc = vg_store_commit(st);
    if (rc != VG_OK)
        vg_store_rollback(st);
    return rc;
}
