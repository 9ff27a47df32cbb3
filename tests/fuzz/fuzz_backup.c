/* Fuzz the backup reader (structure, checksum, embedded key file). */
#include <stdint.h>
#include <stdlib.h>
#include <vigie/backup.h>
#include <vigie/vigie.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const unsigned char *k, *d;
    size_t kl, dl;
    static int ready;
    if (!ready)
        ready = vg_init() == 0;
    (void)vg_backup_parse(data, size, &k, &kl, &d, &dl);
    return 0;
}
