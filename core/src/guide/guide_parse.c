/* Reading a guide (country-guides/FORMAT.md, "vigie-guide/1").
 *
 * The text is untrusted (a coordinator's edit, a file handed over by e-mail):
 * its size is bounded before anything is read, its bytes are checked (UTF-8,
 * LF, no control characters), then the front matter goes through Vigie's
 * one YAML reader (util/yaml.c) into a small tree (bounded in depth, node
 * count and value size) that is checked against the format, key by key,
 * collecting every error with its line rather than stopping at the first. The body goes to
 * guide_body.c. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/guide.h>

#include "guide/guide_internal.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/yaml.h"
#include "util/tz.h"

#define MAX_DEPTH 8
#define MAX_NODES 20000
#define MAX_VALUE 2000

/* The front matter's tree, read by util/yaml.c. */
typedef vg_ynode gnode;

/* ---- bytes ---- */

/* The whole file: UTF-8 without BOM, LF line endings, no control characters
 * but the newline. One message per bad line; 0 if any. */
static int check_bytes(vg_gctx *c, const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text;
    int line = 1, bad_line = 0, ok = 1;
    if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
        vg_gdiag(c, 1, 0, "%s",
                 _("the file starts with a byte-order mark: save it as UTF-8 without BOM"));
        return 0;
    }
    for (size_t i = 0; i < len;) {
        uint32_t cp = 0;
        size_t n = vg_utf8_decode(p + i, len - i, &cp);
        const char *why = NULL;
        if (n == 0) {
            why = _("not valid UTF-8 text");
            n = 1;
        } else if (p[i] == '\r') {
            why = _("carriage return: use LF line endings");
        } else if (p[i] != '\n' && vg_is_control(cp)) {
            why = p[i] == '\t' ? _("tab character: indent with spaces") : _("control character");
        }
        if (why && bad_line != line) {
            vg_gdiag(c, line, 0, "%s", why);
            bad_line = line;
            ok = 0;
        }
        if (p[i] == '\n')
            line++;
        i += n;
    }
    return ok;
}

static int has_control(const char *s, size_t len)
{
    return !vg_text_clean(s, len, 0);
}

/* ---- checking the tree against the format ---- */

typedef struct {
    vg_gctx *c;
    struct vg_guide_priv *a;
    vg_guide *g;
    int country_line;
} V;

#define ERR(line, ...) vg_gdiag(v->c, (line), 0, __VA_ARGS__)

/* Paths of keys in messages: "sources[3].seen" (cut if ever too long). */
static const char *join(char buf[128], const char *pfx, const char *key)
{
    int n = pfx && *pfx ? snprintf(buf, 128, "%s.%s", pfx, key) : snprintf(buf, 128, "%s", key);
    if (n < 0)
        buf[0] = '\0';
    return buf;
}

static const char *item(char buf[128], const char *pfx, size_t i)
{
    if (snprintf(buf, 128, "%s[%zu]", pfx, i + 1) < 0)
        buf[0] = '\0';
    return buf;
}

/* The line of `key` in mapping `m` (else the mapping's). */
static int key_line(const gnode *m, const char *key)
{
    size_t kl = strlen(key);
    for (size_t ki = 0; m->kind == VG_Y_MAP && ki + 1 < m->n; ki += 2)
        if (m->kids[ki]->len == kl && !memcmp(m->kids[ki]->s, key, kl))
            return m->kids[ki]->line;
    return m->line;
}

static const gnode *mget(const gnode *m, const char *key)
{
    return vg_ymap_get(m, key);
}

/* Unknown keys of mapping `m` (the reader refused repeated and non-text
 * keys). */
static void check_keys(V *v, const gnode *m, const char *pfx, const char *const *allowed)
{
    char p[128], show[96];
    for (size_t ki = 0; ki + 1 < m->n; ki += 2) {
        const gnode *k = m->kids[ki];
        int known = 0;
        for (const char *const *a = allowed; *a; a++)
            if (strlen(*a) == k->len && !memcmp(*a, k->s, k->len))
                known = 1;
        if (!known)
            ERR(k->line, _("%s: unknown key"), join(p, pfx, vg_gshow(show, k->s)));
    }
}

static int is_null(const gnode *n)
{
    if (n->len == 0)
        return 1;
    return !n->quoted && (!strcmp(n->s, "~") || !strcmp(n->s, "null") || !strcmp(n->s, "Null") ||
                          !strcmp(n->s, "NULL"));
}

/* The scalar at `key`, or NULL after saying why (missing only if required). */
static const gnode *scalar(V *v, const gnode *m, const char *pfx, const char *key, int required)
{
    char p[128];
    const gnode *n = mget(m, key);
    join(p, pfx, key);
    if (!n) {
        if (required)
            ERR(m->line, _("%s: required key is missing"), p);
        return NULL;
    }
    if (n->kind != VG_Y_SCALAR) {
        ERR(n->line, _("%s: must be a single value, not a list or mapping"), p);
        return NULL;
    }
    if (is_null(n)) {
        ERR(n->line, _("%s: is empty"), p);
        return NULL;
    }
    if (has_control(n->s, n->len)) {
        ERR(n->line, _("%s: holds a control character"), p);
        return NULL;
    }
    return n;
}

static const char *str(V *v, const gnode *m, const char *pfx, const char *key, int required)
{
    const gnode *n = scalar(v, m, pfx, key, required);
    return n ? n->s : NULL;
}

/* Text that looks like a number must be quoted: phone numbers, version. */
static const char *qstr(V *v, const gnode *m, const char *pfx, const char *key)
{
    char p[128], show[96];
    const gnode *n = scalar(v, m, pfx, key, 1);
    if (n && !n->quoted) {
        ERR(n->line, _("%s: \"%s\" must be written in quotes"), join(p, pfx, key),
            vg_gshow(show, n->s));
        return NULL;
    }
    return n ? n->s : NULL;
}

static int parse_date(const char *s, int32_t *out)
{
    int64_t days;
    int y, ok = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
    unsigned m, d, mm, dd;
    for (int i = 0; ok && i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            ok = 0;
    if (!ok)
        return 0;
    y = atoi(s);
    m = (unsigned)atoi(s + 5);
    d = (unsigned)atoi(s + 8);
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    days = vg_days_from_civil(y, m, d);
    vg_civil_from_days(days, &y, &mm, &dd);
    if (mm != m || dd != d)
        return 0;
    *out = (int32_t)days;
    return 1;
}

static int date(V *v, const gnode *m, const char *pfx, const char *key, int32_t *out)
{
    char p[128], show[96];
    const gnode *n = scalar(v, m, pfx, key, 1);
    if (!n)
        return 0;
    join(p, pfx, key);
    if (!parse_date(n->s, out)) {
        ERR(n->line, _("%s: \"%s\" is not a date"), p, vg_gshow(show, n->s));
        return 0;
    }
    if (n->quoted) {
        ERR(n->line, _("%s: a date is written without quotes"), p);
        return 0;
    }
    return 1;
}

static int integer(V *v, const gnode *m, const char *pfx, const char *key, int lo, int hi, int *out)
{
    char p[128], show[96];
    const gnode *n = scalar(v, m, pfx, key, 1);
    const char *s;
    long val = 0;
    if (!n)
        return 0;
    join(p, pfx, key);
    s = n->s + (n->s[0] == '-');
    if (n->quoted || !*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 6) {
        ERR(n->line, _("%s: \"%s\" is not a whole number (written without quotes)"), p,
            vg_gshow(show, n->s));
        return 0;
    }
    val = strtol(n->s, NULL, 10);
    if (val < lo || val > hi) {
        ERR(n->line, _("%s: %ld is out of range (%d to %d)"), p, val, lo, hi);
        return 0;
    }
    *out = (int)val;
    return 1;
}

static int is_id(const char *s)
{
    int prev_dash = 1;
    if (!*s)
        return 0;
    for (; *s; s++) {
        if (*s == '-') {
            if (prev_dash)
                return 0;
            prev_dash = 1;
        } else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')) {
            prev_dash = 0;
        } else {
            return 0;
        }
    }
    return !prev_dash;
}

static const vg_guide_source *find_source(const vg_guide *g, const char *id)
{
    for (size_t i = 0; i < g->nsources; i++)
        if (g->sources[i].id && !strcmp(g->sources[i].id, id))
            return &g->sources[i];
    return NULL;
}

/* `status` and `source` of a fact: a verified fact needs a source, and a
 * source must be one of the guide's. */
static void fact(V *v, const gnode *m, const char *pfx, vg_fact_status *status, const char **source)
{
    char p[128], show[96];
    const gnode *st = scalar(v, m, pfx, "status", 1), *src = mget(m, "source");
    int verified = 0;
    *status = VG_FACT_TO_CHECK;
    *source = NULL;
    if (st) {
        if (!strcmp(st->s, "verified"))
            *status = VG_FACT_VERIFIED, verified = 1;
        else if (strcmp(st->s, "to-check"))
            ERR(st->line, _("%s: \"%s\" is not a status (verified or to-check)"),
                join(p, pfx, "status"), vg_gshow(show, st->s));
    }
    if (!src) {
        if (verified)
            ERR(m->line, _("%s: a verified fact needs a source"), join(p, pfx, "source"));
        return;
    }
    if (!(src = scalar(v, m, pfx, "source", 1)))
        return;
    if (!find_source(v->g, src->s)) {
        ERR(src->line, _("%s: \"%s\" is not one of the guide's sources"), join(p, pfx, "source"),
            vg_gshow(show, src->s));
        return;
    }
    *source = src->s;
}

/* The list at `key`, checked for its length; NULL if missing or not a list. */
static const gnode *list(V *v, const gnode *m, const char *pfx, const char *key, int required,
                         size_t min, size_t max)
{
    char p[128];
    const gnode *n = mget(m, key);
    join(p, pfx, key);
    if (!n) {
        if (required)
            ERR(m->line, _("%s: required key is missing"), p);
        return NULL;
    }
    if (n->kind == VG_Y_SCALAR && n->len == 0 && !n->quoted && required && min > 0) {
        ERR(key_line(m, key), _("%s: too few entries (%zu; at least %zu)"), p, (size_t)0, min);
        return NULL;
    }
    if (n->kind != VG_Y_SEQ) {
        ERR(key_line(m, key), _("%s: must be a list"), p);
        return NULL;
    }
    if (n->n < min)
        ERR(key_line(m, key), _("%s: too few entries (%zu; at least %zu)"), p, n->n, min);
    else if (n->n > max)
        ERR(key_line(m, key), _("%s: too many entries (%zu; at most %zu)"), p, n->n, max);
    return n;
}

/* Each entry of a list of mappings: NULL (with a message) if not a mapping. */
static const gnode *entry_map(V *v, const gnode *e, const char *path, const char *const *keys)
{
    if (e->kind != VG_Y_MAP) {
        ERR(e->line, _("%s: must be a mapping (key: value lines)"), path);
        return NULL;
    }
    check_keys(v, e, path, keys);
    return e;
}

static void *alloc_array(V *v, size_t n, size_t size)
{
    void *p = vg_arena_alloc(v->a, (n ? n : 1) * size);
    if (!p)
        v->c->nomem = 1;
    return p;
}

static int ends_with_space_or_dash_ok(const char *s, const char *charset, int plus)
{
    /* ^\+?[0-9][charset]*[0-9]$ with an optional leading + */
    size_t n;
    if (plus == 2) { /* + required */
        if (*s != '+')
            return 0;
        s++;
    } else if (plus == 1 && *s == '+') {
        s++;
    }
    n = strlen(s);
    if (n < 2 && !(n == 1 && *s >= '0' && *s <= '9'))
        return 0;
    if (s[0] < '0' || s[0] > '9' || s[n - 1] < '0' || s[n - 1] > '9')
        return 0;
    return strspn(s, charset) == n;
}

static void read_sources(V *v, const gnode *root)
{
    static const char *const keys[] = {"id", "title", "url", "seen", NULL};
    const gnode *l = list(v, root, "", "sources", 1, 1, 500);
    vg_guide_source *out;
    size_t i = 0;
    char p[128], show[96];
    if (!l || !(out = alloc_array(v, l->n, sizeof *out)))
        return;
    v->g->sources = out;
    for (; i < l->n; i++) {
        const gnode *e = l->kids[i];
        const gnode *id;
        item(p, "sources", i);
        if (!entry_map(v, e, p, keys))
            continue;
        if ((id = scalar(v, e, p, "id", 1))) {
            char q[128];
            if (!is_id(id->s))
                ERR(id->line,
                    _("%s: \"%s\" is not an id (lowercase letters and digits, joined by dashes)"),
                    join(q, p, "id"), vg_gshow(show, id->s));
            else if (find_source(v->g, id->s))
                ERR(id->line, _("%s: \"%s\" is used twice"), join(q, p, "id"),
                    vg_gshow(show, id->s));
            else
                out[v->g->nsources].id = id->s;
        }
        out[v->g->nsources].title = str(v, e, p, "title", 1);
        out[v->g->nsources].url = str(v, e, p, "url", 1);
        if (out[v->g->nsources].url && strncmp(out[v->g->nsources].url, "https://", 8) &&
            strncmp(out[v->g->nsources].url, "http://", 7)) {
            char q[128];
            ERR(mget(e, "url")->line, _("%s: \"%s\" is not a web address (http:// or https://)"),
                join(q, p, "url"), vg_gshow(show, out[v->g->nsources].url));
        }
        if (date(v, e, p, "seen", &out[v->g->nsources].seen)) {
            /* "today" is the computer's own clock, not VIGIE_NOW: a crisis
             * exercise set in the past must still read today's guides */
            int32_t seen = out[v->g->nsources].seen, today = vg_day_at((int64_t)time(NULL), NULL);
            char q[128], a[16], b[16];
            vg_date_format(a, seen);
            /* A source's date is the date of its content: it cannot be later
             * than the review that read it, nor than today. */
            if (v->g->reviewed && seen > v->g->reviewed) {
                vg_date_format(b, v->g->reviewed);
                ERR(mget(e, "seen")->line,
                    _("%s: %s is later than the guide's review date (reviewed: %s); a source's "
                      "date is the date of its content"),
                    join(q, p, "seen"), a, b);
            } else if (seen > today) {
                vg_date_format(b, today);
                ERR(mget(e, "seen")->line, _("%s: %s is in the future (today is %s)"),
                    join(q, p, "seen"), a, b);
            }
        }
        v->g->nsources++;
    }
}

static void wording(V *v, const gnode *m, const char *pfx, int level, int level_ok,
                    const char **out)
{
    const char *w = str(v, m, pfx, "wording", 1),
               *official = vg_advisory_wording(level, v->g->lang);
    char p[128], show[96];
    *out = w;
    if (w && level_ok && official && strcmp(w, official))
        ERR(mget(m, "wording")->line,
            _("%s: \"%s\" is not the official wording of level %d (\"%s\")"),
            join(p, pfx, "wording"), vg_gshow(show, w), level, official);
}

/* An optional list of names at `key` of mapping `e`: each a non-empty
 * one-line string. With `known`, each must be a division or a place of the
 * guide's `divisions` (read before); with `division`, a division. */
static void names(V *v, const gnode *e, const char *p, const char *key, size_t max, int known,
                  int division, const char *const **out, size_t *n)
{
    const gnode *l;
    const char **r;
    char q[128], rp[128];
    size_t k = 0;
    *out = NULL;
    *n = 0;
    if (!mget(e, key) || !(l = list(v, e, p, key, 0, 0, max)) ||
        !(r = alloc_array(v, l->n, sizeof *r)))
        return;
    *out = r;
    join(q, p, key);
    for (; k < l->n; k++) {
        const gnode *x = l->kids[k];
        char *kk;
        vg_guide_place pl;
        item(rp, q, k);
        if (x->kind != VG_Y_SCALAR || is_null(x) || x->len == 0) {
            ERR(x->line, _("%s: must be a place name"), rp);
            continue;
        }
        if (has_control(x->s, x->len)) {
            ERR(x->line, _("%s: holds a control character"), rp);
            continue;
        }
        if (!(kk = vg_text_key(x->s, VG_KEY_NAME))) {
            v->c->nomem = 1;
            return;
        }
        if (known && !vg_guide_place_lookup(v->g, kk, &pl))
            ERR(x->line, _("%s: \"%s\" is not in divisions (a division or one of its places)"), rp,
                x->s);
        else if (division && pl.name != pl.division)
            ERR(x->line, _("%s: \"%s\" is a place of %s, not a division"), rp, x->s, pl.division);
        free(kk);
        r[(*n)++] = x->s;
    }
}

/* divisions: the country's departments or states and the places the guide
 * knows in each; every name (division or place) unique by its key. */
static void read_divisions(V *v, const gnode *root)
{
    static const char *const keys[] = {"name", "places", NULL};
    const gnode *l;
    vg_guide_division *out;
    char p[128];
    size_t i = 0;
    if (!mget(root, "divisions") || !(l = list(v, root, "", "divisions", 0, 0, 100)) ||
        !(out = alloc_array(v, l->n, sizeof *out)))
        return;
    v->g->divisions = out;
    for (; i < l->n; i++) {
        const gnode *e = l->kids[i];
        vg_guide_division *d = &out[v->g->ndivisions];
        const char *const *pl;
        size_t npl, before;
        item(p, "divisions", i);
        if (!entry_map(v, e, p, keys) || !(d->name = str(v, e, p, "name", 1)))
            continue;
        names(v, e, p, "places", 200, 0, 0, &pl, &npl);
        /* each new name must not be known already */
        before = v->g->ndivisions;
        for (size_t k = 0; k <= npl; k++) {
            const char *nm = k == 0 ? d->name : pl[k - 1];
            char *kk = vg_text_key(nm, VG_KEY_NAME);
            vg_guide_place seen;
            if (!kk) {
                v->c->nomem = 1;
                return;
            }
            v->g->ndivisions = before + (k > 0); /* the names before this one */
            d->places = pl;
            d->nplaces = k ? k - 1 : 0;
            if (vg_guide_place_lookup(v->g, kk, &seen))
                ERR(e->line, _("%s: \"%s\" is named twice (as %s in %s)"), p, nm, seen.name,
                    seen.division);
            free(kk);
        }
        d->nplaces = npl;
        v->g->ndivisions = before + 1;
    }
}

static void read_advisory(V *v, const gnode *root)
{
    static const char *const keys[] = {"level", "wording", "status", "source", "regions", NULL};
    static const char *const rkeys[] = {"name", "level",  "wording", "status", "source",
                                        "note", "places", "except",  "within", NULL};
    const gnode *m = mget(root, "advisory"), *l;
    vg_guide_advisory *adv = &v->g->advisory;
    vg_guide_region *out;
    char p[128];
    size_t i = 0;
    if (!m) {
        ERR(root->line, _("%s: required key is missing"), "advisory");
        return;
    }
    if (m->kind != VG_Y_MAP) {
        ERR(m->line, _("%s: must be a mapping (key: value lines)"), "advisory");
        return;
    }
    check_keys(v, m, "advisory", keys);
    wording(v, m, "advisory", adv->level, integer(v, m, "advisory", "level", 1, 4, &adv->level),
            &adv->wording);
    fact(v, m, "advisory", &adv->status, &adv->source);
    if (!(l = list(v, m, "advisory", "regions", 1, 0, 200)) ||
        !(out = alloc_array(v, l->n, sizeof *out)))
        return;
    adv->regions = out;
    for (; i < l->n; i++) {
        const gnode *e = l->kids[i];
        vg_guide_region *r = &out[adv->nregions];
        item(p, "advisory.regions", i);
        if (!entry_map(v, e, p, rkeys))
            continue;
        r->name = str(v, e, p, "name", 1);
        wording(v, e, p, r->level, integer(v, e, p, "level", 1, 4, &r->level), &r->wording);
        fact(v, e, p, &r->status, &r->source);
        r->note = mget(e, "note") ? str(v, e, p, "note", 0) : NULL;
        names(v, e, p, "places", 200, 1, 0, &r->places, &r->nplaces);
        names(v, e, p, "except", 100, 1, 0, &r->except, &r->nexcept);
        names(v, e, p, "within", 100, 1, 1, &r->within, &r->nwithin);
        if (v->g->ndivisions && !r->nplaces && !r->nwithin)
            ERR(e->line,
                _("%s: names neither places nor within: no region of a delegation "
                  "could be found in it"),
                p);
        adv->nregions++;
    }
}

static int is_zone(const char *s)
{
    const char *slash = strchr(s, '/');
    size_t head = slash ? (size_t)(slash - s) : 0;
    if (!slash || head == 0 ||
        strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_") != head)
        return 0;
    for (s = slash; *s; s++) {
        size_t k;
        if (*s != '/')
            return 0;
        k = strspn(s + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_+-");
        if (k == 0)
            return 0;
        s += k;
    }
    return 1;
}

static void read_zones(V *v, const gnode *root)
{
    static const char *const keys[] = {"zone", "note", "status", "source", NULL};
    const gnode *l = list(v, root, "", "timezones", 1, 1, 50);
    vg_guide_zone *out;
    char p[128], q[128], show[96];
    size_t i = 0;
    if (!l || !(out = alloc_array(v, l->n, sizeof *out)))
        return;
    v->g->zones = out;
    for (; i < l->n; i++) {
        const gnode *e = l->kids[i];
        vg_guide_zone *z = &out[v->g->nzones];
        const gnode *zn;
        item(p, "timezones", i);
        if (!entry_map(v, e, p, keys))
            continue;
        if ((zn = scalar(v, e, p, "zone", 1))) {
            join(q, p, "zone");
            if (!is_zone(zn->s))
                ERR(zn->line,
                    _("%s: \"%s\" is not an IANA time zone name (such as America/Bogota)"), q,
                    vg_gshow(show, zn->s));
            else if (!vg_tz_valid(zn->s))
                ERR(zn->line, _("%s: \"%s\" is not a time zone this system knows"), q,
                    vg_gshow(show, zn->s));
            else {
                for (size_t k = 0; k < v->g->nzones; k++)
                    if (out[k].zone && !strcmp(out[k].zone, zn->s))
                        ERR(zn->line, _("%s: \"%s\" is used twice"), q, vg_gshow(show, zn->s));
                z->zone = zn->s;
            }
        }
        z->note = mget(e, "note") ? str(v, e, p, "note", 0) : NULL;
        fact(v, e, p, &z->status, &z->source);
        v->g->nzones++;
    }
}

static void read_numbers(V *v, const gnode *root)
{
    static const char *const keys[] = {"service", "number", "status", "source", NULL};
    const gnode *l = list(v, root, "", "emergency_numbers", 1, 1, 100);
    vg_guide_number *out;
    char p[128], q[128], show[96];
    size_t i = 0;
    if (!l || !(out = alloc_array(v, l->n, sizeof *out)))
        return;
    v->g->numbers = out;
    for (; i < l->n; i++) {
        const gnode *e = l->kids[i];
        vg_guide_number *nb = &out[v->g->nnumbers];
        item(p, "emergency_numbers", i);
        if (!entry_map(v, e, p, keys))
            continue;
        nb->service = str(v, e, p, "service", 1);
        nb->number = qstr(v, e, p, "number");
        if (nb->number && !ends_with_space_or_dash_ok(nb->number, "0123456789 -", 1)) {
            ERR(mget(e, "number")->line,
                _("%s: \"%s\" is not a phone number as dialled in the country"),
                join(q, p, "number"), vg_gshow(show, nb->number));
            nb->number = NULL;
        }
        fact(v, e, p, &nb->status, &nb->source);
        v->g->nnumbers++;
    }
}

static void read_offices(V *v, const gnode *root)
{
    static const char *const keys[] = {"kind",  "name",   "city",   "address", "phone",
                                       "email", "status", "source", NULL};
    static const char *const kinds[] = {"embassy", "consulate", "honorary-consulate", "ewrc"};
    const gnode *l = list(v, root, "", "representation", 1, 1, 100);
    vg_guide_office *out;
    char p[128], q[128], show[96];
    size_t i = 0, ewrc = 0;
    if (!l || !(out = alloc_array(v, l->n, sizeof *out)))
        return;
    v->g->offices = out;
    for (; i < l->n; i++) {
        const gnode *e = l->kids[i];
        vg_guide_office *o = &out[v->g->noffices];
        const gnode *k;
        int is_ewrc = 0;
        item(p, "representation", i);
        if (!entry_map(v, e, p, keys))
            continue;
        o->kind = VG_OFFICE_EMBASSY;
        if ((k = scalar(v, e, p, "kind", 1))) {
            int found = -1;
            for (int j = 0; j < 4; j++)
                if (!strcmp(k->s, kinds[j]))
                    found = j;
            if (found < 0)
                ERR(k->line,
                    _("%s: \"%s\" is not a kind of office (embassy, consulate, honorary-consulate, "
                      "ewrc)"),
                    join(q, p, "kind"), vg_gshow(show, k->s));
            else
                o->kind = (vg_office_kind)found;
            is_ewrc = found == VG_OFFICE_EWRC;
            ewrc += (size_t)is_ewrc;
        }
        o->name = str(v, e, p, "name", 1);
        o->city = str(v, e, p, "city", 1);
        o->address = mget(e, "address") ? str(v, e, p, "address", 0) : NULL;
        o->phone = qstr(v, e, p, "phone");
        if (o->phone && !ends_with_space_or_dash_ok(o->phone, "0123456789 ", 2)) {
            ERR(mget(e, "phone")->line,
                _("%s: \"%s\" is not a phone number in international form (+1 613 ...)"),
                join(q, p, "phone"), vg_gshow(show, o->phone));
            o->phone = NULL;
        }
        o->email = mget(e, "email") ? str(v, e, p, "email", 0) : NULL;
        if (o->email) {
            const char *at = strchr(o->email, '@');
            if (!at || at == o->email || !at[1] || strchr(at + 1, '@') || strchr(o->email, ' ')) {
                ERR(mget(e, "email")->line, _("%s: \"%s\" is not an e-mail address"),
                    join(q, p, "email"), vg_gshow(show, o->email));
                o->email = NULL;
            }
        }
        if (is_ewrc && o->phone && strcmp(o->phone, VG_EWRC_PHONE))
            ERR(mget(e, "phone")->line,
                _("%s: the Emergency Watch and Response Centre's number is \"%s\""),
                join(q, p, "phone"), VG_EWRC_PHONE);
        if (is_ewrc && mget(e, "email") && o->email && strcmp(o->email, VG_EWRC_EMAIL))
            ERR(mget(e, "email")->line,
                _("%s: the Emergency Watch and Response Centre's address is \"%s\""),
                join(q, p, "email"), VG_EWRC_EMAIL);
        if (is_ewrc && !mget(e, "email"))
            ERR(e->line, _("%s: required key is missing"), join(q, p, "email"));
        fact(v, e, p, &o->status, &o->source);
        v->g->noffices++;
    }
    if (ewrc != 1)
        ERR(key_line(root, "representation"),
            _("representation: exactly one office must be of kind ewrc (Canada's Emergency Watch "
              "and "
              "Response Centre); found: %zu"),
            ewrc);
}

static void read_items(V *v, const gnode *root, const char *key, const vg_guide_item **items,
                       size_t *n)
{
    static const char *const keys[] = {"text", "status", "source", NULL};
    const gnode *l = list(v, root, "", key, 1, 1, 100);
    vg_guide_item *out;
    char p[128];
    size_t i = 0;
    if (!l || !(out = alloc_array(v, l->n, sizeof *out)))
        return;
    *items = out;
    for (; i < l->n; i++) {
        const gnode *e = l->kids[i];
        item(p, key, i);
        if (!entry_map(v, e, p, keys))
            continue;
        out[*n].text = str(v, e, p, "text", 1);
        fact(v, e, p, &out[*n].status, &out[*n].source);
        (*n)++;
    }
}

static void read_threats(V *v, const gnode *root)
{
    static const char *const keys[] = {"category", "description", "regions", "likelihood",
                                       "impact",   "status",      "source",  NULL};
    size_t min = v->g->country[0] == 'C' && v->g->country[1] == 'O' ? 6 : 5;
    const gnode *l = list(v, root, "", "threats", 1, 0, 100);
    vg_guide_threat *out;
    char p[128], q[128], show[96];
    size_t i = 0;
    if (!l)
        return;
    if (l->n < min)
        ERR(key_line(root, "threats"), _("threats: too few for %s (%zu; at least %zu)"),
            v->g->country, l->n, min);
    if (!(out = alloc_array(v, l->n, sizeof *out)))
        return;
    v->g->threats = out;
    for (; i < l->n; i++) {
        const gnode *e = l->kids[i];
        vg_guide_threat *t = &out[v->g->nthreats];
        const gnode *c, *rl;
        item(p, "threats", i);
        if (!entry_map(v, e, p, keys))
            continue;
        if ((c = scalar(v, e, p, "category", 1))) {
            if (vg_guide_category_known(c->s))
                t->category = c->s;
            else
                ERR(c->line, _("%s: \"%s\" is not a threat category (%s)"), join(q, p, "category"),
                    vg_gshow(show, c->s), vg_guide_category_list());
        }
        t->description = str(v, e, p, "description", 1);
        join(q, p, "regions");
        if ((rl = list(v, e, p, "regions", 1, 0, 100))) {
            const char **r = alloc_array(v, rl->n, sizeof *r);
            size_t k = 0;
            t->regions = r;
            for (; r && k < rl->n; k++) {
                const gnode *x = rl->kids[k];
                char rp[128];
                item(rp, q, k);
                if (x->kind != VG_Y_SCALAR || is_null(x))
                    ERR(x->line, _("%s: must be a region name"), rp);
                else if (has_control(x->s, x->len))
                    ERR(x->line, _("%s: holds a control character"), rp);
                else
                    r[t->nregions++] = x->s;
            }
        }
        integer(v, e, p, "likelihood", 1, 5, &t->likelihood);
        integer(v, e, p, "impact", 1, 5, &t->impact);
        fact(v, e, p, &t->status, &t->source);
        v->g->nthreats++;
    }
}

static void read_phrases(V *v, const gnode *root)
{
    static const char *const keys[] = {"local", "meaning", NULL};
    const gnode *l = list(v, root, "", "phrases", 1, 8, 12);
    vg_guide_phrase *out;
    char p[128];
    size_t i = 0;
    if (!l || !(out = alloc_array(v, l->n, sizeof *out)))
        return;
    v->g->phrases = out;
    for (; i < l->n; i++) {
        const gnode *e = l->kids[i];
        item(p, "phrases", i);
        if (!entry_map(v, e, p, keys))
            continue;
        out[v->g->nphrases].local = str(v, e, p, "local", 1);
        out[v->g->nphrases].meaning = str(v, e, p, "meaning", 1);
        v->g->nphrases++;
    }
}

static void read_partners(V *v, const gnode *root)
{
    static const char *const keys[] = {"name", "note", "status", "source", NULL};
    const gnode *l;
    vg_guide_partner *out;
    char p[128];
    size_t i = 0;
    if (!mget(root, "partners"))
        return; /* optional */
    if (!(l = list(v, root, "", "partners", 0, 0, 100)) ||
        !(out = alloc_array(v, l->n, sizeof *out)))
        return;
    v->g->partners = out;
    for (; i < l->n; i++) {
        const gnode *e = l->kids[i];
        item(p, "partners", i);
        if (!entry_map(v, e, p, keys))
            continue;
        out[v->g->npartners].name = str(v, e, p, "name", 1);
        out[v->g->npartners].note = str(v, e, p, "note", 1);
        fact(v, e, p, &out[v->g->npartners].status, &out[v->g->npartners].source);
        v->g->npartners++;
    }
}

static void read_front(V *v, const gnode *root)
{
    static const char *const keys[] = {"format",
                                       "country",
                                       "lang",
                                       "title",
                                       "version",
                                       "reviewed",
                                       "review_by",
                                       "review_interval_months",
                                       "reviewer",
                                       "passport_validity_months",
                                       "sources",
                                       "advisory",
                                       "divisions",
                                       "timezones",
                                       "emergency_numbers",
                                       "representation",
                                       "entry",
                                       "health",
                                       "threats",
                                       "phrases",
                                       "partners",
                                       NULL};
    vg_guide *g = v->g;
    const gnode *n;
    const char *s;
    char show[96];
    int reviewed_ok, review_by_ok;
    if (root->kind != VG_Y_MAP) {
        ERR(root->line, "%s", _("the front matter must be a mapping of keys (key: value)"));
        return;
    }
    check_keys(v, root, "", keys);
    if ((s = str(v, root, "", "format", 1)) && strcmp(s, "vigie-guide/1"))
        ERR(mget(root, "format")->line, _("%s: \"%s\" must be \"%s\""), "format", vg_gshow(show, s),
            "vigie-guide/1");
    if ((n = scalar(v, root, "", "country", 1))) {
        v->country_line = n->line;
        if (n->len != 2 || n->s[0] < 'A' || n->s[0] > 'Z' || n->s[1] < 'A' || n->s[1] > 'Z')
            ERR(n->line, _("%s: \"%s\" is not a country code in capitals (ISO 3166, such as CO)"),
                "country", vg_gshow(show, n->s));
        else
            memcpy(g->country, n->s, 3);
    }
    if ((n = scalar(v, root, "", "lang", 1))) {
        if (strcmp(n->s, "fr") && strcmp(n->s, "en"))
            ERR(n->line, _("%s: \"%s\" is not fr or en"), "lang", vg_gshow(show, n->s));
        else
            memcpy(g->lang, n->s, 3);
    }
    g->title = str(v, root, "", "title", 1);
    if ((g->version = qstr(v, root, "", "version"))) {
        const char *dot = strchr(g->version, '.');
        if (!dot || dot - g->version != 4 || strspn(g->version, "0123456789") != 4 || !dot[1] ||
            strspn(dot + 1, "0123456789") != strlen(dot + 1) || strlen(dot + 1) > 6) {
            ERR(mget(root, "version")->line, _("%s: \"%s\" is not a version (such as \"2026.1\")"),
                "version", vg_gshow(show, g->version));
            g->version = NULL;
        }
    }
    reviewed_ok = date(v, root, "", "reviewed", &g->reviewed);
    review_by_ok = date(v, root, "", "review_by", &g->review_by);
    if (mget(root, "review_interval_months")) {
        if (!integer(v, root, "", "review_interval_months", 1, 12, &g->review_interval_months))
            g->review_interval_months = 0;
    } else {
        vg_gdiag(v->c, root->line, 1, "%s",
                 _("review_interval_months is not given: a review every 6 months is assumed"));
    }
    if (reviewed_ok && review_by_ok) {
        char a[16], b[16], c[16];
        int months = g->review_interval_months ? g->review_interval_months : 6;
        int32_t due = vg_guide_add_months(g->reviewed, months);
        vg_date_format(a, g->reviewed);
        vg_date_format(b, g->review_by);
        vg_date_format(c, due);
        if (g->review_by <= g->reviewed) {
            ERR(mget(root, "review_by")->line, _("review_by: %s is not later than reviewed (%s)"),
                b, a);
        } else if (g->review_by > due && g->review_interval_months) {
            ERR(mget(root, "review_by")->line,
                _("review_by: %s is later than reviewed (%s) plus the review interval of %d "
                  "months (%s)"),
                b, a, months, c);
        } else if (g->review_by != due) {
            vg_gdiag(v->c, mget(root, "review_by")->line, 1,
                     _("review_by: %s is not %d months after reviewed (%s)"), b, months, a);
        }
    }
    g->reviewer = str(v, root, "", "reviewer", 1);
    integer(v, root, "", "passport_validity_months", 0, 24, &g->passport_validity_months);
    read_sources(v, root);
    read_divisions(v, root);
    read_advisory(v, root);
    read_zones(v, root);
    read_numbers(v, root);
    read_offices(v, root);
    read_items(v, root, "entry", &g->entry, &g->nentry);
    read_items(v, root, "health", &g->health, &g->nhealth);
    read_threats(v, root);
    read_phrases(v, root);
    read_partners(v, root);
}

static int id_char(char ch)
{
    return ch == '-' || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

/* Sources neither referenced by a fact nor named in the last section. */
static void unused_sources(vg_gctx *c, const vg_guide *g, int line)
{
    char *last = vg_guide_blocks_plain(g->sections[VG_SEC_SOURCES].blocks,
                                       g->sections[VG_SEC_SOURCES].nblocks);
    for (size_t i = 0; i < g->nsources; i++) {
        const char *id = g->sources[i].id;
        int used = 0;
        if (!id)
            continue;
#define USES(arr, n)                                                                               \
    for (size_t k = 0; k < (n) && !used; k++)                                                      \
        used = (arr)[k].source && !strcmp((arr)[k].source, id);
        used = g->advisory.source && !strcmp(g->advisory.source, id);
        USES(g->advisory.regions, g->advisory.nregions)
        USES(g->zones, g->nzones)
        USES(g->numbers, g->nnumbers)
        USES(g->offices, g->noffices)
        USES(g->entry, g->nentry)
        USES(g->health, g->nhealth)
        USES(g->threats, g->nthreats)
        USES(g->partners, g->npartners)
#undef USES
        if (!used && last) {
            size_t n = strlen(id);
            for (const char *p = strstr(last, id); p && !used; p = strstr(p + 1, id))
                used = (p == last || !id_char(p[-1])) && !id_char(p[n]);
        }
        if (!used)
            vg_gdiag(c, line, 1,
                     _("sources: \"%s\" is used by no fact and not named in the last section"), id);
    }
    free(last);
}

/* Name "…/co.fr.md": the country and language it says must be the guide's. */
static void check_name(vg_gctx *c, const vg_guide *g, int line)
{
    const char *base = strrchr(c->name, '/');
    char cc[3], lang[3];
    base = base ? base + 1 : c->name;
    if (strlen(base) != 8 || strcmp(base + 5, ".md") || base[2] != '.' || !g->country[0] ||
        !g->lang[0])
        return;
    for (int i = 0; i < 2; i++) {
        if (base[i] < 'a' || base[i] > 'z' || base[3 + i] < 'a' || base[3 + i] > 'z')
            return;
        cc[i] = (char)(base[i] - 'a' + 'A');
        lang[i] = base[3 + i];
    }
    cc[2] = lang[2] = '\0';
    if (strcmp(cc, g->country) || strcmp(lang, g->lang))
        vg_gdiag(c, line, 0, _("the file name %s does not match country %s and lang %s"), base,
                 g->country, g->lang);
}

static void sort_diags(vg_guide_diags *d, size_t start)
{
    /* insertion sort, stable: few messages (at most VG_GUIDE_MAX_DIAGS) */
    for (size_t i = start + 1; i < d->n; i++) {
        vg_guide_diag x = d->v[i];
        size_t j = i;
        while (j > start && d->v[j - 1].line > x.line) {
            d->v[j] = d->v[j - 1];
            j--;
        }
        d->v[j] = x;
    }
}

int vg_guide_parse(const char *name, const void *text, size_t len, vg_guide **out,
                   vg_guide_diags *diags)
{
    vg_guide_diags local = {0};
    vg_gctx c = {name ? name : "guide", diags ? diags : &local, 0, 0, 0};
    size_t errors_before = c.diags->errors;
    vg_guide *g = NULL;
    const char *t, *fm_end = NULL, *body;
    int rc, fm_lines = 0;

    c.start = c.diags->n;
    *out = NULL;
    if (len > VG_GUIDE_MAX_BYTES) {
        vg_gdiag(&c, 0, 0, _("the guide is larger than %d KiB"), VG_GUIDE_MAX_BYTES / 1024);
        goto done;
    }
    if (!(g = calloc(1, sizeof *g)) || !(g->priv = calloc(1, sizeof *g->priv)) ||
        !(g->text = vg_arena_strndup(g->priv, text ? text : "", len))) {
        c.nomem = 1;
        goto done;
    }
    g->text_len = len;
    g->name = vg_arena_strdup(g->priv, c.name);
    if (!check_bytes(&c, g->text, len))
        goto done;
    t = g->text;
    if (strncmp(t, "---\n", 4)) {
        vg_gdiag(&c, 1, 0, "%s", _("line 1 must be exactly --- (the start of the front matter)"));
        goto done;
    }
    /* the front matter runs to the next line that is exactly --- */
    for (const char *p = t + 4; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
        fm_lines++;
        if (!strncmp(p, "---", 3) && (p[3] == '\n' || p[3] == '\0')) {
            fm_end = p;
            break;
        }
    }
    if (!fm_end) {
        vg_gdiag(&c, 1, 0, "%s", _("the front matter has no closing --- line"));
        goto done;
    }
    body = fm_end[3] ? fm_end + 4 : fm_end + 3;
    {
        V v = {&c, g->priv, g, 0};
        vg_ylimits lim = {0};
        vg_yproblem problem;
        const gnode *root = NULL;
        int yrc;
        lim.name = c.name;
        lim.line0 = 1; /* the front matter starts after its "---" line */
        lim.max_depth = MAX_DEPTH;
        lim.max_nodes = MAX_NODES;
        lim.max_value = MAX_VALUE;
        lim.no_markers = 1;
        yrc = vg_yaml_read(&g->priv->yaml, t + 4, (size_t)(fm_end - (t + 4)), &lim, &problem);
        if (yrc == VG_ENOMEM)
            c.nomem = 1;
        else if (yrc != VG_OK)
            vg_gdiag(&c, problem.line, 0, "%s", problem.msg);
        else
            root = vg_ydoc_root(g->priv->yaml);
        if (yrc == VG_OK && !root)
            vg_gdiag(&c, 2, 0, "%s", _("the front matter is empty"));
        if (root)
            read_front(&v, root);
        if (!c.nomem)
            vg_guide_parse_body(&c, g, body, len - (size_t)(body - t), fm_lines + 2);
        if (!c.nomem && root) {
            unused_sources(&c, g, fm_lines + 1);
            check_name(&c, g, v.country_line ? v.country_line : 2);
        }
    }
done:
    if (c.dropped)
        vg_gdiag(&c, 0, 1, _("messages not shown: %zu"), c.dropped);
    sort_diags(c.diags, c.start);
    if (c.nomem) {
        rc = vg_error_oom();
    } else if (c.diags->errors > errors_before) {
        size_t first = c.start, more = c.diags->errors - errors_before - 1;
        while (first < c.diags->n && c.diags->v[first].warning)
            first++;
        if (more)
            rc = vg_error_set(VG_EINVALID, _("%s (errors in all: %zu)"),
                              first < c.diags->n ? c.diags->v[first].text : c.name, more + 1);
        else
            rc = vg_error_set(VG_EINVALID, "%s",
                              first < c.diags->n ? c.diags->v[first].text : c.name);
    } else {
        rc = VG_OK;
        *out = g;
        g = NULL;
    }
    vg_guide_free(g);
    vg_guide_diags_free(&local);
    return rc;
}
