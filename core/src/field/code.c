/* Check-in codes: "VG1" + unpadded base64url (RFC 4648 §5) of
 *
 *   crypto_box_seal(M || S, organisation's X25519 public key)
 *
 * crypto_box_seal adds 48 bytes (an ephemeral public key and a Poly1305
 * tag); only the organisation can open it, and the bytes look random to
 * everyone else, the duress mark included. S is the 64-byte Ed25519
 * signature, with the participant's key, of "vigie-code-1" || M (sealed
 * boxes are anonymous: the signature says who made the code).
 *
 * M, the message, all integers little-endian:
 *     0   1  version (1)
 *     1   1  status: 0 ok, 1 help, 2 emergency
 *     2   8  participant reference (random per kit)
 *    10   4  delegation tag: the first 4 bytes of
 *            BLAKE2b-128("vigie-delegation-1" || slug)
 *    14   4  counter: 1, 2, 3... per kit
 *    18   4  time the code was made, seconds since the epoch (unsigned)
 *    22  16  mark of the kit slot that was opened (PIN or duress PIN)
 *    38   1  place length P
 *    39   P  place, UTF-8
 *  39+P   1  note length N
 *  40+P   N  note, UTF-8; P + N <= 75
 *
 * So M is 40 to 115 bytes, M || S 104 to 179, the sealed box 152 to 227,
 * and the code 3 + 203 to 3 + 303 = 206 to 306 characters: two SMS of 153
 * GSM characters at most (base64url's - and _ are GSM characters). */
#include <sodium.h>
#include <string.h>
#include <vigie/error.h>
#include <vigie/field.h>

#include "field/field_internal.h"
#include "util/i18n.h"
#include "util/reader.h"
#include "util/text.h"

#define MSG_FIXED  40
#define MSG_MAX    (MSG_FIXED + VG_CODE_TEXT_MAX)
#define SIG_BYTES  crypto_sign_BYTES
#define SEAL_BYTES crypto_box_SEALBYTES
#define BIN_MAX    (MSG_MAX + SIG_BYTES + SEAL_BYTES)
#define BIN_MIN    (MSG_FIXED + SIG_BYTES + SEAL_BYTES)
#define PREFIX_LEN 3
static const char sign_ctx[] = "vigie-code-1";

uint32_t vg_code_delegation_tag(const char *slug)
{
    static const char ctx[] = "vigie-delegation-1";
    unsigned char h[16];
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)ctx, sizeof ctx - 1);
    crypto_generichash_update(&st, (const unsigned char *)slug, strlen(slug));
    crypto_generichash_final(&st, h, sizeof h);
    return (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16 | (uint32_t)h[3] << 24;
}

/* The longest prefix of s (valid UTF-8) of at most max bytes that ends on a
 * character boundary. */
static size_t utf8_cut(const char *s, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, len = strlen(s);
    while (i < len) {
        uint32_t cp;
        size_t n = vg_utf8_decode(p + i, len - i, &cp);
        if (!n || vg_is_control(cp) || i + n > max)
            break;
        i += n;
    }
    return i;
}

int vg_code_fit(char *place, char *note, int *cut_place, int *cut_note)
{
    size_t pl = place ? strlen(place) : 0, nl = note ? strlen(note) : 0, keep;
    if (cut_place)
        *cut_place = 0;
    if (cut_note)
        *cut_note = 0;
    if ((place && !vg_text_clean(place, pl, 0)) || (note && !vg_text_clean(note, nl, 0)))
        return vg_error_set(VG_EINVALID, "%s",
                            _("the place or note holds a control character or is not UTF-8"));
    if (pl + nl <= VG_CODE_TEXT_MAX)
        return VG_OK;
    /* The place first (up to VG_CODE_PLACE_MAX bytes), the note gets the rest. */
    if (pl > VG_CODE_PLACE_MAX) {
        keep = utf8_cut(place, VG_CODE_PLACE_MAX);
        place[keep] = '\0';
        pl = keep;
        if (cut_place)
            *cut_place = 1;
    }
    if (pl + nl > VG_CODE_TEXT_MAX) {
        keep = utf8_cut(note, VG_CODE_TEXT_MAX - pl);
        note[keep] = '\0';
        if (cut_note)
            *cut_note = 1;
    }
    return VG_OK;
}

/* Write M; returns its length, or 0 when a field is out of bounds. */
static size_t write_msg(unsigned char *m, const vg_code *c)
{
    size_t pl = strnlen(c->place, sizeof c->place), nl = strnlen(c->note, sizeof c->note);
    unsigned char *p = m;
    if ((unsigned)c->status > VG_CHECKIN_EMERGENCY || c->at < 0 || c->at > (int64_t)UINT32_MAX ||
        pl + nl > VG_CODE_TEXT_MAX || !vg_text_clean(c->place, pl, 0) ||
        !vg_text_clean(c->note, nl, 0) || c->counter == 0)
        return 0;
    *p++ = 1;
    *p++ = (unsigned char)c->status;
    memcpy(p, c->ref, VG_FIELD_REF_BYTES);
    p += VG_FIELD_REF_BYTES;
    p = vg_wr_uint(p, c->delegation_tag, 4);
    p = vg_wr_uint(p, c->counter, 4);
    p = vg_wr_uint(p, (uint64_t)c->at, 4);
    memcpy(p, c->mark, VG_FIELD_MARK_BYTES);
    p += VG_FIELD_MARK_BYTES;
    *p++ = (unsigned char)pl;
    memcpy(p, c->place, pl);
    p += pl;
    *p++ = (unsigned char)nl;
    memcpy(p, c->note, nl);
    p += nl;
    return (size_t)(p - m);
}

static void signed_input(unsigned char *buf, const unsigned char *m, size_t len)
{
    memcpy(buf, sign_ctx, sizeof sign_ctx - 1);
    memcpy(buf + sizeof sign_ctx - 1, m, len);
}

int vg_code_encode(char out[], size_t cap, const vg_code *c, const vg_secret *sign_sk,
                   const unsigned char org_box_pk[32])
{
    unsigned char m[MSG_MAX + SIG_BYTES], in[sizeof sign_ctx - 1 + MSG_MAX], sealed[BIN_MAX];
    size_t mlen;
    int rc = VG_OK;

    if (cap < VG_CODE_MAX + 1)
        return vg_error_set(VG_EINVALID, "%s", _("no room for a check-in code"));
    out[0] = '\0';
    if (vg_secret_len(sign_sk) != crypto_sign_SECRETKEYBYTES)
        return vg_error_set(VG_EINVALID, "%s", _("the signing key has the wrong length"));
    if (!(mlen = write_msg(m, c)))
        return vg_error_set(VG_EINVALID, "%s", _("a check-in code field is out of bounds"));
    signed_input(in, m, mlen);
    crypto_sign_detached(m + mlen, NULL, in, sizeof sign_ctx - 1 + mlen, vg_secret_data(sign_sk));
    if (crypto_box_seal(sealed, m, mlen + SIG_BYTES, org_box_pk) != 0) {
        rc = vg_error_set(VG_ERROR, "%s", _("cannot seal the check-in code"));
        goto done;
    }
    memcpy(out, VG_CODE_PREFIX, PREFIX_LEN);
    sodium_bin2base64(out + PREFIX_LEN, cap - PREFIX_LEN, sealed, mlen + SIG_BYTES + SEAL_BYTES,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
done:
    sodium_memzero(m, sizeof m);
    sodium_memzero(in, sizeof in);
    return rc;
}

int vg_code_parse_msg(vg_code *c, const unsigned char *m, size_t len)
{
    vg_reader r;
    uint64_t version, status, pl, nl;
    memset(c, 0, sizeof *c);
    if (len < MSG_FIXED || len > MSG_MAX)
        return VG_EINTEGRITY;
    vg_rd_init(&r, m, len);
    version = vg_rd_uint(&r, 1);
    status = vg_rd_uint(&r, 1);
    vg_rd_copy(&r, c->ref, VG_FIELD_REF_BYTES);
    c->delegation_tag = (uint32_t)vg_rd_uint(&r, 4);
    c->counter = (uint32_t)vg_rd_uint(&r, 4);
    c->at = (int64_t)vg_rd_uint(&r, 4);
    vg_rd_copy(&r, c->mark, VG_FIELD_MARK_BYTES);
    pl = vg_rd_uint(&r, 1);
    if (r.bad || version != 1 || status > VG_CHECKIN_EMERGENCY || c->counter == 0 ||
        pl > VG_CODE_TEXT_MAX)
        return VG_EINTEGRITY;
    vg_rd_copy(&r, c->place, (size_t)pl);
    nl = vg_rd_uint(&r, 1);
    if (r.bad || pl + nl > VG_CODE_TEXT_MAX)
        return VG_EINTEGRITY;
    vg_rd_copy(&r, c->note, (size_t)nl);
    if (r.bad || vg_rd_left(&r) != 0 || !vg_text_clean(c->place, (size_t)pl, 0) ||
        !vg_text_clean(c->note, (size_t)nl, 0))
        return VG_EINTEGRITY;
    c->status = (vg_checkin_status)status;
    memcpy(c->signed_msg, m, len);
    c->signed_len = len;
    return VG_OK;
}

static int b64url_char(unsigned char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '_';
}

int vg_code_open(vg_code *out, const char *text, size_t len, const unsigned char box_pk[32],
                 const vg_secret *box_sk)
{
    unsigned char sealed[BIN_MAX + 1], m[MSG_MAX + SIG_BYTES];
    size_t blen = 0;
    int rc = VG_EINTEGRITY;

    memset(out, 0, sizeof *out);
    if (len < PREFIX_LEN || memcmp(text, VG_CODE_PREFIX, PREFIX_LEN) != 0)
        return vg_error_set(VG_EINTEGRITY, "%s",
                            _("not a check-in code (it does not start with VG1)"));
    if (len > VG_CODE_MAX)
        return vg_error_set(VG_EINTEGRITY,
                            _("too long for a check-in code (%zu characters, at most %d)"), len,
                            VG_CODE_MAX);
    for (size_t i = PREFIX_LEN; i < len; i++)
        if (!b64url_char((unsigned char)text[i]))
            return vg_error_set(VG_EINTEGRITY, "%s",
                                _("a check-in code holds a character that is not base64url"));
    if (len < VG_CODE_MIN)
        return vg_error_set(VG_EINTEGRITY, _("cut short (%zu characters, at least %d)"), len,
                            VG_CODE_MIN);
    if (sodium_base642bin(sealed, sizeof sealed, text + PREFIX_LEN, len - PREFIX_LEN, NULL, &blen,
                          NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        blen < BIN_MIN || blen > BIN_MAX)
        return vg_error_set(VG_EINTEGRITY, "%s", _("damaged: not a whole check-in code"));
    if (vg_secret_len(box_sk) != crypto_box_SECRETKEYBYTES)
        return vg_error_set(VG_EINVALID, "%s", _("the organisation's key has the wrong length"));
    if (crypto_box_seal_open(m, sealed, blen, box_pk, vg_secret_data(box_sk)) != 0) {
        rc = vg_error_set(VG_EINTEGRITY, "%s",
                          _("damaged, or made for another organisation's key (it does not open)"));
        goto done;
    }
    if (vg_code_parse_msg(out, m, blen - SEAL_BYTES - SIG_BYTES) != VG_OK) {
        rc = vg_error_set(VG_EINTEGRITY, "%s",
                          _("forged: the code opens but its message is malformed"));
        goto done;
    }
    memcpy(out->sig, m + out->signed_len, SIG_BYTES);
    rc = VG_OK;
done:
    sodium_memzero(m, sizeof m);
    return rc;
}

int vg_code_verify(const vg_code *c, const unsigned char sign_pk[32])
{
    unsigned char in[sizeof sign_ctx - 1 + MSG_MAX];
    if (c->signed_len < MSG_FIXED || c->signed_len > MSG_MAX)
        return vg_error_set(VG_EINTEGRITY, "%s", _("forged: the signature does not match"));
    signed_input(in, c->signed_msg, c->signed_len);
    if (crypto_sign_verify_detached(c->sig, in, sizeof sign_ctx - 1 + c->signed_len, sign_pk) != 0)
        return vg_error_set(VG_EINTEGRITY, "%s", _("forged: the signature does not match"));
    return VG_OK;
}

/* A code starts at i when "VG1" is there and not glued to a base64url
 * character before it. */
static int code_start(const char *t, size_t len, size_t i)
{
    return i + PREFIX_LEN <= len && memcmp(t + i, VG_CODE_PREFIX, PREFIX_LEN) == 0 &&
           (i == 0 || !b64url_char((unsigned char)t[i - 1]));
}

static int space_char(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

size_t vg_code_scan(const char *text, size_t len, size_t *pos, char *out, size_t cap)
{
    size_t i = *pos, n = 0;
    if (cap)
        out[0] = '\0';
    while (i < len && !code_start(text, len, i))
        i++;
    if (i >= len) {
        *pos = len;
        return 0;
    }
    for (;;) {
        while (i < len && b64url_char((unsigned char)text[i])) {
            if (n + 1 < cap)
                out[n] = text[i];
            n++;
            i++;
        }
        /* A code cut in two SMS: its first part is shorter than any code;
         * join the next run of base64url after white space, unless that run
         * is a code of its own. */
        if (n < VG_CODE_MIN) {
            size_t j = i;
            while (j < len && space_char(text[j]))
                j++;
            if (j > i && j < len && b64url_char((unsigned char)text[j]) &&
                !code_start(text, len, j)) {
                i = j;
                continue;
            }
        }
        break;
    }
    if (cap)
        out[n + 1 < cap ? n : cap - 1] = '\0';
    *pos = i;
    return n;
}
