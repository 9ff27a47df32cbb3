#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vigie/clock.h>
#include <vigie/error.h>

#include "util/i18n.h"
#include "util/tz.h"

static int have_override;
static int64_t override_now;

int64_t vg_now(void)
{
    if (have_override)
        return override_now;
    return (int64_t)time(NULL);
}

void vg_clock_set(int64_t t)
{
    have_override = 1;
    override_now = t;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
int64_t vg_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void vg_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

static int days_in_month(int y, unsigned m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

/* Read exactly `n` digits. */
static int digits(const char **s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*s)[i]))
            return -1;
        v = v * 10 + ((*s)[i] - '0');
    }
    *s += n;
    *out = v;
    return 0;
}

static int valid_ymd(int y, int m, int d)
{
    return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= days_in_month(y, (unsigned)m);
}

int vg_date_parse(int32_t *out, const char *text)
{
    const char *s = text;
    int y, m, d;
    if (digits(&s, 4, &y) == 0 && *s == '-' && (s++, digits(&s, 2, &m) == 0) && *s == '-' &&
        (s++, digits(&s, 2, &d) == 0) && *s == '\0') {
    } else {
        s = text;
        if (!(digits(&s, 2, &d) == 0 && *s == '/' && (s++, digits(&s, 2, &m) == 0) && *s == '/' &&
              (s++, digits(&s, 4, &y) == 0) && *s == '\0'))
            return vg_error_set(VG_EINVALID, _("\"%s\" is not a date (YYYY-MM-DD)"), text);
    }
    if (!valid_ymd(y, m, d))
        return vg_error_set(VG_EINVALID, _("\"%s\" is not a date (YYYY-MM-DD)"), text);
    *out = (int32_t)vg_days_from_civil(y, (unsigned)m, (unsigned)d);
    return VG_OK;
}

void vg_date_format(char out[16], int32_t days)
{
    int y;
    unsigned m, d;
    vg_civil_from_days(days, &y, &m, &d);
    snprintf(out, 16, "%04d-%02u-%02u", y, m, d);
}

int vg_time_parse(int64_t *out, const char *text, const char *tz)
{
    const char *s = text;
    int y, mo, d, h, mi, sec = 0, oh, om, sign;
    int64_t local;

    if (digits(&s, 4, &y) || *s++ != '-' || digits(&s, 2, &mo) || *s++ != '-' || digits(&s, 2, &d))
        goto bad;
    if (*s != 'T' && *s != ' ')
        goto bad;
    s++;
    if (digits(&s, 2, &h) || *s++ != ':' || digits(&s, 2, &mi))
        goto bad;
    if (*s == ':') {
        s++;
        if (digits(&s, 2, &sec))
            goto bad;
    }
    if (!valid_ymd(y, mo, d) || h > 23 || mi > 59 || sec > 59)
        goto bad;
    local = vg_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec;
    if (*s == 'Z' && s[1] == '\0') {
        *out = local;
        return VG_OK;
    }
    if ((*s == '+' || *s == '-')) {
        sign = *s++ == '-' ? -1 : 1;
        if (digits(&s, 2, &oh))
            goto bad;
        if (*s == ':')
            s++;
        if (digits(&s, 2, &om) || *s != '\0' || oh > 14 || om > 59)
            goto bad;
        *out = local - sign * (oh * 3600 + om * 60);
        return VG_OK;
    }
    if (*s != '\0')
        goto bad;
    if (!tz)
        return vg_error_set(VG_EINVALID,
                            _("time \"%s\" has no offset (add Z or -05:00, for example)"), text);
    {
        /* A wall time the clocks skip (a spring-forward night) is refused
         * rather than moved silently (review finding 23). */
        int skipped, rc = vg_tz_from_local_gap(out, local, tz, &skipped);
        if (rc == VG_OK && skipped)
            return vg_error_set(VG_EINVALID,
                                _("%s does not exist in %s: the clocks skip that hour "
                                  "(daylight saving time). Give a time before or after it, or an "
                                  "offset (-05:00)"),
                                text, tz);
        return rc;
    }
bad:
    return vg_error_set(VG_EINVALID, _("\"%s\" is not a time (YYYY-MM-DDTHH:MM with an offset)"),
                        text);
}

void vg_time_format_utc(char out[32], int64_t t)
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t rem = t - days * 86400;
    int y;
    unsigned m, d;
    vg_civil_from_days(days, &y, &m, &d);
    snprintf(out, 32, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d, (int)(rem / 3600),
             (int)(rem / 60 % 60), (int)(rem % 60));
}

int vg_time_format_local(char out[48], int64_t t, const char *tz)
{
    long off = 0;
    int64_t lt, days, rem;
    int y;
    unsigned m, d;
    if (tz && vg_tz_offset(&off, t, tz) != VG_OK)
        return VG_EINVALID;
    lt = t + off;
    days = lt >= 0 ? lt / 86400 : (lt - 86399) / 86400;
    rem = lt - days * 86400;
    vg_civil_from_days(days, &y, &m, &d);
    snprintf(out, 48, "%04d-%02u-%02u %02d:%02d %c%02ld:%02ld", y, m, d, (int)(rem / 3600),
             (int)(rem / 60 % 60), off < 0 ? '-' : '+', labs(off) / 3600, labs(off) / 60 % 60);
    return VG_OK;
}

int vg_duration_parse(int64_t *out, const char *text)
{
    char *end;
    long long v;
    int64_t mult = 1;
    if (!text || !isdigit((unsigned char)text[0]))
        goto bad;
    v = strtoll(text, &end, 10);
    if (*end == 's' || *end == '\0')
        mult = 1;
    else if (*end == 'm')
        mult = 60;
    else if (*end == 'h')
        mult = 3600;
    else if (*end == 'd')
        mult = 86400;
    else
        goto bad;
    if (*end && end[1] != '\0')
        goto bad;
    if (v <= 0 || v > 366LL * 86400 / mult)
        goto bad;
    *out = (int64_t)v * mult;
    return VG_OK;
bad:
    return vg_error_set(VG_EINVALID, _("\"%s\" is not a duration (such as 90s, 15m, 2h, 1d)"),
                        text ? text : "");
}

int32_t vg_day_at(int64_t t, const char *tz)
{
    long off = 0;
    int64_t lt;
    if (!tz || vg_tz_offset(&off, t, tz) != VG_OK)
        off = vg_tz_user_offset(t);
    lt = t + off;
    return (int32_t)(lt >= 0 ? lt / 86400 : (lt - 86399) / 86400);
}

int32_t vg_today(const char *tz)
{
    return vg_day_at(vg_now(), tz);
}
