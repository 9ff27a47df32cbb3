/* A bounded JSON reader for untrusted advisory files (see advisory_json.h). */
#include "guide/advisory_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/text.h"

typedef struct {
    const unsigned char *p, *end, *start;
    size_t nodes;
    char *err;
    size_t errlen;
} P;

static void fail(P *x, const char *fmt, ...)
{
    va_list ap;
    char msg[128];
    if (x->err[0])
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(x->err, x->errlen, _("%s (byte %zu)"), msg, (size_t)(x->p - x->start));
}

static void ws(P *x)
{
    while (x->p < x->end && (*x->p == ' ' || *x->p == '\t' || *x->p == '\n' || *x->p == '\r'))
        x->p++;
}

static vj_node *node(P *x, vj_kind k)
{
    vj_node *n;
    if (++x->nodes > VG_JSON_MAX_NODES) {
        fail(x, _("too many values (more than %d)"), VG_JSON_MAX_NODES);
        return NULL;
    }
    n = calloc(1, sizeof *n);
    if (!n)
        fail(x, _("out of memory"));
    else
        n->kind = k;
    return n;
}

/* Append code point `c` as UTF-8. */
static size_t put_utf8(char *o, unsigned long c)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static int hex4(P *x, unsigned long *out)
{
    unsigned long v = 0;
    if (x->end - x->p < 4) {
        fail(x, _("truncated \\u escape"));
        return 0;
    }
    for (int i = 0; i < 4; i++) {
        unsigned char c = x->p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned long)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned long)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned long)(c - 'A' + 10);
        else {
            fail(x, _("bad \\u escape"));
            return 0;
        }
    }
    x->p += 4;
    *out = v;
    return 1;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
    return vg_utf8_decode(p, (size_t)(end - p), NULL);
}

/* A string at x->p (the opening quote); malloc'd, NUL-terminated. */
static char *string(P *x, size_t *lenp)
{
    const unsigned char *q;
    char *out, *o;
    size_t cap;
    x->p++; /* the quote */
    /* the decoded text is never longer than the raw text */
    for (q = x->p; q < x->end && *q != '"'; q++)
        if (*q == '\\' && q + 1 < x->end)
            q++;
    if (q >= x->end) {
        fail(x, _("unterminated string"));
        return NULL;
    }
    cap = (size_t)(q - x->p) + 1;
    if (!(o = out = malloc(cap))) {
        fail(x, _("out of memory"));
        return NULL;
    }
    while (x->p < x->end && *x->p != '"') {
        unsigned char c = *x->p;
        if (c < 0x20) {
            fail(x, _("control character in a string"));
            goto bad;
        }
        if (c == '\\') {
            unsigned long cp;
            x->p++;
            if (x->p >= x->end) {
                fail(x, _("unterminated string"));
                goto bad;
            }
            c = *x->p++;
            switch (c) {
            case '"':
                *o++ = '"';
                break;
            case '\\':
                *o++ = '\\';
                break;
            case '/':
                *o++ = '/';
                break;
            case 'b':
                *o++ = '\b';
                break;
            case 'f':
                *o++ = '\f';
                break;
            case 'n':
                *o++ = '\n';
                break;
            case 'r':
                *o++ = '\r';
                break;
            case 't':
                *o++ = '\t';
                break;
            case 'u':
                if (!hex4(x, &cp))
                    goto bad;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned long lo;
                    if (x->end - x->p < 6 || x->p[0] != '\\' || x->p[1] != 'u') {
                        fail(x, _("lone surrogate in a \\u escape"));
                        goto bad;
                    }
                    x->p += 2;
                    if (!hex4(x, &lo))
                        goto bad;
                    if (lo < 0xDC00 || lo > 0xDFFF) {
                        fail(x, _("bad surrogate pair"));
                        goto bad;
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    fail(x, _("lone surrogate in a \\u escape"));
                    goto bad;
                }
                if (cp == 0) {
                    fail(x, _("NUL character in a string"));
                    goto bad;
                }
                o += put_utf8(o, cp);
                break;
            default:
                fail(x, _("bad escape \\%c"), c >= 0x20 && c < 0x7F ? c : '?');
                goto bad;
            }
        } else {
            size_t n = utf8_len(x->p, x->end);
            if (!n) {
                fail(x, _("invalid UTF-8"));
                goto bad;
            }
            memcpy(o, x->p, n);
            o += n;
            x->p += n;
        }
    }
    if (x->p >= x->end) {
        fail(x, _("unterminated string"));
        goto bad;
    }
    x->p++; /* closing quote */
    *o = '\0';
    *lenp = (size_t)(o - out);
    return out;
bad:
    free(out);
    return NULL;
}

static vj_node *value(P *x, int depth);

static int lit(P *x, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(x->end - x->p) < n || memcmp(x->p, w, n)) {
        fail(x, _("unexpected character"));
        return 0;
    }
    x->p += n;
    return 1;
}

static vj_node *number(P *x)
{
    const unsigned char *s = x->p;
    vj_node *n;
    if (x->p < x->end && *x->p == '-')
        x->p++;
    if (x->p >= x->end || *x->p < '0' || *x->p > '9') {
        fail(x, _("bad number"));
        return NULL;
    }
    if (*x->p == '0')
        x->p++;
    else
        while (x->p < x->end && *x->p >= '0' && *x->p <= '9')
            x->p++;
    if (x->p < x->end && *x->p == '.') {
        x->p++;
        if (x->p >= x->end || *x->p < '0' || *x->p > '9') {
            fail(x, _("bad number"));
            return NULL;
        }
        while (x->p < x->end && *x->p >= '0' && *x->p <= '9')
            x->p++;
    }
    if (x->p < x->end && (*x->p == 'e' || *x->p == 'E')) {
        x->p++;
        if (x->p < x->end && (*x->p == '+' || *x->p == '-'))
            x->p++;
        if (x->p >= x->end || *x->p < '0' || *x->p > '9') {
            fail(x, _("bad number"));
            return NULL;
        }
        while (x->p < x->end && *x->p >= '0' && *x->p <= '9')
            x->p++;
    }
    if (x->p - s > 64) {
        fail(x, _("number too long"));
        return NULL;
    }
    if (!(n = node(x, VJ_NUMBER)))
        return NULL;
    n->len = (size_t)(x->p - s);
    if (!(n->s = malloc(n->len + 1))) {
        free(n);
        fail(x, _("out of memory"));
        return NULL;
    }
    memcpy(n->s, s, n->len);
    n->s[n->len] = '\0';
    return n;
}

static void add(vj_node *parent, vj_node *child)
{
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
    parent->n++;
}

static vj_node *container(P *x, int depth, int obj)
{
    vj_node *n = node(x, obj ? VJ_OBJECT : VJ_ARRAY);
    if (!n)
        return NULL;
    if (depth >= VG_JSON_MAX_DEPTH) {
        fail(x, _("nested deeper than %d"), VG_JSON_MAX_DEPTH);
        free(n);
        return NULL;
    }
    x->p++;
    ws(x);
    if (x->p < x->end && *x->p == (obj ? '}' : ']')) {
        x->p++;
        return n;
    }
    for (;;) {
        char *key = NULL;
        size_t klen;
        vj_node *v;
        ws(x);
        if (obj) {
            if (x->p >= x->end || *x->p != '"') {
                fail(x, x->p >= x->end ? _("truncated object") : _("expected a member name"));
                goto bad;
            }
            if (!(key = string(x, &klen)))
                goto bad;
            ws(x);
            if (x->p >= x->end || *x->p != ':') {
                free(key);
                fail(x, _("expected ':'"));
                goto bad;
            }
            x->p++;
        }
        if (!(v = value(x, depth + 1))) {
            free(key);
            goto bad;
        }
        v->key = key;
        add(n, v);
        ws(x);
        if (x->p >= x->end) {
            fail(x, obj ? _("truncated object") : _("truncated array"));
            goto bad;
        }
        if (*x->p == ',') {
            x->p++;
            continue;
        }
        if (*x->p == (obj ? '}' : ']')) {
            x->p++;
            return n;
        }
        fail(x, obj ? _("expected ',' or '}'") : _("expected ',' or ']'"));
        goto bad;
    }
bad:
    vj_free(n);
    return NULL;
}

static vj_node *value(P *x, int depth)
{
    vj_node *n;
    ws(x);
    if (x->p >= x->end) {
        fail(x, _("truncated: a value is missing"));
        return NULL;
    }
    switch (*x->p) {
    case '{':
        return container(x, depth, 1);
    case '[':
        return container(x, depth, 0);
    case '"': {
        size_t len;
        char *s = string(x, &len);
        if (!s)
            return NULL;
        if (!(n = node(x, VJ_STRING))) {
            free(s);
            return NULL;
        }
        n->s = s;
        n->len = len;
        return n;
    }
    case 't':
        return lit(x, "true") ? node(x, VJ_TRUE) : NULL;
    case 'f':
        return lit(x, "false") ? node(x, VJ_FALSE) : NULL;
    case 'n':
        return lit(x, "null") ? node(x, VJ_NULL) : NULL;
    default:
        return number(x);
    }
}

vj_node *vj_parse(const char *text, size_t len, char *err, size_t errlen)
{
    P x = {(const unsigned char *)text,
           (const unsigned char *)text + len,
           (const unsigned char *)text,
           0,
           err,
           errlen};
    vj_node *root;
    err[0] = '\0';
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        x.p += 3; /* a byte-order mark */
    root = value(&x, 0);
    if (!root) {
        if (!err[0])
            fail(&x, "not JSON");
        return NULL;
    }
    ws(&x);
    if (x.p != x.end) {
        fail(&x, "text after the JSON value");
        vj_free(root);
        return NULL;
    }
    return root;
}

void vj_free(vj_node *n)
{
    while (n) {
        vj_node *next = n->next;
        if (n->first)
            vj_free(n->first); /* depth is bounded by the parser */
        free(n->key);
        free(n->s);
        free(n);
        n = next;
    }
}

const vj_node *vj_get(const vj_node *obj, const char *key)
{
    if (!obj || obj->kind != VJ_OBJECT)
        return NULL;
    for (const vj_node *c = obj->first; c; c = c->next)
        if (c->key && !strcmp(c->key, key))
            return c;
    return NULL;
}

const char *vj_str(const vj_node *n)
{
    return n && n->kind == VJ_STRING ? n->s : NULL;
}

int vj_int(const vj_node *n, int64_t *out)
{
    const char *s;
    int64_t v = 0;
    int neg = 0;
    if (!n || (n->kind != VJ_NUMBER && n->kind != VJ_STRING))
        return 0;
    s = n->s;
    if (*s == '-')
        neg = 1, s++;
    if (!*s || strlen(s) > 18)
        return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        v = v * 10 + (*s - '0');
    }
    *out = neg ? -v : v;
    return 1;
}
