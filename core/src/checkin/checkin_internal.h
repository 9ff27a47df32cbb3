/* Private: shared by the check-in module's files. */
#ifndef VG_CHECKIN_INTERNAL_H
#define VG_CHECKIN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/checkin.h>
#include <vigie/delegation.h>

#include "store/store_internal.h"

/* The delegation named `slug` (VG_ENOTFOUND names it). Free with vg_delegation_free. */
int vg_ck_delegation(vg_store *st, const char *slug, vg_delegation **out);
/* The rows of `sql` for delegation `slug` (?1 its id, ?2 `all`), one
 * element of `size` bytes each, filled by `read` (vg_sql_rows): the alert
 * and episode lists. On failure *out and *n hold what to free. */
int vg_ck_delegation_rows(vg_store *st, const char *slug, const char *sql, int all, size_t size,
                          vg_sql_row_fn read, void *ud, const char *what, void **out, size_t *n);
/* Check that participant `pid` belongs to delegation `d`: VG_ENOTFOUND otherwise. */
int vg_ck_member(vg_store *st, const vg_delegation *d, int64_t pid);
/* 1 if `s` is valid UTF-8 of at most `max` bytes without control characters
 * (newlines allowed when `lines`). */
int vg_ck_text_ok(const char *s, size_t max, int lines);
/* Open an alert tied to a check-in (checkin_id 0 for none). */
int vg_ck_alert_open(vg_store *st, const vg_delegation *d, int64_t pid, vg_alert_kind kind,
                     int64_t checkin_id, const char *detail);

/* The plan of delegation id `did`; VG_ENOTFOUND (no message) when none. */
int vg_ck_plan(vg_store *st, int64_t did, vg_checkin_plan *out);
/* The latest check-in of a participant at or before a time: one seek on
 * checkins_participant_at (tests/unit/test_checkin.c checks the plan).
 * ?1 participant, ?2 time. No condition on the delegation: a participant
 * belongs to one, and "delegation_id = ?" makes SQLite pick
 * checkins_delegation_at and walk the whole delegation's history. */
#define VG_CK_LAST_SQL                                                                             \
    "SELECT at, status, place, via FROM checkins WHERE participant_id = ?1"                        \
    " AND at <= ?2 ORDER BY at DESC, id DESC LIMIT 1"

/* The open alerts of one participant (the status report): a seek through
 * checkin_alerts_participant (tests/unit/test_checkin.c guards the plan). */
#define VG_CK_ALERTS_SQL                                                                           \
    "SELECT a.id, a.kind, a.opened, a.detail, c.at, c.place"                                       \
    " FROM checkin_alerts a LEFT JOIN checkins c ON c.id = a.checkin_id"                           \
    " WHERE a.delegation_id = ?1 AND a.participant_id = ?2"                                        \
    " AND a.opened <= ?3 AND (a.resolved IS NULL OR a.resolved > ?3)"                              \
    " ORDER BY a.kind = 3 DESC, a.kind = 2 DESC, a.opened LIMIT ?4"

/* One participant's history (checkin history --participant, newest first
 * with a limit): through checkins_participant_at. */
#define VG_CK_HISTORY_ONE_SQL                                                                      \
    "SELECT id, participant_id, at, status, place, via, note, source,"                             \
    " logged FROM checkins WHERE participant_id = ?2"                                              \
    " AND +delegation_id = ?1 ORDER BY at DESC, id DESC LIMIT ?3"

/* The latest check-in of participant `pid` at or before `at` (one index seek):
 * *has 0 when none. where/via/status may be NULL; strings to free. With
 * `cache`, the statement is prepared once and kept there (the caller
 * finalizes it). */
int vg_ck_last(vg_store *st, sqlite3_stmt **cache, int64_t pid, int64_t at, int *has,
               int64_t *last_at, vg_checkin_status *status, char **where, char **via);
/* Overdue episodes (episode.c): a check-in at `at` closes the open one, or
 * records the one it ends; a resolution note closes the open one
 * and annotates the ended ones without a note (*closed: how many of both). */
int vg_ck_episode_on_checkin(vg_store *st, const vg_delegation *d, int64_t pid, int64_t at,
                             int64_t checkin_id);
/* vg_checkin_log brackets its work with these: _enter keeps what the
 * episode check learnt in this transaction if nothing else wrote since the
 * last check-in, _leave records the write count (ok 0: forget). */
void vg_ck_txcache_enter(vg_store *st);
void vg_ck_txcache_leave(vg_store *st, int ok);
/* 1 with *d filled (tz to free) when the cache knows `pid` as a member of
 * delegation `slug` (it logged a check-in of theirs), else 0. */
int vg_ck_txcache_member(vg_store *st, const char *slug, int64_t pid, vg_delegation *d);
int vg_ck_episode_resolve(vg_store *st, int64_t did, int64_t pid, const char *note, int64_t now,
                          int *closed);
/* The delegation's own ladder, completed from the default, or the default. */
int vg_ck_ladder(vg_store *st, int64_t did, const char *data_dir, vg_ladder **out);

#endif
