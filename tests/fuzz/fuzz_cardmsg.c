/* Fuzz the check-in card message reader (text pasted by the coordinator
 * from an SMS or a chat): any bytes must be read or refused, never crash,
 * what is read stays within bounds, and the invariant of issue 12 holds: a
 * message that contains a word of distress of the card's table (help or
 * emergency, in any of its languages) as a word of plain ASCII letters is
 * never read as a plain "ok": its status is help or emergency, or it is
 * flagged for review. The word is found here by a simpler reader of its
 * own (ASCII letters between non-letters), independent of the parser.
 * The duress word (issue 12): a message with the word added as a word of
 * its own always holds it, and once blanked never does, nor does it leave
 * it in the place or the note. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <vigie/card.h>
#include <vigie/vigie.h>

static int ascii_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The table word folded to plain ASCII lower case, "" when it has letters
 * outside ASCII (its plain spelling is looked for instead: "ed" for ÈD). */
static void plain(const char *w, char *out, size_t cap)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)w; *p && o + 1 < cap; p++) {
        if (*p >= 'A' && *p <= 'Z')
            out[o++] = (char)(*p - 'A' + 'a');
        else if (*p == 0xc3 && p[1]) { /* Latin-1 letter: È, Ú... */
            unsigned char c = p[1];
            p++;
            out[o++] = (c == 0x88 || c == 0xa8) ? 'e' : (c == 0x9a || c == 0xba) ? 'u' : '?';
        }
    }
    out[o] = '\0';
}

/* 1 if the first 2000 bytes of text hold a word of distress of the table,
 * standing alone between characters that are neither letters nor part of
 * a UTF-8 sequence. */
static int has_distress_word(const char *text, size_t len)
{
    if (len > 2000)
        len = 2000;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        if (!ascii_letter((unsigned char)text[i]) ||
            (i > 0 && (unsigned char)text[i - 1] >= 0x80)) {
            i++;
            continue;
        }
        while (j < len && ascii_letter((unsigned char)text[j]))
            j++;
        if ((i == 0 || !ascii_letter((unsigned char)text[i - 1])) &&
            (j == len || (unsigned char)text[j] < 0x80)) {
            for (size_t k = 0; k < vg_card_nwords; k++) {
                char w[64];
                if (vg_card_words[k].status == VG_CHECKIN_OK)
                    continue;
                plain(vg_card_words[k].word, w, sizeof w);
                if (strlen(w) == j - i && !strncasecmp(w, text + i, j - i))
                    return 1;
            }
        }
        i = j;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    char *text = malloc(size + 1);
    vg_card_msg m;
    if (!ready)
        ready = vg_init() == 0;
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (vg_card_msg_parse(&m, text) == 0) {
        if (!m.has_code || m.code > 999999 || strlen(m.where) > VG_CARD_REST_MAX ||
            strlen(m.note) > VG_CARD_REST_MAX || (m.where[0] && m.note[0]) ||
            (unsigned)m.status > VG_CHECKIN_EMERGENCY ||
            strlen(m.review_words) > VG_CARD_REVIEW_MAX)
            abort();
        for (const unsigned char *p = (const unsigned char *)m.note; *p; p++)
            if (*p < 0x20 || *p == 0x7f)
                abort();
        /* the invariant: a word of distress is never a silent ok */
        if (m.status == VG_CHECKIN_OK && !m.review && has_distress_word(text, strlen(text)))
            abort();
    }
    /* the same invariant for a text without a code: the place and note of
     * a signed field code (issue 12) */
    {
        vg_card_msg t;
        vg_card_text_words(&t, text);
        if ((unsigned)t.status > VG_CHECKIN_EMERGENCY ||
            strlen(t.review_words) > VG_CARD_REVIEW_MAX ||
            (t.status == VG_CHECKIN_OK && !t.review && has_distress_word(text, strlen(text))))
            abort();
    }
    /* the duress word is never missed, and blanking it leaves nothing */
    if (size <= 4096) {
        static const char word[] = "girafe";
        char *with = malloc(size + sizeof word + 2);
        vg_card_msg w;
        if (with) {
            int ascii = 1;
            /* the text as C sees it ends at its first NUL */
            snprintf(with, size + sizeof word + 2, "%s %s", text, word);
            for (const unsigned char *p = (const unsigned char *)with; *p; p++)
                ascii &= *p < 0x80;
            if (!vg_card_msg_has_word(with, word))
                abort();
            vg_card_msg_blank_word(with, word);
            if (vg_card_msg_has_word(with, word))
                abort();
            /* (invalid bytes are dropped from a note: checked on ASCII) */
            if (ascii && vg_card_msg_parse(&w, with) == 0 &&
                (vg_card_msg_has_word(w.where, word) || vg_card_msg_has_word(w.note, word)))
                abort();
            free(with);
        }
    }
    free(text);
    return 0;
}
