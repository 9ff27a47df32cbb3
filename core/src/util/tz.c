#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <vigie/error.h>

#include "util/i18n.h"
#include "util/tz.h"

/* glibc reads zones only through TZ: switch it, compute, and leave it
 * switched, so that a run of look-ups in one zone (a status report makes
 * hundreds) loads the zone file once instead of twice per look-up. Nothing
 * else in vigie reads TZ (times are stored in UTC and shown through this
 * file); vg_tz_reset() puts the user's TZ back for code that would. Not
 * thread-safe; vigie is single-threaded. */
static char *saved_tz;
static int switched;
static char current[72];

static void tz_enter(const char *tz)
{
    if (switched && !strcmp(current, tz))
        return;
    if (!switched) {
        const char *old = getenv("TZ");
        free(saved_tz);
        saved_tz = old ? strdup(old) : NULL;
    }
    switched = 1;
    snprintf(current, sizeof current, "%s", tz);
    setenv("TZ", tz, 1);
    tzset();
}

void vg_tz_reset(void)
{
    if (!switched)
        return;
    if (saved_tz)
        setenv("TZ", saved_tz, 1);
    else
        unsetenv("TZ");
    free(saved_tz);
    saved_tz = NULL;
    switched = 0;
    current[0] = '\0';
    tzset();
}

int vg_tz_valid(const char *tz)
{
    char path[512];
    if (!tz || !*tz || tz[0] == '/' || strstr(tz, "..") || strlen(tz) > 64)
        return 0;
    for (const char *p = tz; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '/' || *p == '_' || *p == '-' || *p == '+'))
            return 0;
    if (switched && !strcmp(current, tz))
        return 1; /* checked when it was selected */
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
    return access(path, R_OK) == 0;
}

int vg_tz_offset(long *off, int64_t t, const char *tz)
{
    struct tm tm;
    time_t tt = (time_t)t;
    if (!vg_tz_valid(tz))
        return vg_error_set(VG_EINVALID, _("unknown time zone \"%s\""), tz ? tz : "");
    tz_enter(tz);
    localtime_r(&tt, &tm);
    *off = tm.tm_gmtoff;
    return VG_OK;
}

int vg_tz_from_local(int64_t *out, int64_t local, const char *tz)
{
    long off1, off2;
    int rc;
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
        else /* in a gap: the wall time never occurs; take it after the change */
            *out = local - (off1 < off2 ? off1 : off2);
    }
    return VG_OK;
}
