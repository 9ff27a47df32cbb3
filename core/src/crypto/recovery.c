/* Recovery keys as people can copy them by hand.
 *
 * 20 random bytes = 160 bits = 32 Crockford base32 characters, in 8 groups
 * of 4, each group followed by a Luhn mod 32 check character computed over the
 * group's number (1..8, so a group typed in the wrong place is caught too)
 * and its 4 characters. Luhn mod N catches every single wrong character and
 * almost every swap of two neighbours, and tells which group holds it. */
#include <ctype.h>
#include <sodium.h>
#include <string.h>
#include <vigie/error.h>
#include <vigie/store.h>

#include "crypto/keyfile.h"
#include "util/i18n.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static int value_of(int c)
{
    c = toupper(c);
    if (c == 'O')
        c = '0';
    if (c == 'I' || c == 'L')
        c = '1';
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

/* Luhn mod 32 check value of a sequence of values. */
static int luhn32(const int *v, int n)
{
    int factor = 2, sum = 0;
    for (int i = n - 1; i >= 0; i--) {
        int addend = factor * v[i];
        factor = factor == 2 ? 1 : 2;
        sum += addend / 32 + addend % 32;
    }
    return (32 - sum % 32) % 32;
}

static int group_check(int group, const int data[4])
{
    int v[5] = {group + 1, data[0], data[1], data[2], data[3]};
    return luhn32(v, 5);
}

int vg_recovery_format(char out[VG_RECOVERY_TEXT_MAX], const vg_secret *rkey)
{
    const unsigned char *b = vg_secret_data(rkey);
    int vals[32], o = 0;
    if (vg_secret_len(rkey) != VG_RECOVERY_KEY_BYTES)
        return vg_error_set(VG_EINVALID, "%s", _("the recovery key has the wrong length"));
    /* 160 bits, 5 at a time, most significant first. */
    for (int i = 0; i < 32; i++) {
        int bit = i * 5, v = 0;
        for (int j = 0; j < 5; j++, bit++)
            v = (v << 1) | ((b[bit / 8] >> (7 - bit % 8)) & 1);
        vals[i] = v;
    }
    for (int g = 0; g < 8; g++) {
        if (g)
            out[o++] = '-';
        for (int j = 0; j < 4; j++)
            out[o++] = alphabet[vals[g * 4 + j]];
        out[o++] = alphabet[group_check(g, &vals[g * 4])];
    }
    out[o] = '\0';
    sodium_memzero(vals, sizeof vals);
    return VG_OK;
}

int vg_recovery_parse(vg_secret **out, const char *text)
{
    int vals[40], n = 0, rc;
    unsigned char bytes[VG_RECOVERY_KEY_BYTES] = {0};

    *out = NULL;
    for (const char *p = text; *p; p++) {
        int v;
        if (*p == '-' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            continue;
        v = value_of((unsigned char)*p);
        if (v < 0 || n == 40) {
            rc = vg_error_set(VG_EINVALID, "%s",
                              v < 0 ? _("the recovery key holds a character that is not in it")
                                    : _("the recovery key is too long (8 groups of 5 characters)"));
            goto done;
        }
        vals[n++] = v;
    }
    if (n != 40) {
        rc = vg_error_set(VG_EINVALID, "%s", _("the recovery key has 8 groups of 5 characters"));
        goto done;
    }
    for (int g = 0; g < 8; g++) {
        int data[4] = {vals[g * 5], vals[g * 5 + 1], vals[g * 5 + 2], vals[g * 5 + 3]};
        if (group_check(g, data) != vals[g * 5 + 4]) {
            rc = vg_error_set(VG_EINVALID, _("group %d of the recovery key has a typo"), g + 1);
            goto done;
        }
    }
    for (int i = 0, bit = 0; i < 40; i++) {
        if (i % 5 == 4)
            continue;
        for (int j = 4; j >= 0; j--, bit++)
            if ((vals[i] >> j) & 1)
                bytes[bit / 8] |= (unsigned char)(1 << (7 - bit % 8));
    }
    rc = vg_secret_from(out, bytes, sizeof bytes);
done:
    sodium_memzero(vals, sizeof vals);
    sodium_memzero(bytes, sizeof bytes);
    return rc;
}

int vg_recovery_text(vg_secret **out, const vg_secret *rkey)
{
    int rc;
    *out = NULL;
    if ((rc = vg_secret_new(out, VG_RECOVERY_TEXT_MAX)) != VG_OK)
        return rc;
    if ((rc = vg_recovery_format((char *)vg_secret_data(*out), rkey)) != VG_OK) {
        vg_secret_free(*out);
        *out = NULL;
        return rc;
    }
    vg_secret_truncate(*out, strlen((const char *)vg_secret_data(*out)));
    return VG_OK;
}
