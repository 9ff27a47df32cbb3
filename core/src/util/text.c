/* Unicode text helpers. utf8proc does the Unicode work (normalisation, case
 * folding, categories); this file only decides what a "key" keeps. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <vigie/error.h>

#include "util/i18n.h"
#include "util/text.h"

size_t vg_utf8_decode(const unsigned char *p, size_t left, uint32_t *cp)
{
    unsigned c;
    size_t n;
    uint32_t v;
    if (left == 0)
        return 0;
    c = p[0];
    if (c < 0x80)
        n = 1, v = c;
    else if (c >= 0xc2 && c <= 0xdf)
        n = 2, v = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3, v = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4, v = c & 0x07;
    else
        return 0;
    if (n > left)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3f);
    }
    if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10ffff)) ||
        (v >= 0xd800 && v <= 0xdfff))
        return 0;
    if (cp)
        *cp = v;
    return n;
}

int vg_is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x2028 || cp == 0x2029;
}

int vg_text_clean(const char *s, size_t len, int multiline)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = vg_utf8_decode(p + i, len - i, &cp);
        if (n == 0 || (vg_is_control(cp) && !(multiline && cp == '\n')))
            return 0;
        i += n;
    }
    return 1;
}

size_t vg_utf8_whole(const char *s, size_t len)
{
    size_t b = len, back = 0;
    while (b > 0 && back < 3 && ((unsigned char)s[b - 1] & 0xc0) == 0x80)
        b--, back++;
    if (b > 0 && (unsigned char)s[b - 1] >= 0xc0 &&
        !vg_utf8_decode((const unsigned char *)s + b - 1, len - (b - 1), NULL))
        return b - 1;
    return len;
}

int vg_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = vg_utf8_decode(p + i, len - i, &cp);
        if (n == 0 || cp == 0)
            return 0;
        i += n;
    }
    return 1;
}

size_t vg_utf8_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xc0) != 0x80)
            n++;
    return n;
}

static int keep(uint32_t cp)
{
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

char *vg_text_key(const char *s, vg_key_mode mode)
{
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t n;
    char *out = NULL;
    size_t o = 0, i = 0;
    int space = 0;

    if (!s)
        return NULL;
    n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &folded,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                         UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
    if (n < 0)
        return NULL;
    /* Ligatures that NFKD keeps: œ and æ read as oe and ae. Each grows from
     * 2 bytes to 2, so the folded length bounds the output. */
    out = malloc((size_t)n + 1);
    if (!out)
        goto done;
    while ((utf8proc_ssize_t)i < n) {
        uint32_t cp;
        size_t k = vg_utf8_decode(folded + i, (size_t)n - i, &cp);
        if (k == 0) {
            free(out);
            out = NULL;
            goto done;
        }
        if (keep(cp)) {
            if (space && o > 0)
                out[o++] = ' ';
            space = 0;
            if (cp == 0x153 || cp == 0xe6) {
                out[o++] = cp == 0x153 ? 'o' : 'a';
                out[o++] = 'e';
            } else {
                memcpy(out + o, folded + i, (size_t)k);
                o += (size_t)k;
            }
        } else if (mode == VG_KEY_NAME) {
            space = 1;
        }
        i += (size_t)k;
    }
    out[o] = '\0';
done:
    free(folded);
    return out;
}

int vg_text_check(const char *s, const char *what, size_t max_chars, int multiline)
{
    size_t len = strlen(s), chars;
    if (!vg_utf8_valid(s, len))
        return vg_error_set(VG_EINVALID, _("%s: the text is not valid UTF-8"), what);
    chars = vg_utf8_chars(s);
    if (chars == 0)
        return vg_error_set(VG_EINVALID, _("%s: the text is empty"), what);
    if (chars > max_chars)
        return vg_error_set(VG_EINVALID, _("%s: the text is longer than %zu characters"), what,
                            max_chars);
    if (!vg_text_clean(s, len, multiline))
        return vg_error_set(VG_EINVALID, _("%s: the text holds a control character"), what);
    return VG_OK;
}

char *vg_text_trim(const char *s)
{
    size_t len = strlen(s), a = 0, b, o = 0;
    char *out;
    while (a < len && (s[a] == ' ' || s[a] == '\t' || s[a] == '\n' || s[a] == '\r'))
        a++;
    b = len;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\n' || s[b - 1] == '\r'))
        b--;
    out = malloc(b - a + 1);
    if (!out)
        return NULL;
    for (size_t i = a; i < b; i++) {
        if (s[i] == '\r') {
            out[o++] = '\n';
            if (i + 1 < b && s[i + 1] == '\n')
                i++;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return out;
}
