/* Baseline: one bare Argon2id derivation with the parameters of a default
 * ("moderate") passphrase slot: the floor of an unlock. */
#include <sodium.h>
#include <string.h>
#include <vigie/store.h>

int main(void)
{
    unsigned char out[32], salt[16] = {0};
    const char *p = "a passphrase for the benchmark";
    if (sodium_init() < 0)
        return 1;
    return crypto_pwhash(out, sizeof out, p, strlen(p), salt, VG_KDF_MODERATE_OPS,
                         VG_KDF_MODERATE_MEM, crypto_pwhash_ALG_ARGON2ID13);
}
