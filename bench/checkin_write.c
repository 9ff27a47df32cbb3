/* Vigie's side of bench/cases/writes.sh: N check-ins logged through
 * libvigie's public vg_checkin_log (validated, audited: one hash-chained
 * audit row each) in one transaction, on an existing delegation.
 *
 *   bench_checkin_write STORE_DIR SLUG N
 *
 * The store is unlocked from the kernel keyring cache or VIGIE_PASSPHRASE;
 * VIGIE_NOW sets the clock (the check-ins end one second before it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/error.h>
#include <vigie/participant.h>
#include <vigie/secret.h>
#include <vigie/store.h>
#include <vigie/vigie.h>

static int pass_cb(vg_secret **out, void *p)
{
    const char *v = getenv("VIGIE_PASSPHRASE");
    (void)p;
    return v ? vg_secret_from(out, v, strlen(v)) : VG_ELOCKED;
}

int main(int argc, char **argv)
{
    vg_store *st = NULL;
    vg_unlock_opts o = {pass_cb, NULL, 0};
    vg_participant **people = NULL;
    size_t np = 0;
    long n;
    int64_t now;
    int rc;
    const char *env = getenv("VIGIE_NOW");

    if (argc != 4 || (n = atol(argv[3])) < 1) {
        fprintf(stderr, "usage: %s STORE_DIR SLUG N\n", argv[0]);
        return 2;
    }
    if (vg_init() != VG_OK)
        return 1;
    if (env) {
        int64_t t;
        if (vg_time_parse(&t, env, NULL) != VG_OK)
            return 2;
        vg_clock_set(t);
    }
    now = vg_now();
    if ((rc = vg_store_open(&st, argv[1], &o)) != VG_OK ||
        (rc = vg_participant_list(st, argv[2], &people, &np)) != VG_OK || !np ||
        (rc = vg_store_begin(st)) != VG_OK)
        goto fail;
    for (long i = 0; i < n; i++) {
        vg_checkin c = {people[i % (long)np]->id,
                        now - n + i,
                        VG_CHECKIN_OK,
                        "Jacmel",
                        "Signal",
                        NULL,
                        "manual",
                        0};
        if ((rc = vg_checkin_log(st, argv[2], &c, NULL)) != VG_OK)
            goto fail;
    }
    if ((rc = vg_store_commit(st)) != VG_OK)
        goto fail;
    vg_participant_list_free(people, np);
    vg_store_close(st);
    return 0;
fail:
    fprintf(stderr, "bench_checkin_write: %s\n", vg_error_last());
    vg_participant_list_free(people, np);
    vg_store_rollback(st);
    vg_store_close(st);
    return 1;
}
