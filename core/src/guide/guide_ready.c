/* The country guide's lines in the pre-departure checklist
 * (templates/readiness.yaml):
 *
 *   guide_reviewed   the country guide validates, is within its review
 *                    date on the day the delegation leaves (or today), and
 *                    Canada's official advisory data, when it was imported,
 *                    gives the same level and is not newer than the review
 *
 * The advisory levels of the regions on the way are risk/ready.c, beside the
 * register's list of those regions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/advisory.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/guide.h>
#include <vigie/ready.h>

#include "util/i18n.h"
#include "ready/ready_check.h"

static int check_guide(vg_ready_ctx *c, vg_ready_line *l)
{
    vg_guide *g = NULL;
    int32_t today = vg_today(NULL), when = c->d->start_day > today ? c->d->start_day : today;
    char by[16], day[16];
    int rc = vg_guide_get(c->st, c->data_dir, c->d->country, c->lang ? c->lang : "fr", &g);
    l->passed = 0;
    if (rc == VG_ENOTFOUND)
        return vg_ready_reason(l, _("no country guide for %s"), c->d->country);
    if (rc == VG_EINVALID)
        return vg_ready_reason(l, _("the country guide does not validate: %s"), vg_error_last());
    if (rc != VG_OK)
        return rc;
    /* the earlier of review_by and reviewed + the guide's own interval */
    vg_date_format(by, vg_guide_due(g));
    vg_date_format(day, when);
    l->passed = vg_guide_due(g) >= when;
    if (l->passed)
        rc = vg_ready_reason(l, _("%s guide version %s, to be reviewed by %s"), g->country,
                             g->version, by);
    else
        rc = vg_ready_reason(
            l,
            _("%s guide version %s was due for review on %s (the delegation leaves on %s): "
              "review it, then 'vigie guide import'"),
            g->country, g->version, by, day);
    vg_guide_free(g);
    if (rc == VG_OK && l->passed && c->st) {
        vg_advisory_cmp cmp;
        int att = 0;
        int crc = vg_advisory_compare(c->st, c->data_dir, c->d->country, c->lang ? c->lang : "fr",
                                      &cmp, &att);
        if (crc == VG_OK && (cmp.level_differs || cmp.newer_than_guide)) {
            char pub[16], rev[16];
            vg_date_format(pub, (int32_t)(cmp.official_published / 86400));
            vg_date_format(rev, cmp.guide_reviewed);
            l->passed = 0;
            rc = vg_ready_reason(
                l,
                _("Canada's official advice for %s (level %d, published %s) differs from or is "
                  "newer than the guide (level %d, version %s, reviewed %s): update the guide"),
                cmp.country, cmp.official_level, pub, cmp.guide_level, cmp.guide_version, rev);
        }
        if (crc == VG_OK)
            vg_advisory_cmp_free(&cmp);
        else if (crc != VG_ENOTFOUND)
            rc = crc;
    }
    return rc;
}

const vg_ready_check vg_ready_guide[] = {
    {"guide_reviewed", check_guide, ""},
    {NULL, NULL, NULL},
};
