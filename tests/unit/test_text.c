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
        /* as coordinators write them (issue 13) */
        {"Téléphone cellulaire", 0, "phone"},
        {"Tél. cell.", 0, "phone"},
        {"Cell", 0, "phone"},
        {"Tél. contact d'urgence", 0, "kin1_phone"},
        {"Téléphone de la personne à joindre", 0, "kin1_phone"},
        {"Téléphone d\u2019urgence", 0, "kin1_phone"},
        {"Personne à joindre en cas d\u2019urgence", 0, "kin1_name"},
        {"Contact d'urgence 2", 0, "kin2_name"},
        {"Tél. 2e contact d'urgence", 0, "kin2_phone"},
        {"Lien", 0, "kin1_relation"},
        {"Lien de parenté", 0, "kin1_relation"},
        {"No passeport", 0, "passport_number"},
        {"N° passeport", 0, "passport_number"},
        {"Nº de passeport", 0, "passport_number"},
        {"# passeport", 0, "passport_number"},
        {"Passport #", 0, "passport_number"},
        {"Date d'expiration du passeport", 0, "passport_expiry"},
        {"Passeport - date d'expiration", 0, "passport_expiry"},
        {"Assurance voyage", 0, "insurer"},
        {"No police d'assurance", 0, "policy_number"},
        {"Tél. assistance assurance", 0, "assistance_phone"},
        {"Fonction", 0, "role"},
        {"Emergency contact cell", 0, "kin1_phone"},
        {"Mobile phone", 0, "phone"},
        {"Cellulaire local", 0, "local_sim"},
        {"Problèmes de santé", 0, "conditions"},
        {"Assurance maladie", 0, NULL},   /* the RAMQ card, not the insurer */
        {"Téléphone au bureau", 0, NULL}, /* not the phone in the field */
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

/* The one decoder: every well-formed sequence, and each way a byte string
 * can fail to be UTF-8, as RFC 3629 and Unicode's table 3-7 list them. */
static void decoder(void **state)
{
    static const struct {
        const char *bytes;
        size_t len;
        size_t want;
        uint32_t cp;
    } cases[] = {
        {"A", 1, 1, 0x41},
        {"\xc3\xa9", 2, 2, 0xe9},            /* é */
        {"\xe2\x82\xac", 3, 3, 0x20ac},      /* € */
        {"\xf0\x9f\x98\x80", 4, 4, 0x1f600}, /* an emoji */
        {"\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff},
        {"\xc0\xaf", 2, 0, 0},         /* overlong slash */
        {"\xe0\x80\xaf", 3, 0, 0},     /* overlong */
        {"\xf0\x80\x80\xaf", 4, 0, 0}, /* overlong */
        {"\xed\xa0\x80", 3, 0, 0},     /* a surrogate */
        {"\xf4\x90\x80\x80", 4, 0, 0}, /* above U+10FFFF */
        {"\x80", 1, 0, 0},             /* a stray continuation byte */
        {"\xc3", 1, 0, 0},             /* cut by the bound */
        {"\xe2\x82", 2, 0, 0},
        {"\xc3"
         "A",
         2, 0, 0},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t cp = 0;
        size_t n = vg_utf8_decode((const unsigned char *)cases[i].bytes, cases[i].len, &cp);
        assert_int_equal(n, cases[i].want);
        if (n)
            assert_int_equal(cp, cases[i].cp);
    }
    assert_int_equal(vg_utf8_decode((const unsigned char *)"", 0, NULL), 0);
}

/* The one text check: C0, DEL, C1 and the Unicode line separators refused,
 * the newline only where lines are allowed. */
static void text_clean(void **state)
{
    (void)state;
    assert_true(vg_text_clean("Tibú, Norte de Santander", 25, 0));
    assert_false(vg_text_clean("a\nb", 3, 0));
    assert_true(vg_text_clean("a\nb", 3, 1));
    assert_false(vg_text_clean("a\tb", 3, 1));
    assert_false(vg_text_clean("a\x7f", 2, 0));
    assert_false(vg_text_clean("a\xc2\x85", 3, 1)); /* NEL, a C1 control */
    assert_false(vg_text_clean("a\xe2\x80\xa8"
                               "b",
                               5, 1)); /* LINE SEPARATOR */
    assert_false(vg_text_clean("a\0b", 3, 0));
    assert_false(vg_text_clean("caf\xc3", 4, 0));
    assert_true(vg_text_clean("caf\xc2\xa0"
                              "e",
                              6, 0)); /* a no-break space is text */
    assert_true(vg_is_control('\n'));
    assert_false(vg_is_control(0xa0));
}

/* A copy cut at a byte bound never ends inside a character. */
static void whole(void **state)
{
    const char *s = "Cap-Ha\xc3\xaftien \xe2\x82\xac";
    (void)state;
    assert_int_equal(vg_utf8_whole(s, 6), 6);
    assert_int_equal(vg_utf8_whole(s, 7), 6); /* "Cap-Ha" + half of ï */
    assert_int_equal(vg_utf8_whole(s, 8), 8);
    assert_int_equal(vg_utf8_whole(s, 15), 13); /* two bytes of € */
    assert_int_equal(vg_utf8_whole(s, 14), 13);
    assert_int_equal(vg_utf8_whole(s, 13), 13);
    assert_int_equal(vg_utf8_whole(s, strlen(s)), strlen(s));
    assert_int_equal(vg_utf8_whole("", 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names),         cmocka_unit_test(headers),
        cmocka_unit_test(header_fields), cmocka_unit_test(checks_and_trim),
        cmocka_unit_test(decoder),       cmocka_unit_test(text_clean),
        cmocka_unit_test(whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
