/* The delegation module's readiness checks: participants' emergency
 * profiles and the delegation's contacts. Each check lists the people
 * concerned with what is missing, so that the coordinator knows whom to
 * call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>
#include <vigie/guide.h>
#include <vigie/ready.h>

#include "delegation/delegation_internal.h"
#include "util/i18n.h"
#include "ready/ready_check.h"

#define NAME(p) ((p)->v[VG_PF_NAME])

/* Passed when every participant is fine. Returns 1 when the caller
 * should write its own reason (there are participants), 0 when done. */
static int no_one(vg_ready_ctx *c, vg_ready_line *l, size_t bad, int *rc)
{
    l->passed = bad == 0 && c->nparticipants > 0;
    if (c->nparticipants > 0)
        return 0;
    *rc = vg_ready_reason(l, "%s", _("no participants yet"));
    return 1;
}

static int check_participants(vg_ready_ctx *c, vg_ready_line *l)
{
    l->passed = c->nparticipants > 0;
    if (!l->passed)
        return vg_ready_reason(l, "%s",
                               _("no participants yet: 'vigie participant add' or 'import'"));
    return vg_ready_reason(l, _("participants: %zu"), c->nparticipants);
}

/* The passport rule of the country guide (store first, then the data
 * folder): -1 when there is no guide or it does not validate. */
static long guide_passport_months(vg_store *st, const char *data_dir, const char *cc)
{
    vg_guide *g = NULL;
    long months = -1;
    if (vg_guide_get(st, data_dir, cc, "fr", &g) == VG_OK)
        months = g->passport_validity_months;
    vg_guide_free(g);
    return months;
}

static int check_passport(vg_ready_ctx *c, vg_ready_line *l)
{
    long months = vg_ready_param_int(c->item, "months", 6);
    const char *from_guide = vg_ready_param_get(c->item, "from_guide");
    char need[16];
    size_t bad = 0;
    int rc = VG_OK;
    if (from_guide && !strcmp(from_guide, "yes")) {
        long g = guide_passport_months(c->st, c->data_dir, c->d->country);
        if (g >= 0)
            months = g;
    }
    if (months < 0 || months > 60)
        months = 6;
    snprintf(c->label_value, sizeof c->label_value, "%ld", months);
    vg_date_format(need, vg_model_add_months(c->d->end_day, (int)months));
    /* translated once, not per participant (issue 16: 10,000 of them) */
    const char *t_none = _("no passport recorded"), *t_noexp = _("no passport expiry date"),
               *t_nonum = _("no passport number");
    for (size_t i = 0; i < c->nparticipants && rc == VG_OK; i++) {
        const vg_participant *p = c->participants[i];
        const char *exp = p->v[VG_PF_PASSPORT_EXPIRY];
        char detail[96];
        if (!p->v[VG_PF_PASSPORT_NUMBER] && !exp)
            snprintf(detail, sizeof detail, "%s", t_none);
        else if (!exp)
            snprintf(detail, sizeof detail, "%s", t_noexp);
        else if (strcmp(exp, need) < 0)
            snprintf(detail, sizeof detail, _("expires %s"), exp);
        else if (!p->v[VG_PF_PASSPORT_NUMBER])
            snprintf(detail, sizeof detail, "%s", t_nonum);
        else
            continue;
        bad++;
        rc = vg_ready_person_add(l, NAME(p), detail);
    }
    if (rc != VG_OK || no_one(c, l, bad, &rc))
        return rc;
    if (bad == 0)
        return vg_ready_reason(l, _("every passport is valid until %s or later"), need);
    return vg_ready_reason(l, _("a passport valid until %s is needed: missing for %zu of %zu"),
                           need, bad, c->nparticipants);
}

static int check_emergency_contact(vg_ready_ctx *c, vg_ready_line *l)
{
    size_t bad = 0;
    int rc = VG_OK;
    const char *t_none = _("no emergency contact"),
               *t_nophone = _("no phone for the emergency contact");
    for (size_t i = 0; i < c->nparticipants && rc == VG_OK; i++) {
        const vg_participant *p = c->participants[i];
        if (p->v[VG_PF_KIN1_NAME] && p->v[VG_PF_KIN1_PHONE])
            continue;
        bad++;
        rc = vg_ready_person_add(l, NAME(p), !p->v[VG_PF_KIN1_NAME] ? t_none : t_nophone);
    }
    if (rc != VG_OK || no_one(c, l, bad, &rc))
        return rc;
    if (!bad)
        return vg_ready_reason(l, "%s", _("everyone has an emergency contact"));
    return vg_ready_reason(l, _("incomplete for %zu of %zu"), bad, c->nparticipants);
}

static int check_insurance(vg_ready_ctx *c, vg_ready_line *l)
{
    const char *medevac = vg_ready_param_get(c->item, "require_medevac");
    int need_medevac = medevac && !strcmp(medevac, "yes");
    size_t bad = 0;
    int rc = VG_OK;
    const char *t_insurer = _("no insurer"), *t_policy = _("no policy number"),
               *t_assist = _("no 24/7 assistance number"),
               *t_medevac = _("medical evacuation not covered");
    for (size_t i = 0; i < c->nparticipants && rc == VG_OK; i++) {
        const vg_participant *p = c->participants[i];
        char detail[200] = "";
        size_t o = 0;
        if (!p->v[VG_PF_INSURER])
            o += (size_t)snprintf(detail + o, sizeof detail - o, "%s", t_insurer);
        if (!p->v[VG_PF_POLICY_NUMBER])
            o += (size_t)snprintf(detail + o, sizeof detail - o, "%s%s", o ? ", " : "", t_policy);
        if (!p->v[VG_PF_ASSISTANCE_PHONE])
            o += (size_t)snprintf(detail + o, sizeof detail - o, "%s%s", o ? ", " : "", t_assist);
        if (need_medevac && (!p->v[VG_PF_MEDEVAC] || strcmp(p->v[VG_PF_MEDEVAC], "yes")))
            o += (size_t)snprintf(detail + o, sizeof detail - o, "%s%s", o ? ", " : "", t_medevac);
        if (!o)
            continue;
        bad++;
        rc = vg_ready_person_add(l, NAME(p), detail);
    }
    if (rc != VG_OK || no_one(c, l, bad, &rc))
        return rc;
    if (!bad)
        return vg_ready_reason(l, "%s", _("everyone is insured, with an assistance number"));
    return vg_ready_reason(l, _("incomplete for %zu of %zu"), bad, c->nparticipants);
}

/* The participants without field `f` (or without proof of life when `f`
 * is VG_PF_COUNT), each listed with `missing`. */
static int missing_field(vg_ready_ctx *c, vg_ready_line *l, vg_pfield f, const char *missing,
                         size_t *bad)
{
    int rc = VG_OK;
    *bad = 0;
    for (size_t i = 0; i < c->nparticipants && rc == VG_OK; i++) {
        const vg_participant *p = c->participants[i];
        if (f == VG_PF_COUNT ? p->has_pol : p->v[f] != NULL)
            continue;
        (*bad)++;
        rc = vg_ready_person_add(l, NAME(p), missing);
    }
    return rc;
}

static int check_roca(vg_ready_ctx *c, vg_ready_line *l)
{
    size_t bad;
    int rc = missing_field(c, l, VG_PF_ROCA, _("no ROCA registration recorded"), &bad);
    if (rc != VG_OK || no_one(c, l, bad, &rc))
        return rc;
    if (!bad)
        return vg_ready_reason(l, "%s", _("recorded for everyone"));
    return vg_ready_reason(l, _("not recorded for %zu of %zu"), bad, c->nparticipants);
}

static int check_consent(vg_ready_ctx *c, vg_ready_line *l)
{
    size_t bad;
    int rc = missing_field(c, l, VG_PF_CONSENT_DATE, _("no consent recorded"), &bad);
    if (rc != VG_OK || no_one(c, l, bad, &rc))
        return rc;
    if (!bad)
        return vg_ready_reason(l, "%s", _("recorded for everyone"));
    return vg_ready_reason(l, _("not recorded for %zu of %zu"), bad, c->nparticipants);
}

static int check_pol(vg_ready_ctx *c, vg_ready_line *l)
{
    size_t bad;
    int rc = missing_field(c, l, VG_PF_COUNT, _("no proof of life"), &bad);
    if (rc != VG_OK || no_one(c, l, bad, &rc))
        return rc;
    if (!bad)
        return vg_ready_reason(l, "%s", _("set for everyone"));
    return vg_ready_reason(l, _("not set for %zu of %zu"), bad, c->nparticipants);
}

static size_t role_count(vg_ready_ctx *c, const char *role)
{
    size_t n = 0;
    for (size_t i = 0; i < c->ncontacts; i++)
        n += !strcmp(c->contacts[i]->role, role);
    return n;
}

static int check_partner(vg_ready_ctx *c, vg_ready_line *l)
{
    size_t n = role_count(c, "partner");
    l->passed = n > 0;
    if (n)
        return vg_ready_reason(l, _("partner contacts: %zu"), n);
    return vg_ready_reason(l, _("no partner contact: 'vigie contact add %s --role partner ...'"),
                           c->d->slug);
}

static int check_embassy(vg_ready_ctx *c, vg_ready_line *l)
{
    size_t n = role_count(c, "embassy");
    l->passed = n > 0;
    if (n)
        return vg_ready_reason(l, _("embassy contacts: %zu"), n);
    return vg_ready_reason(l, _("no embassy contact: 'vigie contact add %s --role embassy ...'"),
                           c->d->slug);
}

const vg_ready_check vg_ready_delegation[] = {
    {"participants", check_participants, ""},
    {"passport_valid", check_passport, "months from_guide"},
    {"emergency_contact", check_emergency_contact, ""},
    {"insurance", check_insurance, "require_medevac"},
    {"roca", check_roca, ""},
    {"proof_of_life", check_pol, ""},
    {"consent", check_consent, ""},
    {"partner_contact", check_partner, ""},
    {"embassy_contact", check_embassy, ""},
    {NULL, NULL, NULL},
};
