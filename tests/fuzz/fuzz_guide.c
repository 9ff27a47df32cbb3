/* Fuzz the country-guide reader: any bytes must parse or be refused with
 * messages, never crash, hang or leak. A guide that parses is walked whole. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/guide.h>
#include <vigie/vigie.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_guide *g = NULL;
    vg_guide_diags d = {0};
    static int ready;
    if (!ready)
        ready = vg_init() == 0;
    if (vg_guide_parse("fuzz.md", data, size, &g, &d) == 0) {
        vg_guide_diags pair = {0};
        for (int s = 0; s < VG_SEC_COUNT; s++)
            free(vg_guide_section_plain(g, (vg_guide_section_id)s));
        vg_guide_compare(g, g, &pair);
        vg_guide_diags_free(&pair);
    }
    for (size_t i = 0; i < d.n; i++)
        if (!d.v[i].text || !strstr(d.v[i].text, "fuzz.md"))
            abort(); /* every message names the file */
    vg_guide_diags_free(&d);
    vg_guide_free(g);
    return 0;
}
