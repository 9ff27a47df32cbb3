/* The readiness registry: every module's checks, found by id from the
 * template (templates/readiness.yaml). A module adds ONE line here, after
 * the modules it depends on, and its items to the template. */
#include <stddef.h>
#include <string.h>
#include <vigie/ready.h>
#include "ready/ready_check.h"

extern const vg_ready_check vg_ready_delegation[];
extern const vg_ready_check vg_ready_guide[];
extern const vg_ready_check vg_ready_checkin[];
extern const vg_ready_check vg_ready_risk[];
extern const vg_ready_check vg_ready_field[];

const vg_ready_check *const vg_ready_checks[] = {
    vg_ready_delegation, vg_ready_guide, vg_ready_checkin, vg_ready_risk, vg_ready_field, NULL,
};

const vg_ready_check *vg_ready_check_find(const char *id)
{
    for (size_t m = 0; vg_ready_checks[m]; m++)
        for (const vg_ready_check *c = vg_ready_checks[m]; c->id; c++)
            if (!strcmp(c->id, id))
                return c;
    return NULL;
}
