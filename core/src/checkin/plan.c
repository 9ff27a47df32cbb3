/* The check-in plan (daily times, grace), one-off expectations and the
 * delegation's own ladder. The history and the alert list are history.c. */
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

#define DEFAULT_GRACE      30
#define ONEOFF_MARGIN_DAYS 3

int vg_checkin_hhmm_parse(const char *text, int *out)
{
    int h, m;
    if (!text || strlen(text) != 5 || text[2] != ':' || text[0] < '0' || text[0] > '2' ||
        text[1] < '0' || text[1] > '9' || text[3] < '0' || text[3] > '5' || text[4] < '0' ||
        text[4] > '9')
        goto bad;
    h = (text[0] - '0') * 10 + (text[1] - '0');
    m = (text[3] - '0') * 10 + (text[4] - '0');
    if (h > 23)
        goto bad;
    *out = h * 60 + m;
    return VG_OK;
bad:
    return vg_error_set(VG_EINVALID, _("\"%s\" is not a time of day (HH:MM, 24 hours)"),
                        text ? text : "");
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void format_daily(char *out, size_t cap, const int *daily, int n, int sep_comma_only)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < n && len + 8 < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, sep_comma_only ? "%s%d" : "%s%02d:%02d",
                                i ? "," : "", sep_comma_only ? daily[i] : daily[i] / 60,
                                daily[i] % 60);
}

int vg_checkin_plan_set(vg_store *st, const char *slug, const vg_checkin_plan *p)
{
    vg_delegation *d = NULL;
    sqlite3_stmt *s = NULL;
    int daily[VG_CHECKIN_MAX_DAILY], rc;
    char stored[VG_CHECKIN_MAX_DAILY * 6], shown[VG_CHECKIN_MAX_DAILY * 7], det[160];

    if (p->ndaily < 1 || p->ndaily > VG_CHECKIN_MAX_DAILY) {
        rc = vg_error_set(VG_EINVALID, _("a plan has 1 to %d daily check-ins"),
                          VG_CHECKIN_MAX_DAILY);
        goto done;
    }
    memcpy(daily, p->daily, sizeof daily[0] * (size_t)p->ndaily);
    qsort(daily, (size_t)p->ndaily, sizeof daily[0], cmp_int);
    for (int i = 0; i < p->ndaily; i++) {
        if (daily[i] < 0 || daily[i] >= 1440) {
            rc = vg_error_set(VG_EINVALID, "%s",
                              _("a daily check-in time is between 00:00 and 23:59"));
            goto done;
        }
        if (i && daily[i] == daily[i - 1]) {
            rc = vg_error_set(VG_EINVALID, _("%02d:%02d is given twice"), daily[i] / 60,
                              daily[i] % 60);
            goto done;
        }
    }
    if (p->grace < 1 || p->grace > 720) {
        rc = vg_error_set(VG_EINVALID, "%s", _("the grace window is 1 to 720 minutes"));
        goto done;
    }
    if (p->early < 0 || p->early > 720) {
        rc = vg_error_set(VG_EINVALID, "%s", _("the early window is 0 to 720 minutes"));
        goto done;
    }
    if ((rc = vg_ck_delegation(st, slug, &d)) != VG_OK)
        goto done;
    format_daily(stored, sizeof stored, daily, p->ndaily, 1);
    format_daily(shown, sizeof shown, daily, p->ndaily, 0);
    rc = vg_sql_prepare(st, &s,
                        "UPDATE checkin_plans SET daily = ?2, grace = ?3, early = ?4, updated = ?5"
                        " WHERE delegation_id = ?1");
    for (int pass = 0; rc == VG_OK && pass < 2; pass++) {
        sqlite3_bind_int64(s, 1, d->id);
        sqlite3_bind_text(s, 2, stored, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 3, p->grace);
        sqlite3_bind_int(s, 4, p->early);
        sqlite3_bind_int64(s, 5, vg_now());
        if (sqlite3_step(s) != SQLITE_DONE) {
            rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "checkin_plans");
            break;
        }
        if (pass == 1 || sqlite3_changes(vg_store_db(st)) > 0)
            break;
        sqlite3_finalize(s);
        s = NULL;
        rc =
            vg_sql_prepare(st, &s,
                           "INSERT INTO checkin_plans (delegation_id, daily, grace, early, updated)"
                           " VALUES (?1, ?2, ?3, ?4, ?5)");
    }
    if (rc != VG_OK)
        goto done;
    snprintf(det, sizeof det, "daily %s grace %d early %d", shown, p->grace, p->early);
    rc = vg_audit_append(st, "checkin.plan", d->slug, det);
done:
    sqlite3_finalize(s);
    vg_delegation_free(d);
    return rc;
}

/* The plan of delegation id `did`; VG_ENOTFOUND (without a message) if none. */
static int plan_by_id(vg_store *st, int64_t did, vg_checkin_plan *out)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s,
                            "SELECT daily, grace, early, ladder IS NOT NULL, updated"
                            " FROM checkin_plans WHERE delegation_id = ?1");
    memset(out, 0, sizeof *out);
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(s, 0);
        while (p && *p && out->ndaily < VG_CHECKIN_MAX_DAILY) {
            char *end;
            long v = strtol(p, &end, 10);
            if (end == p || v < 0 || v >= 1440)
                break;
            out->daily[out->ndaily++] = (int)v;
            p = *end == ',' ? end + 1 : end;
        }
        out->grace = sqlite3_column_int(s, 1);
        out->early = sqlite3_column_int(s, 2);
        out->has_ladder = sqlite3_column_int(s, 3);
        out->updated = sqlite3_column_int64(s, 4);
        rc = VG_OK;
    } else if (rc == SQLITE_DONE) {
        rc = VG_ENOTFOUND;
    } else {
        rc = vg_sql_fail(st, rc, "checkin_plans");
    }
    sqlite3_finalize(s);
    return rc;
}

int vg_ck_plan(vg_store *st, int64_t did, vg_checkin_plan *out)
{
    return plan_by_id(st, did, out);
}

int vg_checkin_plan_get(vg_store *st, const char *slug, vg_checkin_plan *out)
{
    vg_delegation *d = NULL;
    int rc = vg_ck_delegation(st, slug, &d);
    memset(out, 0, sizeof *out);
    if (rc == VG_OK && (rc = plan_by_id(st, d->id, out)) == VG_ENOTFOUND)
        rc = vg_error_set(
            VG_ENOTFOUND,
            _("delegation \"%s\" has no check-in plan (vigie checkin plan %s --daily HH:MM)"),
            d->slug, d->slug);
    vg_delegation_free(d);
    return rc;
}

int vg_checkin_expect(vg_store *st, const char *slug, const vg_checkin_expectation *e,
                      int64_t *id_out)
{
    vg_delegation *d = NULL;
    sqlite3_stmt *s = NULL;
    vg_checkin_plan plan;
    int64_t lo, hi;
    int grace = e->grace, rc;
    char det[128], obj[96];

    if (!e->reason || !*e->reason || !vg_ck_text_ok(e->reason, 200, 0)) {
        rc = vg_error_set(
            VG_EINVALID, "%s",
            _("a reason is needed: 1 to 200 bytes of text (\"trajet Port-au-Prince - Jacmel\")"));
        goto done;
    }
    if (e->by <= e->from) {
        rc = vg_error_set(VG_EINVALID, "%s",
                          _("the expected time must come after the window opens"));
        goto done;
    }
    if (e->by - e->from > 7 * 86400) {
        rc = vg_error_set(VG_EINVALID, "%s", _("a one-off window lasts at most 7 days"));
        goto done;
    }
    if ((rc = vg_ck_delegation(st, slug, &d)) != VG_OK ||
        (rc = vg_ck_member(st, d, e->participant_id)) != VG_OK)
        goto done;
    if (grace < 0) {
        rc = plan_by_id(st, d->id, &plan);
        if (rc == VG_ENOTFOUND)
            plan.grace = DEFAULT_GRACE;
        else if (rc != VG_OK)
            goto done;
        grace = plan.grace;
    }
    if (grace < 1 || grace > 720) {
        rc = vg_error_set(VG_EINVALID, "%s", _("the grace window is 1 to 720 minutes"));
        goto done;
    }
    if ((rc = vg_sched_instant(&lo, d->start_day - ONEOFF_MARGIN_DAYS, 0, d->tz)) != VG_OK ||
        (rc = vg_sched_instant(&hi, d->end_day + 1 + ONEOFF_MARGIN_DAYS, 0, d->tz)) != VG_OK)
        goto done;
    if (e->by < lo || e->by >= hi) {
        char a[16], b[16];
        vg_date_format(a, d->start_day);
        vg_date_format(b, d->end_day);
        rc = vg_error_set(VG_EINVALID,
                          _("the expected time falls too far from the delegation's dates (%s to "
                            "%s, give or take %d days)"),
                          a, b, ONEOFF_MARGIN_DAYS);
        goto done;
    }
    rc = vg_sql_prepare(
        st, &s,
        "INSERT INTO checkin_expected (delegation_id, participant_id, from_at, by_at,"
        " grace, reason, travelling, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (rc != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, d->id);
    sqlite3_bind_int64(s, 2, e->participant_id);
    sqlite3_bind_int64(s, 3, e->from);
    sqlite3_bind_int64(s, 4, e->by);
    sqlite3_bind_int(s, 5, grace);
    sqlite3_bind_text(s, 6, e->reason, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 7, e->travelling ? 1 : 0);
    sqlite3_bind_int64(s, 8, vg_now());
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "checkin_expected");
        goto done;
    }
    if (id_out)
        *id_out = sqlite3_last_insert_rowid(vg_store_db(st));
    vg_model_participant_object(obj, sizeof obj, d->slug, e->participant_id);
    snprintf(det, sizeof det, "expectation %lld%s",
             (long long)sqlite3_last_insert_rowid(vg_store_db(st)),
             e->travelling ? " travelling" : "");
    rc = vg_audit_append(st, "checkin.expect", obj, det);
done:
    sqlite3_finalize(s);
    vg_delegation_free(d);
    return rc;
}

int vg_ck_last(vg_store *st, sqlite3_stmt **cache, int64_t pid, int64_t at, int *has,
               int64_t *last_at, vg_checkin_status *status, char **where, char **via)
{
    sqlite3_stmt *s = cache ? *cache : NULL;
    int rc = VG_OK;
    *has = 0;
    if (s) {
        sqlite3_reset(s);
    } else if ((rc = vg_sql_prepare(st, &s, VG_CK_LAST_SQL)) != VG_OK) {
        return rc;
    }
    sqlite3_bind_int64(s, 1, pid);
    sqlite3_bind_int64(s, 2, at);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *has = 1;
        *last_at = sqlite3_column_int64(s, 0);
        if (status)
            *status = (vg_checkin_status)sqlite3_column_int(s, 1);
        if (where && sqlite3_column_text(s, 2))
            *where = strdup((const char *)sqlite3_column_text(s, 2));
        if (via && sqlite3_column_text(s, 3))
            *via = strdup((const char *)sqlite3_column_text(s, 3));
        rc = VG_OK;
    } else {
        rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "checkins");
    }
    if (cache) {
        sqlite3_reset(s);
        *cache = s;
    } else {
        sqlite3_finalize(s);
    }
    return rc;
}

int vg_checkin_expect_cancel(vg_store *st, const char *slug, int64_t participant_id, int64_t at,
                             int *count_out)
{
    vg_delegation *d = NULL;
    sqlite3_stmt *s = NULL;
    int64_t last = INT64_MIN;
    int has = 0, rc, n = 0;
    char det[96], obj[96];

    if ((rc = vg_ck_delegation(st, slug, &d)) != VG_OK ||
        (rc = vg_ck_member(st, d, participant_id)) != VG_OK)
        goto done;
    if ((rc = vg_ck_last(st, NULL, participant_id, at, &has, &last, NULL, NULL, NULL)) != VG_OK)
        goto done;
    rc = vg_sql_prepare(st, &s,
                        "UPDATE checkin_expected SET cancelled = ?1 WHERE delegation_id = ?2"
                        " AND participant_id = ?3 AND cancelled IS NULL AND from_at > ?4");
    if (rc != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, vg_now());
    sqlite3_bind_int64(s, 2, d->id);
    sqlite3_bind_int64(s, 3, participant_id);
    sqlite3_bind_int64(s, 4, has ? last : INT64_MIN);
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "checkin_expected");
        goto done;
    }
    n = sqlite3_changes(vg_store_db(st));
    if (n == 0) {
        rc = vg_error_set(VG_ENOTFOUND, "%s",
                          _("no one-off check-in is pending for this participant"));
        goto done;
    }
    vg_model_participant_object(obj, sizeof obj, d->slug, participant_id);
    snprintf(det, sizeof det, "%d cancelled", n);
    rc = vg_audit_append(st, "checkin.unexpect", obj, det);
done:
    if (count_out)
        *count_out = n;
    sqlite3_finalize(s);
    vg_delegation_free(d);
    return rc;
}

int vg_checkin_ladder_set(vg_store *st, const char *slug, const char *text, size_t len,
                          const char *name)
{
    vg_delegation *d = NULL;
    vg_ladder *l = NULL;
    sqlite3_stmt *s = NULL;
    vg_checkin_plan plan;
    char det[128];
    int rc;

    if (text && (rc = vg_ladder_parse(&l, text, len, name)) != VG_OK)
        goto done;
    if ((rc = vg_ck_delegation(st, slug, &d)) != VG_OK)
        goto done;
    if ((rc = plan_by_id(st, d->id, &plan)) == VG_ENOTFOUND) {
        rc = vg_error_set(
            VG_ENOTFOUND,
            _("delegation \"%s\" has no check-in plan (vigie checkin plan %s --daily HH:MM)"),
            d->slug, d->slug);
        goto done;
    }
    if (rc != VG_OK)
        goto done;
    rc = vg_sql_prepare(st, &s,
                        "UPDATE checkin_plans SET ladder = ?2, ladder_name = ?3, updated = ?4"
                        " WHERE delegation_id = ?1");
    if (rc != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, d->id);
    if (text)
        sqlite3_bind_text(s, 2, text, (int)len, SQLITE_STATIC);
    vg_sql_bind_text(s, 3, text ? (name ? name : "ladder") : NULL);
    sqlite3_bind_int64(s, 4, vg_now());
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "checkin_plans");
        goto done;
    }
    if (text)
        snprintf(det, sizeof det, "own ladder, %zu steps", l->nsteps);
    else
        snprintf(det, sizeof det, "default ladder");
    rc = vg_audit_append(st, "checkin.ladder", d->slug, det);
done:
    sqlite3_finalize(s);
    vg_ladder_free(l);
    vg_delegation_free(d);
    return rc;
}

int vg_ck_ladder(vg_store *st, int64_t did, const char *data_dir, vg_ladder **out)
{
    sqlite3_stmt *s = NULL;
    vg_ladder *own = NULL, *def = NULL;
    int rc = vg_sql_prepare(st, &s,
                            "SELECT ladder, ladder_name FROM checkin_plans"
                            " WHERE delegation_id = ?1 AND ladder IS NOT NULL");
    *out = NULL;
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 1);
        rc = vg_ladder_parse(&own, (const char *)sqlite3_column_text(s, 0),
                             (size_t)sqlite3_column_bytes(s, 0), name ? name : "ladder");
    } else {
        rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "checkin_plans");
    }
    sqlite3_finalize(s);
    if (rc != VG_OK)
        return rc;
    if (own) {
        /* What the delegation's ladder leaves out of the alerts comes from
         * the default one, if it can be read. */
        if (vg_ladder_default(&def, data_dir) == VG_OK) {
            for (size_t k = 1; k < sizeof own->alerts / sizeof own->alerts[0]; k++)
                if (!own->alerts[k].roles) {
                    own->alerts[k] = def->alerts[k];
                    def->alerts[k].action[0] = def->alerts[k].action[1] = NULL;
                }
            vg_ladder_free(def);
        }
        vg_error_clear();
        *out = own;
        return VG_OK;
    }
    return vg_ladder_default(out, data_dir);
}

int vg_checkin_ladder_get(vg_store *st, const char *slug, const char *data_dir, vg_ladder **out)
{
    vg_delegation *d = NULL;
    int rc = vg_ck_delegation(st, slug, &d);
    *out = NULL;
    if (rc == VG_OK)
        rc = vg_ck_ladder(st, d->id, data_dir, out);
    vg_delegation_free(d);
    return rc;
}
