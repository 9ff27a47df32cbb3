/* vigie/keyfile.h: the key file (vigie.keys) and its key slots.
 *
 * The store's 256-bit data key is random. Each slot wraps it with
 * XChaCha20-Poly1305 under a key derived from a passphrase (Argon2id) or from
 * the recovery key (BLAKE2b: the recovery key is already random). The byte
 * layout is described at the top of core/src/crypto/keyfile.c and in
 * SECURITY.md. A damaged file (bad checksum, bad structure) gives
 * VG_EINTEGRITY; a passphrase that opens no slot gives VG_EAUTH. */
#ifndef VIGIE_KEYFILE_H
#define VIGIE_KEYFILE_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/secret.h>

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
 * 3.5 s) for the careful. The parameters are stored in each slot. */
#define VG_KDF_MODERATE_OPS 2
#define VG_KDF_MODERATE_MEM (256ULL << 20)
typedef enum { VG_KDF_INTERACTIVE = 1, VG_KDF_MODERATE = 2, VG_KDF_SENSITIVE = 3 } vg_kdf_cost;

typedef struct {
    uint32_t id;
    vg_slot_kind kind;
    char label[VG_SLOT_LABEL_MAX + 1];
    int64_t created;
    uint64_t opslimit; /* Argon2id passes; 0 for a recovery slot */
    uint64_t memlimit; /* bytes; 0 for a recovery slot */
} vg_slot_info;

typedef struct vg_keyfile vg_keyfile;

/* A new, empty key file with a fresh store id. */
int vg_keyfile_new(vg_keyfile **out);
/* Parse `len` bytes; checks structure, bounds and the checksum. */
int vg_keyfile_parse(vg_keyfile **out, const unsigned char *buf, size_t len);
/* Read and parse a file (at most 64 KiB). VG_ENOTFOUND if it does not exist. */
int vg_keyfile_load(vg_keyfile **out, const char *path);
/* Serialise with the keyed MAC (needs the data key) and the checksum.
 * The caller frees *out with free(). */
int vg_keyfile_serialize(unsigned char **out, size_t *out_len, const vg_keyfile *kf,
                         const vg_secret *data_key);
/* Serialise and write atomically (temp file, fsync, rename, fsync folder), 0600. */
int vg_keyfile_save(const vg_keyfile *kf, const vg_secret *data_key, const char *path);
void vg_keyfile_free(vg_keyfile *kf);

/* Add a passphrase slot. The passphrase must have at least VG_PASSPHRASE_MIN
 * characters (VG_EINVALID). *id_out (may be NULL) gets the new slot's id. */
int vg_keyfile_add_passphrase(vg_keyfile *kf, const vg_secret *data_key, const vg_secret *pass,
                              const char *label, vg_kdf_cost cost, uint32_t *id_out);
/* Add a recovery slot for a VG_RECOVERY_KEY_BYTES-byte recovery key. */
int vg_keyfile_add_recovery(vg_keyfile *kf, const vg_secret *data_key, const vg_secret *rkey,
                            uint32_t *id_out);
/* Remove slot `id`. Refuses (VG_EINVALID) to remove the last passphrase slot. */
int vg_keyfile_remove(vg_keyfile *kf, uint32_t id);

/* Try every passphrase slot (or every recovery slot when `kind` is
 * VG_SLOT_RECOVERY). On success *data_key is a new secret and *id_out the
 * slot that opened. VG_EAUTH if none opens. */
int vg_keyfile_unlock(vg_secret **data_key, uint32_t *id_out, const vg_keyfile *kf,
                      vg_slot_kind kind, const vg_secret *secret);
/* Check the keyed MAC with an unlocked data key: VG_EINTEGRITY if the file
 * was altered (a slot added, removed or changed by someone without the key). */
int vg_keyfile_verify(const vg_keyfile *kf, const vg_secret *data_key);

size_t vg_keyfile_count(const vg_keyfile *kf);
int vg_keyfile_slot(const vg_keyfile *kf, size_t i, vg_slot_info *out);
const unsigned char *vg_keyfile_store_id(const vg_keyfile *kf);
/* The store's short fingerprint "ABCD-EF12-3456-7890" (from the store id). */
void vg_keyfile_fingerprint(const vg_keyfile *kf, char out[24]);

/* Recovery keys: 20 random bytes written as 8 groups of 5 characters
 * (Crockford base32, 4 data characters and 1 Luhn mod 32 check character),
 * for example "7K2QD-M9XRA-...". */
#define VG_RECOVERY_TEXT_MAX 48
int vg_recovery_format(char out[VG_RECOVERY_TEXT_MAX], const vg_secret *rkey);
/* Parse a typed recovery key: case, spaces and dashes do not matter, I and L
 * read as 1, O as 0. VG_EINVALID names the group that holds a typo. */
int vg_recovery_parse(vg_secret **out, const char *text);

#endif
