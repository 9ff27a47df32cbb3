/* Baseline: the bare Argon2id derivations of opening a field kit with the
 * default ("moderate") parameters: both slots are always derived, so two.
 * With an argument N, N derivations (1 gives the cost of one PIN guess). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/field.h>

int main(int argc, char **argv)
{
    unsigned char out[32], salt[16] = {0};
    const char *pin = "204867";
    int n = argc > 1 ? atoi(argv[1]) : 2;
    if (sodium_init() < 0)
        return 1;
    for (int i = 0; i < n; i++)
        if (crypto_pwhash(out, sizeof out, pin, strlen(pin), salt, VG_KIT_MODERATE_OPS,
                          VG_KIT_MODERATE_MEM, crypto_pwhash_ALG_ARGON2ID13) != 0)
            return 1;
    return 0;
}
