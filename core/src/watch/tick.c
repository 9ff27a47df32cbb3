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
#include "watch/watch_internal.h"

/* One message in each language: [0] French, [1] English. */
typedef struct {
    char subject[256];
    char body[4096];
} nt_msg;

static const char *const lang_code[2] = {"fr", "en"};

typedef struct {
    vg_store *st;
    const vg_delegation *d;
    const vg_checkin_report *rep;
    const vg_recipient *rcp;
    size_t nrcp;
    int li;  /* the watch's language: 0 fr, 1 en (recipients without one) */
    int sms; /* a message command is set: participants get reminders */
    vg_watch_result *r;
} tick_ctx;

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
                 const char *address, const char *subject, const char *body, int li)
{
    sqlite3_stmt *s = NULL;
    int rc, src;
    rc = vg_sql_prepare(t->st, &s,
                        "INSERT OR IGNORE INTO notify_outbox (event_id, recipient_id, channel,"
                        " address, subject, body, created, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
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
    sqlite3_bind_text(s, 8, lang_code[li ? 1 : 0], -1, SQLITE_STATIC);
    if ((src = sqlite3_step(s)) != SQLITE_DONE)
        rc = vg_sql_fail(t->st, src, "notify outbox");
    else if (sqlite3_changes(vg_store_db(t->st)) > 0)
        t->r->nqueued++;
    sqlite3_finalize(s);
    return rc;
}

/* A recipient's language: theirs, else the watch's. */
static int recipient_li(const tick_ctx *t, const vg_recipient *p)
{
    if (p && p->lang)
        return !strcmp(p->lang, "en");
    return t->li;
}

static const vg_recipient *recipient_by_id(const tick_ctx *t, int64_t id)
{
    for (size_t i = 0; i < t->nrcp; i++)
        if (t->rcp[i].id == id)
            return &t->rcp[i];
    return NULL;
}

/* Queue to every recipient concerned, in their language: roles match (the
 * coordinator always, unless `only` limits the roles), the delegation
 * matches, the step is not before their first one (step < 0: not a step). */
static int queue_recipients(tick_ctx *t, int64_t event_id, unsigned roles, unsigned only, int step,
                            const nt_msg m[2])
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
        int li = recipient_li(t, p);
        if (p->email)
            rc = queue(t, event_id, p->id, "email", p->email, m[li].subject, m[li].body, li);
        if (rc == VG_OK && p->phone)
            rc = queue(t, event_id, p->id, "sms", p->phone, m[li].subject, m[li].body, li);
    }
    return rc;
}

/* Queue an end to everyone the earlier events of the episode or alert reached. */
static int queue_followers(tick_ctx *t, int64_t event_id, int64_t pid, int kind, int64_t key,
                           const nt_msg m[2])
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
        else {
            int64_t rid = sqlite3_column_int64(s, 0);
            int li = recipient_li(t, recipient_by_id(t, rid));
            rc = queue(t, event_id, rid, chan, addr, m[li].subject, m[li].body, li);
        }
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

/* What a message says, written once per language. */
typedef enum { MSG_STEP, MSG_ALERT, MSG_END } msg_kind;
typedef struct {
    msg_kind kind;
    const vg_checkin_state *row; /* or NULL (an end whose participant left the report) */
    int step;                    /* MSG_STEP */
    const vg_alert *alert;       /* MSG_ALERT */
    int end_kind, alert_kind; /* MSG_END: VG_NOTIFY_STEP or VG_NOTIFY_ALERT, and the alert's kind */
    int64_t key;              /* MSG_END: the missed due time or the alert's id */
} msg_what;

static int render_step(tick_ctx *t, const msg_what *w, int li, nt_msg *m)
{
    const vg_ladder *l = t->rep->ladder;
    const vg_ladder_step *ls = &l->steps[w->step];
    char who[64], due[48];
    vg_nt_short_name(who, w->row->name);
    vg_time_format_local(due, w->row->missed_due, t->d->tz);
    snprintf(m->subject, sizeof m->subject, _("[Vigie] %s: %s is late, step %d of %zu"), t->d->slug,
             who, w->step + 1, l->nsteps);
    append(m->body, sizeof m->body, _("Delegation: %s\n"), t->d->slug);
    append(m->body, sizeof m->body, _("%s has not checked in: expected at %s.\n"), who, due);
    append(m->body, sizeof m->body, _("Step %d of %zu of the escalation ladder:\n%s\n"),
           w->step + 1, l->nsteps, ls->action[li] ? ls->action[li] : "");
    return callees_text(t, w->row->participant_id, ls->roles, m->body, sizeof m->body);
}

static int render_alert(tick_ctx *t, const msg_what *w, int li, nt_msg *m)
{
    const vg_alert *a = w->alert;
    const vg_ladder_step *ls = &t->rep->ladder->alerts[a->kind <= VG_ALERT_KIND_MAX ? a->kind : 0];
    char who[64], when[48];
    if (a->kind == VG_ALERT_DURESS) {
        /* Words that say nothing to whoever else sees the phone. */
        snprintf(m->subject, sizeof m->subject, _("[Vigie] Reminder, ref. %lld"), (long long)a->id);
        snprintf(m->body, sizeof m->body,
                 _("Please open Vigie now about ref. %lld.\n"
                   "Do not call back from this message.\n"),
                 (long long)a->id);
        return VG_OK;
    }
    vg_nt_short_name(who, w->row->name);
    vg_time_format_local(when, a->checkin_at ? a->checkin_at : a->opened, t->d->tz);
    if (a->kind == VG_ALERT_HELP)
        snprintf(m->subject, sizeof m->subject, _("[Vigie] %s: %s asks for help"), t->d->slug, who);
    else if (a->kind == VG_ALERT_EMERGENCY)
        snprintf(m->subject, sizeof m->subject, _("[Vigie] %s: EMERGENCY for %s"), t->d->slug, who);
    else if (a->kind == VG_ALERT_REVIEW)
        snprintf(m->subject, sizeof m->subject, _("[Vigie] %s: a message from %s to read"),
                 t->d->slug, who);
    else
        snprintf(m->subject, sizeof m->subject, _("[Vigie] %s: wrong check-in codes for %s"),
                 t->d->slug, who);
    append(m->body, sizeof m->body, _("Delegation: %s\n"), t->d->slug);
    if (a->kind == VG_ALERT_REVIEW)
        append(m->body, sizeof m->body,
               _("A check-in message from %s (%s) has words of distress: read it in Vigie.\n"), who,
               when);
    else if (a->kind == VG_ALERT_GUESSING)
        append(m->body, sizeof m->body, _("Wrong check-in codes keep coming for %s (%s).\n"), who,
               when);
    else
        append(m->body, sizeof m->body, _("%s sent a check-in \"%s\" at %s.\n"), who,
               a->kind == VG_ALERT_HELP ? _("help") : _("emergency"), when);
    if (ls->action[li])
        append(m->body, sizeof m->body, "%s\n", ls->action[li]);
    return callees_text(t, w->row->participant_id, ls->roles, m->body, sizeof m->body);
}

static int render_end(tick_ctx *t, const msg_what *w, nt_msg *m)
{
    char who[64] = "?", due[48];
    if (w->row)
        vg_nt_short_name(who, w->row->name);
    if (w->end_kind == VG_NOTIFY_STEP) {
        vg_time_format_local(due, w->key, t->d->tz);
        snprintf(m->subject, sizeof m->subject, _("[Vigie] %s: %s is no longer late"), t->d->slug,
                 who);
        append(m->body, sizeof m->body, _("Delegation: %s\n"), t->d->slug);
        append(m->body, sizeof m->body,
               _("The missed check-in of %s (expected at %s) is settled: the escalation "
                 "stops.\n"),
               who, due);
    } else if (w->alert_kind == VG_ALERT_DURESS) {
        snprintf(m->subject, sizeof m->subject, _("[Vigie] Ref. %lld closed"), (long long)w->key);
        snprintf(m->body, sizeof m->body, _("Ref. %lld is closed.\n"), (long long)w->key);
        return VG_OK;
    } else {
        snprintf(m->subject, sizeof m->subject, _("[Vigie] %s: the alert for %s is closed"),
                 t->d->slug, who);
        append(m->body, sizeof m->body, _("Delegation: %s\n"), t->d->slug);
        append(m->body, sizeof m->body, _("The alert for %s is closed.\n"), who);
    }
    return VG_OK;
}

/* The message in French and in English, each in its own catalogue. */
static int render(tick_ctx *t, const msg_what *w, nt_msg m[2])
{
    int rc = VG_OK;
    for (int li = 0; li < 2 && rc == VG_OK; li++) {
        vg_i18n_saved saved;
        m[li].subject[0] = m[li].body[0] = 0;
        vg_i18n_use(lang_code[li], &saved);
        if (w->kind == MSG_STEP)
            rc = render_step(t, w, li, &m[li]);
        else if (w->kind == MSG_ALERT)
            rc = render_alert(t, w, li, &m[li]);
        else
            rc = render_end(t, w, &m[li]);
        int duress = (w->kind == MSG_ALERT && w->alert->kind == VG_ALERT_DURESS) ||
                     (w->kind == MSG_END && w->end_kind == VG_NOTIFY_ALERT &&
                      w->alert_kind == VG_ALERT_DURESS);
        if (rc == VG_OK && !duress)
            append(m[li].body, sizeof m[li].body, "%s\n", footer());
        vg_i18n_restore(&saved);
    }
    return rc;
}

static int do_step(tick_ctx *t, const vg_checkin_state *row, int step)
{
    const vg_ladder *l = t->rep->ladder;
    const vg_ladder_step *ls = &l->steps[step];
    msg_what w = {MSG_STEP, row, step, NULL, 0, 0, 0};
    nt_msg m[2];
    int64_t ev;
    int rc;
    if ((rc = event_new(t, row->participant_id, VG_NOTIFY_STEP, row->missed_due, step, 0, &ev)) !=
            VG_OK ||
        !ev)
        return rc;
    if ((rc = render(t, &w, m)) != VG_OK ||
        (rc = queue_recipients(t, ev, ls->roles, 0, step, m)) != VG_OK)
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
            rc = queue(t, ev, 0, "sms", c[0].phone, text, _("Send it as soon as you can."), t->li);
        }
        vg_callees_free(c, n);
    }
    return rc;
}

static int do_alert(tick_ctx *t, const vg_checkin_state *row, const vg_alert *a)
{
    const vg_ladder_step *ls = &t->rep->ladder->alerts[a->kind <= VG_ALERT_KIND_MAX ? a->kind : 0];
    msg_what w = {MSG_ALERT, row, 0, a, 0, 0, 0};
    nt_msg m[2];
    int64_t ev;
    int rc;
    if ((rc = event_new(t, row->participant_id, VG_NOTIFY_ALERT, a->id, 0, (int)a->kind, &ev)) !=
            VG_OK ||
        !ev)
        return rc;
    if ((rc = render(t, &w, m)) != VG_OK)
        return rc;
    if (a->kind == VG_ALERT_DURESS) /* only the coordinator and the security focal point */
        return queue_recipients(t, ev, 0,
                                (1u << VG_NOTIFY_COORDINATOR) | (1u << VG_ROLE_FOCAL_POINT), -1, m);
    return queue_recipients(t, ev, ls->roles, 0, -1, m);
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
            if (kind == VG_NOTIFY_STEP)
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
        msg_what w = {MSG_END, NULL, 0, NULL, ends[i].kind, ends[i].alert_kind, ends[i].key};
        nt_msg m[2];
        int64_t ev;
        for (size_t j = 0; j < t->rep->n; j++)
            if (t->rep->rows[j].participant_id == ends[i].pid)
                w.row = &t->rep->rows[j];
        rc = event_new(t, ends[i].pid, ends[i].kind + 1, ends[i].key, -1, ends[i].alert_kind, &ev);
        if (rc != VG_OK || !ev)
            continue;
        if ((rc = render(t, &w, m)) == VG_OK)
            rc = queue_followers(t, ev, ends[i].pid, ends[i].kind, ends[i].key, m);
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

struct outbox_row {
    int64_t id, created, sending;
    char *channel, *address, *subject, *body;
};

static int read_outbox(sqlite3_stmt *s, void *elem, void *ud)
{
    struct outbox_row *w = elem;
    (void)ud;
    w->id = sqlite3_column_int64(s, 0);
    w->channel = vg_sql_col_dup(s, 1);
    w->address = vg_sql_col_dup(s, 2);
    w->subject = vg_sql_col_dup(s, 3);
    w->body = vg_sql_col_dup(s, 4);
    w->created = sqlite3_column_int64(s, 5);
    w->sending = sqlite3_column_int64(s, 6);
    return w->channel && w->address && w->subject && w->body ? VG_OK : vg_error_oom();
}

/* One UPDATE of an outbox row: `sql` binds ?1 the time, ?2 the row, ?3 a reason. */
static int outbox_mark(vg_store *st, const char *sql, int64_t at, int64_t id, const char *why)
{
    sqlite3_stmt *u = NULL;
    int rc = vg_sql_prepare(st, &u, sql);
    if (rc == VG_OK) {
        sqlite3_bind_int64(u, 1, at);
        sqlite3_bind_int64(u, 2, id);
        vg_sql_bind_text(u, 3, why);
        rc = vg_sql_step_done(st, u, "notify outbox");
    }
    sqlite3_finalize(u);
    return rc;
}

#define MARK_SENDING                                                                               \
    "UPDATE notify_outbox SET sending = ?1, attempts = attempts + 1 WHERE id = ?2 AND"             \
    " ?3 IS NULL"
#define MARK_SENT   "UPDATE notify_outbox SET sent = ?1, error = NULL WHERE id = ?2 AND ?3 IS NULL"
#define MARK_FAILED "UPDATE notify_outbox SET error = ?3 WHERE id = ?2 AND ?1 IS NOT NULL"

/* Send every queued message, oldest first. A row is marked `sending`
 * before its channel gets it and `sent` after; the send itself is
 * journalled outside the store (notify/sender.c), so that a row found
 * `sending` after a kill is recorded from the journal, not sent twice. */
static int send_outbox(vg_store *st, vg_watch_result *r)
{
    sqlite3_stmt *s = NULL;
    vg_nt_channels c;
    const char *dir = vg_store_dir(st);
    int rc, down_email = 0, down_sms = 0;
    struct outbox_row *rows = NULL;
    void *got = NULL;
    size_t n = 0;
    if ((rc = vg_nt_channels_load(st, &c)) != VG_OK)
        return rc;
    rc = vg_sql_prepare(st, &s,
                        "SELECT id, channel, address, subject, body, created, sending"
                        " FROM notify_outbox WHERE sent IS NULL ORDER BY id");
    if (rc == VG_OK)
        rc = vg_sql_rows(st, s, sizeof *rows, &got, &n, read_outbox, NULL, "notify outbox");
    rows = got;
    sqlite3_finalize(s);
    for (size_t i = 0; i < n && rc == VG_OK; i++) {
        struct outbox_row *w = &rows[i];
        char err[400] = "", key[64], mid[96];
        int ok;
        int is_email = !strcmp(w->channel, "email");
        snprintf(key, sizeof key, "vigie.%lld.%lld", (long long)w->id, (long long)w->created);
        snprintf(mid, sizeof mid, "%s@vigie.invalid", key);
        if (w->sending) {
            /* A send began before a kill: what became of it? */
            int out = vg_nt_journal_outcome(dir, key, NULL, 0);
            if (out == VG_NT_SENT) {
                if ((rc = outbox_mark(st, MARK_SENT, r->at, w->id, NULL)) == VG_OK)
                    vg_nt_journal_forget(dir, key);
                r->nrecovered++;
                continue;
            }
            if (out == VG_NT_UNKNOWN)
                r->nresent++; /* the sender died mid-send: again, under the same id */
        }
        if ((is_email && down_email) || (!is_email && down_sms)) {
            r->nfailed++;
            continue;
        }
        if ((rc = outbox_mark(st, MARK_SENDING, r->at, w->id, NULL)) != VG_OK)
            break; /* not recorded, not sent: the store cannot be written */
        ok = vg_nt_journal_send(dir, key, &c, w->channel, w->address, w->subject, w->body, mid) ==
             VG_OK;
        if (!ok) {
            snprintf(err, sizeof err, "%s", vg_error_last());
            vg_watch_problem(r, err);
            r->nfailed++;
            if (is_email)
                down_email = 1;
            else
                down_sms = 1;
        } else
            r->nsent++;
        rc = outbox_mark(st, ok ? MARK_SENT : MARK_FAILED, r->at, w->id, ok ? NULL : err);
        if (rc == VG_OK)
            vg_nt_journal_forget(dir, key);
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
