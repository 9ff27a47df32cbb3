/* vigie/incident.h: the incident register.
 *
 * An incident (or a near miss) of a delegation: the immediate report (who,
 * what, where, when, what was done, what help is needed), a category and a
 * severity, a timeline of timed and attributed entries, and, once closed,
 * the post-incident report and its analysis. Incidents are named within
 * their delegation "I1", "I2"...
 *
 * Personal data: the narrative (what happened, what was done, help needed,
 * the timeline's texts, the place, the analysis) and the names of the people
 * involved. Where the category touches health or sexual violence (or when
 * asked), the narrative and the names of people who are not participants are
 * sealed as the proof of life is (delegation/pol.c): read back only with
 * vg_incident_reveal, which asks the passphrase again and is audited. When
 * every participant involved has been purged, the narrative goes too; the
 * category, severity, country, region and dates stay as anonymous history.
 *
 * Every function that changes data runs inside the caller's transaction and
 * appends an audit entry that holds no personal data. */
#ifndef VIGIE_INCIDENT_H
#define VIGIE_INCIDENT_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/secret.h>
#include <vigie/store.h>

/* ---- the one table of categories ---- */

typedef struct {
    const char *key;     /* stored, language-neutral: "robbery" */
    const char *label;   /* English label, translated by vg_incident_category_label */
    const char *word_fr; /* the French word the CLI accepts: "vol" */
    const char *threat;  /* the matching threat category of the risk register */
    int sensitive;       /* touches health or sexual violence: sealed */
} vg_incident_category;

/* The categories, terminated by an entry whose key is NULL. */
const vg_incident_category *vg_incident_categories(void);
/* A category by key, English label or French word (case, accents, spaces
 * and dashes ignored); NULL if none. */
const vg_incident_category *vg_incident_category_parse(const char *typed);
const vg_incident_category *vg_incident_category_find(const char *key);
/* The label in the user's language; an unknown key as is. */
const char *vg_incident_category_label(const char *key);

/* Severity 1 (minor) to 5 (critical). */
#define VG_SEVERITY_MIN 1
#define VG_SEVERITY_MAX 5
/* "minor", "moderate", "serious", "severe", "critical". */
const char *vg_incident_severity_name(int severity);
const char *vg_incident_severity_label(int severity); /* user's language */
/* A number 1..5 or a word in French or English; VG_EINVALID otherwise. */
int vg_incident_severity_parse(const char *typed, int *out);

/* Were procedures followed: not said, yes, partly, no. */
typedef enum {
    VG_PROC_UNSAID = 0,
    VG_PROC_YES = 1,
    VG_PROC_PARTLY = 2,
    VG_PROC_NO = 3
} vg_incident_procedures;
const char *vg_incident_procedures_name(vg_incident_procedures p); /* "yes"... */
const char *vg_incident_procedures_label(vg_incident_procedures p);
int vg_incident_procedures_parse(const char *typed, vg_incident_procedures *out);

/* ---- people ---- */

/* Roles of a person in an incident. */
const char *const *vg_incident_roles(void); /* "affected", "witness", "reporter", "other" */
const char *vg_incident_role_label(const char *role);
/* The stored key of a role typed in French or English; NULL if none. */
const char *vg_incident_role_parse(const char *typed);

typedef struct {
    int64_t participant_id; /* 0: not a participant (a driver, a partner) */
    char *role;             /* key */
    char *name;             /* the participant's name, or the name given; NULL
                             * when sealed and not revealed, or purged */
} vg_incident_person;

/* ---- the incident ---- */

typedef struct {
    int64_t id;
    int num; /* I<num> within its delegation */
    char slug[49];
    int near_miss;
    char category[32];
    int severity;
    int64_t occurred, reported; /* UTC seconds */
    char country[3];
    char *region; /* the guide's or delegation's region, or NULL */
    char *place;  /* below the region: town, road, building; or NULL */
    char *what;   /* what happened */
    char *done;   /* what has been done */
    char *help;   /* what help is needed, or NULL */
    char *reported_by;
    int sealed;       /* narrative sealed: the texts above are NULL unless revealed */
    int purged;       /* narrative erased with the participants */
    int revealed;     /* read with vg_incident_reveal: sealed texts are open */
    int64_t alert_id; /* the alert it came from, or 0 */
    int64_t closed;   /* 0 while open */
    /* the post-incident report */
    char *causes;
    vg_incident_procedures procedures;
    char *procedures_note;
    char *changes;
    char *support; /* support offered to the people affected */
    char *closed_by;
    int64_t risk_flagged; /* how many risks were flagged for review */
    vg_incident_person *people;
    size_t npeople;
} vg_incident;

/* What `add` takes (texts the caller's; people by name: a participant of
 * the delegation when one matches, else an outside person). */
typedef struct {
    int near_miss;
    const char *category; /* key or typed word */
    int severity;
    int64_t occurred; /* 0: now */
    const char *region, *place;
    const char *what, *done, *help;
    const char *reported_by; /* NULL: the OS user */
    int seal;                /* seal even if the category does not ask it */
    size_t npeople;
    const char *const *person_roles; /* npeople role words */
    const char *const *person_names; /* npeople names */
} vg_incident_report;

/* Record an incident of delegation `slug`: category and severity required,
 * `what` required. The matching threats of the risk register are flagged for
 * review. *out (may be NULL) gets the new incident's number. */
int vg_incident_add(vg_store *st, const char *slug, const vg_incident_report *r, int *num_out);
/* An open alert of the delegation becomes an incident: the alert, the
 * participant's check-ins of the 48 hours before it, their overdue episodes
 * and the alert's resolution are copied into the timeline; the participant is
 * "affected". `alert_id` 0: the newest open alert of the participant named
 * in r->person_names[0]. VG_EEXISTS if the alert already is an incident. */
int vg_incident_from_alert(vg_store *st, const char *slug, const char *data_dir, int64_t alert_id,
                           const vg_incident_report *r, int *num_out);

/* One incident by reference "I3", "i3" or "3". Sealed texts are NULL. */
int vg_incident_get(vg_store *st, const char *slug, const char *ref, vg_incident **out);
/* The same with the sealed texts opened, after `pass` is checked against the
 * store's passphrase slots; audited ("incident.reveal"), a refused attempt
 * too (VG_EAUTH). */
int vg_incident_reveal(vg_store *st, const char *slug, const char *ref, const vg_secret *pass,
                       vg_incident **out);
/* The incidents of a delegation (all delegations when slug is NULL), newest
 * first, without their people's names when sealed. */
int vg_incident_list(vg_store *st, const char *slug, vg_incident ***out, size_t *n);
void vg_incident_free(vg_incident *i);
void vg_incident_list_free(vg_incident **list, size_t n);

/* ---- the timeline ---- */

typedef enum {
    VG_ENTRY_REPORT = 0,   /* the immediate report */
    VG_ENTRY_CALL,         /* a call attempt */
    VG_ENTRY_DECISION,     /* a decision */
    VG_ENTRY_MESSAGE,      /* a message sent or received */
    VG_ENTRY_INFORMED,     /* someone was informed */
    VG_ENTRY_NOTE,         /* anything else */
    VG_ENTRY_ALERT,        /* from the alert it came from */
    VG_ENTRY_CHECKIN,      /* a check-in of the participant */
    VG_ENTRY_EPISODE,      /* an overdue episode */
    VG_ENTRY_NOTIFICATION, /* a notification the watch sent */
    VG_ENTRY_CLOSE,        /* the post-incident report */
    VG_ENTRY_KIND_COUNT
} vg_entry_kind;
const char *vg_incident_entry_name(vg_entry_kind k); /* "call", "decision"... */
const char *vg_incident_entry_label(vg_entry_kind k);
/* Only the kinds a person logs (call, decision, message, informed, note),
 * typed in French or English. */
int vg_incident_entry_parse(const char *typed, vg_entry_kind *out);

typedef struct {
    int64_t at;
    vg_entry_kind kind;
    char *by;   /* who logged it, or the source ("watch") */
    char *text; /* NULL when there is none, or when hidden */
    int hidden; /* sealed and not revealed */
} vg_incident_entry;

/* Log an entry (at 0: now; by NULL: the OS user). Refused on a closed
 * incident. */
int vg_incident_log(vg_store *st, const char *slug, const char *ref, vg_entry_kind kind, int64_t at,
                    const char *by, const char *text);
/* The timeline, oldest first: logged entries and the notifications the
 * watch sent about the participants involved from a day before the incident
 * to its closing. With `reveal` the sealed texts are opened: only after
 * vg_incident_reveal checked the passphrase (the caller's duty). */
int vg_incident_timeline(vg_store *st, const vg_incident *inc, int reveal, vg_incident_entry **out,
                         size_t *n);
void vg_incident_entries_free(vg_incident_entry *e, size_t n);

/* ---- closing ---- */

typedef struct {
    const char *causes;
    vg_incident_procedures procedures;
    const char *procedures_note;
    const char *changes;
    const char *support;
    const char *by; /* NULL: the OS user */
} vg_incident_closing;

/* Close with the post-incident report: causes, procedures (yes, partly or
 * no), changes and support required. VG_EINVALID names what is missing;
 * VG_EEXISTS when already closed. */
int vg_incident_close(vg_store *st, const char *slug, const char *ref,
                      const vg_incident_closing *c);

/* ---- purge and access ---- */

/* A purged participant: erase their name from incidents, and the narrative
 * of incidents whose every participant is purged. Runs in the caller's
 * transaction; not audited here (the purge audits). */
int vg_incident_purge_participant(vg_store *st, int64_t participant_id);
/* The incidents a participant is involved in (for an access request), with
 * their texts opened: it is the person's own data. */
int vg_incident_of_participant(vg_store *st, int64_t participant_id, vg_incident ***out, size_t *n);

/* ---- counts for the board and the self-assessment ---- */

typedef struct {
    int year;
    char category[32];
    int severity;
    char country[3];
    int near_miss;
    size_t count;
} vg_incident_count;
/* Counts by year, category, severity, country and kind, over every
 * delegation (year 0: every year). */
int vg_incident_counts(vg_store *st, int year, vg_incident_count **out, size_t *n);
/* (free the counts with free()) */

#endif
