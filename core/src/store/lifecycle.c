/* The store's lifecycle: key slots added, changed and removed, recovery,
 * unlock and lock, and what `vigie check` reports besides damage.
 *
 * Every key change follows the same steps (review findings 8 and 20):
 *   1. flock() the store folder: one key change at a time, whatever process;
 *   2. read the key file again and check its MAC with our data key, so that a
 *      slot another command added meanwhile is kept, never overwritten;
 *   3. change the slots in memory (Argon2id runs here, under the lock);
 *   4. append the audit entry and COMMIT it;
 *   5. only then replace the key file (temp file, fsync, rename, fsync).
 * A kill between 4 and 5 leaves an entry for a change that did not happen,
 * never a slot that no entry names. vg_store_review() reports a slot that
 * no entry added, and a slot still there after an entry removed it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <vigie/audit.h>
#include <vigie/error.h>
#include <vigie/store.h>

#include "crypto/keycache.h"
#include "crypto/keyfile.h"
#include "store/store_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"

int vg_store_lock_keys(const char *dir, int *fd_out)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    *fd_out = -1;
    if (fd < 0)
        return vg_error_set(VG_ERROR, _("cannot open '%s': %s"), dir, strerror(errno));
    while (flock(fd, LOCK_EX) != 0) {
        if (errno == EINTR)
            continue;
        close(fd);
        return vg_error_set(VG_ERROR, _("cannot lock '%s': %s"), dir, strerror(errno));
    }
    *fd_out = fd;
    return VG_OK;
}

void vg_store_unlock_keys(int fd)
{
    if (fd >= 0)
        close(fd); /* releases the flock */
}

/* Step 2: the key file as it is now, proved to belong to our data key. */
int vg_store_reload_keys(vg_store *st)
{
    vg_keyfile *kf = NULL;
    int rc = vg_keyfile_load(&kf, st->keys_path);
    if (rc == VG_ENOTFOUND)
        rc = vg_error_set(VG_EINTEGRITY, _("the key file '%s' is missing"), st->keys_path);
    if (rc != VG_OK)
        return rc;
    if (memcmp(vg_keyfile_store_id(kf), vg_keyfile_store_id(st->kf), VG_STORE_ID_BYTES) != 0 ||
        vg_keyfile_verify(kf, st->key) != VG_OK) {
        vg_keyfile_free(kf);
        return vg_error_set(VG_EINTEGRITY, "%s",
                            _("the key file changed since the store was opened and no longer "
                              "matches its key: nothing was changed"));
    }
    vg_keyfile_free(st->kf);
    st->kf = kf;
    return VG_OK;
}

/* Steps 4 and 5. */
static int audit_then_save(vg_store *st, const char *action, const char *object, const char *detail)
{
    int rc = vg_store_begin(st);
    if (rc == VG_OK)
        rc = vg_audit_append(st, action, object, detail);
    if (rc == VG_OK)
        rc = vg_store_commit(st);
    if (rc != VG_OK) {
        vg_store_rollback(st);
        return rc;
    }
    return vg_store_save_keyfile(st);
}

/* Take and give back the key-change lock for an open store. */
static int take(vg_store *st, int *fd)
{
    int rc = vg_store_lock_keys(st->dir, fd);
    if (rc == VG_OK)
        st->keys_locked = 1;
    return rc;
}

static void give(vg_store *st, int fd)
{
    st->keys_locked = 0;
    vg_store_unlock_keys(fd);
}

static int add_slot(vg_store *st, const vg_secret *pass, const char *label, vg_kdf_cost cost,
                    const char *action, uint32_t *id_out)
{
    char obj[32];
    uint32_t id = 0;
    int fd, rc = take(st, &fd);
    if (rc != VG_OK)
        return rc;
    if ((rc = vg_store_reload_keys(st)) != VG_OK ||
        (rc = vg_keyfile_add_passphrase(st->kf, st->key, pass, label, cost, &id)) != VG_OK)
        goto done;
    snprintf(obj, sizeof obj, "slot %u", (unsigned)id);
    rc = audit_then_save(st, action, obj, label ? label : "");
    if (rc == VG_OK && id_out)
        *id_out = id;
done:
    give(st, fd);
    return rc;
}

int vg_store_key_add(vg_store *st, const vg_secret *pass, const char *label, vg_kdf_cost cost,
                     uint32_t *id_out)
{
    return add_slot(st, pass, label, cost, "key.add", id_out);
}

int vg_store_key_recover(vg_store *st, const vg_secret *pass, const char *label, uint32_t *id_out)
{
    return add_slot(st, pass, label, VG_KDF_MODERATE, "key.recover", id_out);
}

static int find_slot(const vg_keyfile *kf, uint32_t id, vg_slot_info *out)
{
    for (size_t i = 0; i < vg_keyfile_count(kf); i++)
        if (vg_keyfile_slot(kf, i, out) == VG_OK && out->id == id)
            return 1;
    return 0;
}

int vg_store_passwd(vg_store *st, uint32_t old_id, const vg_secret *pass, vg_kdf_cost cost,
                    uint32_t *new_id)
{
    vg_slot_info s;
    char obj[32], detail[32];
    uint32_t id = 0;
    int fd, rc = take(st, &fd);
    if (rc != VG_OK)
        return rc;
    if ((rc = vg_store_reload_keys(st)) != VG_OK)
        goto done;
    if (!find_slot(st->kf, old_id, &s) || s.kind != VG_SLOT_PASSPHRASE) {
        rc = vg_error_set(VG_ENOTFOUND,
                          _("slot %u was removed or replaced by another command meanwhile: "
                            "nothing was changed"),
                          (unsigned)old_id);
        goto done;
    }
    if ((rc = vg_keyfile_add_passphrase(st->kf, st->key, pass, s.label, cost, &id)) != VG_OK ||
        (rc = vg_keyfile_remove(st->kf, old_id)) != VG_OK)
        goto done;
    snprintf(obj, sizeof obj, "slot %u", (unsigned)old_id);
    snprintf(detail, sizeof detail, "slot %u", (unsigned)id);
    rc = audit_then_save(st, "key.passwd", obj, detail);
    if (rc == VG_OK && new_id)
        *new_id = id;
done:
    give(st, fd);
    return rc;
}

int vg_store_key_remove(vg_store *st, uint32_t id, vg_slot_kind *kind_out)
{
    vg_slot_info s;
    char obj[32];
    int fd, rc = take(st, &fd);
    if (rc != VG_OK)
        return rc;
    if ((rc = vg_store_reload_keys(st)) != VG_OK)
        goto done;
    if (!find_slot(st->kf, id, &s)) {
        rc = vg_error_set(VG_ENOTFOUND, _("no key slot %u"), (unsigned)id);
        goto done;
    }
    if ((rc = vg_keyfile_remove(st->kf, id)) != VG_OK)
        goto done;
    snprintf(obj, sizeof obj, "slot %u", (unsigned)id);
    rc = audit_then_save(st, "key.remove", obj, "");
    if (rc == VG_OK && kind_out)
        *kind_out = s.kind;
done:
    give(st, fd);
    return rc;
}

/* ---- rekey ---- */

/* PRAGMA rekey to `key`, given raw as x'<hex>' from guarded memory. */
static int sql_rekey(vg_store *st, const vg_secret *key)
{
    vg_secret *hex = NULL;
    char *t;
    int rc;
    if ((rc = vg_secret_new(&hex, 2 * VG_DATA_KEY_BYTES + 4)) != VG_OK)
        return rc;
    t = (char *)vg_secret_data(hex);
    t[0] = 'x';
    t[1] = '\'';
    sodium_bin2hex(t + 2, 2 * VG_DATA_KEY_BYTES + 1, vg_secret_data(key), VG_DATA_KEY_BYTES);
    t[2 + 2 * VG_DATA_KEY_BYTES] = '\'';
    t[3 + 2 * VG_DATA_KEY_BYTES] = '\0';
    rc = sqlite3_rekey(st->db, t, 3 + 2 * VG_DATA_KEY_BYTES);
    vg_secret_free(hex);
    if (rc != SQLITE_OK)
        return vg_sql_fail(st, rc, "rekey");
    /* prove it: the first page read again under the new key */
    return vg_sql_exec(st, "SELECT count(*) FROM sqlite_master");
}

/* The key file without its previous key (after the database took the new one). */
static int drop_prev(vg_store *st)
{
    vg_keyfile_set_prev_key(st->kf, st->key, NULL);
    return vg_store_save_keyfile(st);
}

int vg_store_rekey(vg_store *st)
{
    vg_secret *k2 = NULL, *content = NULL, *k1;
    long ttl = 0;
    int fd, rc, cached;
    if (st->in_tx)
        return vg_error_set(VG_EINVALID, "%s", _("rekey cannot run inside a transaction"));
    if ((rc = take(st, &fd)) != VG_OK)
        return rc;
    cached = vg_keycache_ttl(&ttl, vg_keyfile_store_id(st->kf)) == VG_OK;
    /* 1. Everything that can fail without a trace first: the new key,
     *    every slot rewrapped to it (refused if a slot cannot be), the
     *    content key and the previous key sealed under it. */
    if ((rc = vg_store_reload_keys(st)) != VG_OK ||
        (rc = vg_secret_random(&k2, VG_DATA_KEY_BYTES)) != VG_OK ||
        (rc = vg_keyfile_content_key(st->kf, st->key, &content)) != VG_OK ||
        (rc = vg_keyfile_rewrap(st->kf, k2)) != VG_OK ||
        (rc = vg_keyfile_set_content_key(st->kf, k2, content)) != VG_OK ||
        (rc = vg_keyfile_set_prev_key(st->kf, k2, st->key)) != VG_OK)
        goto fail;
    /* 2. The audit entry, committed under the old key (the anchor moves in
     *    memory: this process holds the key lock). */
    if ((rc = vg_store_begin(st)) != VG_OK ||
        (rc = vg_audit_append(st, "store.rekey", "store",
                              "backups and key files made before this cannot open it")) != VG_OK ||
        (rc = vg_store_commit(st)) != VG_OK) {
        vg_store_rollback(st);
        goto fail;
    }
    /* 3. The key file: every slot opens the new key, which also unseals the
     *    old one. A kill from here on: the next open tries the new key, then
     *    the old one, and finishes the rekey. */
    if ((rc = vg_keyfile_save(st->kf, k2, st->keys_path)) != VG_OK)
        goto fail;
    /* 4. The database (SQLCipher rewrites every page in one transaction,
     *    journaled: a kill leaves it wholly under one key or the other). */
    if ((rc = sql_rekey(st, k2)) != VG_OK) {
        give(st, fd);
        vg_secret_free(k2);
        vg_secret_free(content);
        return vg_error_set(VG_ERROR,
                            _("the database could not take the new key (%s): the store still "
                              "opens, and the next command finishes the rekey"),
                            vg_error_last());
    }
    k1 = st->key;
    st->key = k2;
    k2 = NULL;
    vg_secret_free(k1);
    vg_secret_free(st->content);
    st->content = content;
    content = NULL;
    /* 5. The previous key leaves the key file; the keyring holds the new key. */
    rc = drop_prev(st);
    if (cached) {
        vg_keycache_drop(vg_keyfile_store_id(st->kf));
        if (ttl > 0)
            vg_keycache_put(vg_keyfile_store_id(st->kf), st->key, (unsigned)ttl);
    }
    give(st, fd);
    return rc;
fail:
    /* nothing written: forget the in-memory changes */
    vg_store_reload_keys(st);
    give(st, fd);
    vg_secret_free(k2);
    vg_secret_free(content);
    return rc;
}

int vg_store_rekey_resume(vg_store *st, const vg_secret *prev)
{
    vg_secret *k2 = st->key;
    int fd, rc;
    /* The database as it was before the rekey: under the previous key. */
    if ((rc = vg_sql_open_keyed(&st->db, st->db_path, prev, SQLITE_OPEN_READWRITE)) != VG_OK)
        return rc;
    if (vg_sql_exec(st, "SELECT count(*) FROM sqlite_master") != VG_OK)
        return vg_error_set(VG_EINTEGRITY, "%s",
                            _("the database opens neither with the current key nor with the one "
                              "before the last rekey: it is damaged"));
    vg_sql_exec(st, "PRAGMA busy_timeout = 5000");
    if (vg_store_lock_keys(st->dir, &fd) == VG_OK) {
        st->key = (vg_secret *)prev; /* for the error paths of sql_rekey */
        rc = sql_rekey(st, k2);
        st->key = k2;
        if (rc == VG_OK)
            drop_prev(st);
        vg_store_unlock_keys(fd);
        if (rc == VG_OK) {
            sqlite3_close_v2(st->db);
            st->db = NULL;
            return vg_sql_open_keyed(&st->db, st->db_path, st->key, SQLITE_OPEN_READWRITE) == VG_OK
                       ? vg_sql_exec(st, "PRAGMA cache_size = -65536; PRAGMA foreign_keys = ON;"
                                         "PRAGMA secure_delete = ON; PRAGMA synchronous = FULL;"
                                         "PRAGMA busy_timeout = 5000")
                       : VG_ERROR;
        }
    }
    return vg_error_set(VG_ERROR, "%s",
                        _("a rekey was interrupted and cannot be finished here (a read-only "
                          "store?): run the command again where the store is writable"));
}

void vg_store_rekey_tidy(vg_store *st)
{
    int fd;
    vg_error_state saved;
    vg_error_save(&saved, VG_OK);
    if (vg_store_lock_keys(st->dir, &fd) == VG_OK) {
        vg_secret *prev = NULL;
        if (vg_store_reload_keys(st) == VG_OK &&
            vg_keyfile_prev_key(st->kf, st->key, &prev) == VG_OK)
            drop_prev(st);
        vg_secret_free(prev);
        vg_store_unlock_keys(fd);
    }
    vg_error_restore(&saved);
}

int vg_store_unlock_for(vg_store *st, unsigned seconds)
{
    return vg_keycache_put(vg_keyfile_store_id(st->kf), st->key, seconds);
}

static int load_keys(const char *dir, vg_keyfile **kf)
{
    char *keys = vg_path_join(dir, VG_KEYS_FILE), *db = vg_path_join(dir, VG_DB_FILE);
    int rc;
    *kf = NULL;
    if (!keys || !db) {
        free(keys);
        free(db);
        return vg_error_oom();
    }
    rc = vg_keyfile_load(kf, keys);
    if (rc == VG_ENOTFOUND)
        rc = access(db, F_OK) == 0
                 ? vg_error_set(VG_EINTEGRITY, _("the key file '%s' is missing"), keys)
                 : vg_error_set(VG_ENOTFOUND, _("no store in '%s' (run 'vigie init')"), dir);
    free(keys);
    free(db);
    return rc;
}

int vg_store_lock(const char *dir)
{
    vg_keyfile *kf = NULL;
    int rc = load_keys(dir, &kf);
    if (rc != VG_OK)
        return rc;
    rc = vg_keycache_drop(vg_keyfile_store_id(kf));
    vg_keyfile_free(kf);
    return rc;
}

int vg_store_peek(const char *dir, vg_store_info *out)
{
    vg_keyfile *kf = NULL;
    int rc = load_keys(dir, &kf);
    memset(out, 0, sizeof *out);
    if (rc != VG_OK)
        return rc;
    vg_keyfile_fingerprint(kf, out->fingerprint);
    out->nslots = vg_keyfile_count(kf);
    for (size_t i = 0; i < out->nslots; i++)
        vg_keyfile_slot(kf, i, &out->slots[i]);
    out->cached = vg_keycache_ttl(&out->cache_left, vg_keyfile_store_id(kf)) == VG_OK;
    vg_keyfile_free(kf);
    return VG_OK;
}

/* ---- vigie check: what is not damage but needs a look ---- */

typedef struct {
    /* per slot id (ids are < 2^32 but a store has had few: track the first 4096) */
    unsigned char added[4096];
    unsigned char removed[4096];
    int legacy_adds; /* old entries that added a slot without naming it */
} slot_audit;

static int slot_of(const char *text, uint32_t *out)
{
    unsigned long v;
    char *end;
    if (!text)
        return 0;
    if (!strncmp(text, "slot ", 5))
        text += 5;
    if (*text < '1' || *text > '9')
        return 0;
    v = strtoul(text, &end, 10);
    if (*end || v >= 4096)
        return 0;
    *out = (uint32_t)v;
    return 1;
}

static int on_entry(const vg_audit_entry *e, void *p)
{
    slot_audit *a = p;
    uint32_t id;
    if (!strcmp(e->action, "store.init")) {
        a->added[1] = a->added[2] = 1;
    } else if (!strcmp(e->action, "key.add")) {
        if (slot_of(e->object, &id))
            a->added[id] = 1, a->removed[id] = 0;
    } else if (!strcmp(e->action, "key.recover")) {
        if (slot_of(e->object, &id))
            a->added[id] = 1, a->removed[id] = 0;
        else
            a->legacy_adds++;
    } else if (!strcmp(e->action, "key.passwd")) {
        if (slot_of(e->object, &id))
            a->removed[id] = 1;
        if (slot_of(e->detail, &id))
            a->added[id] = 1;
        else
            a->legacy_adds++;
    } else if (!strcmp(e->action, "key.remove")) {
        if (slot_of(e->object, &id))
            a->removed[id] = 1;
    }
    return VG_OK;
}

static int review_slots(vg_store *st, vg_notice_cb note, void *payload)
{
    slot_audit *a = calloc(1, sizeof *a);
    char msg[512];
    int n = 0, rc;
    if (!a)
        return vg_error_oom();
    if ((rc = vg_audit_list(st, 0, on_entry, a)) != VG_OK) {
        free(a);
        return rc;
    }
    for (size_t i = 0; i < vg_keyfile_count(st->kf); i++) {
        vg_slot_info s;
        vg_keyfile_slot(st->kf, i, &s);
        if (s.id >= 4096)
            continue;
        if (a->removed[s.id]) {
            snprintf(msg, sizeof msg,
                     _("key slot %u is still in the key file, but the audit log says it was "
                       "removed: remove it again ('vigie key remove %u')"),
                     (unsigned)s.id, (unsigned)s.id);
            note(msg, payload), n++;
        } else if (!a->added[s.id]) {
            if (a->legacy_adds > 0) {
                a->legacy_adds--; /* named by an entry written before slots were named */
                continue;
            }
            snprintf(msg, sizeof msg,
                     _("key slot %u (\"%s\") is in the key file but no audit entry added it: "
                       "if nobody here added it, remove it and rekey"),
                     (unsigned)s.id, s.label);
            note(msg, payload), n++;
        }
    }
    /* An entry for a change the key file does not show (a kill between the
     * COMMIT and the key file's rename) is harmless: not reported. */
    free(a);
    return n;
}

static int review_mode(const char *path, mode_t want, vg_notice_cb note, void *payload)
{
    struct stat sb;
    char msg[1200];
    if (stat(path, &sb) != 0 || (sb.st_mode & 0777 & ~want) == 0)
        return 0;
    snprintf(msg, sizeof msg, _("'%s' has mode %03o: it should be %03o (chmod %03o '%s')"), path,
             (unsigned)(sb.st_mode & 0777), (unsigned)want, (unsigned)want, path);
    note(msg, payload);
    return 1;
}

/* Files that killed commands leave in the store folder. The current code
 * writes none of them but atomic-write temporaries while it runs, which are
 * younger than a minute; older ones are removed and reported. (An export's
 * work folder, ".export-*", may live longer: it is locked while it lives, and
 * vg_export_sweep removes it with what it left beside its target.) */
static int review_leftovers(const char *dir, vg_notice_cb note, void *payload)
{
    static const char *const prefixes[] = {".backup-", ".check-", ".vigie-tmp-", ".rekey-"};
    DIR *d = opendir(dir);
    struct dirent *e;
    char msg[1200];
    int n = 0;
    if (!d)
        return 0;
    while ((e = readdir(d)) != NULL) {
        char *path;
        struct stat sb;
        int known = 0;
        for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
            known |= !strncmp(e->d_name, prefixes[i], strlen(prefixes[i]));
        if (!known || !(path = vg_path_join(dir, e->d_name)))
            continue;
        if (lstat(path, &sb) == 0 && time(NULL) - sb.st_mtime > 60) {
            int gone;
            if (S_ISDIR(sb.st_mode)) {
                vg_rmdir_flat(path);
                gone = access(path, F_OK) != 0;
            } else {
                gone = unlink(path) == 0;
            }
            snprintf(msg, sizeof msg,
                     gone ? _("'%s' was left by an interrupted command: removed")
                          : _("'%s' was left by an interrupted command: remove it"),
                     path);
            note(msg, payload), n++;
        }
        free(path);
    }
    closedir(d);
    return n;
}

int vg_store_review(vg_store *st, vg_notice_cb note, void *payload)
{
    int n = 0, rc;
    n += review_mode(st->dir, 0700, note, payload);
    n += review_mode(st->db_path, 0600, note, payload);
    n += review_mode(st->keys_path, 0600, note, payload);
    if ((rc = review_slots(st, note, payload)) < 0)
        return rc;
    n += rc;
    n += review_leftovers(st->dir, note, payload);
    return n;
}
