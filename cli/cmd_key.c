/* key add|list|remove, passwd, recover: the CLI asks for the secrets and
 * prints; core (store/lifecycle.c) locks the key file, re-reads it, audits
 * and writes it. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/store.h>

#include "cli.h"
#include "cli_store.h"

/* After a rekey: what it means for old copies. */
static void rekey_done(cli_ctx *ctx)
{
    if (ctx->json)
        return;
    printf("%s\n", _("New data key: every slot rewrapped, the database re-encrypted."));
    printf("%s\n", _("Key files and backups made before now cannot open this store any more\n"
                     "(they still open what they hold, with the passphrases of their time).\n"
                     "Make a new backup now: 'vigie backup FILE'."));
}

/* `--rekey` given: rekey now; else say why one may want to. */
static int maybe_rekey(cli_ctx *ctx, cli_args *a, vg_store *st)
{
    int rc;
    if (!cli_flag(a, "rekey")) {
        if (!ctx->json)
            cli_note("%s",
                     _("the removed passphrase still opens any copy of the old key file (every "
                       "backup holds one) together with this store's database: 'vigie rekey' "
                       "changes the data key so that it cannot"));
        return VG_OK;
    }
    if ((rc = vg_store_rekey(st)) == VG_OK)
        rekey_done(ctx);
    return rc;
}

static int cmd_rekey(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    int rc;
    (void)a;
    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    rc = vg_store_rekey(st);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kbool(&j, "rekeyed", 1);
        json_end_obj(&j);
        json_done(&j);
    }
    rekey_done(ctx);
    return EXIT_DONE;
}

static int cmd_key_add(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_secret *pass = NULL;
    vg_kdf_cost cost;
    uint32_t id = 0;
    const char *label = cli_opt_value(a, "label");
    int rc, code;

    if ((code = cli_parse_kdf(cli_opt_value(a, "kdf"), &cost)) != EXIT_DONE)
        return code;
    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    if ((rc = cli_new_passphrase(&pass, ctx, "VIGIE_NEW_PASSPHRASE")) == VG_OK)
        rc = vg_store_key_add(st, pass, label ? label : cli_login_name(), cost, &id);
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
    else if (vg_kdf_cost_of(s->opslimit, s->memlimit))
        snprintf(buf, cap, "Argon2id %llu × %llu MiB (%s)", (unsigned long long)s->opslimit,
                 (unsigned long long)(s->memlimit >> 20),
                 vg_kdf_cost_label(vg_kdf_cost_of(s->opslimit, s->memlimit)));
    else
        snprintf(buf, cap, "Argon2id %llu × %llu MiB", (unsigned long long)s->opslimit,
                 (unsigned long long)(s->memlimit >> 20));
}

static int cmd_key_list(cli_ctx *ctx, cli_args *a)
{
    vg_store_info *info = malloc(sizeof *info);
    int rc;
    (void)a;
    if (!info)
        return EXIT_ERROR;
    if ((rc = vg_store_peek(ctx->store_dir, info)) != VG_OK) {
        free(info);
        return cli_fail(rc);
    }
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_arr(&j);
        for (size_t i = 0; i < info->nslots; i++) {
            const vg_slot_info *s = &info->slots[i];
            char when[32];
            vg_time_format_utc(when, s->created);
            json_obj(&j);
            json_kint(&j, "slot", s->id);
            json_kstr(&j, "kind", s->kind == VG_SLOT_PASSPHRASE ? "passphrase" : "recovery");
            json_kstr(&j, "label", s->label);
            json_kstr(&j, "created", when);
            json_kint(&j, "opslimit", (long long)s->opslimit);
            json_kint(&j, "memlimit", (long long)s->memlimit);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_done(&j);
    } else {
        cli_table t;
        cli_table_init(&t, 5, _("SLOT"), _("KIND"), _("LABEL"), _("CREATED"), _("KDF"));
        for (size_t i = 0; i < info->nslots; i++) {
            const vg_slot_info *s = &info->slots[i];
            char id[16], when[32], kdf[64];
            snprintf(id, sizeof id, "%u", (unsigned)s->id);
            vg_time_format_utc(when, s->created);
            when[10] = '\0';
            kdf_text(kdf, sizeof kdf, s);
            cli_table_add(&t, id, s->kind == VG_SLOT_PASSPHRASE ? _("passphrase") : _("recovery"),
                          s->label, when, kdf);
        }
        cli_table_print(ctx, &t, stdout);
        cli_table_free(&t);
    }
    free(info);
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
    vg_slot_kind kind = VG_SLOT_PASSPHRASE;
    uint32_t id;
    int rc;
    if (parse_slot(a->argv[0], &id) != 0)
        return cli_usage_error(a->cmd, _("\"%s\" is not a slot number (see 'vigie key list')"),
                               a->argv[0]);
    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    rc = vg_store_key_remove(st, id, &kind);
    if (rc == VG_OK && !ctx->json)
        printf(_("Key slot %u removed.\n"), (unsigned)id);
    if (rc == VG_OK)
        rc = maybe_rekey(ctx, a, st);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (kind == VG_SLOT_RECOVERY)
        cli_warn("%s", _("the recovery slot is gone: if every passphrase is lost, the store cannot "
                         "be opened"));
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kint(&j, "removed", id);
        json_end_obj(&j);
        json_done(&j);
    }
    return EXIT_DONE;
}

/* The current passphrase: VIGIE_PASSPHRASE or the terminal. */
static int current_passphrase(cli_ctx *ctx, vg_secret **out)
{
    *out = NULL;
    if (ctx->env_pass)
        return vg_secret_from(out, vg_secret_data(ctx->env_pass), vg_secret_len(ctx->env_pass));
    if (ctx->interactive)
        return cli_read_secret(out, _("Current passphrase: "));
    return vg_error_set(VG_EAUTH, "%s",
                        _("no passphrase: set VIGIE_PASSPHRASE or run at a terminal"));
}

/* Change one passphrase: the slot that the current passphrase opens is
 * replaced by a new slot with the same label, in one atomic write. */
static int cmd_passwd(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_secret *cur = NULL, *pass = NULL;
    vg_kdf_cost cost;
    uint32_t old_id = 0, new_id = 0;
    int rc, code;

    if ((code = cli_parse_kdf(cli_opt_value(a, "kdf"), &cost)) != EXIT_DONE)
        return code;
    if ((rc = current_passphrase(ctx, &cur)) == VG_OK &&
        (rc = vg_store_open_secret(&st, ctx->store_dir, VG_SLOT_PASSPHRASE, cur, &old_id)) ==
            VG_OK &&
        (rc = cli_new_passphrase(&pass, ctx, "VIGIE_NEW_PASSPHRASE")) == VG_OK)
        rc = vg_store_passwd(st, old_id, pass, cost, &new_id);
    if (rc == VG_OK && !ctx->json)
        printf(_("Passphrase changed (slot %u replaced by slot %u).\n"), (unsigned)old_id,
               (unsigned)new_id);
    if (rc == VG_OK)
        rc = maybe_rekey(ctx, a, st);
    vg_secret_free(cur);
    vg_secret_free(pass);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json)
        printf("{\"slot\":%u}\n", (unsigned)new_id);
    return EXIT_DONE;
}

/* The recovery key from the file `init --recovery-key-file` wrote: its
 * first line is the key, a later "store ..." line names the store. Read into
 * locked memory; the rest of the file is ignored. */
static int recovery_from_file(vg_secret **out, const char *path)
{
    vg_secret *buf = NULL;
    unsigned char *d;
    size_t got = 0, cap = 4096;
    ssize_t r;
    int fd = open(path, O_RDONLY | O_CLOEXEC), rc;
    *out = NULL;
    if (fd < 0)
        return vg_error_set(VG_ENOTFOUND, _("cannot read '%s': %s"), path, strerror(errno));
    if ((rc = vg_secret_new(&buf, cap + 1)) != VG_OK) {
        close(fd);
        return rc;
    }
    d = vg_secret_data(buf);
    while (got < cap && (r = read(fd, d + got, cap - got)) != 0) {
        if (r < 0) {
            if (errno == EINTR)
                continue;
            rc = vg_error_set(VG_ERROR, _("cannot read '%s': %s"), path, strerror(errno));
            break;
        }
        got += (size_t)r;
    }
    close(fd);
    if (rc == VG_OK && got == cap)
        rc = vg_error_set(VG_EINVALID, _("'%s' is not a recovery key file (too long)"), path);
    if (rc != VG_OK) {
        vg_secret_free(buf);
        return rc;
    }
    d[got] = '\0';
    /* the key is the first line that is not empty */
    {
        char *t = (char *)d, *nl;
        while (*t == '\n' || *t == '\r' || *t == ' ')
            t++;
        if ((nl = strchr(t, '\n')) != NULL)
            *nl = '\0';
        rc = vg_secret_from(out, t, strlen(t) + 1);
    }
    vg_secret_free(buf);
    return rc;
}

static int cmd_recover(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_secret *typed = NULL, *rkey = NULL, *pass = NULL;
    char label[VG_SLOT_LABEL_MAX + 1], day[16];
    const char *want = cli_opt_value(a, "label");
    uint32_t id = 0;
    int rc;

    if (!vg_store_exists(ctx->store_dir)) {
        rc = vg_error_set(VG_ENOTFOUND, _("no store in '%s' (run 'vigie init')"), ctx->store_dir);
        goto done;
    }
    if (cli_opt_value(a, "recovery-key-file")) {
        if ((rc = recovery_from_file(&typed, cli_opt_value(a, "recovery-key-file"))) != VG_OK)
            goto done;
    } else if (cli_env_secret(&typed, "VIGIE_RECOVERY_KEY") != VG_OK) {
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
    if (rc != VG_OK ||
        (rc = vg_store_open_secret(&st, ctx->store_dir, VG_SLOT_RECOVERY, rkey, NULL)) != VG_OK ||
        (rc = cli_new_passphrase(&pass, ctx, "VIGIE_NEW_PASSPHRASE")) != VG_OK)
        goto done;
    vg_date_format(day, vg_today(NULL));
    snprintf(label, sizeof label, "%s", want ? want : "");
    if (!want)
        snprintf(label, sizeof label, "recovered %s", day);
    rc = vg_store_key_recover(st, pass, label, &id);
done:
    vg_secret_free(typed);
    vg_secret_free(rkey);
    vg_secret_free(pass);
    vg_store_close(st);
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
static const cli_opt remove_opts[] = {
    {"rekey", OPT_FLAG, NULL, N_("then change the data key (see 'vigie rekey')")},
    {NULL, 0, NULL, NULL},
};
static const cli_opt passwd_opts[] = {
    {"kdf", OPT_VALUE, "COST", N_("Argon2id cost: interactive, moderate (default) or sensitive")},
    {"rekey", OPT_FLAG, NULL, N_("then change the data key (see 'vigie rekey')")},
    {NULL, 0, NULL, NULL},
};
static const cli_opt recover_opts[] = {
    {"label", OPT_VALUE, "TEXT", N_("name of the new passphrase slot")},
    {"recovery-key-file", OPT_VALUE, "FILE",
     N_("read the recovery key from the file 'init --recovery-key-file' wrote")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_key[] = {
    {"key", "add", "", N_("add a passphrase slot (VIGIE_NEW_PASSPHRASE for scripts)"), 0, 0,
     add_opts, cmd_key_add, NULL},
    {"key", "list", "", N_("list the key slots with their label and creation date"), 0, 0, NULL,
     cmd_key_list, NULL},
    {"key", "remove", "SLOT", N_("remove a key slot (never the last passphrase)"), 1, 1,
     remove_opts, cmd_key_remove,
     N_("The removed passphrase still opens an old copy of the key file (every backup\n"
        "holds one) with this database: --rekey, or 'vigie rekey' later, closes that.")},
    {"passwd", NULL, "", N_("change the passphrase that opens the store"), 0, 0, passwd_opts,
     cmd_passwd,
     N_("The current passphrase comes from VIGIE_PASSPHRASE or the terminal,\n"
        "the new one from VIGIE_NEW_PASSPHRASE or the terminal.")},
    {"rekey", NULL, "",
     N_("change the data key: old key files and backups no longer open the store"), 0, 0, NULL,
     cmd_rekey,
     N_("Every slot is rewrapped to a fresh data key and the database re-encrypted\n"
        "(SQLCipher rekey); no passphrase is needed but yours. A kill at any moment\n"
        "leaves a store that opens with the old or the new key; the next command\n"
        "finishes an interrupted rekey. Make a new backup afterwards.")},
    {"recover", NULL, "", N_("open the store with the recovery key and add a new passphrase"), 0, 0,
     recover_opts, cmd_recover,
     N_("The recovery key comes from --recovery-key-file (the file 'init' wrote, as\n"
        "is), VIGIE_RECOVERY_KEY or the terminal; the new passphrase from\n"
        "VIGIE_NEW_PASSPHRASE or the terminal. Other slots are kept.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
