/* Opening, creating and checking the store.
 *
 * SQLCipher 3.4.1 traps handled here (see TECH-NOTES): the key is given raw
 * as "x'<64 hex>'" (never a passphrase, never empty); cipher_page_size is
 * set after the key on every open; PRAGMA cipher_version must answer, or the
 * linked engine is plain SQLite and would write plaintext. */
#include <errno.h>
#include <pwd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/store.h>

#include "crypto/keycache.h"
#include "crypto/keyfile.h"
#include "store/store_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"

/* How long a command waits for another one that holds the store. */
#define VG_STORE_BUSY_MS 10000

sqlite3 *vg_store_db(vg_store *st)
{
    return st->db;
}

int vg_sql_fail(vg_store *st, int rc, const char *what)
{
    const char *msg = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
    int primary = rc & 0xff;
    /* SQLCipher 3.4.1 reports a page whose HMAC fails as a bare SQLITE_ERROR
     * with SQLite's generic text; a mistake in our SQL has a specific one. */
    if (primary == SQLITE_ERROR && !strcmp(msg, sqlite3_errstr(SQLITE_ERROR)))
        primary = SQLITE_CORRUPT;
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
        return vg_error_set(VG_EINTEGRITY, _("the database is damaged (%s: %s)"), what, msg);
    if (primary == SQLITE_CONSTRAINT)
        return vg_error_set(VG_EEXISTS, _("%s: %s"), what, msg);
    if (primary == SQLITE_NOMEM)
        return vg_error_oom();
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return vg_error_set(VG_EBUSY, "%s",
                            _("another vigie command is using the store; nothing was changed, "
                              "try again"));
    if (primary == SQLITE_FULL)
        return vg_error_set(VG_ERROR,
                            _("the disk is full: nothing was changed (%s); free some space where "
                              "the store is (%s)"),
                            what, st && st->dir ? st->dir : "?");
    return vg_error_set(VG_ERROR, _("database error (%s: %s)"), what, msg);
}

int vg_sql_exec(vg_store *st, const char *sql)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? VG_OK : vg_sql_fail(st, rc, "exec");
}

int vg_sql_prepare(vg_store *st, sqlite3_stmt **out, const char *sql)
{
    int rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
    return rc == SQLITE_OK ? VG_OK : vg_sql_fail(st, rc, "prepare");
}

int vg_sql_cached(vg_store *st, sqlite3_stmt **out, const char *sql)
{
    size_t i;
    int rc;
    *out = NULL;
    for (i = 0; i < VG_STMT_CACHE && st->cache[i].sql; i++)
        if (st->cache[i].sql == sql) {
            *out = st->cache[i].stmt;
            return VG_OK;
        }
    rc = vg_sql_prepare(st, out, sql);
    if (rc != VG_OK || i == VG_STMT_CACHE) /* full: finalized at release */
        return rc;
    st->cache[i].sql = sql;
    st->cache[i].stmt = *out;
    return VG_OK;
}

void vg_sql_release(vg_store *st, sqlite3_stmt *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < VG_STMT_CACHE && st->cache[i].sql; i++)
        if (st->cache[i].stmt == s) {
            sqlite3_reset(s);
            sqlite3_clear_bindings(s);
            return;
        }
    sqlite3_finalize(s);
}

static void cache_clear(vg_store *st)
{
    for (size_t i = 0; i < VG_STMT_CACHE && st->cache[i].sql; i++) {
        sqlite3_finalize(st->cache[i].stmt);
        st->cache[i].sql = NULL;
        st->cache[i].stmt = NULL;
    }
}

int vg_sql_bind_text(sqlite3_stmt *s, int i, const char *text)
{
    return text ? sqlite3_bind_text(s, i, text, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i);
}

char *vg_sql_col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? strdup((const char *)t) : NULL;
}

int vg_sql_step_done(vg_store *st, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    return rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, what);
}

int vg_sql_rows(vg_store *st, sqlite3_stmt *s, size_t size, void **out, size_t *n,
                vg_sql_row_fn read, void *ud, const char *what)
{
    unsigned char *v = *out;
    size_t cap = *n;
    int rc = VG_OK, src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            unsigned char *g = realloc(v, nc * size);
            if (!g) {
                rc = vg_error_oom();
                break;
            }
            v = g;
            cap = nc;
            *out = v;
        }
        memset(v + *n * size, 0, size);
        (*n)++;
        if ((rc = read(s, v + (*n - 1) * size, ud)) != VG_OK)
            break;
    }
    if (rc == VG_OK && src != SQLITE_DONE)
        rc = vg_sql_fail(st, src, what);
    return rc;
}

const char *vg_actor(void)
{
    static char name[64];
    struct passwd *pw;
    if (name[0])
        return name;
    pw = getpwuid(geteuid());
    snprintf(name, sizeof name, "%s", pw && pw->pw_name ? pw->pw_name : "uid");
    if (!pw)
        snprintf(name, sizeof name, "uid %u", (unsigned)geteuid());
    return name;
}

void vg_store_tx_cache_drop(vg_store *st)
{
    if (st && st->tx_cache && st->tx_cache_free)
        st->tx_cache_free(st->tx_cache);
    if (st) {
        st->tx_cache = NULL;
        st->tx_cache_free = NULL;
    }
}

int vg_store_begin(vg_store *st)
{
    int rc = vg_sql_exec(st, "BEGIN IMMEDIATE");
    st->audit_head_ok = 0;
    vg_store_tx_cache_drop(st);
    if (rc == VG_OK)
        st->in_tx = 1;
    return rc;
}

int vg_store_commit(vg_store *st)
{
    int rc = vg_sql_exec(st, "COMMIT");
    st->audit_head_ok = 0;
    vg_store_tx_cache_drop(st);
    if (rc == VG_OK) {
        st->in_tx = 0;
        vg_store_anchor_update(st); /* best effort: a failure only weakens */
    }
    return rc;
}

void vg_store_rollback(vg_store *st)
{
    if (st && st->db && !sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    if (st) {
        st->in_tx = 0;
        st->audit_head_ok = 0;
    }
    vg_store_tx_cache_drop(st);
}

int vg_store_read_begin(vg_store *st, int *opened)
{
    int rc;
    *opened = 0;
    if (!sqlite3_get_autocommit(st->db))
        return VG_OK;
    if ((rc = vg_sql_exec(st, "BEGIN")) == VG_OK)
        *opened = 1;
    return rc;
}

void vg_store_read_end(vg_store *st, int opened)
{
    /* nothing was written: COMMIT only drops the shared lock */
    if (opened && st && st->db && !sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
}

char *vg_store_default_dir(const char *explicit_dir)
{
    const char *env = getenv("VIGIE_STORE"), *xdg = getenv("XDG_DATA_HOME"), *home;
    if (explicit_dir && *explicit_dir)
        return strdup(explicit_dir);
    if (env && *env)
        return strdup(env);
    if (xdg && *xdg == '/')
        return vg_path_join(xdg, "vigie");
    home = getenv("HOME");
    if (!home || !*home) {
        struct passwd *pw = getpwuid(geteuid());
        home = pw ? pw->pw_dir : "/";
    }
    {
        char *local = vg_path_join(home, ".local/share"), *dir;
        if (!local)
            return NULL;
        dir = vg_path_join(local, "vigie");
        free(local);
        return dir;
    }
}

int vg_store_exists(const char *dir)
{
    char *a = vg_path_join(dir, VG_DB_FILE), *b = vg_path_join(dir, VG_KEYS_FILE);
    int yes = (a && access(a, F_OK) == 0) || (b && access(b, F_OK) == 0);
    free(a);
    free(b);
    return yes;
}

static int set_paths(vg_store *st, const char *dir)
{
    st->dir = strdup(dir);
    st->db_path = vg_path_join(dir, VG_DB_FILE);
    st->keys_path = vg_path_join(dir, VG_KEYS_FILE);
    if (!st->dir || !st->db_path || !st->keys_path)
        return vg_error_oom();
    return VG_OK;
}

/* The one raw-key open (backup.c uses it too). The key reaches SQLCipher as
 * "x'<64 hex>'" built in guarded memory; a hex string of the wrong length
 * would silently be taken as a passphrase, so the length is checked first. */
int vg_sql_open_keyed(sqlite3 **out, const char *path, const vg_secret *key, int flags)
{
    vg_secret *hex = NULL;
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    char *keyhex;
    int rc;

    *out = NULL;
    if (vg_secret_len(key) != VG_DATA_KEY_BYTES)
        return vg_error_set(VG_EINVALID, "%s", _("the data key has the wrong length"));
    rc = sqlite3_open_v2(path, &db, flags, NULL);
    if (rc != SQLITE_OK) {
        vg_store tmp = {.db = db};
        rc = vg_sql_fail(&tmp, rc, path);
        goto done;
    }
    /* Before any read: a command that opens the store while another one
     * commits waits for it (VG_STORE_BUSY_MS) instead of failing at once. */
    sqlite3_busy_timeout(db, VG_STORE_BUSY_MS);
    if ((rc = vg_secret_new(&hex, 2 * VG_DATA_KEY_BYTES + 4)) != VG_OK)
        goto done;
    keyhex = (char *)vg_secret_data(hex);
    keyhex[0] = 'x';
    keyhex[1] = '\'';
    sodium_bin2hex(keyhex + 2, 2 * VG_DATA_KEY_BYTES + 1, vg_secret_data(key), VG_DATA_KEY_BYTES);
    keyhex[2 + 2 * VG_DATA_KEY_BYTES] = '\'';
    keyhex[3 + 2 * VG_DATA_KEY_BYTES] = '\0';
    rc = sqlite3_key(db, keyhex, 3 + 2 * VG_DATA_KEY_BYTES);
    vg_secret_free(hex);
    if (rc != SQLITE_OK) {
        rc = vg_error_set(VG_ERROR, "%s", _("SQLCipher refused the key"));
        goto done;
    }
    if (sqlite3_exec(db, "PRAGMA cipher_page_size = 4096", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "PRAGMA cipher_version", -1, &s, NULL) != SQLITE_OK ||
        sqlite3_step(s) != SQLITE_ROW || !sqlite3_column_text(s, 0)) {
        rc = vg_error_set(VG_ERROR, "%s",
                          _("the SQLite linked into vigie has no encryption: refusing to go on"));
        goto done;
    }
    *out = db;
    db = NULL;
    rc = VG_OK;
done:
    sqlite3_finalize(s);
    if (db)
        sqlite3_close_v2(db);
    return rc;
}

/* Open the SQLCipher database with the raw data key and check the engine. */
static int open_db(vg_store *st, int create)
{
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    int rc;

    if (!create && access(st->db_path, F_OK) != 0)
        return vg_error_set(VG_EINTEGRITY, _("the database '%s' is missing"), st->db_path);
    if ((rc = vg_sql_open_keyed(&st->db, st->db_path, st->key, flags)) != VG_OK)
        return rc;
    /* The first read of page 1: NOTADB here means damage, since the key
     * file's MAC already proved the key right. */
    if ((rc = vg_sql_exec(st, "SELECT count(*) FROM sqlite_master")) != VG_OK)
        return rc;
    return vg_sql_exec(st, "PRAGMA cache_size = -65536; PRAGMA foreign_keys = ON;"
                           "PRAGMA secure_delete = ON; PRAGMA synchronous = FULL;");
}

static void store_free(vg_store *st)
{
    if (!st)
        return;
    if (st->db) {
        vg_store_rollback(st);
        cache_clear(st);
        sqlite3_close_v2(st->db);
    }
    vg_store_tx_cache_drop(st);
    vg_keyfile_free(st->kf);
    vg_secret_free(st->key);
    vg_secret_free(st->content);
    free(st->dir);
    free(st->db_path);
    free(st->keys_path);
    free(st);
}

void vg_store_close(vg_store *st)
{
    store_free(st);
}

static int create_org_keys(vg_store *st)
{
    unsigned char box_pk[crypto_box_PUBLICKEYBYTES], box_sk[crypto_box_SECRETKEYBYTES];
    unsigned char sign_pk[crypto_sign_PUBLICKEYBYTES], sign_sk[crypto_sign_SECRETKEYBYTES];
    sqlite3_stmt *s = NULL;
    int rc;
    crypto_box_keypair(box_pk, box_sk);
    crypto_sign_keypair(sign_pk, sign_sk);
    rc = vg_sql_prepare(st, &s, "INSERT INTO org_keys VALUES (1, ?1, ?2, ?3, ?4, ?5)");
    if (rc == VG_OK) {
        sqlite3_bind_blob(s, 1, box_pk, sizeof box_pk, SQLITE_TRANSIENT);
        sqlite3_bind_blob(s, 2, box_sk, sizeof box_sk, SQLITE_TRANSIENT);
        sqlite3_bind_blob(s, 3, sign_pk, sizeof sign_pk, SQLITE_TRANSIENT);
        sqlite3_bind_blob(s, 4, sign_sk, sizeof sign_sk, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 5, vg_now());
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = vg_sql_fail(st, sqlite3_errcode(st->db), "org_keys");
    }
    sqlite3_finalize(s);
    sodium_memzero(box_sk, sizeof box_sk);
    sodium_memzero(sign_sk, sizeof sign_sk);
    return rc;
}

int vg_store_create(const char *dir, const vg_secret *pass, const char *label, vg_kdf_cost cost,
                    const char *recovery_file, vg_secret **recovery_out)
{
    int rfile_made = 0;
    vg_store *st = calloc(1, sizeof *st);
    vg_secret *rkey = NULL;
    int rc, db_made = 0, dir_made = 0;
    struct stat sb;

    *recovery_out = NULL;
    if (!st)
        return vg_error_oom();
    if ((rc = set_paths(st, dir)) != VG_OK)
        goto done;
    if (vg_store_exists(dir)) {
        rc =
            vg_error_set(VG_EEXISTS, _("a store already exists in '%s': nothing was changed"), dir);
        goto done;
    }
    if (stat(dir, &sb) != 0) {
        if ((rc = vg_mkdir_private(dir)) != VG_OK)
            goto done;
        dir_made = 1;
    } else if (!S_ISDIR(sb.st_mode)) {
        rc = vg_error_set(VG_EINVALID, _("'%s' is not a folder"), dir);
        goto done;
    } else if (chmod(dir, 0700) != 0) {
        rc = vg_error_set(VG_ERROR, _("cannot make '%s' private: %s"), dir, strerror(errno));
        goto done;
    }
    if ((rc = vg_secret_random(&st->key, VG_DATA_KEY_BYTES)) != VG_OK ||
        (rc = vg_secret_random(&rkey, VG_RECOVERY_KEY_BYTES)) != VG_OK ||
        (rc = vg_keyfile_new(&st->kf)) != VG_OK ||
        (rc = vg_keyfile_add_passphrase(st->kf, st->key, pass, label, cost, NULL)) != VG_OK ||
        (rc = vg_keyfile_add_recovery(st->kf, st->key, rkey, NULL)) != VG_OK)
        goto done;
    {
        mode_t old = umask(077);
        db_made = 1;
        rc = open_db(st, 1);
        umask(old);
        if (rc != VG_OK)
            goto done;
    }
    if ((rc = vg_schema_migrate(st)) != VG_OK || (rc = vg_store_begin(st)) != VG_OK ||
        (rc = create_org_keys(st)) != VG_OK ||
        (rc = vg_audit_append(st, "store.init", "store", label ? label : "")) != VG_OK ||
        (rc = vg_store_commit(st)) != VG_OK)
        goto done;
    if (chmod(st->db_path, 0600) != 0) {
        rc =
            vg_error_set(VG_ERROR, _("cannot make '%s' private: %s"), st->db_path, strerror(errno));
        goto done;
    }
    if (recovery_file) {
        vg_secret *tbuf = NULL;
        char *text, fp[24];
        size_t n, cap = VG_RECOVERY_TEXT_MAX + 64;
        if ((rc = vg_secret_new(&tbuf, cap)) != VG_OK)
            goto done;
        text = (char *)vg_secret_data(tbuf);
        if ((rc = vg_recovery_format(text, rkey)) != VG_OK) {
            vg_secret_free(tbuf);
            goto done;
        }
        vg_keyfile_fingerprint(st->kf, fp);
        n = strlen(text);
        n += (size_t)snprintf(text + n, cap - n, "\nstore %s\n", fp);
        rc = vg_file_write_atomic(recovery_file, text, n, 0);
        vg_secret_free(tbuf);
        if (rc != VG_OK)
            goto done;
        rfile_made = 1;
    }
    /* The key file last: a store without it does not exist yet. Its
     * anchor names the first audit entry. */
    vg_store_anchor_set(st);
    {
        unsigned char *buf = NULL;
        size_t len = 0;
        rc = vg_keyfile_serialize(&buf, &len, st->kf, st->key);
        if (rc == VG_OK)
            rc = vg_file_write_atomic(st->keys_path, buf, len, 0);
        free(buf);
        if (rc != VG_OK)
            goto done;
    }
    *recovery_out = rkey;
    rkey = NULL;
done:
    if (rc != VG_OK && db_made) {
        if (st->db) {
            vg_store_rollback(st);
            cache_clear(st);
            sqlite3_close_v2(st->db);
            st->db = NULL;
        }
        unlink(st->db_path);
        {
            char *j = vg_path_join(dir, VG_DB_FILE "-journal");
            if (j)
                unlink(j);
            free(j);
        }
    }
    if (rc != VG_OK && rfile_made)
        unlink(recovery_file);
    if (rc != VG_OK && dir_made)
        rmdir(dir);
    vg_secret_free(rkey);
    store_free(st);
    return rc;
}

static int finish_open(vg_store *st)
{
    vg_secret *prev = NULL;
    int rc = open_db(st, 0);
    if (rc == VG_EINTEGRITY && vg_keyfile_prev_key(st->kf, st->key, &prev) == VG_OK) {
        /* A rekey that did not finish: vigie.db may still be under the
         * previous key. Finish it (or go on with the previous key). */
        if (st->db) {
            sqlite3_close_v2(st->db);
            st->db = NULL;
        }
        rc = vg_store_rekey_resume(st, prev);
    } else if (rc == VG_OK && prev == NULL &&
               vg_keyfile_prev_key(st->kf, st->key, &prev) == VG_OK) {
        vg_store_rekey_tidy(st); /* the database is under the new key already */
    }
    vg_secret_free(prev);
    if (rc == VG_OK)
        rc = vg_keyfile_content_key(st->kf, st->key, &st->content);
    if (rc == VG_OK)
        rc = vg_schema_migrate(st);
    if (rc == VG_OK)
        rc = vg_store_anchor_check(st);
    if (rc == VG_OK && !st->restoring)
        rc = vg_store_seen_check(st);
    if (rc == VG_OK && !st->restoring)
        vg_store_seen_update(st);
    return rc;
}

int vg_store_open(vg_store **out, const char *dir, const vg_unlock_opts *opts)
{
    return vg_store_open_internal(out, dir, opts, 0);
}

int vg_store_open_internal(vg_store **out, const char *dir, const vg_unlock_opts *opts,
                           int restoring)
{
    vg_store *st = calloc(1, sizeof *st);
    vg_secret *pass = NULL;
    int rc;

    *out = NULL;
    if (!st)
        return vg_error_oom();
    st->restoring = restoring;
    if ((rc = set_paths(st, dir)) != VG_OK)
        goto done;
    rc = vg_keyfile_load(&st->kf, st->keys_path);
    if (rc == VG_ENOTFOUND) {
        rc = access(st->db_path, F_OK) == 0
                 ? vg_error_set(VG_EINTEGRITY, _("the key file '%s' is missing"), st->keys_path)
                 : vg_error_set(VG_ENOTFOUND, _("no store in '%s' (run 'vigie init')"), dir);
        goto done;
    }
    if (rc != VG_OK)
        goto done;
    if (!(opts && opts->no_cache) &&
        vg_keycache_get(&st->key, vg_keyfile_store_id(st->kf)) == VG_OK) {
        if (vg_keyfile_verify(st->kf, st->key) == VG_OK) {
            st->from_cache = 1;
        } else { /* a stale cache entry: forget it and ask */
            vg_secret_free(st->key);
            st->key = NULL;
            vg_keycache_drop(vg_keyfile_store_id(st->kf));
        }
    }
    if (!st->key) {
        if (!opts || !opts->passphrase) {
            rc = vg_error_set(VG_ELOCKED, "%s", _("the store is locked"));
            goto done;
        }
        if ((rc = opts->passphrase(&pass, opts->payload)) != VG_OK)
            goto done;
        if ((rc = vg_keyfile_unlock(&st->key, &st->slot, st->kf, VG_SLOT_PASSPHRASE, pass)) !=
            VG_OK)
            goto done;
        if ((rc = vg_keyfile_verify(st->kf, st->key)) != VG_OK)
            goto done;
    }
    if ((rc = finish_open(st)) != VG_OK)
        goto done;
    *out = st;
    st = NULL;
done:
    vg_secret_free(pass);
    store_free(st);
    return rc;
}

int vg_store_open_secret(vg_store **out, const char *dir, vg_slot_kind kind,
                         const vg_secret *secret, uint32_t *slot_out)
{
    vg_store *st = calloc(1, sizeof *st);
    int rc;
    *out = NULL;
    if (!st)
        return vg_error_oom();
    if ((rc = set_paths(st, dir)) != VG_OK)
        goto done;
    rc = vg_keyfile_load(&st->kf, st->keys_path);
    if (rc == VG_ENOTFOUND)
        rc = access(st->db_path, F_OK) == 0
                 ? vg_error_set(VG_EINTEGRITY, _("the key file '%s' is missing"), st->keys_path)
                 : vg_error_set(VG_ENOTFOUND, _("no store in '%s' (run 'vigie init')"), dir);
    if (rc != VG_OK ||
        (rc = vg_keyfile_unlock(&st->key, &st->slot, st->kf, kind, secret)) != VG_OK ||
        (rc = vg_keyfile_verify(st->kf, st->key)) != VG_OK || (rc = finish_open(st)) != VG_OK)
        goto done;
    if (slot_out)
        *slot_out = st->slot;
    *out = st;
    st = NULL;
done:
    store_free(st);
    return rc;
}

const char *vg_store_dir(const vg_store *st)
{
    return st->dir;
}

vg_keyfile *vg_store_keyfile(const vg_store *st)
{
    return st->kf;
}

const vg_secret *vg_store_data_key(const vg_store *st)
{
    return st->key;
}

const vg_secret *vg_store_content_key(vg_store *st)
{
    return st->content ? st->content : st->key;
}

int vg_store_verify_passphrase(vg_store *st, const vg_secret *pass)
{
    vg_secret *key = NULL;
    int rc = vg_keyfile_unlock(&key, NULL, st->kf, VG_SLOT_PASSPHRASE, pass);
    if (rc == VG_OK && !vg_secret_equal(key, st->key))
        rc = vg_error_set(VG_EAUTH, "%s", _("wrong passphrase"));
    vg_secret_free(key);
    return rc;
}

int vg_store_from_cache(const vg_store *st)
{
    return st->from_cache;
}

void vg_store_fingerprint(const vg_store *st, char out[24])
{
    vg_keyfile_fingerprint(st->kf, out);
}

int vg_store_save_keyfile(vg_store *st)
{
    int rc = vg_keyfile_save(st->kf, st->key, st->keys_path);
    if (rc == VG_OK) {
        /* Reload so that later checks compare against what is on disk. */
        vg_keyfile *kf = NULL;
        if ((rc = vg_keyfile_load(&kf, st->keys_path)) == VG_OK) {
            vg_keyfile_free(st->kf);
            st->kf = kf;
        }
    }
    return rc;
}

int vg_store_check(vg_store *st)
{
    sqlite3_stmt *s = NULL;
    int rc, n = 0;
    char first[256] = "";

    if ((rc = vg_keyfile_verify(st->kf, st->key)) != VG_OK)
        return rc;
    if ((rc = vg_sql_prepare(st, &s, "PRAGMA integrity_check")) != VG_OK)
        return rc;
    /* Damage is reported as rows, not as an error code: read them all. */
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *row = (const char *)sqlite3_column_text(s, 0);
        if (row && strcmp(row, "ok") != 0 && n++ == 0)
            snprintf(first, sizeof first, "%s", row);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return vg_sql_fail(st, rc, "integrity_check");
    if (n)
        return vg_error_set(VG_EINTEGRITY, _("the database is damaged: %s (%d problems)"), first,
                            n);
    if ((rc = vg_schema_check_counts(st)) != VG_OK)
        return rc;
    return vg_audit_verify(st, NULL);
}
