/* The audit log read by people. The log stores language-neutral event
 * codes ("participant.edit") and details ("profile=team format=xlsx"), so
 * that its hash chain never depends on a language; this module renders
 * them in the user's language for `vigie audit log` and the access export.
 *
 * A detail is matched against the forms each event writes: literal text
 * with holes, "{}" for a value shown as stored, "{name}" for a value
 * rendered by the module that owns it (a profile, a check-in status, an
 * alert kind, a band, a contact role, participant fields). A hole takes the
 * text up to the pattern's next literal character (to the end when it is
 * the last). The translation puts the values back in with {1}, {2}...
 * A detail of a form this version does not know is shown as stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/checkin.h>
#include <vigie/contact.h>
#include <vigie/export.h>
#include <vigie/participant.h>
#include <vigie/risk.h>

#include "util/i18n.h"

static const struct {
    const char *code;
    const char *label;
} actions[] = {
    {"store.init", N_("store created")},
    {"store.backup", N_("backup written")},
    {"store.rekey", N_("data key replaced")},
    {"key.add", N_("key slot added")},
    {"key.remove", N_("key slot removed")},
    {"key.passwd", N_("passphrase changed")},
    {"key.recover", N_("store recovered with the recovery key")},
    {"config.set", N_("setting changed")},
    {"config.unset", N_("setting removed")},
    {"delegation.add", N_("delegation created")},
    {"delegation.edit", N_("delegation edited")},
    {"delegation.close", N_("delegation closed")},
    {"participant.add", N_("participant added")},
    {"participant.edit", N_("participant edited")},
    {"participant.remove", N_("participant removed")},
    {"participant.import", N_("participants imported")},
    {"participant.purge", N_("personal data purged")},
    {"participant.pol_set", N_("proof of life recorded")},
    {"participant.pol_reveal", N_("proof of life revealed")},
    {"participant.pol_reveal_refused", N_("proof of life reveal refused")},
    {"participant.export_data", N_("participant's data exported (access request)")},
    {"purge.expired", N_("expired personal data purged")},
    {"contact.add", N_("contact added")},
    {"contact.edit", N_("contact edited")},
    {"contact.remove", N_("contact removed")},
    {"guide.import", N_("country guide imported")},
    {"advisory.import", N_("travel advice imported")},
    {"risk.add", N_("risk added")},
    {"risk.edit", N_("risk edited")},
    {"risk.approve", N_("risk approved")},
    {"risk.seed", N_("risk register seeded from the guide")},
    {"checkin.plan", N_("check-in plan set")},
    {"checkin.ladder", N_("escalation ladder set")},
    {"checkin.expect", N_("check-in expected")},
    {"checkin.unexpect", N_("expected check-in cancelled")},
    {"checkin.log", N_("check-in logged")},
    {"checkin.import", N_("field code imported")},
    {"checkin.card", N_("card code received")},
    {"checkin.alert", N_("alert opened")},
    {"checkin.resolve", N_("alert resolved")},
    {"checkin.episode", N_("overdue check-in")},
    {"kit.export", N_("field kit written")},
    {"kit.revoke", N_("field kit revoked")},
    {"card.export", N_("check-in card written")},
    {"card.revoke", N_("check-in card revoked")},
    {"card.reveal", N_("card's duress codes shown")},
    {"card.wrong", N_("wrong card code")},
    {"assess.new", N_("self-assessment started")},
    {"assess.answer", N_("self-assessment item answered")},
    {"assess.action", N_("action plan changed")},
    {"assess.sign", N_("self-assessment signed off")},
    {"assess.reopen", N_("self-assessment reopened")},
    {"assess.remove", N_("self-assessment removed")},
    {"export.delegation", N_("risk file exported")},
    {"export.assessment", N_("self-assessment exported")},
    {"notify.set", N_("notification setting changed")},
    {"notify.unset", N_("notification setting removed")},
    {"notify.test", N_("test notification sent")},
    {"notify.recipient.add", N_("notification recipient added")},
    {"notify.recipient.remove", N_("notification recipient removed")},
    {"notify.inbox.done", N_("inbound message handled")},
};

const char *vg_audit_action_label(const char *action)
{
    if (!action)
        return "";
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (!strcmp(actions[i].code, action))
            return _(actions[i].label);
    return action;
}

/* The forms of the details, by event (NULL: any event). */
static const struct {
    const char *action, *pattern, *text;
} forms[] = {
    {"export.delegation", "profile={profile} format={}", N_("profile {1}, {2}")},
    {"export.assessment", "format={}", N_("format {1}")},
    {"checkin.import", "counter {} duress alert only", N_("code {1}: duress alert only")},
    {"checkin.import", "counter {}", N_("code {1}")},
    {"checkin.card", "duress alert only", N_("duress alert only")},
    {"card.export", "card {}, {} codes", N_("card {1}, {2} codes")},
    {"notify.test", "sent {}, failed {}", N_("{1} sent, {2} failed")},
    {"risk.add", "{} {}x{}", N_("{1}, likelihood {2} × impact {3}")},
    {"risk.edit", "approval cleared", N_("approval cleared")},
    {"risk.approve", "residual {} {band}", N_("residual score {1} ({2})")},
    {"risk.seed", "{} risks from {}", N_("{1} risks from {2}")},
    {"assess.action", "removed", N_("removed")},
    {"assess.action", "{action}", N_("changed: {1}")},
    {"assess.sign", "sign-off {}, code {}", N_("sign-off {1}, code {2}")},
    {"assess.new", "{} {} {}", N_("grid {1}, version {2}, {3}")},
    {"checkin.plan", "daily {} grace {} early {}",
     N_("daily at {1}, {2} min of grace, {3} min early")},
    {"checkin.expect", "expectation {} travelling", N_("expected check-in {1}, travelling")},
    {"checkin.expect", "expectation {}", N_("expected check-in {1}")},
    {"checkin.unexpect", "{} cancelled", N_("{1} cancelled")},
    {"checkin.ladder", "own ladder, {} steps", N_("the delegation's own ladder, {1} steps")},
    {"checkin.ladder", "default ladder", N_("the default ladder")},
    {"checkin.episode", "episode {} open", N_("episode {1} opened")},
    {"checkin.episode", "episode {} checked-in", N_("episode {1} ended by a check-in")},
    {"checkin.episode", "episode {} not-due", N_("episode {1} ended: no longer due")},
    {"checkin.alert", "alert {} {alert} again", N_("alert {1} ({2}) raised again")},
    {"checkin.alert", "alert {} {alert}", N_("alert {1} ({2})")},
    {"checkin.log", "checkin {} {status} {source}", N_("check-in {1}: {2}, {3}")},
    {"checkin.resolve", "{} alert(s) resolved, {} episode(s)",
     N_("{1} alert(s) resolved, {2} episode(s) closed")},
    {"contact.add", "{role}", N_("role: {1}")},
    {"participant.edit", "{fields}", N_("changed: {1}")},
    {"participant.pol_set", "{} questions", N_("{1} questions")},
    {"participant.import", "{} participants", N_("{1} participants")},
    {"participant.purge", "retention {}", N_("kept until {1}")},
    {"purge.expired", "{} participants, before {}", N_("{1} participants, kept until before {2}")},
    {"guide.import", "version {} (was {}, store)", N_("version {1} (was {2}, imported before)")},
    {"guide.import", "version {} (was {}, data)", N_("version {1} (was {2}, shipped)")},
    {"guide.import", "version {}", N_("version {1}")},
    {"advisory.import", "index, {} destinations, {} changed",
     N_("index, {1} destinations, {2} changed")},
    {"advisory.import", "destination, {} destinations, {} changed",
     N_("{1} destination, {2} changed")},
    {"store.rekey", "backups and key files made before this cannot open it",
     N_("backups and key files made before this cannot open it")},
};

#define MAX_HOLES 4

typedef struct {
    char *s;
    size_t len, cap;
    int nomem;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    char *p;
    if (b->nomem)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        if (!(p = realloc(b->s, cap))) {
            b->nomem = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

/* Participant field keys ("phone passport_number") -> their labels. */
static void add_fields(sbuf *out, const char *keys, size_t n)
{
    const vg_pfield_info *f = vg_participant_fields();
    size_t i = 0;
    int first = 1;
    while (i < n) {
        size_t j = i, k;
        const char *label = NULL;
        while (j < n && keys[j] != ' ')
            j++;
        for (k = 0; k < VG_PF_COUNT && !label; k++)
            if (strlen(f[k].key) == j - i && !strncmp(f[k].key, keys + i, j - i))
                label = _(f[k].label);
        if (j > i) {
            if (!first)
                sb_add(out, ", ", 2);
            if (label)
                sb_add(out, label, strlen(label));
            else
                sb_add(out, keys + i, j - i);
            first = 0;
        }
        i = j + 1;
    }
}

/* One value, rendered by its kind (the name inside the braces). */
static void add_value(sbuf *out, const char *kind, size_t klen, const char *v, size_t n)
{
    char buf[64];
    const char *label = NULL;
    if (n < sizeof buf) {
        memcpy(buf, v, n);
        buf[n] = '\0';
    } else {
        klen = 0; /* too long to be a known value: as stored */
    }
#define KIND(name) (klen == sizeof name - 1 && !strncmp(kind, name, klen))
    if (KIND("profile")) {
        unsigned p;
        if (vg_export_profile_parse(buf, &p) == 0)
            label = vg_export_profile_label(p);
    } else if (KIND("status")) {
        vg_checkin_status s;
        if (vg_checkin_status_parse(buf, &s) == 0)
            label = vg_checkin_status_label(s);
    } else if (KIND("source")) {
        label = vg_checkin_source_label(buf);
    } else if (KIND("alert")) {
        for (int k = 1; k <= VG_ALERT_KIND_MAX && !label; k++)
            if (!strcmp(vg_alert_kind_name((vg_alert_kind)k), buf))
                label = vg_alert_kind_label((vg_alert_kind)k);
    } else if (KIND("band")) {
        for (int b = VG_BAND_LOW; b <= VG_BAND_CRITICAL && !label; b++)
            if (!strcmp(vg_risk_band_key((vg_risk_band)b), buf))
                label = vg_risk_band_label((vg_risk_band)b);
    } else if (KIND("role")) {
        label = vg_contact_role_label(buf);
    } else if (KIND("action")) {
        /* the parts of an action-plan entry: "text owner due" */
        static const char *const parts[][2] = {
            {"text", N_("the action")}, {"owner", N_("who")}, {"due", N_("by when")}};
        int first = 1;
        for (size_t i = 0; i < n;) {
            size_t j = i, k;
            while (j < n && v[j] != ' ')
                j++;
            for (k = 0; k < 3; k++)
                if (strlen(parts[k][0]) == j - i && !strncmp(parts[k][0], v + i, j - i))
                    break;
            if (j > i) {
                const char *w = k < 3 ? _(parts[k][1]) : NULL;
                if (!first)
                    sb_add(out, ", ", 2);
                if (w)
                    sb_add(out, w, strlen(w));
                else
                    sb_add(out, v + i, j - i);
                first = 0;
            }
            i = j + 1;
        }
        return;
    } else if (KIND("fields")) {
        add_fields(out, v, n);
        return;
    }
#undef KIND
    if (label)
        sb_add(out, label, strlen(label));
    else
        sb_add(out, v, n);
}

/* Match `detail` against `pattern`; fill the holes (start, length, kind). */
typedef struct {
    const char *v, *kind;
    size_t n, klen;
} hole;

static int match(const char *pattern, const char *detail, hole *h, int *nholes)
{
    const char *p = pattern, *d = detail;
    *nholes = 0;
    while (*p) {
        if (*p == '{') {
            const char *close = strchr(p, '}'), *start = d;
            if (!close || *nholes == MAX_HOLES)
                return 0;
            h[*nholes].kind = p + 1;
            h[*nholes].klen = (size_t)(close - p - 1);
            p = close + 1;
            if (*p)
                while (*d && *d != *p)
                    d++;
            else
                d += strlen(d);
            if (d == start)
                return 0;
            h[*nholes].v = start;
            h[*nholes].n = (size_t)(d - start);
            (*nholes)++;
        } else if (*p++ != *d++) {
            return 0;
        }
    }
    return *d == '\0';
}

char *vg_audit_detail_text(const char *action, const char *detail)
{
    hole h[MAX_HOLES];
    int n;
    sbuf out = {0};
    if (!detail)
        detail = "";
    sb_add(&out, "", 0);
    for (size_t i = 0; action && *detail && i < sizeof forms / sizeof forms[0]; i++) {
        const char *t;
        if (strcmp(forms[i].action, action) || !match(forms[i].pattern, detail, h, &n))
            continue;
        for (t = _(forms[i].text); *t;) {
            const char *brace = strchr(t, '{');
            if (brace && brace[1] >= '1' && brace[1] <= '0' + n && brace[2] == '}') {
                const hole *x = &h[brace[1] - '1'];
                sb_add(&out, t, (size_t)(brace - t));
                add_value(&out, x->kind, x->klen, x->v, x->n);
                t = brace + 3;
            } else if (brace) {
                sb_add(&out, t, (size_t)(brace - t) + 1);
                t = brace + 1;
            } else {
                sb_add(&out, t, strlen(t));
                break;
            }
        }
        if (out.nomem) {
            free(out.s);
            return NULL;
        }
        return out.s;
    }
    sb_add(&out, detail, strlen(detail));
    if (out.nomem) {
        free(out.s);
        return NULL;
    }
    return out.s;
}
