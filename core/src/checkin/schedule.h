/* Private: where a participant stands against the check-in schedule.
 *
 * Pure arithmetic over instants (UTC seconds) and the delegation's zone; no
 * store. The rules, which status and its tests rely on:
 *
 * - A daily slot is a local time (minutes after local midnight) on each
 *   local day from the delegation's first day to its last. Its instant comes
 *   from the tz database on that day, so a daylight-saving change moves it
 *   with the wall clock; a time skipped by a spring-forward change is read
 *   as after the change.
 * - A slot's window opens `early` seconds before it; its deadline is `grace`
 *   seconds after it. A check-in at or after the opening satisfies the slot,
 *   even a late one. So only the latest check-in matters: every slot that
 *   opened at or before it is satisfied, and the first slot that opens after
 *   it is the first one still expected. A second check-in in the same window
 *   counts for nothing more; one made before the window opens does not count
 *   for that slot.
 * - A one-off expectation (a journey) opens at `from` and is due by `by`;
 *   any check-in at or after `from` satisfies it. Its deadline is by + grace.
 * - Overdue: a slot or one-off not satisfied whose deadline is at or before
 *   now. The escalation counts from the earliest such deadline.
 * - Daily slots are followed only while the delegation runs (from its first
 *   day 00:00 to its last day 24:00, local); one-offs whenever they fall. */
#ifndef VG_CHECKIN_SCHEDULE_H
#define VG_CHECKIN_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#define VG_SCHED_MAX_DAILY 12

typedef struct {
    const char *tz;    /* IANA zone */
    int32_t start_day; /* first and last day, days since the epoch */
    int32_t end_day;
    const int *daily; /* minutes after local midnight, ascending */
    int ndaily;
    int64_t early; /* seconds before a slot its window opens */
    int64_t grace; /* seconds after a slot its deadline falls */
    /* Optional memo of slot instants (vg_sched_memo_init): a report asks the
     * same days for every participant, and each instant costs the tz
     * database several look-ups. */
    int64_t *memo;
    int64_t memo_period[2];
    int memo_have_period;
} vg_sched;

typedef struct {
    int64_t due;      /* the scheduled instant */
    int64_t opens;    /* a check-in at or after this satisfies it */
    int64_t deadline; /* overdue from this instant on */
    int oneoff;       /* index into the one-offs, or -1 for a daily slot */
} vg_slot;

typedef struct {
    int64_t from, by, grace; /* grace in seconds */
    int travelling;
} vg_oneoff;

typedef enum {
    VG_SCHED_BEFORE = 0, /* before the first day */
    VG_SCHED_DURING = 1,
    VG_SCHED_AFTER = 2 /* after the last day */
} vg_sched_phase;

typedef struct {
    vg_sched_phase phase;
    int has_next; /* the next check-in expected (window not yet past) */
    vg_slot next;
    int overdue;    /* something expected was missed */
    vg_slot missed; /* the earliest missed slot or one-off */
    int64_t late;   /* now - missed.deadline (>= 0) */
    int travelling; /* an unsatisfied travelling one-off is open or missed */
} vg_sched_state;

/* The local day (days since the epoch) of instant `t` in `tz`. */
int vg_sched_local_day(int32_t *day, int64_t t, const char *tz);
/* The instant of local `minute` (0..1439) on local `day` in `tz`. */
int vg_sched_instant(int64_t *out, int32_t day, int minute, const char *tz);
/* The instants the delegation's days begin and end (first day 00:00 and the
 * day after the last one, 00:00, local). */
int vg_sched_period(vg_sched *s, int64_t *begin, int64_t *end);
/* The first daily slot with opens > t (which = 0) or deadline > t
 * (which = 1). VG_ENOTFOUND when no slot remains. */
int vg_sched_slot_after(vg_sched *s, int64_t t, int which, vg_slot *out);
/* Turn the memo on (VG_ENOMEM) / free it. */
int vg_sched_memo_init(vg_sched *s);
void vg_sched_memo_free(vg_sched *s);
/* Evaluate at `now`: `last` is the latest check-in at or before now
 * (has_last 0 when none). */
int vg_sched_evaluate(vg_sched *s, const vg_oneoff *o, size_t no, int has_last, int64_t last,
                      int64_t now, vg_sched_state *out);

#endif
