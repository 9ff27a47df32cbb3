/* Fuzz the self-assessment readers: any bytes must load as a template or be
 * refused with a message, never crash; the same bytes go through the
 * reader of a sign-off's signed content. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>
#include <vigie/grid.h>
#include <vigie/vigie.h>

#include "assessment/assessment_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_grid *g = NULL;
    static int ready;
    if (!ready)
        ready = vg_init() == 0;
    if (vg_grid_parse(&g, "fuzz.yaml", data, size) == VG_OK) {
        /* walk what was loaded, as the commands do */
        for (size_t i = 0; i < g->nitems; i++) {
            const vg_grid_item *it = &g->items[i];
            if (vg_grid_find_item(g, it->id, NULL) != it || it->domain >= g->ndomains)
                abort();
        }
        for (int l = VG_LEVEL_UNKNOWN; l <= VG_LEVEL_MAX; l++)
            if (!vg_grid_level_of(g, l))
                abort();
        vg_grid_check_pair(g, g);
    } else if (!*vg_error_last()) {
        abort(); /* a refusal always says why */
    }
    vg_grid_free(g);
    vg_assessment_content_check(data, size);
    return 0;
}
