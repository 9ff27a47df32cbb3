/* Times, dates, durations and time zones (the system's tz database). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <vigie/clock.h>
#include <vigie/error.h>

#include "util/tz.h"

static void parses_offsets_and_z(void **s)
{
    int64_t t;
    (void)s;
    assert_int_equal(vg_time_parse(&t, "2025-03-04T15:30:00Z", NULL), VG_OK);
    assert_int_equal(t, 1741102200);
    assert_int_equal(vg_time_parse(&t, "2025-03-04T10:30-05:00", NULL), VG_OK);
    assert_int_equal(t, 1741102200);
    assert_int_equal(vg_time_parse(&t, "2025-03-04 10:30:00-0500", NULL), VG_OK);
    assert_int_equal(t, 1741102200);
    assert_int_equal(vg_time_parse(&t, "2025-03-04T10:30", NULL), VG_EINVALID);
    assert_int_equal(vg_time_parse(&t, "2025-02-30T10:30Z", NULL), VG_EINVALID);
    assert_int_equal(vg_time_parse(&t, "2025-03-04T24:00Z", NULL), VG_EINVALID);
    assert_int_equal(vg_time_parse(&t, "yesterday", NULL), VG_EINVALID);
}

static void local_time_in_zone(void **s)
{
    int64_t t;
    char buf[48];
    (void)s;
    assert_int_equal(vg_time_parse(&t, "2025-03-04T10:30", "America/Bogota"), VG_OK);
    assert_int_equal(t, 1741102200);
    assert_int_equal(vg_time_format_local(buf, t, "America/Bogota"), VG_OK);
    assert_string_equal(buf, "2025-03-04 10:30 -05:00");
    assert_int_equal(vg_time_parse(&t, "2025-03-04T10:30", "Nowhere/Atlantis"), VG_EINVALID);
    assert_int_equal(vg_time_parse(&t, "2025-03-04T10:30", "../../etc/passwd"), VG_EINVALID);
}

/* Haiti observes daylight saving (second Sunday of March 2025, 02:00 -> 03:00),
 * read from the tz database, not from a fixed offset. */
static void haiti_daylight_saving(void **s)
{
    long before, after;
    int64_t t, a, b;
    char buf[48];
    (void)s;
    assert_int_equal(vg_time_parse(&a, "2025-03-08T12:00Z", NULL), VG_OK);
    assert_int_equal(vg_time_parse(&b, "2025-03-10T12:00Z", NULL), VG_OK);
    assert_int_equal(vg_tz_offset(&before, a, "America/Port-au-Prince"), VG_OK);
    assert_int_equal(vg_tz_offset(&after, b, "America/Port-au-Prince"), VG_OK);
    assert_int_equal(before, -5 * 3600);
    assert_int_equal(after, -4 * 3600);
    /* 08:00 local the day after the change is 12:00Z */
    assert_int_equal(vg_time_parse(&t, "2025-03-10T08:00", "America/Port-au-Prince"), VG_OK);
    assert_int_equal(t, b);
    /* 02:30 does not exist that night: typed, it is refused (review finding
     * 23) and the message says why; the schedule's reading (vg_tz_from_local)
     * still takes it as after the change (03:30 EDT) */
    assert_int_equal(vg_time_parse(&t, "2025-03-09T02:30", "America/Port-au-Prince"), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "does not exist in America/Port-au-Prince"));
    assert_int_equal(vg_time_parse(&t, "2025-03-09T01:59", "America/Port-au-Prince"), VG_OK);
    assert_int_equal(vg_time_parse(&t, "2025-03-09T03:00", "America/Port-au-Prince"), VG_OK);
    {
        int skipped = 0;
        assert_int_equal(vg_tz_from_local_gap(&t, vg_days_from_civil(2025, 3, 9) * 86400 + 9000,
                                              "America/Port-au-Prince", &skipped),
                         VG_OK);
        assert_int_equal(skipped, 1);
    }
    assert_int_equal(vg_time_format_local(buf, t, "America/Port-au-Prince"), VG_OK);
    assert_string_equal(buf, "2025-03-09 03:30 -04:00");
    /* 01:30 on the fall-back night happens twice: the first one */
    assert_int_equal(vg_time_parse(&t, "2025-11-02T01:30", "America/Port-au-Prince"), VG_OK);
    assert_int_equal(vg_time_format_local(buf, t, "America/Port-au-Prince"), VG_OK);
    assert_string_equal(buf, "2025-11-02 01:30 -04:00");
}

static void dates_and_durations(void **s)
{
    int32_t d, e;
    int64_t secs;
    char buf[16];
    (void)s;
    assert_int_equal(vg_date_parse(&d, "2025-06-01"), VG_OK);
    assert_int_equal(vg_date_parse(&e, "01/06/2025"), VG_OK);
    assert_int_equal(d, e);
    vg_date_format(buf, d);
    assert_string_equal(buf, "2025-06-01");
    assert_int_equal(vg_date_parse(&d, "2024-02-29"), VG_OK);
    assert_int_equal(vg_date_parse(&d, "2025-02-29"), VG_EINVALID);
    assert_int_equal(vg_date_parse(&d, "2030-13-01"), VG_EINVALID);
    assert_int_equal(vg_date_parse(&d, "2025-6-1"), VG_EINVALID);
    assert_int_equal(vg_duration_parse(&secs, "15m"), VG_OK);
    assert_int_equal(secs, 900);
    assert_int_equal(vg_duration_parse(&secs, "2h"), VG_OK);
    assert_int_equal(secs, 7200);
    assert_int_equal(vg_duration_parse(&secs, "90"), VG_OK);
    assert_int_equal(secs, 90);
    assert_int_equal(vg_duration_parse(&secs, "0m"), VG_EINVALID);
    assert_int_equal(vg_duration_parse(&secs, "5 weeks"), VG_EINVALID);
    assert_int_equal(vg_duration_parse(&secs, "-5m"), VG_EINVALID);
}

/* Issue 11: looking up a delegation's zone once switched the process's TZ
 * and left it, so "today" depended on what ran before. */
static void today_never_touches_tz(void **s)
{
    char out[48];
    (void)s;
    setenv("TZ", "America/Toronto", 1);
    tzset();
    vg_clock_set(1767222000); /* 2025-12-31T23:00:00Z: 18:00 in Toronto */
    assert_int_equal(vg_today(NULL), vg_days_from_civil(2025, 12, 31));
    assert_int_equal(vg_time_format_local(out, vg_now(), "Pacific/Kiritimati"), VG_OK);
    assert_string_equal(out, "2026-01-01 13:00 +14:00");
    assert_string_equal(getenv("TZ"), "America/Toronto");
    assert_int_equal(vg_today(NULL), vg_days_from_civil(2025, 12, 31));
    assert_int_equal(vg_today("Pacific/Kiritimati"), vg_days_from_civil(2026, 1, 1));
    /* A POSIX rule in TZ, and a path. */
    setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
    assert_int_equal(vg_today(NULL), vg_days_from_civil(2025, 12, 31));
    setenv("TZ", ":Pacific/Kiritimati", 1);
    assert_int_equal(vg_today(NULL), vg_days_from_civil(2026, 1, 1));
    unsetenv("TZ");
    vg_clock_set(0);
}

/* The zone files are read by vigie itself: its offsets match the C
 * library's, instant by instant, across decades and zones (DST rules,
 * Haiti's decrees, the footer rule after the last transition). */
static void offsets_match_the_c_library(void **s)
{
    static const char *const zones[] = {"America/Bogota",      "America/Port-au-Prince",
                                        "America/Mexico_City", "America/Toronto",
                                        "America/Tijuana",     "Europe/Paris",
                                        "Australia/Sydney",    "Pacific/Chatham",
                                        "Asia/Kolkata",        "UTC"};
    (void)s;
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
        setenv("TZ", zones[z], 1);
        tzset();
        for (int64_t t = 0; t < 2700000000LL; t += 86400 * 7 + 3599) {
            time_t tt = (time_t)t;
            struct tm tm;
            long off;
            localtime_r(&tt, &tm);
            assert_int_equal(vg_tz_offset(&off, t, zones[z]), VG_OK);
            if (off != tm.tm_gmtoff)
                fail_msg("%s at %lld: %ld, libc %ld", zones[z], (long long)t, off, tm.tm_gmtoff);
        }
    }
    unsetenv("TZ");
    assert_int_equal(vg_tz_valid("Nowhere/Atlantis"), 0);
    assert_int_equal(vg_tz_valid("../../etc/passwd"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_offsets_and_z),   cmocka_unit_test(local_time_in_zone),
        cmocka_unit_test(haiti_daylight_saving),  cmocka_unit_test(dates_and_durations),
        cmocka_unit_test(today_never_touches_tz), cmocka_unit_test(offsets_match_the_c_library),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
