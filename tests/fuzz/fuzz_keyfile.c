/* Fuzz the key-file reader: any bytes must parse or be refused, never crash. */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <vigie/store.h>

#include "crypto/keyfile.h"
#include <vigie/vigie.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_keyfile *kf = NULL;
    static int ready;
    if (!ready)
        ready = vg_init() == 0;
    if (vg_keyfile_parse(&kf, data, size) == 0) {
        vg_slot_info s;
        char fp[24];
        for (size_t i = 0; i < vg_keyfile_count(kf); i++)
            vg_keyfile_slot(kf, i, &s);
        vg_keyfile_fingerprint(kf, fp);
    }
    vg_keyfile_free(kf);
    return 0;
}
