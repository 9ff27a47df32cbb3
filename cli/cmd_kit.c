/* The coordinator's side of field kits: `kit export` and `checkin import`.
 * (The participant's side, which needs no store, is cmd_field.c.) */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/error.h>
#include <vigie/field.h>

#include "cli.h"
#include "cli_field.h"
#include "cli_store.h"

/* A new PIN: from `env`, else asked twice at the terminal. */
static int new_pin(vg_secret **out, const cli_ctx *ctx, const char *env, const char *prompt)
{
    vg_secret *again = NULL;
    int rc;
    if (cli_env_secret(out, env) == VG_OK)
        return VG_OK;
    if (!ctx->interactive)
        return vg_error_set(VG_EAUTH, _("no PIN: set %s or run at a terminal"), env);
    for (int tries = 0; tries < 3; tries++) {
        if ((rc = cli_read_secret(out, prompt)) != VG_OK)
            return rc;
        if ((rc = cli_read_secret(&again, _("The same again: "))) != VG_OK) {
            vg_secret_free(*out);
            *out = NULL;
            return rc;
        }
        if (vg_secret_equal(*out, again)) {
            vg_secret_free(again);
            return VG_OK;
        }
        vg_secret_free(*out);
        vg_secret_free(again);
        *out = again = NULL;
        cli_note("%s", _("the two PINs differ; try again"));
    }
    return vg_error_set(VG_EAUTH, "%s", _("the two PINs differed three times"));
}

static int cmd_kit_export(cli_ctx *ctx, cli_args *a)
{
    const char *slug = a->argv[0], *name = cli_opt_value(a, "participant");
    const char *path = cli_opt_value(a, "output");
    int force = cli_flag(a, "force"), rc, code;
    vg_kdf_cost cost;
    vg_store *st = NULL;
    vg_participant *p = NULL;
    vg_secret *pin = NULL, *duress = NULL;
    vg_kit *k = NULL;
    int written = 0;

    if (!name || !path)
        return cli_usage_error(a->cmd, "%s",
                               _("--participant NAME and --output FILE are required"));
    if ((code = cli_parse_kdf(cli_opt_value(a, "kdf"), &cost)) != EXIT_DONE)
        return code;
    if (!force && access(path, F_OK) == 0) {
        cli_error(_("'%s' already exists: use --force to replace it"), path);
        return EXIT_ERROR;
    }
    if ((rc = cli_open_store(ctx, &st)) != VG_OK ||
        (rc = vg_participant_find(st, slug, name, &p)) != VG_OK)
        goto done;
    if ((rc = new_pin(&pin, ctx, "VIGIE_KIT_PIN",
                      _("PIN for the kit (at least 6 characters): "))) != VG_OK ||
        (rc = new_pin(&duress, ctx, "VIGIE_KIT_DURESS_PIN",
                      _("Duress PIN, to use under threat (at least 6 characters): "))) != VG_OK)
        goto done;
    if ((rc = vg_store_begin(st)) != VG_OK)
        goto done;
    rc = vg_kit_issue(st, slug, p, pin, duress, cost, &k);
    if (rc == VG_OK && (rc = vg_kit_save(k, path, force)) == VG_OK)
        written = 1;
    rc = cli_finish(st, rc);
    if (rc != VG_OK && written)
        remove(path); /* the store does not know this kit: its codes would be refused */
done:
    vg_secret_free(pin);
    vg_secret_free(duress);
    vg_kit_free(k);
    vg_store_close(st);
    if (rc != VG_OK) {
        vg_participant_free(p);
        return cli_fail(rc);
    }
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "delegation", slug);
        json_kstr(&j, "participant", p->v[VG_PF_NAME]);
        json_kstr(&j, "file", path);
        json_end_obj(&j);
        json_done(&j);
    } else {
        printf(_("Field kit for %s written to %s (readable by you only).\n"), p->v[VG_PF_NAME],
               path);
        printf("%s\n",
               _("Give it to the participant with its two PINs, in person: the PIN for every day,\n"
                 "and the duress PIN for a check-in made under threat (its codes look the same\n"
                 "and raise a silent alert). A new kit replaces this one."));
    }
    if (cost == VG_KDF_INTERACTIVE)
        cli_warn("%s", _("--kdf interactive: a 6-digit PIN of this kit can be guessed in hours; "
                         "use it for tests only"));
    vg_participant_free(p);
    return EXIT_DONE;
}

static const cli_opt kit_export_opts[] = {
    {"participant", OPT_VALUE, "NAME",
     N_("the participant (a unique prefix of the name is enough)")},
    {"output", OPT_VALUE, "FILE", N_("where to write the kit")},
    {"force", OPT_FLAG, NULL, N_("replace FILE if it exists")},
    {"kdf", OPT_VALUE, "COST",
     N_("Argon2id cost of the PINs: moderate (default), sensitive, or interactive (tests only)")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_kit[] = {
    {"kit", "export", "SLUG",
     N_("write a participant's field kit, opened by a PIN or a duress PIN"), 1, 1, kit_export_opts,
     cmd_kit_export,
     N_("The PINs come from VIGIE_KIT_PIN and VIGIE_KIT_DURESS_PIN when set, else from the\n"
        "terminal (asked twice): at least 6 characters each, and different. A passphrase is\n"
        "better than 6 digits: see SECURITY.md for how long a PIN resists. The kit holds the\n"
        "participant's own signing key, the organisation's public key, an opaque reference\n"
        "(no name), the delegation's dates and check-in times, and emergency numbers. It is\n"
        "written readable by you only, and never over a file without --force. A new kit\n"
        "replaces the participant's previous one: its codes are refused from then on.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
