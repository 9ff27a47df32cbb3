/* One tick of the watch: events, the outbox, sending. See vigie/watch.h.
 *
 * Per delegation in the field, in one transaction: the check-in report at
 * vg_now(); an event per ladder step reached by each overdue participant
 * (every step up to the one reached: a watch that slept sends the steps it
 * missed, never skips one), per open alert, and per end of an episode or an
 * alert that was notified; with each new event, one outbox row per recipient
 * and channel. Then the outbox is sent, oldest first, each row marked sent in
 * its own statement right after the channel accepted it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/error.h>
#include <vigie/notify.h>
#include <vigie/watch.h>

#include "notify/notify_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"

enum { EV_STEP = 1, EV_EPISODE_END = 2, EV_ALERT = 3, EV_ALERT_END = 4 };

typedef struct {
    vg_store *st;
    const vg_delegation *d;
    const vg_checkin_report *rep;
    const vg_recipient *rcp;
    size_t nrcp;
    int li;  /* ladder language: 0 fr, 1 en */
    int sms; /* a message command is set: participants get reminders */
    vg_watch_result *r;
} tick_ctx;

static void problem(vg_watch_result *r, const char *what)
{
    size_t n = strlen(what);
    if (r->problem[0])
        return;
    if (n >= sizeof r->problem)
        n = sizeof r->problem - 1;
    memcpy(r->problem, what, n);
    r->problem[n] = 0;
}

static const char *role_label(unsigned role)
{
    static const char *const labels[VG_ROLE_COUNT + 1] = {
        N_("the participant"),
        N_("the team lead"),
        N_("next of kin"),
        N_("the local partner"),
        N_("the accommodation"),
        N_("local emergency services"),
        N_("the insurer's assistance line"),
        N_("the security focal point"),
        N_("the embassy"),
        N_("the crisis cell"),
        N_("Canada's Emergency Watch and Response Centre"),
        N_("the coordinator"),
    };
    return role <= VG_ROLE_COUNT ? _(labels[role]) : "?";
}

/* Insert an event; *id_out 0 when it existed already. */
static int event_new(tick_ctx *t, int64_t pid, int kind, int64_t key, int step, int alert_kind,
                     int64_t *id_out)
{
    sqlite3_stmt *s = NULL;
    int rc, src;
    *id_out = 0;
    rc = vg_sql_prepare(t->st, &s,
                        "INSERT OR IGNORE INTO notify_events (delegation_id, participant_id, kind,"
                        " key, step, alert_kind, created) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, t->d->id);
    sqlite3_bind_int64(s, 2, pid);
    sqlite3_bind_int(s, 3, kind);
    sqlite3_bind_int64(s, 4, key);
    sqlite3_bind_int(s, 5, step);
    sqlite3_bind_int(s, 6, alert_kind);
    sqlite3_bind_int64(s, 7, t->r->at);
    if ((src = sqlite3_step(s)) != SQLITE_DONE)
        rc = vg_sql_fail(t->st, src, "notify event");
    else if (sqlite3_changes(vg_store_db(t->st)) > 0) {
        *id_out = sqlite3_last_insert_rowid(vg_store_db(t->st));
        t->r->nevents++;
    }
    sqlite3_finalize(s);
    return rc;
}

static int queue(tick_ctx *t, int64_t event_id, int64_t recipient_id, const char *channel,
                 const char *address, const char *subject, const char *body)
{
    sqlite3_stmt *s = NULL;
    int rc, src;
    rc = vg_sql_prepare(t->st, &s,
                        "INSERT OR IGNORE INTO notify_outbox (event_id, recipient_id, channel,"
                        " address, subject, body, created) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, event_id);
    if (recipient_id)
        sqlite3_bind_int64(s, 2, recipient_id);
    else
        sqlite3_bind_null(s, 2);
    sqlite3_bind_text(s, 3, channel, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, address, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, subject, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, body, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 7, t->r->at);
    if ((src = sqlite3_step(s)) != SQLITE_DONE)
        rc = vg_sql_fail(t->st, src, "notify outbox");
    else if (sqlite3_changes(vg_store_db(t->st)) > 0)
        t->r->nqueued++;
    sqlite3_finalize(s);
    return rc;
}

/* Queue to every recipient concerned: roles match (the coordinator always,
 * unless `only` limits the roles), the delegation matches, the step is not
 * before their first one (step < 0: not a step). */
static int queue_recipients(tick_ctx *t, int64_t event_id, unsigned roles, unsigned only, int step,
                            const char *subject, const char *body)
{
    int rc = VG_OK;
    for (size_t i = 0; i < t->nrcp && rc == VG_OK; i++) {
        const vg_recipient *p = &t->rcp[i];
        unsigned want = roles | (1u << VG_NOTIFY_COORDINATOR);
        if (only)
            want = only;
        if (!(p->roles & want))
            continue;
        if (p->delegation && strcmp(p->delegation, t->d->slug))
            continue;
        if (step >= 0 && p->from_step > 1 && step + 1 < p->from_step)
            continue;
        if (p->email)
            rc = queue(t, event_id, p->id, "email", p->email, subject, body);
        if (rc == VG_OK && p->phone)
            rc = queue(t, event_id, p->id, "sms", p->phone, subject, body);
    }
    return rc;
}

/* Queue an end to everyone the earlier events of the episode or alert reached. */
static int queue_followers(tick_ctx *t, int64_t event_id, int64_t pid, int kind, int64_t key,
                           const char *subject, const char *body)
{
    sqlite3_stmt *s = NULL;
    int rc, src;
    rc = vg_sql_prepare(t->st, &s,
                        "SELECT DISTINCT o.recipient_id, o.channel, o.address FROM notify_outbox o"
                        " JOIN notify_events e ON e.id = o.event_id WHERE e.delegation_id = ?"
                        " AND e.participant_id = ? AND e.kind = ? AND e.key = ?"
                        " AND o.recipient_id IS NOT NULL");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, t->d->id);
    sqlite3_bind_int64(s, 2, pid);
    sqlite3_bind_int(s, 3, kind);
    sqlite3_bind_int64(s, 4, key);
    while (rc == VG_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
        char *chan = strdup((const char *)sqlite3_column_text(s, 1));
        char *addr = strdup((const char *)sqlite3_column_text(s, 2));
        if (!chan || !addr)
            rc = VG_ENOMEM;
        else
            rc = queue(t, event_id, sqlite3_column_int64(s, 0), chan, addr, subject, body);
        free(chan);
        free(addr);
    }
    if (rc == VG_OK && src != SQLITE_DONE)
        rc = vg_sql_fail(t->st, src, "notify outbox");
    sqlite3_finalize(s);
    return rc;
}

static void append(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t cap, const char *fmt, ...)
{
    size_t len = strlen(buf);
    va_list ap;
    if (len + 1 >= cap)
        return;
    va_start(ap, fmt);
    vsnprintf(buf + len, cap - len, fmt, ap);
    va_end(ap);
}

/* "À appeler" lines: role, name, phone. */
static int callees_text(tick_ctx *t, int64_t pid, unsigned roles, char *body, size_t cap)
{
    vg_callee *c = NULL;
    size_t n = 0;
    int rc;
    if (!roles)
        return VG_OK;
    if ((rc = vg_checkin_callees(t->st, t->d->slug, pid, roles, &c, &n)) != VG_OK)
        return rc;
    append(body, cap, "%s\n", _("Whom to call:"));
    for (size_t i = 0; i < n; i++) {
        char shortn[64] = "";
        const char *name = c[i].name;
        if (c[i].role == VG_ROLE_PARTICIPANT || c[i].role == VG_ROLE_KIN ||
            c[i].role == VG_ROLE_LEAD) {
            vg_nt_short_name(shortn, c[i].name);
            name = c[i].name ? shortn : NULL;
        }
        append(body, cap, "  - %s: %s%s%s\n", role_label(c[i].role),
               name ? name : _("nobody recorded"), c[i].phone ? ", " : "",
               c[i].phone ? c[i].phone : "");
    }
    vg_callees_free(c, n);
    return VG_OK;
}

static const char *footer(void)
{
    return _("-- Vigie, automatic message. Details: vigie checkin status.");
}

static int do_step(tick_ctx *t, const vg_checkin_state *row, int step)
{
    const vg_ladder *l = t->rep->ladder;
    const vg_ladder_step *ls = &l->steps[step];
    char who[64], due[48], subject[256], body[4096] = "";
    int64_t ev;
    int rc;
    if ((rc = event_new(t, row->participant_id, EV_STEP, row->missed_due, step, 0, &ev)) != VG_OK ||
        !ev)
        return rc;
    vg_nt_short_name(who, row->name);
    vg_time_format_local(due, row->missed_due, t->d->tz);
    snprintf(subject, sizeof subject, _("[Vigie] %s: %s is late, step %d of %zu"), t->d->slug, who,
             step + 1, l->nsteps);
    append(body, sizeof body, _("Delegation: %s\n"), t->d->slug);
    append(body, sizeof body, _("%s has not checked in: expected at %s.\n"), who, due);
    append(body, sizeof body, _("Step %d of %zu of the escalation ladder:\n%s\n"), step + 1,
           l->nsteps, ls->action[t->li] ? ls->action[t->li] : "");
    if ((rc = callees_text(t, row->participant_id, ls->roles, body, sizeof body)) != VG_OK)
        return rc;
    append(body, sizeof body, "%s\n", footer());
    if ((rc = queue_recipients(t, ev, ls->roles, 0, step, subject, body)) != VG_OK)
        return rc;
    /* The first step that names the participant: a reminder to their own
     * phone, which says nothing but that a check-in is expected. */
    int first_naming = 1;
    for (int k = 0; k < step; k++)
        if (l->steps[k].roles & (1u << VG_ROLE_PARTICIPANT))
            first_naming = 0;
    if (t->sms && first_naming && (ls->roles & (1u << VG_ROLE_PARTICIPANT))) {
        vg_callee *c = NULL;
        size_t n = 0;
        if ((rc = vg_checkin_callees(t->st, t->d->slug, row->participant_id,
                                     1u << VG_ROLE_PARTICIPANT, &c, &n)) != VG_OK)
            return rc;
        if (n && c[0].phone) {
            char hm[48], text[256];
            vg_time_format_local(hm, row->missed_due, t->d->tz);
            snprintf(text, sizeof text, _("Vigie: your check-in of %s is expected."), hm);
            rc = queue(t, ev, 0, "sms", c[0].phone, text, _("Send it as soon as you can."));
        }
        vg_callees_free(c, n);
    }
    return rc;
}

static int do_alert(tick_ctx *t, const vg_checkin_state *row, const vg_alert *a)
{
    const vg_ladder_step *ls = &t->rep->ladder->alerts[a->kind <= VG_ALERT_KIND_MAX ? a->kind : 0];
    char who[64], when[48], subject[256], body[4096] = "";
    int64_t ev;
    int rc;
    if ((rc = event_new(t, row->participant_id, EV_ALERT, a->id, 0, (int)a->kind, &ev)) != VG_OK ||
        !ev)
        return rc;
    if (a->kind == VG_ALERT_DURESS) {
        /* Only the coordinator and the security focal point; words that say
         * nothing to whoever else sees the phone. */
        snprintf(subject, sizeof subject, _("[Vigie] Reminder, ref. %lld"), (long long)a->id);
        snprintf(body, sizeof body,
                 _("Please open Vigie now about ref. %lld.\n"
                   "Do not call back from this message.\n"),
                 (long long)a->id);
        return queue_recipients(t, ev, 0,
                                (1u << VG_NOTIFY_COORDINATOR) | (1u << VG_ROLE_FOCAL_POINT), -1,
                                subject, body);
    }
    vg_nt_short_name(who, row->name);
    vg_time_format_local(when, a->checkin_at ? a->checkin_at : a->opened, t->d->tz);
    if (a->kind == VG_ALERT_HELP)
        snprintf(subject, sizeof subject, _("[Vigie] %s: %s asks for help"), t->d->slug, who);
    else if (a->kind == VG_ALERT_EMERGENCY)
        snprintf(subject, sizeof subject, _("[Vigie] %s: EMERGENCY for %s"), t->d->slug, who);
    else if (a->kind == VG_ALERT_REVIEW)
        snprintf(subject, sizeof subject, _("[Vigie] %s: a message from %s to read"), t->d->slug,
                 who);
    else
        snprintf(subject, sizeof subject, _("[Vigie] %s: wrong check-in codes for %s"), t->d->slug,
                 who);
    append(body, sizeof body, _("Delegation: %s\n"), t->d->slug);
    if (a->kind == VG_ALERT_REVIEW)
        append(body, sizeof body,
               _("A check-in message from %s (%s) has words of distress: read it in Vigie.\n"), who,
               when);
    else if (a->kind == VG_ALERT_GUESSING)
        append(body, sizeof body, _("Wrong check-in codes keep coming for %s (%s).\n"), who, when);
    else
        append(body, sizeof body, _("%s sent a check-in \"%s\" at %s.\n"), who,
               a->kind == VG_ALERT_HELP ? _("help") : _("emergency"), when);
    if (ls->action[t->li])
        append(body, sizeof body, "%s\n", ls->action[t->li]);
    if ((rc = callees_text(t, row->participant_id, ls->roles, body, sizeof body)) != VG_OK)
        return rc;
    append(body, sizeof body, "%s\n", footer());
    return queue_recipients(t, ev, ls->roles, 0, -1, subject, body);
}

/* Episodes and alerts notified before and over now. */
static int do_ends(tick_ctx *t)
{
    sqlite3_stmt *s = NULL;
    int rc, src;
    struct end {
        int64_t pid, key;
        int kind, alert_kind;
    } *ends = NULL;
    size_t n = 0, cap = 0;
    rc = vg_sql_prepare(
        t->st, &s,
        "SELECT e.participant_id, e.kind, e.key, MAX(e.alert_kind) FROM notify_events e"
        " WHERE e.delegation_id = ?1 AND e.kind IN (1, 3) AND NOT EXISTS (SELECT 1 FROM"
        " notify_events f WHERE f.delegation_id = ?1 AND f.participant_id = e.participant_id"
        " AND f.kind = e.kind + 1 AND f.key = e.key) GROUP BY e.participant_id, e.kind, e.key");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, t->d->id);
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t pid = sqlite3_column_int64(s, 0), key = sqlite3_column_int64(s, 2);
        int kind = sqlite3_column_int(s, 1), still = 0;
        for (size_t i = 0; i < t->rep->n && !still; i++) {
            const vg_checkin_state *row = &t->rep->rows[i];
            if (row->participant_id != pid)
                continue;
            if (kind == EV_STEP)
                still = row->overdue && row->missed_due == key;
            else
                for (size_t a = 0; a < row->nalerts; a++)
                    still |= row->alerts[a].id == key;
        }
        if (still)
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            struct end *g = realloc(ends, nc * sizeof *g);
            if (!g) {
                rc = VG_ENOMEM;
                break;
            }
            ends = g;
            cap = nc;
        }
        ends[n++] = (struct end){pid, key, kind, sqlite3_column_int(s, 3)};
    }
    if (rc == VG_OK && src != SQLITE_DONE)
        rc = vg_sql_fail(t->st, src, "notify events");
    sqlite3_finalize(s);
    for (size_t i = 0; i < n && rc == VG_OK; i++) {
        const vg_checkin_state *row = NULL;
        char who[64] = "?", subject[256], body[1024] = "", due[48];
        int64_t ev;
        for (size_t j = 0; j < t->rep->n; j++)
            if (t->rep->rows[j].participant_id == ends[i].pid)
                row = &t->rep->rows[j];
        if (row)
            vg_nt_short_name(who, row->name);
        rc = event_new(t, ends[i].pid, ends[i].kind + 1, ends[i].key, -1, ends[i].alert_kind, &ev);
        if (rc != VG_OK || !ev)
            continue;
        if (ends[i].kind == EV_STEP) {
            vg_time_format_local(due, ends[i].key, t->d->tz);
            snprintf(subject, sizeof subject, _("[Vigie] %s: %s is no longer late"), t->d->slug,
                     who);
            append(body, sizeof body, _("Delegation: %s\n"), t->d->slug);
            append(body, sizeof body,
                   _("The missed check-in of %s (expected at %s) is settled: the escalation "
                     "stops.\n"),
                   who, due);
        } else if (ends[i].alert_kind == VG_ALERT_DURESS) {
            snprintf(subject, sizeof subject, _("[Vigie] Ref. %lld closed"),
                     (long long)ends[i].key);
            snprintf(body, sizeof body, _("Ref. %lld is closed.\n"), (long long)ends[i].key);
        } else {
            snprintf(subject, sizeof subject, _("[Vigie] %s: the alert for %s is closed"),
                     t->d->slug, who);
            append(body, sizeof body, _("Delegation: %s\n"), t->d->slug);
            append(body, sizeof body, _("The alert for %s is closed.\n"), who);
        }
        if (ends[i].alert_kind != VG_ALERT_DURESS)
            append(body, sizeof body, "%s\n", footer());
        rc = queue_followers(t, ev, ends[i].pid, ends[i].kind, ends[i].key, subject, body);
    }
    free(ends);
    return rc;
}

static int watch_delegation(tick_ctx *t, const char *data_dir)
{
    vg_checkin_report *rep = NULL;
    int rc;
    if ((rc = vg_store_begin(t->st)) != VG_OK)
        return rc;
    rc = vg_checkin_report_get(t->st, t->d->slug, t->r->at, data_dir, &rep);
    /* The overdue episodes (checkin.h), kept as `checkin status` keeps them. */
    if (rc == VG_OK)
        rc = vg_episode_sync(t->st, rep, NULL);
    if (rc == VG_OK) {
        t->rep = rep;
        t->r->noverdue += (int)rep->noverdue;
        t->r->nalerts += (int)rep->nalerts;
        for (size_t i = 0; i < rep->n && rc == VG_OK; i++) {
            const vg_checkin_state *row = &rep->rows[i];
            for (size_t a = 0; a < row->nalerts && rc == VG_OK; a++)
                rc = do_alert(t, row, &row->alerts[a]);
            if (row->overdue)
                for (int s = 0; s <= row->step && rc == VG_OK; s++)
                    rc = do_step(t, row, s);
        }
        if (rc == VG_OK)
            rc = do_ends(t);
    }
    if (rc == VG_OK)
        rc = vg_store_commit(t->st);
    if (rc != VG_OK)
        vg_store_rollback(t->st);
    vg_checkin_report_free(rep);
    t->rep = NULL;
    return rc;
}

/* Send every queued message; each marked sent right after its channel took it. */
static int send_outbox(vg_store *st, vg_watch_result *r)
{
    sqlite3_stmt *s = NULL, *u = NULL;
    vg_nt_channels c;
    int rc, src, down_email = 0, down_sms = 0;
    struct row {
        int64_t id, created;
        char *channel, *address, *subject, *body;
    } *rows = NULL;
    size_t n = 0, cap = 0;
    if ((rc = vg_nt_channels_load(st, &c)) != VG_OK)
        return rc;
    rc = vg_sql_prepare(st, &s,
                        "SELECT id, channel, address, subject, body, created FROM notify_outbox"
                        " WHERE sent IS NULL ORDER BY id");
    while (rc == VG_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            struct row *g = realloc(rows, nc * sizeof *g);
            if (!g) {
                rc = VG_ENOMEM;
                break;
            }
            rows = g;
            cap = nc;
        }
        rows[n].id = sqlite3_column_int64(s, 0);
        rows[n].channel = strdup((const char *)sqlite3_column_text(s, 1));
        rows[n].address = strdup((const char *)sqlite3_column_text(s, 2));
        rows[n].subject = strdup((const char *)sqlite3_column_text(s, 3));
        rows[n].body = strdup((const char *)sqlite3_column_text(s, 4));
        rows[n].created = sqlite3_column_int64(s, 5);
        n++;
    }
    if (rc == VG_OK && s && src != SQLITE_DONE)
        rc = vg_sql_fail(st, src, "notify outbox");
    sqlite3_finalize(s);
    for (size_t i = 0; i < n && rc == VG_OK; i++) {
        struct row *w = &rows[i];
        int is_email = !strcmp(w->channel, "email"), ok;
        char err[300] = "";
        if (!w->channel || !w->address || !w->subject || !w->body) {
            rc = VG_ENOMEM;
            break;
        }
        if ((is_email && down_email) || (!is_email && down_sms)) {
            r->nfailed++;
            continue;
        }
        char mid[80];
        snprintf(mid, sizeof mid, "vigie.%lld.%lld@%s", (long long)w->id, (long long)w->created,
                 "vigie.invalid");
        ok = vg_nt_send(&c, w->channel, w->address, w->subject, w->body, mid) == VG_OK;
        if (!ok) {
            snprintf(err, sizeof err, "%s", vg_error_last());
            problem(r, err);
            r->nfailed++;
            if (is_email)
                down_email = 1;
            else
                down_sms = 1;
        } else
            r->nsent++;
        rc = vg_sql_prepare(st, &u,
                            ok ? "UPDATE notify_outbox SET sent = ?, attempts = attempts + 1,"
                                 " error = NULL WHERE id = ?"
                               : "UPDATE notify_outbox SET attempts = attempts + 1, error = ?3"
                                 " WHERE id = ?2 AND ?1 IS NOT NULL");
        if (rc == VG_OK) {
            sqlite3_bind_int64(u, 1, r->at);
            sqlite3_bind_int64(u, 2, w->id);
            if (!ok)
                sqlite3_bind_text(u, 3, err, -1, SQLITE_STATIC);
            if ((src = sqlite3_step(u)) != SQLITE_DONE)
                rc = vg_sql_fail(st, src, "notify outbox");
        }
        sqlite3_finalize(u);
        u = NULL;
    }
    for (size_t i = 0; i < n; i++) {
        free(rows[i].channel);
        free(rows[i].address);
        free(rows[i].subject);
        free(rows[i].body);
    }
    free(rows);
    vg_nt_channels_clear(&c);
    return rc;
}

int vg_watch_tick(vg_store *st, const char *data_dir, const char *lang, vg_watch_result *r)
{
    vg_delegation **ds = NULL;
    vg_recipient *rcp = NULL;
    size_t nd = 0, nrcp = 0;
    int rc;
    memset(r, 0, sizeof *r);
    r->at = vg_now();
    if ((rc = vg_watch_inbound(st, r)) != VG_OK)
        return rc;
    if ((rc = vg_delegation_list(st, &ds, &nd)) != VG_OK)
        return rc;
    if ((rc = vg_notify_recipient_list(st, &rcp, &nrcp)) != VG_OK)
        goto done;
    char *sms = NULL;
    if ((rc = vg_notify_get(st, "sms.command", &sms)) != VG_OK)
        goto done;
    int has_sms = sms != NULL;
    free(sms);
    int32_t today = (int32_t)(r->at >= 0 ? r->at / 86400 : (r->at - 86399) / 86400);
    for (size_t i = 0; i < nd && rc == VG_OK; i++) {
        const vg_delegation *d = ds[i];
        /* In the field, give or take the journeys there and home. */
        if (d->closed || today < d->start_day - 3 || today > d->end_day + 3)
            continue;
        tick_ctx t = {st, d, NULL, rcp, nrcp, lang && !strcmp(lang, "en") ? 1 : 0, has_sms, r};
        r->ndelegations++;
        rc = watch_delegation(&t, data_dir);
        if (rc == VG_ENOTFOUND) /* no plan: nothing to watch */
            rc = VG_OK;
    }
    if (rc == VG_OK)
        rc = send_outbox(st, r);
done:
    vg_recipients_free(rcp, nrcp);
    vg_delegation_list_free(ds, nd);
    return rc;
}
