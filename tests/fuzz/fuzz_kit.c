/* Fuzz the field-kit reader: any bytes must parse or be refused, never
 * crash. The file's structure and the body's plaintext parser are both
 * fed (the body is normally reached only after a PIN opens the kit; the
 * Argon2id derivation is too slow to fuzz, and adds no parsing). */
#include <stdint.h>
#include <stdlib.h>
#include <vigie/field.h>
#include <vigie/vigie.h>

#include "field/field_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vg_kit *k = NULL;
    vg_kit_info info;
    unsigned char seed[32];
    static int ready;
    if (!ready)
        ready = vg_init() == 0;
    if (vg_kit_parse(&k, data, size) == 0 && vg_kit_info_get(k) != NULL)
        abort(); /* a parsed kit stays locked until a PIN opens it */
    vg_kit_free(k);
    if (vg_kit_parse_body(&info, seed, data, size) == 0) {
        /* what the parser accepts is within the documented bounds */
        if (info.nplan > VG_KIT_PLAN_MAX || info.nnumbers > VG_KIT_NUMBERS_MAX || !info.slug[0])
            abort();
        for (size_t i = 0; i < info.nplan; i++)
            if (info.plan[i] >= 1440)
                abort();
    }
    return 0;
}
