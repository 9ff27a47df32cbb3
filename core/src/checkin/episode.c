/* Overdue episodes: lateness kept beside the alerts (vigie/checkin.h).
 *
 * A check-in closes the participant's open episode; when none is open, the
 * episode it ends is worked out from the schedule as it stood just before
 * it, so that a participant 2 h 30 late leaves a trace even when nobody ran
 * `checkin status` meanwhile. A report (`checkin status`, the watch) opens
 * and extends episodes while they run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/error.h>

#include "checkin/checkin_internal.h"
#include "checkin/schedule.h"
#include "delegation/delegation_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"

#define STEP_UNKNOWN -2
#define MAX_ONEOFFS  64

static const char *const end_names[] = {"open", "checked-in", "not-due", "resolved"};

const char *vg_episode_end_name(vg_episode_end e)
{
    return (unsigned)e <= VG_EPISODE_RESOLVED ? end_names[e] : "?";
}

static int audit_episode(vg_store *st, const char *slug, int64_t pid, int64_t id, const char *what)
{
    char obj[96], det[96];
    vg_model_participant_object(obj, sizeof obj, slug, pid);
    snprintf(det, sizeof det, "episode %lld %s", (long long)id, what);
    return vg_audit_append(st, "checkin.episode", obj, det);
}

static int step_sql(vg_store *st, const char *sql, int64_t a, int64_t b, int64_t c, int64_t d,
                    int64_t e)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_cached(st, &s, sql);
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, a);
    sqlite3_bind_int64(s, 2, b);
    sqlite3_bind_int64(s, 3, c);
    sqlite3_bind_int64(s, 4, d);
    sqlite3_bind_int64(s, 5, e);
    rc = sqlite3_step(s) == SQLITE_DONE
             ? VG_OK
             : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "checkin_episodes");
    vg_sql_release(st, s);
    return rc;
}

/* The participant's open episode: *id 0 when none. */
static int open_episode(vg_store *st, int64_t pid, int64_t *id, int64_t *start)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_cached(st, &s,
                           "SELECT id, start FROM checkin_episodes WHERE participant_id = ?1"
                           " AND ended IS NULL ORDER BY id DESC LIMIT 1");
    *id = 0;
    *start = 0;
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, pid);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        *start = sqlite3_column_int64(s, 1);
    }
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "checkin_episodes");
    vg_sql_release(st, s);
    return rc;
}

/* The id of the participant's episode that started at `start`, 0 if none. */
static int episode_at(vg_store *st, int64_t pid, int64_t start, int64_t *id)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_cached(st, &s,
                           "SELECT id FROM checkin_episodes WHERE participant_id = ?1"
                           " AND start = ?2 ORDER BY id DESC LIMIT 1");
    *id = 0;
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, pid);
    sqlite3_bind_int64(s, 2, start);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "checkin_episodes");
    vg_sql_release(st, s);
    return rc;
}

static int insert_episode(vg_store *st, int64_t did, int64_t pid, int64_t due, int64_t start,
                          int64_t late, int travelling, int step, const char *reason, int64_t ended,
                          vg_episode_end how, int64_t checkin_id, int64_t *id)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_cached(st, &s,
                           "INSERT INTO checkin_episodes (delegation_id, participant_id, due,"
                           " start, late, travelling, step, reason, ended, how, checkin_id)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    sqlite3_bind_int64(s, 2, pid);
    sqlite3_bind_int64(s, 3, due);
    sqlite3_bind_int64(s, 4, start);
    sqlite3_bind_int64(s, 5, late);
    sqlite3_bind_int(s, 6, travelling);
    sqlite3_bind_int(s, 7, step);
    vg_sql_bind_text(s, 8, reason);
    if (ended)
        sqlite3_bind_int64(s, 9, ended);
    else
        sqlite3_bind_null(s, 9);
    sqlite3_bind_int(s, 10, (int)how);
    if (checkin_id)
        sqlite3_bind_int64(s, 11, checkin_id);
    else
        sqlite3_bind_null(s, 11);
    rc = sqlite3_step(s) == SQLITE_DONE
             ? VG_OK
             : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "checkin_episodes");
    vg_sql_release(st, s);
    *id = sqlite3_last_insert_rowid(vg_store_db(st));
    return rc;
}

/* Unsatisfied one-offs of a participant known at `at` (as report.c). */
static int oneoffs_at(vg_store *st, int64_t did, int64_t pid, int has_last, int64_t last,
                      int64_t at, vg_oneoff *o, char **reasons, size_t *no)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_cached(st, &s,
                           "SELECT from_at, by_at, grace, travelling, reason FROM checkin_expected"
                           " WHERE participant_id = ?1 AND delegation_id = ?2 AND from_at > ?3"
                           " AND created <= ?4 AND (cancelled IS NULL OR cancelled > ?4)"
                           " ORDER BY by_at LIMIT ?5");
    *no = 0;
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, pid);
    sqlite3_bind_int64(s, 2, did);
    sqlite3_bind_int64(s, 3, has_last ? last : INT64_MIN);
    sqlite3_bind_int64(s, 4, at);
    sqlite3_bind_int(s, 5, MAX_ONEOFFS);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *r = (const char *)sqlite3_column_text(s, 4);
        o[*no].from = sqlite3_column_int64(s, 0);
        o[*no].by = sqlite3_column_int64(s, 1);
        o[*no].grace = (int64_t)sqlite3_column_int(s, 2) * 60;
        o[*no].travelling = sqlite3_column_int(s, 3);
        reasons[*no] = r ? strdup(r) : NULL;
        (*no)++;
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "checkin_expected");
    vg_sql_release(st, s);
    return rc;
}

/* 1 if the participant has a check-in after `at` other than `except`. */
static int later_checkin(vg_store *st, int64_t pid, int64_t at, int64_t except, int *yes)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_cached(st, &s,
                           "SELECT 1 FROM checkins WHERE participant_id = ?1 AND at >= ?2"
                           " AND id <> ?3 LIMIT 1");
    *yes = 0;
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, pid);
    sqlite3_bind_int64(s, 2, at);
    sqlite3_bind_int64(s, 3, except);
    rc = sqlite3_step(s);
    *yes = rc == SQLITE_ROW;
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "checkins");
    vg_sql_release(st, s);
    return rc;
}

/* What the episode check knows of the participants it saw during one write
 * transaction, so that a batch of check-ins (an import of field codes, the
 * watch, a bulk log) does not read five things back for each: their open
 * episode, their latest check-in and the latest start of their one-offs,
 * and the delegation's plan. It holds only while nothing else writes: it
 * is kept in st->tx_cache (dropped at begin, commit and rollback) with the
 * connection's sqlite3_total_changes() at the end of the last check-in it
 * followed; any other write in between (a plan, a one-off, an episode
 * synced by a report) changes that count and the knowledge is dropped. */
typedef struct {
    int64_t pid; /* 0: a free slot */
    int has_last;
    int64_t last;                /* the participant's latest check-in */
    int64_t open_id, open_start; /* their open episode, 0 when none */
    int has_oneoff;
    int64_t oneoff_from; /* the latest window start of their one-offs */
} ck_known;

typedef struct {
    int valid;       /* set by _enter when the count still matches */
    int changes;     /* sqlite3_total_changes() after the last check-in followed */
    int64_t did;     /* the delegation the known participants belong to */
    vg_delegation d; /* it (tz owned), for vg_ck_txcache_member */
    int plan_read, plan_rc;
    vg_checkin_plan plan;
    vg_sched sc; /* with its memo of slot instants, once the plan is read */
    ck_known *k;
    size_t n, cap; /* open addressing, cap a power of two */
} ck_txcache;

static void txcache_reset(ck_txcache *c, const vg_delegation *d)
{
    if (c->k)
        memset(c->k, 0, c->cap * sizeof *c->k);
    c->n = 0;
    c->plan_read = 0;
    vg_sched_memo_free(&c->sc);
    memset(&c->sc, 0, sizeof c->sc);
    free(c->d.tz);
    memset(&c->d, 0, sizeof c->d);
    c->did = 0;
    if (d && d->tz && (c->d.tz = strdup(d->tz)) != NULL) { /* what ck_member_of fills */
        c->d.id = c->did = d->id;
        memcpy(c->d.slug, d->slug, sizeof c->d.slug);
        c->d.start_day = d->start_day;
        c->d.end_day = d->end_day;
        c->d.closed = d->closed;
    }
}

static void txcache_free(void *p)
{
    ck_txcache *c = p;
    if (c) {
        txcache_reset(c, NULL);
        free(c->k);
    }
    free(c);
}

/* Our cache when it is valid for this check-in, else NULL. */
static ck_txcache *txcache(vg_store *st)
{
    ck_txcache *c = st->tx_cache_free == txcache_free ? st->tx_cache : NULL;
    return c && c->valid && st->in_tx && !sqlite3_get_autocommit(st->db) ? c : NULL;
}

static ck_known *known_find(ck_txcache *c, int64_t pid)
{
    if (!c->cap)
        return NULL;
    for (size_t i = (size_t)pid * 0x9E3779B97F4A7C15ull & (c->cap - 1);; i = (i + 1) & (c->cap - 1))
        if (c->k[i].pid == pid)
            return &c->k[i];
        else if (!c->k[i].pid)
            return NULL;
}

static ck_known *known_add(ck_txcache *c, int64_t pid)
{
    if ((c->n + 1) * 2 > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        ck_known *old = c->k, *k = calloc(cap, sizeof *k);
        size_t oldcap = c->cap;
        if (!k)
            return NULL;
        c->k = k;
        c->cap = cap;
        c->n = 0;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].pid)
                *known_add(c, old[i].pid) = old[i];
        free(old);
    }
    for (size_t i = (size_t)pid * 0x9E3779B97F4A7C15ull & (c->cap - 1);; i = (i + 1) & (c->cap - 1))
        if (!c->k[i].pid) {
            c->k[i].pid = pid;
            c->n++;
            return &c->k[i];
        }
}

void vg_ck_txcache_enter(vg_store *st)
{
    ck_txcache *c = st->tx_cache_free == txcache_free ? st->tx_cache : NULL;
    if (!st->in_tx || sqlite3_get_autocommit(st->db))
        return;
    if (!c) {
        vg_store_tx_cache_drop(st);
        if (!(c = calloc(1, sizeof *c)))
            return; /* no cache: the reads below */
        c->changes = -1;
        st->tx_cache = c;
        st->tx_cache_free = txcache_free;
    }
    c->valid = c->changes == sqlite3_total_changes(st->db);
    if (!c->valid)
        txcache_reset(c, NULL);
    c->valid = 1;
}

int vg_ck_txcache_member(vg_store *st, const char *slug, int64_t pid, vg_delegation *d)
{
    ck_txcache *c = txcache(st);
    if (!c || !c->did || strcmp(c->d.slug, slug) || !known_find(c, pid))
        return 0;
    *d = c->d;
    if (!(d->tz = strdup(c->d.tz))) {
        memset(d, 0, sizeof *d);
        return 0;
    }
    return 1;
}

void vg_ck_txcache_leave(vg_store *st, int ok)
{
    ck_txcache *c = txcache(st);
    if (!c)
        return;
    c->changes = ok ? sqlite3_total_changes(st->db) : -1;
    c->valid = 0;
}

/* Learn what a participant seen for the first time looks like, after
 * their check-in at `at` was handled (open: the episode still open). */
static int known_learn(vg_store *st, ck_txcache *c, int64_t did, int64_t pid, int64_t open_id,
                       int64_t open_start)
{
    sqlite3_stmt *s = NULL;
    ck_known *k;
    int rc = vg_sql_cached(st, &s,
                           "SELECT (SELECT max(at) FROM checkins WHERE participant_id = ?1),"
                           " (SELECT max(from_at) FROM checkin_expected WHERE participant_id = ?1"
                           " AND delegation_id = ?2)");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, pid);
    sqlite3_bind_int64(s, 2, did);
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "checkins");
    } else if ((k = known_add(c, pid)) != NULL) {
        k->has_last = sqlite3_column_type(s, 0) != SQLITE_NULL;
        k->last = sqlite3_column_int64(s, 0);
        k->has_oneoff = sqlite3_column_type(s, 1) != SQLITE_NULL;
        k->oneoff_from = sqlite3_column_int64(s, 1);
        k->open_id = open_id;
        k->open_start = open_start;
    }
    vg_sql_release(st, s);
    return rc;
}

/* After a check-in at `at` handled with `k` known: its latest moves. */
static void known_checked_in(ck_known *k, int64_t at, int64_t open_id, int64_t open_start)
{
    if (!k->has_last || at > k->last)
        k->last = at;
    k->has_last = 1;
    k->open_id = open_id;
    k->open_start = open_start;
}

/* Below, each read is skipped when the transaction's cache knows its answer
 * (same result: the tests compare a batch with and without it). */
int vg_ck_episode_on_checkin(vg_store *st, const vg_delegation *d, int64_t pid, int64_t at,
                             int64_t checkin_id)
{
    int64_t id, start, last = 0;
    int has_last = 0, later, rc = VG_OK;
    vg_checkin_plan plan;
    int has_plan;
    vg_oneoff o[MAX_ONEOFFS];
    char *reasons[MAX_ONEOFFS];
    size_t no = 0;
    vg_sched sc;
    vg_sched_state ss;

    ck_txcache *c = txcache(st);
    ck_known *k = NULL;

    if (c && c->did != d->id)
        txcache_reset(c, d);
    if (c && !c->did)
        c = NULL; /* out of memory: no cache */
    if (c && (k = known_find(c, pid)) != NULL) {
        id = k->open_id;
        start = k->open_start;
    } else if ((rc = open_episode(st, pid, &id, &start)) != VG_OK) {
        return rc;
    }
    if (id) {
        if (start > at) { /* an older check-in, pasted late: it ends nothing */
            rc = VG_OK;
            goto learn;
        }
        if ((rc = step_sql(st,
                           "UPDATE checkin_episodes SET ended = ?2, how = 1, checkin_id = ?3,"
                           " late = max(late, ?2 - start) WHERE id = ?1 AND ?4 = ?4 AND ?5 = ?5",
                           id, at, checkin_id, 0, 0)) != VG_OK ||
            (rc = audit_episode(st, d->slug, pid, id, "checked-in")) != VG_OK)
            return rc;
        id = start = 0;
        goto learn;
    }
    if (d->closed)
        goto learn;
    /* Nothing open: was the participant overdue when this check-in came?
     * Not when a later one is already there (codes pasted out of order). */
    if (k)
        later = k->has_last && k->last >= at;
    else if ((rc = later_checkin(st, pid, at, checkin_id, &later)) != VG_OK)
        return rc;
    if (later)
        goto learn;
    if (c && c->plan_read) {
        rc = c->plan_rc;
        plan = c->plan;
    } else {
        rc = vg_ck_plan(st, d->id, &plan);
        if (c && (rc == VG_OK || rc == VG_ENOTFOUND)) {
            c->plan_read = 1;
            c->plan_rc = rc;
            c->plan = plan;
        }
    }
    if (rc != VG_OK && rc != VG_ENOTFOUND)
        return rc;
    has_plan = rc == VG_OK;
    vg_error_clear();
    rc = VG_OK;
    if (k) { /* no later check-in: their latest so far is the one before */
        has_last = k->has_last;
        last = k->last;
    } else if ((rc = vg_ck_last(st, NULL, pid, at - 1, &has_last, &last, NULL, NULL, NULL)) !=
               VG_OK) {
        goto done;
    }
    if ((!k || (k->has_oneoff && (!has_last || k->oneoff_from > last))) &&
        (rc = oneoffs_at(st, d->id, pid, has_last, last, at, o, reasons, &no)) != VG_OK)
        goto done;
    sc = (vg_sched){d->tz,
                    d->start_day,
                    d->end_day,
                    plan.daily,
                    has_plan ? plan.ndaily : 0,
                    has_plan ? (int64_t)plan.early * 60 : 0,
                    has_plan ? (int64_t)plan.grace * 60 : 0,
                    NULL,
                    {0, 0},
                    0};
    if (c && !c->sc.tz) { /* the same schedule for the whole batch, its instants memoised */
        c->sc = sc;
        c->sc.tz = c->d.tz;
        c->sc.daily = c->plan.daily;
        if (vg_sched_memo_init(&c->sc) != VG_OK)
            vg_error_clear();
    }
    if ((rc = vg_sched_evaluate(c ? &c->sc : &sc, o, no, has_last, last, at, &ss)) != VG_OK)
        goto done;
    if (ss.overdue && ss.missed.deadline < at) {
        int64_t known, nid;
        int step = STEP_UNKNOWN;
        vg_ladder *l = NULL;
        if ((rc = episode_at(st, pid, ss.missed.deadline, &known)) != VG_OK || known)
            goto done;
        /* The delegation's own ladder gives the step now; the default one
         * lives in the data folder, which the listing knows. */
        if (has_plan && plan.has_ladder && vg_ck_ladder(st, d->id, NULL, &l) == VG_OK)
            step = vg_ladder_step_at(l, ss.late, ss.travelling);
        vg_ladder_free(l);
        vg_error_clear();
        if ((rc = insert_episode(st, d->id, pid, ss.missed.due, ss.missed.deadline, ss.late,
                                 ss.travelling, step,
                                 ss.missed.oneoff >= 0 ? reasons[ss.missed.oneoff] : NULL, at,
                                 VG_EPISODE_CHECKED_IN, checkin_id, &nid)) != VG_OK)
            goto done;
        rc = audit_episode(st, d->slug, pid, nid, "checked-in");
    }
done:
    for (size_t i = 0; i < no; i++)
        free(reasons[i]);
    if (rc != VG_OK)
        return rc;
learn:
    if (k)
        known_checked_in(k, at, id, start);
    else if (c)
        rc = known_learn(st, c, d->id, pid, id, start);
    return rc;
}

int vg_episode_sync(vg_store *st, const vg_checkin_report *r, size_t *changed_out)
{
    vg_delegation *d = NULL;
    size_t changed = 0;
    int rc;

    if (changed_out)
        *changed_out = 0;
    if ((rc = vg_ck_delegation(st, r->slug, &d)) != VG_OK)
        return rc;
    for (size_t i = 0; rc == VG_OK && i < r->n; i++) {
        const vg_checkin_state *row = &r->rows[i];
        int64_t id, start;
        if ((rc = open_episode(st, row->participant_id, &id, &start)) != VG_OK)
            break;
        if (id && (!row->overdue || start != row->missed_deadline)) {
            /* It ended: by a check-in after it started, or nothing is due. */
            int by_checkin = row->has_last && row->last_at >= start;
            rc = step_sql(st,
                          "UPDATE checkin_episodes SET ended = ?2, how = ?3 WHERE id = ?1"
                          " AND ?4 = ?4 AND ?5 = ?5",
                          id, by_checkin ? row->last_at : r->at,
                          by_checkin ? VG_EPISODE_CHECKED_IN : VG_EPISODE_NOT_DUE, 0, 0);
            if (rc == VG_OK)
                rc = audit_episode(st, d->slug, row->participant_id, id,
                                   by_checkin ? "checked-in" : "not-due");
            changed++;
            id = 0;
        }
        if (rc != VG_OK || !row->overdue)
            continue;
        if (!id && (rc = episode_at(st, row->participant_id, row->missed_deadline, &id)) != VG_OK)
            break;
        if (id) {
            rc = step_sql(st,
                          "UPDATE checkin_episodes SET late = max(late, ?2),"
                          " step = max(step, ?3), travelling = max(travelling, ?4)"
                          " WHERE id = ?1 AND ?5 = ?5",
                          id, row->late, row->step, row->travelling, 0);
        } else {
            rc = insert_episode(st, d->id, row->participant_id, row->missed_due,
                                row->missed_deadline, row->late, row->travelling, row->step,
                                row->missed_reason, 0, VG_EPISODE_OPEN, 0, &id);
            if (rc == VG_OK)
                rc = audit_episode(st, d->slug, row->participant_id, id, "open");
            changed++;
        }
    }
    vg_delegation_free(d);
    if (rc == VG_OK && changed_out)
        *changed_out = changed;
    return rc;
}

int vg_ck_episode_resolve(vg_store *st, int64_t did, int64_t pid, const char *note, int64_t now,
                          int *closed)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s,
                            "UPDATE checkin_episodes SET ended = ?3, how = 3, note = ?4"
                            " WHERE delegation_id = ?1 AND participant_id = ?2 AND ended IS NULL");
    *closed = 0;
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    sqlite3_bind_int64(s, 2, pid);
    sqlite3_bind_int64(s, 3, now);
    sqlite3_bind_text(s, 4, note, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "checkin_episodes");
        goto done;
    }
    *closed = sqlite3_changes(vg_store_db(st));
    sqlite3_finalize(s);
    s = NULL;
    /* Episodes that ended on their own get the note too, when they have none
     * (counted: a note on them is a resolution too). */
    if ((rc = vg_sql_prepare(st, &s,
                             "UPDATE checkin_episodes SET note = ?3 WHERE delegation_id = ?1"
                             " AND participant_id = ?2 AND note IS NULL")) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, did);
    sqlite3_bind_int64(s, 2, pid);
    sqlite3_bind_text(s, 3, note, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "checkin_episodes");
    else
        *closed += sqlite3_changes(vg_store_db(st));
done:
    sqlite3_finalize(s);
    return rc;
}

void vg_episode_entries_free(vg_episode_entry *e, size_t n)
{
    for (size_t i = 0; e && i < n; i++) {
        free(e[i].participant);
        free(e[i].reason);
        free(e[i].note);
    }
    free(e);
}

typedef struct {
    vg_store *st;
    const char *data_dir;
    int64_t did;
    vg_ladder *l; /* read once, for episodes whose step was not kept */
} episode_read;

static int read_episode(sqlite3_stmt *s, void *elem, void *ud)
{
    vg_episode_entry *x = elem;
    episode_read *r = ud;
    x->id = sqlite3_column_int64(s, 0);
    x->participant_id = sqlite3_column_int64(s, 1);
    x->participant = vg_sql_col_dup(s, 2);
    x->due = sqlite3_column_int64(s, 3);
    x->start = sqlite3_column_int64(s, 4);
    x->late = sqlite3_column_int64(s, 5);
    x->travelling = sqlite3_column_int(s, 6);
    x->step = sqlite3_column_int(s, 7);
    x->end = sqlite3_column_int64(s, 8);
    x->how = (vg_episode_end)sqlite3_column_int(s, 9);
    x->checkin_id = sqlite3_column_int64(s, 10);
    x->reason = vg_sql_col_dup(s, 11);
    x->note = vg_sql_col_dup(s, 12);
    r->did = sqlite3_column_int64(s, 13);
    if (x->step == STEP_UNKNOWN) {
        if (!r->l && vg_ck_ladder(r->st, r->did, r->data_dir, &r->l) != VG_OK)
            vg_error_clear();
        x->step = r->l ? vg_ladder_step_at(r->l, x->late, x->travelling) : -1;
    }
    return VG_OK;
}

int vg_checkin_episodes(vg_store *st, const char *slug, int all, const char *data_dir,
                        vg_episode_entry **out, size_t *n)
{
    episode_read r = {st, data_dir, 0, NULL};
    void *rows;
    size_t count;
    int rc = vg_ck_delegation_rows(
        st, slug,
        "SELECT e.id, e.participant_id, p.name, e.due, e.start, e.late,"
        " e.travelling, e.step, e.ended, e.how, e.checkin_id, e.reason, e.note, e.delegation_id"
        " FROM checkin_episodes e LEFT JOIN participant p ON p.id = e.participant_id"
        " WHERE e.delegation_id = ?1 AND (?2 OR e.ended IS NULL)"
        " ORDER BY e.start DESC, e.id DESC",
        all, sizeof **out, read_episode, &r, "checkin_episodes", &rows, &count);
    vg_ladder_free(r.l);
    *out = NULL;
    *n = 0;
    if (rc != VG_OK) {
        vg_episode_entries_free(rows, count);
        return rc;
    }
    *out = rows;
    *n = count;
    return VG_OK;
}
