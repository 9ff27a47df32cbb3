/* An open alert becomes an incident and brings its history along: the
 * alert itself, the participant's check-ins from 48 hours before it, their
 * overdue episodes over that time and, if it was resolved, its resolution,
 * each copied into the incident's timeline (sealed like the rest when the
 * incident is). The notifications the watch sent join when the timeline is
 * read (timeline.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/incident.h>
#include <vigie/participant.h>

#include "incident/incident_internal.h"
#include "util/i18n.h"

#define HISTORY_BEFORE (48 * 3600)

static int copy_history(vg_store *st, const char *slug, const char *data_dir, int64_t id,
                        int sealed, const vg_alert_entry *a)
{
    vg_secret *k = NULL;
    vg_checkin_entry *ce = NULL;
    vg_episode_entry *ee = NULL;
    size_t nc = 0, ne = 0;
    int64_t from = a->opened - HISTORY_BEFORE;
    char text[1024];
    int rc;
    if (sealed && (rc = vg_inc_key(st, &k)) != VG_OK)
        return rc;
    snprintf(text, sizeof text, _("%s alert opened%s%s"), vg_alert_kind_label(a->kind),
             a->detail ? ": " : "", a->detail ? a->detail : "");
    if ((rc = vg_inc_log_add(st, k, id, a->opened, VG_ENTRY_ALERT, "vigie", text)) != VG_OK)
        goto done;
    if ((rc = vg_checkin_history(st, slug, a->participant_id, 0, &ce, &nc)) != VG_OK)
        goto done;
    for (size_t i = 0; i < nc && rc == VG_OK; i++) {
        if (ce[i].at < from)
            continue;
        snprintf(text, sizeof text, "%s%s%s%s%s%s%s", vg_checkin_status_label(ce[i].status),
                 ce[i].where ? " — " : "", ce[i].where ? ce[i].where : "", ce[i].via ? " — " : "",
                 ce[i].via ? ce[i].via : "", ce[i].note ? " — " : "", ce[i].note ? ce[i].note : "");
        rc = vg_inc_log_add(st, k, id, ce[i].at, VG_ENTRY_CHECKIN,
                            vg_checkin_source_label(ce[i].source), text);
    }
    if (rc != VG_OK || (rc = vg_checkin_episodes(st, slug, 1, data_dir, &ee, &ne)) != VG_OK)
        goto done;
    for (size_t i = ne; i-- > 0 && rc == VG_OK;) {
        char when[48] = "";
        if (ee[i].participant_id != a->participant_id || (ee[i].end && ee[i].end < from))
            continue;
        if (ee[i].end)
            vg_time_format_utc(when, ee[i].end);
        snprintf(text, sizeof text,
                 ee[i].end ? _("missed the check-in due at this time: up to %lld min late, "
                               "ladder step %d; ended %s")
                           : _("missed the check-in due at this time: up to %lld min late, "
                               "ladder step %d%s"),
                 (long long)(ee[i].late / 60), ee[i].step + 1, when);
        rc = vg_inc_log_add(st, k, id, ee[i].due, VG_ENTRY_EPISODE, "vigie", text);
    }
    if (rc == VG_OK && a->resolved) {
        snprintf(text, sizeof text, _("alert resolved%s%s"), a->note ? ": " : "",
                 a->note ? a->note : "");
        rc = vg_inc_log_add(st, k, id, a->resolved, VG_ENTRY_ALERT, "vigie", text);
    }
done:
    vg_checkin_entries_free(ce, nc);
    vg_episode_entries_free(ee, ne);
    vg_secret_free(k);
    return rc;
}

int vg_incident_from_alert(vg_store *st, const char *slug, const char *data_dir, int64_t alert_id,
                           const vg_incident_report *r, int *num_out)
{
    vg_alert_entry *al = NULL, *a = NULL;
    vg_participant *p = NULL;
    vg_incident_report rr = *r;
    size_t na = 0;
    int64_t id;
    int num, rc;
    if ((rc = vg_checkin_alerts(st, slug, 1, &al, &na)) != VG_OK)
        return rc;
    if (alert_id <= 0) {
        if (!r->npeople || !r->person_names[0]) {
            rc = vg_error_set(VG_EINVALID, "%s", _("name the alert or its participant"));
            goto done;
        }
        if ((rc = vg_participant_find(st, slug, r->person_names[0], &p)) != VG_OK)
            goto done;
        /* newest first: the newest open alert of that participant */
        for (size_t i = 0; i < na && !a; i++)
            if (al[i].participant_id == p->id && !al[i].resolved)
                a = &al[i];
        if (!a) {
            rc = vg_error_set(VG_ENOTFOUND, _("%s has no open alert"), p->v[VG_PF_NAME]);
            goto done;
        }
        /* the participant is the alert's: not repeated among the others */
        rr.npeople--;
        rr.person_names++;
        if (rr.person_roles)
            rr.person_roles++;
    } else {
        for (size_t i = 0; i < na && !a; i++)
            if (al[i].id == alert_id)
                a = &al[i];
        if (!a) {
            rc = vg_error_set(VG_ENOTFOUND, _("delegation \"%s\" has no alert %lld"), slug,
                              (long long)alert_id);
            goto done;
        }
    }
    if (!rr.occurred)
        rr.occurred = a->checkin_at ? a->checkin_at : a->opened;
    if (!rr.place && a->where)
        rr.place = a->where;
    /* in a crisis the alert itself says what happened, until told more */
    char what[600];
    if (!rr.what || !*rr.what) {
        snprintf(what, sizeof what, _("%s alert%s%s"), vg_alert_kind_label(a->kind),
                 a->detail ? ": " : "", a->detail ? a->detail : "");
        rr.what = what;
    }
    if ((rc = vg_inc_insert(st, slug, &rr, a->id, a->participant_id, &id, &num)) != VG_OK)
        goto done;
    {
        const vg_incident_category *cat = vg_incident_category_parse(rr.category);
        rc = copy_history(st, slug, data_dir, id, (cat && cat->sensitive) || rr.seal, a);
    }
    if (rc == VG_OK && num_out)
        *num_out = num;
done:
    vg_participant_free(p);
    vg_alert_entries_free(al, na);
    return rc;
}
