/* vigie/guide.h: country guides (format "vigie-guide/1", country-guides/FORMAT.md).
 *
 * A guide is one UTF-8 text file per country and language: a YAML front
 * matter with the structured facts, then nine Markdown sections of prose.
 * Guides come from two places: the data folder (<data_dir>/country-guides/
 * <cc>.<lang>.md, shipped with Vigie) and the store (`vigie guide import`,
 * every version kept). An imported guide takes precedence over the data
 * folder's for the same country and language.
 *
 * Every string of a parsed guide lives as long as the vg_guide that holds
 * it; free the guide with vg_guide_free. Dates are days since 1970-01-01
 * (vg_date_format prints them). */
#ifndef VIGIE_GUIDE_H
#define VIGIE_GUIDE_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/contact.h>
#include <vigie/store.h>

/* The largest guide text read or imported. */
#define VG_GUIDE_MAX_BYTES (256 * 1024)

typedef enum { VG_FACT_VERIFIED = 0, VG_FACT_TO_CHECK = 1 } vg_fact_status;

typedef struct {
    const char *id; /* "gac-co" */
    const char *title;
    const char *url;
    int32_t seen; /* day */
} vg_guide_source;

/* Every fact carries its status and, when verified, the id of its source
 * (NULL when it has none). */
typedef struct {
    const char *name;
    int level; /* Canadian advisory level 1..4 */
    const char *wording;
    vg_fact_status status;
    const char *source;
    const char *note; /* or NULL */
    /* Exact coverage (FORMAT.md 4.2): the divisions or places wholly in
     * this area, the places of those divisions it leaves out, and the
     * divisions it lies partly in. Every name is a division or a place of
     * the guide's `divisions`. */
    const char *const *places;
    size_t nplaces;
    const char *const *except;
    size_t nexcept;
    const char *const *within;
    size_t nwithin;
} vg_guide_region;

/* A first-level division of the country (department, state) and the
 * places the guide knows in it (municipalities, cities, subregions). */
typedef struct {
    const char *name;
    const char *const *places;
    size_t nplaces;
} vg_guide_division;

typedef struct {
    int level;
    const char *wording; /* official wording in the guide's language */
    vg_fact_status status;
    const char *source;
    const vg_guide_region *regions;
    size_t nregions;
} vg_guide_advisory;

typedef struct {
    const char *zone; /* IANA name */
    const char *note; /* or NULL */
    vg_fact_status status;
    const char *source;
} vg_guide_zone;

typedef struct {
    const char *service;
    const char *number; /* as dialled in the country: "123", "+57 601 ..." */
    vg_fact_status status;
    const char *source;
} vg_guide_number;

typedef enum {
    VG_OFFICE_EMBASSY,
    VG_OFFICE_CONSULATE,
    VG_OFFICE_HONORARY_CONSULATE,
    VG_OFFICE_EWRC /* Canada's Emergency Watch and Response Centre */
} vg_office_kind;

typedef struct {
    vg_office_kind kind;
    const char *name;
    const char *city;
    const char *address; /* or NULL */
    const char *phone;   /* international form */
    const char *email;   /* or NULL */
    vg_fact_status status;
    const char *source;
} vg_guide_office;

typedef struct { /* an entry rule or a health fact */
    const char *text;
    vg_fact_status status;
    const char *source;
} vg_guide_item;

typedef struct {
    const char *category; /* a threat category key: "crime", "kidnapping"... */
    const char *description;
    const char *const *regions; /* none when country-wide */
    size_t nregions;
    int likelihood; /* 1..5 */
    int impact;     /* 1..5 */
    vg_fact_status status;
    const char *source;
} vg_guide_threat;

typedef struct {
    const char *local;   /* Spanish or Haitian Creole */
    const char *meaning; /* in the guide's language */
} vg_guide_phrase;

typedef struct {
    const char *name;
    const char *note;
    vg_fact_status status;
    const char *source;
} vg_guide_partner;

/* The nine sections of the body, in their fixed order. */
typedef enum {
    VG_SEC_OVERVIEW,
    VG_SEC_ADVISORY,
    VG_SEC_SECURITY,
    VG_SEC_HEALTH,
    VG_SEC_TRAVEL,
    VG_SEC_COMMUNICATIONS,
    VG_SEC_ENTRY,
    VG_SEC_EMERGENCY,
    VG_SEC_SOURCES,
    VG_SEC_COUNT
} vg_guide_section_id;

/* Prose as the reader sees it: blocks (a paragraph or one bullet) made of
 * runs of text, bold or not, with soft line breaks turned into spaces. */
typedef struct {
    const char *text;
    int bold;
} vg_guide_run;

typedef struct {
    int bullet; /* 1 for a "- " list item, 0 for a paragraph */
    const vg_guide_run *runs;
    size_t nruns;
} vg_guide_block;

typedef struct {
    vg_guide_section_id id;
    const char *title; /* the heading as written, without "## " */
    int line;          /* of the heading in the file */
    const vg_guide_block *blocks;
    size_t nblocks;
} vg_guide_section;

typedef enum { VG_GUIDE_FROM_DATA, VG_GUIDE_FROM_STORE } vg_guide_origin;

typedef struct vg_guide {
    char country[3]; /* "CO" */
    char lang[3];    /* "fr" or "en" */
    const char *title;
    const char *version;        /* "2026.1" */
    int32_t reviewed;           /* day */
    int32_t review_by;          /* day */
    int review_interval_months; /* 1..12 as the guide states it; 0 when it does not
                                   (6 months are then assumed) */
    const char *reviewer;
    int passport_validity_months;

    const vg_guide_source *sources;
    size_t nsources;
    vg_guide_advisory advisory;
    const vg_guide_division *divisions;
    size_t ndivisions;
    const vg_guide_zone *zones;
    size_t nzones;
    const vg_guide_number *numbers;
    size_t nnumbers;
    const vg_guide_office *offices;
    size_t noffices;
    const vg_guide_item *entry;
    size_t nentry;
    const vg_guide_item *health;
    size_t nhealth;
    const vg_guide_threat *threats;
    size_t nthreats;
    const vg_guide_phrase *phrases;
    size_t nphrases;
    const vg_guide_partner *partners;
    size_t npartners;
    vg_guide_section sections[VG_SEC_COUNT]; /* indexed by vg_guide_section_id */

    /* Where it came from: set by vg_guide_get and vg_guide_list. */
    const char *name; /* the name its messages use: a path, or "store/co.fr.md" */
    vg_guide_origin origin;
    int fallback;            /* 1: asked for the other language, which has no guide */
    int64_t imported_at;     /* store only: seconds since the epoch, else 0 */
    const char *imported_by; /* store only: the OS user, else NULL */
    const char *newer_data;  /* store only: the data folder's version of the same
                                guide when it is newer than the imported one */
    const char *text;        /* the whole text, NUL-terminated */
    size_t text_len;

    struct vg_guide_priv *priv; /* memory of all the above */
} vg_guide;

/* Problems found while validating: every error and warning ("SHOULD" rules),
 * each as one line "NAME:LINE: message", in line order. */
typedef struct {
    int line;
    int warning; /* 0: an error */
    char *text;
} vg_guide_diag;

typedef struct {
    vg_guide_diag *v;
    size_t n, cap;
    size_t errors, warnings;
} vg_guide_diags;

/* Free the messages (the struct itself is the caller's); NULL is fine. */
void vg_guide_diags_free(vg_guide_diags *d);

/* Parse and validate a guide's text. `name` prefixes messages (a path, or
 * "co.fr.md"); when its last component looks like "<cc>.<lang>.md" it must
 * match the country and lang keys. On success *out is set (free with
 * vg_guide_free) and `diags` (may be NULL) gets the warnings. VG_EINVALID
 * when there is at least one error: vg_error_last() is the first one (with
 * the count of the others) and `diags` gets them all. Text larger than
 * VG_GUIDE_MAX_BYTES is refused without being read. VG_ENOMEM. */
int vg_guide_parse(const char *name, const void *text, size_t len, vg_guide **out,
                   vg_guide_diags *diags);
void vg_guide_free(vg_guide *g);

/* The rules between the French (reference) and English guides of one
 * country (FORMAT.md section 7). VG_EINVALID if they differ: `diags` (may be
 * NULL) gets one message per difference, named after the English guide. */
int vg_guide_compare(const vg_guide *fr, const vg_guide *en, vg_guide_diags *diags);

/* Compare two versions "2026.1" < "2026.10": negative, 0 or positive. */
int vg_guide_version_cmp(const char *a, const char *b);

/* The official wording of advisory level 1..4 in "fr" or "en", or NULL. */
const char *vg_advisory_wording(int level, const char *lang);

/* Section keys ("overview", "advisory", "security", "health",
 * "getting-around", "communications", "entry", "emergency", "sources") and
 * their standard headings in "fr" or "en". */
const char *vg_guide_section_key(vg_guide_section_id id);
const char *vg_guide_section_heading(vg_guide_section_id id, const char *lang);
/* A section's prose as plain text: paragraphs separated by a blank line,
 * bullets as "- " lines, no bold marks. The caller frees; NULL if no memory. */
char *vg_guide_section_plain(const vg_guide *g, vg_guide_section_id id);
/* Find a section by key, by heading in either language, or by the start of
 * a key, heading or heading word; case and accents ignored. VG_ENOTFOUND, or
 * VG_EINVALID when `name` fits several sections (the message lists them). */
int vg_guide_section_find(const char *name, vg_guide_section_id *out);
/* 1 if the guide is past its review on the local day of `now`: past its
 * review-by date, or past `reviewed` plus its review interval. */
int vg_guide_past_review(const vg_guide *g, int64_t now);
/* The day by which the guide must be reviewed again: the earlier of
 * review_by and reviewed + the review interval (6 months when not given). */
int32_t vg_guide_due(const vg_guide *g);
/* `day` plus `months` calendar months, the day of month clamped to the
 * length of the month reached (2026-01-31 + 1 = 2026-02-28). */
int32_t vg_guide_add_months(int32_t day, int months);

/* Where a region name typed by a user lies in a guide: exact, case and
 * accents ignored, never by likeness. */
typedef struct {
    const char *name;     /* as the guide spells it ("Tibú") */
    const char *division; /* its division ("Norte de Santander"); == name for a division */
} vg_guide_place;

/* Find `typed` among the guide's divisions and their places. VG_ENOTFOUND
 * when the guide does not know it: vg_error_last() says so and suggests up
 * to three close names ("Caucca" -> "Cauca"). VG_ENOMEM. */
int vg_guide_place_find(const vg_guide *g, const char *typed, vg_guide_place *out);

/* The advisory areas (indexes into g->advisory.regions) that concern a
 * place found by vg_guide_place_find: `partly` is 0 when the place lies
 * wholly in the area (its level applies), 1 when the place is a division
 * the area covers only part of. Free *out with free(). */
typedef struct {
    size_t region;
    int partly;
} vg_guide_area;

int vg_guide_place_areas(const vg_guide *g, const vg_guide_place *p, vg_guide_area **out,
                         size_t *n);

/* Canada's Emergency Watch and Response Centre (Global Affairs Canada),
 * reachable 24/7 from anywhere: the one place these facts are written. */
#define VG_EWRC_PHONE "+1 613 996 8885"
#define VG_EWRC_EMAIL "sos@international.gc.ca"
/* Its text channels (GAC; confirmed in the facts check of 2026-12). */
#define VG_EWRC_SMS      "+1 613 686 3658"
#define VG_EWRC_WHATSAPP "+1 613 909 8881"

/* The threat categories of the country guides, in their order: the one
 * table (guide/categories.c). `vg_guide_category_label` gives the label in
 * the current language, or the key itself when unknown;
 * `vg_guide_category_list` the keys joined by ", " for messages. */
size_t vg_guide_category_count(void);
const char *vg_guide_category_key(size_t i);
int vg_guide_category_known(const char *key);
const char *vg_guide_category_label(const char *key);
const char *vg_guide_category_list(void);

/* What vg_delegation_emergency_contacts() gathers. */
#define VG_EC_OWN 1u /* the delegation's own contacts, in order of addition */
#define VG_EC_GUIDE                                                                                \
    2u                /* the guide's offices (role "embassy", or "ewrc") and emergency             \
                       * numbers (role "emergency-service"), from_guide set */
#define VG_EC_EWRC 4u /* Canada's centre (role "ewrc") when the guide does not list it */

/* A delegation's emergency contacts, one composition for every reader (the
 * contact list, kits and cards, the escalation's whom-to-call, the risk
 * file): its own contacts, then its country guide's in `lang` (a missing or
 * invalid guide adds nothing: that is the readiness checklist's business),
 * then Canada's centre. Free with vg_contact_list_free. */
int vg_delegation_emergency_contacts(vg_store *st, const char *data_dir, const char *slug,
                                     const char *lang, unsigned flags, vg_contact ***out,
                                     size_t *n);

/* The guide for `country` ("CO" or "co") in `lang` ("fr" or "en"): the
 * newest imported into the store (`st` may be NULL), else the data folder's
 * (`data_dir` may be NULL); if there is none in `lang`, the other
 * language's, with (*out)->fallback set. VG_ENOTFOUND if the country has no
 * guide; VG_EINVALID if the guide found does not validate (the message names
 * file and line; no other guide is used in its place). */
int vg_guide_get(vg_store *st, const char *data_dir, const char *country, const char *lang,
                 vg_guide **out);

/* Every guide available, one per country and language, sorted by country
 * then language ("fr" first). An entry whose guide does not validate has
 * guide NULL and its messages in diags. */
typedef struct {
    char country[3];
    char lang[3];
    vg_guide_origin origin;
    char *name;      /* the file or store name */
    vg_guide *guide; /* NULL when invalid */
    vg_guide_diags diags;
} vg_guide_entry;

int vg_guide_list(vg_store *st, const char *data_dir, vg_guide_entry **out, size_t *n);
void vg_guide_list_free(vg_guide_entry *list, size_t n);

/* Import a guide into the store (inside the caller's transaction), audited
 * as "guide.import". The text must validate (VG_EINVALID, all messages in
 * `diags`). Refused (VG_EINVALID): a version older than the one imported
 * before for the same country and language, or the same version with other
 * text (raise the version when a guide changes). Importing the text that is
 * already current changes nothing and sets res->unchanged. Every previous
 * version stays in the store. */
typedef struct {
    char country[3];
    char lang[3];
    char version[32];
    char previous[32]; /* the version that was in use before, or "" */
    vg_guide_origin previous_origin;
    int unchanged;
} vg_guide_import_result;

int vg_guide_import(vg_store *st, const char *data_dir, const char *name, const void *text,
                    size_t len, vg_guide_diags *diags, vg_guide_import_result *res);
/* The same from a file (read bounded by VG_GUIDE_MAX_BYTES); messages name
 * the file by `path`. VG_ENOTFOUND if it does not exist. */
int vg_guide_import_file(vg_store *st, const char *data_dir, const char *path,
                         vg_guide_diags *diags, vg_guide_import_result *res);

/* The versions imported into the store for `country` (both languages),
 * newest first. */
typedef struct {
    char country[3];
    char lang[3];
    char *version;
    int64_t imported_at;
    char *imported_by;
    int current; /* the newest of its language: the one in use */
} vg_guide_version;

int vg_guide_history(vg_store *st, const char *country, vg_guide_version **out, size_t *n);
void vg_guide_history_free(vg_guide_version *v, size_t n);

#endif
