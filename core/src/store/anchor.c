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
        vg_store_seen_update(st);
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
    vg_store_seen_update(st);
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

/* ---- What this OS account last saw of the store (whole-store rollback) ----
 *
 * Both files put back together (a copy of the whole folder, or a backup
 * restored in its place) are a consistent older store, which no anchor
 * inside it can tell. So each account keeps, outside the store, the newest
 * audit entry it has seen of the store in that folder:
 *   $XDG_STATE_HOME/vigie/seen-<store id>-<BLAKE2b of the folder's path>
 * (~/.local/state/vigie by default), "vigie-seen 1\nSEQ AT HASH\nMAC\n", MAC
 * keyed with a subkey of the content key. At every open, the store must
 * still hold that entry; after every commit and open it moves forward.
 * Deleting the file (or a fresh account) forgets it: it makes a rollback
 * visible, it cannot prove there was none. */

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <vigie/clock.h>

#include "util/fileio.h"

static char *state_dir(void)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char *base, *dir;
    if (xdg && *xdg == '/')
        return vg_path_join(xdg, "vigie");
    if (!home || *home != '/')
        return NULL;
    if (!(base = vg_path_join(home, ".local/state")))
        return NULL;
    dir = vg_path_join(base, "vigie");
    free(base);
    return dir;
}

static void hex_of(char *out, const unsigned char *b, size_t n)
{
    sodium_bin2hex(out, 2 * n + 1, b, n);
}

/* The state file's name for this store in this folder; `prefix_only` 1:
 * the state folder; 2: the file of the newest seen in any folder. */
static char *state_path(vg_store *st, int prefix_only)
{
    char *dir = state_dir(), name[128], id[2 * VG_STORE_ID_BYTES + 1], ph[33];
    char real[PATH_MAX];
    unsigned char h[16];
    char *path;
    if (!dir)
        return NULL;
    hex_of(id, vg_keyfile_store_id(st->kf), VG_STORE_ID_BYTES);
    if (!realpath(st->dir, real))
        snprintf(real, sizeof real, "%s", st->dir);
    crypto_generichash(h, sizeof h, (const unsigned char *)real, strlen(real), NULL, 0);
    hex_of(ph, h, sizeof h);
    if (prefix_only == 2)
        snprintf(name, sizeof name, "seen-%s-newest", id);
    else
        snprintf(name, sizeof name, "seen-%s-%s", id, ph);
    path = prefix_only == 1 ? strdup(dir) : vg_path_join(dir, name);
    free(dir);
    return path;
}

static void state_mac(vg_store *st, const char *text, size_t len, unsigned char mac[32])
{
    static const unsigned char ctx[] = "vigie seen v1";
    unsigned char k[32];
    const vg_secret *ck = vg_store_content_key(st);
    crypto_generichash(k, 32, ctx, sizeof ctx - 1, vg_secret_data(ck), vg_secret_len(ck));
    crypto_generichash(mac, 32, (const unsigned char *)text, len, k, 32);
    sodium_memzero(k, sizeof k);
}

typedef struct {
    int64_t seq, at;
    unsigned char head[32];
} seen_state;

/* 1 if a valid state was read from `path`, else 0. */
static int state_read(vg_store *st, const char *path, seen_state *out)
{
    unsigned char *buf = NULL, mac[32], want[32];
    size_t len = 0;
    char hash[65], machex[65];
    int ok = 0;
    if (vg_file_read(path, 4096, &buf, &len) != VG_OK)
        return 0;
    {
        char *text = malloc(len + 1), *nl;
        if (text) {
            memcpy(text, buf, len);
            text[len] = '\0';
            nl = strchr(text, '\n');
            nl = nl ? strchr(nl + 1, '\n') : NULL;
            if (nl && !strncmp(text, "vigie-seen 1\n", 13) &&
                sscanf(text + 13, "%lld %lld %64s", (long long *)&out->seq, (long long *)&out->at,
                       hash) == 3 &&
                sscanf(nl + 1, "%64s", machex) == 1 &&
                sodium_hex2bin(out->head, 32, hash, 64, NULL, NULL, NULL) == 0 &&
                sodium_hex2bin(mac, 32, machex, 64, NULL, NULL, NULL) == 0) {
                state_mac(st, text, (size_t)(nl + 1 - text), want);
                ok = sodium_memcmp(mac, want, 32) == 0;
            }
            free(text);
        }
    }
    free(buf);
    return ok;
}

static void state_write(vg_store *st, const char *path, int64_t seq, int64_t at,
                        const unsigned char head[32])
{
    char text[256], hex[65], machex[65];
    unsigned char mac[32];
    int n;
    char *dir = state_dir();
    if (!dir)
        return;
    /* mkdir -p, private (~/.local/state/vigie) */
    for (char *q = dir + 1; *q; q++)
        if (*q == '/') {
            *q = '\0';
            mkdir(dir, 0700);
            *q = '/';
        }
    mkdir(dir, 0700);
    free(dir);
    hex_of(hex, head, 32);
    n = snprintf(text, sizeof text, "vigie-seen 1\n%lld %lld %s\n", (long long)seq, (long long)at,
                 hex);
    state_mac(st, text, (size_t)n, mac);
    hex_of(machex, mac, 32);
    n += snprintf(text + n, sizeof text - (size_t)n, "%s\n", machex);
    vg_file_write_atomic(path, text, (size_t)n, 1);
}

void vg_store_seen_update(vg_store *st)
{
    vg_error_state saved;
    seen_state old;
    int64_t seq = 0;
    unsigned char head[32];
    char *path;
    if (!st->kf || !st->db || audit_head(st, &seq, head) != 1)
        return;
    vg_error_save(&saved, VG_OK);
    if ((path = state_path(st, 0)) != NULL) {
        if (!state_read(st, path, &old) || old.seq < seq)
            state_write(st, path, seq, vg_now(), head);
        free(path);
    }
    /* the newest seen in any folder, which a restore does not lower */
    if ((path = state_path(st, 2)) != NULL) {
        if (!state_read(st, path, &old) || old.seq < seq)
            state_write(st, path, seq, vg_now(), head);
        free(path);
    }
    vg_error_restore(&saved);
}

int vg_store_seen_check(vg_store *st)
{
    seen_state seen;
    sqlite3_stmt *s = NULL;
    char *path = state_path(st, 0), when[32];
    int ok = 1;
    if (!path)
        return VG_OK;
    if (!state_read(st, path, &seen)) {
        free(path);
        return VG_OK;
    }
    if (sqlite3_prepare_v2(st->db, "SELECT hash FROM audit WHERE seq = ?1", -1, &s, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_int64(s, 1, seen.seq);
        ok = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 32 &&
             sodium_memcmp(sqlite3_column_blob(s, 0), seen.head, 32) == 0;
    }
    sqlite3_finalize(s);
    if (ok) {
        free(path);
        return VG_OK;
    }
    vg_time_format_utc(when, seen.at);
    vg_error_set(VG_EINTEGRITY,
                 _("this store is older than the one this account saw in '%s' on %s (audit "
                   "entry %lld): the whole store was rolled back, or an older copy put in its "
                   "place. Revocations, used codes and key changes since then may be undone. If "
                   "you put it there on purpose, delete '%s' to accept it"),
                 st->dir, when, (long long)seen.seq, path);
    free(path);
    return VG_EINTEGRITY;
}

int vg_store_seen_newest(vg_store *st, int64_t *seq, int64_t *at)
{
    char *dir = state_path(st, 1), id[2 * VG_STORE_ID_BYTES + 1], prefix[64];
    DIR *d;
    struct dirent *e;
    int found = 0;
    *seq = 0;
    *at = 0;
    if (!dir)
        return 0;
    hex_of(id, vg_keyfile_store_id(st->kf), VG_STORE_ID_BYTES);
    snprintf(prefix, sizeof prefix, "seen-%s-", id);
    if ((d = opendir(dir)) != NULL) {
        while ((e = readdir(d)) != NULL) {
            seen_state s;
            char *p;
            if (strncmp(e->d_name, prefix, strlen(prefix)) || !(p = vg_path_join(dir, e->d_name)))
                continue;
            if (state_read(st, p, &s) && s.seq > *seq) {
                *seq = s.seq;
                *at = s.at;
                found = 1;
            }
            free(p);
        }
        closedir(d);
    }
    free(dir);
    return found;
}

void vg_store_seen_accept(vg_store *st, const char *dir)
{
    vg_error_state saved;
    int64_t seq = 0;
    unsigned char head[32];
    char *old = st->dir, *path;
    if (audit_head(st, &seq, head) != 1)
        return;
    vg_error_save(&saved, VG_OK);
    st->dir = (char *)dir;
    if ((path = state_path(st, 0)) != NULL) {
        state_write(st, path, seq, vg_now(), head);
        free(path);
    }
    st->dir = old;
    vg_error_restore(&saved);
}

int vg_store_audit_head(vg_store *st, int64_t *seq, int64_t *at)
{
    sqlite3_stmt *s = NULL;
    int rc;
    if (sqlite3_prepare_v2(st->db, "SELECT seq, at FROM audit ORDER BY seq DESC LIMIT 1", -1, &s,
                           NULL) != SQLITE_OK)
        return -1;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *seq = sqlite3_column_int64(s, 0);
        *at = sqlite3_column_int64(s, 1);
        rc = 1;
    } else {
        rc = rc == SQLITE_DONE ? 0 : -1;
    }
    sqlite3_finalize(s);
    return rc;
}
