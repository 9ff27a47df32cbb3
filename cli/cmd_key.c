/* key add|list|remove, passwd, recover. Every slot change writes the key
 * file once, atomically: a crash leaves the old file or the new one, and
 * both open the store (the data key never changes). */
#include <stdlib.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/keyfile.h>
#include <vigie/store.h>

#include "cli.h"
#include "cli_store.h"

static char *keys_path(const cli_ctx *ctx)
{
    char *p = malloc(strlen(ctx->store_dir) + sizeof VG_KEYS_FILE + 2);
    if (p)
        sprintf(p, "%s/%s", ctx->store_dir, VG_KEYS_FILE);
    return p;
}

/* Save the store's key file and audit the change, in one transaction. */
static int save_slots(vg_store *st, const char *action, const char *object, const char *detail)
{
    int rc = vg_store_begin(st);
    if (rc == VG_OK)
        rc = vg_audit_append(st, action, object, detail);
    if (rc == VG_OK)
        rc = vg_store_save_keyfile(st);
    return cli_finish(st, rc);
}

static int cmd_key_add(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_secret *pass = NULL;
    vg_kdf_cost cost;
    uint32_t id = 0;
    char obj[32];
    const char *label = cli_opt_value(a, "label");
    int rc, code;

    if ((code = cli_parse_kdf(cli_opt_value(a, "kdf"), &cost)) != EXIT_DONE)
        return code;
    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    if ((rc = cli_new_passphrase(&pass, ctx, "VIGIE_NEW_PASSPHRASE")) != VG_OK ||
        (rc = vg_keyfile_add_passphrase(vg_store_keyfile(st), vg_store_data_key(st), pass,
                                        label ? label : cli_login_name(), cost, &id)) != VG_OK)
        goto done;
    snprintf(obj, sizeof obj, "slot %u", (unsigned)id);
    rc = save_slots(st, "key.add", obj, label ? label : "");
done:
    vg_secret_free(pass);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json)
        printf("{\"slot\":%u}\n", (unsigned)id);
    else
        printf(_("Passphrase slot %u added.\n"), (unsigned)id);
    return EXIT_DONE;
}

static void kdf_text(char *buf, size_t cap, const vg_slot_info *s)
{
    if (s->kind == VG_SLOT_RECOVERY)
        snprintf(buf, cap, "BLAKE2b");
    else
        snprintf(buf, cap, "Argon2id %llu × %llu MiB", (unsigned long long)s->opslimit,
                 (unsigned long long)(s->memlimit >> 20));
}

static int cmd_key_list(cli_ctx *ctx, cli_args *a)
{
    vg_keyfile *kf = NULL;
    char *path = keys_path(ctx);
    int rc;
    (void)a;
    if (!path)
        return EXIT_ERROR;
    rc = vg_keyfile_load(&kf, path);
    free(path);
    if (rc == VG_ENOTFOUND) {
        cli_error(_("no store in '%s' (run 'vigie init')"), ctx->store_dir);
        return EXIT_ERROR;
    }
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_arr(&j);
        for (size_t i = 0; i < vg_keyfile_count(kf); i++) {
            vg_slot_info s;
            char when[32];
            vg_keyfile_slot(kf, i, &s);
            vg_time_format_utc(when, s.created);
            json_obj(&j);
            json_kint(&j, "slot", s.id);
            json_kstr(&j, "kind", s.kind == VG_SLOT_PASSPHRASE ? "passphrase" : "recovery");
            json_kstr(&j, "label", s.label);
            json_kstr(&j, "created", when);
            json_kint(&j, "opslimit", (long long)s.opslimit);
            json_kint(&j, "memlimit", (long long)s.memlimit);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_done(&j);
    } else {
        cli_table t;
        cli_table_init(&t, 5, _("SLOT"), _("KIND"), _("LABEL"), _("CREATED"), _("KDF"));
        for (size_t i = 0; i < vg_keyfile_count(kf); i++) {
            vg_slot_info s;
            char id[16], when[32], kdf[64];
            vg_keyfile_slot(kf, i, &s);
            snprintf(id, sizeof id, "%u", (unsigned)s.id);
            vg_time_format_utc(when, s.created);
            when[10] = '\0';
            kdf_text(kdf, sizeof kdf, &s);
            cli_table_add(&t, id, s.kind == VG_SLOT_PASSPHRASE ? _("passphrase") : _("recovery"),
                          s.label, when, kdf);
        }
        cli_table_print(ctx, &t, stdout);
        cli_table_free(&t);
    }
    vg_keyfile_free(kf);
    return EXIT_DONE;
}

static int parse_slot(const char *text, uint32_t *out)
{
    char *end;
    unsigned long v = strtoul(text, &end, 10);
    if (!*text || *end || v == 0 || v > 0xffffffffUL)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

static int cmd_key_remove(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    uint32_t id;
    int rc, was_recovery = 0;
    if (parse_slot(a->argv[0], &id) != 0)
        return cli_usage_error(a->cmd, _("\"%s\" is not a slot number (see 'vigie key list')"),
                               a->argv[0]);
    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    for (size_t i = 0; i < vg_keyfile_count(vg_store_keyfile(st)); i++) {
        vg_slot_info s;
        vg_keyfile_slot(vg_store_keyfile(st), i, &s);
        if (s.id == id && s.kind == VG_SLOT_RECOVERY)
            was_recovery = 1;
    }
    rc = vg_keyfile_remove(vg_store_keyfile(st), id);
    if (rc == VG_OK)
        rc = save_slots(st, "key.remove", a->argv[0], "");
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (was_recovery)
        cli_warn("%s", _("the recovery slot is gone: if every passphrase is lost, the store cannot "
                         "be opened"));
    if (!ctx->json)
        printf(_("Key slot %u removed.\n"), (unsigned)id);
    else
        printf("{\"removed\":%u}\n", (unsigned)id);
    return EXIT_DONE;
}

/* Change one passphrase: the slot that the current passphrase opens is
 * replaced by a new slot with the same label, in one atomic write. */
static int cmd_passwd(cli_ctx *ctx, cli_args *a)
{
    vg_keyfile *kf = NULL;
    vg_store *st = NULL;
    vg_secret *cur = NULL, *key = NULL, *pass = NULL;
    char *path = keys_path(ctx), obj[32];
    vg_kdf_cost cost;
    uint32_t old_id = 0, new_id = 0;
    int rc, code;

    if ((code = cli_parse_kdf(cli_opt_value(a, "kdf"), &cost)) != EXIT_DONE) {
        free(path);
        return code;
    }
    rc = path ? vg_keyfile_load(&kf, path) : VG_ENOMEM;
    if (rc == VG_ENOTFOUND)
        rc = vg_error_set(VG_ENOTFOUND, _("no store in '%s' (run 'vigie init')"), ctx->store_dir);
    if (rc != VG_OK)
        goto done;
    if (ctx->env_pass)
        rc = vg_secret_from(&cur, vg_secret_data(ctx->env_pass), vg_secret_len(ctx->env_pass));
    else if (ctx->interactive)
        rc = cli_read_secret(&cur, _("Current passphrase: "));
    else
        rc = vg_error_set(VG_EAUTH, "%s",
                          _("no passphrase: set VIGIE_PASSPHRASE or run at a terminal"));
    if (rc != VG_OK ||
        (rc = vg_keyfile_unlock(&key, &old_id, kf, VG_SLOT_PASSPHRASE, cur)) != VG_OK ||
        (rc = vg_store_open_with_key(&st, ctx->store_dir, key)) != VG_OK ||
        (rc = cli_new_passphrase(&pass, ctx, "VIGIE_NEW_PASSPHRASE")) != VG_OK)
        goto done;
    {
        vg_slot_info s = {0};
        for (size_t i = 0; i < vg_keyfile_count(vg_store_keyfile(st)); i++) {
            vg_keyfile_slot(vg_store_keyfile(st), i, &s);
            if (s.id == old_id)
                break;
        }
        if ((rc = vg_keyfile_add_passphrase(vg_store_keyfile(st), key, pass, s.label, cost,
                                            &new_id)) != VG_OK ||
            (rc = vg_keyfile_remove(vg_store_keyfile(st), old_id)) != VG_OK)
            goto done;
    }
    snprintf(obj, sizeof obj, "slot %u", (unsigned)old_id);
    rc = save_slots(st, "key.passwd", obj, "");
done:
    vg_secret_free(cur);
    vg_secret_free(key);
    vg_secret_free(pass);
    vg_store_close(st);
    vg_keyfile_free(kf);
    free(path);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json)
        printf("{\"slot\":%u}\n", (unsigned)new_id);
    else
        printf(_("Passphrase changed (slot %u replaced by slot %u).\n"), (unsigned)old_id,
               (unsigned)new_id);
    return EXIT_DONE;
}

static int cmd_recover(cli_ctx *ctx, cli_args *a)
{
    vg_keyfile *kf = NULL;
    vg_store *st = NULL;
    vg_secret *typed = NULL, *rkey = NULL, *key = NULL, *pass = NULL;
    char *path = keys_path(ctx), label[VG_SLOT_LABEL_MAX + 1], day[16];
    const char *want = cli_opt_value(a, "label");
    uint32_t id = 0;
    int rc;

    rc = path ? vg_keyfile_load(&kf, path) : VG_ENOMEM;
    if (rc == VG_ENOTFOUND)
        rc = vg_error_set(VG_ENOTFOUND, _("no store in '%s' (run 'vigie init')"), ctx->store_dir);
    if (rc != VG_OK)
        goto done;
    if (cli_env_secret(&typed, "VIGIE_RECOVERY_KEY") != VG_OK) {
        if (!ctx->interactive) {
            rc = vg_error_set(VG_EAUTH, "%s",
                              _("no recovery key: set VIGIE_RECOVERY_KEY or run at a terminal"));
            goto done;
        }
        if ((rc = cli_read_secret(&typed, _("Recovery key: "))) != VG_OK)
            goto done;
    }
    rc = vg_recovery_parse(&rkey, (const char *)vg_secret_data(typed));
    if (rc == VG_EINVALID) /* a typo is an authentication failure the user can fix */
        rc = VG_EAUTH;
    if (rc != VG_OK || (rc = vg_keyfile_unlock(&key, NULL, kf, VG_SLOT_RECOVERY, rkey)) != VG_OK ||
        (rc = vg_store_open_with_key(&st, ctx->store_dir, key)) != VG_OK ||
        (rc = cli_new_passphrase(&pass, ctx, "VIGIE_NEW_PASSPHRASE")) != VG_OK)
        goto done;
    vg_date_format(day, vg_today(NULL));
    snprintf(label, sizeof label, "%s", want ? want : "");
    if (!want)
        snprintf(label, sizeof label, "recovered %s", day);
    if ((rc = vg_keyfile_add_passphrase(vg_store_keyfile(st), key, pass, label, VG_KDF_MODERATE,
                                        &id)) != VG_OK)
        goto done;
    rc = save_slots(st, "key.recover", label, "");
done:
    vg_secret_free(typed);
    vg_secret_free(rkey);
    vg_secret_free(key);
    vg_secret_free(pass);
    vg_store_close(st);
    vg_keyfile_free(kf);
    free(path);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json)
        printf("{\"slot\":%u}\n", (unsigned)id);
    else {
        printf(_("Store recovered: new passphrase slot %u added.\n"), (unsigned)id);
        printf("%s\n",
               _("The other slots are kept: remove the lost ones with 'vigie key remove SLOT'."));
    }
    return EXIT_DONE;
}

static const cli_opt add_opts[] = {
    {"label", OPT_VALUE, "TEXT", N_("name of the slot (default: your login)")},
    {"kdf", OPT_VALUE, "COST", N_("Argon2id cost: interactive, moderate (default) or sensitive")},
    {NULL, 0, NULL, NULL},
};
static const cli_opt passwd_opts[] = {
    {"kdf", OPT_VALUE, "COST", N_("Argon2id cost: interactive, moderate (default) or sensitive")},
    {NULL, 0, NULL, NULL},
};
static const cli_opt recover_opts[] = {
    {"label", OPT_VALUE, "TEXT", N_("name of the new passphrase slot")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_key[] = {
    {"key", "add", "", N_("add a passphrase slot (VIGIE_NEW_PASSPHRASE for scripts)"), 0, 0,
     add_opts, cmd_key_add, NULL},
    {"key", "list", "", N_("list the key slots with their label and creation date"), 0, 0, NULL,
     cmd_key_list, NULL},
    {"key", "remove", "SLOT", N_("remove a key slot (never the last passphrase)"), 1, 1, NULL,
     cmd_key_remove, NULL},
    {"passwd", NULL, "", N_("change the passphrase that opens the store"), 0, 0, passwd_opts,
     cmd_passwd,
     N_("The current passphrase comes from VIGIE_PASSPHRASE or the terminal,\n"
        "the new one from VIGIE_NEW_PASSPHRASE or the terminal.")},
    {"recover", NULL, "", N_("open the store with the recovery key and add a new passphrase"), 0, 0,
     recover_opts, cmd_recover,
     N_("The recovery key comes from VIGIE_RECOVERY_KEY or the terminal; the new\n"
        "passphrase from VIGIE_NEW_PASSPHRASE or the terminal. Other slots are kept.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
