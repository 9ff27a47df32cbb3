/* Reading a check-in message as people type it on a phone: "OK 482913
 * Bogotá", "ok: 482 913 - Cali", "Aide 482913 on est bloqués à Cúcuta",
 * "ÈD 482-913". The text is untrusted: every loop is bounded by its length
 * (at most INPUT_MAX bytes are read) and every copy by its buffer. */
#include <string.h>
#include <vigie/card.h>
#include <vigie/error.h>

#include "field/field_internal.h"
#include "util/i18n.h"

#define INPUT_MAX   2000
#define WORD_MAX    32
#define PLACE_WORDS 4
#define PLACE_BYTES 48

static const struct {
    const char *word; /* folded: lower case, no accents */
    vg_checkin_status status;
} status_words[] = {
    {"ok", VG_CHECKIN_OK},
    {"okay", VG_CHECKIN_OK},
    {"oke", VG_CHECKIN_OK},
    {"aide", VG_CHECKIN_HELP},
    {"help", VG_CHECKIN_HELP},
    {"ayuda", VG_CHECKIN_HELP},
    {"ed", VG_CHECKIN_HELP},
    {"ede", VG_CHECKIN_HELP},
    {"urgence", VG_CHECKIN_EMERGENCY},
    {"emergency", VG_CHECKIN_EMERGENCY},
    {"emergencia", VG_CHECKIN_EMERGENCY},
    {"urgencia", VG_CHECKIN_EMERGENCY},
    {"ijans", VG_CHECKIN_EMERGENCY},
    {"sos", VG_CHECKIN_EMERGENCY},
};

/* The code point of the UTF-8 sequence at p, its length in *n (1 for an
 * invalid byte, which then reads as U+FFFD). */
static uint32_t decode(const unsigned char *p, size_t left, size_t *n)
{
    uint32_t c = p[0];
    size_t len = 1;
    if (c >= 0x80) {
        len = vg_utf8_char(p, left);
        if (!len) {
            *n = 1;
            return 0xfffd;
        }
        c &= len == 2 ? 0x1f : len == 3 ? 0x0f : 0x07;
        for (size_t i = 1; i < len; i++)
            c = c << 6 | (p[i] & 0x3f);
    }
    *n = len;
    return c;
}

static int combining(uint32_t c)
{
    return c >= 0x300 && c <= 0x36f;
}

/* A letter for word boundaries: ASCII letters, Latin-1 and Latin
 * Extended-A letters, combining marks. */
static int letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= 0xc0 && c <= 0x17f && c != 0xd7 && c != 0xf7) || combining(c);
}

/* The ASCII letter a Latin letter folds to (lower case, accents dropped),
 * 0 to drop it (a combining mark), or '?' for anything else. */
static char fold(uint32_t c)
{
    static const char latin1[] = "aaaaaaaceeeeiiiidnooooo?ouuuuyts"  /* U+00C0..U+00DF */
                                 "aaaaaaaceeeeiiiidnooooo?ouuuuyty"; /* U+00E0..U+00FF */
    if (c >= 'A' && c <= 'Z')
        return (char)(c - 'A' + 'a');
    if (c < 0x80)
        return (char)c;
    if (combining(c))
        return 0;
    if (c >= 0xc0 && c <= 0xff)
        return latin1[c - 0xc0];
    return '?';
}

/* The status of the word at [p, p+len), or -1. */
static int word_status(const char *p, size_t len)
{
    char w[WORD_MAX + 1];
    size_t o = 0, i = 0;
    while (i < len) {
        size_t n;
        uint32_t c = decode((const unsigned char *)p + i, len - i, &n);
        char f = fold(c);
        i += n;
        if (!f)
            continue;
        if (o == WORD_MAX)
            return -1;
        w[o++] = f;
    }
    w[o] = '\0';
    for (size_t k = 0; k < sizeof status_words / sizeof status_words[0]; k++)
        if (!strcmp(w, status_words[k].word))
            return (int)status_words[k].status;
    return -1;
}

/* The next word in [*i, end): its start and length; 0 when none is left. */
static int next_word(const char *t, size_t end, size_t *i, size_t *ws, size_t *wl)
{
    size_t n;
    while (*i < end && !letter(decode((const unsigned char *)t + *i, end - *i, &n)))
        *i += n;
    if (*i >= end)
        return 0;
    *ws = *i;
    while (*i < end && letter(decode((const unsigned char *)t + *i, end - *i, &n)))
        *i += n;
    *wl = *i - *ws;
    return 1;
}

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Length of a separator allowed inside a code at t[j] (space, dash, dot,
 * no-break space), or 0. */
static size_t code_sep(const char *t, size_t len, size_t j)
{
    if (j < len && (t[j] == ' ' || t[j] == '-' || t[j] == '.'))
        return 1;
    if (j + 1 < len && (unsigned char)t[j] == 0xc2 && (unsigned char)t[j + 1] == 0xa0)
        return 2;
    return 0;
}

/* Find the first code: six digits in one group ("482913", even when a
 * number follows: "482913 3 personnes"), or in groups joined by single
 * separators that make exactly six digits ("482 913", "48-29-13"). A
 * longer number (a phone number) is skipped whole. */
static int find_code(const char *t, size_t len, size_t *start, size_t *end, uint32_t *code)
{
    size_t i = 0;
    while (i < len) {
        size_t j, ndig = 0;
        uint32_t v = 0;
        if (!digit(t[i]) || (i > 0 && digit(t[i - 1]))) {
            i++;
            continue;
        }
        j = i;
        for (int groups = 1;; groups++) {
            size_t s;
            int more;
            while (j < len && digit(t[j])) {
                if (ndig < 7)
                    v = v * 10 + (uint32_t)(t[j] - '0');
                ndig++;
                j++;
            }
            s = code_sep(t, len, j);
            more = s && j + s < len && digit(t[j + s]);
            /* Six digits in one group, or in several groups that the
             * number does not go on after ("300 123 4567" is a phone). */
            if (ndig == 6 && !(i > 0 && t[i - 1] == '+') && (groups == 1 || !more)) {
                *start = i;
                *end = j;
                *code = v;
                return 1;
            }
            if (ndig >= 6 || !more)
                break;
            j += s;
        }
        /* Skip the rest of this number, separators and all. */
        for (;;) {
            size_t s;
            while (j < len && digit(t[j]))
                j++;
            s = code_sep(t, len, j);
            if (!s || j + s >= len || !digit(t[j + s]))
                break;
            j += s;
        }
        i = j;
    }
    return 0;
}

static int trim_char(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '-' || c == ':' || c == ',' ||
           c == '.' || c == ';' || c == 0xa0 || c == 0x2013 || c == 0x2014;
}

/* Copy the rest [from, len) into out: trimmed, control characters as
 * spaces, invalid bytes dropped, cut at a character boundary. */
static void copy_rest(char *out, const char *t, size_t from, size_t len)
{
    size_t o = 0, i = from, n;
    while (i < len && trim_char(decode((const unsigned char *)t + i, len - i, &n)))
        i += n;
    while (i < len) {
        uint32_t c = decode((const unsigned char *)t + i, len - i, &n);
        if (o + n > VG_CARD_REST_MAX)
            break;
        if (c == 0xfffd && n == 1) {
            i++;
            continue;
        }
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
            out[o++] = ' ';
        else {
            memcpy(out + o, t + i, n);
            o += n;
        }
        i += n;
    }
    while (o > 0 && (out[o - 1] == ' '))
        o--;
    out[o] = '\0';
}

static int count_words(const char *s)
{
    int n = 0, in = 0;
    for (; *s; s++) {
        if (*s == ' ')
            in = 0;
        else if (!in) {
            in = 1;
            n++;
        }
    }
    return n;
}

int vg_card_msg_parse(vg_card_msg *m, const char *text)
{
    size_t len = strnlen(text, INPUT_MAX), cs, ce, i, ws, wl, rest;
    int best = -1;

    memset(m, 0, sizeof *m);
    m->status = VG_CHECKIN_OK;
    if (!find_code(text, len, &cs, &ce, &m->code))
        return vg_error_set(VG_EINVALID, "%s", _("no 6-digit code in the message"));
    m->has_code = 1;
    /* The most serious status word before the code... */
    i = 0;
    while (next_word(text, cs, &i, &ws, &wl)) {
        int s = word_status(text + ws, wl);
        if (s > best)
            best = s;
    }
    rest = ce;
    /* ... else the word right after it. */
    if (best < 0) {
        i = ce;
        if (next_word(text, len, &i, &ws, &wl)) {
            int s = word_status(text + ws, wl);
            size_t k = ce;
            int only_gap = 1;
            for (; k < ws; k++)
                if (text[k] != ' ' && text[k] != ':' && text[k] != '-' && text[k] != ',')
                    only_gap = 0;
            if (s >= 0 && only_gap) {
                best = s;
                rest = ws + wl;
            }
        }
    }
    if (best >= 0) {
        m->has_status = 1;
        m->status = (vg_checkin_status)best;
    }
    {
        char r[VG_CARD_REST_MAX + 1];
        copy_rest(r, text, rest, len);
        if (count_words(r) <= PLACE_WORDS && strlen(r) <= PLACE_BYTES)
            memcpy(m->where, r, strlen(r) + 1);
        else
            memcpy(m->note, r, strlen(r) + 1);
    }
    return VG_OK;
}
