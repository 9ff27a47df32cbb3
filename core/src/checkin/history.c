/* The history of check-ins and the list of alerts, read for the CLI and the
 * exports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>

#include "checkin/checkin_internal.h"
#include "delegation/delegation_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"

void vg_checkin_entries_free(vg_checkin_entry *e, size_t n)
{
    for (size_t i = 0; e && i < n; i++) {
        free(e[i].participant);
        free(e[i].where);
        free(e[i].via);
        free(e[i].note);
        free(e[i].source);
    }
    free(e);
}

typedef struct {
    int64_t id;
    const char *name;
} person;

static int by_id(const void *a, const void *b)
{
    int64_t x = ((const person *)a)->id, y = ((const person *)b)->id;
    return x < y ? -1 : x > y;
}

int vg_checkin_history(vg_store *st, const char *slug, int64_t participant_id, int64_t last,
                       vg_checkin_entry **out, size_t *n)
{
    vg_delegation *d = NULL;
    vg_participant **people = NULL;
    size_t npeople = 0, cap = 0, count = 0;
    vg_checkin_entry *e = NULL;
    person *idx = NULL;
    sqlite3_stmt *s = NULL;
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = vg_ck_delegation(st, slug, &d)) != VG_OK)
        goto done;
    if (participant_id > 0 && (rc = vg_ck_member(st, d, participant_id)) != VG_OK)
        goto done;
    if ((rc = vg_participant_list(st, d->slug, &people, &npeople)) != VG_OK)
        goto done;
    /* Names by binary search over the participants sorted by id: never a
     * scan of the participants for every row. */
    if (npeople && !(idx = calloc(npeople, sizeof *idx))) {
        rc = vg_error_oom();
        goto done;
    }
    for (size_t i = 0; i < npeople; i++) {
        idx[i].id = people[i]->id;
        idx[i].name = people[i]->v[VG_PF_NAME];
    }
    if (npeople)
        qsort(idx, npeople, sizeof *idx, by_id);
    /* Newest first with a limit, then turned around: oldest first. One
     * participant's through checkins_participant_at, the delegation's
     * through checkins_delegation_at (two statements: an "OR" would make
     * both use the delegation's index). */
    rc = vg_sql_prepare(st, &s,
                        participant_id > 0
                            ? VG_CK_HISTORY_ONE_SQL
                            : "SELECT id, participant_id, at, status, place, via, note, source,"
                              " logged FROM checkins WHERE delegation_id = ?1"
                              " ORDER BY at DESC, id DESC LIMIT ?3");
    if (rc != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, d->id);
    if (participant_id > 0)
        sqlite3_bind_int64(s, 2, participant_id);
    sqlite3_bind_int64(s, 3, last > 0 ? last : -1);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        vg_checkin_entry *x;
        if (count == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            vg_checkin_entry *g = realloc(e, ncap * sizeof *e);
            if (!g) {
                rc = vg_error_oom();
                goto done;
            }
            e = g;
            cap = ncap;
        }
        x = &e[count++];
        memset(x, 0, sizeof *x);
        x->id = sqlite3_column_int64(s, 0);
        x->participant_id = sqlite3_column_int64(s, 1);
        x->at = sqlite3_column_int64(s, 2);
        x->status = (vg_checkin_status)sqlite3_column_int(s, 3);
        x->where = vg_sql_col_dup(s, 4);
        x->via = vg_sql_col_dup(s, 5);
        x->note = vg_sql_col_dup(s, 6);
        x->source = vg_sql_col_dup(s, 7);
        x->logged = sqlite3_column_int64(s, 8);
        {
            person key = {x->participant_id, NULL};
            const person *who = npeople ? bsearch(&key, idx, npeople, sizeof *idx, by_id) : NULL;
            if (who && who->name)
                x->participant = strdup(who->name);
        }
    }
    if (rc != SQLITE_DONE) {
        rc = vg_sql_fail(st, rc, "checkins");
        goto done;
    }
    rc = VG_OK;
    for (size_t i = 0; i < count / 2; i++) {
        vg_checkin_entry t = e[i];
        e[i] = e[count - 1 - i];
        e[count - 1 - i] = t;
    }
    *out = e;
    *n = count;
    e = NULL;
    count = 0;
done:
    sqlite3_finalize(s);
    free(idx);
    vg_checkin_entries_free(e, count);
    vg_participant_list_free(people, npeople);
    vg_delegation_free(d);
    return rc;
}

void vg_alert_entries_free(vg_alert_entry *e, size_t n)
{
    for (size_t i = 0; e && i < n; i++) {
        free(e[i].participant);
        free(e[i].where);
        free(e[i].detail);
        free(e[i].note);
    }
    free(e);
}

static int read_alert(sqlite3_stmt *s, void *elem, void *ud)
{
    vg_alert_entry *x = elem;
    (void)ud;
    x->id = sqlite3_column_int64(s, 0);
    x->participant_id = sqlite3_column_int64(s, 1);
    x->participant = vg_sql_col_dup(s, 2);
    x->kind = (vg_alert_kind)sqlite3_column_int(s, 3);
    x->opened = sqlite3_column_int64(s, 4);
    x->resolved = sqlite3_column_int64(s, 5);
    x->checkin_at = sqlite3_column_int64(s, 6);
    x->where = vg_sql_col_dup(s, 7);
    x->detail = vg_sql_col_dup(s, 8);
    x->note = vg_sql_col_dup(s, 9);
    return VG_OK;
}

int vg_ck_delegation_rows(vg_store *st, const char *slug, const char *sql, int all, size_t size,
                          vg_sql_row_fn read, void *ud, const char *what, void **out, size_t *n)
{
    vg_delegation *d = NULL;
    sqlite3_stmt *s = NULL;
    int rc;
    *out = NULL;
    *n = 0;
    if ((rc = vg_ck_delegation(st, slug, &d)) == VG_OK &&
        (rc = vg_sql_prepare(st, &s, sql)) == VG_OK) {
        sqlite3_bind_int64(s, 1, d->id);
        sqlite3_bind_int(s, 2, all ? 1 : 0);
        rc = vg_sql_rows(st, s, size, out, n, read, ud, what);
    }
    sqlite3_finalize(s);
    vg_delegation_free(d);
    return rc;
}

int vg_checkin_alerts(vg_store *st, const char *slug, int all, vg_alert_entry **out, size_t *n)
{
    void *rows;
    size_t count;
    int rc = vg_ck_delegation_rows(
        st, slug,
        "SELECT a.id, a.participant_id, p.name, a.kind, a.opened, a.resolved, c.at,"
        " c.place, a.detail, a.note FROM checkin_alerts a"
        " LEFT JOIN participant p ON p.id = a.participant_id"
        " LEFT JOIN checkins c ON c.id = a.checkin_id"
        " WHERE a.delegation_id = ?1 AND (?2 OR a.resolved IS NULL)"
        " ORDER BY a.opened DESC, a.id DESC",
        all, sizeof **out, read_alert, NULL, "checkin_alerts", &rows, &count);
    *out = NULL;
    *n = 0;
    if (rc != VG_OK) {
        vg_alert_entries_free(rows, count);
        return rc;
    }
    *out = rows;
    *n = count;
    return VG_OK;
}
