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
#include <vigie/secret.h>

#define VG_DB_FILE   "vigie.db"
#define VG_KEYS_FILE "vigie.keys"

#define VG_DATA_KEY_BYTES     32
#define VG_STORE_ID_BYTES     16
#define VG_SLOT_LABEL_MAX     64
#define VG_SLOTS_MAX          32
#define VG_PASSPHRASE_MIN     12
#define VG_RECOVERY_KEY_BYTES 20

typedef enum { VG_SLOT_PASSPHRASE = 1, VG_SLOT_RECOVERY = 2 } vg_slot_kind;

/* Argon2id cost of a passphrase slot. MODERATE, the default, is Vigie's own
 * choice: 2 passes over 256 MiB, about 0.5 s on a 2-core Debian 12 machine
 * (bench/run measures it). INTERACTIVE (libsodium's: 2 passes, 64 MiB, about
 * 0.1 s) is for tests and old machines; SENSITIVE (4 passes, 1 GiB, about
 * 3.5 s) for the careful. The parameters are stored in each slot, and only
 * these sets (and 2 x 192 MiB, the moderate cost of the first stores) are
 * accepted when a key file is read. */
#define VG_KDF_MODERATE_OPS 2
#define VG_KDF_MODERATE_MEM (256ULL << 20)
typedef enum { VG_KDF_INTERACTIVE = 1, VG_KDF_MODERATE = 2, VG_KDF_SENSITIVE = 3 } vg_kdf_cost;
/* A cost as people type it after --kdf, in English or French
 * ("interactive"/"interactif", "moderate"/"modéré", "sensitive"/"sensible";
 * any case, with or without accents). VG_EINVALID lists the words in the
 * user's language. */
int vg_kdf_cost_parse(const char *typed, vg_kdf_cost *out);
/* The cost's name in the user's language ("modéré" in French). */
const char *vg_kdf_cost_label(vg_kdf_cost cost);
/* The named cost of a slot's Argon2id parameters, or 0 for another set. */
vg_kdf_cost vg_kdf_cost_of(uint64_t ops, uint64_t mem);

/* One key slot as `vigie key list` shows it (never a key). */
typedef struct {
    uint32_t id;
    vg_slot_kind kind;
    char label[VG_SLOT_LABEL_MAX + 1];
    int64_t created;
    uint64_t opslimit; /* Argon2id passes; 0 for a recovery slot */
    uint64_t memlimit; /* bytes; 0 for a recovery slot */
} vg_slot_info;

/* Recovery keys: 20 random bytes written as 8 groups of 5 characters
 * (Crockford base32, 4 data characters and 1 Luhn mod 32 check character),
 * for example "7K2QD-M9XRA-...". */
#define VG_RECOVERY_TEXT_MAX 48
/* The text of a recovery key, in guarded memory (a NUL-terminated string). */
int vg_recovery_text(vg_secret **out, const vg_secret *rkey);
/* Parse a typed recovery key: case, spaces and dashes do not matter, I and L
 * read as 1, O as 0. VG_EINVALID names the group that holds a typo. */
int vg_recovery_parse(vg_secret **out, const char *text);

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
/* Open with one given passphrase (kind VG_SLOT_PASSPHRASE) or recovery key
 * (VG_SLOT_RECOVERY), never from the cache; *slot_out (may be NULL) gets the
 * slot that opened. For `passwd` and `recover`. */
int vg_store_open_secret(vg_store **out, const char *dir, vg_slot_kind kind,
                         const vg_secret *secret, uint32_t *slot_out);
void vg_store_close(vg_store *st);

const char *vg_store_dir(const vg_store *st);
/* Which way the store was unlocked: 1 from the cache, 0 by a passphrase. */
int vg_store_from_cache(const vg_store *st);
/* The store's short fingerprint "ABCD-EF12-3456-7890" (from the store id). */
void vg_store_fingerprint(const vg_store *st, char out[24]);

/* What the key file says, read without any key: for `key list`, `status`. */
typedef struct {
    char fingerprint[24];
    size_t nslots;
    vg_slot_info slots[VG_SLOTS_MAX];
    int cached;      /* 1 if the data key is in the keyring cache */
    long cache_left; /* seconds left when cached */
} vg_store_info;
/* VG_ENOTFOUND (no store), VG_EINTEGRITY (key file missing or damaged). */
int vg_store_peek(const char *dir, vg_store_info *out);

/* Key changes (the store's lifecycle). Each one locks the key file against
 * every other key change, reads it again and checks its MAC under the lock,
 * writes the audit entry and commits it, and only then replaces the key file
 * (atomically). So a concurrent change is never lost, and every slot the key
 * file holds is in the audit log (`vigie check` reports the difference if
 * the key file was not written after its entry). */
int vg_store_key_add(vg_store *st, const vg_secret *pass, const char *label, vg_kdf_cost cost,
                     uint32_t *id_out);
/* The same, after opening with the recovery key (audited as key.recover). */
int vg_store_key_recover(vg_store *st, const vg_secret *pass, const char *label, uint32_t *id_out);
/* Replace slot `old_id` (the one the current passphrase opened) by a new
 * passphrase slot with the same label. VG_ENOTFOUND if another command
 * removed or replaced that slot meanwhile. */
int vg_store_passwd(vg_store *st, uint32_t old_id, const vg_secret *pass, vg_kdf_cost cost,
                    uint32_t *new_id);
/* Remove a slot (never the last passphrase slot); *kind_out (may be NULL)
 * gets what it was. */
int vg_store_key_remove(vg_store *st, uint32_t id, vg_slot_kind *kind_out);

/* A fresh data key (review finding 7): every slot is rewrapped to it and
 * SQLCipher re-encrypts every page, so an old key file (every backup holds
 * one) and a passphrase that was valid then no longer open this store. The
 * steps: rewrap in memory, audit entry committed, key file written holding
 * the new key and the old one sealed under it, PRAGMA rekey, old key
 * dropped from the key file. A kill at any step leaves a store that opens
 * (vg_store_open finishes an interrupted rekey). VG_EINVALID if a slot was
 * made before slots could be rewrapped (it names the slot). */
int vg_store_rekey(vg_store *st);

/* Keep the data key in the kernel keyring for `seconds` (VG_EUNSUPPORTED
 * where the keyring is blocked). */
int vg_store_unlock_for(vg_store *st, unsigned seconds);
/* Forget the cached key: VG_OK, or VG_ENOTFOUND if it was not cached. */
int vg_store_lock(const char *dir);

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

/* What `vigie check` reports besides damage: files or folders whose mode is
 * too open, key slots the audit log does not name (or names as removed),
 * files a killed command left in the store folder. `note` is called with a
 * translated sentence for each; returns how many. */
typedef void (*vg_notice_cb)(const char *text, void *payload);
int vg_store_review(vg_store *st, vg_notice_cb note, void *payload);

/* Find the store folder: `explicit_dir`, else $VIGIE_STORE, else
 * $XDG_DATA_HOME/vigie, else ~/.local/share/vigie. Caller frees. */
char *vg_store_default_dir(const char *explicit_dir);
/* 1 if `dir` holds a store (either of the two files), else 0. */
int vg_store_exists(const char *dir);

#endif
