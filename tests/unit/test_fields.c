/* The emergency profile's fields: normal forms and refusals, phone numbers
 * through libphonenumber. No store needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>
#include <vigie/vigie.h>

#include "util/phone.h"

static void field_normal_forms(void **state)
{
    struct {
        vg_pfield f;
        const char *in, *want; /* want NULL: refused */
    } cases[] = {
        {VG_PF_PHONE, "418-555-0102", "+1 418 555 0102"},
        {VG_PF_PHONE, "+1 (418) 555-0102", "+1 418 555 0102"},
        {VG_PF_PHONE, "+57 601 6579800", "+57 601 657 9800"},
        {VG_PF_PHONE, "0057 601 657 9800", "+57 601 657 9800"},
        {VG_PF_PHONE, "011 57 601 657 9800", "+57 601 657 9800"},
        {VG_PF_PHONE, "+509 2229 8000", "+509 22 29 8000"},
        {VG_PF_PHONE, "+52 55 5724 7900", "+52 55 5724 7900"},
        {VG_PF_PHONE, "+57 12", NULL},
        {VG_PF_PHONE, "2229 8000", NULL},
        {VG_PF_PHONE, "555", NULL},
        {VG_PF_PHONE, "pas de téléphone", NULL},
        {VG_PF_BIRTH_DATE, "1990-02-28", "1990-02-28"},
        {VG_PF_BIRTH_DATE, "28/02/1990", "1990-02-28"},
        {VG_PF_BIRTH_DATE, "5/3/1990", "1990-03-05"},
        {VG_PF_BIRTH_DATE, "1990-02-29", NULL},
        {VG_PF_BIRTH_DATE, "02/28/1990", NULL},
        {VG_PF_EMAIL, "a.b@Exemple.QC.ca", "a.b@exemple.qc.ca"},
        {VG_PF_EMAIL, "pas un courriel", NULL},
        {VG_PF_EMAIL, "a@b", NULL},
        {VG_PF_EMAIL, "@exemple.org", NULL},
        {VG_PF_MEDEVAC, "Oui", "yes"},
        {VG_PF_MEDEVAC, "NON", "no"},
        {VG_PF_MEDEVAC, "peut-être", NULL},
        {VG_PF_BLOOD_GROUP, "ab-", "AB-"},
        {VG_PF_BLOOD_GROUP, "O négatif", "O-"},
        {VG_PF_BLOOD_GROUP, "A−", "A-"},
        {VG_PF_BLOOD_GROUP, "C+", NULL},
        {VG_PF_BLOOD_GROUP, "O", NULL},
        {VG_PF_NAME, "  Zoé  ", "Zoé"},
        {VG_PF_NAME, "a\tb", NULL},
        {VG_PF_NOTES, "ligne 1\r\nligne 2", "ligne 1\nligne 2"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL;
        int rc = vg_field_normalise(cases[i].f, cases[i].in, &out);
        if (cases[i].want) {
            if (rc != VG_OK)
                fail_msg("%s: %s", cases[i].in, vg_error_last());
            assert_string_equal(out, cases[i].want);
        } else {
            if (rc != VG_EINVALID)
                fail_msg("%s was accepted as %s", cases[i].in, out ? out : "(null)");
            assert_null(out);
        }
        free(out);
    }
    {
        char *out = (char *)"x";
        assert_int_equal(vg_field_normalise(VG_PF_EMAIL, "   ", &out), VG_OK);
        assert_null(out);
        assert_int_equal(vg_field_normalise(VG_PF_PHONE, "+57 12", &out), VG_EINVALID);
        assert_string_equal(vg_error_last(), "\"+57 12\" is too short for a Colombian number");
    }
}

static void local_numbers_in_the_delegation_country(void **state)
{
    char *out = NULL;
    (void)state;
    /* a Haitian number cannot be North American: taken as Haitian */
    assert_int_equal(vg_field_normalise_for(VG_PF_LOCAL_SIM, "3456 7890", "HT", &out), VG_OK);
    assert_string_equal(out, "+509 34 56 7890");
    free(out);
    /* a Colombian mobile is also a valid North American number: ambiguous */
    assert_int_equal(vg_field_normalise_for(VG_PF_LOCAL_SIM, "310 234 4567", "CO", &out),
                     VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "+57"));
    assert_int_equal(vg_field_normalise_for(VG_PF_LOCAL_SIM, "+57 310 234 4567", "CO", &out),
                     VG_OK);
    assert_string_equal(out, "+57 310 234 4567");
    free(out);
    /* other phone fields keep the North American default */
    assert_int_equal(vg_field_normalise_for(VG_PF_PHONE, "3456 7890", "HT", &out), VG_EINVALID);
}

static void phones(void **state)
{
    struct {
        const char *in, *alt, *want;
    } cases[] = {
        {"+1 418 555 0102", NULL, "+1 418 555 0102"},
        {"1-418-555-0102", NULL, "+1 418 555 0102"},
        {"418.555.0102", NULL, "+1 418 555 0102"},
        {"+1 800 555 0123", NULL, "+1 800 555 0123"},
        {"+52 55 5724 7900", NULL, "+52 55 5724 7900"},
        {"+52 1 998 555 0100", NULL, "+52 998 555 0100"}, /* the old mobile "1" dropped */
        {"+509 3456 7890", NULL, "+509 34 56 7890"},
        {"+57 310 234 4567", NULL, "+57 310 234 4567"},
        {"+33 1 23 45 67 89", NULL, "+33 1 23 45 67 89"},
        {"+999 123", NULL, NULL},
        {"++", NULL, NULL},
        {"", NULL, NULL},
        {"418 555 0102 ext. 12", NULL, "+1 418 555 0102 ext. 12"},
        {"3456 7890", "HT", "+509 34 56 7890"},
        {"55 5724 7900", "MX", "+52 55 5724 7900"},
        {"601 657 9800", "CO", NULL}, /* Bogotá or Mississippi: ambiguous */
        {"418 555 0102", "CA", "+1 418 555 0102"},
        /* the North-American fast path (issue 16) writes what the library does */
        {"(418) 555-0102", NULL, "+1 418 555 0102"},
        {"+1 (514) 555-0177", "CO", "+1 514 555 0177"},
        {"1 819.555.0199", "US", "+1 819 555 0199"},
        {"+1 876 555 0100", NULL, "+1 876 555 0100"}, /* Jamaica, still +1 */
        {"418 155 0102", NULL, NULL},                 /* an exchange never starts with 1 */
        {"+1 418 555 01023", NULL, NULL},             /* 11 digits after +1 */
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL;
        int rc = vg_phone_normalise(cases[i].in, cases[i].alt, &out);
        if (cases[i].want) {
            if (rc != VG_OK)
                fail_msg("%s: %s", cases[i].in, vg_error_last());
            assert_string_equal(out, cases[i].want);
        } else if (rc == VG_OK) {
            fail_msg("\"%s\" was accepted as %s", cases[i].in, out);
        } else {
            assert_int_equal(rc, VG_EINVALID);
            assert_true(strlen(vg_error_last()) > 0);
        }
        free(out);
    }
}

static void phone_reasons(void **state)
{
    char *out = NULL;
    (void)state;
    assert_int_equal(vg_phone_normalise("+57 310 234 45678901", NULL, &out), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "too long for a Colombian number"));
    assert_int_equal(vg_phone_normalise("555", NULL, &out), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "too short for a North American number"));
    assert_int_equal(vg_phone_normalise("2229 8000", NULL, &out), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "cannot be a North American number"));
    assert_int_equal(vg_phone_normalise("123 456 7890", NULL, &out), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "not a valid North American number"));
    assert_int_equal(vg_phone_normalise("+509 12", NULL, &out), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "Haitian"));
    assert_int_equal(vg_phone_normalise("appelez-moi", NULL, &out), VG_EINVALID);
    assert_null(out);
}

static void every_field_has_a_working_type(void **state)
{
    const vg_pfield_info *f = vg_participant_fields();
    (void)state;
    for (int i = 0; i < VG_PF_COUNT; i++) {
        const char *sample = f[i].type == VG_FT_DATE    ? "2026-01-31"
                             : f[i].type == VG_FT_PHONE ? "+1 418 555 0102"
                             : f[i].type == VG_FT_EMAIL ? "a@exemple.org"
                             : f[i].type == VG_FT_YESNO ? "yes"
                             : f[i].type == VG_FT_BLOOD ? "AB+"
                                                        : "Texte accentué";
        char *out = NULL;
        assert_int_equal(vg_field_normalise((vg_pfield)i, sample, &out), VG_OK);
        assert_string_equal(out, sample);
        free(out);
        /* keys are snake_case and unique */
        for (const char *c = f[i].key; *c; c++)
            assert_true((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_');
        for (int j = 0; j < i; j++)
            assert_string_not_equal(f[i].key, f[j].key);
        assert_non_null(f[i].label);
    }
    {
        char *out = NULL, big[2100];
        memset(big, 'a', sizeof big - 1);
        big[sizeof big - 1] = '\0';
        assert_int_equal(vg_field_normalise(VG_PF_NOTES, big, &out), VG_EINVALID);
        big[201] = '\0';
        assert_int_equal(vg_field_normalise(VG_PF_NAME, big, &out), VG_EINVALID);
        assert_int_equal(vg_field_normalise(VG_PF_NAME, "Ca\xc3", &out), VG_EINVALID);
        assert_int_equal(vg_field_normalise(VG_PF_NOTES, "a\x01", &out), VG_EINVALID);
        assert_int_equal(vg_field_normalise(VG_PF_COUNT, "x", &out), VG_EINVALID);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(field_normal_forms),
        cmocka_unit_test(local_numbers_in_the_delegation_country),
        cmocka_unit_test(phones),
        cmocka_unit_test(phone_reasons),
        cmocka_unit_test(every_field_has_a_working_type),
    };
    vg_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
