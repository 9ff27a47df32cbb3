/* The store: create, open, SQLCipher engine, audit chain, backup parse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <vigie/audit.h>
#include <vigie/backup.h>
#include <vigie/config.h>
#include <vigie/error.h>
#include <vigie/store.h>
#include <vigie/vigie.h>

#include "store/store_internal.h"

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
    snprintf(dir, sizeof dir, "/tmp/vigie-unit-%d/store", (int)getpid());
    vg_secret_from(&pass, PASS, strlen(PASS));
    assert_int_equal(vg_store_create(dir, pass, "test", VG_KDF_INTERACTIVE, NULL, &rkey), VG_OK);
    vg_secret_free(pass);
    vg_secret_free(rkey);
    return 0;
}

static int teardown(void **state)
{
    char cmd[300];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf /tmp/vigie-unit-%d", (int)getpid());
    return system(cmd);
}

static vg_store *open_store(void)
{
    vg_store *st = NULL;
    vg_unlock_opts o = {pass_cb, NULL, 1};
    assert_int_equal(vg_store_open(&st, dir, &o), VG_OK);
    return st;
}

static void opens_with_sqlcipher_engine(void **state)
{
    vg_store *st = open_store();
    sqlite3_stmt *s = NULL;
    (void)state;
    assert_int_equal(vg_sql_prepare(st, &s, "PRAGMA cipher_version"), VG_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_non_null(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    assert_int_equal(vg_store_check(st), VG_OK);
    vg_store_close(st);
}

static void create_refuses_existing_store(void **state)
{
    vg_secret *pass = NULL, *rkey = NULL;
    (void)state;
    vg_secret_from(&pass, PASS, strlen(PASS));
    assert_int_equal(vg_store_create(dir, pass, "x", VG_KDF_INTERACTIVE, NULL, &rkey), VG_EEXISTS);
    assert_null(rkey);
    vg_secret_free(pass);
}

static void locked_without_callback(void **state)
{
    vg_store *st = NULL;
    vg_unlock_opts o = {NULL, NULL, 1};
    (void)state;
    assert_int_equal(vg_store_open(&st, dir, &o), VG_ELOCKED);
    assert_null(st);
}

static void audit_chain_detects_alteration_and_removal(void **state)
{
    vg_store *st = open_store();
    int64_t n = 0;
    (void)state;
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_config_set(st, "org.name", "A"), VG_OK);
    assert_int_equal(vg_config_set(st, "org.name", "B"), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    assert_int_equal(vg_audit_verify(st, &n), VG_OK);
    assert_int_equal(n, 3);
    /* alter an entry's detail */
    assert_int_equal(vg_sql_exec(st, "UPDATE audit SET detail = 'Z' WHERE seq = 2"), VG_OK);
    assert_int_equal(vg_audit_verify(st, NULL), VG_EINTEGRITY);
    assert_non_null(strstr(vg_error_last(), "2"));
    assert_int_equal(vg_store_check(st), VG_EINTEGRITY);
    assert_int_equal(vg_sql_exec(st, "UPDATE audit SET detail = '' WHERE seq = 2"), VG_OK);
    assert_int_equal(vg_audit_verify(st, NULL), VG_OK);
    /* remove one in the middle */
    assert_int_equal(vg_sql_exec(st, "DELETE FROM audit WHERE seq = 2"), VG_OK);
    assert_int_equal(vg_audit_verify(st, NULL), VG_EINTEGRITY);
    vg_store_close(st);
}

static void transaction_rolls_back_whole(void **state)
{
    vg_store *st = open_store();
    char *v = NULL;
    (void)state;
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_config_set(st, "org.phone", "+1 514 555 0100"), VG_OK);
    assert_int_equal(vg_config_set(st, "retention.months", "0"), VG_EINVALID);
    vg_store_rollback(st);
    assert_int_equal(vg_config_get(st, "org.phone", &v), VG_OK);
    assert_null(v);
    assert_int_equal(vg_config_get(st, "retention.months", &v), VG_OK);
    assert_string_equal(v, "18"); /* the default */
    free(v);
    vg_store_close(st);
}

static void backup_round_trip_parses(void **state)
{
    vg_store *st = open_store();
    char path[300];
    const unsigned char *k, *d;
    size_t kl, dl;
    FILE *f;
    unsigned char *buf;
    long len;
    (void)state;
    snprintf(path, sizeof path, "%s/../b.vgb", dir);
    {
        int audited = 0;
        assert_int_equal(vg_backup_write(st, path, 0, &audited), VG_OK);
        assert_int_equal(audited, 1);
        assert_int_equal(vg_backup_write(st, path, 0, &audited), VG_EEXISTS);
    }
    vg_store_close(st);
    f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)len);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    assert_int_equal(vg_backup_parse(buf, (size_t)len, &k, &kl, &d, &dl), VG_OK);
    assert_true(dl >= 4096);
    buf[len / 2] ^= 1;
    assert_int_equal(vg_backup_parse(buf, (size_t)len, &k, &kl, &d, &dl), VG_EINTEGRITY);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(opens_with_sqlcipher_engine),
        cmocka_unit_test(create_refuses_existing_store),
        cmocka_unit_test(locked_without_callback),
        cmocka_unit_test(audit_chain_detects_alteration_and_removal),
        cmocka_unit_test(transaction_rolls_back_whole),
        cmocka_unit_test(backup_round_trip_parses),
    };
    if (vg_init() != VG_OK)
        return 1;
    return cmocka_run_group_tests(tests, setup, teardown);
}
