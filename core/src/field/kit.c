/* Field kits: the file a participant carries to make check-in codes.
 *
 * All integers little-endian.
 *
 *   header  32 bytes
 *     0   8  magic "VIGIEKIT"
 *     8   2  format version (1)
 *    10   2  number of slots (2)
 *    12   4  body length B (plaintext bytes, 99..1410)
 *    16  16  kit id (random)
 *   2 slots, 128 bytes each, in random order (the first is not the PIN's)
 *     0   1  kdf: 1 Argon2id v1.3 (crypto_pwhash)
 *     1   7  zero
 *     8   8  Argon2id opslimit \ only the sets Vigie writes: interactive,
 *    16   8  Argon2id memlimit /  moderate (4 x 256 MiB) and sensitive
 *    24  16  salt
 *    40  24  nonce
 *    64  64  kit key (32) || mark (16), sealed with XChaCha20-Poly1305-IETF
 *            under the key Argon2id derives from the slot's PIN; associated
 *            data: the header || bytes 0..64 of this slot
 *   body
 *     0  24  nonce
 *    24 B+16 the body, sealed with XChaCha20-Poly1305-IETF under the kit
 *            key; associated data: header || both slots || body nonce
 *   trailer
 *     0  32  checksum: BLAKE2b-256 over everything before it, so that damage
 *            (exit 6) is told from a wrong PIN (exit 5) before any key is
 *            derived
 *
 * The body (plaintext):
 *     0  32  the participant's Ed25519 seed (crypto_sign_seed_keypair)
 *    32  32  the organisation's X25519 public key (crypto_box)
 *    64   8  participant reference (random; no name anywhere)
 *    72   4  counter: codes made so far
 *    76   8  issued, seconds since the epoch
 *    84   4  delegation start day (signed, days since 1970-01-01)
 *    88   4  delegation end day
 *    92   2  country, ISO 3166-1 alpha-2, or two zero bytes
 *    94   1  slug length S (1..48), then S bytes of slug
 *         1  zone length Z (0..64), then Z bytes of IANA zone name
 *         1  number of daily check-in times P (0..12), then P times 2 bytes:
 *            minutes after local midnight (0..1439)
 *         1  number of emergency numbers E (0..12), then E times:
 *            1 label length L (1..64), L bytes, 1 number length N (1..32),
 *            N bytes
 *
 * Both slots wrap the same kit key, so both PINs open the same body; the
 * marks differ and only the organisation knows which is the duress one.
 * Making a code changes only the counter: the body is sealed again under a
 * fresh nonce and the slots are untouched, so the file changes the same way
 * whichever PIN opened it. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/field.h>

#include "field/field_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/reader.h"
#include "util/text.h"

#define MAGIC          "VIGIEKIT"
#define FORMAT_VERSION 1
#define NSLOTS         2
#define HEADER_BYTES   32
#define SLOT_FIXED     64
#define AEAD_ABYTES    crypto_aead_xchacha20poly1305_ietf_ABYTES
#define WRAPPED_PLAIN  (32 + VG_FIELD_MARK_BYTES)
#define WRAPPED_BYTES  (WRAPPED_PLAIN + AEAD_ABYTES)
#define SLOT_BYTES     (SLOT_FIXED + WRAPPED_BYTES)
#define NONCE_BYTES    24
#define TRAILER_BYTES  32
#define BODY_FIXED     95
#define BODY_MAX                                                                                   \
    (BODY_FIXED + VG_SLUG_MAX + 1 + VG_KIT_TZ_MAX + 1 + 2 * VG_KIT_PLAN_MAX + 1 +                  \
     VG_KIT_NUMBERS_MAX * (2 + VG_KIT_LABEL_MAX + VG_KIT_NUMBER_MAX))
#define BODY_MIN     (BODY_FIXED + 1 + 1 + 1 + 1)
#define FILE_FIXED   (HEADER_BYTES + NSLOTS * SLOT_BYTES + NONCE_BYTES + AEAD_ABYTES + TRAILER_BYTES)
#define KDF_ARGON2ID 1

/* The secret part of an unlocked kit, in guarded memory. */
#define SEC_KEY   0
#define SEC_SEED  32
#define SEC_MARK  64
#define SEC_BYTES (64 + VG_FIELD_MARK_BYTES)

typedef struct {
    uint8_t kdf;
    uint64_t opslimit, memlimit;
    unsigned char salt[16];
    unsigned char nonce[NONCE_BYTES];
    unsigned char wrapped[WRAPPED_BYTES];
} kslot;

struct vg_kit {
    unsigned char kit_id[16];
    uint32_t body_len;
    kslot slots[NSLOTS];
    unsigned char body_nonce[NONCE_BYTES];
    unsigned char *body_ct; /* as read: body_len + AEAD_ABYTES bytes */
    vg_secret *sec;         /* NULL while locked */
    vg_kit_info info;
};

void vg_kit_free(vg_kit *k)
{
    if (!k)
        return;
    vg_secret_free(k->sec);
    free(k->body_ct);
    sodium_memzero(k, sizeof *k);
    free(k);
}

const vg_kit_info *vg_kit_info_get(const vg_kit *k)
{
    return k->sec ? &k->info : NULL;
}

static void write_header(unsigned char *p, const vg_kit *k)
{
    memcpy(p, MAGIC, 8);
    p = vg_wr_uint(p + 8, FORMAT_VERSION, 2);
    p = vg_wr_uint(p, NSLOTS, 2);
    p = vg_wr_uint(p, k->body_len, 4);
    memcpy(p, k->kit_id, 16);
}

static void write_slot_fixed(unsigned char *p, const kslot *s)
{
    memset(p, 0, SLOT_FIXED);
    p[0] = s->kdf;
    p = vg_wr_uint(p + 8, s->opslimit, 8);
    p = vg_wr_uint(p, s->memlimit, 8);
    memcpy(p, s->salt, 16);
    memcpy(p + 16, s->nonce, NONCE_BYTES);
}

/* Associated data of a slot: the header || the slot's fixed part. */
static void slot_ad(unsigned char ad[HEADER_BYTES + SLOT_FIXED], const vg_kit *k, const kslot *s)
{
    write_header(ad, k);
    write_slot_fixed(ad + HEADER_BYTES, s);
}

/* Associated data of the body: header || slots || body nonce. */
#define BODY_AD_BYTES (HEADER_BYTES + NSLOTS * SLOT_BYTES + NONCE_BYTES)
static void body_ad(unsigned char ad[BODY_AD_BYTES], const vg_kit *k, const unsigned char *nonce)
{
    unsigned char *p = ad + HEADER_BYTES;
    write_header(ad, k);
    for (size_t i = 0; i < NSLOTS; i++) {
        write_slot_fixed(p, &k->slots[i]);
        memcpy(p + SLOT_FIXED, k->slots[i].wrapped, WRAPPED_BYTES);
        p += SLOT_BYTES;
    }
    memcpy(p, nonce, NONCE_BYTES);
}

static size_t body_len_of(const vg_kit_info *in)
{
    size_t len = BODY_FIXED + strlen(in->slug) + 1 + strlen(in->tz) + 1 + 2 * in->nplan + 1;
    for (size_t i = 0; i < in->nnumbers; i++)
        len += 2 + strlen(in->numbers[i].label) + strlen(in->numbers[i].number);
    return len;
}

static unsigned char *wr_text(unsigned char *p, const char *s)
{
    size_t n = strlen(s);
    *p++ = (unsigned char)n;
    memcpy(p, s, n);
    return p + n;
}

static void write_body(unsigned char *p, const unsigned char seed[32], const vg_kit_info *in)
{
    memcpy(p, seed, 32);
    memcpy(p + 32, in->org_box_pk, 32);
    memcpy(p + 64, in->ref, VG_FIELD_REF_BYTES);
    p = vg_wr_uint(p + 72, in->counter, 4);
    p = vg_wr_uint(p, (uint64_t)in->issued, 8);
    p = vg_wr_uint(p, (uint32_t)in->start_day, 4);
    p = vg_wr_uint(p, (uint32_t)in->end_day, 4);
    p[0] = (unsigned char)in->country[0];
    p[1] = in->country[0] ? (unsigned char)in->country[1] : 0;
    p = wr_text(p + 2, in->slug);
    p = wr_text(p, in->tz);
    *p++ = (unsigned char)in->nplan;
    for (size_t i = 0; i < in->nplan; i++)
        p = vg_wr_uint(p, in->plan[i], 2);
    *p++ = (unsigned char)in->nnumbers;
    for (size_t i = 0; i < in->nnumbers; i++) {
        p = wr_text(p, in->numbers[i].label);
        p = wr_text(p, in->numbers[i].number);
    }
}

static int slug_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > VG_SLUG_MAX)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

static int text_ok(const char *s, size_t min, size_t max)
{
    size_t n = strnlen(s, max + 1);
    return n >= min && n <= max && vg_text_clean(s, n, 0);
}

static int country_ok(const char *c)
{
    return c[0] == '\0' || (c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' && !c[2]);
}

/* Validate what a kit says (the same rules whether it is being made or read). */
static int info_ok(const vg_kit_info *in)
{
    if (!slug_ok(in->slug) || !text_ok(in->tz, 0, VG_KIT_TZ_MAX) || !country_ok(in->country) ||
        in->nplan > VG_KIT_PLAN_MAX || in->nnumbers > VG_KIT_NUMBERS_MAX ||
        in->end_day < in->start_day || in->issued < 0)
        return 0;
    for (size_t i = 0; i < in->nplan; i++)
        if (in->plan[i] >= 24 * 60)
            return 0;
    for (size_t i = 0; i < in->nnumbers; i++)
        if (!text_ok(in->numbers[i].label, 1, VG_KIT_LABEL_MAX) ||
            !text_ok(in->numbers[i].number, 1, VG_KIT_NUMBER_MAX))
            return 0;
    return 1;
}

static void rd_text(vg_reader *r, char *dst, size_t min, size_t max)
{
    uint64_t n = vg_rd_uint(r, 1);
    if (n < min || n > max) {
        r->bad = 1;
        dst[0] = '\0';
        return;
    }
    vg_rd_copy(r, dst, (size_t)n);
    dst[n] = '\0';
    if (memchr(dst, '\0', (size_t)n))
        r->bad = 1;
}

int vg_kit_parse_body(vg_kit_info *in, unsigned char seed[32], const unsigned char *p, size_t len)
{
    vg_reader r;
    memset(in, 0, sizeof *in);
    if (len < BODY_MIN || len > BODY_MAX)
        return VG_EINTEGRITY;
    vg_rd_init(&r, p, len);
    vg_rd_copy(&r, seed, 32);
    vg_rd_copy(&r, in->org_box_pk, 32);
    vg_rd_copy(&r, in->ref, VG_FIELD_REF_BYTES);
    in->counter = (uint32_t)vg_rd_uint(&r, 4);
    in->issued = (int64_t)vg_rd_uint(&r, 8);
    in->start_day = (int32_t)(uint32_t)vg_rd_uint(&r, 4);
    in->end_day = (int32_t)(uint32_t)vg_rd_uint(&r, 4);
    vg_rd_copy(&r, in->country, 2);
    if (!in->country[0] && in->country[1])
        return VG_EINTEGRITY;
    rd_text(&r, in->slug, 1, VG_SLUG_MAX);
    rd_text(&r, in->tz, 0, VG_KIT_TZ_MAX);
    in->nplan = (size_t)vg_rd_uint(&r, 1);
    if (in->nplan > VG_KIT_PLAN_MAX)
        return VG_EINTEGRITY;
    for (size_t i = 0; i < in->nplan; i++)
        in->plan[i] = (uint16_t)vg_rd_uint(&r, 2);
    in->nnumbers = (size_t)vg_rd_uint(&r, 1);
    if (in->nnumbers > VG_KIT_NUMBERS_MAX)
        return VG_EINTEGRITY;
    for (size_t i = 0; i < in->nnumbers; i++) {
        rd_text(&r, in->numbers[i].label, 1, VG_KIT_LABEL_MAX);
        rd_text(&r, in->numbers[i].number, 1, VG_KIT_NUMBER_MAX);
    }
    if (r.bad || vg_rd_left(&r) != 0 || !info_ok(in))
        return VG_EINTEGRITY;
    return VG_OK;
}

static size_t utf8_chars(const vg_secret *s)
{
    const unsigned char *p = vg_secret_data(s);
    size_t n = 0;
    for (size_t i = 0; i < vg_secret_len(s); i++)
        n += (p[i] & 0xc0) != 0x80;
    return n;
}

static int derive(unsigned char out[32], const kslot *s, const vg_secret *pin)
{
    if (crypto_pwhash(out, 32, (const char *)vg_secret_data(pin), vg_secret_len(pin), s->salt,
                      s->opslimit, (size_t)s->memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return vg_error_set(VG_ENOMEM, "%s", _("not enough memory to derive the key (Argon2id)"));
    return VG_OK;
}

/* Fill a slot: wrap kit key || mark under the PIN. */
static int seal_slot(vg_kit *k, kslot *s, const vg_secret *pin, const unsigned char *mark,
                     vg_kdf_cost cost)
{
    unsigned char dk[32], ad[HEADER_BYTES + SLOT_FIXED];
    vg_secret *plain = NULL;
    int rc;

    s->kdf = KDF_ARGON2ID;
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
        s->opslimit = VG_KIT_MODERATE_OPS;
        s->memlimit = VG_KIT_MODERATE_MEM;
    }
    randombytes_buf(s->salt, sizeof s->salt);
    randombytes_buf(s->nonce, sizeof s->nonce);
    if ((rc = vg_secret_new(&plain, WRAPPED_PLAIN)) != VG_OK)
        return rc;
    memcpy(vg_secret_data(plain), vg_secret_data(k->sec) + SEC_KEY, 32);
    memcpy(vg_secret_data(plain) + 32, mark, VG_FIELD_MARK_BYTES);
    if ((rc = derive(dk, s, pin)) != VG_OK)
        goto done;
    slot_ad(ad, k, s);
    crypto_aead_xchacha20poly1305_ietf_encrypt(s->wrapped, NULL, vg_secret_data(plain),
                                               WRAPPED_PLAIN, ad, sizeof ad, NULL, s->nonce, dk);
done:
    sodium_memzero(dk, sizeof dk);
    vg_secret_free(plain);
    return rc;
}

int vg_kit_create(vg_kit **out, vg_kit_keys *keys_out, const vg_kit_info *info,
                  const vg_secret *pin, const vg_secret *duress_pin, vg_kdf_cost cost)
{
    vg_kit *k = NULL;
    unsigned char mark_duress[VG_FIELD_MARK_BYTES], sk[crypto_sign_SECRETKEYBYTES];
    size_t blen;
    unsigned duress_slot;
    int rc;

    *out = NULL;
    memset(keys_out, 0, sizeof *keys_out);
    if (utf8_chars(pin) < VG_KIT_PIN_MIN || utf8_chars(duress_pin) < VG_KIT_PIN_MIN)
        return vg_error_set(VG_EINVALID, _("a PIN needs at least %d characters"), VG_KIT_PIN_MIN);
    if (vg_secret_equal(pin, duress_pin))
        return vg_error_set(VG_EINVALID, "%s", _("the PIN and the duress PIN must differ"));
    if (!info_ok(info))
        return vg_error_set(VG_EINVALID, "%s", _("the kit's contents are out of bounds"));
    blen = body_len_of(info);
    if (!(k = calloc(1, sizeof *k)))
        return vg_error_oom();
    if ((rc = vg_secret_new(&k->sec, SEC_BYTES)) != VG_OK)
        goto done;
    k->info = *info;
    randombytes_buf(k->info.ref, sizeof k->info.ref);
    k->info.counter = 0;
    randombytes_buf(k->kit_id, sizeof k->kit_id);
    k->body_len = (uint32_t)blen;
    randombytes_buf(vg_secret_data(k->sec) + SEC_KEY, 32);
    randombytes_buf(vg_secret_data(k->sec) + SEC_SEED, 32);
    randombytes_buf(vg_secret_data(k->sec) + SEC_MARK, VG_FIELD_MARK_BYTES);
    randombytes_buf(mark_duress, sizeof mark_duress);
    crypto_sign_seed_keypair(keys_out->sign_pk, sk, vg_secret_data(k->sec) + SEC_SEED);
    duress_slot = randombytes_uniform(NSLOTS);
    if ((rc = seal_slot(k, &k->slots[1 - duress_slot], pin, vg_secret_data(k->sec) + SEC_MARK,
                        cost)) != VG_OK ||
        (rc = seal_slot(k, &k->slots[duress_slot], duress_pin, mark_duress, cost)) != VG_OK)
        goto done;
    memcpy(keys_out->ref, k->info.ref, VG_FIELD_REF_BYTES);
    memcpy(keys_out->mark_ok, vg_secret_data(k->sec) + SEC_MARK, VG_FIELD_MARK_BYTES);
    memcpy(keys_out->mark_duress, mark_duress, VG_FIELD_MARK_BYTES);
    *out = k;
    k = NULL;
done:
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(mark_duress, sizeof mark_duress);
    if (rc != VG_OK)
        memset(keys_out, 0, sizeof *keys_out);
    vg_kit_free(k);
    return rc;
}

int vg_kit_parse(vg_kit **out, const unsigned char *buf, size_t len)
{
    vg_kit *k = NULL;
    vg_reader r;
    unsigned char sum[32];
    uint64_t version, nslots;
    int rc = VG_EINTEGRITY;

    *out = NULL;
    if (len < FILE_FIXED + BODY_MIN || len > VG_KIT_FILE_MAX || memcmp(buf, MAGIC, 8) != 0)
        return vg_error_set(VG_EINTEGRITY, "%s", _("not a Vigie field kit, or a damaged one"));
    crypto_generichash(sum, 32, buf, len - TRAILER_BYTES, NULL, 0);
    if (sodium_memcmp(sum, buf + len - TRAILER_BYTES, 32) != 0)
        return vg_error_set(VG_EINTEGRITY, "%s", _("the field kit is damaged (checksum mismatch)"));
    if (!(k = calloc(1, sizeof *k)))
        return vg_error_oom();
    vg_rd_init(&r, buf, len - TRAILER_BYTES);
    vg_rd_take(&r, 8);
    version = vg_rd_uint(&r, 2);
    nslots = vg_rd_uint(&r, 2);
    k->body_len = (uint32_t)vg_rd_uint(&r, 4);
    vg_rd_copy(&r, k->kit_id, 16);
    if (version != FORMAT_VERSION) {
        rc = vg_error_set(VG_EINTEGRITY,
                          _("the field kit has format version %u, which this Vigie does not read"),
                          (unsigned)version);
        goto done;
    }
    if (nslots != NSLOTS || k->body_len < BODY_MIN || k->body_len > BODY_MAX)
        goto bad;
    for (size_t i = 0; i < NSLOTS; i++) {
        kslot *s = &k->slots[i];
        const unsigned char *zero;
        s->kdf = (uint8_t)vg_rd_uint(&r, 1);
        zero = vg_rd_take(&r, 7);
        s->opslimit = vg_rd_uint(&r, 8);
        s->memlimit = vg_rd_uint(&r, 8);
        vg_rd_copy(&r, s->salt, 16);
        vg_rd_copy(&r, s->nonce, NONCE_BYTES);
        vg_rd_copy(&r, s->wrapped, WRAPPED_BYTES);
        if (r.bad || s->kdf != KDF_ARGON2ID || !sodium_is_zero(zero, 7))
            goto bad;
        /* only the parameter sets Vigie writes (review finding 14): an
         * altered kit must not make a participant's laptop run a 64-pass,
         * 4 GiB derivation before the tag can fail */
        if (!((s->opslimit == crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE &&
               s->memlimit == crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE) ||
              (s->opslimit == crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE &&
               s->memlimit == crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE) ||
              (s->opslimit == VG_KIT_MODERATE_OPS && s->memlimit == VG_KIT_MODERATE_MEM))) {
            rc = vg_error_set(VG_EINTEGRITY, "%s",
                              _("the field kit was altered: it asks for a key derivation that "
                                "Vigie never writes"));
            goto done;
        }
    }
    vg_rd_copy(&r, k->body_nonce, NONCE_BYTES);
    if (r.bad || vg_rd_left(&r) != (size_t)k->body_len + AEAD_ABYTES)
        goto bad;
    if (!(k->body_ct = malloc((size_t)k->body_len + AEAD_ABYTES))) {
        rc = vg_error_oom();
        goto done;
    }
    vg_rd_copy(&r, k->body_ct, (size_t)k->body_len + AEAD_ABYTES);
    if (r.bad)
        goto bad;
    *out = k;
    k = NULL;
    rc = VG_OK;
    goto done;
bad:
    rc = vg_error_set(VG_EINTEGRITY, "%s", _("the field kit is damaged (bad structure)"));
done:
    vg_kit_free(k);
    return rc;
}

int vg_kit_load(vg_kit **out, const char *path)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    int rc = vg_file_read(path, VG_KIT_FILE_MAX, &buf, &len);
    *out = NULL;
    if (rc == VG_EINVALID) {
        struct stat sb;
        if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) /* a folder, a device, a FIFO */
            rc = vg_error_set(VG_ERROR, _("'%s' is not a regular file"), path);
        else
            rc = vg_error_set(VG_EINTEGRITY, _("'%s' is too large to be a field kit"), path);
    } else if (rc == VG_ENOTFOUND)
        rc = vg_error_set(VG_ENOTFOUND, _("no field kit '%s'"), path);
    if (rc == VG_OK)
        rc = vg_kit_parse(out, buf, len);
    free(buf);
    return rc;
}

int vg_kit_unlock(vg_kit *k, const vg_secret *pin)
{
    unsigned char dk[32], ad[HEADER_BYTES + SLOT_FIXED], bad[BODY_AD_BYTES];
    vg_secret *sec = NULL, *wrapped = NULL, *body = NULL;
    int rc, opened = -1;

    if (k->sec)
        return VG_OK;
    if ((rc = vg_secret_new(&sec, SEC_BYTES)) != VG_OK ||
        (rc = vg_secret_new(&wrapped, WRAPPED_PLAIN)) != VG_OK)
        goto done;
    /* Derive both slots whatever happens: the time taken must not tell
     * which slot, hence which PIN, opened the kit. */
    for (int i = 0; i < NSLOTS; i++) {
        if ((rc = derive(dk, &k->slots[i], pin)) != VG_OK)
            goto done;
        slot_ad(ad, k, &k->slots[i]);
        if (crypto_aead_xchacha20poly1305_ietf_decrypt(vg_secret_data(wrapped), NULL, NULL,
                                                       k->slots[i].wrapped, WRAPPED_BYTES, ad,
                                                       sizeof ad, k->slots[i].nonce, dk) == 0 &&
            opened < 0) {
            opened = i;
            memcpy(vg_secret_data(sec) + SEC_KEY, vg_secret_data(wrapped), 32);
            memcpy(vg_secret_data(sec) + SEC_MARK, vg_secret_data(wrapped) + 32,
                   VG_FIELD_MARK_BYTES);
        }
    }
    if (opened < 0) {
        rc = vg_error_set(VG_EAUTH, "%s", _("wrong PIN"));
        goto done;
    }
    if ((rc = vg_secret_new(&body, k->body_len)) != VG_OK)
        goto done;
    body_ad(bad, k, k->body_nonce);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            vg_secret_data(body), NULL, NULL, k->body_ct, (size_t)k->body_len + AEAD_ABYTES, bad,
            sizeof bad, k->body_nonce, vg_secret_data(sec) + SEC_KEY) != 0 ||
        vg_kit_parse_body(&k->info, vg_secret_data(sec) + SEC_SEED, vg_secret_data(body),
                          k->body_len) != VG_OK) {
        memset(&k->info, 0, sizeof k->info);
        rc = vg_error_set(VG_EINTEGRITY, "%s",
                          _("the field kit was altered (its contents do not authenticate)"));
        goto done;
    }
    k->sec = sec;
    sec = NULL;
    rc = VG_OK;
done:
    sodium_memzero(dk, sizeof dk);
    vg_secret_free(sec);
    vg_secret_free(wrapped);
    vg_secret_free(body);
    return rc;
}

int vg_kit_serialize(const vg_kit *k, unsigned char **out, size_t *out_len)
{
    size_t len = FILE_FIXED + k->body_len;
    unsigned char *buf = NULL, *p, nonce[NONCE_BYTES], ad[BODY_AD_BYTES];
    vg_secret *body = NULL;
    int rc;

    *out = NULL;
    *out_len = 0;
    if (!k->sec)
        return vg_error_set(VG_EINVALID, "%s", _("the field kit is locked"));
    if (body_len_of(&k->info) != k->body_len)
        return vg_error_set(VG_EINVALID, "%s", _("the kit's contents are out of bounds"));
    if ((rc = vg_secret_new(&body, k->body_len)) != VG_OK)
        return rc;
    if (!(buf = malloc(len))) {
        rc = vg_error_oom();
        goto done;
    }
    write_body(vg_secret_data(body), vg_secret_data(k->sec) + SEC_SEED, &k->info);
    randombytes_buf(nonce, sizeof nonce);
    write_header(buf, k);
    p = buf + HEADER_BYTES;
    for (size_t i = 0; i < NSLOTS; i++) {
        write_slot_fixed(p, &k->slots[i]);
        memcpy(p + SLOT_FIXED, k->slots[i].wrapped, WRAPPED_BYTES);
        p += SLOT_BYTES;
    }
    memcpy(p, nonce, NONCE_BYTES);
    p += NONCE_BYTES;
    body_ad(ad, k, nonce);
    crypto_aead_xchacha20poly1305_ietf_encrypt(p, NULL, vg_secret_data(body), k->body_len, ad,
                                               sizeof ad, NULL, nonce,
                                               vg_secret_data(k->sec) + SEC_KEY);
    p += k->body_len + AEAD_ABYTES;
    crypto_generichash(p, 32, buf, (size_t)(p - buf), NULL, 0);
    *out = buf;
    *out_len = len;
    buf = NULL;
done:
    free(buf);
    vg_secret_free(body);
    return rc;
}

int vg_kit_save(const vg_kit *k, const char *path, int replace)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    int rc = vg_kit_serialize(k, &buf, &len);
    if (rc == VG_OK)
        rc = vg_file_write_atomic(path, buf, len, replace);
    free(buf);
    return rc;
}

int vg_kit_make_code(vg_kit *k, char out[], size_t cap, vg_checkin_status status, const char *place,
                     const char *note, int64_t at)
{
    vg_code c;
    vg_secret *sk = NULL;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    size_t pl = place ? strlen(place) : 0, nl = note ? strlen(note) : 0;
    int rc;

    if (cap)
        out[0] = '\0';
    if (!k->sec)
        return vg_error_set(VG_EINVALID, "%s", _("the field kit is locked"));
    if (k->info.counter == UINT32_MAX)
        return vg_error_set(VG_EINVALID, "%s",
                            _("this kit has made all the codes it can: ask for a new one"));
    if (pl + nl > VG_CODE_TEXT_MAX)
        return vg_error_set(VG_EINVALID,
                            _("the place and note are too long: %d bytes together at most"),
                            VG_CODE_TEXT_MAX);
    memset(&c, 0, sizeof c);
    c.status = status;
    memcpy(c.ref, k->info.ref, VG_FIELD_REF_BYTES);
    c.delegation_tag = vg_code_delegation_tag(k->info.slug);
    c.counter = k->info.counter + 1;
    c.at = at;
    memcpy(c.mark, vg_secret_data(k->sec) + SEC_MARK, VG_FIELD_MARK_BYTES);
    memcpy(c.place, place ? place : "", pl + 1);
    memcpy(c.note, note ? note : "", nl + 1);
    if ((rc = vg_secret_new(&sk, crypto_sign_SECRETKEYBYTES)) != VG_OK)
        goto done;
    crypto_sign_seed_keypair(pk, vg_secret_data(sk), vg_secret_data(k->sec) + SEC_SEED);
    if ((rc = vg_code_encode(out, cap, &c, sk, k->info.org_box_pk)) != VG_OK)
        goto done;
    k->info.counter++;
done:
    sodium_memzero(&c, sizeof c);
    vg_secret_free(sk);
    return rc;
}
