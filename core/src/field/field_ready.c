/* The field module's readiness check: every participant has a check-in
 * card with enough codes for the delegation's check-ins (templates/
 * readiness.yaml, item "checkin_cards"). */
#include <stdio.h>
#include <stdlib.h>
#include <vigie/participant.h>
#include <vigie/card.h>
#include <vigie/error.h>
#include <vigie/ready.h>

#include "field/card_internal.h"
#include "util/i18n.h"
#include "ready/ready_check.h"

static int check_cards(vg_ready_ctx *c, vg_ready_line *l)
{
    uint32_t needed = 0, *left = NULL;
    unsigned char *old = NULL;
    int64_t *pids = NULL;
    size_t bad = 0, ncards = 0;
    /* every card of the delegation in one query, then a binary search per
     * participant (issue 16: one query each was 361 ms at 10,000) */
    int rc = vg_card_needed(c->st, c->d->slug, &needed);
    if (rc != VG_OK ||
        (rc = vg_card_left_all(c->st, c->d->id, &pids, &left, &old, &ncards)) != VG_OK)
        return rc;
    const char *t_nocard = _("no check-in card"); /* translated once */
    for (size_t i = 0; i < c->nparticipants && rc == VG_OK; i++) {
        const vg_participant *p = c->participants[i];
        const char *name = p->v[VG_PF_NAME] ? p->v[VG_PF_NAME] : "-";
        size_t lo = 0, hi = ncards;
        char detail[96];
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (pids[mid] < p->id)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == ncards || pids[lo] != p->id) {
            bad++;
            rc = vg_ready_person_add(l, name, t_nocard);
        } else if (old[lo]) {
            /* Issue 12: following such a card in order can send a duress
             * code by mistake. */
            bad++;
            rc = vg_ready_person_add(
                l, name,
                _("card issued before the duress word: its duress codes sit among the "
                  "numbered codes; re-issue it"));
        } else if (left[lo] < needed) {
            bad++;
            snprintf(detail, sizeof detail, _("%u codes left on the card, %u check-ins to come"),
                     (unsigned)left[lo], (unsigned)needed);
            rc = vg_ready_person_add(l, name, detail);
        }
    }
    free(pids);
    free(left);
    free(old);
    if (rc != VG_OK)
        return rc;
    snprintf(c->label_value, sizeof c->label_value, "%u", (unsigned)needed);
    l->passed = bad == 0 && c->nparticipants > 0;
    if (!c->nparticipants)
        return vg_ready_reason(l, "%s", _("no participants yet"));
    if (!bad)
        return vg_ready_reason(l, _("every card holds at least the %u codes the delegation needs"),
                               (unsigned)needed);
    return vg_ready_reason(l, _("'vigie card export' for %zu of %zu"), bad, c->nparticipants);
}

const vg_ready_check vg_ready_field[] = {
    {"checkin_cards", check_cards, ""},
    {NULL, NULL, NULL},
};
