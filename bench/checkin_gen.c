/* Generator for bench/cases/checkin_status.sh (not installed, not a
 * command): fills a store with one delegation in Haiti, N participants with
 * a daily plan at 08:00 and 20:00, and M check-ins spread over the
 * delegation's days, all through libvigie's public API (so every check-in
 * is validated and audited as `vigie checkin log` would do it), in one
 * transaction.
 *
 *   bench_checkin_gen STORE_DIR SLUG PARTICIPANTS CHECKINS
 *
 * The store is unlocked from the kernel keyring cache or VIGIE_PASSPHRASE.
 * VIGIE_NOW is set by the caller to the end of the generated history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>
#include <vigie/secret.h>
#include <vigie/store.h>
#include <vigie/vigie.h>

static int pass_cb(vg_secret **out, void *p)
{
    const char *v = getenv("VIGIE_PASSPHRASE");
    (void)p;
    if (!v)
        return VG_ELOCKED;
    return vg_secret_from(out, v, strlen(v));
}

int main(int argc, char **argv)
{
    vg_store *st = NULL;
    vg_unlock_opts o = {pass_cb, NULL, 0};
    vg_delegation d = {0};
    vg_checkin_plan plan = {2, {8 * 60, 20 * 60}, 30, 30, 0, 0};
    long np, nc;
    int64_t *ids, start, span;
    int rc;
    const char *now = getenv("VIGIE_NOW");

    if (argc != 5 || (np = atol(argv[3])) < 1 || (nc = atol(argv[4])) < 0) {
        fprintf(stderr, "usage: %s STORE_DIR SLUG PARTICIPANTS CHECKINS\n", argv[0]);
        return 2;
    }
    if (vg_init() != VG_OK)
        return 1;
    if (now) {
        int64_t t;
        if (vg_time_parse(&t, now, NULL) != VG_OK)
            return 2;
        vg_clock_set(t);
    }
    if ((rc = vg_store_open(&st, argv[1], &o)) != VG_OK || (rc = vg_store_begin(st)) != VG_OK)
        goto fail;
    snprintf(d.slug, sizeof d.slug, "%s", argv[2]);
    d.name = "Bench";
    strcpy(d.country, "HT");
    /* a year-long internship ending today, so the history fits its dates */
    d.end_day = (int32_t)(vg_now() / 86400);
    d.start_day = d.end_day - 364;
    if ((rc = vg_delegation_add(st, &d)) != VG_OK ||
        (rc = vg_checkin_plan_set(st, d.slug, &plan)) != VG_OK)
        goto fail;
    ids = calloc((size_t)np, sizeof *ids);
    for (long i = 0; i < np; i++) {
        vg_participant p = {0};
        char name[32];
        snprintf(name, sizeof name, "Participant %03ld", i + 1);
        p.v[VG_PF_NAME] = strdup(name);
        if ((rc = vg_participant_add(st, d.slug, &p)) != VG_OK)
            goto fail;
        ids[i] = p.id;
        for (int k = 0; k < VG_PF_COUNT; k++)
            free(p.v[k]);
    }
    start = (int64_t)d.start_day * 86400 + 12 * 3600;
    span = vg_now() - 3600 - start;
    for (long i = 0; i < nc; i++) {
        vg_checkin c = {ids[i % np],   start + span * i / (nc ? nc : 1),
                        VG_CHECKIN_OK, "Jacmel",
                        "Signal",      NULL,
                        "manual",      0};
        if ((rc = vg_checkin_log(st, d.slug, &c, NULL)) != VG_OK)
            goto fail;
    }
    if ((rc = vg_store_commit(st)) != VG_OK)
        goto fail;
    free(d.tz);
    vg_store_close(st);
    return 0;
fail:
    fprintf(stderr, "bench_checkin_gen: %s\n", vg_error_last());
    vg_store_rollback(st);
    vg_store_close(st);
    return 1;
}
