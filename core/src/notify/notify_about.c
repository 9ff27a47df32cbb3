/* The notifications about one participant: what the watch told people while
 * an incident was open, for the incident's timeline (incident/timeline.c). */
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>
#include <vigie/notify.h>

#include "store/store_internal.h"

int vg_notify_about(vg_store *st, int64_t participant_id, int64_t from, int64_t to,
                    vg_notify_entry **out, size_t *n)
{
    sqlite3_stmt *s = NULL;
    vg_notify_entry *v = NULL;
    size_t cnt = 0, cap = 0;
    int rc, src;
    *out = NULL;
    *n = 0;
    rc = vg_sql_prepare(st, &s,
                        "SELECT o.id, d.slug, r.name, o.channel, o.subject, o.created, o.sent,"
                        " o.attempts, o.error FROM notify_events e"
                        " JOIN notify_outbox o ON o.event_id = e.id"
                        " JOIN delegation d ON d.id = e.delegation_id"
                        " LEFT JOIN notify_recipients r ON r.id = o.recipient_id"
                        " WHERE e.participant_id = ?1 AND o.sent IS NOT NULL"
                        " AND o.sent >= ?2 AND o.sent <= ?3 ORDER BY o.sent, o.id");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, participant_id);
    sqlite3_bind_int64(s, 2, from);
    sqlite3_bind_int64(s, 3, to);
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        if (cnt == cap) {
            size_t nc = cap ? cap * 2 : 8;
            vg_notify_entry *g = realloc(v, nc * sizeof *g);
            if (!g) {
                rc = vg_error_oom();
                break;
            }
            v = g;
            cap = nc;
        }
        vg_notify_entry *e = &v[cnt++];
        memset(e, 0, sizeof *e);
        e->id = sqlite3_column_int64(s, 0);
        e->delegation = vg_sql_col_dup(s, 1);
        e->recipient = vg_sql_col_dup(s, 2);
        e->channel = vg_sql_col_dup(s, 3);
        e->subject = vg_sql_col_dup(s, 4);
        e->created = sqlite3_column_int64(s, 5);
        e->sent = sqlite3_column_int64(s, 6);
        e->attempts = sqlite3_column_int(s, 7);
        e->error = vg_sql_col_dup(s, 8);
    }
    if (rc == VG_OK && src != SQLITE_DONE)
        rc = vg_sql_fail(st, src, "notify about");
    sqlite3_finalize(s);
    if (rc != VG_OK) {
        vg_notify_entries_free(v, cnt);
        return rc;
    }
    *out = v;
    *n = cnt;
    return VG_OK;
}
