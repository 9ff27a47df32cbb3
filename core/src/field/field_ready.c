/* The field module's readiness check: every participant has a check-in
 * card with enough codes for the delegation's check-ins (templates/
 * readiness.yaml, item "checkin_cards"). */
#include <stdio.h>
#include <vigie/participant.h>
#include <vigie/card.h>
#include <vigie/error.h>
#include <vigie/ready.h>

#include "util/i18n.h"
#include "ready/ready_check.h"

static int check_cards(vg_ready_ctx *c, vg_ready_line *l)
{
    uint32_t needed = 0;
    size_t bad = 0;
    int rc = vg_card_needed(c->st, c->d->slug, &needed);
    if (rc != VG_OK)
        return rc;
    for (size_t i = 0; i < c->nparticipants && rc == VG_OK; i++) {
        const vg_participant *p = c->participants[i];
        const char *name = p->v[VG_PF_NAME] ? p->v[VG_PF_NAME] : "-";
        vg_card_info info;
        char detail[96];
        rc = vg_card_get(c->st, p->id, &info);
        if (rc == VG_ENOTFOUND) {
            vg_error_clear();
            bad++;
            rc = vg_ready_person_add(l, name, _("no check-in card"));
        } else if (rc == VG_OK && info.old_duress) {
            /* Issue 12: following such a card in order can send a duress
             * code by mistake. */
            bad++;
            rc = vg_ready_person_add(
                l, name,
                _("card issued before the duress word: its duress codes sit among the "
                  "numbered codes; re-issue it"));
        } else if (rc == VG_OK && info.left < needed) {
            bad++;
            snprintf(detail, sizeof detail, _("%u codes left on the card, %u check-ins to come"),
                     (unsigned)info.left, (unsigned)needed);
            rc = vg_ready_person_add(l, name, detail);
        }
    }
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
