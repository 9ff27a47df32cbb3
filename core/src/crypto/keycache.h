/* crypto/keycache.h (private): the unlocked data key cached in the Linux kernel keyring.
 *
 * The key is a "user" key in the user keyring, named after the store id, with
 * a kernel timeout. It never touches a file or the environment. Where the
 * keyring is blocked (some containers), calls return VG_EUNSUPPORTED. */
#ifndef VG_CRYPTO_KEYCACHE_H
#define VG_CRYPTO_KEYCACHE_H

#include <vigie/secret.h>

int vg_keycache_put(const unsigned char *store_id, const vg_secret *data_key, unsigned seconds);
/* VG_ENOTFOUND when nothing is cached (or it expired). */
int vg_keycache_get(vg_secret **out, const unsigned char *store_id);
/* Forget the key; VG_ENOTFOUND if nothing was cached. */
int vg_keycache_drop(const unsigned char *store_id);
/* Seconds left before the cached key expires, or a negative code. */
int vg_keycache_ttl(long *seconds, const unsigned char *store_id);

#endif
