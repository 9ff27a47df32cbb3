/* Test helper: create a delegation directly through libvigie, for the
 * end-to-end tests of modules that need one (risk register) without
 * depending on the delegation commands.
 *   mkdelegation SLUG CC START END [REGION...]   (store: $VIGIE_STORE,
 *   passphrase: $VIGIE_PASSPHRASE) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/error.h>
#include <vigie/store.h>
#include <vigie/vigie.h>

static int pass_cb(vg_secret **out, void *p)
{
    const char *s = getenv("VIGIE_PASSPHRASE");
    (void)p;
    return vg_secret_from(out, s ? s : "", s ? strlen(s) : 0);
}

int main(int argc, char **argv)
{
    vg_store *st = NULL;
    vg_unlock_opts o = {pass_cb, NULL, 1};
    vg_delegation d;
    char *dir;
    int rc;
    if (argc < 5) {
        fprintf(stderr, "usage: %s SLUG CC START END [REGION...]\n", argv[0]);
        return 2;
    }
    if (vg_init() != VG_OK || !(dir = vg_store_default_dir(NULL)))
        return 1;
    memset(&d, 0, sizeof d);
    snprintf(d.slug, sizeof d.slug, "%s", argv[1]);
    d.name = argv[1];
    snprintf(d.country, sizeof d.country, "%s", argv[2]);
    if (vg_date_parse(&d.start_day, argv[3]) != VG_OK || vg_date_parse(&d.end_day, argv[4]) != VG_OK) {
        fprintf(stderr, "mkdelegation: %s\n", vg_error_last());
        return 2;
    }
    d.regions = argv + 5;
    d.nregions = (size_t)(argc - 5);
    rc = vg_store_open(&st, dir, &o);
    if (rc == VG_OK && (rc = vg_store_begin(st)) == VG_OK) {
        rc = vg_delegation_add(st, &d);
        rc = rc == VG_OK ? vg_store_commit(st) : (vg_store_rollback(st), rc);
    }
    if (rc != VG_OK)
        fprintf(stderr, "mkdelegation: %s\n", vg_error_last());
    vg_store_close(st);
    free(dir);
    return rc == VG_OK ? 0 : 1;
}
