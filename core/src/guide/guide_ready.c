/* The country guide's lines in the pre-departure checklist
 * (templates/readiness.yaml):
 *
 *   guide_reviewed   the country guide validates and is within its review
 *                    date on the day the delegation leaves (or today)
 *
 * The advisory levels of the regions on the way are risk/ready.c, beside the
 * register's list of those regions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/guide.h>
#include <vigie/ready.h>

#include "util/i18n.h"

static int check_guide(vg_ready_ctx *c, vg_ready_line *l)
{
    vg_guide *g = NULL;
    int32_t today = vg_today(NULL),
            when = c->d->start_day > today ? c->d->start_day : today;
    char by[16], day[16];
    int rc = vg_guide_get(c->st, c->data_dir, c->d->country, c->lang ? c->lang : "fr", &g);
    l->passed = 0;
    if (rc == VG_ENOTFOUND)
        return vg_ready_reason(l, _("no country guide for %s"), c->d->country);
    if (rc == VG_EINVALID)
        return vg_ready_reason(l, _("the country guide does not validate: %s"), vg_error_last());
    if (rc != VG_OK)
        return rc;
    vg_date_format(by, g->review_by);
    vg_date_format(day, when);
    l->passed = g->review_by >= when;
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
    return rc;
}

const vg_ready_check vg_ready_guide[] = {
    {"guide_reviewed", check_guide, ""},
    {NULL, NULL, NULL},
};
