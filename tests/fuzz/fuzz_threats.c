/* Fuzz the threat categories template reader: any bytes must parse or be
 * refused with a file:line message, never crash or leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>
#include <vigie/risk.h>
#include <vigie/vigie.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_threat_categories *c = NULL;
    static int ready;
    if (!ready)
        ready = vg_init() == 0;
    if (vg_threat_categories_parse("fuzz.yaml", data, size, &c) == 0) {
        for (size_t i = 0; i < c->n; i++)
            if (!vg_threat_category_find(c, c->v[i].key) ||
                !vg_threat_category_label(&c->v[i], "fr"))
                abort();
    } else if (!strstr(vg_error_last(), "fuzz.yaml") && !strstr(vg_error_last(), "memory")) {
        abort(); /* every refusal names the file */
    }
    vg_threat_categories_free(c);
    return 0;
}
