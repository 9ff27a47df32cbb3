/* vigie/participant.h: a delegation's participants, their emergency
 * profile (one table of fields drives the options, the profiles and the
 * import), proof of life, the retention purge, and the CSV import.
 *
 * Participants are named in commands by their name: case- and
 * accent-insensitive, a unique prefix is enough. Every function that changes
 * data runs inside the caller's transaction and appends an audit entry that
 * holds no personal data (ids and slugs only). */
#ifndef VIGIE_PARTICIPANT_H
#define VIGIE_PARTICIPANT_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/secret.h>
#include <vigie/store.h>

/* The emergency profile's fields, in the order forms and exports show them.
 * Each field has a key (the --option and JSON name), a type that decides its
 * validation and normal form, and the export profiles that may show it. */
typedef enum {
    VG_PF_NAME,
    VG_PF_ROLE,
    VG_PF_PRONOUNS,
    VG_PF_BIRTH_DATE,
    VG_PF_CITIZENSHIPS,
    VG_PF_LANGUAGES,
    VG_PF_EMAIL,
    VG_PF_PHONE,
    VG_PF_PASSPORT_NUMBER,
    VG_PF_PASSPORT_ISSUE,
    VG_PF_PASSPORT_EXPIRY,
    VG_PF_KIN1_NAME,
    VG_PF_KIN1_RELATION,
    VG_PF_KIN1_PHONE,
    VG_PF_KIN2_NAME,
    VG_PF_KIN2_RELATION,
    VG_PF_KIN2_PHONE,
    VG_PF_MEDICAL_RECIPIENT, /* who may receive medical information */
    VG_PF_BLOOD_GROUP,
    VG_PF_ALLERGIES,
    VG_PF_CONDITIONS,
    VG_PF_MEDICATION,
    VG_PF_INSURER,
    VG_PF_POLICY_NUMBER,
    VG_PF_ASSISTANCE_PHONE, /* the insurer's 24/7 assistance number */
    VG_PF_MEDEVAC,          /* medical evacuation covered: yes/no */
    VG_PF_ROCA,             /* Registration of Canadians Abroad: date registered */
    VG_PF_ITINERARY,
    VG_PF_LOCAL_ADDRESS,
    VG_PF_LOCAL_SIM, /* local phone number */
    VG_PF_CONSENT_DATE,
    VG_PF_RETENTION_DATE, /* personal fields are purged after this day */
    VG_PF_NOTES,
    VG_PF_COUNT
} vg_pfield;

typedef enum {
    VG_FT_TEXT,
    VG_FT_DATE,  /* stored "YYYY-MM-DD"; accepts DD/MM/YYYY too */
    VG_FT_PHONE, /* stored in international form "+1 418 555 0102" */
    VG_FT_EMAIL,
    VG_FT_YESNO, /* "yes" or "no"; accepts oui/non, y/n, 1/0 */
    VG_FT_BLOOD  /* O+, O-, A+, A-, B+, B-, AB+, AB- */
} vg_ftype;

/* Export profiles (issue 7): which fields each may show. */
#define VG_PROFILE_BOARD       1u /* no personal data at all */
#define VG_PROFILE_TEAM        2u /* the team lead in the field */
#define VG_PROFILE_COORDINATOR 4u /* everything but proof of life */

typedef struct {
    vg_pfield id;
    const char *key; /* "passport_expiry" */
    vg_ftype type;
    int personal;      /* erased by purge */
    unsigned profiles; /* VG_PROFILE_* bits that may show it */
    const char *label; /* N_("Passport expiry"), translate with _() */
} vg_pfield_info;

/* The VG_PF_COUNT fields, indexed by vg_pfield. */
const vg_pfield_info *vg_participant_fields(void);
/* The field whose key is `key`, or NULL. */
const vg_pfield_info *vg_participant_field(const char *key);
/* Check and normalise one value (phone to international form, dates to
 * YYYY-MM-DD, e-mail checked, yes/no and blood group normalised, white
 * space trimmed). *out is a new string, or NULL when `in` is empty or only
 * white space (the field is cleared). VG_EINVALID with a message naming the
 * problem ("\"+57 12\" is too short for a Colombian number"). A phone
 * number without a country code is read as North American (+1). */
int vg_field_normalise(vg_pfield f, const char *in, char **out);
/* The same in a delegation going to `country` (may be NULL): a local SIM
 * number without a country code may be that country's too (one valid in
 * both is refused as ambiguous, see vg_phone_normalise in util/phone.h). */
int vg_field_normalise_for(vg_pfield f, const char *in, const char *country, char **out);

/* A participant owns its strings (malloc'd; vg_participant_free wipes and
 * frees them). add and update replace them with their normal forms. */
typedef struct {
    int64_t id;
    int64_t delegation_id;
    char *v[VG_PF_COUNT]; /* NULL when unset; all normalised */
    int has_pol;          /* proof of life is set (never loaded here) */
    int purged;           /* personal fields erased by purge */
} vg_participant;

/* The largest fields file vg_participant_fields_read takes. */
#define VG_FIELDS_FILE_MAX (1024 * 1024)

/* Fields given in a file or on standard input instead of the command line
 * (`--from-file F`), since every local account can read a command's
 * arguments while it runs and shells keep them in their history (review
 * finding 15). `text` (len bytes, at most VG_FIELDS_FILE_MAX, no NUL) holds
 * "key: value" lines, the key a field's key or its option name
 * (passport_number or passport-number; "=" works as well as ":"); blank
 * lines and lines starting with '#' are skipped; a line starting with a
 * space or a tab continues the value above on a new line (notes,
 * itinerary). Each field given replaces p->v[i] (not normalised yet) and
 * sets given[i]. VG_EINVALID names the line: an unknown field, a field
 * given twice, a line without a key. */
int vg_participant_fields_read(vg_participant *p, const char *text, size_t len,
                               unsigned char given[VG_PF_COUNT]);

/* Add to delegation `slug`; every set field is normalised first (a bad one
 * gives VG_EINVALID, the message starting with the field's name). The name
 * is required and unique in the delegation (case- and accent-insensitive;
 * VG_EEXISTS). An unset retention date gets the default: the delegation's
 * end plus the retention.months setting. p->id is set. */
int vg_participant_add(vg_store *st, const char *slug, vg_participant *p);
/* Find by name: exact match first, else a unique prefix, ignoring case and
 * accents. VG_ENOTFOUND; VG_EINVALID when ambiguous, the message listing
 * the candidates. */
int vg_participant_find(vg_store *st, const char *slug, const char *name, vg_participant **out);
/* In delegation order of addition. */
int vg_participant_list(vg_store *st, const char *slug, vg_participant ***out, size_t *n);
/* Save every field of `p` (got from find or list), normalised as in add;
 * the audit entry names the fields that changed. A cleared retention date
 * goes back to the default. VG_EINVALID for a purged participant. */
int vg_participant_update(vg_store *st, vg_participant *p);
int vg_participant_remove(vg_store *st, vg_participant *p);
void vg_participant_free(vg_participant *p);
void vg_participant_list_free(vg_participant **list, size_t n);

/* Proof of life: 3 to 5 question-and-answer pairs the person wrote, held by
 * the organisation only. The answers are secrets: in memory only in a
 * vg_secret, in the store sealed with XChaCha20-Poly1305 under a key derived
 * from the data key (bound to the participant and the pair's number), never
 * loaded with the profile, never exported. */
#define VG_POL_MIN 3
#define VG_POL_MAX 5
typedef struct {
    char *question;
    vg_secret *answer;
} vg_pol_pair;

/* Replace the participant's pairs. VG_EINVALID for fewer than 3 or more
 * than 5 pairs, an empty question or answer, a question over 300 characters
 * or an answer over 200. Audited ("participant.pol_set", the count only). */
int vg_pol_set(vg_store *st, const vg_participant *p, const vg_pol_pair *pairs, size_t n);
/* Reveal the pairs, in a transaction of its own (call it outside one).
 * `pass` must open a passphrase slot of this store's key file, even when the
 * store was unlocked from the cache: VG_EAUTH otherwise, and the refused
 * attempt is audited ("participant.pol_reveal_refused") and committed. On
 * success the reveal is audited ("participant.pol_reveal") and committed
 * before the pairs are returned, so nothing is shown that the audit log
 * does not hold. VG_ENOTFOUND if no proof of life is set. Free with
 * vg_pol_free. */
int vg_pol_reveal(vg_store *st, const vg_participant *p, const vg_secret *pass, vg_pol_pair **out,
                  size_t *n);
/* Wipes the answers (and the questions) and frees. NULL is accepted. */
void vg_pol_free(vg_pol_pair *pairs, size_t n);

/* Privacy: participants whose retention date has passed. */
typedef struct {
    char slug[VG_SLUG_MAX + 1];
    int64_t participant_id;
    char *name;         /* the name as it was before the purge */
    char retention[16]; /* "YYYY-MM-DD" */
} vg_purge_item;
/* Every participant not yet purged whose retention date is before `today`
 * (a day number): with dry_run 0, erase their personal fields (the fields
 * marked personal, the name key and the proof of life; secure_delete
 * overwrites the freed space), keep the row with its id, delegation, role,
 * consent and retention dates so that anonymous history (counts, check-in
 * times) stays, and clear the team lead's name of a delegation left with no
 * unpurged participant. One audit entry per participant and one summary,
 * none with a name. With dry_run 1 nothing changes. *out lists them (free
 * with vg_purge_free). */
int vg_purge_expired(vg_store *st, int32_t today, int dry_run, vg_purge_item **out, size_t *n);
void vg_purge_free(vg_purge_item *items, size_t n);

/* The import: participants from the spreadsheets coordinators keep.
 *
 * A CSV saved by Excel or LibreOffice, in French or English: comma,
 * semicolon or tab (detected), UTF-8 with or without a byte-order mark
 * (else read as Windows-1252, what Excel's plain "CSV" writes), CRLF or LF,
 * quoted cells holding delimiters, quotes and newlines. Column headers are
 * matched ignoring case, accents, spaces and punctuation, against the names
 * in delegation/import.c (Nom complet, Courriel, Téléphone, Passeport...), every
 * field key ("passport_expiry") and every field label in French and English.
 * Other headers are read word by word, as coordinators write them
 * ("Tél. contact d’urgence", "No passeport", "Lien", "Assurance voyage",
 * "Fonction"); a header that is none of these but looks like a field
 * ("Telphone", "Nom du contact") is an error on line 1 until --map says
 * what it is or to ignore it. First name + last name columns make the
 * name. The import is all or nothing: every bad row is named by its line
 * in the file. */
typedef struct {
    size_t rows;    /* participant rows read (blank rows skipped) */
    size_t added;   /* written: 0 on a dry run or when any row is bad */
    char delimiter; /* ',', ';' or '\t' */
    int cp1252;     /* the file was not UTF-8: read as Windows-1252 */
    char **columns; /* "Nom complet -> name", one per column used */
    size_t ncolumns;
    char **ignored; /* one line per column ignored, with the reason */
    size_t nignored;
    char **errors;       /* "participants.csv:5: passport expiry \"2030-02-30\" is not a date" */
    size_t nerrors;      /* in `errors`: all of them, up to 1000 */
    size_t errors_total; /* all of them, beyond 1000 too */
    char **empty;        /* keys of the profile fields that no row fills */
    size_t nempty;
    /* --update: rows matched to a participant by name (case and accents
     * ignored), counted on a dry run too */
    size_t to_add;    /* rows naming no participant: added */
    size_t updated;   /* participants whose fields the file changes */
    size_t unchanged; /* participants the file names with nothing new */
    char **changes;   /* "participants.csv:3: Marie Côté: phone: +1 ... -> +1 ..." */
    size_t nchanges;
} vg_import_report;

/* Flags of vg_participant_import_ex. */
#define VG_IMPORT_DRY_RUN 1u /* check and report; write nothing */
#define VG_IMPORT_UPDATE  2u /* a row naming a participant updates them */

/* Import `path` (named `shown` in messages, such as the path the user typed)
 * into delegation `slug`, in the caller's transaction. `maps` are
 * "Column=field" overrides: field is a field key, first_name, last_name or
 * ignore. Every cell is normalised as vg_participant_add does; names must
 * be new to the delegation and unique in the file. Returns VG_OK (rows
 * added unless dry_run), VG_EINVALID when any row is bad (report->errors
 * lists them all; nothing was written), or another code for a file that
 * cannot be read (the message says why). Free the report with
 * vg_import_report_free. */
int vg_participant_import(vg_store *st, const char *slug, const char *path, const char *shown,
                          const char *const *maps, size_t nmaps, int dry_run,
                          vg_import_report *report);
void vg_import_report_free(vg_import_report *report);
/* The same with flags. With VG_IMPORT_UPDATE, a row whose name is a
 * participant's (the stable key: the name, case and accents ignored)
 * updates that participant: each field the file has a column for and the
 * row fills replaces the stored one (an empty cell keeps it; the name's
 * spelling is kept), every change listed field by field in
 * report->changes; other rows are added. Refused (VG_EINVALID, nothing
 * written) when a match is ambiguous: a row named twice in the file, or a
 * row whose passport number or e-mail is another participant's (a person
 * renamed in the sheet: rename them first with 'participant edit'). All or
 * nothing, in the caller's transaction; each updated participant is
 * audited as 'participant edit' is (the fields' names, not their values). */
int vg_participant_import_ex(vg_store *st, const char *slug, const char *path, const char *shown,
                             const char *const *maps, size_t nmaps, unsigned flags,
                             vg_import_report *report);
int vg_participant_import_buffer_ex(vg_store *st, const char *slug, const unsigned char *buf,
                                    size_t len, const char *shown, const char *const *maps,
                                    size_t nmaps, unsigned flags, vg_import_report *report);

/* The same in two steps, so that a large file is read and validated
 * outside any write transaction and never holds up other commands (a
 * check-in) while it is (issue 12): _check reads `path` and validates every
 * row, reading the store but writing nothing (call it outside a
 * transaction); on VG_OK *plan (when not NULL) holds the rows, ready for
 * _write, which writes them in the caller's transaction after checking
 * again what another command may have changed meanwhile (the delegation,
 * names taken: VG_EINVALID with the report's errors, nothing written). */
typedef struct vg_import_plan vg_import_plan;
int vg_participant_import_check(vg_store *st, const char *slug, const char *path, const char *shown,
                                const char *const *maps, size_t nmaps, unsigned flags,
                                vg_import_report *report, vg_import_plan **plan);
int vg_participant_import_write(vg_store *st, vg_import_plan *plan, vg_import_report *report);
void vg_import_plan_free(vg_import_plan *plan);

/* The same from bytes in memory (for tests and the fuzz harness). */
int vg_participant_import_buffer(vg_store *st, const char *slug, const unsigned char *buf,
                                 size_t len, const char *shown, const char *const *maps,
                                 size_t nmaps, int dry_run, vg_import_report *report);

/* Which field a column header names, for `participant import --help` and
 * the tests: a field key, "first_name", "last_name", or NULL. `has_first`
 * says whether the file also has a first-name column ("Nom" is then the
 * last name). */
const char *vg_import_header_field(const char *header, int has_first);

#endif
