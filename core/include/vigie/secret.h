/* vigie/secret.h: secrets (keys, passphrases, PINs) in guarded memory.
 *
 * A vg_secret holds bytes in sodium_malloc() memory (guard pages, locked,
 * never swapped where the system allows), followed by a NUL so that a
 * passphrase can be used as a C string. vg_secret_free() wipes it. */
#ifndef VIGIE_SECRET_H
#define VIGIE_SECRET_H

#include <stddef.h>

typedef struct vg_secret vg_secret;

/* A new secret of `len` zero bytes. */
int vg_secret_new(vg_secret **out, size_t len);
/* A copy of `len` bytes at `data`. The caller wipes its own copy. */
int vg_secret_from(vg_secret **out, const void *data, size_t len);
/* `len` random bytes. */
int vg_secret_random(vg_secret **out, size_t len);

unsigned char *vg_secret_data(const vg_secret *s);
size_t vg_secret_len(const vg_secret *s);
/* Shorten to `len` bytes (no larger than now), wiping the rest. */
void vg_secret_truncate(vg_secret *s, size_t len);
/* Constant-time equality of two secrets (lengths compared too). */
int vg_secret_equal(const vg_secret *a, const vg_secret *b);

/* Wipe and free; NULL is accepted. */
void vg_secret_free(vg_secret *s);

#endif
