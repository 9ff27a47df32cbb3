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
#include <vigie/audit.h>
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
    if ((rc = vg_sql_open_keyed(&tmp.db, path, st->key,
                                SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) != VG_OK)
        goto done;
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

/* Free pages are read by no query: copy the whole database through the
 * pager (the SQLite backup API), which checks every page's HMAC, into a
 * private temporary folder outside the store ($TMPDIR, else /tmp), so that
 * `check` works on a read-only or nearly full medium. If no snapshot can be
 * written there and the database has free pages, VG_EUNSUPPORTED says they
 * were not read (integrity_check read every page in use). */
int vg_store_read_pages(vg_store *st)
{
    const char *base = getenv("TMPDIR");
    char *dir = NULL, *snap = NULL;
    sqlite3_stmt *s = NULL;
    int64_t freepages = -1;
    int rc;
    if (!base || *base != '/')
        base = "/tmp";
    if (!(dir = vg_path_join(base, "vigie-check-XXXXXX")))
        return vg_error_oom();
    if (mkdtemp(dir) != NULL) {
        if ((snap = vg_path_join(dir, "pages.db")) == NULL) {
            rmdir(dir);
            free(dir);
            return vg_error_oom();
        }
        rc = snapshot(st, snap);
        unlink(snap);
        free(snap);
        {
            char *j = vg_path_join(dir, "pages.db-journal");
            if (j)
                unlink(j);
            free(j);
        }
        rmdir(dir);
    } else {
        rc = vg_error_set(VG_ERROR, _("cannot create a folder in '%s': %s"), base, strerror(errno));
    }
    free(dir);
    if (rc == VG_OK || rc == VG_EINTEGRITY)
        return rc;
    if (sqlite3_prepare_v2(st->db, "PRAGMA freelist_count", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        freepages = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (freepages == 0)
        return VG_OK; /* every page is in use, and integrity_check read them all */
    return vg_error_set(VG_EUNSUPPORTED,
                        _("%lld free pages of the database were not read (no room for a "
                          "temporary copy: %s); every page in use was"),
                        (long long)freepages, vg_error_last());
}

/* The database file itself, streamed: a read transaction holds SQLite's
 * shared lock (no writer can commit meanwhile), and the still-encrypted
 * bytes go through the checksum into the output 1 MiB at a time. No copy in
 * the store folder, constant memory whatever the store's size, and it works
 * on a read-only medium. */
static int stream_db(vg_store *st, int out, crypto_generichash_state *h, uint64_t len)
{
    enum { CHUNK = 1 << 20 };
    unsigned char *buf = malloc(CHUNK);
    int in = -1, rc = VG_OK;
    if (!buf)
        return vg_error_oom();
    if ((in = open(st->db_path, O_RDONLY | O_CLOEXEC)) < 0) {
        free(buf);
        return vg_error_set(VG_ERROR, _("cannot read '%s': %s"), st->db_path, strerror(errno));
    }
    while (len > 0 && rc == VG_OK) {
        size_t want = len < CHUNK ? (size_t)len : CHUNK;
        ssize_t got = read(in, buf, want);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            rc = vg_error_set(VG_ERROR, _("cannot read '%s': %s"), st->db_path,
                              got < 0 ? strerror(errno) : _("it became shorter"));
        else if (vg_write_all(out, buf, (size_t)got) != 0)
            rc = vg_error_set(VG_ERROR, _("cannot write the backup: %s"), strerror(errno));
        else {
            crypto_generichash_update(h, buf, (size_t)got);
            len -= (uint64_t)got;
        }
    }
    close(in);
    free(buf);
    return rc;
}

int vg_backup_write(vg_store *st, const char *path, int force, int *audited)
{
    char *tmp = NULL;
    unsigned char *keys = NULL, header[HEADER_BYTES], sum[32], *p;
    size_t keys_len = 0;
    crypto_generichash_state h;
    struct stat sb;
    int fd = -1, rc, reading = 0;

    *audited = 0;
    if (!force && access(path, F_OK) == 0)
        return vg_error_set(VG_EEXISTS, _("'%s' already exists (use --force to replace it)"), path);
    /* The shared lock first, then the key file: its rollback anchor names an
     * entry the database holds, and nothing commits until we are done. */
    if ((rc = vg_sql_exec(st, "BEGIN")) != VG_OK ||
        (rc = vg_sql_exec(st, "SELECT count(*) FROM sqlite_master")) != VG_OK)
        goto done;
    reading = 1;
    if ((rc = vg_file_read(st->keys_path, KEYS_MAX, &keys, &keys_len)) != VG_OK)
        goto done;
    if (stat(st->db_path, &sb) != 0 || sb.st_size < 512 || (uint64_t)sb.st_size > BACKUP_MAX) {
        rc = vg_error_set(VG_ERROR, _("cannot read '%s': %s"), st->db_path, strerror(errno));
        goto done;
    }
    memcpy(header, MAGIC, 8);
    p = vg_wr_uint(header + 8, 1, 2);
    p = vg_wr_uint(p, 0, 2);
    p = vg_wr_uint(p, keys_len, 4);
    p = vg_wr_uint(p, (uint64_t)sb.st_size, 8);
    p = vg_wr_uint(p, (uint64_t)vg_now(), 8);
    memcpy(p, vg_keyfile_store_id(st->kf), VG_STORE_ID_BYTES);
    crypto_generichash_init(&h, NULL, 0, 32);
    crypto_generichash_update(&h, header, sizeof header);
    crypto_generichash_update(&h, keys, keys_len);
    if ((rc = vg_atomic_open(path, &tmp, &fd)) != VG_OK)
        goto done;
    if (vg_write_all(fd, header, sizeof header) || vg_write_all(fd, keys, keys_len)) {
        rc = vg_error_set(VG_ERROR, _("cannot write '%s': %s"), path, strerror(errno));
        vg_atomic_abort(tmp, fd);
        goto done;
    }
    if ((rc = stream_db(st, fd, &h, (uint64_t)sb.st_size)) != VG_OK) {
        vg_atomic_abort(tmp, fd);
        goto done;
    }
    crypto_generichash_final(&h, sum, 32);
    if (vg_write_all(fd, sum, sizeof sum)) {
        rc = vg_error_set(VG_ERROR, _("cannot write '%s': %s"), path, strerror(errno));
        vg_atomic_abort(tmp, fd);
        goto done;
    }
    rc = vg_atomic_commit(path, tmp, fd, force);
    vg_sql_exec(st, "COMMIT");
    reading = 0;
    /* Audited after it exists; a read-only store gets none (the caller warns). */
    if (rc == VG_OK && !sqlite3_db_readonly(st->db, "main")) {
        if ((rc = vg_store_begin(st)) == VG_OK &&
            (rc = vg_audit_append(st, "store.backup", path, "")) == VG_OK &&
            (rc = vg_store_commit(st)) == VG_OK)
            *audited = 1;
        if (rc != VG_OK) {
            vg_store_rollback(st);
            rc = VG_OK; /* the backup is whole; the caller says it was not audited */
        }
    }
done:
    if (reading)
        vg_sql_exec(st, "ROLLBACK");
    free(keys);
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

int vg_backup_restore(const char *path, const char *dir, const vg_unlock_opts *opts,
                      vg_restore_info *info)
{
    vg_restore_info local;
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
    if (!info)
        info = &local;
    memset(info, 0, sizeof *info);
    {
        vg_reader r;
        vg_rd_init(&r, buf, HEADER_BYTES);
        vg_rd_take(&r, 24);
        info->created = (int64_t)vg_rd_uint(&r, 8);
    }
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
    if ((rc = vg_store_open_internal(&st, tmpdir, opts, 1)) != VG_OK ||
        (rc = vg_store_check(st)) != VG_OK)
        goto done;
    vg_store_audit_head(st, &info->newest_seq, &info->newest_at);
    vg_store_seen_newest(st, &info->seen_seq, &info->seen_at);
    if (rename(tmpdir, dir) != 0) {
        rc = vg_error_set(VG_ERROR, _("cannot move the restored store to '%s': %s"), dir,
                          strerror(errno));
        goto done;
    }
    made = 0;
    vg_store_seen_accept(st, dir);
    vg_store_close(st);
    st = NULL;
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
