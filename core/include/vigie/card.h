/* vigie/card.h: check-in cards, one-time codes on paper.
 *
 * A card is a numbered list of 6-digit codes that proves a plain SMS,
 * WhatsApp or Signal message, or a call, came from the participant and not
 * from whoever holds their phone. The codes are computed, never stored:
 * the HOTP construction of RFC 4226 (dynamic truncation) over HMAC-SHA-256,
 * as RFC 6238 allows, keyed with a subkey of a 32-byte card secret kept in
 * the store. A few positions of the card hold duress codes, from another
 * subkey of the same secret: they look like any other code, the card does
 * not mark them, and only the participant (told once, in person) and the
 * store know where they are. */
#ifndef VIGIE_CARD_H
#define VIGIE_CARD_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/checkin.h>
#include <vigie/delegation.h>
#include <vigie/paper.h>
#include <vigie/participant.h>
#include <vigie/secret.h>
#include <vigie/store.h>

#define VG_CARD_SECRET_BYTES  32
#define VG_CARD_DIGITS        6
#define VG_CARD_WINDOW        5  /* unused codes accepted ahead */
#define VG_CARD_CODES_DEFAULT 40 /* check-in codes on a card */
#define VG_CARD_CODES_MIN     5
#define VG_CARD_CODES_MAX     120
#define VG_CARD_DURESS        3 /* duress codes mixed in */
#define VG_CARD_GUESSES_ALERT 3 /* wrong codes in a row before an alert */

/* RFC 4226 §5.3 over HMAC-SHA-256: the dynamic truncation of
 * HMAC-SHA-256(key, counter as 8 bytes big-endian), modulo 10^digits
 * (digits 1..9). With RFC 6238's SHA-256 seed and counter floor(T / 30) it
 * gives the 8-digit values of RFC 6238 Appendix B. */
uint32_t vg_hotp_sha256(const unsigned char *key, size_t keylen, uint64_t counter, int digits);

/* Where the codes are on a card: positions 0 .. ncodes + nduress - 1 (shown
 * from 1), nduress of them duress codes. */
typedef struct {
    uint32_t ncodes;
    uint32_t nduress;
    uint32_t duress_pos[VG_CARD_DURESS]; /* 0-based, increasing */
} vg_card_layout;

/* Positions on the card, duress ones included. */
uint32_t vg_card_positions(const vg_card_layout *l);
/* 1 if position `pos` holds a duress code. */
int vg_card_is_duress(const vg_card_layout *l, uint32_t pos);

/* The code at position `pos` (0-based): HOTP with the check-in subkey, or
 * with the duress subkey at a duress position. Subkeys: crypto_kdf (BLAKE2b)
 * of the secret, context "vgcard01", ids 1 (check-in) and 2 (duress). */
int vg_card_code(uint32_t *out, const vg_secret *secret, const vg_card_layout *l, uint32_t pos);

/* A new card: a random secret and random duress positions (never the first
 * position), drawn again until every code on the card differs from every
 * other. `ncodes` between VG_CARD_CODES_MIN and VG_CARD_CODES_MAX. */
int vg_card_generate(vg_secret **secret_out, vg_card_layout *l, uint32_t ncodes);

/* Duress positions as text for the store ("6,18,30"), and back into a
 * layout whose ncodes and nduress are set (VG_EINTEGRITY unless there are
 * nduress of them, increasing and inside the card). */
void vg_card_positions_format(char out[64], const vg_card_layout *l);
int vg_card_positions_parse(vg_card_layout *l, const char *text);

/* The status words, one table for the reader and the printed card: the
 * word as printed (upper case, with its accents), its status, its language
 * ("fr", "en", "es", "ht", or "" for all) and whether the card prints it. */
typedef struct {
    const char *word;
    vg_checkin_status status;
    const char *lang;
    int printed;
} vg_card_word;
extern const vg_card_word vg_card_words[];
extern const size_t vg_card_nwords;

/* Why a message is to be reviewed by a person. */
enum {
    VG_CARD_REVIEW_FORM = 1,     /* another form of a word of distress ("aidé") */
    VG_CARD_REVIEW_NEGATION = 2, /* "pas besoin d'aide", "not ok" */
    VG_CARD_REVIEW_QUESTION = 3, /* "help?" */
    VG_CARD_REVIEW_LONG = 4      /* too long to be read whole (64 KiB) */
};

/* A check-in message as typed: "OK 482913 Bogotá", "ok: 482 913 - Cali",
 * "Aide 482913 on est bloqués à Cúcuta", "ÈD 482-913". */
#define VG_CARD_REST_MAX   500
#define VG_CARD_REVIEW_MAX 120
typedef struct {
    int has_status; /* 0: no status word; taken as ok */
    vg_checkin_status status;
    int has_code;
    uint32_t code;                             /* the 6 digits as a number */
    char where[VG_CARD_REST_MAX + 1];          /* a short rest: the place */
    char note[VG_CARD_REST_MAX + 1];           /* a longer rest: a note */
    int review;                                /* words of distress did not set the status */
    int review_why;                            /* VG_CARD_REVIEW_... */
    char review_words[VG_CARD_REVIEW_MAX + 1]; /* those words as typed */
} vg_card_msg;

/* Read a message (any case, with or without accents). Every word of the
 * message is looked at, wherever it is: the status words of vg_card_words,
 * also written with dots or spaces ("S.O.S.", "s o s"); the most serious
 * one wins. A word of distress that does not set the status, because a
 * negation comes just before it in the same clause ("pas besoin d'aide",
 * "no hay peligro"), its clause is a question ("aide ?"), or it is another
 * form of the word ("aidé", "urgente"), and that is more serious than the
 * status read, sets `review`: a person must read the message ("pas ok" is
 * such a word). The code is the first group of six digits, written
 * together or split by single spaces, dashes or dots, not part of a longer
 * number (a phone number). The rest after the code (after a status word
 * right after it), trimmed, is the place when it is at most 4 words and 48
 * bytes, else the note. The code, place and note are read from the first
 * 2000 bytes; status words from the first 64 KiB (a longer message is
 * reviewed). VG_EINVALID when there is no code. */
int vg_card_msg_parse(vg_card_msg *out, const char *text);

/* The organisation's side: the store (module "field", table field_card).
 * Each function runs inside the caller's transaction and audits without
 * personal data; the card's codes never leave the store except on the card
 * itself. */

typedef struct {
    int64_t card_id;
    int64_t participant_id;
    int64_t issued;
    uint32_t ncodes;       /* check-in codes on the card (duress ones apart) */
    uint32_t left;         /* check-in codes not used nor skipped */
    uint32_t wrong_streak; /* wrong codes in a row */
} vg_card_info;

/* How the card is written: a plain-text page, or a PDF whose pages are
 * the card itself (85.6 x 54 mm, the size of a bank card: the front and its
 * back side by side to cut out and fold) followed by a `sheet` (A4 or
 * Letter) that holds them all, with cut marks and fold lines. */
typedef struct {
    int pdf;
    vg_paper_size sheet;
} vg_card_format;

/* Issue a new card for participant `p` of delegation `slug` (revoking the
 * previous one) and write it to `path` in `fmt` (NULL: plain text); its
 * emergency numbers come from the country guide (the store's, else
 * `data_dir`'s, in `lang`), the organisation and the delegation's contacts
 * (0600, atomically; VG_EEXISTS if the file exists and replace is 0).
 * Audits "card.export". *info gets the card; duress_out (may be NULL) the
 * duress positions as the card numbers them ("7, 19, 31"), to be told to
 * the participant in person: the card does not mark them. When the caller
 * cannot commit afterwards, it removes the file. */
int vg_card_export(vg_store *st, const char *slug, const vg_participant *p, uint32_t ncodes,
                   const char *data_dir, const char *lang, const char *path, int replace,
                   const vg_card_format *fmt, vg_card_info *info, char duress_out[64]);

/* Revoke the participant's current card without a new one (a lost card):
 * its codes are refused from then on. Audited ("card.revoke"). VG_ENOTFOUND
 * when they have none. */
int vg_card_revoke(vg_store *st, const char *slug, const vg_participant *p);

/* The participant's current card. VG_ENOTFOUND when they have none. */
int vg_card_get(vg_store *st, int64_t participant_id, vg_card_info *out);

/* How many check-in codes the rest of delegation `slug` needs from today
 * (vg_now(), in the delegation's zone) to its last day: one per daily
 * check-in of its plan, at least one a day; the whole delegation before it
 * starts, 0 after it ends. */
int vg_card_needed(vg_store *st, const char *slug, uint32_t *out);

/* The duress positions of the participant's current card, as the card
 * numbers them; audited ("card.reveal"). */
int vg_card_reveal(vg_store *st, const char *slug, const vg_participant *p, char out[64]);

#define VG_CARD_CANDIDATES_MAX 8
typedef struct {
    vg_card_msg msg; /* the message as read */
    int logged;
    int fatal;              /* a write failed half-way: roll back */
    int64_t participant_id; /* who the code belongs to, when known */
    int64_t checkin_id;
    int duress;     /* for the coordinator's eyes only */
    int alert_only; /* a duress code of a revoked card, or used already:
                     * its alert was raised (`reflagged`: an open one
                     * flagged again), no check-in logged: commit */
    int reflagged;
    uint32_t left;         /* check-in codes left on that card */
    uint32_t wrong_streak; /* after a wrong code: how many in a row */
    int counted;           /* the wrong code was counted for participant_id */
    int guessing_alert;    /* this wrong code opened a guessing alert */
    size_t ncandidates;    /* several cards hold the code */
    int64_t candidates[VG_CARD_CANDIDATES_MAX];
} vg_card_result;

/* Check a pasted message against the cards of delegation `slug` (or only
 * participant_id's card when it is not 0) and log it (source "card", time
 * `at`, channel `via` may be NULL). The code must be among the next
 * VG_CARD_WINDOW unused check-in codes of a card, or one of its duress
 * codes (valid at any time, once). A check-in code is used up with every
 * earlier one. A duress code always raises its alert: one of a revoked or
 * replaced card, or one used already, opens a duress alert (or flags the
 * open one again) without logging a check-in (r->alert_only; the result is
 * then VG_EINTEGRITY or VG_EREPLAY). Returns:
 *   VG_OK          logged; a duress code also opens a duress alert
 *   VG_EINVALID    no code in the message, or the code is among the next
 *                  codes of several cards (r->candidates: ask who sent it)
 *   VG_EREPLAY     a code used (or skipped) already: nothing counted
 *   VG_EINTEGRITY  a code of a card that a newer one replaced: counted
 *   VG_EAUTH       a wrong code: counted for the participant when known
 *                  (participant_id, or the only card that could be meant);
 *                  each VG_CARD_GUESSES_ALERT wrong codes in a row open a
 *                  VG_ALERT_GUESSING alert
 * Counting a wrong code is a write: commit even when the result is not
 * VG_OK (unless r->fatal). */
int vg_card_check(vg_store *st, const char *slug, const char *text, int64_t participant_id,
                  int64_t at, const char *via, vg_card_result *r);

#endif
