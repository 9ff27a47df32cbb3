/* vigie/store.h: the encrypted store (vigie.db + vigie.keys in one folder).
 *
 * Opening a store unlocks its data key from the kernel keyring cache or, if
 * that misses, from a passphrase that the caller's callback supplies (core
 * never prompts). Every open checks the key file's MAC, that SQLCipher is the
 * engine actually linked (PRAGMA cipher_version), and runs pending schema
 * migrations, each in its own transaction. */
#ifndef VIGIE_STORE_H
#define VIGIE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/keyfile.h>
#include <vigie/secret.h>

#define VG_DB_FILE   "vigie.db"
#define VG_KEYS_FILE "vigie.keys"

typedef struct vg_store vg_store;

/* Ask for a passphrase; return VG_OK with *out set, or a negative code. */
typedef int (*vg_passphrase_cb)(vg_secret **out, void *payload);

typedef struct {
    vg_passphrase_cb passphrase; /* may be NULL: then only the cache is tried */
    void *payload;
    int no_cache; /* do not look in the kernel keyring */
} vg_unlock_opts;

/* Create a store in `dir` (created 0700 if missing; it must hold no store).
 * Writes the key file with one passphrase slot labelled `label` and one
 * recovery slot, and *recovery_out (VG_RECOVERY_KEY_BYTES) for the caller to
 * show once, or, when `recovery_file` is not NULL, written there (0600,
 * never replacing a file) before the store is complete. Nothing is left
 * behind on failure. VG_EEXISTS if a store is there. */
int vg_store_create(const char *dir, const vg_secret *pass, const char *label, vg_kdf_cost cost,
                    const char *recovery_file, vg_secret **recovery_out);

/* Open and unlock. VG_ENOTFOUND (no store), VG_EAUTH (passphrase opens no
 * slot), VG_EINTEGRITY (damaged key file or database), VG_ELOCKED (nothing
 * cached and no callback). */
int vg_store_open(vg_store **out, const char *dir, const vg_unlock_opts *opts);
/* Open with a data key already at hand (after `recover`). */
int vg_store_open_with_key(vg_store **out, const char *dir, const vg_secret *data_key);
void vg_store_close(vg_store *st);

const char *vg_store_dir(const vg_store *st);
vg_keyfile *vg_store_keyfile(vg_store *st);
const vg_secret *vg_store_data_key(const vg_store *st);
/* Which way the store was unlocked: 1 from the cache, 0 by a passphrase. */
int vg_store_from_cache(const vg_store *st);

/* Write the store's key file after a slot change (atomic; audited by the caller). */
int vg_store_save_keyfile(vg_store *st);

/* Transactions. Every command that changes data runs between begin and
 * commit; rollback is safe to call after a failed commit or none. */
int vg_store_begin(vg_store *st);
int vg_store_commit(vg_store *st);
void vg_store_rollback(vg_store *st);
/* A read snapshot: the statements between them see one state of the store
 * and take its lock once, not once each. read_begin does nothing inside a
 * transaction (*opened = 0); read_end ends only what read_begin opened. */
int vg_store_read_begin(vg_store *st, int *opened);
void vg_store_read_end(vg_store *st, int opened);

/* Schema version per module ("core 1, delegation 2"); the callback is
 * called once per module. */
typedef void (*vg_schema_cb)(const char *module, int version, void *payload);
int vg_store_schema(vg_store *st, vg_schema_cb cb, void *payload);
/* Row counts of the tables each module declares worth counting. */
typedef void (*vg_count_cb)(const char *table, int64_t rows, void *payload);
int vg_store_counts(vg_store *st, vg_count_cb cb, void *payload);

/* Integrity: key file MAC, every row of PRAGMA integrity_check, the audit
 * chain. VG_EINTEGRITY with a message naming the first damage found. */
int vg_store_check(vg_store *st);

/* Read every page of the database, free pages included (a snapshot through
 * the SQLite backup API into a private temporary file, then removed): each
 * page's HMAC is checked, which integrity_check alone does not do for free
 * pages. VG_EINTEGRITY on damage. */
int vg_store_read_pages(vg_store *st);

/* Find the store folder: `explicit_dir`, else $VIGIE_STORE, else
 * $XDG_DATA_HOME/vigie, else ~/.local/share/vigie. Caller frees. */
char *vg_store_default_dir(const char *explicit_dir);
/* 1 if `dir` holds a store (either of the two files), else 0. */
int vg_store_exists(const char *dir);

#endif
