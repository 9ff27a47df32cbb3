/* Fuzz the reader of Canada's advisory open data (index and per-destination
 * files): any bytes must parse or be refused with a message that names the
 * file, never crash, hang or leak. A file that parses is walked whole. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/advisory.h>
#include <vigie/error.h>
#include <vigie/vigie.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_advisory_file *f = NULL;
    static int ready;
    if (!ready)
        ready = vg_init() == 0;
    if (vg_advisory_parse("fuzz.json", data, size, &f) == 0) {
        if (!f || !f->n)
            abort();
        for (size_t i = 0; i < f->n; i++) {
            const vg_official *o = &f->v[i];
            if (o->level < 1 || o->level > 4 || strlen(o->country) != 2)
                abort();
            for (size_t k = 0; k < o->nregions; k++)
                if (o->regions[k].level < 1 || o->regions[k].level > 4 ||
                    (o->regions[k].text_en && strlen(o->regions[k].text_en) > 600))
                    abort();
        }
    } else if (!strstr(vg_error_last(), "fuzz.json")) {
        abort(); /* every refusal names the file */
    }
    vg_advisory_file_free(f);
    return 0;
}
