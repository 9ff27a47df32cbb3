/* Fuzz the typed recovery-key reader. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/store.h>

#include "crypto/keyfile.h"
#include <vigie/vigie.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    vg_secret *s = NULL;
    static int ready;
    if (!ready)
        ready = vg_init() == 0;
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (vg_recovery_parse(&s, text) == 0) {
        char back[VG_RECOVERY_TEXT_MAX];
        vg_recovery_format(back, s);
    }
    vg_secret_free(s);
    free(text);
    return 0;
}
