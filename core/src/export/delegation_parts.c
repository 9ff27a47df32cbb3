/* The risk file's parts whose data other modules own.
 *
 *   Check-in protocol  the plan (daily times, grace), the escalation ladder
 *                      and what to do on an alert (vigie/checkin.h); the
 *                      duress and code-guessing procedures only in the
 *                      coordinator's profile: a duress alert is never
 *                      echoed to the field
 *   Check-in log       every check-in, streamed (a million rows never sit in
 *                      memory); the board sees counts by day only, no names,
 *                      places or notes
 *
 * Waiting for their modules on main (issue 7's report says so): the country
 * guide (advisory levels, emergency numbers, embassy, essentials:
 * vigie/guide.h, issue 4), the risk register and heat map (issue 4), the
 * readiness result (issue 3). The document has the sheets whose data
 * exists, and no empty stand-ins for the others. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/ready.h>

#include "export/delegation_parts.h"
#include "export/export_internal.h"
#include "util/i18n.h"

struct vg_dx_parts {
    int has_plan;
    vg_checkin_plan plan;
    vg_ladder *ladder;
};

int vg_dx_load(vg_dx *d)
{
    struct vg_dx_parts *p = calloc(1, sizeof *p);
    int rc;
    if (!p)
        return vg_error_set(VG_ENOMEM, "%s", _("out of memory"));
    d->parts = p;
    rc = vg_checkin_plan_get(d->st, d->dl->slug, &p->plan);
    if (rc == VG_ENOTFOUND)
        rc = VG_OK;
    else if (rc == VG_OK)
        p->has_plan = 1;
    if (rc == VG_OK)
        rc = vg_checkin_ladder_get(d->st, d->dl->slug, d->data_dir, &p->ladder);
    return rc;
}

void vg_dx_free(vg_dx *d)
{
    if (!d->parts)
        return;
    vg_ladder_free(d->parts->ladder);
    free(d->parts);
    d->parts = NULL;
}

/* The pre-departure checklist (vigie/ready.h), as `vigie delegation ready`
 * runs it. Its reasons are counts; the people concerned are named only in
 * the coordinator's profile. */
static int readiness(vg_export *x, const vg_dx *d)
{
    vg_ready_template *t = NULL;
    vg_ready_line *lines = NULL;
    size_t n = 0;
    int ready = 0, rc, coord = d->profile == VG_PROFILE_COORDINATOR;
    char path[1024], title[160];
    vg_xcol cols[] = {{"check", _("Check"), VG_COL_TEXT, 50},
                      {"passed", _("Result"), VG_COL_TEXT, 0},
                      {"reason", _("Why"), VG_COL_TEXT, 50},
                      {"people", _("Who is concerned"), VG_COL_TEXT, 50}};
    snprintf(path, sizeof path, "%s/templates/readiness.yaml", d->data_dir ? d->data_dir : ".");
    if ((rc = vg_ready_template_load(path, &t)) != VG_OK ||
        (rc = vg_ready_run(d->st, d->dl->slug, t, d->lang, d->data_dir, &lines, &n, &ready)) !=
            VG_OK)
        goto done;
    snprintf(title, sizeof title, _("Ready to leave: %s"), ready ? _("yes") : _("no"));
    if ((rc = vg_export_table(x, "readiness", title, cols, coord ? 4 : 3, 0)) != VG_OK)
        goto done;
    for (size_t i = 0; rc == VG_OK && i < n; i++) {
        char people[1024];
        size_t len = 0;
        people[0] = '\0';
        for (size_t k = 0; coord && k < lines[i].npeople && len < sizeof people - 1; k++) {
            len += (size_t)snprintf(people + len, sizeof people - len, "%s%s%s%s", k ? "; " : "",
                                    lines[i].people[k].name, lines[i].people[k].detail ? ": " : "",
                                    lines[i].people[k].detail ? lines[i].people[k].detail : "");
        }
        rc = vg_export_row(
            x, (vg_xcell[]){VG_XTEXT(lines[i].label),
                            lines[i].passed ? vg_xstyle(VG_XTEXT(_("passed")), VG_XS_GOOD)
                                            : vg_xstyle(VG_XTEXT(_("failed")), VG_XS_ALERT),
                            VG_XTEXT(lines[i].reason), VG_XTEXT(people[0] ? people : NULL)});
    }
done:
    vg_ready_lines_free(lines, n);
    vg_ready_template_free(t);
    return rc;
}

int vg_dx_summary_more(vg_export *x, const vg_dx *d)
{
    return readiness(x, d);
}

int vg_dx_guide_contacts(vg_export *x, const vg_dx *d)
{
    (void)x;
    (void)d;
    return VG_OK;
}

/* ---- Check-in protocol ------------------------------------------------ */

static const char *role_label(vg_role r)
{
    static const char *const labels[VG_ROLE_COUNT] = {
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
    };
    return (unsigned)r < VG_ROLE_COUNT ? _(labels[r]) : "?";
}

static void roles_text(unsigned roles, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (int r = 0; r < VG_ROLE_COUNT; r++)
        if (roles & (1u << r)) {
            len += (size_t)snprintf(out + len, cap - len, "%s%s", len ? ", " : "",
                                    role_label((vg_role)r));
            if (len >= cap)
                len = cap - 1;
        }
}

/* "T+0", "T+30 min", "T+1 h", "T+1 h 30 min", "T+1 d" */
static void delay_text(int64_t s, char *out, size_t cap)
{
    long m = (long)(s / 60);
    if (m == 0)
        snprintf(out, cap, "T+0");
    else if (m % 1440 == 0)
        snprintf(out, cap, "T+%ld %s", m / 1440, _("d"));
    else if (m >= 60 && m % 60)
        snprintf(out, cap, "T+%ld h %ld min", m / 60, m % 60);
    else if (m >= 60)
        snprintf(out, cap, "T+%ld h", m / 60);
    else
        snprintf(out, cap, "T+%ld min", m);
}

static int protocol(vg_export *x, const vg_dx *d)
{
    const struct vg_dx_parts *p = d->parts;
    static const vg_xcol kv[] = {{"field", N_("Field"), VG_COL_TEXT, 0},
                                 {"value", N_("Value"), VG_COL_TEXT, VG_XW_OVERFLOW}};
    vg_xcol cols[2] = {kv[0], kv[1]};
    int fr = d->lang && !strcmp(d->lang, "fr");
    char buf[512], sub[160];
    int rc;
    cols[0].label = _(kv[0].label);
    cols[1].label = _(kv[1].label);
    snprintf(sub, sizeof sub, _("Times are local times in %s."), d->dl->tz);
    if ((rc = vg_export_sheet(x, "checkin_protocol", _("Check-in protocol"))) != VG_OK ||
        (rc = vg_export_title(x, _("Check-in protocol"), sub)) != VG_OK ||
        (rc = vg_export_table(x, "plan", _("Schedule"), cols, 2, VG_XT_NOHEADER)) != VG_OK)
        return rc;
    if (!p->has_plan) {
        rc = vg_export_row(x, (vg_xcell[]){vg_xstyle(VG_XTEXT(_("Daily check-ins")), VG_XS_BOLD),
                                           vg_xstyle(VG_XTEXT(_("no plan set")), VG_XS_ALERT)});
    } else {
        size_t len = 0;
        buf[0] = '\0';
        for (int i = 0; i < p->plan.ndaily; i++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%02d:%02d", i ? ", " : "",
                                    p->plan.daily[i] / 60, p->plan.daily[i] % 60);
        rc = vg_export_row(
            x, (vg_xcell[]){vg_xstyle(VG_XTEXT(_("Daily check-ins")), VG_XS_BOLD), VG_XTEXT(buf)});
        snprintf(buf, sizeof buf, _("%d minutes after the time"), p->plan.grace);
        if (rc == VG_OK)
            rc = vg_export_row(
                x, (vg_xcell[]){vg_xstyle(VG_XTEXT(_("Grace")), VG_XS_BOLD), VG_XTEXT(buf)});
        snprintf(buf, sizeof buf, _("%d minutes before the time"), p->plan.early);
        if (rc == VG_OK)
            rc = vg_export_row(
                x, (vg_xcell[]){vg_xstyle(VG_XTEXT(_("Counts from")), VG_XS_BOLD), VG_XTEXT(buf)});
    }
    if (rc == VG_OK)
        rc = vg_export_row(
            x, (vg_xcell[]){vg_xstyle(VG_XTEXT(_("Escalation ladder")), VG_XS_BOLD),
                            VG_XTEXT(p->plan.has_ladder ? _("the delegation's own")
                                                        : _("Vigie's default ladder"))});
    if (rc == VG_OK) {
        vg_xcol lc[] = {{"after", _("After the grace window"), VG_COL_TEXT, 0},
                        {"after_travelling", _("While travelling"), VG_COL_TEXT, 0},
                        {"contact", _("Whom to contact"), VG_COL_TEXT, 40},
                        {"action", _("What to do"), VG_COL_TEXT, 70}};
        rc = vg_export_table(x, "ladder", _("When a check-in is missed"), lc, 4, 0);
        for (size_t i = 0; rc == VG_OK && i < p->ladder->nsteps; i++) {
            const vg_ladder_step *s = &p->ladder->steps[i];
            char a[32], b[32];
            delay_text(s->after, a, sizeof a);
            delay_text(s->after_travelling, b, sizeof b);
            roles_text(s->roles, buf, sizeof buf);
            rc = vg_export_row(x, (vg_xcell[]){vg_xstyle(VG_XTEXT(a), VG_XS_BOLD), VG_XTEXT(b),
                                               VG_XTEXT(buf), VG_XTEXT(s->action[fr ? 0 : 1])});
        }
    }
    if (rc == VG_OK) {
        static const char *const kinds[] = {NULL, N_("help"), N_("emergency"), N_("duress"),
                                            N_("repeated wrong codes")};
        vg_xcol ac[] = {{"alert", _("Alert"), VG_COL_TEXT, 0},
                        {"contact", _("Whom to contact"), VG_COL_TEXT, 40},
                        {"action", _("What to do"), VG_COL_TEXT, 70}};
        rc = vg_export_table(x, "alerts", _("When a check-in raises an alert"), ac, 3, 0);
        for (int k = VG_ALERT_HELP; rc == VG_OK && k <= VG_ALERT_GUESSING; k++) {
            const vg_ladder_step *s = &p->ladder->alerts[k];
            /* A duress alert is never echoed to the field. */
            if ((k == VG_ALERT_DURESS || k == VG_ALERT_GUESSING) &&
                d->profile != VG_PROFILE_COORDINATOR)
                continue;
            if (!s->roles && !s->action[0])
                continue;
            roles_text(s->roles, buf, sizeof buf);
            rc = vg_export_row(x, (vg_xcell[]){vg_xstyle(VG_XTEXT(_(kinds[k])), VG_XS_ALERT),
                                               VG_XTEXT(buf), VG_XTEXT(s->action[fr ? 0 : 1])});
        }
    }
    return rc;
}

/* ---- Check-in log ----------------------------------------------------- */

typedef struct {
    vg_export *x;
    const vg_dx *d;
    int rc;
    /* board: counts of the current local day */
    int64_t day;
    int have_day;
    size_t n[3];
    size_t total;
} log_walk;

static const char *status_label(vg_checkin_status s)
{
    switch (s) {
    case VG_CHECKIN_OK:
        return _("ok");
    case VG_CHECKIN_HELP:
        return _("help");
    case VG_CHECKIN_EMERGENCY:
        return _("emergency");
    }
    return "?";
}

static const char *source_label(const char *s)
{
    if (!s)
        return NULL;
    if (!strcmp(s, "manual"))
        return _("logged by hand");
    if (!strcmp(s, "code"))
        return _("field code");
    if (!strcmp(s, "card"))
        return _("check-in card");
    return s;
}

static int flush_day(log_walk *w)
{
    if (!w->have_day)
        return VG_OK;
    return vg_export_row(
        w->x, (vg_xcell[]){VG_XDATE(w->day), VG_XNUM(w->n[0] + w->n[1] + w->n[2]), VG_XNUM(w->n[0]),
                           vg_xstyle(VG_XNUM(w->n[1]), w->n[1] ? VG_XS_ALERT : 0),
                           vg_xstyle(VG_XNUM(w->n[2]), w->n[2] ? VG_XS_ALERT : 0)});
}

static int on_checkin(const vg_checkin_entry *e, void *payload)
{
    log_walk *w = payload;
    unsigned alert = e->status != VG_CHECKIN_OK ? VG_XS_ALERT : 0;
    w->total++;
    if (w->d->profile == VG_PROFILE_BOARD) {
        long off;
        int64_t day;
        if ((w->rc = vg_x_offset(w->x, e->at, &off)) != VG_OK)
            return w->rc;
        day = (e->at + off) >= 0 ? (e->at + off) / 86400 : -((-(e->at + off) + 86399) / 86400);
        if (!w->have_day || day != w->day) {
            if ((w->rc = flush_day(w)) != VG_OK)
                return w->rc;
            w->day = day;
            w->have_day = 1;
            memset(w->n, 0, sizeof w->n);
        }
        if ((unsigned)e->status < 3)
            w->n[e->status]++;
        return VG_OK;
    }
    w->rc = vg_export_row(
        w->x,
        (vg_xcell[]){VG_XTIME(e->at),
                     e->participant ? VG_XTEXT(e->participant)
                                    : vg_xstyle(VG_XTEXT(_("(personal data purged)")), VG_XS_MUTED),
                     vg_xstyle(VG_XTEXT(status_label(e->status)), alert), VG_XTEXT(e->where),
                     VG_XTEXT(e->via), VG_XTEXT(e->note), VG_XTEXT(source_label(e->source)),
                     VG_XTIME(e->logged)});
    return w->rc;
}

static int checkin_log(vg_export *x, const vg_dx *d)
{
    log_walk w;
    int rc;
    memset(&w, 0, sizeof w);
    w.x = x;
    w.d = d;
    if ((rc = vg_export_sheet(x, "checkin_log", _("Check-in log"))) != VG_OK)
        return rc;
    if (d->profile == VG_PROFILE_BOARD) {
        vg_xcol cols[] = {{"day", _("Day"), VG_COL_DATE, 0},
                          {"checkins", _("Check-ins"), VG_COL_INT, 0},
                          {"ok", _("ok"), VG_COL_INT, 0},
                          {"help", _("help"), VG_COL_INT, 0},
                          {"emergency", _("emergency"), VG_COL_INT, 0}};
        rc = vg_export_table(x, "by_day", NULL, cols, 5, VG_XT_LIST);
    } else {
        char when[64];
        vg_xcol cols[] = {{"at", when, VG_COL_DATETIME, 0},
                          {"participant", _("Participant"), VG_COL_TEXT, 0},
                          {"status", _("Status"), VG_COL_TEXT, 0},
                          {"where", _("Where"), VG_COL_TEXT, 30},
                          {"via", _("Via"), VG_COL_TEXT, 0},
                          {"note", _("Note"), VG_COL_TEXT, 40},
                          {"source", _("Source"), VG_COL_TEXT, 0},
                          {"logged", _("Logged"), VG_COL_DATETIME, 0}};
        snprintf(when, sizeof when, _("When (%s)"), d->dl->tz);
        rc = vg_export_table(x, "checkins", NULL, cols, 8, VG_XT_LIST);
    }
    if (rc != VG_OK)
        return rc;
    rc = vg_checkin_each(d->st, d->dl->slug, on_checkin, &w);
    if (rc == VG_OK && d->profile == VG_PROFILE_BOARD)
        rc = flush_day(&w);
    if (rc == VG_OK && w.total == 0)
        rc = vg_export_note(x, _("No check-in logged yet."), VG_XS_MUTED);
    else if (rc == VG_OK && d->profile == VG_PROFILE_BOARD)
        rc = vg_export_note(x,
                            _("The board profile shows check-ins counted by local day: no "
                              "names, places or notes."),
                            VG_XS_MUTED);
    return rc != VG_OK ? rc : w.rc;
}

int vg_dx_sheets(vg_export *x, const vg_dx *d)
{
    int rc = protocol(x, d);
    if (rc == VG_OK)
        rc = checkin_log(x, d);
    return rc;
}
