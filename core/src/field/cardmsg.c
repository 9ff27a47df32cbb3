/* Reading a check-in message as people type it on a phone: "OK 482913
 * Bogotá", "ok: 482 913 - Cali", "Aide 482913 on est bloqués à Cúcuta",
 * "ÈD 482-913". The text is untrusted: every loop is bounded by its length
 * (at most INPUT_MAX bytes are read) and every copy by its buffer. */
#include <stdint.h>
#include <string.h>
#include <vigie/card.h>
#include <vigie/error.h>

#include "field/field_internal.h"
#include "util/i18n.h"
#include "util/text.h"

#define INPUT_MAX   2000  /* read for the code, the place and the note */
#define SCAN_MAX    65536 /* read for status words; a longer message is reviewed */
#define WORD_MAX    32
#define PLACE_WORDS 4
#define PLACE_BYTES 48
#define NEG_WINDOW  3 /* a negation this many words before, in the same clause */

/* The status words, the card's table (card_store.c prints the `printed`
 * ones of the card's languages): the word as printed, upper case with its
 * accents. A typed word matches when it folds (lower case, accents dropped)
 * to the folded printed word, and has no accent where the printed word has
 * none ("aide", "ÈD", "ed" match; "aidé" is another word: reviewed). */
const vg_card_word vg_card_words[] = {
    {"OK", VG_CHECKIN_OK, "", 1},
    {"OKAY", VG_CHECKIN_OK, "en", 0},
    {"OKE", VG_CHECKIN_OK, "ht", 0},
    {"AIDE", VG_CHECKIN_HELP, "fr", 1},
    {"AIDEZ", VG_CHECKIN_HELP, "fr", 0},
    {"HELP", VG_CHECKIN_HELP, "en", 1},
    {"AYUDA", VG_CHECKIN_HELP, "es", 1},
    {"AYÚDAME", VG_CHECKIN_HELP, "es", 0},
    {"AYÚDENME", VG_CHECKIN_HELP, "es", 0},
    {"AUXILIO", VG_CHECKIN_HELP, "es", 0},
    {"ÈD", VG_CHECKIN_HELP, "ht", 1},
    {"ÈDE", VG_CHECKIN_HELP, "ht", 0},
    {"SEKOU", VG_CHECKIN_HELP, "ht", 0},
    {"ANMWE", VG_CHECKIN_HELP, "ht", 0},
    {"URGENCE", VG_CHECKIN_EMERGENCY, "fr", 1},
    {"URGENT", VG_CHECKIN_EMERGENCY, "fr", 0},
    {"SECOURS", VG_CHECKIN_EMERGENCY, "fr", 0},
    {"DANGER", VG_CHECKIN_EMERGENCY, "fr", 0},
    {"EMERGENCY", VG_CHECKIN_EMERGENCY, "en", 1},
    {"MAYDAY", VG_CHECKIN_EMERGENCY, "en", 0},
    {"EMERGENCIA", VG_CHECKIN_EMERGENCY, "es", 1},
    {"URGENCIA", VG_CHECKIN_EMERGENCY, "es", 0},
    {"URGENTE", VG_CHECKIN_EMERGENCY, "es", 0},
    {"SOCORRO", VG_CHECKIN_EMERGENCY, "es", 0},
    {"PELIGRO", VG_CHECKIN_EMERGENCY, "es", 0},
    {"IJANS", VG_CHECKIN_EMERGENCY, "ht", 1},
    {"DANJE", VG_CHECKIN_EMERGENCY, "ht", 0},
    {"SOS", VG_CHECKIN_EMERGENCY, "", 1},
};
const size_t vg_card_nwords = sizeof vg_card_words / sizeof vg_card_words[0];

/* Stems of other forms of the words of distress ("aidé", "urgente",
 * "helping", "peligroso"): never a status, always reviewed, as serious as
 * the status they would be. */
static const struct {
    const char *stem;
    vg_checkin_status status;
} distress_stems[] = {
    {"aid", VG_CHECKIN_HELP},         {"help", VG_CHECKIN_HELP},
    {"ayud", VG_CHECKIN_HELP},        {"auxili", VG_CHECKIN_HELP},
    {"sekou", VG_CHECKIN_HELP},       {"anmwe", VG_CHECKIN_HELP},
    {"urgen", VG_CHECKIN_EMERGENCY},  {"emergen", VG_CHECKIN_EMERGENCY},
    {"socorr", VG_CHECKIN_EMERGENCY}, {"secour", VG_CHECKIN_EMERGENCY},
    {"danger", VG_CHECKIN_EMERGENCY}, {"peligr", VG_CHECKIN_EMERGENCY},
    {"ijans", VG_CHECKIN_EMERGENCY},  {"danje", VG_CHECKIN_EMERGENCY},
};

/* Words that deny what follows in the same clause (folded). */
static const char *const negations[] = {"pas",     "ne",    "n",     "non",    "no",    "not",
                                        "dont",    "don",   "never", "jamais", "sans",  "sin",
                                        "ni",      "nunca", "pa",    "rien",   "aucun", "without",
                                        "nothing", "nada",  "isnt",  "arent",  "nor"};

/* The code point of the UTF-8 sequence at p, its length in *n (1 for an
 * invalid byte, which then reads as U+FFFD). */
static uint32_t decode(const unsigned char *p, size_t left, size_t *n)
{
    uint32_t c;
    size_t len = vg_utf8_decode(p, left, &c);
    if (!len || (c >= 0x80 && vg_is_control(c))) {
        *n = 1;
        return 0xfffd;
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

/* Fold the word at [p, p+len) into w (NUL-terminated) and mark in acc
 * which of its letters carry an accent (a Latin-1 letter, or a combining
 * mark after it). Its length, or -1 when longer than WORD_MAX. */
static int fold_word(const char *p, size_t len, char w[WORD_MAX + 1], char acc[WORD_MAX + 1])
{
    size_t o = 0, i = 0;
    while (i < len) {
        size_t n;
        uint32_t c = decode((const unsigned char *)p + i, len - i, &n);
        char f = fold(c);
        i += n;
        if (!f) {
            if (o)
                acc[o - 1] = 1;
            continue;
        }
        if (o == WORD_MAX)
            return -1;
        acc[o] = c >= 0x80;
        w[o++] = f;
    }
    w[o] = '\0';
    return (int)o;
}

enum { W_NONE, W_STATUS, W_OTHER_FORM, W_NEGATION };

/* What a folded word is: a status word (*status), another form of a word
 * of distress (*status: how serious it would be), a negation, or nothing. */
static int classify(const char *w, const char *acc, int *status)
{
    for (size_t k = 0; k < vg_card_nwords; k++) {
        char pw[WORD_MAX + 1], pacc[WORD_MAX + 1];
        const char *word = vg_card_words[k].word;
        int n = fold_word(word, strlen(word), pw, pacc);
        if (n < 0 || strcmp(w, pw))
            continue;
        *status = (int)vg_card_words[k].status;
        for (int i = 0; i < n; i++)
            if (acc[i] && !pacc[i] && *status != VG_CHECKIN_OK)
                return W_OTHER_FORM; /* "aidé" is not "aide" */
        return W_STATUS;
    }
    for (size_t k = 0; k < sizeof distress_stems / sizeof distress_stems[0]; k++)
        if (!strncmp(w, distress_stems[k].stem, strlen(distress_stems[k].stem))) {
            *status = (int)distress_stems[k].status;
            return W_OTHER_FORM;
        }
    for (size_t k = 0; k < sizeof negations / sizeof negations[0]; k++)
        if (!strcmp(w, negations[k]))
            return W_NEGATION;
    return W_NONE;
}

/* Short words that do not count between a negation and what it denies:
 * "pas besoin d'aide", "no hay peligro", "not in danger". */
static int filler(const char *w)
{
    static const char *const f[] = {"d",   "de",  "du",  "l",  "la",  "le", "en",
                                    "in",  "of",  "a",   "an", "the", "un", "une",
                                    "des", "any", "hay", "y",  "i",   "gen"};
    for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
        if (!strcmp(w, f[k]))
            return 1;
    return 0;
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

static int clause_break(char c)
{
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\n' ||
           c == '\r' || c == '(' || c == ')';
}

/* 1 if the clause from `from` ends with a question mark (looked for over
 * 200 bytes at most). */
static int question(const char *t, size_t len, size_t from)
{
    for (size_t j = from; j < len && j < from + 200; j++) {
        if (t[j] == '?')
            return 1;
        if (t[j] == '.' || t[j] == '!' || t[j] == '\n')
            return 0;
    }
    return 0;
}

/* A single letter at [ws, ws+wl) followed by ".O.S." or " O S": the
 * letters joined into w (and *end moved past them), else 0. */
static int acronym(const char *t, size_t len, size_t ws, size_t wl, char w[WORD_MAX + 1],
                   char acc[WORD_MAX + 1], size_t *end)
{
    size_t i = ws + wl, o, n;
    if (fold_word(t + ws, wl, w, acc) != 1)
        return 0;
    o = 1;
    while (o < WORD_MAX && i + 1 < len && (t[i] == '.' || t[i] == ' ' || t[i] == '-')) {
        size_t k = i + 1, e;
        char lw[WORD_MAX + 1], la[WORD_MAX + 1];
        if (!letter(decode((const unsigned char *)t + k, len - k, &n)))
            break;
        e = k + n;
        while (e < len && combining(decode((const unsigned char *)t + e, len - e, &n)))
            e += n;
        if (e < len && letter(decode((const unsigned char *)t + e, len - e, &n)))
            break; /* a longer word, not a letter of an acronym */
        if (fold_word(t + k, e - k, lw, la) != 1)
            break;
        w[o] = lw[0];
        acc[o] = la[0];
        o++;
        i = e;
    }
    if (o < 2)
        return 0;
    w[o] = '\0';
    *end = i;
    return 1;
}

static void add_review(vg_card_msg *m, const char *t, size_t ws, size_t we, int why)
{
    size_t o = strlen(m->review_words), n = we - ws;
    if (!m->review || why > m->review_why)
        m->review_why = why;
    m->review = 1;
    if (o + n + 3 > VG_CARD_REVIEW_MAX || !vg_utf8_valid(t + ws, n))
        return;
    if (o) {
        memcpy(m->review_words + o, ", ", 2);
        o += 2;
    }
    memcpy(m->review_words + o, t + ws, n);
    m->review_words[o + n] = '\0';
}

/* Read every word of text[0, scan) into m's status and review fields: the
 * most serious status word wins; a word of distress that a negation or a
 * question kept from setting the status, or another form of one, asks for
 * a person to read it. The code ends at `ce` (SIZE_MAX when there is
 * none): a status word right after it moves *rest past it. */
static void scan_words(vg_card_msg *m, const char *text, size_t scan, size_t ce, size_t *rest)
{
    size_t i = 0, ws, wl, prev_end = 0;
    int best = -1, since_neg = NEG_WINDOW + 1, pending_sev = -1, seen_after = 0;

    while (next_word(text, scan, &i, &ws, &wl)) {
        char w[WORD_MAX + 1], acc[WORD_MAX + 1];
        size_t we = ws + wl;
        int kind, st = -1, negated, first_after = ws >= ce && !seen_after;
        if (ws >= ce)
            seen_after = 1;
        for (size_t k = prev_end; k < ws; k++)
            if (clause_break(text[k]))
                since_neg = NEG_WINDOW + 1;
        if (!acronym(text, scan, ws, wl, w, acc, &we) && fold_word(text + ws, wl, w, acc) < 0) {
            prev_end = we;
            since_neg++;
            continue;
        }
        i = we;
        prev_end = we;
        kind = classify(w, acc, &st);
        negated = since_neg <= NEG_WINDOW;
        if (kind == W_NEGATION) {
            since_neg = 0;
        } else if (!filler(w)) {
            since_neg++;
        }
        if (kind == W_STATUS && !negated && !(st > VG_CHECKIN_OK && question(text, scan, we))) {
            if (st > best)
                best = st;
            /* a status word right after the code is not part of the place */
            if (first_after) {
                int only_gap = 1;
                for (size_t k = ce; k < ws; k++)
                    if (text[k] != ' ' && text[k] != ':' && text[k] != '-' && text[k] != ',')
                        only_gap = 0;
                if (only_gap)
                    *rest = we;
            }
        } else if (kind == W_STATUS || kind == W_OTHER_FORM) {
            /* "pas ok" is no ok either */
            int sev = st == VG_CHECKIN_OK ? VG_CHECKIN_HELP : st;
            if (sev > pending_sev)
                pending_sev = sev;
            add_review(m, text, ws, we,
                       kind == W_OTHER_FORM ? VG_CARD_REVIEW_FORM
                       : negated            ? VG_CARD_REVIEW_NEGATION
                                            : VG_CARD_REVIEW_QUESTION);
        }
    }
    if (best >= 0) {
        m->has_status = 1;
        m->status = (vg_checkin_status)best;
    }
    /* Reviewed only when what was kept aside is more serious than the
     * status read ("pas ok, aide" is a call for help, nothing more). */
    if (pending_sev > 0)
        m->review_status = (vg_checkin_status)pending_sev;
    if (m->review && m->review_why != VG_CARD_REVIEW_LONG && pending_sev <= (int)m->status) {
        m->review = 0;
        m->review_why = 0;
        m->review_words[0] = '\0';
    }
}

int vg_card_msg_parse(vg_card_msg *m, const char *text)
{
    size_t len = strnlen(text, INPUT_MAX), scan = strnlen(text, SCAN_MAX + 1), cs, ce, rest;

    memset(m, 0, sizeof *m);
    m->status = VG_CHECKIN_OK;
    if (!find_code(text, len, &cs, &ce, &m->code))
        return vg_error_set(VG_EINVALID, "%s", _("no 6-digit code in the message"));
    m->has_code = 1;
    rest = ce;
    if (scan > SCAN_MAX) {
        scan = SCAN_MAX;
        m->review = 1;
        m->review_why = VG_CARD_REVIEW_LONG;
    }
    scan_words(m, text, scan, ce, &rest);
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

void vg_card_text_words(vg_card_msg *m, const char *text)
{
    size_t scan = strnlen(text, SCAN_MAX + 1), rest = 0;
    memset(m, 0, sizeof *m);
    m->status = VG_CHECKIN_OK;
    if (scan > SCAN_MAX) {
        scan = SCAN_MAX;
        m->review = 1;
        m->review_why = VG_CARD_REVIEW_LONG;
    }
    scan_words(m, text, scan, SIZE_MAX, &rest);
}

/* ---- the duress word (issue 12) ----
 *
 * A card's duress signal is a word, not a position on the card: the
 * participant sends their next code as the card says, and adds the word
 * anywhere in the message. Following the card to the letter can never
 * make a duress message, since the card never prints the word; a duress
 * message looks like any other to whoever holds the card and the phone,
 * and burns the next code as usual. The words Vigie draws are ordinary
 * nouns that have no place in a check-in, at least 6 letters, far (3 edits
 * or more) from one another and from every status word, so that one slip
 * of the finger (an edit) still reads as the word and never as another. */
static const char *const duress_words_fr[] = {
    "girafe",     "ananas",    "violon",       "pingouin",   "citrouille", "trompette",
    "kangourou",  "flamant",   "tortue",       "narval",     "framboise",  "myrtille",
    "parapluie",  "lanterne",  "boussole",     "grenouille", "papillon",   "escargot",
    "coquelicot", "tournesol", "marmotte",     "hirondelle", "libellule",  "aubergine",
    "artichaut",  "concombre", "pamplemousse", "abricot",    "noisette",   "accordeon",
    "clarinette", "harmonica", "xylophone",    "trampoline", "toboggan",   "pyjama",
    "chaussette", "sablier",   "tambourin",    "cornichon",  "marguerite", "lavande",
    "camomille",  "pistache",  "rhubarbe",     "hippocampe", "pelican",    "blaireau",
};
static const char *const duress_words_en[] = {
    "giraffe",   "pineapple",  "violin",    "penguin",   "pumpkin",    "trumpet",   "kangaroo",
    "flamingo",  "tortoise",   "dolphin",   "raspberry", "blueberry",  "umbrella",  "lantern",
    "compass",   "butterfly",  "sunflower", "beaver",    "dragonfly",  "eggplant",  "artichoke",
    "cucumber",  "grapefruit", "apricot",   "hazelnut",  "accordion",  "clarinet",  "harmonica",
    "xylophone", "trampoline", "pajamas",   "hourglass", "tambourine", "lavender",  "chamomile",
    "pistachio", "rhubarb",    "walrus",    "hedgehog",  "platypus",   "marmalade", "porcupine",
    "seahorse",  "pelican",    "raccoon",   "marigold",  "gherkin",    "toboggan",
};

const char *const *vg_card_duress_words(const char *lang, size_t *n)
{
    if (lang && !strncmp(lang, "en", 2)) {
        *n = sizeof duress_words_en / sizeof duress_words_en[0];
        return duress_words_en;
    }
    *n = sizeof duress_words_fr / sizeof duress_words_fr[0];
    return duress_words_fr;
}

/* Edits (insert, delete, substitute, swap two neighbours) from a to b,
 * both at most WORD_MAX letters. */
int vg_card_word_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    int d[WORD_MAX + 1][WORD_MAX + 1];
    if (la > WORD_MAX || lb > WORD_MAX)
        return WORD_MAX;
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[la][lb];
}

int vg_card_duress_word_check(char out[VG_CARD_WORD_MAX + 1], const char *word)
{
    char w[WORD_MAX + 1], acc[WORD_MAX + 1];
    size_t len = strlen(word), i = 0, ws, wl;
    int n, st;
    out[0] = '\0';
    if (len > 4 * WORD_MAX || !vg_utf8_valid(word, len) || !next_word(word, len, &i, &ws, &wl) ||
        ws != 0 || wl != len)
        return vg_error_set(VG_EINVALID, "%s", _("the duress word must be one word of letters"));
    n = fold_word(word, len, w, acc);
    if (n < VG_CARD_WORD_MIN || n > VG_CARD_WORD_MAX || strchr(w, '?'))
        return vg_error_set(VG_EINVALID, _("the duress word must have %d to %d Latin letters"),
                            VG_CARD_WORD_MIN, VG_CARD_WORD_MAX);
    if (classify(w, acc, &st) != W_NONE || filler(w))
        return vg_error_set(VG_EINVALID, "%s",
                            _("the duress word cannot be a status word, nor a form of one"));
    for (size_t k = 0; k < vg_card_nwords; k++) {
        char pw[WORD_MAX + 1], pacc[WORD_MAX + 1];
        fold_word(vg_card_words[k].word, strlen(vg_card_words[k].word), pw, pacc);
        if (vg_card_word_distance(w, pw) < 3)
            return vg_error_set(VG_EINVALID,
                                _("the duress word is too close to the status word \"%s\""),
                                vg_card_words[k].word);
    }
    memcpy(out, w, (size_t)n + 1);
    return VG_OK;
}

/* Find the word (see vg_card_msg_has_word); with `blank`, overwrite every
 * place it is found with spaces. How many times it was found. */
static size_t find_word(char *text, const char *word, int blank)
{
    size_t scan = strnlen(text, SCAN_MAX), i = 0, ws, wl, len = strlen(word), found = 0;
    int slack = len >= 6 ? 1 : 0;
    if (len < VG_CARD_WORD_MIN)
        return 0;
    while (next_word(text, scan, &i, &ws, &wl)) {
        char w[WORD_MAX + 1], acc[WORD_MAX + 1];
        int n = fold_word(text + ws, wl, w, acc);
        if (n < 0 || (size_t)n + (size_t)slack < len || (size_t)n > len + (size_t)slack)
            continue;
        if (!strcmp(w, word) || (slack && vg_card_word_distance(w, word) <= slack)) {
            found++;
            if (!blank)
                return found;
            memset(text + ws, ' ', wl);
            /* and the comma that joined it: "Cali, girafe" reads "Cali" */
            for (size_t k = ws; k > 0 && strchr(" ,;:-", text[k - 1]); k--)
                if (text[k - 1] != ' ') {
                    text[k - 1] = ' ';
                    break;
                }
        }
    }
    return found;
}

int vg_card_msg_has_word(const char *text, const char *word)
{
    return find_word((char *)(uintptr_t)text, word, 0) > 0;
}

void vg_card_msg_blank_word(char *text, const char *word)
{
    find_word(text, word, 1);
}
