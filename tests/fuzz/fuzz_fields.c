/* Fuzz the reader of `participant add|edit --from-file` (standard input or
 * a file: "key: value" lines, continuations). Invariants: a field read is a
 * string; a read that succeeds normalises without crashing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>
#include <vigie/participant.h>
#include <vigie/vigie.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    vg_participant p;
    unsigned char given[VG_PF_COUNT];
    if (!ready)
        ready = vg_init() == 0;
    if (size > VG_FIELDS_FILE_MAX + 1)
        return 0;
    memset(&p, 0, sizeof p);
    if (vg_participant_fields_read(&p, (const char *)data, size, given) == VG_OK) {
        for (int i = 0; i < VG_PF_COUNT; i++) {
            char *norm = NULL;
            if (given[i] && !p.v[i])
                abort();
            if (p.v[i] && vg_field_normalise((vg_pfield)i, p.v[i], &norm) == VG_OK)
                free(norm);
        }
    }
    for (int i = 0; i < VG_PF_COUNT; i++)
        free(p.v[i]);
    return 0;
}
