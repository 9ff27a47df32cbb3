/* Check-in cards: the HOTP core against RFC 6238, card layouts, and
 * messages as people type them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <vigie/card.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/store.h>
#include <vigie/error.h>
#include <vigie/vigie.h>

#include "store/store_internal.h"

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
    /* another form of a word of distress is not a status word, but a
     * person reads the message */
    parse(&m, "OK 482913 on a aidé le partenaire à Cali aujourd'hui");
    assert_int_equal(m.status, VG_CHECKIN_OK);
    assert_true(m.review);
    assert_int_equal(m.review_why, VG_CARD_REVIEW_FORM);
    assert_string_equal(m.review_words, "aidé");
    assert_string_equal(m.note, "on a aidé le partenaire à Cali aujourd'hui");
    parse(&m, "OK 482913 Cali, on a visité le marché");
    assert_false(m.review);
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

/* Status words anywhere in the message (security review 2026-12, finding 1). */
static void status_words_anywhere(void **state)
{
    static const struct {
        const char *text;
        vg_checkin_status status;
    } cases[] = {
        {"557365 Cali aide", VG_CHECKIN_HELP},
        {"063112 Cúcuta URGENCE", VG_CHECKIN_EMERGENCY},
        {"817549 S.O.S.", VG_CHECKIN_EMERGENCY},
        {"817549 s o s", VG_CHECKIN_EMERGENCY},
        {"817549 s.o.s", VG_CHECKIN_EMERGENCY},
        {"074587 not ok, help", VG_CHECKIN_HELP},
        {"141179 on est bloqués, aide SVP", VG_CHECKIN_HELP},
        {"OK 482913 Bogotá, en fait URGENCIA", VG_CHECKIN_EMERGENCY},
        {"ok 482913 mwen bezwen èd", VG_CHECKIN_HELP},
        {"482913 Jacmel ÈD", VG_CHECKIN_HELP},
        {"482913 Jacmel ed", VG_CHECKIN_HELP},
        {"482913 ijans", VG_CHECKIN_EMERGENCY},
        {"482913 Oaxaca ayúdame", VG_CHECKIN_HELP},
        {"482913 Oaxaca AYUDAME", VG_CHECKIN_HELP},
        {"482913 socorro", VG_CHECKIN_EMERGENCY},
        {"aide 482913 tout est ok", VG_CHECKIN_HELP},
        {"OK 482913 Cali help!!", VG_CHECKIN_HELP},
        {"OK 482913 Cali. SOS", VG_CHECKIN_EMERGENCY},
        {"ok 482913 aide... urgence", VG_CHECKIN_EMERGENCY},
        {"OK 482913\nhelp", VG_CHECKIN_HELP},
        {"OK 482913 E\xcc\x80"
         "D",
         VG_CHECKIN_HELP},
        {"OK 482913 AÏDE", VG_CHECKIN_OK}, /* another form: reviewed, below */
    };
    vg_card_msg m;
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        parse(&m, cases[i].text);
        if (m.status != cases[i].status)
            fail_msg("\"%s\": status %d, expected %d", cases[i].text, (int)m.status,
                     (int)cases[i].status);
        assert_true(m.has_status);
    }
    /* the place stays as typed */
    parse(&m, "557365 Cali aide");
    assert_string_equal(m.where, "Cali aide");
}

/* Words of distress that did not set the status: a person reads them. */
static void distress_not_used_is_reviewed(void **state)
{
    static const struct {
        const char *text;
        int why;
    } cases[] = {
        {"OK 482913 pas besoin d'aide", VG_CARD_REVIEW_NEGATION},
        {"OK 482913 no hay peligro", VG_CARD_REVIEW_NEGATION},
        {"OK 482913 not in danger", VG_CARD_REVIEW_NEGATION},
        {"482913 pas ok", VG_CARD_REVIEW_NEGATION},
        {"482913 NOT OK", VG_CARD_REVIEW_NEGATION},
        {"OK 482913 aide ?", VG_CARD_REVIEW_QUESTION},
        {"OK 482913 besoin d'aide?", VG_CARD_REVIEW_QUESTION},
        {"OK 482913 sos?", VG_CARD_REVIEW_QUESTION},
        {"OK 482913 c'est urgent ?", VG_CARD_REVIEW_QUESTION},
        {"OK 482913 visite des urgences de Cali", VG_CARD_REVIEW_FORM},
        {"OK 482913 zone dangereuse", VG_CARD_REVIEW_FORM},
        {"OK 482913 AÏDE", VG_CARD_REVIEW_FORM},
    };
    vg_card_msg m;
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        parse(&m, cases[i].text);
        if (m.status != VG_CHECKIN_OK || !m.review || m.review_why != cases[i].why)
            fail_msg("\"%s\": status %d review %d (%d), expected ok, review %d", cases[i].text,
                     (int)m.status, m.review, m.review_why, cases[i].why);
        assert_true(m.review_words[0]);
    }
    parse(&m, "OK 482913 pas besoin d'aide");
    assert_string_equal(m.review_words, "aide");
    /* a question elsewhere does not matter; help still wins over a denied ok */
    parse(&m, "où êtes-vous? aide 482913");
    assert_int_equal(m.status, VG_CHECKIN_HELP);
    assert_false(m.review);
    parse(&m, "pas OK, aide 482913");
    assert_int_equal(m.status, VG_CHECKIN_HELP);
    assert_false(m.review);
    /* plain check-ins are not reviewed */
    parse(&m, "OK 482913 Bogotá");
    assert_false(m.review);
    parse(&m, "OK 482913 tout va bien, pas de problème");
    assert_false(m.review);
    parse(&m, "OK 482913 Hotel Ed Sullivan"); /* a name: reads as help, never ok */
    assert_int_equal(m.status, VG_CHECKIN_HELP);
}

/* Every word the card prints reads as its status, in every case. */
static void the_card_table_reads_back(void **state)
{
    vg_card_msg m;
    (void)state;
    for (size_t k = 0; k < vg_card_nwords; k++) {
        char msg[96];
        snprintf(msg, sizeof msg, "482913 Cali %s", vg_card_words[k].word);
        parse(&m, msg);
        assert_int_equal(m.status, vg_card_words[k].status);
        snprintf(msg, sizeof msg, "%s 482913", vg_card_words[k].word);
        parse(&m, msg);
        assert_int_equal(m.status, vg_card_words[k].status);
        assert_false(m.review);
    }
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

/* ---- The organisation's side, against a real store ---- */

static const char *PASS = "phrase de passe du test";

static int pass_cb(vg_secret **out, void *p)
{
    (void)p;
    return vg_secret_from(out, PASS, strlen(PASS));
}

typedef struct {
    char dir[256];
    vg_store *st;
    vg_participant *marie, *paul;
    vg_secret *ms, *ps; /* their card secrets, read back from the store */
    vg_card_layout ml, pl;
} cardfix;

static void add_person(vg_store *st, const char *name)
{
    vg_participant p;
    memset(&p, 0, sizeof p);
    p.v[VG_PF_NAME] = strdup(name);
    assert_int_equal(vg_participant_add(st, "colombie-2025", &p), VG_OK);
    for (int i = 0; i < VG_PF_COUNT; i++)
        free(p.v[i]);
}

/* Read a participant's current card secret and layout from the store. */
static void read_card(vg_store *st, int64_t pid, vg_secret **secret, vg_card_layout *l)
{
    sqlite3_stmt *s = NULL;
    assert_int_equal(vg_sql_prepare(st, &s,
                                    "SELECT secret, ncodes, nduress, duress_pos FROM field_card"
                                    " WHERE participant_id = ?1 AND revoked IS NULL"),
                     VG_OK);
    sqlite3_bind_int64(s, 1, pid);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    vg_secret_free(*secret);
    assert_int_equal(vg_secret_from(secret, sqlite3_column_blob(s, 0), 32), VG_OK);
    memset(l, 0, sizeof *l);
    l->ncodes = (uint32_t)sqlite3_column_int(s, 1);
    l->nduress = (uint32_t)sqlite3_column_int(s, 2);
    assert_int_equal(vg_card_positions_parse(l, (const char *)sqlite3_column_text(s, 3)), VG_OK);
    sqlite3_finalize(s);
}

static void issue(cardfix *f, vg_participant *p, const char *file, int replace)
{
    vg_card_info info;
    char path[300], duress[64];
    snprintf(path, sizeof path, "%s/../%s", f->dir, file);
    assert_int_equal(vg_store_begin(f->st), VG_OK);
    assert_int_equal(vg_card_export(f->st, "colombie-2025", p, 40, VIGIE_SOURCE_DIR, "fr", path,
                                    replace, NULL, &info, duress),
                     VG_OK);
    assert_int_equal(vg_store_commit(f->st), VG_OK);
    assert_int_equal(info.ncodes, 40);
    assert_int_equal(info.left, 40);
}

static int card_setup(void **state)
{
    cardfix *f = calloc(1, sizeof *f);
    vg_secret *pass = NULL, *rkey = NULL;
    vg_unlock_opts o = {pass_cb, NULL, 1};
    vg_delegation d;
    snprintf(f->dir, sizeof f->dir, "/tmp/vigie-unit-card-%d/store", (int)getpid());
    vg_secret_from(&pass, PASS, strlen(PASS));
    assert_int_equal(vg_store_create(f->dir, pass, "test", VG_KDF_INTERACTIVE, NULL, &rkey), VG_OK);
    vg_secret_free(pass);
    vg_secret_free(rkey);
    assert_int_equal(vg_store_open(&f->st, f->dir, &o), VG_OK);
    memset(&d, 0, sizeof d);
    snprintf(d.slug, sizeof d.slug, "colombie-2025");
    d.name = (char *)"Délégation syndicale Colombie";
    snprintf(d.country, sizeof d.country, "CO");
    assert_int_equal(vg_date_parse(&d.start_day, "2025-03-01"), VG_OK);
    assert_int_equal(vg_date_parse(&d.end_day, "2025-03-12"), VG_OK);
    assert_int_equal(vg_store_begin(f->st), VG_OK);
    assert_int_equal(vg_delegation_add(f->st, &d), VG_OK);
    free(d.tz);
    add_person(f->st, "Marie Tremblay");
    add_person(f->st, "Paul Gagnon");
    assert_int_equal(vg_store_commit(f->st), VG_OK);
    assert_int_equal(vg_participant_find(f->st, "colombie-2025", "marie", &f->marie), VG_OK);
    assert_int_equal(vg_participant_find(f->st, "colombie-2025", "paul", &f->paul), VG_OK);
    issue(f, f->marie, "marie.txt", 0);
    issue(f, f->paul, "paul.txt", 0);
    read_card(f->st, f->marie->id, &f->ms, &f->ml);
    read_card(f->st, f->paul->id, &f->ps, &f->pl);
    *state = f;
    return 0;
}

static int card_teardown(void **state)
{
    cardfix *f = *state;
    char cmd[320];
    vg_participant_free(f->marie);
    vg_participant_free(f->paul);
    vg_secret_free(f->ms);
    vg_secret_free(f->ps);
    vg_store_close(f->st);
    snprintf(cmd, sizeof cmd, "rm -rf /tmp/vigie-unit-card-%d", (int)getpid());
    free(f);
    return system(cmd);
}

/* The position (0-based) of the n-th check-in code (1-based) of a card. */
static uint32_t nth(const vg_card_layout *l, uint32_t n)
{
    for (uint32_t p = 0, k = 0; p < vg_card_positions(l); p++)
        if (!vg_card_is_duress(l, p) && ++k == n)
            return p;
    fail();
    return 0;
}

/* Check a message made of a word and the code at `pos` of a card. */
static int send(cardfix *f, const char *word, const vg_secret *s, const vg_card_layout *l,
                uint32_t pos, int64_t pid, vg_card_result *r)
{
    uint32_t code;
    char text[64];
    int rc;
    assert_int_equal(vg_card_code(&code, s, l, pos), VG_OK);
    snprintf(text, sizeof text, "%s %06u Bogotá", word, (unsigned)code);
    assert_int_equal(vg_store_begin(f->st), VG_OK);
    rc = vg_card_check(f->st, "colombie-2025", text, pid, 1741000000, "SMS", r);
    assert_false(r->fatal);
    assert_int_equal(vg_store_commit(f->st), VG_OK);
    return rc;
}

static int64_t alerts(cardfix *f, int kind)
{
    sqlite3_stmt *s = NULL;
    int64_t n = -1;
    assert_int_equal(
        vg_sql_prepare(f->st, &s, "SELECT count(*) FROM checkin_alerts WHERE kind = ?1"), VG_OK);
    sqlite3_bind_int(s, 1, kind);
    if (sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static void window_burn_order_and_replay(void **state)
{
    cardfix *f = *state;
    vg_card_result r;
    /* the first code */
    assert_int_equal(send(f, "OK", f->ms, &f->ml, nth(&f->ml, 1), 0, &r), VG_OK);
    assert_int_equal(r.participant_id, f->marie->id);
    assert_int_equal(r.left, 39);
    assert_false(r.duress);
    /* the 6th code is beyond the window of 5 (2..6 are next: 6 is the 5th) */
    assert_int_equal(send(f, "OK", f->ms, &f->ml, nth(&f->ml, 7), 0, &r), VG_EAUTH);
    assert_true(r.counted);
    assert_int_equal(r.participant_id, f->marie->id);
    assert_int_equal(send(f, "OK", f->ms, &f->ml, nth(&f->ml, 6), 0, &r), VG_OK);
    assert_int_equal(r.left, 34);
    /* 2..5 were skipped: used up */
    for (uint32_t k = 1; k <= 6; k++)
        assert_int_equal(send(f, "OK", f->ms, &f->ml, nth(&f->ml, k), 0, &r), VG_EREPLAY);
    /* the 7th is next now */
    assert_int_equal(send(f, "ok", f->ms, &f->ml, nth(&f->ml, 7), 0, &r), VG_OK);
    assert_int_equal(r.wrong_streak, 0);
}

static void duress_from_each_participant(void **state)
{
    cardfix *f = *state;
    vg_card_result r;
    int64_t before = alerts(f, VG_ALERT_DURESS);
    assert_int_equal(send(f, "OK", f->ms, &f->ml, f->ml.duress_pos[1], 0, &r), VG_OK);
    assert_true(r.duress);
    assert_int_equal(r.participant_id, f->marie->id);
    assert_int_equal(r.left, 40); /* nothing used up */
    assert_int_equal(send(f, "OK", f->ps, &f->pl, f->pl.duress_pos[0], 0, &r), VG_OK);
    assert_true(r.duress);
    assert_int_equal(r.participant_id, f->paul->id);
    assert_int_equal(alerts(f, VG_ALERT_DURESS), before + 2);
    /* a duress code is used once: again, it is a replay that flags the
     * open alert again, without a new check-in or a new alert */
    assert_int_equal(send(f, "OK", f->ms, &f->ml, f->ml.duress_pos[1], 0, &r), VG_EREPLAY);
    assert_true(r.duress);
    assert_true(r.alert_only);
    assert_true(r.reflagged);
    assert_false(r.logged);
    assert_int_equal(alerts(f, VG_ALERT_DURESS), before + 2);
    /* and the normal codes still work */
    assert_int_equal(send(f, "OK", f->ms, &f->ml, nth(&f->ml, 1), 0, &r), VG_OK);
    assert_false(r.duress);
}

static void three_wrong_codes_raise_the_guessing_alert(void **state)
{
    cardfix *f = *state;
    vg_card_result r;
    int64_t before = alerts(f, VG_ALERT_GUESSING);
    const char *bad[] = {"OK 000000", "OK 111111", "OK 222222", "OK 333333"};
    for (int i = 0; i < 4; i++) {
        uint32_t c;
        int skip = 0;
        /* never a code of the card by chance */
        for (uint32_t p = 0; p < vg_card_positions(&f->ml); p++) {
            vg_card_code(&c, f->ms, &f->ml, p);
            skip |= c == (uint32_t)atoi(bad[i] + 3);
        }
        if (skip)
            continue;
        assert_int_equal(vg_store_begin(f->st), VG_OK);
        assert_int_equal(
            vg_card_check(f->st, "colombie-2025", bad[i], f->marie->id, 1741000000, NULL, &r),
            VG_EAUTH);
        assert_int_equal(vg_store_commit(f->st), VG_OK);
        assert_true(r.counted);
        assert_int_equal(r.guessing_alert, r.wrong_streak == 3);
    }
    assert_int_equal(alerts(f, VG_ALERT_GUESSING), before + 1);
    /* a wrong code nobody can be named for is not counted */
    assert_int_equal(vg_store_begin(f->st), VG_OK);
    assert_int_equal(vg_card_check(f->st, "colombie-2025", "OK 444444", 0, 1741000000, NULL, &r),
                     VG_EAUTH);
    assert_int_equal(vg_store_commit(f->st), VG_OK);
    assert_false(r.counted);
    /* a good code resets the count */
    assert_int_equal(send(f, "OK", f->ms, &f->ml, nth(&f->ml, 1), 0, &r), VG_OK);
    assert_int_equal(send(f, "OK", f->ms, &f->ml, nth(&f->ml, 9), f->marie->id, &r), VG_EAUTH);
    assert_int_equal(r.wrong_streak, 1);
}

static void shared_window_asks_who_sent_it(void **state)
{
    cardfix *f = *state;
    vg_card_result r;
    sqlite3_stmt *s = NULL;
    /* give Paul Marie's secret and layout: every code is on both cards */
    assert_int_equal(vg_sql_prepare(f->st, &s,
                                    "UPDATE field_card SET secret = (SELECT secret FROM field_card"
                                    " WHERE participant_id = ?1 AND revoked IS NULL),"
                                    " duress_pos = (SELECT duress_pos FROM field_card"
                                    " WHERE participant_id = ?1 AND revoked IS NULL),"
                                    " ncodes = 40 WHERE participant_id = ?2 AND revoked IS NULL"),
                     VG_OK);
    sqlite3_bind_int64(s, 1, f->marie->id);
    sqlite3_bind_int64(s, 2, f->paul->id);
    assert_int_equal(sqlite3_step(s), SQLITE_DONE);
    sqlite3_finalize(s);
    assert_int_equal(send(f, "OK", f->ms, &f->ml, nth(&f->ml, 2), 0, &r), VG_EINVALID);
    assert_int_equal(r.ncandidates, 2);
    assert_false(r.logged);
    /* nothing used up; with --participant it goes through */
    assert_int_equal(send(f, "OK", f->ms, &f->ml, nth(&f->ml, 2), f->paul->id, &r), VG_OK);
    assert_int_equal(r.participant_id, f->paul->id);
    assert_int_equal(send(f, "OK", f->ms, &f->ml, nth(&f->ml, 2), f->marie->id, &r), VG_OK);
    assert_int_equal(r.participant_id, f->marie->id);
}

static void reissued_card_revokes_old_codes(void **state)
{
    cardfix *f = *state;
    vg_card_result r;
    vg_secret *old = NULL;
    vg_card_layout ol;
    read_card(f->st, f->marie->id, &old, &ol);
    issue(f, f->marie, "marie.txt", 1);
    assert_int_equal(send(f, "OK", old, &ol, nth(&ol, 1), 0, &r), VG_EINTEGRITY);
    assert_true(r.counted);
    assert_int_equal(r.participant_id, f->marie->id);
    read_card(f->st, f->marie->id, &f->ms, &f->ml);
    assert_int_equal(send(f, "OK", f->ms, &f->ml, nth(&f->ml, 1), 0, &r), VG_OK);
    vg_secret_free(old);
}

static void messages_status_reaches_the_log(void **state)
{
    cardfix *f = *state;
    vg_card_result r;
    assert_int_equal(send(f, "AYUDA", f->ms, &f->ml, nth(&f->ml, 1), 0, &r), VG_OK);
    assert_int_equal(r.msg.status, VG_CHECKIN_HELP);
    assert_int_equal(send(f, "IJANS", f->ps, &f->pl, nth(&f->pl, 1), 0, &r), VG_OK);
    assert_int_equal(r.msg.status, VG_CHECKIN_EMERGENCY);
    assert_string_equal(r.msg.where, "Bogotá");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc6238_sha256_vectors),
        cmocka_unit_test(generated_cards_are_sound),
        cmocka_unit_test(duress_codes_come_from_another_key),
        cmocka_unit_test(card_bounds_and_damaged_positions),
        cmocka_unit_test(messages_as_people_type_them),
        cmocka_unit_test(status_words_anywhere),
        cmocka_unit_test(distress_not_used_is_reviewed),
        cmocka_unit_test(the_card_table_reads_back),
        cmocka_unit_test(messages_without_a_code_are_refused),
        cmocka_unit_test(long_and_broken_messages_stay_bounded),
        cmocka_unit_test_setup_teardown(window_burn_order_and_replay, card_setup, card_teardown),
        cmocka_unit_test_setup_teardown(duress_from_each_participant, card_setup, card_teardown),
        cmocka_unit_test_setup_teardown(three_wrong_codes_raise_the_guessing_alert, card_setup,
                                        card_teardown),
        cmocka_unit_test_setup_teardown(shared_window_asks_who_sent_it, card_setup, card_teardown),
        cmocka_unit_test_setup_teardown(reissued_card_revokes_old_codes, card_setup, card_teardown),
        cmocka_unit_test_setup_teardown(messages_status_reaches_the_log, card_setup, card_teardown),
    };
    if (vg_init() != VG_OK)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
