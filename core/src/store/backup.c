/* One-file backups.
 *
 *     0   8  magic "VIGIEBAK"
 *     8   2  format version (1)
 *    10   2  zero
 *    12   4  key file length K (at most 64 KiB)
 *    16   8  database length D
 *    24   8  created (seconds since the epoch)
 *    32  16  store id (must match the key file's)
 *    48   K  the key file, as on disk
 *  48+K   D  a snapshot of the database (SQLite backup API), still encrypted
 *   end  32  BLAKE2b-256 of everything before
 *
 * Nothing in a backup is readable without a passphrase or the recovery key:
 * it is the store's own two files, still encrypted. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vigie/backup.h>
#include <vigie/clock.h>
#include <vigie/error.h>

#include "store/store_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/reader.h"

#define MAGIC        "VIGIEBAK"
#define HEADER_BYTES 48
#define KEYS_MAX     (64 * 1024)
#define BACKUP_MAX   ((size_t)4 << 30)

/* Snapshot the open database into `path` with the same key. */
static int snapshot(vg_store *st, const char *path)
{
    vg_store tmp = {0};
    sqlite3_backup *b;
    int rc;
    char *p = strdup(path);
    if (!p)
        return vg_error_oom();
    tmp.db_path = p;
    tmp.key = (vg_secret *)st->key;
    {
        /* open_db is private to store.c: use the same raw-key steps. */
        char keyhex[2 * VG_DATA_KEY_BYTES + 4] = "x'";
        rc = sqlite3_open_v2(path, &tmp.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
        if (rc != SQLITE_OK) {
            rc = vg_sql_fail(&tmp, rc, path);
            goto done;
        }
        sodium_bin2hex(keyhex + 2, 2 * VG_DATA_KEY_BYTES + 1, vg_secret_data(st->key),
                       VG_DATA_KEY_BYTES);
        keyhex[2 + 2 * VG_DATA_KEY_BYTES] = '\'';
        keyhex[3 + 2 * VG_DATA_KEY_BYTES] = '\0';
        rc = sqlite3_key(tmp.db, keyhex, (int)strlen(keyhex));
        sodium_memzero(keyhex, sizeof keyhex);
        if (rc != SQLITE_OK || vg_sql_exec(&tmp, "PRAGMA cipher_page_size = 4096") != VG_OK) {
            rc = vg_error_set(VG_ERROR, "%s", _("cannot prepare the backup snapshot"));
            goto done;
        }
    }
    b = sqlite3_backup_init(tmp.db, "main", st->db, "main");
    if (!b) {
        rc = vg_sql_fail(&tmp, sqlite3_errcode(tmp.db), "backup");
        goto done;
    }
    rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(&tmp, rc, "backup");
done:
    if (tmp.db)
        sqlite3_close_v2(tmp.db);
    free(p);
    return rc;
}

int vg_store_read_pages(vg_store *st)
{
    char name[48], *snap;
    int rc;
    snprintf(name, sizeof name, ".check-%08x.db", randombytes_random());
    if (!(snap = vg_path_join(st->dir, name)))
        return vg_error_oom();
    {
        mode_t old = umask(077);
        rc = snapshot(st, snap);
        umask(old);
    }
    unlink(snap);
    free(snap);
    return rc;
}

int vg_backup_write(vg_store *st, const char *path, int force)
{
    char *snap = NULL, *tmp = NULL;
    unsigned char *keys = NULL, *db = NULL, header[HEADER_BYTES], sum[32], *p;
    size_t keys_len = 0, db_len = 0;
    crypto_generichash_state h;
    int fd = -1, rc;
    char name[48];

    if (!force && access(path, F_OK) == 0)
        return vg_error_set(VG_EEXISTS, _("'%s' already exists (use --force to replace it)"), path);
    snprintf(name, sizeof name, ".backup-%08x.db", randombytes_random());
    if (!(snap = vg_path_join(st->dir, name)))
        return vg_error_oom();
    {
        mode_t old = umask(077);
        rc = snapshot(st, snap);
        umask(old);
    }
    if (rc != VG_OK)
        goto done;
    if ((rc = vg_file_read(st->keys_path, KEYS_MAX, &keys, &keys_len)) != VG_OK ||
        (rc = vg_file_read(snap, BACKUP_MAX, &db, &db_len)) != VG_OK)
        goto done;
    memcpy(header, MAGIC, 8);
    p = vg_wr_uint(header + 8, 1, 2);
    p = vg_wr_uint(p, 0, 2);
    p = vg_wr_uint(p, keys_len, 4);
    p = vg_wr_uint(p, db_len, 8);
    p = vg_wr_uint(p, (uint64_t)vg_now(), 8);
    memcpy(p, vg_keyfile_store_id(st->kf), VG_STORE_ID_BYTES);
    crypto_generichash_init(&h, NULL, 0, 32);
    crypto_generichash_update(&h, header, sizeof header);
    crypto_generichash_update(&h, keys, keys_len);
    crypto_generichash_update(&h, db, db_len);
    crypto_generichash_final(&h, sum, 32);
    if ((rc = vg_atomic_open(path, &tmp, &fd)) != VG_OK)
        goto done;
    if (vg_write_all(fd, header, sizeof header) || vg_write_all(fd, keys, keys_len) ||
        vg_write_all(fd, db, db_len) || vg_write_all(fd, sum, sizeof sum)) {
        rc = vg_error_set(VG_ERROR, _("cannot write '%s': %s"), path, strerror(errno));
        vg_atomic_abort(tmp, fd);
        goto done;
    }
    rc = vg_atomic_commit(path, tmp, fd, force);
done:
    if (snap) {
        unlink(snap);
        free(snap);
    }
    free(keys);
    free(db);
    return rc;
}

int vg_backup_parse(const unsigned char *buf, size_t len, const unsigned char **keys,
                    size_t *keys_len, const unsigned char **db, size_t *db_len)
{
    vg_reader r;
    unsigned char sum[32];
    uint64_t version, zero, klen, dlen;
    vg_keyfile *kf = NULL;
    int rc;

    if (len < HEADER_BYTES + 32 || memcmp(buf, MAGIC, 8) != 0)
        return vg_error_set(VG_EINTEGRITY, "%s", _("not a Vigie backup, or a damaged one"));
    crypto_generichash(sum, 32, buf, len - 32, NULL, 0);
    if (sodium_memcmp(sum, buf + len - 32, 32) != 0)
        return vg_error_set(VG_EINTEGRITY, "%s", _("the backup is damaged (checksum mismatch)"));
    vg_rd_init(&r, buf, len - 32);
    vg_rd_take(&r, 8);
    version = vg_rd_uint(&r, 2);
    zero = vg_rd_uint(&r, 2);
    klen = vg_rd_uint(&r, 4);
    dlen = vg_rd_uint(&r, 8);
    vg_rd_take(&r, 8);
    const unsigned char *id = vg_rd_take(&r, VG_STORE_ID_BYTES);
    if (version != 1 || zero != 0)
        return vg_error_set(VG_EINTEGRITY, "%s",
                            _("the backup has a format this Vigie does not read"));
    if (r.bad || klen > KEYS_MAX || dlen > vg_rd_left(&r) || klen + dlen != vg_rd_left(&r))
        return vg_error_set(VG_EINTEGRITY, "%s", _("the backup is damaged (bad structure)"));
    *keys = vg_rd_take(&r, (size_t)klen);
    *keys_len = (size_t)klen;
    *db = vg_rd_take(&r, (size_t)dlen);
    *db_len = (size_t)dlen;
    if (r.bad || dlen < 512)
        return vg_error_set(VG_EINTEGRITY, "%s", _("the backup is damaged (bad structure)"));
    if ((rc = vg_keyfile_parse(&kf, *keys, *keys_len)) != VG_OK)
        return rc;
    if (memcmp(vg_keyfile_store_id(kf), id, VG_STORE_ID_BYTES) != 0)
        rc = vg_error_set(VG_EINTEGRITY, "%s", _("the backup's key file belongs to another store"));
    vg_keyfile_free(kf);
    return rc;
}

int vg_backup_restore(const char *path, const char *dir, const vg_unlock_opts *opts)
{
    unsigned char *buf = NULL;
    const unsigned char *keys, *db;
    size_t len = 0, keys_len, db_len;
    char *tmpdir = NULL, *f = NULL;
    vg_store *st = NULL;
    struct stat sb;
    int rc, made = 0;

    if (vg_store_exists(dir))
        return vg_error_set(VG_EEXISTS,
                            _("a store already exists in '%s': restore never overwrites one"), dir);
    if (stat(dir, &sb) == 0 && (!S_ISDIR(sb.st_mode) || rmdir(dir) != 0))
        return vg_error_set(VG_EEXISTS, _("'%s' exists and is not an empty folder"), dir);
    if ((rc = vg_file_read(path, BACKUP_MAX, &buf, &len)) != VG_OK)
        goto done;
    if ((rc = vg_backup_parse(buf, len, &keys, &keys_len, &db, &db_len)) != VG_OK)
        goto done;
    {
        size_t n = strlen(dir) + 32;
        tmpdir = malloc(n);
        if (!tmpdir) {
            rc = vg_error_oom();
            goto done;
        }
        snprintf(tmpdir, n, "%s.restore-%08x", dir, randombytes_random());
    }
    if (mkdir(tmpdir, 0700) != 0) {
        rc = vg_error_set(VG_ERROR, _("cannot create folder '%s': %s"), tmpdir, strerror(errno));
        goto done;
    }
    made = 1;
    if (!(f = vg_path_join(tmpdir, VG_KEYS_FILE)) ||
        (rc = vg_file_write_atomic(f, keys, keys_len, 0)) != VG_OK)
        goto done_rc;
    free(f);
    if (!(f = vg_path_join(tmpdir, VG_DB_FILE)) ||
        (rc = vg_file_write_atomic(f, db, db_len, 0)) != VG_OK)
        goto done_rc;
    /* Prove the copy whole before it takes the store's name. */
    if ((rc = vg_store_open(&st, tmpdir, opts)) != VG_OK || (rc = vg_store_check(st)) != VG_OK)
        goto done;
    vg_store_close(st);
    st = NULL;
    if (rename(tmpdir, dir) != 0) {
        rc = vg_error_set(VG_ERROR, _("cannot move the restored store to '%s': %s"), dir,
                          strerror(errno));
        goto done;
    }
    made = 0;
    rc = vg_fsync_dir(dir);
    goto done;
done_rc:
    if (rc == VG_OK)
        rc = vg_error_oom();
done:
    vg_store_close(st);
    if (made)
        vg_rmdir_flat(tmpdir);
    free(tmpdir);
    free(f);
    free(buf);
    return rc;
}
