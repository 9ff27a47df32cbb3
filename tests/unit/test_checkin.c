/* Check-ins: the schedule arithmetic (Haiti's daylight-saving change,
 * midnight, early and double check-ins), the escalation ladder template,
 * and the store-backed log and alerts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/vigie.h>

#include "checkin/checkin_internal.h"
#include "checkin/schedule.h"
#include "store/store_internal.h"

#define HT "America/Port-au-Prince"

/* Local time in Haiti, "2025-03-05T20:00". */
static int64_t ht(const char *local)
{
    int64_t t = 0;
    assert_int_equal(vg_time_parse(&t, local, HT), VG_OK);
    return t;
}

static int64_t utc(const char *text)
{
    int64_t t = 0;
    assert_int_equal(vg_time_parse(&t, text, NULL), VG_OK);
    return t;
}

static int32_t day(const char *text)
{
    int32_t d = 0;
    assert_int_equal(vg_date_parse(&d, text), VG_OK);
    return d;
}

/* A delegation in Haiti from 5 to 14 March 2025 (daylight saving starts on
 * Sunday 9 March at 02:00), check-ins at 08:00 and 20:00, 30 minutes each way. */
static const int two_daily[] = {8 * 60, 20 * 60};

static vg_sched haiti(void)
{
    vg_sched s = {HT, 0, 0, two_daily, 2, 30 * 60, 30 * 60, NULL, {0, 0}, 0};
    s.start_day = day("2025-03-05");
    s.end_day = day("2025-03-14");
    return s;
}

static vg_sched_state eval(vg_sched *s, const vg_oneoff *o, size_t no, const char *last,
                           const char *now)
{
    vg_sched_state st;
    assert_int_equal(vg_sched_evaluate(s, o, no, last != NULL, last ? ht(last) : 0, ht(now), &st),
                     VG_OK);
    return st;
}

static void before_and_after_the_dates(void **state)
{
    vg_sched s = haiti();
    vg_sched_state st;
    (void)state;
    st = eval(&s, NULL, 0, NULL, "2025-03-04T23:00");
    assert_int_equal(st.phase, VG_SCHED_BEFORE);
    assert_false(st.overdue);
    assert_false(st.has_next);
    /* the first morning: due at 08:00 on the first day, not before */
    st = eval(&s, NULL, 0, NULL, "2025-03-05T08:29");
    assert_int_equal(st.phase, VG_SCHED_DURING);
    assert_false(st.overdue);
    assert_true(st.has_next);
    assert_int_equal(st.next.due, ht("2025-03-05T08:00"));
    /* after the last day nobody is due, however long the silence */
    st = eval(&s, NULL, 0, "2025-03-13T20:05", "2025-03-15T10:00");
    assert_int_equal(st.phase, VG_SCHED_AFTER);
    assert_false(st.overdue);
    /* but the last day's evening is followed until midnight */
    st = eval(&s, NULL, 0, "2025-03-14T08:00", "2025-03-14T23:59");
    assert_true(st.overdue);
    assert_int_equal(st.missed.due, ht("2025-03-14T20:00"));
}

static void deadline_boundaries(void **state)
{
    vg_sched s = haiti();
    vg_sched_state st;
    (void)state;
    /* overdue exactly when the grace window closes, not a second before */
    st = eval(&s, NULL, 0, "2025-03-06T08:02", "2025-03-06T20:29:59");
    assert_false(st.overdue);
    st = eval(&s, NULL, 0, "2025-03-06T08:02", "2025-03-06T20:30");
    assert_true(st.overdue);
    assert_int_equal(st.late, 0);
    assert_int_equal(st.missed.due, ht("2025-03-06T20:00"));
    assert_int_equal(st.missed.deadline, ht("2025-03-06T20:30"));
    /* the next one is tomorrow morning */
    assert_true(st.has_next);
    assert_int_equal(st.next.due, ht("2025-03-07T08:00"));
    /* a late check-in satisfies the missed one */
    st = eval(&s, NULL, 0, "2025-03-06T21:10", "2025-03-06T21:15");
    assert_false(st.overdue);
    assert_int_equal(st.next.due, ht("2025-03-07T08:00"));
}

static void early_and_double_checkins(void **state)
{
    vg_sched s = haiti();
    vg_sched_state st;
    (void)state;
    /* at the very opening of the window (19:30) it counts... */
    st = eval(&s, NULL, 0, "2025-03-06T19:30", "2025-03-06T21:00");
    assert_false(st.overdue);
    /* ...a second before it does not: 20:00 is still expected */
    st = eval(&s, NULL, 0, "2025-03-06T19:29:59", "2025-03-06T20:29");
    assert_false(st.overdue);
    assert_int_equal(st.next.due, ht("2025-03-06T20:00"));
    st = eval(&s, NULL, 0, "2025-03-06T19:29:59", "2025-03-06T20:30");
    assert_true(st.overdue);
    /* an early morning check-in does not cover the evening */
    st = eval(&s, NULL, 0, "2025-03-06T08:00", "2025-03-06T21:00");
    assert_true(st.overdue);
    assert_int_equal(st.late, 30 * 60);
    /* twice in the same window (19:45 and 20:10) counts once: the next
     * morning is still expected and missed at 08:30 */
    st = eval(&s, NULL, 0, "2025-03-06T20:10", "2025-03-07T08:30");
    assert_true(st.overdue);
    assert_int_equal(st.missed.due, ht("2025-03-07T08:00"));
}

static void silence_counts_from_the_first_miss(void **state)
{
    vg_sched s = haiti();
    vg_sched_state st;
    (void)state;
    /* last seen on the 6th at 08:00: missed 20:00, 08:00 and 20:00 since */
    st = eval(&s, NULL, 0, "2025-03-06T08:00", "2025-03-07T21:00");
    assert_true(st.overdue);
    assert_int_equal(st.missed.due, ht("2025-03-06T20:00"));
    assert_int_equal(st.late, 24 * 3600 + 30 * 60);
    assert_int_equal(st.next.due, ht("2025-03-08T08:00"));
    /* never checked in since the start */
    st = eval(&s, NULL, 0, NULL, "2025-03-05T21:00");
    assert_int_equal(st.missed.due, ht("2025-03-05T08:00"));
    /* a check-in made before the delegation began (at the airport) covers nothing */
    st = eval(&s, NULL, 0, "2025-03-04T18:00", "2025-03-05T09:00");
    assert_true(st.overdue);
    assert_int_equal(st.missed.due, ht("2025-03-05T08:00"));
}

static void haiti_daylight_saving_moves_with_the_wall_clock(void **state)
{
    vg_sched s = haiti();
    vg_sched_state st;
    vg_slot a, b;
    (void)state;
    /* 20:00 on Saturday 8 March is 01:00Z (EST, -05:00); on Sunday 9 March,
     * 00:00Z (EDT, -04:00): 23 hours apart, not 24. */
    assert_int_equal(vg_sched_slot_after(&s, ht("2025-03-08T12:00"), 1, &a), VG_OK);
    assert_int_equal(a.due, utc("2025-03-09T01:00Z"));
    assert_int_equal(vg_sched_slot_after(&s, a.deadline, 1, &b), VG_OK); /* 9 March 08:00 */
    assert_int_equal(b.due, utc("2025-03-09T12:00Z"));
    assert_int_equal(vg_sched_slot_after(&s, b.deadline, 1, &b), VG_OK);
    assert_int_equal(b.due, utc("2025-03-10T00:00Z"));
    assert_int_equal(b.due - a.due, 23 * 3600);
    /* Sunday evening: on time until 20:30 local (00:30Z), overdue from then;
     * a fixed -05:00 offset would say 01:30Z. */
    st = eval(&s, NULL, 0, "2025-03-09T08:10", "2025-03-09T20:29");
    assert_false(st.overdue);
    st = eval(&s, NULL, 0, "2025-03-09T08:10", "2025-03-09T20:30");
    assert_true(st.overdue);
    assert_int_equal(st.missed.deadline, utc("2025-03-10T00:30Z"));
    /* Saturday's 20:00 check-in made at 20:10 EST does not cover Sunday morning
     * across the change */
    st = eval(&s, NULL, 0, "2025-03-08T20:10", "2025-03-09T08:31");
    assert_true(st.overdue);
    assert_int_equal(st.missed.due, ht("2025-03-09T08:00"));
}

/* The memo a report uses gives the same answers as the tz database. */
static void memo_agrees(void **state)
{
    vg_sched plain = haiti(), memo = haiti();
    (void)state;
    assert_int_equal(vg_sched_memo_init(&memo), VG_OK);
    for (int64_t t = ht("2025-03-04T00:00"); t < ht("2025-03-16T00:00"); t += 1234) {
        vg_sched_state a, b;
        int64_t last = t - 7 * 3600;
        assert_int_equal(vg_sched_evaluate(&plain, NULL, 0, 1, last, t, &a), VG_OK);
        assert_int_equal(vg_sched_evaluate(&memo, NULL, 0, 1, last, t, &b), VG_OK);
        assert_int_equal(a.overdue, b.overdue);
        assert_int_equal(a.has_next, b.has_next);
        assert_int_equal(a.next.due, b.next.due);
        assert_int_equal(a.missed.deadline, b.missed.deadline);
        assert_int_equal(a.phase, b.phase);
    }
    vg_sched_memo_free(&memo);
}

static void a_time_skipped_by_the_change(void **state)
{
    static const int night[] = {2 * 60 + 30};
    vg_sched s = haiti();
    vg_slot sl;
    (void)state;
    s.daily = night;
    s.ndaily = 1;
    /* 02:30 does not exist on 9 March in Haiti: due at 03:30 EDT (07:30Z) */
    assert_int_equal(vg_sched_slot_after(&s, ht("2025-03-08T12:00"), 1, &sl), VG_OK);
    assert_int_equal(sl.due, utc("2025-03-09T07:30Z"));
    /* and on 8 March, 02:30 EST = 07:30Z too: a day of 23 hours between them */
    assert_int_equal(vg_sched_slot_after(&s, ht("2025-03-07T12:00"), 1, &sl), VG_OK);
    assert_int_equal(sl.due, utc("2025-03-08T07:30Z"));
}

static void across_midnight(void **state)
{
    static const int late_evening[] = {23 * 60 + 45};
    vg_sched s = haiti();
    vg_sched_state st;
    (void)state;
    s.daily = late_evening;
    s.ndaily = 1;
    /* due 23:45, grace until 00:15 the next day */
    st = eval(&s, NULL, 0, "2025-03-05T23:50", "2025-03-06T00:14");
    assert_false(st.overdue);
    st = eval(&s, NULL, 0, "2025-03-05T12:00", "2025-03-06T00:14");
    assert_false(st.overdue);
    st = eval(&s, NULL, 0, "2025-03-05T12:00", "2025-03-06T00:15");
    assert_true(st.overdue);
    assert_int_equal(st.missed.due, ht("2025-03-05T23:45"));
    /* a check-in at 00:10 satisfies the 23:45 of the day before */
    st = eval(&s, NULL, 0, "2025-03-06T00:10", "2025-03-06T12:00");
    assert_false(st.overdue);
    assert_int_equal(st.next.due, ht("2025-03-06T23:45"));
    /* a slot at 00:15 on the first day opens at 23:45 the evening before */
    {
        static const int after_midnight[] = {15};
        s.daily = after_midnight;
        st = eval(&s, NULL, 0, "2025-03-04T23:50", "2025-03-05T01:00");
        assert_false(st.overdue);
        st = eval(&s, NULL, 0, NULL, "2025-03-05T00:45");
        assert_true(st.overdue);
    }
}

static void journeys_use_travelling_delays(void **state)
{
    vg_sched s = haiti();
    vg_oneoff trip = {0, 0, 30 * 60, 1};
    vg_sched_state st;
    (void)state;
    trip.from = ht("2025-03-07T09:00");
    trip.by = ht("2025-03-07T15:00");
    /* on the road: travelling, the arrival is next */
    st = eval(&s, &trip, 1, "2025-03-07T08:05", "2025-03-07T10:00");
    assert_true(st.travelling);
    assert_false(st.overdue);
    assert_int_equal(st.next.due, trip.by);
    assert_int_equal(st.next.oneoff, 0);
    /* a departure check-in before the window does not count for the arrival */
    st = eval(&s, &trip, 1, "2025-03-07T08:55", "2025-03-07T15:30");
    assert_true(st.overdue);
    assert_int_equal(st.missed.oneoff, 0);
    assert_int_equal(st.late, 0);
    /* arrived at 14:20: satisfied, no longer travelling */
    st = eval(&s, &trip, 1, "2025-03-07T14:20", "2025-03-07T16:00");
    assert_false(st.overdue);
    assert_false(st.travelling);
    /* the earliest miss wins: the morning check-in missed before the journey */
    st = eval(&s, &trip, 1, "2025-03-06T20:00", "2025-03-07T16:00");
    assert_true(st.overdue);
    assert_int_equal(st.missed.due, ht("2025-03-07T08:00"));
    assert_true(st.travelling);
    /* a journey after the last day is still followed */
    trip.from = ht("2025-03-15T06:00");
    trip.by = ht("2025-03-15T18:00");
    st = eval(&s, &trip, 1, "2025-03-14T20:00", "2025-03-15T19:00");
    assert_int_equal(st.phase, VG_SCHED_AFTER);
    assert_true(st.overdue);
    assert_int_equal(st.missed.oneoff, 0);
}

/* ---- the ladder ---- */

static vg_ladder *default_ladder(void)
{
    vg_ladder *l = NULL;
    const char *dir = getenv("VIGIE_DATA_DIR");
    assert_int_equal(vg_ladder_default(&l, dir ? dir : VIGIE_SOURCE_DIR), VG_OK);
    return l;
}

static void default_ladder_is_the_domain_one(void **state)
{
    vg_ladder *l = default_ladder();
    static const int64_t base[] = {0, 1800, 3600, 3 * 3600, 6 * 3600, 24 * 3600};
    static const int64_t trav[] = {0, 1800, 3600, 2 * 3600, 6 * 3600, 24 * 3600};
    (void)state;
    assert_int_equal(l->nsteps, 6);
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(l->steps[i].after, base[i]);
        assert_int_equal(l->steps[i].after_travelling, trav[i]);
        assert_non_null(l->steps[i].action[0]);
        assert_non_null(l->steps[i].action[1]);
    }
    assert_true(l->steps[0].roles & (1u << VG_ROLE_PARTICIPANT));
    assert_true(l->steps[1].roles & (1u << VG_ROLE_LEAD));
    assert_true(l->steps[2].roles & (1u << VG_ROLE_PARTNER));
    assert_true(l->steps[2].roles & (1u << VG_ROLE_ACCOMMODATION));
    assert_true(l->steps[3].roles & (1u << VG_ROLE_FOCAL_POINT));
    assert_true(l->steps[3].roles & (1u << VG_ROLE_EMBASSY));
    assert_true(l->steps[4].roles & (1u << VG_ROLE_CRISIS_CELL));
    assert_true(l->steps[4].roles & (1u << VG_ROLE_EWRC));
    for (int k = VG_ALERT_HELP; k <= VG_ALERT_GUESSING; k++)
        assert_true(l->alerts[k].roles != 0);
    /* never call back a participant under duress directly */
    assert_false(l->alerts[VG_ALERT_DURESS].roles & (1u << VG_ROLE_PARTICIPANT));
    /* steps at their boundaries */
    assert_int_equal(vg_ladder_step_at(l, -1, 0), -1);
    assert_int_equal(vg_ladder_step_at(l, 0, 0), 0);
    assert_int_equal(vg_ladder_step_at(l, 1799, 0), 0);
    assert_int_equal(vg_ladder_step_at(l, 1800, 0), 1);
    assert_int_equal(vg_ladder_step_at(l, 7199, 1), 2);
    assert_int_equal(vg_ladder_step_at(l, 7200, 1), 3); /* travelling: T+2h */
    assert_int_equal(vg_ladder_step_at(l, 7200, 0), 2); /* at base: not before T+3h */
    assert_int_equal(vg_ladder_step_at(l, 10800, 0), 3);
    assert_int_equal(vg_ladder_step_at(l, 86399, 0), 4);
    assert_int_equal(vg_ladder_step_at(l, 86400, 0), 5);
    assert_int_equal(vg_ladder_step_at(l, 10 * 86400, 0), 5);
    vg_ladder_free(l);
}

static void expect_error(const char *yaml, const char *where)
{
    vg_ladder *l = NULL;
    int rc = vg_ladder_parse(&l, yaml, strlen(yaml), "mine.yaml");
    if (rc != VG_EINVALID || !strstr(vg_error_last(), where))
        fail_msg("expected an error at \"%s\", got %d \"%s\"", where, rc, vg_error_last());
    assert_null(l);
}

#define HEAD  "format: vigie-checkin-ladder 1\nsteps:\n"
#define STEP0 "  - after: 0\n    contact: [participant]\n    fr: Rappel\n    en: Reminder\n"

static void bad_ladders_name_file_and_line(void **state)
{
    vg_ladder *l = NULL;
    const char *good =
        HEAD STEP0 "  - after: 1h30m\n    travelling: 45m\n    contact: [partner, kin]\n"
                   "    fr: Partenaire\n    en: Partner\n";
    (void)state;
    assert_int_equal(vg_ladder_parse(&l, good, strlen(good), "mine.yaml"), VG_OK);
    assert_int_equal(l->nsteps, 2);
    assert_int_equal(l->steps[1].after, 5400);
    assert_int_equal(l->steps[1].after_travelling, 2700);
    assert_int_equal(l->alerts[VG_ALERT_DURESS].roles, 0);
    vg_ladder_free(l);

    expect_error(HEAD STEP0
                 "  - after: 1h\n    contact: [participant, sheriff]\n    fr: a\n    en: b\n",
                 "mine.yaml:8:28: steps[1].contact[1]: unknown role \"sheriff\"");
    expect_error(HEAD STEP0 "  - after: soon\n    contact: [lead]\n    fr: a\n    en: b\n",
                 "mine.yaml:7:12: steps[1].after: \"soon\" is not a delay");
    expect_error(HEAD STEP0 "  - after: 0\n    contact: [lead]\n    fr: a\n    en: b\n",
                 "mine.yaml:7:5: steps[1]: \"after\" must grow");
    expect_error(HEAD STEP0 "  - after: 1h\n    contact: [lead]\n    fr: a\n",
                 "mine.yaml:7:5: steps[1]: a step needs its action");
    expect_error(HEAD STEP0 "  - after: 1h\n    contcat: [lead]\n    fr: a\n    en: b\n",
                 "mine.yaml:8:5: steps[1]: unknown key \"contcat\"");
    expect_error(HEAD "  - after: 0\n    contact: []\n    fr: a\n    en: b\n",
                 "mine.yaml:4:14: steps[0].contact: names no one");
    expect_error(HEAD "  - after: 0\n    contact: [lead, lead]\n    fr: a\n    en: b\n",
                 "mine.yaml:4:21: steps[0].contact[1]: role \"lead\" is listed twice");
    expect_error("steps:\n" STEP0, "mine.yaml:1:1: \"format: vigie-checkin-ladder 1\" is missing");
    expect_error("format: vigie-checkin-ladder 2\nsteps:\n" STEP0,
                 "mine.yaml:1:9: format: must be");
    expect_error(HEAD, "mine.yaml:2:7: steps: must be a list");
    expect_error(HEAD STEP0 "alerts:\n  panic:\n    contact: [lead]\n    fr: a\n    en: b\n",
                 "mine.yaml:8:3: alerts: unknown alert \"panic\"");
    expect_error(HEAD "  - [after, 0]\n", "mine.yaml:3:5: steps[0]: a step must be a mapping");
    expect_error("format: [unclosed\n", "mine.yaml:");
    expect_error("- just\n- a list\n", "mine.yaml:1:1: a ladder is a mapping");
    expect_error(HEAD "  - after: 31d\n    contact: [lead]\n    fr: a\n    en: b\n",
                 "30 days at most");
    expect_error(HEAD "  - after: 0\n    contact: [lead]\n    fr: \"a\\u0007b\"\n    en: b\n",
                 "control character");
    /* the shared reader (util/yaml.c): aliases, tags, repeated keys */
    expect_error(HEAD "  - &s {after: 0, contact: [lead], fr: a, en: b}\n  - *s\n",
                 "mine.yaml:3:5: steps[0]: YAML anchors (&) and aliases (*) are not allowed");
    expect_error(HEAD "  - after: 0\n    after: 1h\n    contact: [lead]\n    fr: a\n    en: b\n",
                 "mine.yaml:4:5: steps[0]: key \"after\" appears twice (first on line 3)");
    expect_error(HEAD "  - after: !!str 0\n",
                 "mine.yaml:3:12: steps[0].after: YAML tags (!) are not allowed");
    assert_int_equal(vg_ladder_load(&l, "/nonexistent/ladder.yaml"), VG_ENOTFOUND);
}

static void roles_and_statuses_by_name(void **state)
{
    vg_role r;
    vg_checkin_status s;
    (void)state;
    for (int i = 0; i < VG_ROLE_COUNT; i++) {
        assert_int_equal(vg_role_parse(vg_role_name((vg_role)i), &r), VG_OK);
        assert_int_equal(r, i);
    }
    assert_int_equal(vg_role_parse("police", &r), VG_EINVALID);
    assert_int_equal(vg_checkin_status_parse("ok", &s), VG_OK);
    assert_int_equal(s, VG_CHECKIN_OK);
    assert_int_equal(vg_checkin_status_parse("Aide", &s), VG_OK);
    assert_int_equal(s, VG_CHECKIN_HELP);
    assert_int_equal(vg_checkin_status_parse("urgence", &s), VG_OK);
    assert_int_equal(s, VG_CHECKIN_EMERGENCY);
    assert_string_equal(vg_checkin_status_name(VG_CHECKIN_EMERGENCY), "emergency");
    assert_int_equal(vg_checkin_status_parse("fine", &s), VG_EINVALID);
}

/* ---- the store: log, alerts, resolve ---- */
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/store.h>
#include <vigie/audit.h>
#include "delegation/delegation_internal.h"

static int64_t pid1, pid2;

static char dir[256];
static const char *PASS = "phrase de passe du test";

static int pass_cb(vg_secret **out, void *p)
{
    (void)p;
    return vg_secret_from(out, PASS, strlen(PASS));
}

static int setup(void **state)
{
    vg_secret *pass = NULL, *rkey = NULL;
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/vigie-unit-ck-%d/store", (int)getpid());
    vg_secret_from(&pass, PASS, strlen(PASS));
    assert_int_equal(vg_store_create(dir, pass, "test", VG_KDF_INTERACTIVE, NULL, &rkey), VG_OK);
    vg_secret_free(pass);
    vg_secret_free(rkey);
    {
        vg_store *st = NULL;
        vg_unlock_opts o = {pass_cb, NULL, 1};
        vg_delegation d = {0};
        vg_participant p1 = {0}, p2 = {0};
        char n1[] = "Amélie Tremblay", n2[] = "Jean-Robert Pierre";
        assert_int_equal(vg_store_open(&st, dir, &o), VG_OK);
        assert_int_equal(vg_store_begin(st), VG_OK);
        strcpy(d.slug, "haiti-2025");
        d.name = "Délégation Haïti 2025";
        strcpy(d.country, "HT");
        d.start_day = day("2025-03-05");
        d.end_day = day("2025-03-14");
        assert_int_equal(vg_delegation_add(st, &d), VG_OK);
        free(d.tz);
        p1.v[VG_PF_NAME] = strdup(n1);
        p2.v[VG_PF_NAME] = strdup(n2);
        assert_int_equal(vg_participant_add(st, "haiti-2025", &p1), VG_OK);
        assert_int_equal(vg_participant_add(st, "haiti-2025", &p2), VG_OK);
        pid1 = p1.id;
        pid2 = p2.id;
        free(p1.v[VG_PF_NAME]);
        free(p2.v[VG_PF_NAME]);
        for (int i = 0; i < VG_PF_COUNT; i++)
            if (i != VG_PF_NAME) {
                free(p1.v[i]);
                free(p2.v[i]);
            }
        assert_int_equal(vg_store_commit(st), VG_OK);
        vg_store_close(st);
    }
    return 0;
}

static int teardown(void **state)
{
    char cmd[300];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf /tmp/vigie-unit-ck-%d", (int)getpid());
    return system(cmd);
}

static vg_store *open_store(void)
{
    vg_store *st = NULL;
    vg_unlock_opts o = {pass_cb, NULL, 1};
    assert_int_equal(vg_store_open(&st, dir, &o), VG_OK);
    return st;
}

static int64_t count(vg_store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int64_t n;
    assert_int_equal(vg_sql_prepare(st, &s, sql), VG_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static void log_opens_alerts_and_resolve_closes_them(void **state)
{
    vg_store *st = open_store();
    vg_checkin c = {0, 0, VG_CHECKIN_OK, "Jacmel", "Signal", NULL, "manual", 0};
    c.participant_id = pid1;
    int64_t id = 0;
    (void)state;
    vg_clock_set(ht("2025-03-06T21:00"));
    c.at = ht("2025-03-06T20:05");
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_checkin_log(st, "haiti-2025", &c, &id), VG_OK);
    assert_true(id > 0);
    assert_int_equal(count(st, "SELECT count(*) FROM checkin_alerts"), 0);
    /* help opens a help alert; a duress mark a second, silent one */
    c.status = VG_CHECKIN_HELP;
    c.duress = 1;
    c.source = "code";
    assert_int_equal(vg_checkin_log(st, "haiti-2025", &c, NULL), VG_OK);
    assert_int_equal(count(st, "SELECT count(*) FROM checkin_alerts WHERE resolved IS NULL"), 2);
    assert_int_equal(count(st, "SELECT count(*) FROM checkin_alerts WHERE kind = 3"), 1);
    /* the duress mark is not in the check-in row */
    assert_int_equal(count(st, "SELECT count(*) FROM checkins WHERE source = 'code'"), 1);
    assert_int_equal(vg_store_commit(st), VG_OK);

    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_alert_open(st, "haiti-2025", pid2, VG_ALERT_GUESSING, "3 invalid codes"),
                     VG_OK);
    assert_int_equal(vg_alert_resolve(st, "haiti-2025", pid1, ""), VG_EINVALID);
    assert_int_equal(
        vg_alert_resolve(st, "haiti-2025", pid1, "called back through the partner: safe"), VG_OK);
    assert_int_equal(count(st, "SELECT count(*) FROM checkin_alerts WHERE resolved IS NULL"), 1);
    assert_int_equal(vg_alert_resolve(st, "haiti-2025", pid1, "again"), VG_ENOTFOUND);
    assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE action = 'checkin.resolve'"), 1);
    assert_int_equal(count(st, "SELECT count(*) FROM audit WHERE action = 'checkin.log'"), 2);
    /* no personal data in the audit details */
    assert_int_equal(
        count(st,
              "SELECT count(*) FROM audit WHERE detail LIKE '%Jacmel%' OR detail LIKE '%partner%'"),
        0);
    assert_int_equal(vg_store_commit(st), VG_OK);
    vg_store_close(st);
}

/* "The latest check-in of each participant" is one index seek, never a
 * scan of the history nor a sort. */
static void latest_checkin_is_an_index_seek(void **state)
{
    vg_store *st = open_store();
    sqlite3_stmt *s = NULL;
    char plan[1024] = "";
    (void)state;
    assert_int_equal(vg_sql_prepare(st, &s, "EXPLAIN QUERY PLAN " VG_CK_LAST_SQL), VG_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        strncat(plan, (const char *)sqlite3_column_text(s, 3), sizeof plan - strlen(plan) - 2);
        strcat(plan, ";");
    }
    sqlite3_finalize(s);
    if (!strstr(plan, "USING INDEX checkins_participant_at") || strstr(plan, "TEMP B-TREE"))
        fail_msg("query plan: %s", plan);
    vg_store_close(st);
}

/* The plan of `sql`, its rows joined by ";". */
static void plan_of(vg_store *st, const char *sql, char *plan, size_t size)
{
    sqlite3_stmt *s = NULL;
    char eqp[1024];
    snprintf(eqp, sizeof eqp, "EXPLAIN QUERY PLAN %s", sql);
    plan[0] = 0;
    assert_int_equal(vg_sql_prepare(st, &s, eqp), VG_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        strncat(plan, (const char *)sqlite3_column_text(s, 3), size - strlen(plan) - 2);
        strcat(plan, ";");
    }
    sqlite3_finalize(s);
}

/* Issue 16: every query that runs once per participant, or over a history
 * that grows for years, is a SEARCH through its index, never a SCAN of the
 * table (the alerts of one participant walked the delegation's whole alert
 * history: 4.9 s at 1,000 participants with a year of resolved alerts). */
static void queries_seek_their_indexes(void **state)
{
    static const struct {
        const char *sql, *index;
    } q[] = {
        {VG_CK_LAST_SQL, "checkins_participant_at"},        /* status */
        {VG_CK_ALERTS_SQL, "checkin_alerts_participant"},   /* status: alerts */
        {VG_CK_HISTORY_ONE_SQL, "checkins_participant_at"}, /* history --participant */
        {"SELECT id FROM checkins WHERE participant_id = ?2 AND +delegation_id = ?1"
         " ORDER BY at, id",
         "checkins_participant_at"},                 /* the streamed history */
        {VG_CONTACT_LIST_SQL, "contact_delegation"}, /* contacts */
        {"UPDATE checkin_alerts SET detail = NULL, note = NULL WHERE participant_id = ?1",
         "checkin_alerts_participant"}, /* purge */
        {"SELECT id, start FROM checkin_episodes WHERE participant_id = ?1"
         " AND ended IS NULL ORDER BY id DESC LIMIT 1",
         "checkin_episodes_open"}, /* every check-in and status: the open episode */
    };
    vg_store *st = open_store();
    char plan[1024];
    (void)state;
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        char want[128];
        plan_of(st, q[i].sql, plan, sizeof plan);
        snprintf(want, sizeof want, "INDEX %s", q[i].index);
        if (!strstr(plan, "SEARCH") || !strstr(plan, want) || strstr(plan, "SCAN TABLE checkin") ||
            strstr(plan, "SCAN TABLE contact"))
            fail_msg("query %zu: plan %s (want a SEARCH using %s)", i, plan, q[i].index);
    }
    vg_store_close(st);
}

/* Issue 16: the statement cache and the chain head kept during a
 * transaction still write one audit entry per check-in, chained. */
static void many_writes_keep_the_audit_chain(void **state)
{
    vg_store *st = open_store();
    vg_checkin c = {0, 0, VG_CHECKIN_OK, NULL, NULL, NULL, "manual", 0};
    int64_t before, after;
    (void)state;
    vg_clock_set(ht("2025-03-07T21:00"));
    c.participant_id = pid2;
    before = count(st, "SELECT count(*) FROM audit");
    assert_int_equal(vg_store_begin(st), VG_OK);
    for (int i = 0; i < 200; i++) {
        c.at = ht("2025-03-07T08:00") + i;
        assert_int_equal(vg_checkin_log(st, "haiti-2025", &c, NULL), VG_OK);
    }
    assert_int_equal(vg_store_commit(st), VG_OK);
    /* and outside a transaction, the head is read back from the table */
    c.at = ht("2025-03-07T09:00");
    assert_int_equal(vg_checkin_log(st, "haiti-2025", &c, NULL), VG_OK);
    after = count(st, "SELECT count(*) FROM audit");
    assert_int_equal(after - before, 201);
    assert_int_equal(vg_audit_verify(st, &after), VG_OK);
    assert_int_equal(after, count(st, "SELECT count(*) FROM audit"));
    /* a rolled-back transaction leaves no head behind */
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_checkin_log(st, "haiti-2025", &c, NULL), VG_OK);
    vg_store_rollback(st);
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_checkin_log(st, "haiti-2025", &c, NULL), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    assert_int_equal(vg_audit_verify(st, &after), VG_OK);
    vg_store_close(st);
}

/* Issue 16: a batch of check-ins in one transaction (the episode check then
 * keeps what it learnt instead of reading it back) records exactly the
 * episodes that the same check-ins record one transaction each: two
 * delegations get the same story (late, on time, out of order, a journey
 * announced in the middle, a delegation ending), one logged in a batch, the
 * other one check-in per transaction, and their episodes must agree. */
static void batch_and_single_checkins_record_the_same_episodes(void **state)
{
    static const char *const slugs[] = {"lot-2025", "seul-2025"};
    vg_store *st = open_store();
    int64_t pid[2][3];
    char dump[2][8192];
    (void)state;
    vg_clock_set(ht("2025-03-04T12:00"));
    assert_int_equal(vg_store_begin(st), VG_OK);
    for (int k = 0; k < 2; k++) {
        vg_delegation d = {0};
        vg_checkin_plan plan = {2, {8 * 60, 20 * 60}, 30, 30, 0, 0};
        snprintf(d.slug, sizeof d.slug, "%s", slugs[k]);
        d.name = "Délégation";
        strcpy(d.country, "HT");
        d.start_day = day("2025-03-05");
        d.end_day = day("2025-03-09");
        assert_int_equal(vg_delegation_add(st, &d), VG_OK);
        free(d.tz);
        assert_int_equal(vg_checkin_plan_set(st, slugs[k], &plan), VG_OK);
        for (int i = 0; i < 3; i++) {
            vg_participant p = {0};
            char name[32];
            snprintf(name, sizeof name, "Personne %c", 'A' + i);
            p.v[VG_PF_NAME] = strdup(name);
            assert_int_equal(vg_participant_add(st, slugs[k], &p), VG_OK);
            pid[k][i] = p.id;
            for (int f = 0; f < VG_PF_COUNT; f++)
                free(p.v[f]);
        }
    }
    assert_int_equal(vg_store_commit(st), VG_OK);
    for (int k = 0; k < 2; k++) {
        /* at 07:50 and 19:50 from 5 March (an hour late once daylight saving
         * starts on the 9th); some slots skipped, one code arrives a day late,
         * a journey is announced on 8 March */
        int64_t t0 = ht("2025-03-05T07:50");
        if (k == 0)
            assert_int_equal(vg_store_begin(st), VG_OK);
        for (int n = 0; n < 12; n++) {
            for (int i = 0; i < 3; i++) {
                vg_checkin c = {pid[k][i],     t0 + (int64_t)n * 43200 + i * 600,
                                VG_CHECKIN_OK, NULL,
                                NULL,          NULL,
                                "code",        0};
                if ((n + i) % 5 == 3)
                    continue; /* a missed one */
                if (n == 12 && i == 1)
                    c.at -= 86400; /* pasted late */
                vg_clock_set(t0 + (int64_t)n * 43200 + 3600);
                if (k == 1)
                    assert_int_equal(vg_store_begin(st), VG_OK);
                assert_int_equal(vg_checkin_log(st, slugs[k], &c, NULL), VG_OK);
                if (n == 7 && i == 2) { /* a journey, then its check-in 18 min late */
                    vg_checkin_expectation e = {
                        pid[k][i], c.at + 600, c.at + 3600, 15, "trajet Jacmel - Port-au-Prince",
                        1};
                    assert_int_equal(vg_checkin_expect(st, slugs[k], &e, NULL), VG_OK);
                    c.at += 3600 + 2000;
                    vg_clock_set(c.at + 60);
                    assert_int_equal(vg_checkin_log(st, slugs[k], &c, NULL), VG_OK);
                }
                if (k == 1)
                    assert_int_equal(vg_store_commit(st), VG_OK);
            }
        }
        if (k == 0)
            assert_int_equal(vg_store_commit(st), VG_OK);
    }
    for (int k = 0; k < 2; k++) {
        sqlite3_stmt *s = NULL;
        size_t len = 0;
        int rows = 0;
        assert_int_equal(
            vg_sql_prepare(st, &s,
                           "SELECT e.participant_id - (SELECT min(id) FROM participant"
                           " WHERE delegation_id = d.id), e.due, e.start, e.late, e.ended,"
                           " e.how, e.reason, e.travelling FROM checkin_episodes e"
                           " JOIN delegation d ON d.id = e.delegation_id WHERE d.slug = ?1"
                           " ORDER BY 1, e.start"),
            VG_OK);
        sqlite3_bind_text(s, 1, slugs[k], -1, SQLITE_STATIC);
        dump[k][0] = '\0';
        while (sqlite3_step(s) == SQLITE_ROW && len < sizeof dump[k] - 200) {
            len += (size_t)snprintf(
                dump[k] + len, sizeof dump[k] - len, "%lld %lld %lld %lld %lld %d %s %d\n",
                (long long)sqlite3_column_int64(s, 0), (long long)sqlite3_column_int64(s, 1),
                (long long)sqlite3_column_int64(s, 2), (long long)sqlite3_column_int64(s, 3),
                (long long)sqlite3_column_int64(s, 4), sqlite3_column_int(s, 5),
                sqlite3_column_text(s, 6) ? "journey" : "-", sqlite3_column_int(s, 7));
            rows++;
        }
        sqlite3_finalize(s);
        /* the story has its late ones, the journey among them */
        if (rows < 5 || !strstr(dump[k], "journey"))
            fail_msg("%s: %d episodes:\n%s", slugs[k], rows, dump[k]);
    }
    if (strcmp(dump[0], dump[1]))
        fail_msg("batch:\n%s\none by one:\n%s", dump[0], dump[1]);
    assert_int_equal(vg_audit_verify(st, NULL), VG_OK);
    vg_store_close(st);
}

static void count_cb(const char *table, int64_t n, void *p)
{
    if (!strcmp(table, "checkins"))
        *(int64_t *)p = n;
}

/* Issue 16: `vigie status` reads the number of check-ins from a count kept
 * in the same transaction as the writes (and deletes, cascades included);
 * `vigie check` refuses a kept count that differs from the rows. */
static void checkin_count_is_kept_and_checked(void **state)
{
    vg_store *st = open_store();
    vg_checkin c = {0, 0, VG_CHECKIN_OK, NULL, NULL, NULL, "manual", 0};
    int64_t kept = -1;
    (void)state;
    vg_clock_set(ht("2025-03-08T21:00"));
    c.participant_id = pid1;
    assert_int_equal(vg_store_begin(st), VG_OK);
    for (int i = 0; i < 30; i++) {
        c.at = ht("2025-03-08T08:00") + i;
        assert_int_equal(vg_checkin_log(st, "haiti-2025", &c, NULL), VG_OK);
    }
    assert_int_equal(vg_store_commit(st), VG_OK);
    assert_int_equal(vg_store_counts(st, count_cb, &kept), VG_OK);
    assert_true(kept >= 30);
    assert_int_equal(kept, count(st, "SELECT count(*) FROM checkins"));
    /* a rolled-back batch leaves the count as it was */
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_checkin_log(st, "haiti-2025", &c, NULL), VG_OK);
    vg_store_rollback(st);
    assert_int_equal(vg_store_counts(st, count_cb, &kept), VG_OK);
    assert_int_equal(kept, count(st, "SELECT count(*) FROM checkins"));
    assert_int_equal(vg_store_check(st), VG_OK);
    /* a count that lies is damage */
    assert_int_equal(vg_sql_exec(st, "UPDATE checkin_count SET n = n + 1"), VG_OK);
    assert_int_equal(vg_store_check(st), VG_EINTEGRITY);
    assert_non_null(strstr(vg_error_last(), "checkins"));
    assert_int_equal(vg_sql_exec(st, "UPDATE checkin_count SET n = n - 1"), VG_OK);
    assert_int_equal(vg_store_check(st), VG_OK);
    /* rows deleted by a cascade are uncounted too */
    assert_int_equal(vg_sql_exec(st, "BEGIN; DELETE FROM checkins WHERE id IN"
                                     " (SELECT id FROM checkins LIMIT 3); COMMIT"),
                     VG_OK);
    assert_int_equal(vg_store_counts(st, count_cb, &kept), VG_OK);
    assert_int_equal(kept, count(st, "SELECT count(*) FROM checkins"));
    assert_int_equal(vg_store_check(st), VG_OK);
    vg_store_close(st);
}

static void log_refuses_bad_input(void **state)
{
    vg_store *st = open_store();
    vg_checkin c = {0, 0, VG_CHECKIN_OK, NULL, NULL, NULL, NULL, 0};
    c.participant_id = pid1;
    (void)state;
    vg_clock_set(ht("2025-03-06T21:00"));
    c.at = ht("2025-03-06T20:05");
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_checkin_log(st, "colombie-2025", &c, NULL), VG_ENOTFOUND);
    c.participant_id = 99;
    assert_int_equal(vg_checkin_log(st, "haiti-2025", &c, NULL), VG_ENOTFOUND);
    c.participant_id = pid1;
    c.at = ht("2025-03-06T21:11");
    assert_int_equal(vg_checkin_log(st, "haiti-2025", &c, NULL), VG_EINVALID); /* future */
    c.at = ht("2025-03-06T21:09");
    c.status = (vg_checkin_status)7;
    assert_int_equal(vg_checkin_log(st, "haiti-2025", &c, NULL), VG_EINVALID);
    c.status = VG_CHECKIN_OK;
    c.source = "pigeon";
    assert_int_equal(vg_checkin_log(st, "haiti-2025", &c, NULL), VG_EINVALID);
    c.source = NULL;
    c.where = "Jacmel\x1b[2J";
    assert_int_equal(vg_checkin_log(st, "haiti-2025", &c, NULL), VG_EINVALID);
    c.where = "\xc3\x28";
    assert_int_equal(vg_checkin_log(st, "haiti-2025", &c, NULL), VG_EINVALID);
    c.where = NULL;
    assert_int_equal(vg_checkin_log(st, "haiti-2025", &c, NULL),
                     VG_OK); /* 10 min ahead: a fast phone */
    assert_int_equal(vg_alert_open(st, "haiti-2025", pid1, (vg_alert_kind)9, NULL), VG_EINVALID);
    vg_store_rollback(st);
    vg_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(before_and_after_the_dates),
        cmocka_unit_test(deadline_boundaries),
        cmocka_unit_test(early_and_double_checkins),
        cmocka_unit_test(silence_counts_from_the_first_miss),
        cmocka_unit_test(haiti_daylight_saving_moves_with_the_wall_clock),
        cmocka_unit_test(a_time_skipped_by_the_change),
        cmocka_unit_test(memo_agrees),
        cmocka_unit_test(across_midnight),
        cmocka_unit_test(journeys_use_travelling_delays),
        cmocka_unit_test(default_ladder_is_the_domain_one),
        cmocka_unit_test(bad_ladders_name_file_and_line),
        cmocka_unit_test(roles_and_statuses_by_name),
        cmocka_unit_test(log_opens_alerts_and_resolve_closes_them),
        cmocka_unit_test(log_refuses_bad_input),
        cmocka_unit_test(latest_checkin_is_an_index_seek),
        cmocka_unit_test(queries_seek_their_indexes),
        cmocka_unit_test(many_writes_keep_the_audit_chain),
        cmocka_unit_test(batch_and_single_checkins_record_the_same_episodes),
        cmocka_unit_test(checkin_count_is_kept_and_checked),
    };
    if (vg_init() != VG_OK)
        return 1;
    return cmocka_run_group_tests(tests, setup, teardown);
}
