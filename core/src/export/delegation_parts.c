/* The risk file's parts whose data other modules own.
 *
 * Waiting for them on main (issue 7's report says so): the country guide
 * (advisory levels, emergency numbers, embassy, essentials: vigie/guide.h,
 * issue 4), the risk register and heat map (vigie/risk.h, issue 4), the
 * check-in protocol and log (vigie/checkin.h, issue 5), the readiness
 * result (issue 3). Until they land these hooks add nothing: the document
 * has the sheets whose data exists, and no empty stand-ins. */
#include <vigie/error.h>

#include "export/delegation_parts.h"

int vg_dx_load(vg_dx *d)
{
    (void)d;
    return VG_OK;
}

void vg_dx_free(vg_dx *d)
{
    (void)d;
}

int vg_dx_summary_more(vg_export *x, const vg_dx *d)
{
    (void)x;
    (void)d;
    return VG_OK;
}

int vg_dx_guide_contacts(vg_export *x, const vg_dx *d)
{
    (void)x;
    (void)d;
    return VG_OK;
}

int vg_dx_sheets(vg_export *x, const vg_dx *d)
{
    (void)x;
    (void)d;
    return VG_OK;
}
