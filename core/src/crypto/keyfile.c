/* The key file, vigie.keys.
 *
 * All integers little-endian.
 *
 *   header  32 bytes
 *     0   8  magic "VIGIEKEY"
 *     8   2  format version (2; version 1 files, without the records after
 *            the slots and with kdf 1 and 2 only, are still read)
 *    10   2  number of slots n (1..32)
 *    12   4  id of the next slot to be added
 *    16  16  store id (random; names the store in the keyring cache, backups
 *            and exports)
 *   n slots, each 72 + X + L + 48 bytes (X = 64 for kdf 3 and 4, else 0)
 *     0   4  slot id
 *     4   1  kind: 1 passphrase, 2 recovery key
 *     5   1  kdf: 1 Argon2id v1.3 (crypto_pwhash), 2 keyed BLAKE2b: the
 *            derived key seals the data key (version 1 slots);
 *            3 Argon2id, 4 keyed BLAKE2b: the derived key is an X25519
 *            secret key; the slot holds its public key and seals the data
 *            key to it, so `vigie rekey` can rewrap every slot to a new
 *            data key without anyone's passphrase
 *     6   2  label length L (0..64, UTF-8)
 *     8   8  created (seconds since the epoch)
 *    16   8  Argon2id opslimit (0 for BLAKE2b)
 *    24   8  Argon2id memlimit in bytes (0 for BLAKE2b)
 *    32  16  salt
 *    48  24  nonce
 *   (kdf 3, 4)
 *    72  32  the slot's X25519 public key pk
 *   104  32  an ephemeral X25519 public key epk, new at every (re)wrap
 * 72+X   L  label
 * 72+X+L 48  the 32-byte data key sealed with XChaCha20-Poly1305-IETF under
 *            the slot key (kdf 1, 2) or under BLAKE2b(key = X25519(esk, pk),
 *            "vigie-slot-2" || epk || pk) (kdf 3, 4); associated data:
 *            store id || bytes 0..72+X+L of this slot, so no header field
 *            can be changed without the tag failing
 *   state (version 2) 48 bytes: the rollback anchor
 *     0   8  counter: how many times the anchor moved
 *     8   8  seq of the newest audit entry the store had committed
 *    16  32  that entry's hash
 *   two optional keys (version 2), each 1 byte present (0/1) then, if 1,
 *   a 24-byte nonce and 48 bytes: a 32-byte key sealed with
 *   XChaCha20-Poly1305 under BLAKE2b(key = data key, "vigie keyfile seal v2"),
 *   associated data store id || 'C' or 'P':
 *     content key: the store's first data key, from which the proof-of-life
 *            seal's subkey is derived (absent until the first rekey: then it
 *            is the data key itself)
 *     previous key: the data key before a rekey that has not finished
 *            (vigie.db may still be encrypted with it)
 *   trailer 64 bytes
 *     0  32  MAC: BLAKE2b-256 keyed with a subkey of the data key, over
 *            everything before it. Only the key's holder can add, remove or
 *            change a slot without `vigie check` noticing.
 *    32  32  checksum: BLAKE2b-256 over everything before it. Damage is
 *            told from a wrong passphrase before any key is derived.
 *
 * A recovery slot's key is BLAKE2b(key = recovery key,
 * message = "vigie-recovery-1" || salt): the recovery key is 160 random bits,
 * so a slow KDF adds nothing. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/clock.h>
#include <vigie/error.h>

#include "crypto/keyfile.h"

#include "util/fileio.h"
#include "util/i18n.h"
#include "util/reader.h"
#include "util/text.h"

#define MAGIC          "VIGIEKEY"
#define FORMAT_VERSION 2
#define HEADER_BYTES   32
#define SLOT_FIXED     72
#define WRAPPED_BYTES  (VG_DATA_KEY_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
#define TRAILER_BYTES  64
#define SLOT_X         64
#define STATE_BYTES    48
#define SEALED_BYTES   (1 + 24 + WRAPPED_BYTES)
#define KEYFILE_MAX                                                                                \
    (HEADER_BYTES + VG_SLOTS_MAX * (SLOT_FIXED + SLOT_X + VG_SLOT_LABEL_MAX + WRAPPED_BYTES) +     \
     STATE_BYTES + 2 * SEALED_BYTES + TRAILER_BYTES)
#define KDF_ARGON2ID   1
#define KDF_BLAKE2B    2
#define KDF_ARGON2ID_X 3
#define KDF_BLAKE2B_X  4
#define IS_X(s)        ((s)->kdf >= KDF_ARGON2ID_X)

/* The Argon2id parameter sets Vigie writes (and the first stores' moderate
 * cost). Anything else is refused before a key is derived: an altered file
 * must not make Vigie run a 64-pass, 4 GiB derivation (review finding 14). */
static const struct {
    uint64_t ops, mem;
} kdf_sets[] = {
    {2, 64ULL << 20},  /* interactive: libsodium's OPSLIMIT/MEMLIMIT_INTERACTIVE */
    {2, 192ULL << 20}, /* moderate, first stores */
    {VG_KDF_MODERATE_OPS, VG_KDF_MODERATE_MEM},
    {4, 1ULL << 30}, /* sensitive: libsodium's OPSLIMIT/MEMLIMIT_SENSITIVE */
};

static int kdf_known(uint64_t ops, uint64_t mem)
{
    for (size_t i = 0; i < sizeof kdf_sets / sizeof kdf_sets[0]; i++)
        if (kdf_sets[i].ops == ops && kdf_sets[i].mem == mem)
            return 1;
    return 0;
}

vg_kdf_cost vg_kdf_cost_of(uint64_t ops, uint64_t mem)
{
    if (ops == crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE &&
        mem == crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE)
        return VG_KDF_INTERACTIVE;
    if (ops == crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE &&
        mem == crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE)
        return VG_KDF_SENSITIVE;
    if (ops == VG_KDF_MODERATE_OPS && (mem == VG_KDF_MODERATE_MEM || mem == 192ULL << 20))
        return VG_KDF_MODERATE;
    return 0;
}

/* The words people type after --kdf (matching keys, util/text.c
 * VG_KEY_HEADER), in English and in French. */
static const struct {
    const char *folded;
    vg_kdf_cost cost;
} kdf_words[] = {
    {"interactive", VG_KDF_INTERACTIVE}, {"interactif", VG_KDF_INTERACTIVE},
    {"interactiv", VG_KDF_INTERACTIVE},  {"rapide", VG_KDF_INTERACTIVE},
    {"moderate", VG_KDF_MODERATE},       {"modere", VG_KDF_MODERATE},
    {"moderee", VG_KDF_MODERATE},        {"moyen", VG_KDF_MODERATE},
    {"sensitive", VG_KDF_SENSITIVE},     {"sensible", VG_KDF_SENSITIVE},
    {"eleve", VG_KDF_SENSITIVE},
};

int vg_kdf_cost_parse(const char *typed, vg_kdf_cost *out)
{
    char *k = typed ? vg_text_key(typed, VG_KEY_HEADER) : NULL;
    int found = 0;
    for (size_t i = 0; k && i < sizeof kdf_words / sizeof kdf_words[0]; i++)
        if (!strcmp(kdf_words[i].folded, k)) {
            *out = kdf_words[i].cost;
            found = 1;
            break;
        }
    free(k);
    if (!found)
        return vg_error_set(VG_EINVALID, _("\"%s\" is not %s, %s or %s"), typed ? typed : "",
                            vg_kdf_cost_label(VG_KDF_INTERACTIVE),
                            vg_kdf_cost_label(VG_KDF_MODERATE),
                            vg_kdf_cost_label(VG_KDF_SENSITIVE));
    return VG_OK;
}

const char *vg_kdf_cost_label(vg_kdf_cost cost)
{
    switch (cost) {
    case VG_KDF_INTERACTIVE:
        /* TRANSLATORS: an Argon2id cost, as typed after --kdf */
        return _("interactive");
    case VG_KDF_MODERATE:
        return _("moderate");
    case VG_KDF_SENSITIVE:
        return _("sensitive");
    default:
        return "?";
    }
}

typedef struct {
    uint32_t id;
    uint8_t kind;
    uint8_t kdf;
    uint16_t label_len;
    int64_t created;
    uint64_t opslimit;
    uint64_t memlimit;
    unsigned char salt[16];
    unsigned char nonce[24];
    unsigned char pk[32], epk[32]; /* kdf 3, 4 */
    char label[VG_SLOT_LABEL_MAX + 1];
    unsigned char wrapped[WRAPPED_BYTES];
} slot;

struct vg_keyfile {
    uint32_t next_id;
    unsigned char store_id[VG_STORE_ID_BYTES];
    size_t n;
    slot slots[VG_SLOTS_MAX];
    vg_key_anchor anchor;
    int has_content, has_prev;
    unsigned char content[24 + WRAPPED_BYTES], prev[24 + WRAPPED_BYTES];
    unsigned char mac[32]; /* as read, for vg_keyfile_verify */
    size_t mac_covered;    /* bytes the MAC covers in `raw` */
    unsigned char *raw;    /* the bytes as parsed (for the MAC check) */
};

int vg_keyfile_new(vg_keyfile **out)
{
    vg_keyfile *kf = calloc(1, sizeof *kf);
    *out = NULL;
    if (!kf)
        return vg_error_oom();
    randombytes_buf(kf->store_id, sizeof kf->store_id);
    kf->next_id = 1;
    *out = kf;
    return VG_OK;
}

void vg_keyfile_free(vg_keyfile *kf)
{
    if (!kf)
        return;
    free(kf->raw);
    sodium_memzero(kf, sizeof *kf);
    free(kf);
}

static void slot_header(unsigned char *p, const slot *s)
{
    p = vg_wr_uint(p, s->id, 4);
    p = vg_wr_uint(p, s->kind, 1);
    p = vg_wr_uint(p, s->kdf, 1);
    p = vg_wr_uint(p, s->label_len, 2);
    p = vg_wr_uint(p, (uint64_t)s->created, 8);
    p = vg_wr_uint(p, s->opslimit, 8);
    p = vg_wr_uint(p, s->memlimit, 8);
    memcpy(p, s->salt, 16);
    memcpy(p + 16, s->nonce, 24);
    p += 40;
    if (IS_X(s)) {
        memcpy(p, s->pk, 32);
        memcpy(p + 32, s->epk, 32);
        p += SLOT_X;
    }
    memcpy(p, s->label, s->label_len);
}

static size_t slot_fixed(const slot *s)
{
    return SLOT_FIXED + (IS_X(s) ? SLOT_X : 0);
}

/* Associated data of a slot: store id || its header and label. */
static size_t slot_ad(unsigned char *ad, const vg_keyfile *kf, const slot *s)
{
    memcpy(ad, kf->store_id, VG_STORE_ID_BYTES);
    slot_header(ad + VG_STORE_ID_BYTES, s);
    return VG_STORE_ID_BYTES + slot_fixed(s) + s->label_len;
}

static size_t serialized_len(const vg_keyfile *kf)
{
    size_t len = HEADER_BYTES + STATE_BYTES + 2 + TRAILER_BYTES;
    for (size_t i = 0; i < kf->n; i++)
        len += slot_fixed(&kf->slots[i]) + kf->slots[i].label_len + WRAPPED_BYTES;
    len += (kf->has_content ? SEALED_BYTES - 1 : 0) + (kf->has_prev ? SEALED_BYTES - 1 : 0);
    return len;
}

static void mac_key(unsigned char out[32], const vg_secret *data_key)
{
    static const unsigned char ctx[] = "vigie keyfile mac v1";
    crypto_generichash(out, 32, ctx, sizeof ctx - 1, vg_secret_data(data_key),
                       vg_secret_len(data_key));
}

static void compute_mac(unsigned char out[32], const unsigned char *p, size_t len,
                        const vg_secret *data_key)
{
    vg_secret *k = NULL;
    if (vg_secret_new(&k, 32) != VG_OK) { /* no memory: a MAC that never matches */
        randombytes_buf(out, 32);
        return;
    }
    mac_key(vg_secret_data(k), data_key);
    crypto_generichash(out, 32, p, len, vg_secret_data(k), 32);
    vg_secret_free(k);
}

int vg_keyfile_serialize(unsigned char **out, size_t *out_len, const vg_keyfile *kf,
                         const vg_secret *data_key)
{
    size_t len = serialized_len(kf);
    unsigned char *buf = malloc(len), *p;
    *out = NULL;
    *out_len = 0;
    if (!buf)
        return vg_error_oom();
    memcpy(buf, MAGIC, 8);
    p = vg_wr_uint(buf + 8, FORMAT_VERSION, 2);
    p = vg_wr_uint(p, kf->n, 2);
    p = vg_wr_uint(p, kf->next_id, 4);
    memcpy(p, kf->store_id, VG_STORE_ID_BYTES);
    p += VG_STORE_ID_BYTES;
    for (size_t i = 0; i < kf->n; i++) {
        const slot *s = &kf->slots[i];
        slot_header(p, s);
        p += slot_fixed(s) + s->label_len;
        memcpy(p, s->wrapped, WRAPPED_BYTES);
        p += WRAPPED_BYTES;
    }
    p = vg_wr_uint(p, kf->anchor.counter, 8);
    p = vg_wr_uint(p, (uint64_t)kf->anchor.seq, 8);
    memcpy(p, kf->anchor.head, 32);
    p += 32;
    *p++ = (unsigned char)kf->has_content;
    if (kf->has_content) {
        memcpy(p, kf->content, sizeof kf->content);
        p += sizeof kf->content;
    }
    *p++ = (unsigned char)kf->has_prev;
    if (kf->has_prev) {
        memcpy(p, kf->prev, sizeof kf->prev);
        p += sizeof kf->prev;
    }
    compute_mac(p, buf, (size_t)(p - buf), data_key);
    p += 32;
    crypto_generichash(p, 32, buf, (size_t)(p - buf), NULL, 0);
    *out = buf;
    *out_len = len;
    return VG_OK;
}

int vg_keyfile_parse(vg_keyfile **out, const unsigned char *buf, size_t len)
{
    vg_keyfile *kf = NULL;
    vg_reader r;
    unsigned char sum[32];
    uint64_t version, n;
    int rc = VG_EINTEGRITY;

    *out = NULL;
    if (len < HEADER_BYTES + TRAILER_BYTES || len > KEYFILE_MAX || memcmp(buf, MAGIC, 8) != 0)
        return vg_error_set(VG_EINTEGRITY, "%s",
                            _("the key file is damaged (not a Vigie key file)"));
    crypto_generichash(sum, 32, buf, len - 32, NULL, 0);
    if (sodium_memcmp(sum, buf + len - 32, 32) != 0)
        return vg_error_set(VG_EINTEGRITY, "%s", _("the key file is damaged (checksum mismatch)"));
    kf = calloc(1, sizeof *kf);
    if (!kf)
        return vg_error_oom();
    vg_rd_init(&r, buf, len - TRAILER_BYTES);
    vg_rd_take(&r, 8);
    version = vg_rd_uint(&r, 2);
    n = vg_rd_uint(&r, 2);
    kf->next_id = (uint32_t)vg_rd_uint(&r, 4);
    vg_rd_copy(&r, kf->store_id, VG_STORE_ID_BYTES);
    if (version != 1 && version != FORMAT_VERSION) {
        rc = vg_error_set(VG_EINTEGRITY,
                          _("the key file has format version %u, which this Vigie does not read"),
                          (unsigned)version);
        goto done;
    }
    if (n < 1 || n > VG_SLOTS_MAX)
        goto bad;
    for (size_t i = 0; i < n; i++) {
        slot *s = &kf->slots[i];
        s->id = (uint32_t)vg_rd_uint(&r, 4);
        s->kind = (uint8_t)vg_rd_uint(&r, 1);
        s->kdf = (uint8_t)vg_rd_uint(&r, 1);
        s->label_len = (uint16_t)vg_rd_uint(&r, 2);
        s->created = (int64_t)vg_rd_uint(&r, 8);
        s->opslimit = vg_rd_uint(&r, 8);
        s->memlimit = vg_rd_uint(&r, 8);
        vg_rd_copy(&r, s->salt, 16);
        vg_rd_copy(&r, s->nonce, 24);
        if (r.bad || s->label_len > VG_SLOT_LABEL_MAX || s->kdf < KDF_ARGON2ID ||
            s->kdf > (version == 1 ? KDF_BLAKE2B : KDF_BLAKE2B_X))
            goto bad;
        if (IS_X(s)) {
            vg_rd_copy(&r, s->pk, 32);
            vg_rd_copy(&r, s->epk, 32);
        }
        vg_rd_copy(&r, s->label, s->label_len);
        s->label[s->label_len] = '\0';
        vg_rd_copy(&r, s->wrapped, WRAPPED_BYTES);
        if (r.bad || memchr(s->label, '\0', s->label_len) || s->id == 0 || s->id >= kf->next_id)
            goto bad;
        if (s->kind == VG_SLOT_PASSPHRASE) {
            if (s->kdf != KDF_ARGON2ID && s->kdf != KDF_ARGON2ID_X)
                goto bad;
            if (!kdf_known(s->opslimit, s->memlimit)) {
                rc = vg_error_set(VG_EINTEGRITY,
                                  _("the key file was altered: slot %u asks for a key derivation "
                                    "that Vigie never writes (%llu passes over %llu MiB)"),
                                  (unsigned)s->id, (unsigned long long)s->opslimit,
                                  (unsigned long long)(s->memlimit >> 20));
                goto done;
            }
        } else if (s->kind == VG_SLOT_RECOVERY) {
            if ((s->kdf != KDF_BLAKE2B && s->kdf != KDF_BLAKE2B_X) || s->opslimit || s->memlimit)
                goto bad;
        } else {
            goto bad;
        }
        for (size_t j = 0; j < i; j++)
            if (kf->slots[j].id == s->id)
                goto bad;
    }
    kf->n = (size_t)n;
    if (version >= 2) {
        const unsigned char *h;
        kf->anchor.counter = vg_rd_uint(&r, 8);
        kf->anchor.seq = (int64_t)vg_rd_uint(&r, 8);
        if ((h = vg_rd_take(&r, 32)) != NULL)
            memcpy(kf->anchor.head, h, 32);
        kf->has_content = (int)vg_rd_uint(&r, 1);
        if (kf->has_content == 1)
            vg_rd_copy(&r, kf->content, sizeof kf->content);
        kf->has_prev = (int)vg_rd_uint(&r, 1);
        if (kf->has_prev == 1)
            vg_rd_copy(&r, kf->prev, sizeof kf->prev);
        if (r.bad || kf->has_content > 1 || kf->has_prev > 1 || kf->anchor.seq < 0)
            goto bad;
    }
    if (vg_rd_left(&r) != 0)
        goto bad;
    kf->raw = malloc(len);
    if (!kf->raw) {
        rc = vg_error_oom();
        goto done;
    }
    memcpy(kf->raw, buf, len);
    kf->mac_covered = len - TRAILER_BYTES;
    memcpy(kf->mac, buf + len - TRAILER_BYTES, 32);
    *out = kf;
    kf = NULL;
    rc = VG_OK;
    goto done;
bad:
    rc = vg_error_set(VG_EINTEGRITY, "%s", _("the key file is damaged (bad structure)"));
done:
    vg_keyfile_free(kf);
    return rc;
}

int vg_keyfile_load(vg_keyfile **out, const char *path)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    int rc = vg_file_read(path, KEYFILE_MAX, &buf, &len);
    *out = NULL;
    if (rc == VG_EINVALID)
        rc = vg_error_set(VG_EINTEGRITY, _("the key file '%s' is damaged (too large)"), path);
    if (rc == VG_OK)
        rc = vg_keyfile_parse(out, buf, len);
    free(buf);
    return rc;
}

int vg_keyfile_save(const vg_keyfile *kf, const vg_secret *data_key, const char *path)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    int rc = vg_keyfile_serialize(&buf, &len, kf, data_key);
    if (rc == VG_OK)
        rc = vg_file_write_atomic(path, buf, len, 1);
    free(buf);
    return rc;
}

int vg_keyfile_verify(const vg_keyfile *kf, const vg_secret *data_key)
{
    unsigned char mac[32];
    if (!kf->raw)
        return VG_OK; /* built in memory, never parsed: nothing to compare */
    compute_mac(mac, kf->raw, kf->mac_covered, data_key);
    if (sodium_memcmp(mac, kf->mac, 32) != 0)
        return vg_error_set(VG_EINTEGRITY, "%s",
                            _("the key file was altered by someone without the store's key"));
    return VG_OK;
}

/* Derive a slot's wrapping key from a passphrase or a recovery key. */
static int slot_key(unsigned char out[32], const slot *s, const vg_secret *secret)
{
    if (s->kdf == KDF_ARGON2ID || s->kdf == KDF_ARGON2ID_X) {
        if (crypto_pwhash(out, 32, (const char *)vg_secret_data(secret), vg_secret_len(secret),
                          s->salt, s->opslimit, (size_t)s->memlimit,
                          crypto_pwhash_ALG_ARGON2ID13) != 0)
            return vg_error_set(VG_ENOMEM, "%s",
                                _("not enough memory to derive the key (Argon2id)"));
        return VG_OK;
    }
    {
        static const unsigned char ctx[] = "vigie-recovery-1";
        unsigned char msg[sizeof ctx - 1 + 16];
        memcpy(msg, ctx, sizeof ctx - 1);
        memcpy(msg + sizeof ctx - 1, s->salt, 16);
        if (vg_secret_len(secret) < crypto_generichash_KEYBYTES_MIN)
            return vg_error_set(VG_EAUTH, "%s", _("the recovery key is too short"));
        crypto_generichash(out, 32, msg, sizeof msg, vg_secret_data(secret), vg_secret_len(secret));
        return VG_OK;
    }
}

/* The key that seals the data key to an X25519 slot. */
static void x_key(unsigned char k[32], const unsigned char shared[32], const unsigned char epk[32],
                  const unsigned char pk[32])
{
    static const unsigned char ctx[] = "vigie-slot-2";
    crypto_generichash_state h;
    crypto_generichash_init(&h, shared, 32, 32);
    crypto_generichash_update(&h, ctx, sizeof ctx - 1);
    crypto_generichash_update(&h, epk, 32);
    crypto_generichash_update(&h, pk, 32);
    crypto_generichash_final(&h, k, 32);
}

/* Seal `data_key` to slot `s` (kdf 3, 4; s->pk set) with a fresh ephemeral
 * key and nonce: no passphrase needed, which is what lets rekey rewrap. */
static int wrap_x(const vg_keyfile *kf, slot *s, const vg_secret *data_key)
{
    vg_secret *buf = NULL;
    unsigned char *esk, *shared, *k,
        ad[VG_STORE_ID_BYTES + SLOT_FIXED + SLOT_X + VG_SLOT_LABEL_MAX];
    size_t adlen;
    int rc = vg_secret_new(&buf, 96);
    if (rc != VG_OK)
        return rc;
    esk = vg_secret_data(buf);
    shared = esk + 32;
    k = esk + 64;
    randombytes_buf(esk, 32);
    crypto_scalarmult_base(s->epk, esk);
    if (crypto_scalarmult(shared, esk, s->pk) != 0) {
        vg_secret_free(buf);
        return vg_error_set(VG_EINTEGRITY, "%s", _("the key file is damaged (bad structure)"));
    }
    x_key(k, shared, s->epk, s->pk);
    randombytes_buf(s->nonce, sizeof s->nonce);
    adlen = slot_ad(ad, kf, s);
    crypto_aead_xchacha20poly1305_ietf_encrypt(s->wrapped, NULL, vg_secret_data(data_key),
                                               VG_DATA_KEY_BYTES, ad, adlen, NULL, s->nonce, k);
    vg_secret_free(buf);
    return VG_OK;
}

/* Open slot `s` with the key derived from its secret (in `kbuf`, 32 bytes):
 * 0 and the data key in `out`, or -1. */
static int open_slot(const vg_keyfile *kf, const slot *s, const unsigned char *derived,
                     unsigned char *out)
{
    unsigned char ad[VG_STORE_ID_BYTES + SLOT_FIXED + SLOT_X + VG_SLOT_LABEL_MAX];
    size_t adlen = slot_ad(ad, kf, s);
    int ok;
    if (IS_X(s)) {
        vg_secret *buf = NULL;
        unsigned char *pk, *shared, *k;
        if (vg_secret_new(&buf, 96) != VG_OK)
            return -1;
        pk = vg_secret_data(buf);
        shared = pk + 32;
        k = pk + 64;
        crypto_scalarmult_base(pk, derived);
        ok = sodium_memcmp(pk, s->pk, 32) == 0 && crypto_scalarmult(shared, derived, s->epk) == 0;
        if (ok) {
            x_key(k, shared, s->epk, s->pk);
            ok = crypto_aead_xchacha20poly1305_ietf_decrypt(
                     out, NULL, NULL, s->wrapped, WRAPPED_BYTES, ad, adlen, s->nonce, k) == 0;
        }
        vg_secret_free(buf);
        return ok ? 0 : -1;
    }
    return crypto_aead_xchacha20poly1305_ietf_decrypt(out, NULL, NULL, s->wrapped, WRAPPED_BYTES,
                                                      ad, adlen, s->nonce, derived) == 0
               ? 0
               : -1;
}

static size_t utf8_chars(const unsigned char *p, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += (p[i] & 0xc0) != 0x80;
    return n;
}

static int add_slot(vg_keyfile *kf, const vg_secret *data_key, const vg_secret *secret,
                    uint8_t kind, const char *label, vg_kdf_cost cost, uint32_t *id_out)
{
    slot *s;
    vg_secret *kbuf = NULL;
    size_t label_len = label ? strlen(label) : 0;
    int rc;

    if (kf->n >= VG_SLOTS_MAX)
        return vg_error_set(VG_EINVALID, _("the key file holds %d slots already"), VG_SLOTS_MAX);
    if (label_len > VG_SLOT_LABEL_MAX)
        return vg_error_set(VG_EINVALID, _("a slot label has at most %d bytes"), VG_SLOT_LABEL_MAX);
    if (vg_secret_len(data_key) != VG_DATA_KEY_BYTES)
        return vg_error_set(VG_EINVALID, "%s", _("the data key has the wrong length"));
    s = &kf->slots[kf->n];
    memset(s, 0, sizeof *s);
    s->id = kf->next_id;
    s->kind = kind;
    s->label_len = (uint16_t)label_len;
    memcpy(s->label, label ? label : "", label_len);
    s->created = vg_now();
    randombytes_buf(s->salt, sizeof s->salt);
    randombytes_buf(s->nonce, sizeof s->nonce);
    if (kind == VG_SLOT_PASSPHRASE) {
        s->kdf = KDF_ARGON2ID_X;
        switch (cost) {
        case VG_KDF_INTERACTIVE:
            s->opslimit = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
            s->memlimit = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
            break;
        case VG_KDF_SENSITIVE:
            s->opslimit = crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE;
            s->memlimit = crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE;
            break;
        default:
            s->opslimit = VG_KDF_MODERATE_OPS;
            s->memlimit = VG_KDF_MODERATE_MEM;
        }
    } else {
        s->kdf = KDF_BLAKE2B_X;
    }
    if ((rc = vg_secret_new(&kbuf, 32)) != VG_OK ||
        (rc = slot_key(vg_secret_data(kbuf), s, secret)) != VG_OK)
        goto done;
    crypto_scalarmult_base(s->pk, vg_secret_data(kbuf));
    if ((rc = wrap_x(kf, s, data_key)) != VG_OK)
        goto done;
    kf->n++;
    kf->next_id++;
    if (id_out)
        *id_out = s->id;
    rc = VG_OK;
done:
    vg_secret_free(kbuf);
    return rc;
}

int vg_keyfile_add_passphrase(vg_keyfile *kf, const vg_secret *data_key, const vg_secret *pass,
                              const char *label, vg_kdf_cost cost, uint32_t *id_out)
{
    if (utf8_chars(vg_secret_data(pass), vg_secret_len(pass)) < VG_PASSPHRASE_MIN)
        return vg_error_set(VG_EINVALID, _("the passphrase is too short: at least %d characters"),
                            VG_PASSPHRASE_MIN);
    return add_slot(kf, data_key, pass, VG_SLOT_PASSPHRASE, label, cost, id_out);
}

int vg_keyfile_add_recovery(vg_keyfile *kf, const vg_secret *data_key, const vg_secret *rkey,
                            uint32_t *id_out)
{
    if (vg_secret_len(rkey) != VG_RECOVERY_KEY_BYTES)
        return vg_error_set(VG_EINVALID, "%s", _("the recovery key has the wrong length"));
    return add_slot(kf, data_key, rkey, VG_SLOT_RECOVERY, "recovery", VG_KDF_INTERACTIVE, id_out);
}

int vg_keyfile_remove(vg_keyfile *kf, uint32_t id)
{
    size_t i, passphrases = 0;
    for (i = 0; i < kf->n; i++)
        passphrases += kf->slots[i].kind == VG_SLOT_PASSPHRASE;
    for (i = 0; i < kf->n && kf->slots[i].id != id; i++)
        ;
    if (i == kf->n)
        return vg_error_set(VG_ENOTFOUND, _("no key slot %u"), (unsigned)id);
    if (kf->slots[i].kind == VG_SLOT_PASSPHRASE && passphrases == 1)
        return vg_error_set(
            VG_EINVALID, _("slot %u is the last passphrase slot: add another first"), (unsigned)id);
    memmove(&kf->slots[i], &kf->slots[i + 1], (kf->n - i - 1) * sizeof kf->slots[0]);
    kf->n--;
    sodium_memzero(&kf->slots[kf->n], sizeof kf->slots[0]);
    return VG_OK;
}

int vg_keyfile_unlock(vg_secret **data_key, uint32_t *id_out, const vg_keyfile *kf,
                      vg_slot_kind kind, const vg_secret *secret)
{
    vg_secret *key = NULL, *kbuf = NULL;
    int rc;

    *data_key = NULL;
    if ((rc = vg_secret_new(&key, VG_DATA_KEY_BYTES)) != VG_OK ||
        (rc = vg_secret_new(&kbuf, 32)) != VG_OK) {
        vg_secret_free(key);
        return rc;
    }
    for (size_t i = 0; i < kf->n; i++) {
        const slot *s = &kf->slots[i];
        if (s->kind != (uint8_t)kind)
            continue;
        if ((rc = slot_key(vg_secret_data(kbuf), s, secret)) != VG_OK) {
            if (rc == VG_EAUTH)
                continue;
            goto done;
        }
        if (open_slot(kf, s, vg_secret_data(kbuf), vg_secret_data(key)) == 0) {
            if (id_out)
                *id_out = s->id;
            *data_key = key;
            key = NULL;
            rc = VG_OK;
            goto done;
        }
    }
    rc = vg_error_set(VG_EAUTH, "%s",
                      kind == VG_SLOT_RECOVERY ? _("the recovery key opens no slot of this store")
                                               : _("wrong passphrase, or the key file was "
                                                   "altered"));
done:
    vg_secret_free(kbuf);
    vg_secret_free(key);
    return rc;
}

int vg_keyfile_rewrap(vg_keyfile *kf, const vg_secret *new_key)
{
    for (size_t i = 0; i < kf->n; i++)
        if (!IS_X(&kf->slots[i]))
            return vg_error_set(VG_EINVALID,
                                _("slot %u was made by an older Vigie and can only be rewrapped "
                                  "with its own secret: change it ('vigie passwd') or remove it, "
                                  "then rekey"),
                                (unsigned)kf->slots[i].id);
    for (size_t i = 0; i < kf->n; i++) {
        int rc = wrap_x(kf, &kf->slots[i], new_key);
        if (rc != VG_OK)
            return rc;
    }
    return VG_OK;
}

static void seal_key(unsigned char k[32], const vg_secret *data_key)
{
    static const unsigned char ctx[] = "vigie keyfile seal v2";
    crypto_generichash(k, 32, ctx, sizeof ctx - 1, vg_secret_data(data_key),
                       vg_secret_len(data_key));
}

static int seal(const vg_keyfile *kf, unsigned char out[24 + WRAPPED_BYTES], char what,
                const vg_secret *data_key, const vg_secret *value)
{
    vg_secret *k = NULL;
    unsigned char ad[VG_STORE_ID_BYTES + 1];
    int rc = vg_secret_new(&k, 32);
    if (rc != VG_OK)
        return rc;
    seal_key(vg_secret_data(k), data_key);
    memcpy(ad, kf->store_id, VG_STORE_ID_BYTES);
    ad[VG_STORE_ID_BYTES] = (unsigned char)what;
    randombytes_buf(out, 24);
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + 24, NULL, vg_secret_data(value),
                                               VG_DATA_KEY_BYTES, ad, sizeof ad, NULL, out,
                                               vg_secret_data(k));
    vg_secret_free(k);
    return VG_OK;
}

static int unseal(const vg_keyfile *kf, const unsigned char in[24 + WRAPPED_BYTES], char what,
                  const vg_secret *data_key, vg_secret **out)
{
    vg_secret *k = NULL;
    unsigned char ad[VG_STORE_ID_BYTES + 1];
    int rc;
    *out = NULL;
    if ((rc = vg_secret_new(&k, 32)) != VG_OK)
        return rc;
    if ((rc = vg_secret_new(out, VG_DATA_KEY_BYTES)) != VG_OK) {
        vg_secret_free(k);
        return rc;
    }
    seal_key(vg_secret_data(k), data_key);
    memcpy(ad, kf->store_id, VG_STORE_ID_BYTES);
    ad[VG_STORE_ID_BYTES] = (unsigned char)what;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(vg_secret_data(*out), NULL, NULL, in + 24,
                                                   WRAPPED_BYTES, ad, sizeof ad, in,
                                                   vg_secret_data(k)) != 0) {
        vg_secret_free(*out);
        *out = NULL;
        rc = vg_error_set(VG_EINTEGRITY, "%s", _("the key file is damaged (a sealed key fails)"));
    }
    vg_secret_free(k);
    return rc;
}

int vg_keyfile_content_key(const vg_keyfile *kf, const vg_secret *data_key, vg_secret **out)
{
    if (!kf->has_content)
        return vg_secret_from(out, vg_secret_data(data_key), vg_secret_len(data_key));
    return unseal(kf, kf->content, 'C', data_key, out);
}

int vg_keyfile_set_content_key(vg_keyfile *kf, const vg_secret *data_key, const vg_secret *content)
{
    int rc = seal(kf, kf->content, 'C', data_key, content);
    if (rc == VG_OK)
        kf->has_content = 1;
    return rc;
}

int vg_keyfile_prev_key(const vg_keyfile *kf, const vg_secret *data_key, vg_secret **out)
{
    *out = NULL;
    if (!kf->has_prev)
        return VG_ENOTFOUND;
    return unseal(kf, kf->prev, 'P', data_key, out);
}

int vg_keyfile_set_prev_key(vg_keyfile *kf, const vg_secret *data_key, const vg_secret *prev)
{
    if (!prev) {
        kf->has_prev = 0;
        sodium_memzero(kf->prev, sizeof kf->prev);
        return VG_OK;
    }
    {
        int rc = seal(kf, kf->prev, 'P', data_key, prev);
        if (rc == VG_OK)
            kf->has_prev = 1;
        return rc;
    }
}

void vg_keyfile_anchor(const vg_keyfile *kf, vg_key_anchor *out)
{
    *out = kf->anchor;
}

void vg_keyfile_set_anchor(vg_keyfile *kf, const vg_key_anchor *a)
{
    kf->anchor = *a;
}

size_t vg_keyfile_count(const vg_keyfile *kf)
{
    return kf->n;
}

int vg_keyfile_slot(const vg_keyfile *kf, size_t i, vg_slot_info *out)
{
    const slot *s;
    if (i >= kf->n)
        return VG_ENOTFOUND;
    s = &kf->slots[i];
    out->id = s->id;
    out->kind = (vg_slot_kind)s->kind;
    memcpy(out->label, s->label, s->label_len + 1);
    out->created = s->created;
    out->opslimit = s->opslimit;
    out->memlimit = s->memlimit;
    return VG_OK;
}

const unsigned char *vg_keyfile_store_id(const vg_keyfile *kf)
{
    return kf->store_id;
}

void vg_keyfile_fingerprint(const vg_keyfile *kf, char out[24])
{
    unsigned char h[8];
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    crypto_generichash(h, sizeof h, kf->store_id, VG_STORE_ID_BYTES, NULL, 0);
    for (size_t i = 0; i < 8; i++) {
        if (i && i % 2 == 0)
            out[o++] = '-';
        out[o++] = hex[h[i] >> 4];
        out[o++] = hex[h[i] & 15];
    }
    out[o] = '\0';
}
