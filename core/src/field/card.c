/* Check-in cards: the codes.
 *
 * code(pos) = HOTP-SHA-256(subkey, pos) mod 10^6, where
 *   HOTP-SHA-256(K, C) = dynamic truncation (RFC 4226 §5.3) of
 *                        HMAC-SHA-256(K, C as 8 bytes big-endian);
 *   subkey = crypto_kdf_derive_from_key(32, id, "vgcard01", card secret),
 *            id 1 for check-in positions, 2 for duress positions.
 * RFC 6238 §1.2 allows HMAC-SHA-256 for HOTP/TOTP; its Appendix B vectors
 * test this function (tests/unit/test_card.c). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/card.h>
#include <vigie/error.h>

#include "util/i18n.h"

static const char kdf_ctx[crypto_kdf_CONTEXTBYTES + 1] = "vgcard01";
#define SUBKEY_CHECKIN 1
#define SUBKEY_DURESS  2

uint32_t vg_hotp_sha256(const unsigned char *key, size_t keylen, uint64_t counter, int digits)
{
    crypto_auth_hmacsha256_state st;
    unsigned char msg[8], mac[crypto_auth_hmacsha256_BYTES];
    uint32_t bin, mod = 1;
    unsigned off;

    for (int i = 7; i >= 0; i--, counter >>= 8)
        msg[i] = (unsigned char)(counter & 0xff);
    crypto_auth_hmacsha256_init(&st, key, keylen);
    crypto_auth_hmacsha256_update(&st, msg, sizeof msg);
    crypto_auth_hmacsha256_final(&st, mac);
    off = mac[sizeof mac - 1] & 0x0f;
    bin = (uint32_t)(mac[off] & 0x7f) << 24 | (uint32_t)mac[off + 1] << 16 |
          (uint32_t)mac[off + 2] << 8 | (uint32_t)mac[off + 3];
    if (digits < 1)
        digits = 1;
    if (digits > 9)
        digits = 9;
    while (digits--)
        mod *= 10;
    sodium_memzero(&st, sizeof st);
    sodium_memzero(mac, sizeof mac);
    return bin % mod;
}

uint32_t vg_card_positions(const vg_card_layout *l)
{
    return l->ncodes + l->nduress;
}

int vg_card_is_duress(const vg_card_layout *l, uint32_t pos)
{
    for (uint32_t i = 0; i < l->nduress && i < VG_CARD_DURESS; i++)
        if (l->duress_pos[i] == pos)
            return 1;
    return 0;
}

int vg_card_code(uint32_t *out, const vg_secret *secret, const vg_card_layout *l, uint32_t pos)
{
    unsigned char sub[32];
    *out = 0;
    if (vg_secret_len(secret) != VG_CARD_SECRET_BYTES)
        return vg_error_set(VG_EINVALID, "%s", _("the card secret has the wrong length"));
    if (pos >= vg_card_positions(l))
        return vg_error_set(VG_EINVALID, _("the card has no position %u"), (unsigned)pos + 1);
    crypto_kdf_derive_from_key(sub, sizeof sub,
                               vg_card_is_duress(l, pos) ? SUBKEY_DURESS : SUBKEY_CHECKIN, kdf_ctx,
                               vg_secret_data(secret));
    *out = vg_hotp_sha256(sub, sizeof sub, pos, VG_CARD_DIGITS);
    sodium_memzero(sub, sizeof sub);
    return VG_OK;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

int vg_card_generate(vg_secret **secret_out, vg_card_layout *l, uint32_t ncodes, uint32_t nduress)
{
    vg_secret *s = NULL;
    uint32_t codes[VG_CARD_CODES_MAX + VG_CARD_DURESS];
    int rc = VG_OK;

    *secret_out = NULL;
    memset(l, 0, sizeof *l);
    if (ncodes < VG_CARD_CODES_MIN || ncodes > VG_CARD_CODES_MAX)
        return vg_error_set(VG_EINVALID, _("a card holds %d to %d codes"), VG_CARD_CODES_MIN,
                            VG_CARD_CODES_MAX);
    if (nduress > VG_CARD_DURESS)
        nduress = VG_CARD_DURESS;
    for (int attempt = 0; attempt < 64; attempt++) {
        uint32_t n;
        int distinct = 1;
        vg_secret_free(s);
        s = NULL;
        if ((rc = vg_secret_random(&s, VG_CARD_SECRET_BYTES)) != VG_OK)
            goto done;
        l->ncodes = ncodes;
        l->nduress = nduress;
        n = vg_card_positions(l);
        /* Distinct duress positions, never the first one (0 is free). */
        memset(l->duress_pos, 0, sizeof l->duress_pos);
        for (uint32_t i = 0; i < nduress; i++) {
            uint32_t p;
            do
                p = 1 + randombytes_uniform(n - 1);
            while (vg_card_is_duress(l, p));
            l->duress_pos[i] = p;
        }
        qsort(l->duress_pos, nduress, sizeof l->duress_pos[0], cmp_u32);
        for (uint32_t p = 0; p < n && distinct; p++) {
            if ((rc = vg_card_code(&codes[p], s, l, p)) != VG_OK)
                goto done;
            for (uint32_t q = 0; q < p; q++)
                if (codes[q] == codes[p])
                    distinct = 0;
        }
        if (distinct) {
            *secret_out = s;
            s = NULL;
            goto done;
        }
    }
    rc = vg_error_set(VG_ERROR, "%s", _("cannot draw a card whose codes all differ"));
done:
    sodium_memzero(codes, sizeof codes);
    vg_secret_free(s);
    if (rc != VG_OK)
        memset(l, 0, sizeof *l);
    return rc;
}

void vg_card_positions_format(char out[64], const vg_card_layout *l)
{
    size_t o = 0;
    out[0] = '\0';
    for (uint32_t i = 0; i < l->nduress && i < VG_CARD_DURESS; i++)
        o += (size_t)snprintf(out + o, 64 - o, "%s%u", i ? "," : "", (unsigned)l->duress_pos[i]);
}

int vg_card_positions_parse(vg_card_layout *l, const char *text)
{
    const char *p = text;
    uint32_t n = 0;
    while (*p) {
        char *end;
        unsigned long v;
        if (n == VG_CARD_DURESS || *p < '0' || *p > '9')
            goto bad;
        v = strtoul(p, &end, 10);
        if (v >= vg_card_positions(l) || (n && v <= l->duress_pos[n - 1]))
            goto bad;
        l->duress_pos[n++] = (uint32_t)v;
        p = end;
        if (*p == ',')
            p++;
        else if (*p)
            goto bad;
    }
    if (n != l->nduress)
        goto bad;
    return VG_OK;
bad:
    return vg_error_set(VG_EINTEGRITY, "%s", _("the card's duress positions are damaged"));
}
