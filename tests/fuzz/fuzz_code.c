/* Fuzz the check-in code reader: the scanner over pasted text, the decoder
 * and unsealer with a fixed organisation key (the seeds hold codes sealed to
 * it, so the fuzzer reaches the message parser), and the message parser on
 * raw bytes. Any input must be read or refused, never crash. */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/field.h>
#include <vigie/vigie.h>

#include "field/field_internal.h"

/* The seeds' organisation: crypto_box_seed_keypair of 32 bytes of 0x42. */
static unsigned char box_pk[32];
static vg_secret *box_sk;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    char out[VG_CODE_MAX + 2];
    size_t pos = 0, n;
    vg_code c;
    if (!ready) {
        unsigned char seed[32];
        ready = vg_init() == 0;
        memset(seed, 0x42, sizeof seed);
        vg_secret_new(&box_sk, crypto_box_SECRETKEYBYTES);
        crypto_box_seed_keypair(box_pk, vg_secret_data(box_sk), seed);
    }
    while ((n = vg_code_scan((const char *)data, size, &pos, out, sizeof out)) > 0) {
        if (strlen(out) > VG_CODE_MAX + 1 || pos > size)
            abort();
        if (n <= VG_CODE_MAX && vg_code_open(&c, out, n, box_pk, box_sk) == 0) {
            if (c.counter == 0 || strlen(c.place) + strlen(c.note) > VG_CODE_TEXT_MAX)
                abort();
            vg_code_verify(&c, box_pk); /* any 32 bytes: must not crash */
        }
    }
    if (vg_code_open(&c, (const char *)data, size, box_pk, box_sk) == 0 && c.counter == 0)
        abort();
    if (vg_code_parse_msg(&c, data, size) == 0 &&
        strlen(c.place) + strlen(c.note) > VG_CODE_TEXT_MAX)
        abort();
    return 0;
}
