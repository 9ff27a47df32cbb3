/* Private: a bounded reader for untrusted bytes (key files, backups, codes).
 *
 * Every read checks the remaining length; the first failure sets `bad` and
 * every later read returns zeros, so a parser can read a whole structure and
 * check `bad` once. Integers are little-endian. */
#ifndef VG_READER_H
#define VG_READER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const unsigned char *p;
    size_t len;
    size_t pos;
    int bad;
} vg_reader;

static inline void vg_rd_init(vg_reader *r, const unsigned char *p, size_t len)
{
    r->p = p;
    r->len = len;
    r->pos = 0;
    r->bad = 0;
}

static inline size_t vg_rd_left(const vg_reader *r)
{
    return r->bad ? 0 : r->len - r->pos;
}

/* A pointer to the next `n` bytes, or NULL (and bad) if there are fewer. */
static inline const unsigned char *vg_rd_take(vg_reader *r, size_t n)
{
    const unsigned char *q;
    if (r->bad || n > r->len - r->pos) {
        r->bad = 1;
        return NULL;
    }
    q = r->p + r->pos;
    r->pos += n;
    return q;
}

static inline uint64_t vg_rd_uint(vg_reader *r, size_t n)
{
    const unsigned char *q = vg_rd_take(r, n);
    uint64_t v = 0;
    if (!q)
        return 0;
    while (n--)
        v = (v << 8) | q[n];
    return v;
}

static inline void vg_rd_copy(vg_reader *r, void *dst, size_t n)
{
    const unsigned char *q = vg_rd_take(r, n);
    if (q)
        memcpy(dst, q, n);
    else
        memset(dst, 0, n);
}

/* Little-endian writes into a buffer the caller sized. */
static inline unsigned char *vg_wr_uint(unsigned char *p, uint64_t v, size_t n)
{
    for (size_t i = 0; i < n; i++, v >>= 8)
        p[i] = (unsigned char)(v & 0xff);
    return p + n;
}

#endif
