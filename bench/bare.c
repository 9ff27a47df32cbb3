/* Bare baselines for the cases of bench/cases/: the same work as a Vigie command,
 * done with SQLCipher and libsodium directly on the same store (the data
 * key from the kernel keyring as `vigie` takes it after `vigie unlock`, or
 * the key file unlocked with VIGIE_PASSPHRASE; the raw key given to
 * SQLCipher). Nothing of Vigie's own code runs but the key file reader.
 *
 *   bench_bare open    STORE_DIR            open the store, read its schema
 *   bench_bare status  STORE_DIR SLUG AT    per participant: the latest check-in
 *                                           at or before AT and its open alerts
 *   bench_bare walk    STORE_DIR SLUG       every check-in in time order, printed
 *   bench_bare alerts  STORE_DIR SLUG K AT  (setup) K resolved alerts per
 *                                           participant, over the year before AT
 *   bench_bare writes  STORE_DIR SLUG N AT  N check-ins, each with its
 *                                           hash-chained audit row (BLAKE2b as
 *                                           store/audit.c), one transaction
 */
#include <sodium.h>
#include <sqlcipher/sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>
#include <vigie/secret.h>
#include <vigie/store.h>
#include <vigie/vigie.h>

#include "crypto/keycache.h"
#include "crypto/keyfile.h"

static sqlite3 *open_store(const char *dir, int flags)
{
    char path[4096], pragma[96], hex[65];
    vg_keyfile *kf = NULL;
    vg_secret *key = NULL;
    sqlite3 *db = NULL;
    snprintf(path, sizeof path, "%s/vigie.keys", dir);
    if (vg_keyfile_load(&kf, path) != VG_OK)
        return NULL;
    if (vg_keycache_get(&key, vg_keyfile_store_id(kf)) != VG_OK) {
        const char *p = getenv("VIGIE_PASSPHRASE");
        vg_secret *pass = NULL;
        if (!p || vg_secret_from(&pass, p, strlen(p)) != VG_OK ||
            vg_keyfile_unlock(&key, NULL, kf, VG_SLOT_PASSPHRASE, pass) != VG_OK) {
            vg_secret_free(pass);
            vg_keyfile_free(kf);
            return NULL;
        }
        vg_secret_free(pass);
    }
    vg_keyfile_free(kf);
    snprintf(path, sizeof path, "%s/vigie.db", dir);
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK)
        goto fail;
    sodium_bin2hex(hex, sizeof hex, vg_secret_data(key), vg_secret_len(key));
    snprintf(pragma, sizeof pragma, "x'%s'", hex);
    sodium_memzero(hex, sizeof hex);
    if (sqlite3_key(db, pragma, (int)strlen(pragma)) != SQLITE_OK)
        goto fail;
    sodium_memzero(pragma, sizeof pragma);
    if (sqlite3_exec(db, "PRAGMA cipher_page_size = 4096; PRAGMA synchronous = FULL;", NULL, NULL,
                     NULL) != SQLITE_OK ||
        sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK)
        goto fail;
    vg_secret_free(key);
    return db;
fail:
    vg_secret_free(key);
    sqlite3_close(db);
    return NULL;
}

static int prep(sqlite3 *db, sqlite3_stmt **s, const char *sql)
{
    if (sqlite3_prepare_v2(db, sql, -1, s, NULL) == SQLITE_OK)
        return 0;
    fprintf(stderr, "bench_bare: %s\n", sqlite3_errmsg(db));
    return -1;
}

static int status(sqlite3 *db, const char *slug, int64_t at)
{
    sqlite3_stmt *people = NULL, *last = NULL, *alerts = NULL;
    int rc = 1;
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    if (prep(db, &people,
             "SELECT p.id, p.delegation_id, p.name FROM participant p JOIN delegation d"
             " ON d.id = p.delegation_id WHERE d.slug = ?1 ORDER BY p.id") ||
        prep(db, &last,
             "SELECT at, status, place, via FROM checkins WHERE participant_id = ?1"
             " AND at <= ?2 ORDER BY at DESC, id DESC LIMIT 1") ||
        prep(db, &alerts,
             "SELECT a.id, a.kind, a.opened FROM checkin_alerts a WHERE a.participant_id = ?1"
             " AND a.opened <= ?2 AND (a.resolved IS NULL OR a.resolved > ?2)"))
        goto done;
    sqlite3_bind_text(people, 1, slug, -1, SQLITE_STATIC);
    while (sqlite3_step(people) == SQLITE_ROW) {
        int64_t pid = sqlite3_column_int64(people, 0);
        long long seen = 0;
        int nal = 0;
        sqlite3_reset(last);
        sqlite3_bind_int64(last, 1, pid);
        sqlite3_bind_int64(last, 2, at);
        if (sqlite3_step(last) == SQLITE_ROW)
            seen = sqlite3_column_int64(last, 0);
        sqlite3_reset(alerts);
        sqlite3_bind_int64(alerts, 1, pid);
        sqlite3_bind_int64(alerts, 2, at);
        while (sqlite3_step(alerts) == SQLITE_ROW)
            nal++;
        printf("%s %lld %d\n", (const char *)sqlite3_column_text(people, 2), seen, nal);
    }
    rc = 0;
done:
    sqlite3_finalize(people);
    sqlite3_finalize(last);
    sqlite3_finalize(alerts);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    return rc;
}

static int walk(sqlite3 *db, const char *slug)
{
    sqlite3_stmt *s = NULL;
    if (prep(db, &s,
             "SELECT c.id, p.name, c.at, c.status, c.place, c.via, c.note, c.source"
             " FROM checkins c JOIN participant p ON p.id = c.participant_id"
             " WHERE c.delegation_id = (SELECT id FROM delegation WHERE slug = ?1)"
             " ORDER BY c.at, c.id"))
        return 1;
    sqlite3_exec(db, "PRAGMA cache_size = -2048", NULL, NULL, NULL);
    sqlite3_bind_text(s, 1, slug, -1, SQLITE_STATIC);
    while (sqlite3_step(s) == SQLITE_ROW)
        printf("%lld  %s  %lld  %d  %s  %s  %s  %s\n", (long long)sqlite3_column_int64(s, 0),
               (const char *)sqlite3_column_text(s, 1), (long long)sqlite3_column_int64(s, 2),
               sqlite3_column_int(s, 3), (const char *)sqlite3_column_text(s, 4),
               (const char *)sqlite3_column_text(s, 5), (const char *)sqlite3_column_text(s, 6),
               (const char *)sqlite3_column_text(s, 7));
    sqlite3_finalize(s);
    return 0;
}

static void feed_str(crypto_generichash_state *h, const char *s)
{
    unsigned char len[4];
    size_t n = strlen(s);
    for (int i = 0; i < 4; i++)
        len[i] = (unsigned char)(n >> (8 * i));
    crypto_generichash_update(h, len, 4);
    crypto_generichash_update(h, (const unsigned char *)s, n);
}

static void num(crypto_generichash_state *h, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    crypto_generichash_update(h, b, 8);
}

static int writes(sqlite3 *db, const char *slug, long n, int64_t at)
{
    sqlite3_stmt *people = NULL, *ins = NULL, *aud = NULL, *head = NULL;
    int64_t *ids = NULL, did = 0, seq = 0;
    size_t np = 0, cap = 0;
    unsigned char prev[32] = {0}, hash[32];
    int rc = 1;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
        prep(db, &people,
             "SELECT p.id, p.delegation_id FROM participant p JOIN delegation d"
             " ON d.id = p.delegation_id WHERE d.slug = ?1 ORDER BY p.id") ||
        prep(db, &head, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1") ||
        prep(db, &ins,
             "INSERT INTO checkins (delegation_id, participant_id, at, status, place,"
             " via, note, source, logged) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)") ||
        prep(db, &aud, "INSERT INTO audit VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"))
        goto done;
    sqlite3_bind_text(people, 1, slug, -1, SQLITE_STATIC);
    while (sqlite3_step(people) == SQLITE_ROW) {
        if (np == cap) {
            cap = cap ? cap * 2 : 64;
            ids = realloc(ids, cap * sizeof *ids);
        }
        ids[np++] = sqlite3_column_int64(people, 0);
        did = sqlite3_column_int64(people, 1);
    }
    if (!np)
        goto done;
    if (sqlite3_step(head) == SQLITE_ROW) {
        seq = sqlite3_column_int64(head, 0);
        memcpy(prev, sqlite3_column_blob(head, 1), 32);
    }
    for (long i = 0; i < n; i++) {
        char obj[96], det[128];
        crypto_generichash_state h;
        int64_t pid = ids[i % (long)np], id;
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, did);
        sqlite3_bind_int64(ins, 2, pid);
        sqlite3_bind_int64(ins, 3, at - n + i);
        sqlite3_bind_int(ins, 4, 0);
        sqlite3_bind_text(ins, 5, "Jacmel", -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 6, "Signal", -1, SQLITE_STATIC);
        sqlite3_bind_null(ins, 7);
        sqlite3_bind_text(ins, 8, "manual", -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 9, at);
        if (sqlite3_step(ins) != SQLITE_DONE)
            goto done;
        id = sqlite3_last_insert_rowid(db);
        snprintf(obj, sizeof obj, "%s/participant/%lld", slug, (long long)pid);
        snprintf(det, sizeof det, "checkin %lld ok manual", (long long)id);
        seq++;
        crypto_generichash_init(&h, NULL, 0, 32);
        crypto_generichash_update(&h, prev, 32);
        num(&h, (uint64_t)seq);
        num(&h, (uint64_t)at);
        feed_str(&h, "bench");
        feed_str(&h, "checkin.log");
        feed_str(&h, obj);
        feed_str(&h, det);
        crypto_generichash_final(&h, hash, 32);
        sqlite3_reset(aud);
        sqlite3_bind_int64(aud, 1, seq);
        sqlite3_bind_int64(aud, 2, at);
        sqlite3_bind_text(aud, 3, "bench", -1, SQLITE_STATIC);
        sqlite3_bind_text(aud, 4, "checkin.log", -1, SQLITE_STATIC);
        sqlite3_bind_text(aud, 5, obj, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(aud, 6, det, -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(aud, 7, hash, 32, SQLITE_TRANSIENT);
        if (sqlite3_step(aud) != SQLITE_DONE)
            goto done;
        memcpy(prev, hash, 32);
    }
    rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : 1;
done:
    if (rc)
        fprintf(stderr, "bench_bare: %s\n", sqlite3_errmsg(db));
    free(ids);
    sqlite3_finalize(people);
    sqlite3_finalize(head);
    sqlite3_finalize(ins);
    sqlite3_finalize(aud);
    return rc;
}

static int seed_alerts(sqlite3 *db, const char *slug, int k, int64_t at)
{
    char sql[512];
    snprintf(
        sql, sizeof sql,
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
        " INSERT INTO checkin_alerts (delegation_id, participant_id, kind, detail, opened,"
        " resolved, note) SELECT p.delegation_id, p.id, 1 + (n.i %% 4), NULL,"
        " %lld - 31536000 + n.i * 1500000 + p.id, %lld - 31536000 + n.i * 1500000 + p.id + 3600,"
        " 'resolved' FROM participant p JOIN delegation d ON d.id = p.delegation_id, n"
        " WHERE d.slug = ?1",
        k - 1, (long long)at, (long long)at);
    sqlite3_stmt *s = NULL;
    int rc;
    if (prep(db, &s, sql))
        return 1;
    sqlite3_bind_text(s, 1, slug, -1, SQLITE_STATIC);
    rc = sqlite3_step(s) == SQLITE_DONE ? 0 : 1;
    if (rc)
        fprintf(stderr, "bench_bare: %s\n", sqlite3_errmsg(db));
    sqlite3_finalize(s);
    return rc;
}

int main(int argc, char **argv)
{
    sqlite3 *db;
    int rc = 2;
    if (argc < 3 || vg_init() != VG_OK) {
        fprintf(stderr, "usage: %s open|status|walk|writes STORE_DIR [SLUG [N] [AT]]\n", argv[0]);
        return 2;
    }
    db = open_store(argv[2], strcmp(argv[1], "writes") && strcmp(argv[1], "alerts")
                                 ? SQLITE_OPEN_READONLY
                                 : SQLITE_OPEN_READWRITE);
    if (!db) {
        fprintf(stderr, "bench_bare: cannot open the store in %s\n", argv[2]);
        return 1;
    }
    if (!strcmp(argv[1], "open"))
        rc = 0;
    else if (!strcmp(argv[1], "status") && argc == 5)
        rc = status(db, argv[3], atoll(argv[4]));
    else if (!strcmp(argv[1], "walk") && argc == 4)
        rc = walk(db, argv[3]);
    else if (!strcmp(argv[1], "alerts") && argc == 6)
        rc = seed_alerts(db, argv[3], atoi(argv[4]), atoll(argv[5]));
    else if (!strcmp(argv[1], "writes") && argc == 6)
        rc = writes(db, argv[3], atol(argv[4]), atoll(argv[5]));
    sqlite3_close(db);
    return rc;
}
