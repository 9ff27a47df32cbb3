/* Fuzz the CSV reader and what the import does with each cell: header
 * matching and field normalisation (dates, e-mail, phones through
 * libphonenumber). Any bytes must be read or refused, never crash. */
#include <stdint.h>
#include <stdlib.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/vigie.h>

#include "delegation/csv.h"

static int on_record(size_t line, char **fields, size_t n, void *payload)
{
    int *first = payload;
    for (size_t i = 0; i < n; i++) {
        if (*first) {
            (void)vg_import_header_field(fields[i], (int)(line & 1));
        } else {
            char *out = NULL;
            (void)vg_field_normalise_for((vg_pfield)(i % VG_PF_COUNT), fields[i], "CO", &out);
            free(out);
        }
    }
    *first = 0;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    int first = 1;
    vg_csv_info info;
    if (!ready)
        ready = vg_init() == 0;
    (void)vg_csv_read(data, size, on_record, &first, &info);
    return 0;
}
