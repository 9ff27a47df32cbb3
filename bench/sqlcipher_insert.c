/* Baseline for bench/cases/import.sh: the same rows inserted with SQLCipher
 * directly, in one transaction, with Vigie's settings (raw key, page size
 * 4096, 64 MiB cache, secure_delete, synchronous FULL), into a table with
 * the participant table's columns. No validation, no normalisation, no
 * audit: the floor of an import.
 *   bench_sqlcipher_insert DB FILE.csv   (semicolons, no quoted cells, a header) */
#include <sodium.h>
#include <sqlcipher/sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLS 15

int main(int argc, char **argv)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    unsigned char key[32];
    char keyhex[2 * 32 + 4] = "x'", line[4096];
    FILE *f;
    int rc = 1, n = 0;

    if (argc != 3 || sodium_init() < 0)
        return 2;
    if (!(f = fopen(argv[2], "r")))
        return 1;
    randombytes_buf(key, sizeof key);
    sodium_bin2hex(keyhex + 2, 65, key, sizeof key);
    keyhex[66] = '\'';
    keyhex[67] = '\0';
    if (sqlite3_open(argv[1], &db) != SQLITE_OK || sqlite3_key(db, keyhex, 67) != SQLITE_OK)
        goto done;
    if (sqlite3_exec(db,
                     "PRAGMA cipher_page_size = 4096; PRAGMA cache_size = -65536;"
                     "PRAGMA secure_delete = ON; PRAGMA synchronous = FULL;"
                     "CREATE TABLE participant (id INTEGER PRIMARY KEY, name_key TEXT, "
                     "first TEXT, last TEXT, email TEXT, phone TEXT, birth_date TEXT, "
                     "passport_number TEXT, passport_expiry TEXT, kin1_name TEXT, kin1_phone TEXT, "
                     "insurer TEXT, policy_number TEXT, assistance_phone TEXT, blood_group TEXT, "
                     "allergies TEXT, role TEXT, UNIQUE (name_key));"
                     "BEGIN IMMEDIATE",
                     NULL, NULL, NULL) != SQLITE_OK)
        goto done;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO participant (name_key, first, last, email, phone, "
                           "birth_date, passport_number, passport_expiry, kin1_name, kin1_phone, "
                           "insurer, policy_number, assistance_phone, blood_group, allergies, role)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                           "?15, ?16)",
                           -1, &s, NULL) != SQLITE_OK)
        goto done;
    while (fgets(line, sizeof line, f)) {
        char *cell[COLS], *p = line;
        int c = 0;
        if (n++ == 0)
            continue; /* header */
        line[strcspn(line, "\r\n")] = '\0';
        while (c < COLS) {
            cell[c++] = p;
            p = strchr(p, ';');
            if (!p)
                break;
            *p++ = '\0';
        }
        while (c < COLS)
            cell[c++] = (char *)"";
        sqlite3_reset(s);
        sqlite3_bind_text(s, 1, cell[0], -1, SQLITE_STATIC); /* unique, as a name key */
        for (int i = 0; i < COLS; i++)
            sqlite3_bind_text(s, i + 2, cell[i], -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE)
            goto done;
    }
    rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : 1;
done:
    if (rc)
        fprintf(stderr, "bench_sqlcipher_insert: %s\n", db ? sqlite3_errmsg(db) : "open failed");
    sqlite3_finalize(s);
    sqlite3_close(db);
    fclose(f);
    sodium_memzero(key, sizeof key);
    sodium_memzero(keyhex, sizeof keyhex);
    return rc;
}
