/* Baseline for bench/cases/checkin_status.sh: what `vigie checkin status`
 * must at least do, bare. Takes the data key from the kernel keyring cache
 * (as `vigie` does after `vigie unlock`; else unlocks the key file with
 * VIGIE_PASSPHRASE), opens vigie.db with the raw key, and runs, for every
 * participant of the delegation, the indexed query for the latest check-in
 * (one seek on checkins_participant_at). Prints one line per participant.
 *
 *   bench_checkin_query STORE_DIR SLUG */
#include <sodium.h>
#include <sqlcipher/sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>
#include <vigie/store.h>

#include "crypto/keycache.h"
#include "crypto/keyfile.h"
#include <vigie/secret.h>
#include <vigie/vigie.h>

int main(int argc, char **argv)
{
    char path[4096], pragma[96], hex[65];
    vg_keyfile *kf = NULL;
    vg_secret *key = NULL;
    sqlite3 *db = NULL;
    sqlite3_stmt *people = NULL, *last = NULL;
    int rc = 1;

    if (argc != 3) {
        fprintf(stderr, "usage: %s STORE_DIR SLUG\n", argv[0]);
        return 2;
    }
    if (vg_init() != VG_OK)
        return 1;
    snprintf(path, sizeof path, "%s/vigie.keys", argv[1]);
    if (vg_keyfile_load(&kf, path) != VG_OK)
        goto done;
    if (vg_keycache_get(&key, vg_keyfile_store_id(kf)) != VG_OK) {
        const char *p = getenv("VIGIE_PASSPHRASE");
        vg_secret *pass = NULL;
        if (!p || vg_secret_from(&pass, p, strlen(p)) != VG_OK)
            goto done;
        rc = vg_keyfile_unlock(&key, NULL, kf, VG_SLOT_PASSPHRASE, pass);
        vg_secret_free(pass);
        if (rc != VG_OK) {
            rc = 1;
            goto done;
        }
        rc = 1;
    }
    snprintf(path, sizeof path, "%s/vigie.db", argv[1]);
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        goto done;
    sodium_bin2hex(hex, sizeof hex, vg_secret_data(key), vg_secret_len(key));
    snprintf(pragma, sizeof pragma, "x'%s'", hex);
    sodium_memzero(hex, sizeof hex);
    if (sqlite3_key(db, pragma, (int)strlen(pragma)) != SQLITE_OK)
        goto done;
    sodium_memzero(pragma, sizeof pragma);
    if (sqlite3_exec(db, "PRAGMA cipher_page_size = 4096", NULL, NULL, NULL) != SQLITE_OK)
        goto done;
    if (sqlite3_prepare_v2(db,
                           "SELECT p.id, p.delegation_id FROM participant p JOIN delegation d"
                           " ON d.id = p.delegation_id WHERE d.slug = ?1 ORDER BY p.id",
                           -1, &people, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT at, status, place, via FROM checkins WHERE participant_id = ?1"
                           " AND at <= ?2 ORDER BY at DESC, id DESC LIMIT 1",
                           -1, &last, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_checkin_query: %s\n", sqlite3_errmsg(db));
        goto done;
    }
    sqlite3_bind_text(people, 1, argv[2], -1, SQLITE_STATIC);
    while (sqlite3_step(people) == SQLITE_ROW) {
        sqlite3_reset(last);
        sqlite3_bind_int64(last, 1, sqlite3_column_int64(people, 0));
        sqlite3_bind_int64(last, 2, INT64_MAX);
        if (sqlite3_step(last) == SQLITE_ROW)
            printf("%lld %lld\n", (long long)sqlite3_column_int64(people, 0),
                   (long long)sqlite3_column_int64(last, 0));
    }
    rc = 0;
done:
    sqlite3_finalize(people);
    sqlite3_finalize(last);
    sqlite3_close(db);
    vg_secret_free(key);
    vg_keyfile_free(kf);
    return rc;
}
