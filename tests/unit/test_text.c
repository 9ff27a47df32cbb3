/* Names and headers folded for matching (utf8proc). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>

#include "util/text.h"

static void check_key(const char *in, vg_key_mode mode, const char *want)
{
    char *k = vg_text_key(in, mode);
    if (!want) {
        assert_null(k);
        return;
    }
    if (!k || strcmp(k, want))
        fail_msg("\"%s\" folded to \"%s\", expected \"%s\"", in, k ? k : "(null)", want);
    free(k);
}

static void names(void **state)
{
    (void)state;
    check_key("Marie-Ève Côté", VG_KEY_NAME, "marie eve cote");
    check_key("  MARIE   EVE COTE ", VG_KEY_NAME, "marie eve cote");
    check_key("Chloé Nguyễn", VG_KEY_NAME, "chloe nguyen");
    check_key("José Ramírez Peña", VG_KEY_NAME, "jose ramirez pena");
    check_key("O'Neil", VG_KEY_NAME, "o neil");
    check_key("O’Neil", VG_KEY_NAME, "o neil");
    check_key("Œuvre Lætitia", VG_KEY_NAME, "oeuvre laetitia");
    check_key("Straße", VG_KEY_NAME, "strasse");
    check_key("ÇA", VG_KEY_NAME, "ca");
    check_key("ﬁne", VG_KEY_NAME, "fine");                     /* compatibility ligature */
    check_key("Ｆｕｌｌ", VG_KEY_NAME, "full");                /* full-width */
    check_key("e\xcc\x81lo\xc3\xafse", VG_KEY_NAME, "eloise"); /* decomposed input */
    check_key("!!!", VG_KEY_NAME, "");
    check_key("bad \xff utf8", VG_KEY_NAME, NULL);
}

static void headers(void **state)
{
    (void)state;
    check_key("Date de naissance", VG_KEY_HEADER, "datedenaissance");
    check_key("Téléphone du contact d'urgence", VG_KEY_HEADER, "telephoneducontactdurgence");
    check_key("E-mail", VG_KEY_HEADER, "email");
    check_key("Assistance 24/7", VG_KEY_HEADER, "assistance247");
    check_key("passport_expiry", VG_KEY_HEADER, "passportexpiry");
    check_key("RÔLE ", VG_KEY_HEADER, "role");
}

static void header_fields(void **state)
{
    struct {
        const char *header;
        int has_first;
        const char *field;
    } cases[] = {
        {"Nom complet", 0, "name"},
        {"Name", 0, "name"},
        {"Full name", 0, "name"},
        {"Nom", 0, "name"},
        {"Nom", 1, "last_name"},
        {"Prénom", 1, "first_name"},
        {"First name", 1, "first_name"},
        {"Last Name", 1, "last_name"},
        {"Courriel", 0, "email"},
        {"E-mail", 0, "email"},
        {"Email", 0, "email"},
        {"Téléphone", 0, "phone"},
        {"Cellulaire", 0, "phone"},
        {"Mobile", 0, "phone"},
        {"Phone", 0, "phone"},
        {"Date de naissance", 0, "birth_date"},
        {"Date of birth", 0, "birth_date"},
        {"Passeport", 0, "passport_number"},
        {"Numéro de passeport", 0, "passport_number"},
        {"Passport", 0, "passport_number"},
        {"Passport number", 0, "passport_number"},
        {"Expiration du passeport", 0, "passport_expiry"},
        {"Passport expiry", 0, "passport_expiry"},
        {"Contact d'urgence", 0, "kin1_name"},
        {"Emergency contact", 0, "kin1_name"},
        {"Téléphone du contact d'urgence", 0, "kin1_phone"},
        {"Emergency contact phone", 0, "kin1_phone"},
        {"Assureur", 0, "insurer"},
        {"Insurer", 0, "insurer"},
        {"Numéro de police", 0, "policy_number"},
        {"Police d'assurance", 0, "policy_number"},
        {"Policy number", 0, "policy_number"},
        {"Assistance 24/7", 0, "assistance_phone"},
        {"Assistance phone", 0, "assistance_phone"},
        {"Groupe sanguin", 0, "blood_group"},
        {"Blood type", 0, "blood_group"},
        {"Allergies", 0, "allergies"},
        {"Rôle", 0, "role"},
        {"Role", 0, "role"},
        {"KIN2_PHONE", 0, "kin2_phone"},
        {"local-sim", 0, "local_sim"},
        {"Medical evacuation covered", 0, "medevac"}, /* the English label */
        {"Taille de t-shirt", 0, NULL},
        {"", 0, NULL},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *f = vg_import_header_field(cases[i].header, cases[i].has_first);
        if (!cases[i].field) {
            if (f)
                fail_msg("\"%s\" read as %s", cases[i].header, f);
            continue;
        }
        if (!f || strcmp(f, cases[i].field))
            fail_msg("\"%s\" read as %s, expected %s", cases[i].header, f ? f : "(nothing)",
                     cases[i].field);
    }
}

static void checks_and_trim(void **state)
{
    char *t;
    (void)state;
    assert_true(vg_utf8_valid("Éloïse", strlen("Éloïse")));
    assert_false(vg_utf8_valid("\xc3", 1));
    assert_false(vg_utf8_valid("a\0b", 3));
    assert_int_equal(vg_utf8_chars("Éloïse"), 6);
    t = vg_text_trim("  a\r\nb\rc \t\n");
    assert_string_equal(t, "a\nb\nc");
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names),
        cmocka_unit_test(headers),
        cmocka_unit_test(header_fields),
        cmocka_unit_test(checks_and_trim),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
