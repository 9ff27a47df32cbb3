/* Fuzz the escalation-ladder reader (a coordinator's YAML file): any bytes
 * must parse or be refused with a file:line message, never crash. */
#include <stdint.h>
#include <stdlib.h>
#include <vigie/checkin.h>
#include <vigie/error.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_ladder *l = NULL;
    if (vg_ladder_parse(&l, (const char *)data, size, "fuzz.yaml") == VG_OK) {
        /* walk what was read, as status does */
        for (int64_t late = -1; late < 40 * 86400; late = late * 2 + 2) {
            int s = vg_ladder_step_at(l, late, (int)(late & 1));
            if (s >= 0 && (size_t)s >= l->nsteps)
                abort();
        }
        for (size_t i = 0; i < l->nsteps; i++)
            if (!l->steps[i].action[0] || !l->steps[i].action[1] || !l->steps[i].roles)
                abort();
    } else if (!vg_error_last()[0]) {
        abort(); /* a refusal always says why */
    }
    vg_ladder_free(l);
    return 0;
}
