/* Fuzz the readiness template reader (libyaml events, file:line errors). */
#include <stdint.h>
#include <vigie/ready.h>
#include <vigie/vigie.h>

#include "ready/ready_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    vg_ready_template *t = NULL;
    if (!ready)
        ready = vg_init() == 0;
    if (vg_ready_template_parse(data, size, "fuzz.yaml", &t) == 0) {
        for (size_t i = 0; i < t->n; i++)
            (void)vg_ready_param_int(&t->items[i], "months", 0);
    }
    vg_ready_template_free(t);
    return 0;
}
