/* Canada's official advisory data (vigie/advisory.h): read the open-data
 * files as untrusted input, keep each country's official level, publication
 * time and regional advisories, and compare them with the guides. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vigie/advisory.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/guide.h>

#include "guide/advisory_json.h"
#include "store/store_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/tz.h"

#define MAX_COUNTRIES   400
#define MAX_REGIONS     100
#define MAX_REGION_TEXT 600
#define MAX_NAME        95

/* ---- small text helpers ---- */

/* A bounded plain-text copy of a name: control characters dropped, cut at
 * `max` bytes on a UTF-8 boundary. */
static char *clean(const char *s, size_t max)
{
    size_t n = 0, len;
    char *o;
    if (!s)
        return NULL;
    len = strlen(s);
    if (!(o = malloc((len < max ? len : max) + 1)))
        return NULL;
    for (size_t i = 0; i < len && n < max; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            c = ' ';
        o[n++] = (char)c;
    }
    if (len > max) /* never cut inside a character */
        n = vg_utf8_whole(o, n);
    o[n] = '\0';
    return o;
}

/* "2026-09-29T14:42:00.0000000-04:00", "2026-09-29 14:42:00" or
 * "2026-09-29": seconds since the epoch (the last two taken as UTC). */
static int parse_when(const char *s, int64_t *out)
{
    int y, mo, d, h = 0, mi = 0, se = 0, n = 0, oh = 0, om = 0;
    char sign = 0;
    const char *p;
    if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
        return 0;
    if (y < 1990 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31)
        return 0;
    p = s + 10;
    if (*p == 'T' || *p == ' ') {
        if (sscanf(p + 1, "%2d:%2d:%2d%n", &h, &mi, &se, &n) != 3 || n != 8 || h > 23 || mi > 59 ||
            se > 60)
            return 0;
        p += 9;
        if (*p == '.')
            for (p++; *p >= '0' && *p <= '9'; p++)
                ;
        if (*p == '+' || *p == '-') {
            sign = *p;
            if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) != 2 || n != 5 || oh > 14 || om > 59)
                return 0;
            p += 6;
        } else if (*p == 'Z')
            p++;
    }
    if (*p)
        return 0;
    *out =
        (int64_t)vg_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
    if (sign)
        *out += (sign == '+' ? -1 : 1) * (int64_t)(oh * 3600 + om * 60);
    return 1;
}

/* {"timestamp": N, "date": "...", "asp": "..."}: the first that reads. */
static int when_of(const vj_node *o, int64_t *out)
{
    int64_t t;
    if (!o || o->kind != VJ_OBJECT)
        return 0;
    if (vj_int(vj_get(o, "timestamp"), &t) && t > 631152000 /* 1990 */ &&
        t < (int64_t)7258118400 /* 2200 */) {
        *out = t;
        return 1;
    }
    return parse_when(vj_str(vj_get(o, "asp")), out) || parse_when(vj_str(vj_get(o, "date")), out);
}

/* ---- regional advisories in a per-destination file's HTML ---- */

static int has_ci(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (!strncasecmp(hay + i, needle, k))
            return 1;
    return 0;
}

/* The level a sentence names, or 0. */
static int level_in(const char *s, size_t n)
{
    if (has_ci(s, n, "non-essential") || has_ci(s, n, "non essentiel"))
        return 3;
    if (has_ci(s, n, "avoid all travel") || has_ci(s, n, "tout voyage"))
        return 4;
    if (has_ci(s, n, "high degree of caution") || has_ci(s, n, "grande prudence"))
        return 2;
    if (has_ci(s, n, "normal security precautions") || has_ci(s, n, "mesures de s"))
        return 1;
    return 0;
}

/* Text of an HTML fragment: tags dropped, a few entities decoded, spaces
 * collapsed, trailing punctuation and "excluding" cut; bounded. */
static char *html_text(const char *s, size_t n)
{
    static const struct {
        const char *e, *r;
    } ents[] = {{"&amp;", "&"},
                {"&nbsp;", " "},
                {"&rsquo;", "\xE2\x80\x99"},
                {"&lsquo;", "\xE2\x80\x98"},
                {"&quot;", "\""},
                {"&#39;", "'"},
                {"&eacute;", "\xC3\xA9"},
                {"&lt;", "<"},
                {"&gt;", ">"},
                {"&aacute;", "\xC3\xA1"},
                {"&iacute;", "\xC3\xAD"},
                {"&oacute;", "\xC3\xB3"},
                {"&uacute;", "\xC3\xBA"},
                {"&ntilde;", "\xC3\xB1"},
                {"&egrave;", "\xC3\xA8"},
                {"&agrave;", "\xC3\xA0"},
                {"&ccedil;", "\xC3\xA7"},
                {"&ecirc;", "\xC3\xAA"}};
    char *o = malloc(n + 1);
    size_t k = 0;
    int tag = 0, space = 1;
    if (!o)
        return NULL;
    for (size_t i = 0; i < n && k < MAX_REGION_TEXT; i++) {
        char c = s[i];
        if (tag) {
            tag = c != '>';
            continue;
        }
        if (c == '<') {
            tag = 1;
            if (!space)
                o[k++] = ' ', space = 1;
            continue;
        }
        if (c == '&') {
            size_t e;
            for (e = 0; e < sizeof ents / sizeof ents[0]; e++) {
                size_t l = strlen(ents[e].e);
                if (i + l <= n && !strncmp(s + i, ents[e].e, l)) {
                    size_t rl = strlen(ents[e].r);
                    if (k + rl < MAX_REGION_TEXT) {
                        memcpy(o + k, ents[e].r, rl);
                        k += rl;
                    }
                    i += l - 1;
                    space = ents[e].r[0] == ' ';
                    break;
                }
            }
            if (e < sizeof ents / sizeof ents[0])
                continue;
        }
        if ((unsigned char)c < 0x20 || c == ' ') {
            if (!space)
                o[k++] = ' ', space = 1;
            continue;
        }
        o[k++] = c;
        space = 0;
    }
    if (k >= MAX_REGION_TEXT) /* a character cut by the bound */
        k = vg_utf8_whole(o, k);
    while (k > 0 && o[k - 1] && strchr(" .;:,", o[k - 1]))
        k--;
    o[k] = '\0';
    return o;
}

/* Top-level list items of the regional containers of `html`. */
static int regions_of(const char *html, vg_official_region **out, size_t *n)
{
    const char *p = html, *next;
    size_t cap = 0;
    int first = 1;
    if (!html)
        return VG_OK;
    p = strstr(p, "AdvisoryContainer");
    while (p) {
        const char *end;
        const char *h3, *h3e;
        int level = 0;
        next = strstr(p + 17, "AdvisoryContainer");
        end = next ? next : p + strlen(p);
        /* the first container is the country-wide advisory */
        if (first && !has_ci(p, (size_t)(end - p > 40 ? 40 : end - p), "regional")) {
            first = 0;
            p = next;
            continue;
        }
        first = 0;
        if ((h3 = strstr(p, "<h3")) && h3 < end && (h3e = strstr(h3, "</h3>")) && h3e < end)
            level = level_in(h3, (size_t)(h3e - h3));
        if (!level)
            level = level_in(p, (size_t)(end - p));
        {
            int depth = 0;
            for (const char *q = p; q < end; q++) {
                if (*q != '<')
                    continue;
                if (!strncasecmp(q, "<ul", 3) || !strncasecmp(q, "<ol", 3))
                    depth++;
                else if (!strncasecmp(q, "</ul", 4) || !strncasecmp(q, "</ol", 4))
                    depth--;
                else if (!strncasecmp(q, "<li", 3) && depth == 1 && level) {
                    /* the item's own text: up to its end or a nested list */
                    const char *s = strchr(q, '>'), *e = s;
                    char *t;
                    if (!s || s >= end)
                        break;
                    s++;
                    for (e = s; e < end; e++)
                        if (*e == '<' && (!strncasecmp(e, "</li", 4) || !strncasecmp(e, "<ul", 3) ||
                                          !strncasecmp(e, "<ol", 3) || !strncasecmp(e, "<li", 3)))
                            break;
                    if (!(t = html_text(s, (size_t)(e - s))))
                        return VG_ENOMEM;
                    if (strlen(t) < 2) {
                        free(t);
                        continue;
                    }
                    if (*n >= MAX_REGIONS) {
                        free(t);
                        return VG_OK;
                    }
                    if (*n == cap) {
                        size_t nc = cap ? cap * 2 : 16;
                        vg_official_region *nv = realloc(*out, nc * sizeof **out);
                        if (!nv) {
                            free(t);
                            return VG_ENOMEM;
                        }
                        *out = nv;
                        cap = nc;
                    }
                    (*out)[*n].level = level;
                    (*out)[*n].text_en = t;
                    (*out)[*n].text_fr = NULL;
                    (*n)++;
                }
            }
        }
        p = next;
    }
    return VG_OK;
}

/* The French items of the same containers, matched index by index to the
 * English ones (same structure in both languages). */
static int french_regions(const char *html, vg_official_region *v, size_t n)
{
    vg_official_region *fr = NULL;
    size_t nfr = 0;
    int rc = regions_of(html, &fr, &nfr);
    if (rc == VG_OK && nfr == n)
        for (size_t i = 0; i < n; i++) {
            if (fr[i].level == v[i].level) {
                v[i].text_fr = fr[i].text_en;
                fr[i].text_en = NULL;
            }
        }
    for (size_t i = 0; i < nfr; i++)
        free(fr[i].text_en);
    free(fr);
    return rc;
}

/* ---- the files ---- */

static void official_clear(vg_official *o)
{
    free(o->name_en);
    free(o->name_fr);
    for (size_t i = 0; i < o->nregions; i++) {
        free(o->regions[i].text_en);
        free(o->regions[i].text_fr);
    }
    free(o->regions);
    memset(o, 0, sizeof *o);
}

void vg_official_free(vg_official *o)
{
    if (o) {
        official_clear(o);
        free(o);
    }
}

void vg_advisory_file_free(vg_advisory_file *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++)
        official_clear(&f->v[i]);
    free(f->v);
    free(f);
}

static int is_iso(const char *s)
{
    return s && strlen(s) == 2 && isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]);
}

/* One country object of either file into `o`; the message names `where`. */
static int read_country(const char *name, const char *where, const vj_node *c, int detailed,
                        int64_t latest_ok, vg_official *o)
{
    const char *iso = vj_str(vj_get(c, "country-iso"));
    const vj_node *eng = vj_get(c, "eng"), *fra = vj_get(c, "fra");
    int64_t state, reg = 0;
    if (c->kind != VJ_OBJECT)
        return vg_error_set(VG_EINVALID, _("%s: %s is not an object"), name, where);
    if (!is_iso(iso))
        return vg_error_set(VG_EINVALID, _("%s: %s: country-iso is missing or not a country code"),
                            name, where);
    memcpy(o->country, iso, 3);
    if (!vj_int(vj_get(c, "advisory-state"), &state) || state < 0 || state > 3)
        return vg_error_set(VG_EINVALID, _("%s: %s: advisory-state is missing or not 0 to 3"), name,
                            iso);
    o->level = (int)state + 1;
    if (!when_of(vj_get(c, "date-published"), &o->published))
        return vg_error_set(VG_EINVALID, _("%s: %s: date-published is missing or not a date"), name,
                            iso);
    if (o->published > latest_ok)
        return vg_error_set(VG_EINVALID, _("%s: %s: date-published is in the future"), name, iso);
    if (vj_int(vj_get(c, "has-regional-advisory"), &reg))
        o->has_regional = reg != 0;
    o->name_en = clean(vj_str(vj_get(eng, "name")), MAX_NAME);
    if (!o->name_en)
        o->name_en = clean(vj_str(vj_get(c, "country-eng")), MAX_NAME);
    o->name_fr = clean(vj_str(vj_get(fra, "name")), MAX_NAME);
    if (!o->name_fr)
        o->name_fr = clean(vj_str(vj_get(c, "country-fra")), MAX_NAME);
    o->detailed = detailed;
    if (detailed) {
        int rc = regions_of(vj_str(vj_get(eng, "advisories")), &o->regions, &o->nregions);
        if (rc == VG_OK && o->nregions)
            rc = french_regions(vj_str(vj_get(fra, "advisories")), o->regions, o->nregions);
        if (rc != VG_OK)
            return rc;
        if (o->nregions)
            o->has_regional = 1;
    }
    return VG_OK;
}

int vg_advisory_parse(const char *name, const void *text, size_t len, vg_advisory_file **out)
{
    char err[200];
    vj_node *root;
    const vj_node *data, *gen;
    vg_advisory_file *f;
    int64_t now = (int64_t)time(NULL), latest_ok = now + 2 * 86400;
    int rc = VG_OK;
    *out = NULL;
    if (len > VG_ADVISORY_MAX_BYTES)
        return vg_error_set(VG_EINVALID, _("%s: larger than %d MiB: not an advisory file"), name,
                            VG_ADVISORY_MAX_BYTES / (1024 * 1024));
    if (!(root = vj_parse(text, len, err, sizeof err)))
        return vg_error_set(VG_EINVALID, _("%s: not valid JSON: %s"), name, err);
    data = vj_get(root, "data");
    if (!data || data->kind != VJ_OBJECT) {
        vj_free(root);
        return vg_error_set(VG_EINVALID,
                            _("%s: no \"data\" object: not Canada's travel advisory data"), name);
    }
    if (!(f = calloc(1, sizeof *f))) {
        vj_free(root);
        return vg_error_oom();
    }
    gen = vj_get(vj_get(root, "metadata"), "generated");
    if (gen && when_of(gen, &f->generated)) {
        if (f->generated > latest_ok) {
            rc = vg_error_set(VG_EINVALID, _("%s: the file's generation date is in the future"),
                              name);
            goto done;
        }
        f->generated_known = 1;
    }
    if (vj_get(data, "country-iso")) { /* one destination */
        f->kind = VG_ADVISORY_DESTINATION;
        if (!(f->v = calloc(1, sizeof *f->v))) {
            rc = vg_error_oom();
            goto done;
        }
        f->n = 1;
        rc = read_country(name, "data", data, 1, latest_ok, &f->v[0]);
    } else {
        f->kind = VG_ADVISORY_INDEX;
        if (data->n == 0 || data->n > MAX_COUNTRIES) {
            rc = vg_error_set(VG_EINVALID, _("%s: %zu destinations (expected 1 to %d)"), name,
                              data->n, MAX_COUNTRIES);
            goto done;
        }
        if (!(f->v = calloc(data->n, sizeof *f->v))) {
            rc = vg_error_oom();
            goto done;
        }
        for (const vj_node *c = data->first; c && rc == VG_OK; c = c->next) {
            rc = read_country(name, c->key, c, 0, latest_ok, &f->v[f->n]);
            f->n++;
            if (rc == VG_OK && strcmp(c->key, f->v[f->n - 1].country))
                rc = vg_error_set(VG_EINVALID, _("%s: the entry \"%.8s\" holds country %s"), name,
                                  c->key, f->v[f->n - 1].country);
            for (size_t k = 0; rc == VG_OK && k + 1 < f->n; k++)
                if (!strcmp(f->v[k].country, f->v[f->n - 1].country))
                    rc = vg_error_set(VG_EINVALID, _("%s: country %s appears twice"), name,
                                      f->v[k].country);
        }
    }
    if (rc == VG_OK && !f->generated_known)
        for (size_t i = 0; i < f->n; i++)
            if (f->v[i].published > f->generated)
                f->generated = f->v[i].published;
done:
    vj_free(root);
    if (rc != VG_OK) {
        vg_advisory_file_free(f);
        return rc;
    }
    *out = f;
    return VG_OK;
}

/* ---- the store ---- */

void vg_advisory_import_result_free(vg_advisory_import_result *res)
{
    if (res) {
        free(res->changes);
        memset(res, 0, sizeof *res);
    }
}

static int load_regions(vg_store *st, const char *cc, vg_official *o)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s,
                            "SELECT level, text_en, text_fr FROM advisory_region WHERE country = ?1"
                            " ORDER BY idx");
    size_t cap = 0;
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_text(s, 1, cc, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (o->nregions == cap) {
            size_t nc = cap ? cap * 2 : 16;
            vg_official_region *nv = realloc(o->regions, nc * sizeof *nv);
            if (!nv) {
                sqlite3_finalize(s);
                return vg_error_oom();
            }
            o->regions = nv;
            cap = nc;
        }
        o->regions[o->nregions].level = sqlite3_column_int(s, 0);
        o->regions[o->nregions].text_en = vg_sql_col_dup(s, 1);
        o->regions[o->nregions].text_fr = vg_sql_col_dup(s, 2);
        o->nregions++;
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "advisory_region");
    sqlite3_finalize(s);
    return rc;
}

int vg_advisory_get(vg_store *st, const char *country, vg_official **out, int64_t *generated,
                    int64_t *imported_at)
{
    sqlite3_stmt *s = NULL;
    vg_official *o;
    char cc[3] = {0};
    int rc;
    *out = NULL;
    if (!country || strlen(country) != 2)
        return vg_error_set(VG_EINVALID, _("\"%s\" is not a country code"), country ? country : "");
    cc[0] = (char)toupper((unsigned char)country[0]);
    cc[1] = (char)toupper((unsigned char)country[1]);
    if ((rc = vg_sql_prepare(
             st, &s,
             "SELECT level, published, has_regional, name_en, name_fr, detailed,"
             " generated, imported_at FROM advisory_official WHERE country = ?1")) != VG_OK)
        return rc;
    sqlite3_bind_text(s, 1, cc, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        sqlite3_finalize(s);
        return vg_error_set(VG_ENOTFOUND,
                            _("no official advisory data for %s: run 'vigie guide "
                              "advisories import'"),
                            cc);
    }
    if (rc != SQLITE_ROW) {
        rc = vg_sql_fail(st, rc, "advisory_official");
        sqlite3_finalize(s);
        return rc;
    }
    if (!(o = calloc(1, sizeof *o))) {
        sqlite3_finalize(s);
        return vg_error_oom();
    }
    memcpy(o->country, cc, 3);
    o->level = sqlite3_column_int(s, 0);
    o->published = sqlite3_column_int64(s, 1);
    o->has_regional = sqlite3_column_int(s, 2);
    o->name_en = vg_sql_col_dup(s, 3);
    o->name_fr = vg_sql_col_dup(s, 4);
    o->detailed = sqlite3_column_int(s, 5);
    if (generated)
        *generated = sqlite3_column_int64(s, 6);
    if (imported_at)
        *imported_at = sqlite3_column_int64(s, 7);
    sqlite3_finalize(s);
    if (o->detailed && (rc = load_regions(st, cc, o)) != VG_OK) {
        vg_official_free(o);
        return rc;
    }
    *out = o;
    return VG_OK;
}

static int regions_equal(const vg_official *a, const vg_official *b)
{
    if (a->nregions != b->nregions)
        return 0;
    for (size_t i = 0; i < a->nregions; i++)
        if (a->regions[i].level != b->regions[i].level ||
            strcmp(a->regions[i].text_en ? a->regions[i].text_en : "",
                   b->regions[i].text_en ? b->regions[i].text_en : ""))
            return 0;
    return 1;
}

static int store_one(vg_store *st, const vg_official *o, int64_t generated)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s,
                            "INSERT OR REPLACE INTO advisory_official (country, level, published, "
                            "has_regional, name_en,"
                            " name_fr, detailed, generated, imported_at, imported_by)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_text(s, 1, o->country, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, o->level);
    sqlite3_bind_int64(s, 3, o->published);
    sqlite3_bind_int(s, 4, o->has_regional);
    vg_sql_bind_text(s, 5, o->name_en);
    vg_sql_bind_text(s, 6, o->name_fr);
    sqlite3_bind_int(s, 7, o->detailed);
    sqlite3_bind_int64(s, 8, generated);
    sqlite3_bind_int64(s, 9, vg_now());
    sqlite3_bind_text(s, 10, vg_actor(), -1, SQLITE_STATIC);
    rc = vg_sql_step_done(st, s, "advisory_official");
    sqlite3_finalize(s);
    if (rc != VG_OK || !o->detailed)
        return rc;
    if ((rc = vg_sql_prepare(st, &s, "DELETE FROM advisory_region WHERE country = ?1")) != VG_OK)
        return rc;
    sqlite3_bind_text(s, 1, o->country, -1, SQLITE_STATIC);
    rc = vg_sql_step_done(st, s, "advisory_region");
    sqlite3_finalize(s);
    for (size_t i = 0; rc == VG_OK && i < o->nregions; i++) {
        if ((rc = vg_sql_prepare(
                 st, &s,
                 "INSERT INTO advisory_region (country, idx, level, text_en, text_fr)"
                 " VALUES (?1, ?2, ?3, ?4, ?5)")) != VG_OK)
            return rc;
        sqlite3_bind_text(s, 1, o->country, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, (int64_t)i);
        sqlite3_bind_int(s, 3, o->regions[i].level);
        vg_sql_bind_text(s, 4, o->regions[i].text_en);
        vg_sql_bind_text(s, 5, o->regions[i].text_fr);
        rc = vg_sql_step_done(st, s, "advisory_region");
        sqlite3_finalize(s);
    }
    return rc;
}

int vg_advisory_store(vg_store *st, const vg_advisory_file *f, vg_advisory_import_result *res)
{
    int rc = VG_OK;
    char detail[160];
    memset(res, 0, sizeof *res);
    res->countries = f->n;
    if (f->n && !(res->changes = calloc(f->n, sizeof *res->changes)))
        return vg_error_oom();
    for (size_t i = 0; i < f->n && rc == VG_OK; i++) {
        const vg_official *o = &f->v[i];
        vg_official *old = NULL;
        vg_advisory_change *c = &res->changes[res->nchanges];
        int had = vg_advisory_get(st, o->country, &old, NULL, NULL);
        if (had != VG_OK && had != VG_ENOTFOUND) {
            rc = had;
            break;
        }
        memset(c, 0, sizeof *c);
        memcpy(c->country, o->country, 3);
        snprintf(c->name, sizeof c->name, "%s", o->name_en ? o->name_en : o->country);
        snprintf(c->name_fr, sizeof c->name_fr, "%s", o->name_fr ? o->name_fr : "");
        c->new_level = o->level;
        c->new_published = o->published;
        if (old) {
            c->old_level = old->level;
            c->old_published = old->published;
        }
        if (old && old->published > o->published) {
            c->older_kept = 1; /* never go back to older data */
            res->nchanges++;
            vg_official_free(old);
            continue;
        }
        if (old && !o->detailed && old->detailed && old->published == o->published) {
            /* the index says nothing new: keep the regions read before */
            vg_official_free(old);
            continue;
        }
        c->regions_changed = o->detailed && (!old || !old->detailed || !regions_equal(old, o));
        if (!old || old->level != o->level || old->published != o->published || c->regions_changed)
            res->nchanges++;
        vg_official_free(old);
        rc = store_one(st, o, f->generated);
        if (rc == VG_OK)
            res->stored++;
    }
    if (rc != VG_OK)
        return rc;
    snprintf(detail, sizeof detail, "%s, %zu destinations, %zu changed",
             f->kind == VG_ADVISORY_INDEX ? "index" : "destination", f->n, res->nchanges);
    return vg_audit_append(st, "advisory.import", f->n == 1 ? f->v[0].country : "index", detail);
}

/* ---- comparison with the guides ---- */

void vg_advisory_cmp_free(vg_advisory_cmp *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nregion_diffs; i++)
        free(c->region_diffs[i]);
    free(c->region_diffs);
    memset(c, 0, sizeof *c);
}

/* Lowercase ASCII letters and digits of `s` with accents folded (UTF-8
 * Latin-1 letters), spaces kept: for matching region names. */
static void fold(char *o, size_t cap, const char *s)
{
    static const char *from[] = {"á", "à", "â", "é", "è", "ê", "ë", "í", "î", "ï", "ó", "ô",
                                 "ú", "ù", "û", "ü", "ñ", "ç", "Á", "É", "Í", "Ó", "Ú", "Ñ"};
    static const char to[] = "aaaeeeeiiiooouuuuncaeioun";
    size_t k = 0;
    while (*s && k + 1 < cap) {
        size_t i;
        for (i = 0; i < sizeof from / sizeof from[0]; i++) {
            size_t l = strlen(from[i]);
            if (!strncmp(s, from[i], l)) {
                o[k++] = to[i];
                s += l;
                break;
            }
        }
        if (i < sizeof from / sizeof from[0])
            continue;
        if (isalnum((unsigned char)*s))
            o[k++] = (char)tolower((unsigned char)*s);
        else if (k && o[k - 1] != ' ')
            o[k++] = ' ';
        s++;
    }
    while (k && o[k - 1] == ' ')
        k--;
    o[k] = '\0';
}

/* The place an official item names: its text up to the first comma or
 * "excluding", without a leading article. */
static void key_of(char *o, size_t cap, const char *item)
{
    char f[MAX_REGION_TEXT + 1], *cut;
    static const char *const arts[] = {"the ", "le ", "la ", "les ", "l ", NULL};
    fold(f, sizeof f, item);
    for (const char *const *w = (const char *const[]){" excluding", " a l exclusion", " within",
                                                      " a moins de", " in ", " dans ", " a ", NULL};
         *w; w++)
        if ((cut = strstr(f, *w)))
            *cut = '\0';
    if ((cut = strchr(item, ','))) { /* up to the first comma of the original */
        char head[MAX_REGION_TEXT + 1];
        size_t n = (size_t)(cut - item);
        memcpy(head, item, n);
        head[n] = '\0';
        fold(f, sizeof f, head);
    }
    for (int i = 0; arts[i]; i++)
        if (!strncmp(f, arts[i], strlen(arts[i])))
            memmove(f, f + strlen(arts[i]), strlen(f + strlen(arts[i])) + 1);
    snprintf(o, cap, "%s", f);
}

/* The official item's place (key_of) names guide region `r` exactly: it is
 * the region's main name (before " (", " :", ","), or one of its places. */
static int key_matches(const vg_guide_region *r, const char *key)
{
    char *k = vg_text_key(key, VG_KEY_NAME), *main = NULL, *pk;
    size_t n = strcspn(r->name, "(:,");
    int m = 0;
    if (!k || !*k || !(main = strndup(r->name, n)))
        goto done;
    pk = vg_text_key(main, VG_KEY_NAME);
    m = pk && !strcmp(pk, k);
    free(pk);
    for (size_t i = 0; !m && i < r->nplaces; i++) {
        pk = vg_text_key(r->places[i], VG_KEY_NAME);
        m = pk && !strcmp(pk, k);
        free(pk);
    }
done:
    free(k);
    free(main);
    return m;
}

static int add_diff(vg_advisory_cmp *c, const char *text)
{
    char **nv;
    if (c->nregion_diffs >= 200)
        return VG_OK;
    if (!(nv = realloc(c->region_diffs, (c->nregion_diffs + 1) * sizeof *nv)))
        return vg_error_oom();
    c->region_diffs = nv;
    if (!(nv[c->nregion_diffs] = strdup(text)))
        return vg_error_oom();
    c->nregion_diffs++;
    return VG_OK;
}

int vg_advisory_compare(vg_store *st, const char *data_dir, const char *country, const char *lang,
                        vg_advisory_cmp *out, int *attention)
{
    vg_official *o = NULL;
    vg_guide *g = NULL;
    int64_t generated = 0;
    int rc;
    memset(out, 0, sizeof *out);
    if (attention)
        *attention = 0;
    if ((rc = vg_advisory_get(st, country, &o, &generated, NULL)) != VG_OK)
        return rc;
    if ((rc = vg_guide_get(st, data_dir, o->country, lang ? lang : "fr", &g)) != VG_OK) {
        vg_official_free(o);
        return rc;
    }
    memcpy(out->country, o->country, 3);
    out->official_level = o->level;
    out->official_published = o->published;
    out->generated = generated;
    out->guide_level = g->advisory.level;
    out->guide_reviewed = g->reviewed;
    snprintf(out->guide_version, sizeof out->guide_version, "%s", g->version ? g->version : "");
    out->level_differs = o->level != g->advisory.level;
    /* the official day, in Ottawa's terms close enough: UTC */
    out->newer_than_guide = (int32_t)(o->published / 86400) > g->reviewed;
    if (o->detailed) {
        int fr = !strcmp(g->lang, "fr");
        char *matched = calloc(g->advisory.nregions + 1, 1);
        char msg[1024];
        if (!matched) {
            rc = vg_error_oom();
            goto done;
        }
        for (size_t i = 0; i < o->nregions && rc == VG_OK; i++) {
            const vg_official_region *r = &o->regions[i];
            const char *text = fr && r->text_fr ? r->text_fr : r->text_en;
            char k1[MAX_REGION_TEXT + 1] = "", k2[MAX_REGION_TEXT + 1] = "";
            size_t hit = (size_t)-1;
            if (r->text_en)
                key_of(k1, sizeof k1, r->text_en);
            if (r->text_fr)
                key_of(k2, sizeof k2, r->text_fr);
            for (size_t j = 0; j < g->advisory.nregions && hit == (size_t)-1; j++) {
                if (key_matches(&g->advisory.regions[j], k1) ||
                    key_matches(&g->advisory.regions[j], k2))
                    hit = j;
            }
            if (hit == (size_t)-1) {
                snprintf(msg, sizeof msg, _("official level %d for \"%s\": not in the guide"),
                         r->level, text ? text : "?");
                rc = add_diff(out, msg);
            } else {
                matched[hit] = 1;
                if (g->advisory.regions[hit].level != r->level) {
                    snprintf(msg, sizeof msg,
                             _("\"%s\": level %d in the guide, level %d officially (\"%s\")"),
                             g->advisory.regions[hit].name, g->advisory.regions[hit].level,
                             r->level, text ? text : "?");
                    rc = add_diff(out, msg);
                }
            }
        }
        for (size_t j = 0; j < g->advisory.nregions && rc == VG_OK; j++)
            if (!matched[j] && g->advisory.regions[j].level >= 3) {
                snprintf(msg, sizeof msg,
                         _("\"%s\" (level %d in the guide): no such regional advisory officially"),
                         g->advisory.regions[j].name, g->advisory.regions[j].level);
                rc = add_diff(out, msg);
            }
        free(matched);
    }
    if (attention)
        *attention = out->level_differs || out->newer_than_guide || out->nregion_diffs > 0;
done:
    if (rc != VG_OK)
        vg_advisory_cmp_free(out);
    vg_official_free(o);
    vg_guide_free(g);
    return rc;
}

int vg_advisory_parse_file(const char *path, vg_advisory_file **out)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    int rc = vg_file_read(path, VG_ADVISORY_MAX_BYTES, &buf, &len);
    *out = NULL;
    if (rc != VG_OK)
        return rc;
    rc = vg_advisory_parse(path, buf, len, out);
    free(buf);
    return rc;
}
