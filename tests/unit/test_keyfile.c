/* Key file and recovery keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <vigie/error.h>
#include <vigie/store.h>

#include "crypto/keyfile.h"
#include <vigie/vigie.h>

static vg_secret *text_secret(const char *s)
{
    vg_secret *x = NULL;
    assert_int_equal(vg_secret_from(&x, s, strlen(s)), VG_OK);
    return x;
}

typedef struct {
    vg_keyfile *kf;
    vg_secret *key, *pass, *rkey;
    unsigned char *buf;
    size_t len;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_int_equal(vg_secret_random(&f->key, VG_DATA_KEY_BYTES), VG_OK);
    assert_int_equal(vg_secret_random(&f->rkey, VG_RECOVERY_KEY_BYTES), VG_OK);
    f->pass = text_secret("une phrase de passe assez longue");
    assert_int_equal(vg_keyfile_new(&f->kf), VG_OK);
    assert_int_equal(
        vg_keyfile_add_passphrase(f->kf, f->key, f->pass, "coordination", VG_KDF_INTERACTIVE, NULL),
        VG_OK);
    assert_int_equal(vg_keyfile_add_recovery(f->kf, f->key, f->rkey, NULL), VG_OK);
    assert_int_equal(vg_keyfile_serialize(&f->buf, &f->len, f->kf, f->key), VG_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    vg_keyfile_free(f->kf);
    vg_secret_free(f->key);
    vg_secret_free(f->pass);
    vg_secret_free(f->rkey);
    free(f->buf);
    free(f);
    return 0;
}

static void round_trip_unlocks_with_passphrase_and_recovery(void **state)
{
    fixture *f = *state;
    vg_keyfile *kf = NULL;
    vg_secret *out = NULL;
    uint32_t id = 0;
    assert_int_equal(vg_keyfile_parse(&kf, f->buf, f->len), VG_OK);
    assert_int_equal(vg_keyfile_count(kf), 2);
    assert_int_equal(vg_keyfile_unlock(&out, &id, kf, VG_SLOT_PASSPHRASE, f->pass), VG_OK);
    assert_int_equal(id, 1);
    assert_true(vg_secret_equal(out, f->key));
    assert_int_equal(vg_keyfile_verify(kf, out), VG_OK);
    vg_secret_free(out);
    assert_int_equal(vg_keyfile_unlock(&out, &id, kf, VG_SLOT_RECOVERY, f->rkey), VG_OK);
    assert_int_equal(id, 2);
    assert_true(vg_secret_equal(out, f->key));
    vg_secret_free(out);
    vg_keyfile_free(kf);
}

static void wrong_passphrase_is_auth_failure(void **state)
{
    fixture *f = *state;
    vg_keyfile *kf = NULL;
    vg_secret *out = NULL, *bad = text_secret("une phrase de passe assez longuE");
    assert_int_equal(vg_keyfile_parse(&kf, f->buf, f->len), VG_OK);
    assert_int_equal(vg_keyfile_unlock(&out, NULL, kf, VG_SLOT_PASSPHRASE, bad), VG_EAUTH);
    assert_null(out);
    vg_secret_free(bad);
    vg_keyfile_free(kf);
}

static void every_flipped_byte_is_integrity_failure(void **state)
{
    fixture *f = *state;
    unsigned char *copy = malloc(f->len);
    for (size_t i = 0; i < f->len; i++) {
        vg_keyfile *kf = NULL;
        memcpy(copy, f->buf, f->len);
        copy[i] ^= 0x01;
        assert_int_equal(vg_keyfile_parse(&kf, copy, f->len), VG_EINTEGRITY);
        assert_null(kf);
        assert_true(strlen(vg_error_last()) > 0);
    }
    for (size_t n = 0; n < f->len; n += 7) {
        vg_keyfile *kf = NULL;
        assert_int_equal(vg_keyfile_parse(&kf, f->buf, n), VG_EINTEGRITY);
    }
    free(copy);
}

/* Someone without the data key removes a slot and recomputes the checksum:
 * the MAC catches it once the store is opened. */
static void slot_removed_without_key_is_detected(void **state)
{
    fixture *f = *state;
    vg_keyfile *kf = NULL, *again = NULL;
    vg_secret *other = NULL, *out = NULL;
    unsigned char *buf = NULL;
    size_t len;
    assert_int_equal(vg_keyfile_parse(&kf, f->buf, f->len), VG_OK);
    assert_int_equal(vg_keyfile_remove(kf, 2), VG_OK);
    assert_int_equal(vg_secret_random(&other, VG_DATA_KEY_BYTES), VG_OK);
    assert_int_equal(vg_keyfile_serialize(&buf, &len, kf, other), VG_OK); /* wrong MAC key */
    assert_int_equal(vg_keyfile_parse(&again, buf, len), VG_OK);
    assert_int_equal(vg_keyfile_unlock(&out, NULL, again, VG_SLOT_PASSPHRASE, f->pass), VG_OK);
    assert_int_equal(vg_keyfile_verify(again, out), VG_EINTEGRITY);
    vg_secret_free(out);
    vg_secret_free(other);
    vg_keyfile_free(kf);
    vg_keyfile_free(again);
    free(buf);
}

static void last_passphrase_slot_cannot_be_removed(void **state)
{
    fixture *f = *state;
    vg_keyfile *kf = NULL;
    assert_int_equal(vg_keyfile_parse(&kf, f->buf, f->len), VG_OK);
    assert_int_equal(vg_keyfile_remove(kf, 1), VG_EINVALID);
    assert_int_equal(vg_keyfile_remove(kf, 42), VG_ENOTFOUND);
    assert_int_equal(vg_keyfile_remove(kf, 2), VG_OK);
    vg_keyfile_free(kf);
}

static void short_passphrase_refused_in_characters(void **state)
{
    fixture *f = *state;
    vg_secret *p = text_secret("éééééééééé1"); /* 11 characters, 21 bytes */
    assert_int_equal(vg_keyfile_add_passphrase(f->kf, f->key, p, "x", VG_KDF_INTERACTIVE, NULL),
                     VG_EINVALID);
    vg_secret_free(p);
    p = text_secret("éééééééééé12");
    assert_int_equal(vg_keyfile_add_passphrase(f->kf, f->key, p, "x", VG_KDF_INTERACTIVE, NULL),
                     VG_OK);
    vg_secret_free(p);
}

static void recovery_key_text_round_trip_and_typos(void **state)
{
    fixture *f = *state;
    char text[VG_RECOVERY_TEXT_MAX], typed[VG_RECOVERY_TEXT_MAX];
    vg_secret *back = NULL;
    (void)state;
    assert_int_equal(vg_recovery_format(text, f->rkey), VG_OK);
    assert_int_equal(strlen(text), 47);
    assert_int_equal(vg_recovery_parse(&back, text), VG_OK);
    assert_true(vg_secret_equal(back, f->rkey));
    vg_secret_free(back);
    /* lower case, spaces instead of dashes */
    for (size_t i = 0; i <= strlen(text); i++)
        typed[i] = text[i] == '-'
                       ? ' '
                       : (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32 : text[i]);
    assert_int_equal(vg_recovery_parse(&back, typed), VG_OK);
    assert_true(vg_secret_equal(back, f->rkey));
    vg_secret_free(back);
    /* every single-character substitution is caught, in the right group */
    for (size_t i = 0; i < strlen(text); i++) {
        if (text[i] == '-')
            continue;
        for (const char *c = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; *c; c++) {
            char want[32];
            if (*c == text[i])
                continue;
            strcpy(typed, text);
            typed[i] = *c;
            assert_int_equal(vg_recovery_parse(&back, typed), VG_EINVALID);
            snprintf(want, sizeof want, "group %zu", i / 6 + 1);
            assert_non_null(strstr(vg_error_last(), want));
        }
    }
    assert_int_equal(vg_recovery_parse(&back, "ABCD"), VG_EINVALID);
    assert_int_equal(vg_recovery_parse(&back, "not a key at all!"), VG_EINVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(round_trip_unlocks_with_passphrase_and_recovery, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(wrong_passphrase_is_auth_failure, setup, teardown),
        cmocka_unit_test_setup_teardown(every_flipped_byte_is_integrity_failure, setup, teardown),
        cmocka_unit_test_setup_teardown(slot_removed_without_key_is_detected, setup, teardown),
        cmocka_unit_test_setup_teardown(last_passphrase_slot_cannot_be_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(short_passphrase_refused_in_characters, setup, teardown),
        cmocka_unit_test_setup_teardown(recovery_key_text_round_trip_and_typos, setup, teardown),
    };
    if (vg_init() != VG_OK)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
