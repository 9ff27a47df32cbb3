/* The rollback anchor (review finding 6).
 *
 * SQLCipher authenticates each page alone: an older page, or an older
 * vigie.db, is accepted as genuine. So the key file, which only the data
 * key's holder can write (its MAC), carries the newest audit entry the store
 * had committed (its seq and hash) and a counter. After every COMMIT the
 * anchor moves forward; at every open, the database must still hold that
 * entry, with that hash. A database put back alone (a copy, a backup's
 * database, the audit's pages) is refused as rolled back.
 *
 * The database may be ahead of the anchor (a kill between the COMMIT and
 * the key file's rename, or a key file put back alone): that is accepted,
 * and `vigie check` reports slots the audit log says were removed. Rolling
 * back both files together is a whole-store rollback: see account state in
 * lifecycle.c. */
#include <sodium.h>
#include <string.h>
#include <vigie/error.h>

#include "crypto/keyfile.h"
#include "store/store_internal.h"
#include "util/i18n.h"

/* The newest audit entry: 1 and its seq and hash, 0 if none, <0 on error. */
static int audit_head(vg_store *st, int64_t *seq, unsigned char head[32])
{
    sqlite3_stmt *s = NULL;
    int rc;
    if (sqlite3_prepare_v2(st->db, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", -1, &s,
                           NULL) != SQLITE_OK)
        return -1;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 1) == 32) {
        *seq = sqlite3_column_int64(s, 0);
        memcpy(head, sqlite3_column_blob(s, 1), 32);
        rc = 1;
    } else {
        rc = rc == SQLITE_DONE ? 0 : -1;
    }
    sqlite3_finalize(s);
    return rc;
}

void vg_store_anchor_set(vg_store *st)
{
    vg_key_anchor a;
    int64_t seq = 0;
    unsigned char head[32];
    if (!st->kf || !st->db || audit_head(st, &seq, head) != 1)
        return;
    vg_keyfile_anchor(st->kf, &a);
    if (a.counter && a.seq >= seq)
        return;
    a.counter++;
    a.seq = seq;
    memcpy(a.head, head, 32);
    vg_keyfile_set_anchor(st->kf, &a);
}

void vg_store_anchor_update(vg_store *st)
{
    int fd = -1;
    vg_key_anchor before, after;
    vg_error_state saved;
    if (!st->kf || !st->db)
        return;
    if (st->keys_locked) { /* a key change: it writes the key file next */
        vg_store_anchor_set(st);
        return;
    }
    vg_error_save(&saved, VG_OK);
    if (vg_store_lock_keys(st->dir, &fd) == VG_OK && vg_store_reload_keys(st) == VG_OK) {
        vg_keyfile_anchor(st->kf, &before);
        vg_store_anchor_set(st);
        vg_keyfile_anchor(st->kf, &after);
        if (after.counter != before.counter)
            vg_store_save_keyfile(st);
    }
    vg_store_unlock_keys(fd);
    vg_error_restore(&saved);
}

int vg_store_anchor_check(vg_store *st)
{
    vg_key_anchor a;
    sqlite3_stmt *s = NULL;
    int rc, found = 0, same = 0;
    vg_keyfile_anchor(st->kf, &a);
    if (a.counter == 0)
        return VG_OK; /* a key file from before the anchor */
    if ((rc = vg_sql_prepare(st, &s, "SELECT hash FROM audit WHERE seq = ?1")) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, a.seq);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        found = 1;
        same = sqlite3_column_bytes(s, 0) == 32 &&
               sodium_memcmp(sqlite3_column_blob(s, 0), a.head, 32) == 0;
    } else if (rc != SQLITE_DONE) {
        rc = vg_sql_fail(st, rc, "audit");
        sqlite3_finalize(s);
        return rc;
    }
    sqlite3_finalize(s);
    if (!found)
        return vg_error_set(VG_EINTEGRITY,
                            _("the database was rolled back: it lacks audit entry %lld, which "
                              "the key file says it had committed (an older copy of vigie.db, "
                              "or of some of its pages, was put in its place)"),
                            (long long)a.seq);
    if (!same)
        return vg_error_set(VG_EINTEGRITY,
                            _("the database was rolled back or replaced: audit entry %lld is not "
                              "the one the key file says it had committed"),
                            (long long)a.seq);
    return VG_OK;
}
