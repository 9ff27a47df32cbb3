/* A small, bounded JSON reader for the advisory open data (untrusted
 * input): RFC 8259 syntax, UTF-8 checked, no NUL in strings, depth, node
 * count and sizes bounded. Not a general-purpose library. */
#ifndef VIGIE_ADVISORY_JSON_H
#define VIGIE_ADVISORY_JSON_H

#include <stddef.h>
#include <stdint.h>

#define VG_JSON_MAX_DEPTH 32
#define VG_JSON_MAX_NODES 2000000

typedef enum { VJ_NULL, VJ_FALSE, VJ_TRUE, VJ_NUMBER, VJ_STRING, VJ_ARRAY, VJ_OBJECT } vj_kind;

typedef struct vj_node {
    vj_kind kind;
    char *key; /* a member's name, or NULL */
    char *s;   /* string value (NUL-terminated), or a number's text */
    size_t len;
    struct vj_node *first, *last, *next; /* children of an array or object */
    size_t n;
} vj_node;

/* Parse `len` bytes. NULL on error, with the reason and byte offset in
 * `err` (at least 160 bytes). */
vj_node *vj_parse(const char *text, size_t len, char *err, size_t errlen);
void vj_free(vj_node *root);

/* The member `key` of an object (the first), or NULL. */
const vj_node *vj_get(const vj_node *obj, const char *key);
/* The string of `n`, or NULL when `n` is not a string. */
const char *vj_str(const vj_node *n);
/* An integer from a number (no fraction, no exponent) or from a string of
 * digits (the feed writes some numbers as strings): 1 and *out, else 0. */
int vj_int(const vj_node *n, int64_t *out);

#endif
