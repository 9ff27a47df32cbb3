/* init, status, check, unlock, lock, backup, restore. */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vigie/audit.h>
#include <vigie/backup.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/export.h>
#include <vigie/store.h>

#include "cli.h"
#include "cli_store.h"

int cli_parse_kdf(const char *v, vg_kdf_cost *out)
{
    if (!v) {
        *out = VG_KDF_MODERATE;
        return EXIT_DONE;
    }
    if (vg_kdf_cost_parse(v, out) != VG_OK)
        return cli_usage_error(NULL, "--kdf: %s", vg_error_last());
    return EXIT_DONE;
}

const char *cli_login_name(void)
{
    struct passwd *pw = getpwuid(geteuid());
    return pw && pw->pw_name ? pw->pw_name : "vigie";
}

static int cmd_init(cli_ctx *ctx, cli_args *a)
{
    vg_secret *pass = NULL, *rkey = NULL, *tsec = NULL;
    const char *rfile = cli_opt_value(a, "recovery-key-file");
    const char *label = cli_opt_value(a, "label");
    const char *text;
    vg_kdf_cost cost;
    int rc, code;

    if ((code = cli_parse_kdf(cli_opt_value(a, "kdf"), &cost)) != EXIT_DONE)
        return code;
    if (vg_store_exists(ctx->store_dir)) {
        cli_error(_("a store already exists in '%s': nothing was changed"), ctx->store_dir);
        return EXIT_ERROR;
    }
    if (rfile && access(rfile, F_OK) == 0) {
        cli_error(_("'%s' already exists: the recovery key is never written over a file"), rfile);
        return EXIT_ERROR;
    }
    if (ctx->env_pass)
        rc = vg_secret_from(&pass, vg_secret_data(ctx->env_pass), vg_secret_len(ctx->env_pass));
    else
        rc = cli_new_passphrase(&pass, ctx, "VIGIE_PASSPHRASE");
    if (rc != VG_OK) {
        code = rc == VG_EAUTH
                   ? (cli_error(_("no passphrase: set VIGIE_PASSPHRASE or run at a terminal")),
                      EXIT_AUTH)
                   : cli_fail(rc);
        goto done;
    }
    rc =
        vg_store_create(ctx->store_dir, pass, label ? label : cli_login_name(), cost, rfile, &rkey);
    if (rc != VG_OK) {
        code = cli_fail(rc);
        goto done;
    }
    if ((rc = vg_recovery_text(&tsec, rkey)) != VG_OK) {
        code = cli_fail(rc);
        goto done;
    }
    text = (const char *)vg_secret_data(tsec);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "store", ctx->store_dir);
        if (rfile)
            json_kstr(&j, "recovery_key_file", rfile);
        else
            json_kstr(&j, "recovery_key", text);
        json_end_obj(&j);
        json_done(&j);
    } else {
        printf(_("Store created in %s\n"), ctx->store_dir);
        if (rfile) {
            printf(_("The recovery key was written to %s (readable only by you).\n"), rfile);
            printf("%s\n", _("Print it, keep it apart from this computer, then delete the file."));
        } else {
            printf("\n%s%s%s\n\n    %s%s%s\n\n", cli_sgr(ctx, "1"),
                   _("RECOVERY KEY (shown only this once):"), cli_sgr(ctx, "0"), cli_sgr(ctx, "1"),
                   text, cli_sgr(ctx, "0"));
            printf("%s\n",
                   _("Write it on paper and keep it in a safe place, apart from this computer.\n"
                     "It opens the store if every passphrase is lost: 'vigie recover'.\n"
                     "Each group ends with a check character, so a typo is caught."));
        }
    }
    code = EXIT_DONE;
    /* stdout's buffer held the key: send it now, then nothing keeps a copy
     * but the terminal */
    fflush(stdout);
done:
    vg_secret_free(tsec);
    vg_secret_free(pass);
    vg_secret_free(rkey);
    return code;
}

/* "Label" padded to a column, counting characters, not bytes. */
static void label(const char *text)
{
    cli_pad(stdout, text, 17);
}

typedef struct {
    cli_json *j;
    cli_table *t;
    char buf[512];
} status_acc;

static void on_schema(const char *module, int version, void *p)
{
    status_acc *s = p;
    if (s->j) {
        json_kint(s->j, module, version);
    } else {
        size_t n = strlen(s->buf);
        snprintf(s->buf + n, sizeof s->buf - n, "%s%s %d", n ? ", " : "", module, version);
    }
}

static void on_count(const char *table, int64_t rows, void *p)
{
    status_acc *s = p;
    if (s->j) {
        json_kint(s->j, table, rows);
    } else {
        size_t n = strlen(s->buf);
        snprintf(s->buf + n, sizeof s->buf - n, "%s%s %lld", n ? ", " : "", table, (long long)rows);
    }
}

static int cmd_status(cli_ctx *ctx, cli_args *a)
{
    vg_store_info *info = NULL;
    vg_store *st = NULL;
    const char *fp;
    long ttl = -1;
    int rc, code = EXIT_DONE, pass = 0, rec = 0, cached;
    vg_unlock_opts o = {ctx->env_pass ? cli_passphrase_cb : NULL, ctx, 0};
    (void)a;

    if (!(info = malloc(sizeof *info)))
        return EXIT_ERROR;
    if ((rc = vg_store_peek(ctx->store_dir, info)) != VG_OK) {
        code = cli_fail(rc);
        goto done;
    }
    fp = info->fingerprint;
    for (size_t i = 0; i < info->nslots; i++) {
        pass += info->slots[i].kind == VG_SLOT_PASSPHRASE;
        rec += info->slots[i].kind == VG_SLOT_RECOVERY;
    }
    cached = info->cached;
    ttl = info->cache_left;
    rc = vg_store_open(&st, ctx->store_dir, &o);
    if (rc != VG_OK && rc != VG_ELOCKED) {
        code = cli_fail(rc);
        goto done;
    }
    if (ctx->json) {
        cli_json j;
        status_acc s = {&j, NULL, ""};
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "store", ctx->store_dir);
        json_kstr(&j, "fingerprint", fp);
        json_kbool(&j, "unlocked", cached);
        if (cached)
            json_kint(&j, "unlocked_seconds_left", ttl);
        json_key(&j, "key_slots");
        json_obj(&j);
        json_kint(&j, "passphrase", pass);
        json_kint(&j, "recovery", rec);
        json_end_obj(&j);
        if (st) {
            json_key(&j, "schema");
            json_obj(&j);
            vg_store_schema(st, on_schema, &s);
            json_end_obj(&j);
            json_key(&j, "counts");
            json_obj(&j);
            vg_store_counts(st, on_count, &s);
            json_end_obj(&j);
        }
        json_end_obj(&j);
        json_done(&j);
    } else {
        status_acc s = {NULL, NULL, ""};
        label(_("Store"));
        printf("%s\n", ctx->store_dir);
        label(_("Fingerprint"));
        printf("%s\n", fp);
        label(_("State"));
        if (cached)
            printf("%s (%ld min)\n", _("unlocked"), (ttl + 59) / 60);
        else
            printf("%s\n", _("locked"));
        label(_("Key slots"));
        printf(ngettext("%d passphrase", "%d passphrases", (unsigned long)pass), pass);
        printf(", ");
        printf(ngettext("%d recovery key", "%d recovery keys", (unsigned long)rec), rec);
        printf("\n");
        if (st) {
            vg_store_schema(st, on_schema, &s);
            label(_("Schema"));
            printf("%s\n", s.buf);
            s.buf[0] = '\0';
            vg_store_counts(st, on_count, &s);
            label(_("Rows"));
            printf("%s\n", s.buf);
        } else {
            printf("%s\n",
                   _("(schema and counts are shown once the store is unlocked: 'vigie unlock')"));
        }
    }
done:
    vg_store_close(st);
    free(info);
    return code;
}

static void on_notice(const char *text, void *payload)
{
    (void)payload;
    cli_warn("%s", text);
}

static void on_export_left(const char *path, void *payload)
{
    (void)payload;
    cli_warn(_("'%s' was left by an interrupted export: removed"), path);
}

static int cmd_check(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    int64_t entries = 0;
    int rc, notes, unread = 0;
    (void)a;

    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    if ((rc = vg_store_check(st)) == VG_OK && (rc = vg_store_read_pages(st)) == VG_EUNSUPPORTED) {
        cli_warn("%s", vg_error_last());
        unread = 1;
        rc = VG_OK;
    }
    if (rc != VG_OK || (rc = vg_audit_verify(st, &entries)) != VG_OK ||
        (rc = notes = vg_store_review(st, on_notice, NULL)) < 0) {
        vg_store_close(st);
        return cli_fail(rc);
    }
    notes += vg_export_sweep(vg_store_dir(st), on_export_left, NULL);
    vg_store_close(st);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kbool(&j, "key_file_ok", 1);
        json_kbool(&j, "database_ok", 1);
        json_kbool(&j, "audit_ok", 1);
        json_kint(&j, "audit_entries", entries);
        json_kint(&j, "notices", notes);
        json_end_obj(&j);
        json_done(&j);
    } else {
        label(_("Key file"));
        printf("%s\n", _("ok"));
        label(_("Database"));
        printf("%s\n", unread ? _("ok (every page in use read, integrity check passed)")
                              : _("ok (every page read, integrity check passed)"));
        label(_("Audit log"));
        printf(ngettext("ok (%lld entry, chain intact)\n", "ok (%lld entries, chain intact)\n",
                        (unsigned long)entries),
               (long long)entries);
        label(_("To look at"));
        if (notes)
            printf(ngettext("%d point (see the warnings)\n", "%d points (see the warnings)\n",
                            (unsigned long)notes),
                   notes);
        else
            printf("%s\n", _("nothing"));
    }
    return notes || unread ? EXIT_ATTENTION : EXIT_DONE;
}

static int cmd_unlock(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_unlock_opts o = {cli_passphrase_cb, ctx, 1};
    int64_t secs = 15 * 60;
    const char *f = cli_opt_value(a, "for");
    int rc;

    if (f && f[strspn(f, "0123456789")] == '\0')
        return cli_usage_error(a->cmd, _("--for: \"%s\" needs a unit: 90s, 15m, 2h, 1d"), f);
    if (f && vg_duration_parse(&secs, f) != VG_OK)
        return cli_usage_error(a->cmd, "--for: %s", vg_error_last());
    if ((rc = vg_store_open(&st, ctx->store_dir, &o)) != VG_OK)
        return cli_fail(rc);
    rc = vg_store_unlock_for(st, (unsigned)secs);
    vg_store_close(st);
    if (rc == VG_EUNSUPPORTED) {
        cli_warn("%s", vg_error_last());
        cli_note("%s", _("Vigie will ask for the passphrase each time."));
        return EXIT_DONE;
    }
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kbool(&j, "unlocked", 1);
        json_kint(&j, "seconds", secs);
        json_end_obj(&j);
        json_done(&j);
    } else if (secs < 60) {
        printf(
            ngettext(
                "Store unlocked for %lld second (kernel keyring; 'vigie lock' forgets it now).\n",
                "Store unlocked for %lld seconds (kernel keyring; 'vigie lock' forgets it now).\n",
                (unsigned long)secs),
            (long long)secs);
    } else {
        printf(
            _("Store unlocked for %lld minutes (kernel keyring; 'vigie lock' forgets it now).\n"),
            (long long)((secs + 59) / 60));
    }
    return EXIT_DONE;
}

static int cmd_lock(cli_ctx *ctx, cli_args *a)
{
    int rc = vg_store_lock(ctx->store_dir);
    (void)a;
    if (rc != VG_OK && rc != VG_ENOTFOUND)
        return cli_fail(rc);
    if (rc == VG_ENOTFOUND && !vg_store_exists(ctx->store_dir))
        return cli_fail(rc);
    if (!ctx->json) {
        printf("%s\n", rc == VG_OK ? _("Store locked.") : _("The store was not unlocked."));
    } else {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kbool(&j, "locked", 1);
        json_kbool(&j, "was_unlocked", rc == VG_OK);
        json_end_obj(&j);
        json_done(&j);
    }
    return EXIT_DONE;
}

static int cmd_backup(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    int rc, audited = 0;
    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    rc = vg_backup_write(st, a->argv[0], cli_flag(a, "force"), &audited);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (!audited)
        cli_warn("%s", _("the backup is whole, but the store could not record it in its audit "
                         "log (read-only or full medium)"));
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "backup", a->argv[0]);
        json_end_obj(&j);
        json_done(&j);
    } else
        printf(
            _("Backup written to %s (encrypted; the passphrase or the recovery key opens it).\n"),
            a->argv[0]);
    return EXIT_DONE;
}

static int cmd_restore(cli_ctx *ctx, cli_args *a)
{
    vg_unlock_opts o = {cli_passphrase_cb, ctx, 0};
    vg_restore_info info;
    int64_t forgotten;
    char made[32], newest[32], seen[32];
    int rc = vg_backup_restore(a->argv[0], ctx->store_dir, &o, &info);
    if (rc != VG_OK)
        return cli_fail(rc);
    forgotten = info.seen_seq > info.newest_seq ? info.seen_seq - info.newest_seq : 0;
    vg_time_format_utc(made, info.created);
    vg_time_format_utc(newest, info.newest_at);
    vg_time_format_utc(seen, info.seen_at);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "restored", ctx->store_dir);
        json_kstr(&j, "backup_made", made);
        json_kint(&j, "backup_days_old", (vg_now() - info.created) / 86400);
        json_kint(&j, "backup_audit_entries", info.newest_seq);
        json_kint(&j, "forgotten_audit_entries", forgotten);
        json_end_obj(&j);
        json_done(&j);
    } else {
        long long days = (long long)((vg_now() - info.created) / 86400);
        printf(_("Store restored in %s and checked.\n"), ctx->store_dir);
        printf(ngettext("The backup was made on %s (%lld day ago); its last change: %s.\n",
                        "The backup was made on %s (%lld days ago); its last change: %s.\n",
                        (unsigned long)days),
               made, days, newest);
    }
    if (forgotten > 0)
        cli_warn(ngettext("this account saw this store %lld audit entry further, on %s: what it "
                          "recorded is forgotten here (used check-in codes, revocations of kits "
                          "and cards, key changes). Revoke again and re-issue codes that may have "
                          "been used; 'vigie audit log' in the newer store shows what changed",
                          "this account saw this store %lld audit entries further, on %s: what "
                          "they recorded is forgotten here (used check-in codes, revocations of "
                          "kits and cards, key changes). Revoke again and re-issue codes that may "
                          "have been used; 'vigie audit log' in the newer store shows what changed",
                          (unsigned long)forgotten),
                 (long long)forgotten, seen);
    return EXIT_DONE;
}

static const cli_opt init_opts[] = {
    {"recovery-key-file", OPT_VALUE, "FILE",
     N_("write the recovery key to FILE (0600) instead of the screen")},
    {"label", OPT_VALUE, "TEXT", N_("name of the first passphrase slot (default: your login)")},
    {"kdf", OPT_VALUE, "COST", N_("Argon2id cost: interactive, moderate (default) or sensitive")},
    {NULL, 0, NULL, NULL},
};
static const cli_opt unlock_opts[] = {
    {"for", OPT_VALUE, "DURATION",
     N_("how long to keep the key, with its unit (default 15m; 90s, 2h, 1d...)")},
    {NULL, 0, NULL, NULL},
};
static const cli_opt backup_opts[] = {
    {"force", OPT_FLAG, NULL, N_("replace FILE if it exists")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_store[] = {
    {"init", NULL, "", N_("create the store; ask the passphrase twice; show the recovery key once"),
     0, 0, init_opts, cmd_init,
     N_("The passphrase comes from VIGIE_PASSPHRASE when set, else from the terminal.\n"
        "It needs at least 12 characters. The store is never created over another one.")},
    {"status", NULL, "",
     N_("where the store is, its key slots, locked or unlocked, schema and counts"), 0, 0, NULL,
     cmd_status, NULL},
    {"check", NULL, "", N_("integrity of the key file, the database and the audit chain"), 0, 0,
     NULL, cmd_check,
     N_("Exit 6 names the first damage found. Exit 3 when something needs a look:\n"
        "file permissions too open, a key slot that the audit log does not name (or\n"
        "names as removed), files left in the store folder by an interrupted command.")},
    {"unlock", NULL, "", N_("keep the data key in the kernel keyring for a while"), 0, 0,
     unlock_opts, cmd_unlock, NULL},
    {"lock", NULL, "", N_("forget the cached data key now"), 0, 0, NULL, cmd_lock, NULL},
    {"backup", NULL, "FILE", N_("write an encrypted one-file backup of the store"), 1, 1,
     backup_opts, cmd_backup, NULL},
    {"restore", NULL, "FILE", N_("restore a backup into the store folder (never over a store)"), 1,
     1, NULL, cmd_restore,
     N_("Everything is verified, the passphrase included, before the store appears.\n"
        "Name the target with --store DIR.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
