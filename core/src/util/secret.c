#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>
#include <vigie/secret.h>

#include "util/i18n.h"

/* The bytes live in sodium_malloc() memory with one extra NUL byte; the
 * small header is ordinary memory and holds no secret. */
struct vg_secret {
    unsigned char *data;
    size_t len;
};

int vg_secret_new(vg_secret **out, size_t len)
{
    vg_secret *s = malloc(sizeof *s);
    *out = NULL;
    if (!s)
        return vg_error_oom();
    s->data = sodium_malloc(len + 1);
    if (!s->data) {
        free(s);
        return vg_error_set(VG_ENOMEM, "%s", _("out of memory for a secret"));
    }
    sodium_memzero(s->data, len + 1);
    s->len = len;
    *out = s;
    return VG_OK;
}

int vg_secret_from(vg_secret **out, const void *data, size_t len)
{
    int rc = vg_secret_new(out, len);
    if (rc == VG_OK && len)
        memcpy((*out)->data, data, len);
    return rc;
}

int vg_secret_random(vg_secret **out, size_t len)
{
    int rc = vg_secret_new(out, len);
    if (rc == VG_OK)
        randombytes_buf((*out)->data, len);
    return rc;
}

unsigned char *vg_secret_data(const vg_secret *s)
{
    return s->data;
}

size_t vg_secret_len(const vg_secret *s)
{
    return s->len;
}

void vg_secret_truncate(vg_secret *s, size_t len)
{
    if (len < s->len) {
        sodium_memzero(s->data + len, s->len - len);
        s->len = len;
    }
}

int vg_secret_equal(const vg_secret *a, const vg_secret *b)
{
    if (a->len != b->len)
        return 0;
    return sodium_memcmp(a->data, b->data, a->len) == 0;
}

void vg_secret_free(vg_secret *s)
{
    if (!s)
        return;
    sodium_free(s->data); /* wipes before freeing */
    free(s);
}
