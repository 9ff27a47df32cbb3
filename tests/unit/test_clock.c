/* Times, dates, durations and time zones (the system's tz database). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
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
    /* 02:30 does not exist that night: read as after the change (03:30 EDT) */
    assert_int_equal(vg_time_parse(&t, "2025-03-09T02:30", "America/Port-au-Prince"), VG_OK);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_offsets_and_z),
        cmocka_unit_test(local_time_in_zone),
        cmocka_unit_test(haiti_daylight_saving),
        cmocka_unit_test(dates_and_durations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
