/* vigie/field.h: field kits and signed check-in codes (DESIGN.md §3).
 *
 * A field kit is a small file a participant carries: their own Ed25519
 * signing key, the organisation's X25519 public key, an opaque participant
 * reference, the delegation's slug, dates, daily check-in times and
 * emergency numbers. It is encrypted with two slots, the participant's PIN
 * and a duress PIN: both open the same kit; each slot also holds a random
 * 16-byte mark, and every code carries the mark of the slot that opened the
 * kit. Only the organisation knows which mark means duress, so the duress
 * PIN changes nothing the participant, or whoever holds the kit and that
 * PIN, can see. Byte layouts: core/src/field/kit.c, core/src/field/code.c
 * and SECURITY.md.
 *
 * A check-in code is "VG1" followed by unpadded base64url (RFC 4648 §5) of
 * a message signed with the participant's key and sealed to the
 * organisation's key (crypto_box_seal): at most VG_CODE_MAX characters, two
 * SMS. Kits and codes need no store; the organisation's side (the public
 * keys, marks and last counter seen) lives in the store's "field" module. */
#ifndef VIGIE_FIELD_H
#define VIGIE_FIELD_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/checkin.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/store.h>
#include <vigie/secret.h>

#define VG_FIELD_REF_BYTES  8 /* opaque participant reference, random per kit */
#define VG_FIELD_MARK_BYTES 16
#define VG_KIT_PIN_MIN      6    /* characters */
#define VG_KIT_PLAN_MAX     12   /* daily check-in times (as vigie/checkin.h) */
#define VG_KIT_NUMBERS_MAX  12   /* emergency numbers */
#define VG_KIT_LABEL_MAX    64   /* bytes */
#define VG_KIT_NUMBER_MAX   32   /* bytes */
#define VG_KIT_TZ_MAX       64   /* bytes */
#define VG_KIT_FILE_MAX     4096 /* a kit file is never larger */

/* Argon2id cost of a kit slot, per derivation, stored in the slot.
 * VG_KDF_MODERATE (the default) is 4 passes over 256 MiB: about 0.85 s on a
 * 2-core Debian 12 machine, so that guessing a 6-digit PIN costs days of
 * computing (SECURITY.md has the figure). INTERACTIVE is libsodium's
 * (2 passes, 64 MiB) and only for tests; SENSITIVE is 4 passes over 1 GiB. */
#define VG_KIT_MODERATE_OPS 4
#define VG_KIT_MODERATE_MEM (256ULL << 20)

typedef struct {
    char label[VG_KIT_LABEL_MAX + 1];   /* "Police", "Ambassade du Canada" */
    char number[VG_KIT_NUMBER_MAX + 1]; /* "+57 601 657 9800", "123" */
} vg_kit_number;

/* What a kit says, readable once it is unlocked. No personal data: the
 * participant is an opaque reference, never a name. */
typedef struct {
    unsigned char ref[VG_FIELD_REF_BYTES];
    unsigned char org_box_pk[32]; /* crypto_box public key */
    char slug[VG_SLUG_MAX + 1];
    char country[3];            /* "CO", or "" */
    char tz[VG_KIT_TZ_MAX + 1]; /* IANA zone, or "" */
    int32_t start_day, end_day; /* days since 1970-01-01 */
    int64_t issued;             /* seconds since the epoch */
    uint32_t counter;           /* codes made so far; the next carries counter + 1 */
    size_t nplan;
    uint16_t plan[VG_KIT_PLAN_MAX]; /* daily check-ins, minutes after local midnight */
    size_t nnumbers;
    vg_kit_number numbers[VG_KIT_NUMBERS_MAX];
} vg_kit_info;

/* What the organisation keeps of a kit to check its codes. The marks tell a
 * code made after the PIN from one made after the duress PIN. */
typedef struct {
    unsigned char ref[VG_FIELD_REF_BYTES];
    unsigned char sign_pk[32]; /* Ed25519 public key */
    unsigned char mark_ok[VG_FIELD_MARK_BYTES];
    unsigned char mark_duress[VG_FIELD_MARK_BYTES];
} vg_kit_keys;

typedef struct vg_kit vg_kit;

/* A new kit from `info` (its ref and counter are ignored: a fresh random
 * reference is made and the counter starts at 0), with a new Ed25519 key
 * pair and two slots: `pin` and `duress_pin`, each at least VG_KIT_PIN_MIN
 * characters and different (VG_EINVALID otherwise). The slots are stored in
 * random order. *keys_out gets what the organisation keeps. The kit is
 * unlocked (as if by `pin`). Free with vg_kit_free. */
int vg_kit_create(vg_kit **out, vg_kit_keys *keys_out, const vg_kit_info *info,
                  const vg_secret *pin, const vg_secret *duress_pin, vg_kdf_cost cost);

/* Parse a kit file's bytes: structure, bounds and checksum (VG_EINTEGRITY
 * when damaged or not a kit). The kit is locked until vg_kit_unlock. */
int vg_kit_parse(vg_kit **out, const unsigned char *buf, size_t len);
/* Read and parse a file. VG_ENOTFOUND if it does not exist. */
int vg_kit_load(vg_kit **out, const char *path);

/* Unlock with a PIN: both slots are always derived, so the time taken does
 * not tell which one opened. VG_EAUTH when neither opens; VG_EINTEGRITY when
 * a slot opens but the contents were altered. */
int vg_kit_unlock(vg_kit *k, const vg_secret *pin);

/* The contents of an unlocked kit, or NULL while it is locked. */
const vg_kit_info *vg_kit_info_get(const vg_kit *k);

/* Serialise an unlocked kit (the body is encrypted again under a fresh
 * nonce; the slots are unchanged, so the file looks the same whichever PIN
 * opened it). The caller frees *out. */
int vg_kit_serialize(const vg_kit *k, unsigned char **out, size_t *out_len);
/* Serialise and write atomically, 0600. With replace 0, VG_EEXISTS if
 * `path` exists. */
int vg_kit_save(const vg_kit *k, const char *path, int replace);

/* Make the next check-in code: counter + 1, time `at`, the status, and an
 * optional place and note (NULL or ""), whose bytes together must fit in
 * VG_CODE_TEXT_MAX (VG_EINVALID otherwise; see vg_code_fit). The kit's
 * counter advances in memory: save the kit before showing the code, so that
 * a counter is never used twice. */
int vg_kit_make_code(vg_kit *k, char out[], size_t cap, vg_checkin_status status, const char *place,
                     const char *note, int64_t at);

void vg_kit_free(vg_kit *k);

/* Codes. */
#define VG_CODE_PREFIX    "VG1"
#define VG_CODE_MAX       306 /* characters, prefix included: two SMS */
#define VG_CODE_MIN       206 /* the shortest code: no place, no note */
#define VG_CODE_TEXT_MAX  75  /* bytes of place and note together */
#define VG_CODE_PLACE_MAX 40  /* bytes vg_code_fit keeps for the place first */

/* A check-in code's message. */
typedef struct {
    vg_checkin_status status;
    unsigned char ref[VG_FIELD_REF_BYTES];
    uint32_t delegation_tag; /* vg_code_delegation_tag(slug) */
    uint32_t counter;        /* 1, 2, 3...: strictly increasing per kit */
    int64_t at;              /* when the code was made (0 .. 2^32-1) */
    unsigned char mark[VG_FIELD_MARK_BYTES];
    char place[VG_CODE_TEXT_MAX + 1];
    char note[VG_CODE_TEXT_MAX + 1];
    /* Filled by vg_code_open, for vg_code_verify: the signed bytes. */
    unsigned char signed_msg[128];
    size_t signed_len;
    unsigned char sig[64];
} vg_code;

/* A short tag of the delegation's slug that codes carry instead of the slug. */
uint32_t vg_code_delegation_tag(const char *slug);

/* Shorten `place` (to VG_CODE_PLACE_MAX bytes, or less) and `note` in place,
 * at character boundaries, so that both fit in a code. *cut_place and
 * *cut_note (may be NULL) are set to 1 when that text was shortened.
 * VG_EINVALID when either holds a control character or invalid UTF-8. */
int vg_code_fit(char *place, char *note, int *cut_place, int *cut_note);

/* Sign `c` with the participant's Ed25519 secret key (64 bytes), seal it to
 * the organisation's box public key and encode it into `out` (at least
 * VG_CODE_MAX + 1 bytes). VG_EINVALID for a status, time or text out of
 * bounds. */
int vg_code_encode(char out[], size_t cap, const vg_code *c, const vg_secret *sign_sk,
                   const unsigned char org_box_pk[32]);

/* Decode and unseal a code with the organisation's box key pair, and parse
 * the message (bounded). The signature is not checked yet: the caller finds
 * the kit by c->ref, then calls vg_code_verify. VG_EINTEGRITY with a reason
 * ("too long", "cut short", "damaged or made for another organisation"...). */
int vg_code_open(vg_code *out, const char *text, size_t len, const unsigned char box_pk[32],
                 const vg_secret *box_sk);
/* VG_EINTEGRITY unless the signature is the kit's. */
int vg_code_verify(const vg_code *c, const unsigned char sign_pk[32]);

/* Find the next code in pasted text, from *pos (start at 0): "VG1" not
 * preceded by a base64url character, then base64url characters. A run
 * shorter than VG_CODE_MIN continues across white space with the next run
 * (a code split in two SMS). Writes the code (at most cap - 1 characters)
 * into out, NUL-terminated, advances *pos, and returns the code's full
 * length (which may exceed VG_CODE_MAX: a damaged code), or 0 when there is
 * no further code. */
size_t vg_code_scan(const char *text, size_t len, size_t *pos, char *out, size_t cap);

/* vg_code_scan, and for a code cut in two chat messages, each with the
 * sender's prefix ("[05/03/2025 08:01] Zoé Roy: ", "05/03/2025, 08:01 -
 * Zoé Roy: ", "Zoé Roy: "): when the run found is shorter than a code, the
 * base64url run that ends one of the next 3 lines (after its prefix) is
 * joined to it, and the join kept only when the sealed box opens with the
 * organisation's key (the store's). *half is set when the run is still
 * too short: "this looks like the first half of a code". */
size_t vg_code_scan_joined(struct vg_store *st, const char *text, size_t len, size_t *pos,
                           char *out, size_t cap, int *half);

/* The organisation's side: the store (module "field"). Each function runs
 * inside the caller's transaction and audits without personal data. */

/* Issue a kit for participant `p` of delegation `slug`: the delegation's
 * dates, zone and daily check-in times, its emergency numbers (the
 * organisation's 24/7 number, the country guide's emergency numbers and
 * embassy, from the store or `data_dir`, labels in `lang`, the delegation's
 * contacts except the accommodation, the security focal point, Canada's
 * Emergency Watch and Response Centre), the organisation's box key; record the kit's public
 * key and marks, revoking the participant's previous kit; audit
 * "kit.export". The caller writes *out (vg_kit_save) and frees it. */
int vg_kit_issue(vg_store *st, const char *slug, const vg_participant *p, const vg_secret *pin,
                 const vg_secret *duress_pin, vg_kdf_cost cost, const char *data_dir,
                 const char *lang, vg_kit **out);

/* Revoke the participant's current kit without a new one (a lost or stolen
 * kit): its codes are refused from then on. Audited ("kit.revoke").
 * VG_ENOTFOUND when they have none. */
int vg_kit_revoke(vg_store *st, const char *slug, const vg_participant *p);

typedef struct {
    int logged;             /* the check-in was logged */
    int fatal;              /* a write failed half-way: roll the batch back */
    int64_t participant_id; /* when the kit is known, else 0 */
    int64_t checkin_id;
    uint32_t counter;
    vg_checkin_status status;
    int64_t at;       /* the code's time, or the import time (clock_wrong) */
    int clock_wrong;  /* the phone's clock was far off: logged at import time */
    int duress;       /* for the coordinator's eyes only: a duress alert is open */
    int unknown_mark; /* the mark was neither slot's (also treated as duress) */
    int alert_only;   /* refused as a check-in (revoked kit, replayed, out of
                       * order), but its duress mark opened (or flagged again,
                       * `reflagged`) a duress alert: commit */
    int reflagged;
    int status_from_text;   /* a status word of the place or note was more
                             * serious than the code's status: `status` is it */
    int review;             /* words of distress in the place or note did not
                             * set the status: a "to review" alert is open */
    char review_words[121]; /* those words as written (card.h VG_CARD_REVIEW_MAX) */
    char place[VG_CODE_TEXT_MAX + 1];
    char note[VG_CODE_TEXT_MAX + 1];
} vg_import_result;

/* Check one code for delegation `slug` and log it as a check-in (source
 * "code"; a duress mark logs it as any other plus a duress alert). The
 * order is signature, then mark, then counter: a code that authenticates
 * and carries the duress mark (or a mark of neither slot) opens a duress
 * alert even when its kit was revoked or replaced, or its counter is old
 * (SMS out of order, a replay): only the check-in is refused
 * (r->alert_only; an alert open already is flagged again). Otherwise every
 * check comes before any write, so a refused code changes nothing:
 * VG_EINTEGRITY (damaged, forged, from another organisation, from a
 * replaced kit), VG_EREPLAY (a counter not newer than the last one
 * imported), VG_EINVALID (a good code for another delegation), each with
 * its reason in vg_error_last(). r->fatal is set when a write failed. */
int vg_field_import(vg_store *st, const char *slug, const char *code, size_t len,
                    vg_import_result *r);

#endif
