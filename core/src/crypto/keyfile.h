/* crypto/keyfile.h (private): the key file (vigie.keys) and its key slots.
 *
 * The store's 256-bit data key is random. Each slot wraps it with
 * XChaCha20-Poly1305 under a key derived from a passphrase (Argon2id) or from
 * the recovery key (BLAKE2b: the recovery key is already random). The byte
 * layout is described at the top of core/src/crypto/keyfile.c and in
 * SECURITY.md. A damaged file (bad checksum, bad structure) gives
 * VG_EINTEGRITY; a passphrase that opens no slot gives VG_EAUTH. */
#ifndef VG_CRYPTO_KEYFILE_H
#define VG_CRYPTO_KEYFILE_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/secret.h>
#include <vigie/store.h>

typedef struct vg_keyfile vg_keyfile;

/* The rollback anchor sealed (under the MAC) in the key file: the newest
 * audit entry the store had committed when the anchor last moved. */
typedef struct {
    uint64_t counter; /* 0: no anchor yet */
    int64_t seq;
    unsigned char head[32];
} vg_key_anchor;

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

/* Seal the data key anew to every slot (all must be of the X25519 kind;
 * VG_EINVALID names the first older one). For `vigie rekey`. */
int vg_keyfile_rewrap(vg_keyfile *kf, const vg_secret *new_key);
/* The content key (the first data key; the data key itself before any
 * rekey), from which in-database seals derive their subkeys. */
int vg_keyfile_content_key(const vg_keyfile *kf, const vg_secret *data_key, vg_secret **out);
int vg_keyfile_set_content_key(vg_keyfile *kf, const vg_secret *data_key, const vg_secret *content);
/* The data key of an unfinished rekey (VG_ENOTFOUND if none); NULL clears it. */
int vg_keyfile_prev_key(const vg_keyfile *kf, const vg_secret *data_key, vg_secret **out);
int vg_keyfile_set_prev_key(vg_keyfile *kf, const vg_secret *data_key, const vg_secret *prev);
void vg_keyfile_anchor(const vg_keyfile *kf, vg_key_anchor *out);
void vg_keyfile_set_anchor(vg_keyfile *kf, const vg_key_anchor *a);

size_t vg_keyfile_count(const vg_keyfile *kf);
int vg_keyfile_slot(const vg_keyfile *kf, size_t i, vg_slot_info *out);
const unsigned char *vg_keyfile_store_id(const vg_keyfile *kf);
/* The store's short fingerprint "ABCD-EF12-3456-7890" (from the store id). */
void vg_keyfile_fingerprint(const vg_keyfile *kf, char out[24]);

/* The recovery key's text into `out` (the caller wipes it). */
int vg_recovery_format(char out[VG_RECOVERY_TEXT_MAX], const vg_secret *rkey);

#endif
