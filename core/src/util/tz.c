/* Time zones from the system's zone database (tzdata), read directly from
 * its TZif files (RFC 8536), so that the process's TZ is never changed:
 * glibc reads zones only through TZ, and switching it once made "today"
 * depend on whichever delegation was looked up last.
 *
 * A TZif file (version 2 or later) holds a 32-bit section, then a 64-bit
 * section with the transitions (instant, index of a local-time type) and
 * the types (UTC offset, DST flag), then a footer: a POSIX TZ string
 * ("EST5EDT,M3.2.0,M11.1.0") for instants after the last transition. Only
 * the 64-bit section and the footer are used. Every count is checked against
 * the file's length; files over 256 KiB are refused.
 *
 * Loaded zones are kept (a status report looks up the same zone hundreds of
 * times). Not thread-safe; vigie is single-threaded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>

#include "util/fileio.h"
#include "util/i18n.h"
#include "util/tz.h"

#define ZONE_FILE_MAX (256 * 1024)
#define ZONE_CACHE    16
#define ZONEINFO      "/usr/share/zoneinfo/"

/* A POSIX TZ rule: "Mm.w.d", "Jn" or "n", and the local time it applies at. */
typedef struct {
    char kind; /* 'M', 'J' or 'N' */
    int m, w, d, n;
    long time; /* seconds after local midnight (may be negative or > 24 h) */
} tz_rule;

typedef struct {
    int ok;       /* parsed */
    long std_off; /* seconds east of UTC */
    long dst_off;
    int has_dst;
    tz_rule start, end;
} tz_posix;

typedef struct {
    char name[72];
    int64_t *at; /* transitions, ascending */
    unsigned char *idx;
    size_t n;
    long *off;
    unsigned char *isdst;
    size_t ntypes;
    tz_posix footer;
} tz_zone;

static tz_zone *cache[ZONE_CACHE];
static size_t cached, next_evict;

/* ---- POSIX TZ strings ---- */

static const char *posix_name(const char *s)
{
    if (*s == '<') {
        const char *e = strchr(s, '>');
        return e ? e + 1 : NULL;
    }
    {
        const char *p = s;
        while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
            p++;
        return p - s >= 3 ? p : NULL;
    }
}

/* [+-]hh[:mm[:ss]] into seconds; NULL on a bad time. */
static const char *posix_time(const char *s, long *out)
{
    long sign = 1, h = 0, m = 0, sec = 0;
    if (*s == '+' || *s == '-')
        sign = *s++ == '-' ? -1 : 1;
    if (*s < '0' || *s > '9')
        return NULL;
    while (*s >= '0' && *s <= '9' && h < 1000)
        h = h * 10 + (*s++ - '0');
    if (*s == ':') {
        s++;
        if (*s < '0' || *s > '9')
            return NULL;
        while (*s >= '0' && *s <= '9' && m < 100)
            m = m * 10 + (*s++ - '0');
        if (*s == ':') {
            s++;
            while (*s >= '0' && *s <= '9' && sec < 100)
                sec = sec * 10 + (*s++ - '0');
        }
    }
    if (h > 167 || m > 59 || sec > 59)
        return NULL;
    *out = sign * (h * 3600 + m * 60 + sec);
    return s;
}

static const char *posix_num(const char *s, int *out, int max)
{
    int v = 0;
    if (*s < '0' || *s > '9')
        return NULL;
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (*s++ - '0');
        if (v > max)
            return NULL;
    }
    *out = v;
    return s;
}

static const char *posix_rule(const char *s, tz_rule *r)
{
    r->time = 7200;
    if (*s == 'M') {
        r->kind = 'M';
        if (!(s = posix_num(s + 1, &r->m, 12)) || *s++ != '.' || !(s = posix_num(s, &r->w, 5)) ||
            *s++ != '.' || !(s = posix_num(s, &r->d, 6)) || r->m < 1 || r->w < 1)
            return NULL;
    } else if (*s == 'J') {
        r->kind = 'J';
        if (!(s = posix_num(s + 1, &r->n, 365)) || r->n < 1)
            return NULL;
    } else {
        r->kind = 'N';
        if (!(s = posix_num(s, &r->n, 365)))
            return NULL;
    }
    if (*s == '/' && !(s = posix_time(s + 1, &r->time)))
        return NULL;
    return s;
}

/* Parse "STDoffset[DST[offset][,start[/time],end[/time]]]". */
static void posix_parse(const char *s, tz_posix *p)
{
    long off;
    memset(p, 0, sizeof *p);
    if (!(s = posix_name(s)) || !(s = posix_time(s, &off)))
        return;
    p->std_off = -off; /* POSIX offsets count west of UTC */
    if (*s == '\0') {
        p->ok = 1;
        return;
    }
    if (!(s = posix_name(s)))
        return;
    p->dst_off = p->std_off + 3600;
    if (*s && *s != ',') {
        if (!(s = posix_time(s, &off)))
            return;
        p->dst_off = -off;
    }
    if (*s == '\0') { /* no rule: the US rules, as glibc assumes */
        p->start = (tz_rule){'M', 3, 2, 0, 0, 7200};
        p->end = (tz_rule){'M', 11, 1, 0, 0, 7200};
    } else if (*s != ',' || !(s = posix_rule(s + 1, &p->start)) || *s != ',' ||
               !(s = posix_rule(s + 1, &p->end)) || *s != '\0') {
        return;
    }
    p->has_dst = 1;
    p->ok = 1;
}

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Local seconds since the epoch at which rule `r` fires in year `y`. */
static int64_t rule_local(const tz_rule *r, int64_t y)
{
    int64_t day;
    if (r->kind == 'J') {
        day = vg_days_from_civil(y, 1, 1) + r->n - 1;
        if (is_leap(y) && r->n >= 60)
            day++;
    } else if (r->kind == 'N') {
        day = vg_days_from_civil(y, 1, 1) + r->n;
    } else {
        static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int64_t first = vg_days_from_civil(y, (unsigned)r->m, 1);
        int wd = (int)(((first % 7) + 11) % 7); /* 1970-01-01 was a Thursday (4) */
        int len = mdays[r->m - 1] + (r->m == 2 && is_leap(y));
        int dom = 1 + (r->d - wd + 7) % 7 + (r->w - 1) * 7;
        while (dom > len)
            dom -= 7;
        day = first + dom - 1;
    }
    return day * 86400 + r->time;
}

static long posix_offset(const tz_posix *p, int64_t t, int *isdst)
{
    int64_t days, y, start, end;
    int yy;
    unsigned m, d;
    *isdst = 0;
    if (!p->has_dst)
        return p->std_off;
    days = (t + p->std_off) >= 0 ? (t + p->std_off) / 86400 : ((t + p->std_off) - 86399) / 86400;
    vg_civil_from_days(days, &yy, &m, &d);
    y = yy;
    start = rule_local(&p->start, y) - p->std_off;
    end = rule_local(&p->end, y) - p->dst_off;
    if (start < end)
        *isdst = t >= start && t < end;
    else
        *isdst = !(t >= end && t < start);
    return *isdst ? p->dst_off : p->std_off;
}

/* ---- TZif files ---- */

static uint64_t be(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

static void zone_free(tz_zone *z)
{
    if (!z)
        return;
    free(z->at);
    free(z->idx);
    free(z->off);
    free(z->isdst);
    free(z);
}

/* Counts of a header at `h` (44 bytes): isutcnt, isstdcnt, leapcnt,
 * timecnt, typecnt, charcnt; the size of the data block that follows. */
static int header(const unsigned char *h, size_t avail, int tsize, uint64_t c[6], uint64_t *size)
{
    if (avail < 44 || memcmp(h, "TZif", 4))
        return -1;
    for (int i = 0; i < 6; i++)
        c[i] = be(h + 20 + 4 * i, 4);
    if (c[3] > 100000 || c[4] == 0 || c[4] > 256 || c[5] > 100000 || c[2] > 10000 || c[0] > c[4] ||
        c[1] > c[4])
        return -1;
    *size = c[3] * (uint64_t)tsize + c[3] + c[4] * 6 + c[5] + c[2] * (uint64_t)(tsize + 4) + c[1] +
            c[0];
    return 44 + *size <= avail ? 0 : -1;
}

static tz_zone *zone_parse(const unsigned char *b, size_t len, const char *name)
{
    uint64_t c[6], size;
    const unsigned char *p, *types;
    tz_zone *z = NULL;
    if (header(b, len, 4, c, &size) != 0 || b[4] < '2')
        return NULL;
    p = b + 44 + size; /* the 64-bit section */
    if (header(p, len - (size_t)(p - b), 8, c, &size) != 0)
        return NULL;
    if (!(z = calloc(1, sizeof *z)))
        return NULL;
    snprintf(z->name, sizeof z->name, "%s", name);
    z->n = (size_t)c[3];
    z->ntypes = (size_t)c[4];
    z->at = malloc(sizeof *z->at * (z->n ? z->n : 1));
    z->idx = malloc(z->n ? z->n : 1);
    z->off = malloc(sizeof *z->off * z->ntypes);
    z->isdst = malloc(z->ntypes);
    if (!z->at || !z->idx || !z->off || !z->isdst)
        goto bad;
    p += 44;
    for (size_t i = 0; i < z->n; i++) {
        z->at[i] = (int64_t)be(p + 8 * i, 8);
        if (i && z->at[i] <= z->at[i - 1])
            goto bad;
    }
    p += 8 * z->n;
    for (size_t i = 0; i < z->n; i++)
        if ((z->idx[i] = p[i]) >= z->ntypes)
            goto bad;
    p += z->n;
    types = p;
    for (size_t i = 0; i < z->ntypes; i++) {
        int32_t off = (int32_t)(uint32_t)be(types + 6 * i, 4);
        if (off < -89999 || off > 93599)
            goto bad;
        z->off[i] = off;
        z->isdst[i] = types[6 * i + 4] != 0;
    }
    p += 6 * z->ntypes + c[5] + c[2] * 12 + c[1] + c[0];
    /* footer: "\nTZ\n" */
    if ((size_t)(p - b) < len && *p == '\n') {
        const unsigned char *e = memchr(p + 1, '\n', len - (size_t)(p - b) - 1);
        if (e && e - p - 1 < 128) {
            char tz[128];
            memcpy(tz, p + 1, (size_t)(e - p - 1));
            tz[e - p - 1] = '\0';
            if (tz[0])
                posix_parse(tz, &z->footer);
        }
    }
    return z;
bad:
    zone_free(z);
    return NULL;
}

static int name_ok(const char *tz)
{
    if (!tz || !*tz || tz[0] == '/' || strstr(tz, "..") || strlen(tz) > 64)
        return 0;
    for (const char *p = tz; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '/' || *p == '_' || *p == '-' || *p == '+'))
            return 0;
    return 1;
}

static tz_zone *zone_load_path(const char *path, const char *name)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    tz_zone *z = NULL;
    vg_error_state e; /* a missing zone file is not an error of the caller's */
    vg_error_save(&e, VG_OK);
    if (vg_file_read(path, ZONE_FILE_MAX, &buf, &len) == VG_OK)
        z = zone_parse(buf, len, name);
    free(buf);
    vg_error_restore(&e);
    return z;
}

/* The zone named `tz`, loaded once. NULL if it is not a zone. */
static const tz_zone *zone_get(const char *tz)
{
    char path[128];
    tz_zone *z;
    for (size_t i = 0; i < cached; i++)
        if (!strcmp(cache[i]->name, tz))
            return cache[i];
    if (!name_ok(tz))
        return NULL;
    snprintf(path, sizeof path, ZONEINFO "%s", tz);
    if (!(z = zone_load_path(path, tz)))
        return NULL;
    if (cached < ZONE_CACHE) {
        cache[cached++] = z;
    } else {
        zone_free(cache[next_evict]);
        cache[next_evict] = z;
        next_evict = (next_evict + 1) % ZONE_CACHE;
    }
    return z;
}

static long zone_offset(const tz_zone *z, int64_t t)
{
    size_t lo = 0, hi = z->n;
    int dst;
    if (z->n == 0 || t >= z->at[z->n - 1]) {
        if (z->footer.ok)
            return posix_offset(&z->footer, t, &dst);
        if (z->n == 0) {
            for (size_t i = 0; i < z->ntypes; i++)
                if (!z->isdst[i])
                    return z->off[i];
            return z->off[0];
        }
        return z->off[z->idx[z->n - 1]];
    }
    if (t < z->at[0]) {
        for (size_t i = 0; i < z->ntypes; i++)
            if (!z->isdst[i])
                return z->off[i];
        return z->off[0];
    }
    while (hi - lo > 1) { /* at[lo] <= t < at[hi] */
        size_t mid = lo + (hi - lo) / 2;
        if (z->at[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return z->off[z->idx[lo]];
}

int vg_tz_valid(const char *tz)
{
    return name_ok(tz) && zone_get(tz) != NULL;
}

int vg_tz_offset(long *off, int64_t t, const char *tz)
{
    const tz_zone *z = name_ok(tz) ? zone_get(tz) : NULL;
    if (!z)
        return vg_error_set(VG_EINVALID, _("unknown time zone \"%s\""), tz ? tz : "");
    *off = zone_offset(z, t);
    return VG_OK;
}

/* The user's own zone, as the C library would read it from TZ or
 * /etc/localtime, without calling it: NULL-safe, UTC when nothing fits. */
long vg_tz_user_offset(int64_t t)
{
    static tz_zone *user;
    static tz_posix user_posix;
    static int loaded;
    static char seen[128];
    const char *env = getenv("TZ");
    int dst;
    if (!loaded || strcmp(seen, env ? env : "\x01") != 0) {
        zone_free(user);
        user = NULL;
        memset(&user_posix, 0, sizeof user_posix);
        snprintf(seen, sizeof seen, "%s", env ? env : "\x01");
        loaded = 1;
        if (!env) {
            user = zone_load_path("/etc/localtime", "");
        } else if (*env) {
            const char *name = *env == ':' ? env + 1 : env;
            if (name[0] == '/')
                user = zone_load_path(name, "");
            else if (name_ok(name)) {
                char path[128];
                snprintf(path, sizeof path, ZONEINFO "%s", name);
                user = zone_load_path(path, "");
            }
            if (!user)
                posix_parse(name, &user_posix);
        }
    }
    if (user)
        return zone_offset(user, t);
    if (user_posix.ok)
        return posix_offset(&user_posix, t, &dst);
    return 0;
}

int vg_tz_from_local(int64_t *out, int64_t local, const char *tz)
{
    int skipped;
    return vg_tz_from_local_gap(out, local, tz, &skipped);
}

int vg_tz_from_local_gap(int64_t *out, int64_t local, const char *tz, int *skipped)
{
    long off1, off2;
    int rc;
    *skipped = 0;
    /* Guess with the offset at `local` read as UTC, then correct once with the
     * offset at the guess: exact outside the transition hours. */
    if ((rc = vg_tz_offset(&off1, local, tz)) != VG_OK)
        return rc;
    if ((rc = vg_tz_offset(&off2, local - off1, tz)) != VG_OK)
        return rc;
    if (off1 == off2) {
        /* Ambiguous (fall back): prefer the earlier instant if it also maps back. */
        long off3;
        int64_t alt = local - off1 - 3600;
        if (vg_tz_offset(&off3, alt, tz) == VG_OK && alt + off3 == local)
            *out = alt;
        else
            *out = local - off1;
        return VG_OK;
    }
    {
        long off3;
        int64_t t2 = local - off2;
        if (vg_tz_offset(&off3, t2, tz) == VG_OK && t2 + off3 == local)
            *out = t2;
        else { /* in a gap: the wall time never occurs; take it after the change */
            *out = local - (off1 < off2 ? off1 : off2);
            *skipped = 1;
        }
    }
    return VG_OK;
}

void vg_tz_reset(void)
{
    for (size_t i = 0; i < cached; i++)
        zone_free(cache[i]);
    cached = next_evict = 0;
}
