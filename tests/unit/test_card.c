/* Check-in cards: the HOTP core against RFC 6238, card layouts, and
 * messages as people type them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <vigie/card.h>
#include <vigie/error.h>
#include <vigie/vigie.h>

/* RFC 6238 Appendix B, SHA-256 column: the 32-byte seed, T0 = 0, X = 30. */
static void rfc6238_sha256_vectors(void **state)
{
    static const unsigned char seed[] = "12345678901234567890123456789012";
    static const struct {
        uint64_t t;
        uint32_t totp;
    } v[] = {
        {59, 46119246},         {1111111109, 68084774}, {1111111111, 67062674},
        {1234567890, 91819424}, {2000000000, 90698825}, {20000000000ULL, 77737706},
    };
    (void)state;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        assert_int_equal(vg_hotp_sha256(seed, 32, v[i].t / 30, 8), v[i].totp);
        /* The card's 6 digits are the same truncation, modulo 10^6. */
        assert_int_equal(vg_hotp_sha256(seed, 32, v[i].t / 30, 6), v[i].totp % 1000000);
    }
}

static void generated_cards_are_sound(void **state)
{
    (void)state;
    for (int round = 0; round < 20; round++) {
        vg_secret *s = NULL;
        vg_card_layout l;
        uint32_t codes[VG_CARD_CODES_DEFAULT + VG_CARD_DURESS];
        char text[64];
        vg_card_layout back;
        assert_int_equal(vg_card_generate(&s, &l, VG_CARD_CODES_DEFAULT), VG_OK);
        assert_int_equal(vg_card_positions(&l), VG_CARD_CODES_DEFAULT + VG_CARD_DURESS);
        assert_int_equal(l.nduress, VG_CARD_DURESS);
        for (uint32_t i = 0; i < l.nduress; i++) {
            assert_true(l.duress_pos[i] > 0);
            assert_true(l.duress_pos[i] < vg_card_positions(&l));
            if (i)
                assert_true(l.duress_pos[i] > l.duress_pos[i - 1]);
        }
        assert_false(vg_card_is_duress(&l, 0));
        for (uint32_t p = 0; p < vg_card_positions(&l); p++) {
            assert_int_equal(vg_card_code(&codes[p], s, &l, p), VG_OK);
            assert_true(codes[p] < 1000000);
            for (uint32_t q = 0; q < p; q++)
                assert_int_not_equal(codes[p], codes[q]);
        }
        assert_int_not_equal(vg_card_code(&codes[0], s, &l, vg_card_positions(&l)), VG_OK);
        vg_card_positions_format(text, &l);
        back.ncodes = l.ncodes;
        back.nduress = l.nduress;
        assert_int_equal(vg_card_positions_parse(&back, text), VG_OK);
        assert_memory_equal(back.duress_pos, l.duress_pos, sizeof l.duress_pos);
        vg_secret_free(s);
    }
}

static void duress_codes_come_from_another_key(void **state)
{
    vg_secret *s = NULL;
    vg_card_layout l, none;
    int differ = 0;
    (void)state;
    assert_int_equal(vg_card_generate(&s, &l, 40), VG_OK);
    none = l;
    none.nduress = 0;
    none.ncodes = vg_card_positions(&l);
    for (uint32_t i = 0; i < l.nduress; i++) {
        uint32_t a, b;
        assert_int_equal(vg_card_code(&a, s, &l, l.duress_pos[i]), VG_OK);
        assert_int_equal(vg_card_code(&b, s, &none, l.duress_pos[i]), VG_OK);
        differ += a != b;
    }
    assert_true(differ >= 2); /* 1 chance in 10^6 each to coincide */
    vg_secret_free(s);
}

static void card_bounds_and_damaged_positions(void **state)
{
    vg_secret *s = NULL;
    vg_card_layout l = {40, 3, {0}};
    (void)state;
    assert_int_equal(vg_card_generate(&s, &l, 4), VG_EINVALID);
    assert_int_equal(vg_card_generate(&s, &l, VG_CARD_CODES_MAX + 1), VG_EINVALID);
    assert_null(s);
    l.ncodes = 40;
    l.nduress = 3;
    assert_int_equal(vg_card_positions_parse(&l, "5,9,30"), VG_OK);
    assert_int_equal(vg_card_positions_parse(&l, "9,5,30"), VG_EINTEGRITY);
    assert_int_equal(vg_card_positions_parse(&l, "5,9"), VG_EINTEGRITY);
    assert_int_equal(vg_card_positions_parse(&l, "5,9,43"), VG_EINTEGRITY);
    assert_int_equal(vg_card_positions_parse(&l, "5,9,30,31"), VG_EINTEGRITY);
    assert_int_equal(vg_card_positions_parse(&l, "5;9;30"), VG_EINTEGRITY);
    assert_int_equal(vg_card_positions_parse(&l, "-5,9,30"), VG_EINTEGRITY);
}

static void parse(vg_card_msg *m, const char *text)
{
    assert_int_equal(vg_card_msg_parse(m, text), VG_OK);
}

static void messages_as_people_type_them(void **state)
{
    vg_card_msg m;
    (void)state;
    parse(&m, "OK 482913 Bogotá");
    assert_true(m.has_status);
    assert_int_equal(m.status, VG_CHECKIN_OK);
    assert_int_equal(m.code, 482913);
    assert_string_equal(m.where, "Bogotá");
    assert_string_equal(m.note, "");

    parse(&m, "ok 482913");
    assert_int_equal(m.status, VG_CHECKIN_OK);
    assert_int_equal(m.code, 482913);
    assert_string_equal(m.where, "");

    parse(&m, "OK: 482 913 - Bogotá");
    assert_int_equal(m.code, 482913);
    assert_string_equal(m.where, "Bogotá");

    parse(&m, "Aide 482913 on est bloqués à Cúcuta");
    assert_int_equal(m.status, VG_CHECKIN_HELP);
    assert_int_equal(m.code, 482913);
    assert_string_equal(m.where, "");
    assert_string_equal(m.note, "on est bloqués à Cúcuta");

    parse(&m, "ÈD 482-913");
    assert_int_equal(m.status, VG_CHECKIN_HELP);
    assert_int_equal(m.code, 482913);
    /* the same word typed with a combining accent (E + U+0300) */
    parse(&m, "E\xcc\x80"
              "d 482913");
    assert_int_equal(m.status, VG_CHECKIN_HELP);

    parse(&m, "urgencia 048 213, Cali");
    assert_int_equal(m.status, VG_CHECKIN_EMERGENCY);
    assert_int_equal(m.code, 48213);
    assert_string_equal(m.where, "Cali");

    parse(&m, "IJANS 482913");
    assert_int_equal(m.status, VG_CHECKIN_EMERGENCY);
    parse(&m, "EMERGENCY 48 29 13");
    assert_int_equal(m.status, VG_CHECKIN_EMERGENCY);
    assert_int_equal(m.code, 482913);
    parse(&m, "Urgence!482913");
    assert_int_equal(m.status, VG_CHECKIN_EMERGENCY);
    assert_int_equal(m.code, 482913);
    parse(&m, "AYUDA 482913");
    assert_int_equal(m.status, VG_CHECKIN_HELP);
    parse(&m, "help 482913");
    assert_int_equal(m.status, VG_CHECKIN_HELP);

    /* the most serious word before the code wins */
    parse(&m, "pas OK, aide 482913");
    assert_int_equal(m.status, VG_CHECKIN_HELP);
    /* a status word after the code, when none is before it */
    parse(&m, "482913 ok Medellín");
    assert_true(m.has_status);
    assert_int_equal(m.status, VG_CHECKIN_OK);
    assert_string_equal(m.where, "Medellín");
    /* no status word: taken as ok, flagged */
    parse(&m, "482913 Medellín");
    assert_false(m.has_status);
    assert_int_equal(m.status, VG_CHECKIN_OK);
    /* a word in the note is not a status word */
    parse(&m, "OK 482913 on a aidé le partenaire à Cali aujourd'hui");
    assert_int_equal(m.status, VG_CHECKIN_OK);
    assert_string_equal(m.note, "on a aidé le partenaire à Cali aujourd'hui");
    /* greetings before, a newline inside */
    parse(&m, "Hola! OK 482913\nhotel Cali");
    assert_int_equal(m.code, 482913);
    assert_string_equal(m.where, "hotel Cali");
    /* a number after the code stays in the rest */
    parse(&m, "OK 482913 3 personnes à Cali ce soir");
    assert_int_equal(m.code, 482913);
    assert_string_equal(m.note, "3 personnes à Cali ce soir");
    /* a phone number before the code is skipped whole */
    parse(&m, "appelle +57 300 123 4567 OK 482913");
    assert_int_equal(m.code, 482913);
    parse(&m, "tel 300 123 4567 OK 482 913");
    assert_int_equal(m.code, 482913);
}

static void messages_without_a_code_are_refused(void **state)
{
    vg_card_msg m;
    (void)state;
    assert_int_equal(vg_card_msg_parse(&m, "OK Bogotá"), VG_EINVALID);
    assert_int_equal(vg_card_msg_parse(&m, "OK 48291 Bogotá"), VG_EINVALID);
    assert_int_equal(vg_card_msg_parse(&m, "OK 4829130"), VG_EINVALID);
    assert_int_equal(vg_card_msg_parse(&m, "+57 300 123 4567"), VG_EINVALID);
    assert_int_equal(vg_card_msg_parse(&m, ""), VG_EINVALID);
    assert_false(m.has_code);
}

static void long_and_broken_messages_stay_bounded(void **state)
{
    vg_card_msg m;
    char big[5000];
    (void)state;
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    memcpy(big, "OK 123456 ", 10);
    parse(&m, big);
    assert_int_equal(m.code, 123456);
    assert_true(strlen(m.note) <= VG_CARD_REST_MAX);
    /* invalid UTF-8 and control characters never reach the note */
    parse(&m, "OK 123456 Bogot\xe1\x01 \xff"
              "ciudad");
    assert_int_equal(m.code, 123456);
    for (const unsigned char *p = (const unsigned char *)m.where; *p; p++)
        assert_true(*p >= 0x20 && *p != 0xff && *p != 0xe1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc6238_sha256_vectors),
        cmocka_unit_test(generated_cards_are_sound),
        cmocka_unit_test(duress_codes_come_from_another_key),
        cmocka_unit_test(card_bounds_and_damaged_positions),
        cmocka_unit_test(messages_as_people_type_them),
        cmocka_unit_test(messages_without_a_code_are_refused),
        cmocka_unit_test(long_and_broken_messages_stay_bounded),
    };
    if (vg_init() != VG_OK)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
