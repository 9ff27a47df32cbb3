/* vigie/checkin.h: check-ins and alerts, the seam between the ways a
 * check-in arrives (logged by hand, a field-kit code, a check-in card) and
 * the follow-up (`vigie checkin status` and its escalation ladder).
 *
 * Times are UTC seconds (vg_now() honours VIGIE_NOW); shown in the
 * delegation's zone. Every function that changes data runs inside the
 * caller's transaction and audits without personal data. */
#ifndef VIGIE_CHECKIN_H
#define VIGIE_CHECKIN_H

#include <stdint.h>
#include <vigie/store.h>

typedef enum {
    VG_CHECKIN_OK = 0,
    VG_CHECKIN_HELP = 1,     /* opens a help alert */
    VG_CHECKIN_EMERGENCY = 2 /* opens an emergency alert */
} vg_checkin_status;

typedef struct {
    int64_t participant_id;
    int64_t at; /* when the participant checked in */
    vg_checkin_status status;
    const char *where;  /* place, or NULL */
    const char *via;    /* channel ("Signal", "SMS", "appel"...), or NULL */
    const char *note;   /* or NULL */
    const char *source; /* "manual", "code" (field kit) or "card" */
    int duress;         /* 1: a duress PIN or duress code made it: logged as
                         * any other check-in, plus a silent duress alert */
} vg_checkin;

/* Parse "ok", "help", "emergency" (and French "aide", "urgence"). */
int vg_checkin_status_parse(const char *text, vg_checkin_status *out);
const char *vg_checkin_status_name(vg_checkin_status s); /* "ok", "help", "emergency" */

/* Record a check-in of a participant of delegation `slug`. A help or
 * emergency status, or a duress mark, opens an alert. *id_out may be NULL. */
int vg_checkin_log(vg_store *st, const char *slug, const vg_checkin *c, int64_t *id_out);

typedef enum {
    VG_ALERT_HELP = 1,
    VG_ALERT_EMERGENCY = 2,
    VG_ALERT_DURESS = 3,   /* shown only to the coordinator: never echoed to the field */
    VG_ALERT_GUESSING = 4, /* repeated wrong codes for a participant */
    VG_ALERT_REVIEW = 5    /* a message with words of distress that did not set its
                            * status ("pas besoin d'aide", "help?"): a person reads it */
} vg_alert_kind;
#define VG_ALERT_KIND_MAX VG_ALERT_REVIEW

/* Open an alert (check-ins open theirs themselves). */
int vg_alert_open(vg_store *st, const char *slug, int64_t participant_id, vg_alert_kind kind,
                  const char *detail);
/* Raise an alert that logs no check-in (a duress code from a revoked kit
 * or card, out of order or replayed): when the participant has an alert of
 * that kind open already, flag it again (its detail records the new
 * sighting, *reflagged = 1), else open one. Audited. reflagged may be NULL. */
int vg_alert_raise(vg_store *st, const char *slug, int64_t participant_id, vg_alert_kind kind,
                   const char *detail, int *reflagged);
/* Close every open alert of a participant, with a note; audited. The note
 * also goes on their open overdue episode, which it closes (resolved), and
 * on their closed episodes without a note. VG_ENOTFOUND when neither an
 * alert nor an episode is open. */
int vg_alert_resolve(vg_store *st, const char *slug, int64_t participant_id, const char *note);

/* ---- The plan: fixed daily check-ins and one-off expectations ---- */

#define VG_CHECKIN_MAX_DAILY 12

typedef struct {
    int ndaily;
    int daily[VG_CHECKIN_MAX_DAILY]; /* minutes after local midnight, ascending, distinct */
    int grace;                       /* minutes after a due time a check-in is on time (1..720) */
    int early;                       /* minutes before a due time a check-in counts (0..720) */
    int has_ladder;                  /* the delegation has its own ladder (read only) */
    int64_t updated;                 /* read only */
} vg_checkin_plan;

/* Parse "HH:MM" (24 h) into minutes after midnight. VG_EINVALID. */
int vg_checkin_hhmm_parse(const char *text, int *minutes_out);
/* Set (replace) the daily schedule of delegation `slug`; the dailies are
 * sorted, duplicates refused. Keeps the delegation's ladder. Audited. */
int vg_checkin_plan_set(vg_store *st, const char *slug, const vg_checkin_plan *p);
/* VG_ENOTFOUND when the delegation has no plan (its message says so). */
int vg_checkin_plan_get(vg_store *st, const char *slug, vg_checkin_plan *out);

typedef struct {
    int64_t participant_id;
    int64_t from;       /* the window opens: a check-in at or after it counts */
    int64_t by;         /* due by this instant */
    int grace;          /* minutes after `by`; -1: the plan's grace (30 without a plan) */
    const char *reason; /* required: "trajet Port-au-Prince - Jacmel" */
    int travelling;     /* 1: the ladder's shorter "while travelling" delays apply */
} vg_checkin_expectation;

/* A one-off expected check-in. `by` after `from`, within the delegation's
 * dates give or take three days (the journeys there and home). Audited. */
int vg_checkin_expect(vg_store *st, const char *slug, const vg_checkin_expectation *e,
                      int64_t *id_out);
/* Cancel a participant's pending one-offs; *count_out (may be NULL) gets how
 * many. VG_ENOTFOUND when none is pending. Audited. */
int vg_checkin_expect_cancel(vg_store *st, const char *slug, int64_t participant_id, int64_t at,
                             int *count_out);

/* ---- The escalation ladder (a template: templates/checkin-ladder.yaml) ---- */

/* Whom a step tells to call. */
typedef enum {
    VG_ROLE_PARTICIPANT = 0,
    VG_ROLE_LEAD,    /* the delegation's team lead (or buddy) */
    VG_ROLE_KIN,     /* the participant's next of kin */
    VG_ROLE_PARTNER, /* the local partner organisation */
    VG_ROLE_ACCOMMODATION,
    VG_ROLE_EMERGENCY_SERVICE, /* local police, ambulance */
    VG_ROLE_INSURER,           /* the participant's insurer's assistance line */
    VG_ROLE_FOCAL_POINT,       /* the organisation's security focal point */
    VG_ROLE_EMBASSY,
    VG_ROLE_CRISIS_CELL,
    VG_ROLE_EWRC, /* Canada's Emergency Watch and Response Centre */
    VG_ROLE_COUNT
} vg_role;

/* "participant", "lead", "kin", "partner", "accommodation", "emergency-service",
 * "insurer", "focal-point", "embassy", "crisis-cell", "ewrc". */
const char *vg_role_name(vg_role r);
int vg_role_parse(const char *text, vg_role *out);

#define VG_LADDER_MAX_STEPS 16

typedef struct {
    int64_t after;            /* seconds after the grace window closed */
    int64_t after_travelling; /* the same while travelling */
    unsigned roles;           /* bit (1u << vg_role) per role to contact */
    char *action[2];          /* what to do: [0] French, [1] English */
} vg_ladder_step;

typedef struct {
    char *name; /* the file name it was read from */
    size_t nsteps;
    vg_ladder_step steps[VG_LADDER_MAX_STEPS]; /* delays ascending */
    /* What to do on an open alert, by vg_alert_kind (index 0 unused). */
    vg_ladder_step alerts[VG_ALERT_KIND_MAX + 1];
} vg_ladder;

/* Parse a ladder from `len` bytes of YAML (at most 64 KiB); `filename` names
 * it in errors, which read "FILE:LINE: message" (VG_EINVALID). Alerts the
 * text does not describe are left empty (roles 0, no action). */
int vg_ladder_parse(vg_ladder **out, const char *text, size_t len, const char *filename);
/* Read and parse a file. */
int vg_ladder_load(vg_ladder **out, const char *path);
/* The default ladder: DATA_DIR/templates/checkin-ladder.yaml. */
int vg_ladder_default(vg_ladder **out, const char *data_dir);
void vg_ladder_free(vg_ladder *l);
/* The step reached `late` seconds after the deadline (the last step whose
 * delay is <= late), or -1 before the first. */
int vg_ladder_step_at(const vg_ladder *l, int64_t late, int travelling);
/* The step's delay for the case at hand. */
int64_t vg_ladder_delay(const vg_ladder_step *s, int travelling);

/* Replace delegation `slug`'s ladder with `len` bytes of YAML (validated
 * first; `name` is the file's name, for messages), or with NULL go back to
 * the default one. Needs a plan. Audited. */
int vg_checkin_ladder_set(vg_store *st, const char *slug, const char *text, size_t len,
                          const char *name);
/* The delegation's ladder: its own if set, else the default from data_dir.
 * Alerts its own ladder leaves undescribed come from the default. */
int vg_checkin_ladder_get(vg_store *st, const char *slug, const char *data_dir, vg_ladder **out);

/* ---- History ---- */

typedef struct {
    int64_t id;
    int64_t participant_id;
    char *participant; /* name, or NULL once removed or purged */
    int64_t at;
    vg_checkin_status status;
    char *where, *via, *note, *source;
    int64_t logged; /* when it was recorded */
} vg_checkin_entry;

/* Check-ins of delegation `slug` (of one participant when participant_id >
 * 0), oldest first; with last > 0 only the `last` newest. Free with
 * vg_checkin_entries_free. The duress mark is not part of an entry. */
int vg_checkin_history(vg_store *st, const char *slug, int64_t participant_id, int64_t last,
                       vg_checkin_entry **out, size_t *n);
void vg_checkin_entries_free(vg_checkin_entry *e, size_t n);
/* Every check-in of delegation `slug`, oldest first (time, then order of
 * logging), one at a time through the (delegation, time) index: the log is
 * never held in memory (exports of a million check-ins). The entry and its
 * strings live until `cb` returns; participant is the name, or NULL once
 * purged. A non-zero return from `cb` stops the walk and is returned. */
typedef int (*vg_checkin_cb)(const vg_checkin_entry *e, void *payload);
int vg_checkin_each(vg_store *st, const char *slug, vg_checkin_cb cb, void *payload);
/* The same walk, for one participant (through the (participant, time)
 * index) when participant_id > 0, else the delegation's whole log. Memory
 * stays flat whatever the length of the history. */
int vg_checkin_each_of(vg_store *st, const char *slug, int64_t participant_id, vg_checkin_cb cb,
                       void *payload);

/* ---- Status: who is fine, who is late, what to do now ---- */

/* Someone to call, with what the store knows of them. name and phone are
 * NULL when nothing is recorded for the role. */
typedef struct {
    vg_role role;
    char *name;
    char *phone;
    char *email;
    char *note;
} vg_callee;

typedef struct {
    int64_t id;
    vg_alert_kind kind;
    int64_t opened;
    int64_t checkin_at; /* the check-in that opened it, or 0 */
    char *where;        /* that check-in's place, or NULL */
    char *detail;       /* or NULL */
} vg_alert;

typedef enum {
    VG_PHASE_BEFORE = 0, /* before the first day: nothing daily is due yet */
    VG_PHASE_DURING = 1,
    VG_PHASE_AFTER = 2, /* after the last day: daily check-ins are over */
    VG_PHASE_CLOSED = 3 /* closed: nothing is due */
} vg_checkin_phase;

typedef struct {
    int64_t participant_id;
    char *name;
    int has_last; /* the latest check-in at or before the report's time */
    int64_t last_at;
    vg_checkin_status last_status;
    char *last_where, *last_via;
    int has_next; /* the next check-in expected */
    int64_t next_due, next_opens, next_deadline;
    char *next_reason; /* a one-off's reason, NULL for a daily one */
    int overdue;
    int64_t missed_due, missed_deadline; /* the earliest missed check-in */
    char *missed_reason;                 /* a one-off's, or NULL */
    int64_t late;                        /* seconds since missed_deadline */
    int travelling;
    int step;             /* ladder step reached, -1 none */
    int64_t next_step_at; /* when the next step falls due, 0 if none */
    size_t nalerts;       /* open alerts */
    vg_alert *alerts;
    size_t ncallees; /* whom to call now: the alerts' roles, else the step's */
    vg_callee *callees;
} vg_checkin_state;

typedef struct {
    char *slug;
    char *tz;
    int32_t start_day, end_day;
    int64_t at;
    vg_checkin_phase phase;
    int has_plan;
    vg_checkin_plan plan;
    vg_ladder *ladder;
    size_t n;               /* participants: open alerts first, then the */
    vg_checkin_state *rows; /* overdue, latest first, then the others */
    size_t nalerts;         /* participants with an open alert */
    size_t noverdue;        /* participants overdue */
} vg_checkin_report;

/* Where every participant of `slug` stands at `at`, with the ladder (the
 * delegation's own or the default from data_dir) and whom to call. Latest
 * check-ins come from an indexed lookup per participant. */
int vg_checkin_report_get(vg_store *st, const char *slug, int64_t at, const char *data_dir,
                          vg_checkin_report **out);
void vg_checkin_report_free(vg_checkin_report *r);
/* Whom to call for `roles` about participant `participant_id`. */
int vg_checkin_callees(vg_store *st, const char *slug, int64_t participant_id, unsigned roles,
                       vg_callee **out, size_t *n);
void vg_callees_free(vg_callee *c, size_t n);

/* The alerts of delegation `slug`, newest first: the open ones, or all
 * with `all` (resolved ones with their note). Duress alerts included: a
 * coordinator's view. Free with vg_alert_entries_free. */
typedef struct {
    int64_t id;
    int64_t participant_id;
    char *participant; /* name, or NULL once purged */
    vg_alert_kind kind;
    int64_t opened;
    int64_t resolved;   /* 0 while open */
    int64_t checkin_at; /* the check-in that opened it, or 0 */
    char *where, *detail, *note;
} vg_alert_entry;
int vg_checkin_alerts(vg_store *st, const char *slug, int all, vg_alert_entry **out, size_t *n);
void vg_alert_entries_free(vg_alert_entry *e, size_t n);

/* Erase what a participant's check-ins say (place, channel, note), their
 * alerts' details and notes and their one-offs' reasons, keeping times and
 * statuses as anonymous history: for `purge` past the retention date. Runs
 * in the caller's transaction; *count_out (may be NULL) gets the check-ins
 * touched. Not audited here (the purge that calls it audits). */
int vg_checkin_purge_participant(vg_store *st, int64_t participant_id, int64_t *count_out);

/* ---- Overdue episodes: lateness kept beside the alerts ----
 *
 * An episode runs from the deadline of a missed check-in (daily or one-off)
 * to the check-in that ends it. It keeps the longest lateness seen and the
 * highest ladder step reached, and how it ended. Episodes are recorded:
 * - by vg_checkin_log: the open episode of the participant is closed by the
 *   check-in; when none was open (nobody ran `checkin status` meanwhile),
 *   the episode the check-in ends is worked out from the schedule and
 *   recorded closed;
 * - by vg_episode_sync, from a report (`checkin status`, the watch): an
 *   episode is opened or extended for each overdue participant, and the
 *   open ones of participants no longer overdue are closed.
 * A participant has at most one open episode. */
typedef enum {
    VG_EPISODE_OPEN = 0,
    VG_EPISODE_CHECKED_IN = 1, /* a check-in ended it */
    VG_EPISODE_NOT_DUE = 2,    /* nothing was due any more (plan changed, one-off
                                * cancelled, delegation over or closed) */
    VG_EPISODE_RESOLVED = 3    /* closed by the coordinator with a note */
} vg_episode_end;

typedef struct {
    int64_t id;
    int64_t participant_id;
    char *participant; /* name, or NULL once purged */
    int64_t due;       /* the missed check-in's due time */
    int64_t start;     /* its deadline: overdue from then on */
    int64_t late;      /* the longest lateness seen, seconds */
    int travelling;
    int step;    /* highest ladder step reached, -1 none */
    int64_t end; /* 0 while open */
    vg_episode_end how;
    int64_t checkin_id; /* the check-in that ended it, or 0 */
    char *reason;       /* a one-off's reason, or NULL */
    char *note;         /* the coordinator's resolution note, or NULL */
} vg_episode_entry;

/* Record the overdue state of report `r` (from vg_checkin_report_get on the
 * same store): open or extend episodes, close those that ended. Writes:
 * run it inside a transaction. *changed_out (may be NULL) gets how many
 * episodes were opened or closed. Audited ("checkin.episode") per change. */
int vg_episode_sync(vg_store *st, const vg_checkin_report *r, size_t *changed_out);
/* Episodes of delegation `slug`, newest first: the open ones, or all with
 * `all`. Steps not known when recorded are worked out with the
 * delegation's ladder (data_dir: the default one). */
int vg_checkin_episodes(vg_store *st, const char *slug, int all, const char *data_dir,
                        vg_episode_entry **out, size_t *n);
void vg_episode_entries_free(vg_episode_entry *e, size_t n);
/* "open", "checked-in", "not-due", "resolved". */
const char *vg_episode_end_name(vg_episode_end e);

/* Names of alert kinds: "help", "emergency", "duress", "guessing", "review". */
const char *vg_alert_kind_name(vg_alert_kind k);

#endif
