/* The check-in log as a stream (vg_checkin_each), for exports: one row at a
 * time through checkins_delegation_at, names looked up in a sorted array of
 * the delegation's participants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/checkin.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>

#include "checkin/checkin_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"

typedef struct {
    int64_t id;
    const char *name;
} person;

static int by_id(const void *a, const void *b)
{
    int64_t x = ((const person *)a)->id, y = ((const person *)b)->id;
    return x < y ? -1 : x > y;
}

static const char *col(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

int vg_checkin_each(vg_store *st, const char *slug, vg_checkin_cb cb, void *payload)
{
    vg_delegation *d = NULL;
    vg_participant **people = NULL;
    person *idx = NULL;
    size_t np = 0;
    sqlite3_stmt *s = NULL;
    int rc, shrunk = 0;
    long long cache = -2000; /* SQLite's default, if the pragma says nothing */

    if ((rc = vg_ck_delegation(st, slug, &d)) != VG_OK ||
        (rc = vg_participant_list(st, d->slug, &people, &np)) != VG_OK)
        goto done;
    if (np && !(idx = calloc(np, sizeof *idx))) {
        rc = vg_error_oom();
        goto done;
    }
    for (size_t i = 0; i < np; i++) {
        idx[i].id = people[i]->id;
        idx[i].name = people[i]->v[VG_PF_NAME];
    }
    if (np)
        qsort(idx, np, sizeof *idx, by_id);
    /* A walk reads each page once: a small page cache for it keeps the
     * memory of an export flat (the store's own is 64 MiB, for queries that
     * come back to the same pages); restored below. */
    if ((rc = vg_sql_prepare(st, &s, "PRAGMA cache_size")) != VG_OK)
        goto done;
    if (sqlite3_step(s) == SQLITE_ROW)
        cache = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    s = NULL;
    if ((rc = vg_sql_exec(st, "PRAGMA cache_size = -2048")) != VG_OK)
        goto done;
    shrunk = 1;
    rc = vg_sql_prepare(st, &s,
                        "SELECT id, participant_id, at, status, place, via, note, source, logged"
                        " FROM checkins WHERE delegation_id = ?1 ORDER BY at, id");
    if (rc != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, d->id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        vg_checkin_entry e;
        person key, *who;
        memset(&e, 0, sizeof e);
        e.id = sqlite3_column_int64(s, 0);
        e.participant_id = sqlite3_column_int64(s, 1);
        e.at = sqlite3_column_int64(s, 2);
        e.status = (vg_checkin_status)sqlite3_column_int(s, 3);
        /* the strings are SQLite's until the next step: cb only reads them */
        e.where = (char *)col(s, 4);
        e.via = (char *)col(s, 5);
        e.note = (char *)col(s, 6);
        e.source = (char *)col(s, 7);
        e.logged = sqlite3_column_int64(s, 8);
        key.id = e.participant_id;
        who = np ? bsearch(&key, idx, np, sizeof *idx, by_id) : NULL;
        e.participant = who ? (char *)who->name : NULL;
        if ((rc = cb(&e, payload)) != 0)
            goto done;
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "checkins");
done:
    sqlite3_finalize(s);
    if (shrunk) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", cache);
        if (vg_sql_exec(st, sql) != VG_OK && rc == VG_OK)
            rc = VG_ERROR;
    }
    free(idx);
    vg_participant_list_free(people, np);
    vg_delegation_free(d);
    return rc;
}
