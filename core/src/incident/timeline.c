/* An incident's timeline: every call attempt, decision, message and person
 * informed, timed and attributed, and what the watch told people about those
 * involved while the incident was open (read from the notify module when
 * the timeline is shown, so that notifications sent after the incident was
 * opened appear too). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/incident.h>
#include <vigie/notify.h>

#include "incident/incident_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"
#include "util/text.h"

/* How far before the incident the watch's notifications count: the overdue
 * steps that led to it. */
#define NOTIFY_BEFORE (24 * 3600)

int vg_inc_log_add(vg_store *st, const vg_secret *k, int64_t incident_id, int64_t at,
                   vg_entry_kind kind, const char *by, const char *text)
{
    sqlite3_stmt *s = NULL;
    int rc, seq;
    if ((rc = vg_sql_prepare(st, &s,
                             "SELECT coalesce(max(seq), 0) + 1 FROM incident_log"
                             " WHERE incident_id = ?1")) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, incident_id);
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "incident log");
        sqlite3_finalize(s);
        return rc;
    }
    seq = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if ((rc = vg_sql_prepare(st, &s,
                             "INSERT INTO incident_log (incident_id, seq, at, kind, by, text,"
                             " logged) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, incident_id);
    sqlite3_bind_int(s, 2, seq);
    sqlite3_bind_int64(s, 3, at);
    sqlite3_bind_int(s, 4, (int)kind);
    vg_sql_bind_text(s, 5, by && *by ? by : vg_actor());
    sqlite3_bind_int64(s, 7, vg_now());
    if ((rc = vg_inc_bind(s, 6, text, k, incident_id, VG_TAG_LOG + (uint32_t)seq)) == VG_OK)
        rc = vg_sql_step_done(st, s, "incident log");
    sqlite3_finalize(s);
    return rc;
}

int vg_incident_log(vg_store *st, const char *slug, const char *ref, vg_entry_kind kind, int64_t at,
                    const char *by, const char *text)
{
    vg_secret *k = NULL;
    int64_t id, closed;
    int num, sealed, rc;
    char obj[96];
    if (kind < VG_ENTRY_CALL || kind > VG_ENTRY_NOTE)
        return vg_error_set(VG_EINVALID, "%s",
                            _("a logged entry is a call, a decision, a message, someone informed "
                              "or a note"));
    if (!text || !*text)
        return vg_error_set(VG_EINVALID, "%s", _("a timeline entry needs a text"));
    if ((rc = vg_text_check(text, _("the entry"), 2000, 1)) != VG_OK ||
        (by && (rc = vg_text_check(by, _("who logged it"), 200, 0)) != VG_OK))
        return rc;
    if ((rc = vg_inc_resolve(st, slug, ref, &id, &num, &sealed, &closed)) != VG_OK)
        return rc;
    if (closed)
        return vg_error_set(VG_EINVALID, _("incident I%d is closed: its timeline is final"), num);
    if (!at)
        at = vg_now();
    if (at > vg_now() + 300)
        return vg_error_set(VG_EINVALID, "%s", _("a timeline entry cannot be in the future"));
    if (sealed && (rc = vg_inc_key(st, &k)) != VG_OK)
        return rc;
    rc = vg_inc_log_add(st, k, id, at, kind, by, text);
    vg_secret_free(k);
    if (rc == VG_OK) {
        snprintf(obj, sizeof obj, "%s/I%d", slug, num);
        rc = vg_audit_append(st, "incident.log", obj, vg_incident_entry_name(kind));
    }
    return rc;
}

static int push(vg_incident_entry **v, size_t *n, size_t *cap, int64_t at, vg_entry_kind kind,
                char *by, char *text)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        vg_incident_entry *g = realloc(*v, nc * sizeof *g);
        if (!g) {
            free(by);
            free(text);
            return vg_error_oom();
        }
        *v = g;
        *cap = nc;
    }
    (*v)[*n].at = at;
    (*v)[*n].kind = kind;
    (*v)[*n].by = by;
    (*v)[*n].text = text;
    (*v)[*n].hidden = 0;
    (*n)++;
    return VG_OK;
}

/* Stable: entries at the same time keep the order they were logged in. */
static void sort_by_time(vg_incident_entry *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        vg_incident_entry e = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1].at > e.at) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = e;
    }
}

int vg_incident_timeline(vg_store *st, const vg_incident *inc, int reveal, vg_incident_entry **out,
                         size_t *n)
{
    sqlite3_stmt *s = NULL;
    vg_secret *k = NULL;
    vg_incident_entry *v = NULL;
    size_t cnt = 0, cap = 0;
    int rc = VG_OK, src;
    *out = NULL;
    *n = 0;
    if (inc->sealed && reveal && (rc = vg_inc_key(st, &k)) != VG_OK)
        return rc;
    if ((rc = vg_sql_prepare(st, &s,
                             "SELECT seq, at, kind, by, text FROM incident_log"
                             " WHERE incident_id = ?1 ORDER BY at, seq")) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, inc->id);
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        char *text = NULL, *by = vg_sql_col_dup(s, 3);
        if ((rc = vg_inc_col(s, 4, k, inc->id, VG_TAG_LOG + (uint32_t)sqlite3_column_int(s, 0),
                             &text)) != VG_OK) {
            free(by);
            break;
        }
        if ((rc = push(&v, &cnt, &cap, sqlite3_column_int64(s, 1),
                       (vg_entry_kind)sqlite3_column_int(s, 2), by, text)) != VG_OK)
            break;
        v[cnt - 1].hidden = !k && sqlite3_column_type(s, 4) == SQLITE_BLOB;
    }
    if (rc == VG_OK && src != SQLITE_DONE)
        rc = vg_sql_fail(st, src, "incident log");
    /* the watch's notifications about the participants affected (not the
     * witnesses': their own lateness is another matter) */
    for (size_t p = 0; p < inc->npeople && rc == VG_OK; p++) {
        vg_notify_entry *ne = NULL;
        size_t nn = 0;
        int64_t to = inc->closed ? inc->closed : vg_now();
        if (inc->people[p].participant_id <= 0 || strcmp(inc->people[p].role, "affected") != 0)
            continue;
        rc = vg_notify_about(st, inc->people[p].participant_id, inc->occurred - NOTIFY_BEFORE, to,
                             &ne, &nn);
        for (size_t i = 0; i < nn && rc == VG_OK; i++) {
            char line[512];
            snprintf(line, sizeof line, _("%s to %s: %s"), ne[i].channel,
                     ne[i].recipient ? ne[i].recipient : "?", ne[i].subject ? ne[i].subject : "");
            char *t = strdup(line), *b = strdup("watch");
            if (!t || !b) {
                free(t);
                free(b);
                rc = vg_error_oom();
                break;
            }
            /* a notification names the person: sealed with the incident */
            if (inc->sealed && !reveal) {
                free(t);
                t = NULL;
            }
            rc = push(&v, &cnt, &cap, ne[i].sent, VG_ENTRY_NOTIFICATION, b, t);
            if (rc == VG_OK)
                v[cnt - 1].hidden = inc->sealed && !reveal;
        }
        vg_notify_entries_free(ne, nn);
    }
done:
    sqlite3_finalize(s);
    vg_secret_free(k);
    if (rc != VG_OK) {
        vg_incident_entries_free(v, cnt);
        return rc;
    }
    sort_by_time(v, cnt);
    *out = v;
    *n = cnt;
    return VG_OK;
}

void vg_incident_entries_free(vg_incident_entry *e, size_t n)
{
    for (size_t i = 0; e && i < n; i++) {
        free(e[i].by);
        if (e[i].text) {
            sodium_memzero(e[i].text, strlen(e[i].text));
            free(e[i].text);
        }
    }
    free(e);
}
