/* The risk register's lines in the pre-departure checklist
 * (templates/readiness.yaml):
 *
 *   risks_assessed   the register exists, every risk reviewed and its
 *                    residual scores assessed
 *   risks_residual   no residual critical risk; every residual high risk
 *                    approved by name
 *
 *   advisory_levels  the regions at Canadian advisory level 3 or 4 on the
 *                    delegation's way, listed; passes unless `block: "yes"`
 *
 * Each line lists the risks or regions concerned in place of people. The
 * country guide's own line (guide_reviewed) is guide/guide_ready.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/guide.h>
#include <vigie/ready.h>
#include <vigie/risk.h>

#include "util/i18n.h"
#include "ready/ready_check.h"

static int check_assessed(vg_ready_ctx *c, vg_ready_line *l)
{
    vg_risk **list = NULL;
    size_t n = 0, bad = 0;
    int rc = vg_risk_list(c->st, c->d->slug, &list, &n);
    if (rc != VG_OK)
        return rc;
    for (size_t i = 0; i < n && rc == VG_OK; i++) {
        const vg_risk *r = list[i];
        char id[16];
        if (!r->to_review && vg_risk_residual(r))
            continue;
        bad++;
        snprintf(id, sizeof id, "R%d", r->num);
        if (r->review_incident) {
            char why[64];
            snprintf(why, sizeof why, _("to review after incident I%d"), r->review_incident);
            rc = vg_ready_person_add(l, id, why);
        } else
            rc =
                vg_ready_person_add(l, id, r->to_review ? _("to review") : _("no residual scores"));
    }
    vg_risk_list_free(list, n);
    if (rc != VG_OK)
        return rc;
    l->passed = n > 0 && bad == 0;
    if (n == 0)
        return vg_ready_reason(l, "%s",
                               _("no risk register yet: 'vigie risk seed' then review each risk"));
    if (bad)
        return vg_ready_reason(l, _("risks not reviewed or without residual scores: %zu of %zu"),
                               bad, n);
    return vg_ready_reason(l, _("every risk reviewed and assessed (%zu)"), n);
}

static int check_residual(vg_ready_ctx *c, vg_ready_line *l)
{
    vg_risk **list = NULL;
    size_t n = 0, critical = 0, unapproved = 0;
    int rc = vg_risk_list(c->st, c->d->slug, &list, &n);
    if (rc != VG_OK)
        return rc;
    for (size_t i = 0; i < n && rc == VG_OK; i++) {
        const vg_risk *r = list[i];
        int s = vg_risk_residual(r);
        vg_risk_band b = vg_risk_band_of(s);
        char id[16], detail[160];
        snprintf(id, sizeof id, "R%d", r->num);
        if (b == VG_BAND_CRITICAL) {
            critical++;
            snprintf(detail, sizeof detail, _("residual %s (%d): it blocks departure"),
                     vg_risk_band_label(b), s);
            rc = vg_ready_person_add(l, id, detail);
        } else if (b == VG_BAND_HIGH && !r->approved_by) {
            unapproved++;
            snprintf(detail, sizeof detail,
                     _("residual %s (%d) without approval: 'vigie risk approve'"),
                     vg_risk_band_label(b), s);
            rc = vg_ready_person_add(l, id, detail);
        }
    }
    vg_risk_list_free(list, n);
    if (rc != VG_OK)
        return rc;
    l->passed = n > 0 && critical == 0 && unapproved == 0;
    if (n == 0)
        return vg_ready_reason(l, "%s", _("no risk register yet"));
    if (!l->passed)
        return vg_ready_reason(l, _("residual critical: %zu; residual high without approval: %zu"),
                               critical, unapproved);
    return vg_ready_reason(l, "%s",
                           _("no residual critical risk; every residual high risk approved"));
}

static int check_advisory(vg_ready_ctx *c, vg_ready_line *l)
{
    vg_advisory_hit *h = NULL;
    size_t n = 0;
    const char *block = vg_ready_param_get(c->item, "block");
    int rc = vg_risk_advisory(c->st, c->data_dir, c->d, c->lang ? c->lang : "fr", &h, &n);
    if (rc == VG_ENOTFOUND || rc == VG_EINVALID) {
        l->passed = 0;
        return vg_ready_reason(l, _("the country guide cannot be read: %s"), vg_error_last());
    }
    if (rc != VG_OK)
        return rc;
    for (size_t i = 0; i < n && rc == VG_OK; i++) {
        char detail[400];
        if (h[i].region)
            snprintf(detail, sizeof detail, _("level %d, %s (the delegation goes to %s)"),
                     h[i].level, h[i].wording, h[i].visited);
        else
            snprintf(detail, sizeof detail, _("level %d, %s: the whole country"), h[i].level,
                     h[i].wording);
        rc = vg_ready_person_add(l, h[i].region ? h[i].region : c->d->country, detail);
    }
    l->passed = n == 0 || !(block && !strcmp(block, "yes"));
    if (rc == VG_OK) {
        if (n == 0)
            rc = vg_ready_reason(
                l, "%s", _("no region at advisory level 3 or 4 among the delegation's regions"));
        else
            rc = vg_ready_reason(
                l,
                _("places at advisory level 3 or 4: %zu (they may void travel insurance; they "
                  "are in the risk register's list)"),
                n);
    }
    vg_advisory_hits_free(h, n);
    return rc;
}

const vg_ready_check vg_ready_risk[] = {
    {"risks_assessed", check_assessed, ""},
    {"risks_residual", check_residual, ""},
    {"advisory_levels", check_advisory, "block"},
    {NULL, NULL, NULL},
};
