/* `checkin status`: where every participant stands, and whom to call.
 *
 * Per participant: one index seek for the latest check-in at or before the
 * report's time (checkins_participant_at), the one-offs it does not satisfy
 * (checkin_expected_participant), the open alerts; then the schedule
 * arithmetic of schedule.c and the ladder. Never a scan of the history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/config.h>
#include <vigie/contact.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/vigie.h>
#include <vigie/error.h>
#include <vigie/guide.h>

#include "checkin/checkin_internal.h"
#include "checkin/schedule.h"
#include "store/store_internal.h"
#include "util/i18n.h"
#include "util/mem.h"

#define MAX_ONEOFFS 64
#define MAX_ALERTS  32

/* ---- whom to call ---- */

typedef struct {
    vg_callee *v;
    size_t n, cap;
    int oom;
} callees;

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

static void add_callee(callees *c, vg_role role, const char *name, const char *phone,
                       const char *email, const char *note)
{
    vg_callee *x;
    if (c->oom)
        return;
    if (VG_GROW(c->v, c->cap, c->n + 1) != VG_OK) {
        c->oom = 1;
        return;
    }
    x = &c->v[c->n++];
    x->role = role;
    x->name = dup_or_null(name);
    x->phone = dup_or_null(phone);
    x->email = dup_or_null(email);
    x->note = dup_or_null(note);
}

void vg_callees_free(vg_callee *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++) {
        free(c[i].name);
        free(c[i].phone);
        free(c[i].email);
        free(c[i].note);
    }
    free(c);
}

static const char *pf(const vg_participant *p, vg_pfield f)
{
    return p ? p->v[f] : NULL;
}

/* The people behind `roles`, in role order; a role with nobody recorded
 * gets one entry without name or phone, so the gap shows. */
/* The country guide's language: that of the person reading (vg_lang, set
 * by the program). */
static const char *guide_lang(void)
{
    return vg_lang();
}

/* `contacts` is the delegation's emergency contacts
 * (vg_delegation_emergency_contacts): its own first; the country guide's
 * stand in for a role the delegation has no contact for. */
static int build_callees(vg_store *st, const vg_delegation *d, const vg_participant *p,
                         vg_contact **contacts, size_t ncontacts, unsigned roles, callees *c)
{
    for (int r = 0; r < VG_ROLE_COUNT; r++) {
        size_t before = c->n;
        if (!(roles & (1u << r)))
            continue;
        switch ((vg_role)r) {
        case VG_ROLE_PARTICIPANT:
            add_callee(c, VG_ROLE_PARTICIPANT, pf(p, VG_PF_NAME),
                       pf(p, VG_PF_LOCAL_SIM) ? pf(p, VG_PF_LOCAL_SIM) : pf(p, VG_PF_PHONE),
                       pf(p, VG_PF_EMAIL),
                       pf(p, VG_PF_LOCAL_SIM) && pf(p, VG_PF_PHONE) ? pf(p, VG_PF_PHONE) : NULL);
            break;
        case VG_ROLE_LEAD:
            if (d->lead && *d->lead) {
                vg_participant *lead = NULL;
                if (vg_participant_find(st, d->slug, d->lead, &lead) == VG_OK && lead) {
                    if (p && lead->id == p->id)
                        add_callee(c, VG_ROLE_LEAD, d->lead, NULL, NULL,
                                   _("the team lead is the participant concerned: call another "
                                     "member of the team"));
                    else
                        add_callee(c, VG_ROLE_LEAD, pf(lead, VG_PF_NAME),
                                   pf(lead, VG_PF_LOCAL_SIM) ? pf(lead, VG_PF_LOCAL_SIM)
                                                             : pf(lead, VG_PF_PHONE),
                                   pf(lead, VG_PF_EMAIL), NULL);
                } else {
                    add_callee(c, VG_ROLE_LEAD, d->lead, NULL, NULL, NULL);
                }
                vg_participant_free(lead);
                vg_error_clear();
            }
            break;
        case VG_ROLE_KIN:
            if (pf(p, VG_PF_KIN1_NAME) || pf(p, VG_PF_KIN1_PHONE))
                add_callee(c, VG_ROLE_KIN, pf(p, VG_PF_KIN1_NAME), pf(p, VG_PF_KIN1_PHONE), NULL,
                           pf(p, VG_PF_KIN1_RELATION));
            if (pf(p, VG_PF_KIN2_NAME) || pf(p, VG_PF_KIN2_PHONE))
                add_callee(c, VG_ROLE_KIN, pf(p, VG_PF_KIN2_NAME), pf(p, VG_PF_KIN2_PHONE), NULL,
                           pf(p, VG_PF_KIN2_RELATION));
            break;
        case VG_ROLE_INSURER:
            if (pf(p, VG_PF_INSURER) || pf(p, VG_PF_ASSISTANCE_PHONE))
                add_callee(c, VG_ROLE_INSURER, pf(p, VG_PF_INSURER), pf(p, VG_PF_ASSISTANCE_PHONE),
                           NULL, pf(p, VG_PF_POLICY_NUMBER));
            break;
        case VG_ROLE_EWRC:
            add_callee(c, VG_ROLE_EWRC,
                       _("Emergency Watch and Response Centre, Global Affairs Canada"),
                       VG_EWRC_PHONE, VG_EWRC_EMAIL, _("24/7; collect calls accepted"));
            break;
        default:
            if (r == VG_ROLE_FOCAL_POINT) {
                /* the organisation's settings first, then the delegation's own */
                char *name = NULL, *phone = NULL;
                if (vg_config_get(st, "security.focal_point", &name) == VG_OK &&
                    vg_config_get(st, "security.focal_phone", &phone) == VG_OK && (name || phone))
                    add_callee(c, VG_ROLE_FOCAL_POINT, name, phone, NULL, NULL);
                vg_error_clear();
                free(name);
                free(phone);
            }
            for (int guide = 0; guide <= 1 && c->n == before; guide++)
                for (size_t i = 0; i < ncontacts; i++)
                    if (contacts[i]->from_guide == guide && contacts[i]->role &&
                        !strcmp(contacts[i]->role, vg_role_name((vg_role)r)))
                        add_callee(c, (vg_role)r, contacts[i]->name, contacts[i]->phone,
                                   contacts[i]->email,
                                   !guide ? contacts[i]->note
                                   : contacts[i]->to_check
                                       ? _("from the country guide, to be checked")
                                       : _("from the country guide"));
            break;
        }
        if (c->n == before)
            add_callee(c, (vg_role)r, NULL, NULL, NULL, NULL);
    }
    return c->oom ? vg_error_oom() : VG_OK;
}

int vg_checkin_callees(vg_store *st, const char *slug, int64_t participant_id, unsigned roles,
                       vg_callee **out, size_t *n)
{
    vg_delegation *d = NULL;
    vg_participant **people = NULL, *p = NULL;
    vg_contact **contacts = NULL;
    size_t npeople = 0, ncontacts = 0;
    callees c = {0};
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = vg_ck_delegation(st, slug, &d)) != VG_OK ||
        (rc = vg_participant_list(st, d->slug, &people, &npeople)) != VG_OK ||
        (rc = vg_contact_list(st, d->slug, &contacts, &ncontacts)) != VG_OK)
        goto done;
    for (size_t i = 0; i < npeople; i++)
        if (people[i]->id == participant_id)
            p = people[i];
    if (!p) {
        rc = vg_error_set(VG_ENOTFOUND, _("participant %lld is not in delegation \"%s\""),
                          (long long)participant_id, d->slug);
        goto done;
    }
    if ((rc = build_callees(st, d, p, contacts, ncontacts, roles, &c)) != VG_OK)
        goto done;
    *out = c.v;
    *n = c.n;
    c.v = NULL;
    c.n = 0;
done:
    vg_callees_free(c.v, c.n);
    vg_contact_list_free(contacts, ncontacts);
    vg_participant_list_free(people, npeople);
    vg_delegation_free(d);
    return rc;
}

/* ---- the report ---- */

static void state_clear(vg_checkin_state *s)
{
    free(s->name);
    free(s->last_where);
    free(s->last_via);
    free(s->next_reason);
    free(s->missed_reason);
    for (size_t i = 0; i < s->nalerts; i++) {
        free(s->alerts[i].where);
        free(s->alerts[i].detail);
    }
    free(s->alerts);
    vg_callees_free(s->callees, s->ncallees);
}

void vg_checkin_report_free(vg_checkin_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        state_clear(&r->rows[i]);
    free(r->rows);
    vg_ladder_free(r->ladder);
    free(r->slug);
    free(r->tz);
    free(r);
}

/* Unsatisfied one-offs of a participant known at `at`. */
static int load_oneoffs(vg_store *st, sqlite3_stmt **cache, int64_t did, int64_t pid, int has_last,
                        int64_t last, int64_t at, vg_oneoff *o, char **reasons, size_t *no)
{
    sqlite3_stmt *s = *cache;
    int rc =
        s ? (sqlite3_reset(s), VG_OK)
          : vg_sql_prepare(st, &s,
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
        o[*no].from = sqlite3_column_int64(s, 0);
        o[*no].by = sqlite3_column_int64(s, 1);
        o[*no].grace = (int64_t)sqlite3_column_int(s, 2) * 60;
        o[*no].travelling = sqlite3_column_int(s, 3);
        reasons[*no] = dup_or_null((const char *)sqlite3_column_text(s, 4));
        (*no)++;
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "checkin_expected");
    sqlite3_reset(s);
    *cache = s;
    return rc;
}

/* Alerts open at `at` (opened by then, not resolved by then). */
static int load_alerts(vg_store *st, sqlite3_stmt **cache, int64_t did, int64_t pid, int64_t at,
                       vg_checkin_state *row)
{
    sqlite3_stmt *s = *cache;
    int rc = s ? (sqlite3_reset(s), VG_OK) : vg_sql_prepare(st, &s, VG_CK_ALERTS_SQL);
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    sqlite3_bind_int64(s, 2, pid);
    sqlite3_bind_int64(s, 3, at);
    sqlite3_bind_int(s, 4, MAX_ALERTS);
    *cache = s;
    if (!(row->alerts = calloc(MAX_ALERTS, sizeof *row->alerts)))
        return vg_error_oom();
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        vg_alert *a = &row->alerts[row->nalerts++];
        a->id = sqlite3_column_int64(s, 0);
        a->kind = (vg_alert_kind)sqlite3_column_int(s, 1);
        a->opened = sqlite3_column_int64(s, 2);
        a->detail = dup_or_null((const char *)sqlite3_column_text(s, 3));
        a->checkin_at = sqlite3_column_int64(s, 4);
        a->where = dup_or_null((const char *)sqlite3_column_text(s, 5));
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "checkin_alerts");
    sqlite3_reset(s);
    return rc;
}

/* Sort key: duress, emergency, help, guessing alerts; then the overdue, the
 * latest first; then the others in the delegation's order. */
static int severity(const vg_checkin_state *s)
{
    int best = 0;
    for (size_t i = 0; i < s->nalerts; i++) {
        int v = s->alerts[i].kind == VG_ALERT_DURESS      ? 5
                : s->alerts[i].kind == VG_ALERT_EMERGENCY ? 4
                : s->alerts[i].kind == VG_ALERT_HELP      ? 3
                                                          : 2;
        if (v > best)
            best = v;
    }
    if (!best && s->overdue)
        best = 1;
    return best;
}

static int cmp_rows(const void *a, const void *b)
{
    const vg_checkin_state *x = a, *y = b;
    int sx = severity(x), sy = severity(y);
    if (sx != sy)
        return sy - sx;
    if (x->overdue && y->overdue && x->late != y->late)
        return x->late < y->late ? 1 : -1;
    return (x->participant_id > y->participant_id) - (x->participant_id < y->participant_id);
}

int vg_checkin_report_get(vg_store *st, const char *slug, int64_t at, const char *data_dir,
                          vg_checkin_report **out)
{
    vg_checkin_report *r = NULL;
    vg_delegation *d = NULL;
    vg_participant **people = NULL;
    vg_contact **contacts = NULL;
    size_t npeople = 0, ncontacts = 0;
    vg_oneoff oneoffs[MAX_ONEOFFS];
    char *reasons[MAX_ONEOFFS];
    size_t no = 0;
    vg_sched sc = {0};
    sqlite3_stmt *q_last = NULL, *q_alerts = NULL, *q_oneoffs = NULL;
    int guide_read = 0, read_tx = 0;
    int rc;

    *out = NULL;
    /* One read transaction for the whole report (one snapshot, one lock),
     * not one per statement (issue 16: 3 statements per participant). */
    if ((rc = vg_store_read_begin(st, &read_tx)) != VG_OK)
        goto done;
    if ((rc = vg_ck_delegation(st, slug, &d)) != VG_OK)
        goto done;
    if (!(r = calloc(1, sizeof *r)) || !(r->slug = strdup(d->slug)) || !(r->tz = strdup(d->tz))) {
        rc = vg_error_oom();
        goto done;
    }
    r->start_day = d->start_day;
    r->end_day = d->end_day;
    r->at = at;
    rc = vg_ck_plan(st, d->id, &r->plan);
    if (rc == VG_OK)
        r->has_plan = 1;
    else if (rc != VG_ENOTFOUND)
        goto done;
    if ((rc = vg_ck_ladder(st, d->id, data_dir, &r->ladder)) != VG_OK ||
        (rc = vg_participant_list(st, d->slug, &people, &npeople)) != VG_OK ||
        (rc = vg_delegation_emergency_contacts(st, data_dir, d->slug, guide_lang(), VG_EC_OWN,
                                               &contacts, &ncontacts)) != VG_OK)
        goto done;
    {
        vg_sched probe = {d->tz, d->start_day, d->end_day, NULL, 0, 0, 0, NULL, {0, 0}, 0};
        int64_t begin, end;
        if ((rc = vg_sched_period(&probe, &begin, &end)) != VG_OK)
            goto done;
        r->phase = d->closed    ? VG_PHASE_CLOSED
                   : at < begin ? VG_PHASE_BEFORE
                   : at >= end  ? VG_PHASE_AFTER
                                : VG_PHASE_DURING;
    }
    if (npeople && !(r->rows = calloc(npeople, sizeof *r->rows))) {
        rc = vg_error_oom();
        goto done;
    }
    sc = (vg_sched){d->tz,
                    d->start_day,
                    d->end_day,
                    r->plan.daily,
                    r->has_plan ? r->plan.ndaily : 0,
                    (int64_t)r->plan.early * 60,
                    (int64_t)r->plan.grace * 60,
                    NULL,
                    {0, 0},
                    0};
    if ((rc = vg_sched_memo_init(&sc)) != VG_OK)
        goto done;
    for (size_t i = 0; i < npeople; i++) {
        vg_checkin_state *row = &r->rows[r->n++];
        const vg_participant *p = people[i];
        vg_sched_state ss;
        unsigned roles = 0;
        callees c = {0};

        row->participant_id = p->id;
        row->name = dup_or_null(p->v[VG_PF_NAME]);
        row->step = -1;
        if ((rc = vg_ck_last(st, &q_last, p->id, at, &row->has_last, &row->last_at,
                             &row->last_status, &row->last_where, &row->last_via)) != VG_OK ||
            (rc = load_alerts(st, &q_alerts, d->id, p->id, at, row)) != VG_OK)
            goto done;
        if (r->phase != VG_PHASE_CLOSED) {
            rc = load_oneoffs(st, &q_oneoffs, d->id, p->id, row->has_last, row->last_at, at,
                              oneoffs, reasons, &no);
            if (rc == VG_OK)
                rc = vg_sched_evaluate(&sc, oneoffs, no, row->has_last, row->last_at, at, &ss);
            if (rc == VG_OK) {
                row->travelling = ss.travelling;
                if (ss.has_next) {
                    row->has_next = 1;
                    row->next_due = ss.next.due;
                    row->next_opens = ss.next.opens;
                    row->next_deadline = ss.next.deadline;
                    if (ss.next.oneoff >= 0)
                        row->next_reason = dup_or_null(reasons[ss.next.oneoff]);
                }
                if (ss.overdue) {
                    row->overdue = 1;
                    row->missed_due = ss.missed.due;
                    row->missed_deadline = ss.missed.deadline;
                    row->late = ss.late;
                    if (ss.missed.oneoff >= 0)
                        row->missed_reason = dup_or_null(reasons[ss.missed.oneoff]);
                    row->step = vg_ladder_step_at(r->ladder, ss.late, ss.travelling);
                    if ((size_t)(row->step + 1) < r->ladder->nsteps)
                        row->next_step_at =
                            ss.missed.deadline +
                            vg_ladder_delay(&r->ladder->steps[row->step + 1], ss.travelling);
                }
            }
            for (size_t k = 0; k < no; k++)
                free(reasons[k]);
            no = 0;
            if (rc != VG_OK)
                goto done;
        }
        for (size_t k = 0; k < row->nalerts; k++)
            roles |= r->ladder->alerts[row->alerts[k].kind].roles;
        if (row->overdue && row->step >= 0)
            roles |= r->ladder->steps[row->step].roles;
        /* Under duress the participant is never called back directly. */
        for (size_t k = 0; k < row->nalerts; k++)
            if (row->alerts[k].kind == VG_ALERT_DURESS)
                roles &= ~(1u << VG_ROLE_PARTICIPANT);
        /* The guide is read at the first row that may need its embassy or
         * emergency numbers, not on every run. */
        if (!guide_read && data_dir &&
            (roles & (1u << VG_ROLE_EMBASSY | 1u << VG_ROLE_EMERGENCY_SERVICE))) {
            vg_contact **all = NULL;
            size_t nall = 0;
            if ((rc = vg_delegation_emergency_contacts(st, data_dir, d->slug, guide_lang(),
                                                       VG_EC_OWN | VG_EC_GUIDE, &all, &nall)) !=
                VG_OK)
                goto done;
            vg_contact_list_free(contacts, ncontacts);
            contacts = all;
            ncontacts = nall;
            guide_read = 1;
        }
        if (roles) {
            if ((rc = build_callees(st, d, p, contacts, ncontacts, roles, &c)) != VG_OK) {
                vg_callees_free(c.v, c.n);
                goto done;
            }
            row->callees = c.v;
            row->ncallees = c.n;
        }
        if (row->nalerts)
            r->nalerts++;
        if (row->overdue)
            r->noverdue++;
    }
    if (r->n > 1)
        qsort(r->rows, r->n, sizeof *r->rows, cmp_rows);
    *out = r;
    r = NULL;
done:
    sqlite3_finalize(q_last);
    sqlite3_finalize(q_alerts);
    sqlite3_finalize(q_oneoffs);
    vg_store_read_end(st, read_tx);
    vg_sched_memo_free(&sc);
    vg_contact_list_free(contacts, ncontacts);
    vg_participant_list_free(people, npeople);
    vg_delegation_free(d);
    vg_checkin_report_free(r);
    return rc;
}
