/* vigie/assessment.h: the yearly security self-assessment, its action plan,
 * its trend over the years and the board's sign-off.
 *
 * An assessment is named by its label ("2025", "2026-post-incident":
 * letters, digits, dots, dashes and underscores, at most VG_ASSESS_LABEL_MAX
 * bytes, starting with a letter or digit). It keeps a copy of the template
 * (vigie/grid.h) it was created with, byte for byte, so that editing the
 * template file later never changes a past assessment. Each item of the
 * template has at most one answer (a level, a note, evidence) and at most
 * one action (text, owner, due date).
 *
 * Sign-off: the board's sign-off is an Ed25519 signature with the
 * organisation's key (created by `vigie init`) over a canonical
 * serialisation of the template and every answer and action, with who,
 * which role and when; the serialisation is described byte by byte at the
 * top of core/src/assessment/assessment.c and in SECURITY.md. Once signed, an
 * assessment is locked: changes are refused (VG_EINVALID) until it is
 * reopened with vg_assessment_reopen, which records why. A reopened
 * assessment can change, and vg_assessment_verify then names every change
 * made since the signature, until the board signs it again. Every sign-off
 * stays verifiable.
 *
 * Every function that changes data runs inside the caller's transaction
 * and appends an audit entry without personal data (labels and item ids,
 * never names). Reading functions need no transaction. */
#ifndef VIGIE_ASSESSMENT_H
#define VIGIE_ASSESSMENT_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/grid.h>
#include <vigie/store.h>

#define VG_ASSESS_LABEL_MAX    48
#define VG_ASSESS_NOTE_MAX     2000      /* a note, in bytes */
#define VG_ASSESS_EVIDENCE_MAX 2000      /* evidence (documents, file paths), in bytes */
#define VG_ASSESS_ACTION_MAX   1000      /* an action's text, in bytes */
#define VG_ASSESS_NAME_MAX     200       /* an owner, a signer, a role, a reason */
#define VG_NO_DAY              INT32_MIN /* no date */
#define VG_SIGNOFF_CODE_LEN    25        /* "ABCD-EF01-2345-6789-ABCD" and its NUL */

typedef struct {
    int level;       /* 1..5, VG_LEVEL_NA, VG_LEVEL_UNKNOWN, or VG_LEVEL_UNANSWERED */
    char *note;      /* or NULL */
    char *evidence;  /* or NULL */
    int64_t updated; /* when last changed (seconds since the epoch), 0 when unanswered */
} vg_answer;

typedef struct {
    char *text;      /* NULL when no action is recorded for the item */
    char *owner;     /* or NULL */
    int32_t due;     /* day number (vg_date_format), or VG_NO_DAY */
    int64_t updated; /* 0 when none */
} vg_action;

typedef struct {
    int64_t id;
    char *by;   /* the signer's name, as given */
    char *role; /* "présidente du CA" */
    int64_t at; /* when it was signed (seconds since the epoch, UTC) */
    /* What the board writes in its minutes: the first 80 bits of
     * BLAKE2b-256(signature), as five groups of four hex digits. */
    char code[VG_SIGNOFF_CODE_LEN];
} vg_signoff;

/* What a listing shows, read without loading the template. */
typedef struct {
    int64_t id;
    char *label;
    int32_t day; /* the date the assessment refers to */
    int64_t created;
    char *grid_id; /* the template's id, version, language and title */
    char *grid_version;
    char *grid_lang;
    char *grid_title;
    char *grid_source; /* the file name it was loaded from (without folders) */
    size_t items;      /* items in its template */
    size_t answered;   /* items with an answer */
    size_t nsignoffs;
    int64_t last_signed_at; /* 0 when never signed */
    int locked;             /* signed, and not reopened since */
} vg_assessment_info;

typedef struct {
    vg_assessment_info info;
    char *grid_text; /* the template as stored, NUL-terminated */
    size_t grid_len;
    vg_grid *grid;        /* parsed from grid_text */
    vg_answer *answers;   /* grid->nitems entries: answers[i] is for grid->items[i] */
    vg_action *actions;   /* grid->nitems entries, the same way */
    vg_signoff *signoffs; /* oldest first */
    size_t nsignoffs;
    char *cursor;        /* item where the interactive walk resumes, or NULL */
    int64_t reopened_at; /* when it was last reopened after a sign-off, or 0 */
    char *reopen_reason; /* why, or NULL */
} vg_assessment;

/* ---- creating and reading ------------------------------------------ */

/* 1 if `label` is a valid label. */
int vg_assessment_label_valid(const char *label);

/* Create assessment `label` for day `day` (VG_NO_DAY: today, UTC) from the
 * template file `template_path`, validated and copied into the store.
 * VG_EEXISTS for a label in use, VG_EINVALID for a bad label or template
 * (the message is the template's "FILE:LINE:COL: ..." line), VG_ENOTFOUND
 * when the file does not exist. *grid_out (may be NULL) gets the parsed
 * template, for its notice and warnings; free it with vg_grid_free. */
int vg_assessment_create(vg_store *st, const char *label, int32_t day, const char *template_path,
                         vg_grid **grid_out);

/* Every assessment, by date, then creation. Free with vg_assessment_list_free. */
int vg_assessment_list(vg_store *st, vg_assessment_info **out, size_t *n);
void vg_assessment_list_free(vg_assessment_info *list, size_t n);

/* Load one assessment with its template, answers, actions and sign-offs.
 * VG_ENOTFOUND names the label; VG_EINTEGRITY if its stored template no
 * longer loads. Free with vg_assessment_free (NULL accepted). */
int vg_assessment_load(vg_store *st, const char *label, vg_assessment **out);
void vg_assessment_free(vg_assessment *a);

/* Normalise an item id as typed ("d3.2" -> "D3.2") and find it in the
 * assessment's template: its index in grid->items, or VG_EINVALID naming
 * the id and the template. */
int vg_assessment_item(const vg_assessment *a, const char *id, size_t *index_out);

/* VG_OK if the assessment can change; VG_EINVALID while a sign-off locks
 * it, the message saying who signed it off and how to reopen it. */
int vg_assessment_check_open(const vg_assessment *a);

/* 1 if item i belongs in the action plan: its level is below the
 * template's threshold, or unknown. N/A and unanswered items never do. */
int vg_assessment_needs_action(const vg_assessment *a, size_t i);

/* ---- changing ------------------------------------------------------ */

/* Answer item `item` with `level` (1..5, VG_LEVEL_NA, VG_LEVEL_UNKNOWN).
 * `note` and `evidence`: NULL keeps the current text, "" removes it.
 * Unknown item or level, text too long or with control characters, or a
 * locked assessment: VG_EINVALID. Nothing is written when nothing changes. */
int vg_assessment_answer(vg_store *st, const char *label, const char *item, int level,
                         const char *note, const char *evidence);

/* Set the action for `item`: `text`, `owner` and `due` ("YYYY-MM-DD" or
 * "DD/MM/YYYY") each NULL to keep, "" to remove (an action needs a text).
 * Any item may have an action; the plan lists those that need one. */
int vg_assessment_set_action(vg_store *st, const char *label, const char *item, const char *text,
                             const char *owner, const char *due);
/* Remove the action of `item`; VG_ENOTFOUND if it has none. */
int vg_assessment_remove_action(vg_store *st, const char *label, const char *item);

/* Where the interactive walk resumes (an item id, or NULL to start over).
 * Not audited: it is a bookmark, not part of the record. */
int vg_assessment_set_cursor(vg_store *st, const char *label, const char *item);

/* Remove an assessment that was never signed. A signed one is refused
 * (VG_EINVALID): the board's record is kept. */
int vg_assessment_remove(vg_store *st, const char *label);

/* ---- scores, plan and trend --------------------------------------- */

typedef struct {
    size_t total;    /* items */
    size_t answered; /* items with an answer, N/A included */
    size_t unanswered;
    size_t na;           /* not applicable: left out of every score */
    size_t unknown;      /* counted as level 0 */
    size_t counted;      /* answered and not N/A: what the mean and share count */
    size_t at_or_above;  /* counted items at the threshold or higher */
    size_t needs_action; /* counted items below the threshold, unknown included */
    double mean;         /* mean level of counted items (unknown = 0); 0 when counted == 0 */
    double share;        /* at_or_above / counted; 0 when counted == 0 */
} vg_score;

typedef struct {
    vg_score overall;
    vg_score *domains; /* grid->ndomains entries */
    size_t ndomains;
    size_t *weakest; /* indices of counted items, lowest level first (ties in grid order) */
    size_t nweakest;
    size_t *unanswered; /* indices of unanswered items, in grid order */
    size_t nunanswered;
} vg_scores;

int vg_assessment_score(const vg_assessment *a, vg_scores **out);
void vg_scores_free(vg_scores *s);

enum { VG_TREND_SAME = 0, VG_TREND_UP = 1, VG_TREND_DOWN = -1, VG_TREND_NONE = 2 };

typedef struct {
    const char *id;    /* domain id (points into one of the assessments) */
    const char *title; /* from the later assessment when it has the domain */
    int in_a, in_b;    /* present in each */
    vg_score a, b;
} vg_domain_trend;

typedef struct {
    const char *id;       /* item id */
    int level_a, level_b; /* VG_LEVEL_*; VG_LEVEL_UNANSWERED when absent too */
    int trend; /* VG_TREND_UP/DOWN/SAME, or NONE when N/A, unanswered or absent on a side */
} vg_item_trend;

typedef struct {
    int same_grid;            /* same template id and version: items compare exactly */
    vg_score a, b;            /* overall */
    vg_domain_trend *domains; /* b's domains in order, then a's that b lacks */
    size_t ndomains;
    vg_item_trend *items; /* b's items in order, then a's that b lacks */
    size_t nitems;
    size_t improved, regressed;
} vg_comparison;

/* Compare assessment `a` (earlier) with `b` (later), item by item id and
 * domain by domain id; unknown counts as 0. The result points into a and
 * b: free it with vg_comparison_free before them. */
int vg_assessment_compare(const vg_assessment *a, const vg_assessment *b, vg_comparison **out);
void vg_comparison_free(vg_comparison *c);

/* ---- sign-off ------------------------------------------------------ */

/* Sign the assessment as it stands with the organisation's Ed25519 key:
 * `by` and `role` name the board member (1 to VG_ASSESS_NAME_MAX bytes).
 * The assessment is then locked. An assessment with no answer is refused.
 * *out (may be NULL) gets the sign-off; free its strings with
 * vg_signoff_clear. */
int vg_assessment_sign(vg_store *st, const char *label, const char *by, const char *role,
                       vg_signoff *out);
void vg_signoff_clear(vg_signoff *s);

/* Unlock a signed assessment for changes, recording why (1 to
 * VG_ASSESS_NAME_MAX bytes). Its sign-offs stay; verify then reports what
 * changed after the last one. VG_EINVALID if it is not locked. */
int vg_assessment_reopen(vg_store *st, const char *label, const char *reason);

enum { VG_CHANGE_LABEL, VG_CHANGE_DATE, VG_CHANGE_TEMPLATE, VG_CHANGE_ANSWER, VG_CHANGE_ACTION };

typedef struct {
    int kind;     /* VG_CHANGE_* */
    char *item;   /* "D3.2", or NULL (label, date, the template as a whole) */
    char *field;  /* answer: "level", "note", "evidence"; action: "text", "owner", "due";
                     template: "title", "version", "notice", "threshold", "levels",
                     "domain", "text", "guidance", "evidence", "references", "items", or NULL */
    char *before; /* the signed value, or NULL when absent then */
    char *after;  /* the current value, or NULL when absent now */
} vg_change;

enum { VG_VERIFY_HOLDS = 0, VG_VERIFY_CHANGED = 1, VG_VERIFY_BAD_SIGNATURE = 2 };

typedef struct {
    int status;         /* VG_VERIFY_* */
    size_t bad;         /* with BAD_SIGNATURE: index of the first sign-off that fails */
    vg_change *changes; /* with CHANGED: every difference from the last signed version */
    size_t nchanges;
    vg_signoff *signoffs; /* every sign-off, oldest first (as vg_assessment's) */
    size_t nsignoffs;
    char
        key_fingerprint[VG_SIGNOFF_CODE_LEN]; /* the organisation's public signing key, shortened */
} vg_verification;

/* Check every sign-off of `label` against the organisation's public key,
 * then compare the assessment as it stands with the last signed version.
 * Works from the stored rows, so a template that no longer loads is
 * reported as a change, not an error.
 * Returns VG_OK when every signature holds and nothing changed;
 * VG_EINTEGRITY when a signature fails or something changed, with a
 * message naming it (and *out saying everything); VG_EINVALID when the
 * assessment was never signed; VG_ENOTFOUND. *out is set with VG_OK and
 * VG_EINTEGRITY; free it with vg_verification_free. */
int vg_assessment_verify(vg_store *st, const char *label, vg_verification **out);
void vg_verification_free(vg_verification *v);
/* One line, in the user's language, saying what a change is
 * ("item D3.2: level 2 -> 3"). */
void vg_change_describe(const vg_change *c, char *buf, size_t cap);

#endif
