/* Check-ins and alerts: the seam every way a check-in arrives goes through
 * (logged by hand, a field-kit code, a check-in card). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <vigie/audit.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/error.h>

#include "checkin/checkin_internal.h"
#include "delegation/delegation_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"

/* A check-in may be dated a little ahead of our clock (the participant's
 * phone may run fast), never more. */
#define FUTURE_SLACK (10 * 60)

int vg_checkin_status_parse(const char *text, vg_checkin_status *out)
{
    static const struct {
        const char *name;
        vg_checkin_status s;
    } names[] = {{"ok", VG_CHECKIN_OK},
                 {"help", VG_CHECKIN_HELP},
                 {"emergency", VG_CHECKIN_EMERGENCY},
                 {"aide", VG_CHECKIN_HELP},
                 {"urgence", VG_CHECKIN_EMERGENCY}};
    for (size_t i = 0; text && i < sizeof names / sizeof names[0]; i++)
        if (!strcasecmp(text, names[i].name)) {
            *out = names[i].s;
            return VG_OK;
        }
    return vg_error_set(VG_EINVALID, _("\"%s\" is not a check-in status (ok, help, emergency)"),
                        text ? text : "");
}

const char *vg_checkin_status_name(vg_checkin_status s)
{
    switch (s) {
    case VG_CHECKIN_OK:
        return "ok";
    case VG_CHECKIN_HELP:
        return "help";
    case VG_CHECKIN_EMERGENCY:
        return "emergency";
    }
    return "?";
}

int vg_ck_delegation(vg_store *st, const char *slug, vg_delegation **out)
{
    *out = NULL;
    if (!slug || !*slug)
        return vg_error_set(VG_EINVALID, "%s", _("no delegation named"));
    return vg_delegation_get(st, slug, out);
}

static const char member_sql[] = "SELECT 1 FROM participant WHERE id = ?1 AND delegation_id = ?2";

int vg_ck_member(vg_store *st, const vg_delegation *d, int64_t pid)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_cached(st, &s, member_sql);
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, pid);
    sqlite3_bind_int64(s, 2, d->id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        rc = VG_OK;
    else if (rc == SQLITE_DONE)
        rc = vg_error_set(VG_ENOTFOUND, _("participant %lld is not in delegation \"%s\""),
                          (long long)pid, d->slug);
    else
        rc = vg_sql_fail(st, rc, "participant");
    vg_sql_release(st, s);
    return rc;
}

static int check_field(const char *what, const char *v, size_t max, int lines)
{
    if (v && (!*v || !vg_ck_text_ok(v, max, lines)))
        return vg_error_set(VG_EINVALID, _("%s: 1 to %zu bytes of text without control characters"),
                            what, max);
    return VG_OK;
}

int vg_ck_alert_open(vg_store *st, const vg_delegation *d, int64_t pid, vg_alert_kind kind,
                     int64_t checkin_id, const char *detail)
{
    sqlite3_stmt *s = NULL;
    char obj[96], det[96];
    int rc;
    if (kind < VG_ALERT_HELP || kind > VG_ALERT_KIND_MAX)
        return vg_error_set(VG_EINVALID, _("unknown alert kind %d"), (int)kind);
    if ((rc = check_field("detail", detail, 1000, 1)) != VG_OK)
        return rc;
    rc = vg_sql_prepare(st, &s,
                        "INSERT INTO checkin_alerts (delegation_id, participant_id, kind,"
                        " checkin_id, detail, opened) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, d->id);
    sqlite3_bind_int64(s, 2, pid);
    sqlite3_bind_int(s, 3, (int)kind);
    if (checkin_id > 0)
        sqlite3_bind_int64(s, 4, checkin_id);
    vg_sql_bind_text(s, 5, detail);
    sqlite3_bind_int64(s, 6, vg_now());
    rc = sqlite3_step(s) == SQLITE_DONE
             ? VG_OK
             : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "checkin_alerts");
    sqlite3_finalize(s);
    if (rc != VG_OK)
        return rc;
    vg_model_participant_object(obj, sizeof obj, d->slug, pid);
    snprintf(det, sizeof det, "alert %lld %s",
             (long long)sqlite3_last_insert_rowid(vg_store_db(st)), vg_alert_kind_name(kind));
    return vg_audit_append(st, "checkin.alert", obj, det);
}

static const char checkin_insert_sql[] =
    "INSERT INTO checkins (delegation_id, participant_id, at, status, place,"
    " via, note, source, logged) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

/* The delegation of a check-in and the participant's membership in one
 * cached statement (a check-in is logged per message, and by the thousand
 * in an import): only when it finds nothing do the full look-ups run, for
 * their messages. */
static const char member_of_sql[] = "SELECT d.id, d.tz, d.start_day, d.end_day, d.closed"
                                    " FROM delegation d JOIN participant p"
                                    " ON p.delegation_id = d.id WHERE d.slug = ?1 AND p.id = ?2";

static int ck_member_of(vg_store *st, const char *slug, int64_t pid, vg_delegation *out)
{
    sqlite3_stmt *s = NULL;
    vg_delegation *d = NULL;
    int rc;
    memset(out, 0, sizeof *out);
    if (!slug || !*slug || strlen(slug) >= sizeof out->slug)
        goto slow;
    if ((rc = vg_sql_cached(st, &s, member_of_sql)) != VG_OK)
        return rc;
    sqlite3_bind_text(s, 1, slug, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, pid);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        snprintf(out->slug, sizeof out->slug, "%s", slug);
        out->start_day = sqlite3_column_int(s, 2);
        out->end_day = sqlite3_column_int(s, 3);
        out->closed = sqlite3_column_int(s, 4);
        rc = (out->tz = vg_sql_col_dup(s, 1)) ? VG_OK : vg_error_oom();
    } else if (rc != SQLITE_DONE) {
        rc = vg_sql_fail(st, rc, "participant");
    }
    vg_sql_release(st, s);
    if (rc != SQLITE_DONE)
        return rc;
slow: /* not found: the full look-ups say which of the two is missing */
    if ((rc = vg_ck_delegation(st, slug, &d)) == VG_OK)
        rc = vg_ck_member(st, d, pid);
    vg_delegation_free(d);
    return rc == VG_OK ? vg_error_set(VG_ERROR, _("database error (%s: %s)"), "participant", slug)
                       : rc;
}

int vg_checkin_log(vg_store *st, const char *slug, const vg_checkin *c, int64_t *id_out)
{
    vg_delegation dd = {0}, *d = &dd;
    sqlite3_stmt *s = NULL;
    const char *source = c->source ? c->source : "manual";
    int64_t id = 0;
    char det[128], obj[96];
    int rc;

    if (c->status != VG_CHECKIN_OK && c->status != VG_CHECKIN_HELP &&
        c->status != VG_CHECKIN_EMERGENCY) {
        rc = vg_error_set(VG_EINVALID, _("unknown check-in status %d"), (int)c->status);
        goto done;
    }
    if (strcmp(source, "manual") && strcmp(source, "code") && strcmp(source, "card")) {
        rc = vg_error_set(VG_EINVALID, _("unknown check-in source \"%s\" (manual, code, card)"),
                          source);
        goto done;
    }
    if ((rc = check_field(_("place"), c->where, 200, 0)) != VG_OK ||
        (rc = check_field(_("channel"), c->via, 100, 0)) != VG_OK ||
        (rc = check_field(_("note"), c->note, 1000, 1)) != VG_OK)
        goto done;
    if (c->at <= 0 || c->at > vg_now() + FUTURE_SLACK) {
        char when[32];
        vg_time_format_utc(when, c->at);
        rc = vg_error_set(VG_EINVALID, _("a check-in at %s is in the future"), when);
        goto done;
    }
    vg_ck_txcache_enter(st);
    if (!vg_ck_txcache_member(st, slug, c->participant_id, &dd) &&
        (rc = ck_member_of(st, slug, c->participant_id, &dd)) != VG_OK)
        goto done;
    if ((rc = vg_sql_cached(st, &s, checkin_insert_sql)) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, d->id);
    sqlite3_bind_int64(s, 2, c->participant_id);
    sqlite3_bind_int64(s, 3, c->at);
    sqlite3_bind_int(s, 4, (int)c->status);
    vg_sql_bind_text(s, 5, c->where);
    vg_sql_bind_text(s, 6, c->via);
    vg_sql_bind_text(s, 7, c->note);
    sqlite3_bind_text(s, 8, source, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 9, vg_now());
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "checkins");
        goto done;
    }
    id = sqlite3_last_insert_rowid(vg_store_db(st));
    vg_sql_release(st, s);
    s = NULL;
    vg_model_participant_object(obj, sizeof obj, d->slug, c->participant_id);
    snprintf(det, sizeof det, "checkin %lld %s %s", (long long)id,
             vg_checkin_status_name(c->status), source);
    if ((rc = vg_audit_append(st, "checkin.log", obj, det)) != VG_OK)
        goto done;
    if (c->status != VG_CHECKIN_OK &&
        (rc = vg_ck_alert_open(st, d, c->participant_id,
                               c->status == VG_CHECKIN_HELP ? VG_ALERT_HELP : VG_ALERT_EMERGENCY,
                               id, NULL)) != VG_OK)
        goto done;
    if (c->duress &&
        (rc = vg_ck_alert_open(st, d, c->participant_id, VG_ALERT_DURESS, id, NULL)) != VG_OK)
        goto done;
    if ((rc = vg_ck_episode_on_checkin(st, d, c->participant_id, c->at, id)) != VG_OK)
        goto done;
    if (id_out)
        *id_out = id;
done:
    vg_sql_release(st, s);
    vg_ck_txcache_leave(st, rc == VG_OK);
    free(dd.tz);
    return rc;
}

int vg_alert_open(vg_store *st, const char *slug, int64_t participant_id, vg_alert_kind kind,
                  const char *detail)
{
    vg_delegation *d = NULL;
    int rc = vg_ck_delegation(st, slug, &d);
    if (rc == VG_OK)
        rc = vg_ck_member(st, d, participant_id);
    if (rc == VG_OK)
        rc = vg_ck_alert_open(st, d, participant_id, kind, 0, detail);
    vg_delegation_free(d);
    return rc;
}

int vg_alert_raise(vg_store *st, const char *slug, int64_t participant_id, vg_alert_kind kind,
                   const char *detail, int *reflagged)
{
    vg_delegation *d = NULL;
    sqlite3_stmt *s = NULL;
    char obj[96], det[96], stamp[32];
    int64_t id = 0;
    int rc;

    if (reflagged)
        *reflagged = 0;
    if ((rc = check_field("detail", detail, 1000, 1)) != VG_OK ||
        (rc = vg_ck_delegation(st, slug, &d)) != VG_OK ||
        (rc = vg_ck_member(st, d, participant_id)) != VG_OK)
        goto done;
    rc = vg_sql_prepare(st, &s,
                        "SELECT id FROM checkin_alerts WHERE delegation_id = ?1"
                        " AND participant_id = ?2 AND kind = ?3 AND resolved IS NULL"
                        " ORDER BY id DESC LIMIT 1");
    if (rc != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, d->id);
    sqlite3_bind_int64(s, 2, participant_id);
    sqlite3_bind_int(s, 3, (int)kind);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        id = sqlite3_column_int64(s, 0);
    else if (rc != SQLITE_DONE) {
        rc = vg_sql_fail(st, rc, "checkin_alerts");
        goto done;
    }
    sqlite3_finalize(s);
    s = NULL;
    if (!id) {
        rc = vg_ck_alert_open(st, d, participant_id, kind, 0, detail);
        goto done;
    }
    /* Flag it again: the sighting goes at the end of its detail (kept
     * under 2000 bytes: the first sightings stay). */
    vg_time_format_utc(stamp, vg_now());
    if ((rc = vg_sql_prepare(st, &s,
                             "UPDATE checkin_alerts SET detail = CASE WHEN length(detail) > 1800"
                             " THEN detail ELSE coalesce(detail || ' | ', '') || ?2 || ' ' || ?3"
                             " END WHERE id = ?1")) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_text(s, 2, stamp, -1, SQLITE_STATIC);
    vg_sql_bind_text(s, 3, detail ? detail : "");
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "checkin_alerts");
        goto done;
    }
    if (reflagged)
        *reflagged = 1;
    vg_model_participant_object(obj, sizeof obj, d->slug, participant_id);
    snprintf(det, sizeof det, "alert %lld %s again", (long long)id, vg_alert_kind_name(kind));
    rc = vg_audit_append(st, "checkin.alert", obj, det);
done:
    sqlite3_finalize(s);
    vg_delegation_free(d);
    return rc;
}

int vg_alert_resolve(vg_store *st, const char *slug, int64_t participant_id, const char *note)
{
    vg_delegation *d = NULL;
    sqlite3_stmt *s = NULL;
    char det[96], obj[96];
    int rc, changed = 0, episodes = 0;

    if (!note || !*note) {
        rc = vg_error_set(VG_EINVALID, "%s",
                          _("a note is needed to resolve an alert: what happened"));
        goto done;
    }
    if ((rc = check_field(_("note"), note, 1000, 1)) != VG_OK)
        goto done;
    if ((rc = vg_ck_delegation(st, slug, &d)) != VG_OK ||
        (rc = vg_ck_member(st, d, participant_id)) != VG_OK)
        goto done;
    rc =
        vg_sql_prepare(st, &s,
                       "UPDATE checkin_alerts SET resolved = ?1, note = ?2 WHERE delegation_id = ?3"
                       " AND participant_id = ?4 AND resolved IS NULL");
    if (rc != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, vg_now());
    sqlite3_bind_text(s, 2, note, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, d->id);
    sqlite3_bind_int64(s, 4, participant_id);
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "checkin_alerts");
        goto done;
    }
    changed = sqlite3_changes(vg_store_db(st));
    if ((rc = vg_ck_episode_resolve(st, d->id, participant_id, note, vg_now(), &episodes)) != VG_OK)
        goto done;
    if (changed == 0 && episodes == 0) {
        rc = vg_error_set(VG_ENOTFOUND, _("no open alert for this participant in \"%s\""), d->slug);
        goto done;
    }
    vg_model_participant_object(obj, sizeof obj, d->slug, participant_id);
    snprintf(det, sizeof det, "%d alert(s) resolved, %d episode(s)", changed, episodes);
    rc = vg_audit_append(st, "checkin.resolve", obj, det);
done:
    sqlite3_finalize(s);
    vg_delegation_free(d);
    return rc;
}

int vg_checkin_purge_participant(vg_store *st, int64_t participant_id, int64_t *count_out)
{
    static const char *const sql[] = {
        "UPDATE checkins SET place = NULL, via = NULL, note = NULL WHERE participant_id = ?1",
        "UPDATE checkin_alerts SET detail = NULL, note = NULL WHERE participant_id = ?1",
        "UPDATE checkin_episodes SET reason = NULL, note = NULL WHERE participant_id = ?1",
        "UPDATE checkin_expected SET reason = '' WHERE participant_id = ?1",
    };
    int rc = VG_OK;
    if (count_out)
        *count_out = 0;
    for (size_t i = 0; rc == VG_OK && i < sizeof sql / sizeof sql[0]; i++) {
        sqlite3_stmt *s = NULL;
        if ((rc = vg_sql_prepare(st, &s, sql[i])) != VG_OK)
            break;
        sqlite3_bind_int64(s, 1, participant_id);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "checkins");
        else if (i == 0 && count_out)
            *count_out = sqlite3_changes(vg_store_db(st));
        sqlite3_finalize(s);
    }
    return rc;
}
