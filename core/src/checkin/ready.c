/* The check-in module's readiness checks (templates/readiness.yaml):
 *   checkin_plan        a daily check-in plan is set and its escalation
 *                       ladder (the delegation's own or the default) loads;
 *   checkin_escalation  every role the ladder tells to call has someone
 *                       recorded: the team lead, the organisation's security
 *                       focal point, and the delegation's contacts for the
 *                       other roles (the participants' own next of kin and
 *                       insurer are checked by the profile items). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/checkin.h>
#include <vigie/config.h>
#include <vigie/error.h>
#include <vigie/guide.h>
#include <vigie/ready.h>

#include "util/i18n.h"
#include "ready/ready_check.h"

static int check_plan(vg_ready_ctx *c, vg_ready_line *l)
{
    vg_checkin_plan p;
    vg_ladder *lad = NULL;
    char daily[VG_CHECKIN_MAX_DAILY * 8] = "";
    int rc = vg_checkin_plan_get(c->st, c->d->slug, &p);
    l->passed = 0;
    if (rc == VG_ENOTFOUND)
        return vg_ready_reason(l, _("no check-in plan: 'vigie checkin plan %s --daily HH:MM'"),
                               c->d->slug);
    if (rc != VG_OK)
        return rc;
    if (vg_checkin_ladder_get(c->st, c->d->slug, c->data_dir, &lad) != VG_OK)
        return vg_ready_reason(l, _("the escalation ladder cannot be read: %s"), vg_error_last());
    for (int i = 0; i < p.ndaily; i++) {
        size_t n = strlen(daily);
        snprintf(daily + n, sizeof daily - n, "%s%02d:%02d", i ? ", " : "", p.daily[i] / 60,
                 p.daily[i] % 60);
    }
    l->passed = 1;
    rc = vg_ready_reason(l, _("daily at %s (%s), on time until %d min after; ladder: %s"), daily,
                         c->d->tz, p.grace, lad->name);
    vg_ladder_free(lad);
    return rc;
}

static int has_contact(const vg_ready_ctx *c, const char *role)
{
    for (size_t i = 0; i < c->ncontacts; i++)
        if (c->contacts[i]->role && !strcmp(c->contacts[i]->role, role))
            return 1;
    return 0;
}

/* The country guide's local emergency numbers (police, ambulance...) count
 * for the emergency-service role, as they are listed with the contacts and
 * printed on the card. The EWRC's number is not a local service. */
static int guide_has_emergency_number(const vg_ready_ctx *c)
{
    vg_guide *g = NULL;
    int found = 0;
    if (vg_guide_get(c->st, c->data_dir, c->d->country, c->lang, &g) != VG_OK) {
        vg_error_clear();
        return 0;
    }
    for (size_t i = 0; i < g->nnumbers && !found; i++)
        found = g->numbers[i].number && strcmp(g->numbers[i].number, VG_EWRC_PHONE) != 0;
    vg_guide_free(g);
    return found;
}

static int check_escalation(vg_ready_ctx *c, vg_ready_line *l)
{
    vg_ladder *lad = NULL;
    unsigned roles = 0;
    size_t missing = 0;
    int rc = vg_checkin_ladder_get(c->st, c->d->slug, c->data_dir, &lad);
    l->passed = 0;
    if (rc != VG_OK)
        return vg_ready_reason(l, _("the escalation ladder cannot be read: %s"), vg_error_last());
    for (size_t i = 0; i < lad->nsteps; i++)
        roles |= lad->steps[i].roles;
    for (size_t k = 1; k < sizeof lad->alerts / sizeof lad->alerts[0]; k++)
        roles |= lad->alerts[k].roles;
    vg_ladder_free(lad);
    for (int r = 0; r < VG_ROLE_COUNT; r++) {
        const char *role = vg_role_name((vg_role)r);
        int found = 1;
        if (!(roles & (1u << r)))
            continue;
        switch ((vg_role)r) {
        case VG_ROLE_PARTICIPANT:
        case VG_ROLE_KIN:
        case VG_ROLE_INSURER:
        case VG_ROLE_EWRC:
            continue; /* from the profiles (checked by their own items), or built in */
        case VG_ROLE_LEAD:
            found = c->d->lead && *c->d->lead;
            break;
        case VG_ROLE_FOCAL_POINT: {
            char *name = NULL;
            found = has_contact(c, role) ||
                    (vg_config_get(c->st, "security.focal_phone", &name) == VG_OK && name);
            vg_error_clear();
            free(name);
            break;
        }
        case VG_ROLE_EMERGENCY_SERVICE:
            found = has_contact(c, role) || guide_has_emergency_number(c);
            break;
        default:
            found = has_contact(c, role);
            break;
        }
        if (!found) {
            missing++;
            if ((rc = vg_ready_person_add(
                     l, role,
                     r == VG_ROLE_LEAD ? _("no team lead: 'vigie delegation edit --lead'")
                     : r == VG_ROLE_FOCAL_POINT
                         ? _("no phone: 'vigie config set security.focal_phone'")
                         : _("no contact: 'vigie contact add --role'"))) != VG_OK)
                return rc;
        }
    }
    l->passed = missing == 0;
    if (l->passed)
        return vg_ready_reason(l, "%s", _("someone to call at every step of the ladder"));
    return vg_ready_reason(l, _("nobody to call for %zu role(s) of the ladder"), missing);
}

const vg_ready_check vg_ready_checkin[] = {
    {"checkin_plan", check_plan, ""},
    {"checkin_escalation", check_escalation, ""},
    {NULL, NULL, NULL},
};
