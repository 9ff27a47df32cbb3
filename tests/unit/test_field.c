/* Field kits and check-in codes: round trips, tampering, wrong keys and
 * PINs, bounds, and the code reader for pasted text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sodium.h>
#include <vigie/clock.h>
#include <vigie/config.h>
#include <vigie/contact.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/store.h>
#include <vigie/error.h>
#include <vigie/field.h>
#include <vigie/vigie.h>

#include "field/field_internal.h"
#include "store/store_internal.h"

static int contains(const unsigned char *p, size_t len, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= len; i++)
        if (!memcmp(p + i, s, n))
            return 1;
    return 0;
}

static vg_secret *text_secret(const char *s)
{
    vg_secret *x = NULL;
    assert_int_equal(vg_secret_from(&x, s, strlen(s)), VG_OK);
    return x;
}

/* An organisation's box key pair and a participant's signing key pair. */
typedef struct {
    unsigned char box_pk[32], sign_pk[32];
    vg_secret *box_sk, *sign_sk;
} keys;

static void keys_new(keys *k)
{
    assert_int_equal(vg_secret_new(&k->box_sk, crypto_box_SECRETKEYBYTES), VG_OK);
    assert_int_equal(vg_secret_new(&k->sign_sk, crypto_sign_SECRETKEYBYTES), VG_OK);
    crypto_box_keypair(k->box_pk, vg_secret_data(k->box_sk));
    crypto_sign_keypair(k->sign_pk, vg_secret_data(k->sign_sk));
}

static void keys_free(keys *k)
{
    vg_secret_free(k->box_sk);
    vg_secret_free(k->sign_sk);
}

static vg_code sample(void)
{
    vg_code c;
    memset(&c, 0, sizeof c);
    c.status = VG_CHECKIN_HELP;
    memcpy(c.ref, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    c.delegation_tag = vg_code_delegation_tag("colombie-2025");
    c.counter = 7;
    c.at = 1741000000;
    memset(c.mark, 0xab, sizeof c.mark);
    strcpy(c.place, "Bogotá");
    strcpy(c.note, "retard de bus");
    return c;
}

static void code_round_trip(void **state)
{
    keys k;
    vg_code c = sample(), o;
    char code[VG_CODE_MAX + 1];
    (void)state;
    keys_new(&k);
    assert_int_equal(vg_code_encode(code, sizeof code, &c, k.sign_sk, k.box_pk), VG_OK);
    assert_memory_equal(code, "VG1", 3);
    assert_true(strlen(code) <= VG_CODE_MAX);
    for (const char *p = code + 3; *p; p++)
        assert_non_null(
            strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", *p));
    assert_int_equal(vg_code_open(&o, code, strlen(code), k.box_pk, k.box_sk), VG_OK);
    assert_int_equal(vg_code_verify(&o, k.sign_pk), VG_OK);
    assert_int_equal(o.status, VG_CHECKIN_HELP);
    assert_memory_equal(o.ref, c.ref, 8);
    assert_int_equal(o.delegation_tag, c.delegation_tag);
    assert_int_equal(o.counter, 7);
    assert_int_equal(o.at, 1741000000);
    assert_memory_equal(o.mark, c.mark, 16);
    assert_string_equal(o.place, "Bogotá");
    assert_string_equal(o.note, "retard de bus");
    /* Two codes of the same message differ (a fresh ephemeral key each). */
    {
        char again[VG_CODE_MAX + 1];
        assert_int_equal(vg_code_encode(again, sizeof again, &c, k.sign_sk, k.box_pk), VG_OK);
        assert_string_not_equal(again, code);
    }
    keys_free(&k);
}

static void code_lengths_fit_two_sms(void **state)
{
    keys k;
    vg_code c = sample();
    char code[VG_CODE_MAX + 1];
    (void)state;
    keys_new(&k);
    c.place[0] = c.note[0] = '\0';
    assert_int_equal(vg_code_encode(code, sizeof code, &c, k.sign_sk, k.box_pk), VG_OK);
    assert_int_equal(strlen(code), VG_CODE_MIN);
    memset(c.place, 'p', 40);
    c.place[40] = '\0';
    memset(c.note, 'n', 35);
    c.note[35] = '\0';
    assert_int_equal(vg_code_encode(code, sizeof code, &c, k.sign_sk, k.box_pk), VG_OK);
    assert_int_equal(strlen(code), VG_CODE_MAX);
    /* One byte more is refused, not silently cut. */
    strcat(c.note, "n");
    assert_int_equal(vg_code_encode(code, sizeof code, &c, k.sign_sk, k.box_pk), VG_EINVALID);
    /* Control characters and bad statuses are refused too. */
    c = sample();
    strcpy(c.note, "a\nb");
    assert_int_equal(vg_code_encode(code, sizeof code, &c, k.sign_sk, k.box_pk), VG_EINVALID);
    c = sample();
    c.status = (vg_checkin_status)3;
    assert_int_equal(vg_code_encode(code, sizeof code, &c, k.sign_sk, k.box_pk), VG_EINVALID);
    c = sample();
    c.counter = 0;
    assert_int_equal(vg_code_encode(code, sizeof code, &c, k.sign_sk, k.box_pk), VG_EINVALID);
    keys_free(&k);
}

/* Every single-character change anywhere in a code is refused. */
static void one_character_changed_is_refused(void **state)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    keys k;
    vg_code c = sample(), o;
    char code[VG_CODE_MAX + 1], bad[VG_CODE_MAX + 1];
    size_t len;
    (void)state;
    keys_new(&k);
    assert_int_equal(vg_code_encode(code, sizeof code, &c, k.sign_sk, k.box_pk), VG_OK);
    len = strlen(code);
    for (size_t i = 0; i < len; i++) {
        int rc;
        memcpy(bad, code, len + 1);
        bad[i] =
            alphabet[(strchr(alphabet, code[i]) ? (size_t)(strchr(alphabet, code[i]) - alphabet) + 1
                                                : 0) %
                     64];
        if (i < 3)
            bad[i] = 'X';
        rc = vg_code_open(&o, bad, len, k.box_pk, k.box_sk);
        if (rc == VG_OK)
            rc = vg_code_verify(&o, k.sign_pk);
        assert_int_equal(rc, VG_EINTEGRITY);
    }
    keys_free(&k);
}

static void wrong_keys_are_refused(void **state)
{
    keys k, other;
    vg_code c = sample(), o;
    char code[VG_CODE_MAX + 1];
    (void)state;
    keys_new(&k);
    keys_new(&other);
    assert_int_equal(vg_code_encode(code, sizeof code, &c, k.sign_sk, k.box_pk), VG_OK);
    /* another organisation's box key: it does not open */
    assert_int_equal(vg_code_open(&o, code, strlen(code), other.box_pk, other.box_sk),
                     VG_EINTEGRITY);
    assert_non_null(strstr(vg_error_last(), "another organisation"));
    /* signed by someone else: it opens, the signature fails */
    assert_int_equal(vg_code_encode(code, sizeof code, &c, other.sign_sk, k.box_pk), VG_OK);
    assert_int_equal(vg_code_open(&o, code, strlen(code), k.box_pk, k.box_sk), VG_OK);
    assert_int_equal(vg_code_verify(&o, k.sign_pk), VG_EINTEGRITY);
    assert_non_null(strstr(vg_error_last(), "forged"));
    keys_free(&k);
    keys_free(&other);
}

static void truncated_and_too_long_are_refused(void **state)
{
    keys k;
    vg_code c = sample(), o;
    char code[VG_CODE_MAX + 1], longer[VG_CODE_MAX + 8];
    size_t len;
    (void)state;
    keys_new(&k);
    assert_int_equal(vg_code_encode(code, sizeof code, &c, k.sign_sk, k.box_pk), VG_OK);
    len = strlen(code);
    for (size_t cut = 0; cut < len; cut += 1)
        assert_int_equal(vg_code_open(&o, code, cut, k.box_pk, k.box_sk), VG_EINTEGRITY);
    snprintf(longer, sizeof longer, "%sAAAA", code);
    assert_int_equal(vg_code_open(&o, longer, strlen(longer), k.box_pk, k.box_sk), VG_EINTEGRITY);
    memset(longer, 'A', VG_CODE_MAX + 1);
    memcpy(longer, "VG1", 3);
    assert_int_equal(vg_code_open(&o, longer, VG_CODE_MAX + 1, k.box_pk, k.box_sk), VG_EINTEGRITY);
    assert_non_null(strstr(vg_error_last(), "too long"));
    keys_free(&k);
}

static void message_parser_is_strict(void **state)
{
    unsigned char m[128];
    vg_code c;
    (void)state;
    memset(m, 0, sizeof m);
    m[0] = 1;
    m[14] = 1; /* counter 1 */
    assert_int_equal(vg_code_parse_msg(&c, m, 40), VG_OK);
    assert_int_equal(vg_code_parse_msg(&c, m, 39), VG_EINTEGRITY);
    assert_int_equal(vg_code_parse_msg(&c, m, 41), VG_EINTEGRITY); /* trailing byte */
    m[0] = 2;
    assert_int_equal(vg_code_parse_msg(&c, m, 40), VG_EINTEGRITY); /* version */
    m[0] = 1;
    m[1] = 3;
    assert_int_equal(vg_code_parse_msg(&c, m, 40), VG_EINTEGRITY); /* status */
    m[1] = 0;
    m[14] = 0;
    assert_int_equal(vg_code_parse_msg(&c, m, 40), VG_EINTEGRITY); /* counter 0 */
    m[14] = 1;
    m[38] = 76; /* place longer than allowed */
    assert_int_equal(vg_code_parse_msg(&c, m, 116), VG_EINTEGRITY);
    m[38] = 1;
    m[39] = '\n';
    assert_int_equal(vg_code_parse_msg(&c, m, 41), VG_EINTEGRITY); /* control character */
    m[39] = 'a';
    assert_int_equal(vg_code_parse_msg(&c, m, 41), VG_OK);
    assert_string_equal(c.place, "a");
}

static void fit_cuts_at_character_boundaries(void **state)
{
    char place[200], note[200];
    int cp, cn;
    (void)state;
    strcpy(place, "Bogotá");
    strcpy(note, "tout va bien");
    assert_int_equal(vg_code_fit(place, note, &cp, &cn), VG_OK);
    assert_false(cp);
    assert_false(cn);
    /* 39 ASCII then "é": the place is cut before the é, not inside it */
    memset(place, 'a', 39);
    strcpy(place + 39, "éééé");
    strcpy(note, "");
    for (int i = 0; i < 30; i++)
        strcat(note, "à");
    assert_int_equal(vg_code_fit(place, note, &cp, &cn), VG_OK);
    assert_true(cp);
    assert_true(cn);
    assert_int_equal(strlen(place), 39);
    assert_true(strlen(place) + strlen(note) <= VG_CODE_TEXT_MAX);
    assert_int_equal(strlen(note) % 2, 0);
    strcpy(note, "bad\x01");
    assert_int_equal(vg_code_fit(place, note, &cp, &cn), VG_EINVALID);
}

static void scanner_finds_codes_in_pasted_text(void **state)
{
    keys k;
    vg_code c = sample();
    char code1[VG_CODE_MAX + 1], code2[VG_CODE_MAX + 1], text[2000], out[VG_CODE_MAX + 2];
    size_t pos = 0, n;
    (void)state;
    keys_new(&k);
    assert_int_equal(vg_code_encode(code1, sizeof code1, &c, k.sign_sk, k.box_pk), VG_OK);
    c.counter = 8;
    assert_int_equal(vg_code_encode(code2, sizeof code2, &c, k.sign_sk, k.box_pk), VG_OK);
    snprintf(text, sizeof text,
             "[08:02] Marie: Salut! voici mon code:\n%s\nbisous\n(%s) xVG1notacode", code1, code2);
    n = vg_code_scan(text, strlen(text), &pos, out, sizeof out);
    assert_int_equal(n, strlen(code1));
    assert_string_equal(out, code1);
    n = vg_code_scan(text, strlen(text), &pos, out, sizeof out);
    assert_string_equal(out, code2);
    assert_int_equal(vg_code_scan(text, strlen(text), &pos, out, sizeof out), 0);
    /* a code split in two SMS, each on its own line, is joined */
    snprintf(text, sizeof text, "%.*s\n%s\n", 150, code1, code1 + 150);
    pos = 0;
    n = vg_code_scan(text, strlen(text), &pos, out, sizeof out);
    assert_string_equal(out, code1);
    /* a whole code is not joined to the word after it */
    snprintf(text, sizeof text, "%s merci", code1);
    pos = 0;
    vg_code_scan(text, strlen(text), &pos, out, sizeof out);
    assert_string_equal(out, code1);
    /* an over-long run is reported at its full length, the copy bounded */
    memset(text, 'A', 1000);
    memcpy(text, "VG1", 3);
    pos = 0;
    n = vg_code_scan(text, 1000, &pos, out, sizeof out);
    assert_int_equal(n, 1000);
    assert_int_equal(strlen(out), sizeof out - 1);
    keys_free(&k);
}

/* Kits. */

static vg_kit_info sample_info(void)
{
    vg_kit_info in;
    memset(&in, 0, sizeof in);
    strcpy(in.slug, "colombie-2025");
    strcpy(in.country, "CO");
    strcpy(in.tz, "America/Bogota");
    in.start_day = 20148;
    in.end_day = 20158;
    in.issued = 1740000000;
    in.nplan = 2;
    in.plan[0] = 8 * 60;
    in.plan[1] = 20 * 60 + 30;
    in.nnumbers = 2;
    strcpy(in.numbers[0].label, "Police");
    strcpy(in.numbers[0].number, "123");
    strcpy(in.numbers[1].label, "Centre de veille (Canada)");
    strcpy(in.numbers[1].number, "+1 613 996 8885");
    return in;
}

typedef struct {
    keys org;
    vg_kit_keys kk;
    vg_secret *pin, *duress;
    unsigned char *file;
    size_t len;
} kitfix;

static int kit_setup(void **state)
{
    kitfix *f = calloc(1, sizeof *f);
    vg_kit *k = NULL;
    vg_kit_info in = sample_info();
    keys_new(&f->org);
    memcpy(in.org_box_pk, f->org.box_pk, 32);
    f->pin = text_secret("204867");
    f->duress = text_secret("913352");
    assert_int_equal(vg_kit_create(&k, &f->kk, &in, f->pin, f->duress, VG_KDF_INTERACTIVE), VG_OK);
    assert_int_equal(vg_kit_serialize(k, &f->file, &f->len), VG_OK);
    vg_kit_free(k);
    *state = f;
    return 0;
}

static int kit_teardown(void **state)
{
    kitfix *f = *state;
    keys_free(&f->org);
    vg_secret_free(f->pin);
    vg_secret_free(f->duress);
    free(f->file);
    free(f);
    return 0;
}

/* Open the kit with `pin`, make a code, return it opened by the org. */
static int code_from(kitfix *f, const unsigned char *file, size_t len, const vg_secret *pin,
                     vg_code *o, unsigned char **saved, size_t *saved_len)
{
    vg_kit *k = NULL;
    char code[VG_CODE_MAX + 1];
    int rc = vg_kit_parse(&k, file, len);
    if (rc == VG_OK)
        rc = vg_kit_unlock(k, pin);
    if (rc == VG_OK)
        rc = vg_kit_make_code(k, code, sizeof code, VG_CHECKIN_OK, "Cali", NULL, 1741000000);
    if (rc == VG_OK && saved)
        rc = vg_kit_serialize(k, saved, saved_len);
    if (rc == VG_OK)
        rc = vg_code_open(o, code, strlen(code), f->org.box_pk, f->org.box_sk);
    if (rc == VG_OK)
        rc = vg_code_verify(o, f->kk.sign_pk);
    vg_kit_free(k);
    return rc;
}

static void kit_opens_with_either_pin_and_marks_codes(void **state)
{
    kitfix *f = *state;
    vg_code o;
    unsigned char *a = NULL, *b = NULL;
    size_t alen = 0, blen = 0;
    assert_int_equal(code_from(f, f->file, f->len, f->pin, &o, &a, &alen), VG_OK);
    assert_memory_equal(o.mark, f->kk.mark_ok, 16);
    assert_memory_equal(o.ref, f->kk.ref, 8);
    assert_int_equal(o.counter, 1);
    assert_int_equal(o.delegation_tag, vg_code_delegation_tag("colombie-2025"));
    assert_string_equal(o.place, "Cali");
    assert_int_equal(code_from(f, f->file, f->len, f->duress, &o, &b, &blen), VG_OK);
    assert_memory_equal(o.mark, f->kk.mark_duress, 16);
    assert_int_equal(o.counter, 1);
    assert_memory_not_equal(f->kk.mark_ok, f->kk.mark_duress, 16);
    /* The kit written after each PIN: same size, same header and slots;
     * only the freshly sealed body differs. */
    assert_int_equal(alen, blen);
    assert_int_equal(alen, f->len);
    assert_memory_equal(a, b, 32 + 2 * 128);
    assert_memory_equal(a, f->file, 32 + 2 * 128);
    free(a);
    free(b);
}

static void kit_counter_advances_across_uses(void **state)
{
    kitfix *f = *state;
    vg_code o;
    unsigned char *a = NULL, *b = NULL, *c = NULL;
    size_t alen = 0, blen = 0, clen = 0;
    assert_int_equal(code_from(f, f->file, f->len, f->pin, &o, &a, &alen), VG_OK);
    assert_int_equal(o.counter, 1);
    /* the duress PIN continues the same counter: nothing tells them apart */
    assert_int_equal(code_from(f, a, alen, f->duress, &o, &b, &blen), VG_OK);
    assert_int_equal(o.counter, 2);
    assert_int_equal(code_from(f, b, blen, f->pin, &o, &c, &clen), VG_OK);
    assert_int_equal(o.counter, 3);
    free(a);
    free(b);
    free(c);
}

static void kit_wrong_pin_and_damage(void **state)
{
    kitfix *f = *state;
    vg_kit *k = NULL;
    vg_secret *bad = text_secret("204868");
    unsigned char *copy = malloc(f->len);
    assert_int_equal(vg_kit_parse(&k, f->file, f->len), VG_OK);
    assert_null(vg_kit_info_get(k));
    assert_int_equal(vg_kit_unlock(k, bad), VG_EAUTH);
    assert_null(vg_kit_info_get(k));
    vg_kit_free(k);
    /* any flipped byte: damage, found by the checksum before any PIN */
    for (size_t i = 0; i < f->len; i += 37) {
        memcpy(copy, f->file, f->len);
        copy[i] ^= 0x20;
        assert_int_equal(vg_kit_parse(&k, copy, f->len), VG_EINTEGRITY);
        assert_null(k);
    }
    /* truncated or padded */
    assert_int_equal(vg_kit_parse(&k, f->file, f->len - 1), VG_EINTEGRITY);
    assert_int_equal(vg_kit_parse(&k, f->file, 40), VG_EINTEGRITY);
    /* tampered body with a recomputed checksum: the AEAD refuses it */
    memcpy(copy, f->file, f->len);
    copy[f->len - 40] ^= 1;
    crypto_generichash(copy + f->len - 32, 32, copy, f->len - 32, NULL, 0);
    assert_int_equal(vg_kit_parse(&k, copy, f->len), VG_OK);
    assert_int_equal(vg_kit_unlock(k, f->pin), VG_EINTEGRITY);
    vg_kit_free(k);
    vg_secret_free(bad);
    free(copy);
}

static void kit_contents_round_trip(void **state)
{
    kitfix *f = *state;
    vg_kit *k = NULL;
    const vg_kit_info *in;
    vg_kit_info want = sample_info();
    assert_int_equal(vg_kit_parse(&k, f->file, f->len), VG_OK);
    assert_int_equal(vg_kit_unlock(k, f->duress), VG_OK);
    in = vg_kit_info_get(k);
    assert_non_null(in);
    assert_string_equal(in->slug, want.slug);
    assert_string_equal(in->country, "CO");
    assert_string_equal(in->tz, want.tz);
    assert_int_equal(in->start_day, want.start_day);
    assert_int_equal(in->end_day, want.end_day);
    assert_int_equal(in->nplan, 2);
    assert_int_equal(in->plan[1], 20 * 60 + 30);
    assert_int_equal(in->nnumbers, 2);
    assert_string_equal(in->numbers[1].number, "+1 613 996 8885");
    assert_memory_equal(in->org_box_pk, f->org.box_pk, 32);
    assert_memory_equal(in->ref, f->kk.ref, 8);
    assert_int_equal(in->counter, 0);
    vg_kit_free(k);
    /* the file holds no readable text of the kit */
    assert_false(contains(f->file, f->len, "colombie"));
    assert_false(contains(f->file, f->len, "Police"));
}

static void kit_pin_rules(void **state)
{
    kitfix *f = *state;
    vg_kit *k = NULL;
    vg_kit_keys kk;
    vg_kit_info in = sample_info();
    vg_secret *shortpin = text_secret("12345"), *same = text_secret("204867");
    assert_int_equal(vg_kit_create(&k, &kk, &in, shortpin, f->duress, VG_KDF_INTERACTIVE),
                     VG_EINVALID);
    assert_int_equal(vg_kit_create(&k, &kk, &in, f->pin, shortpin, VG_KDF_INTERACTIVE),
                     VG_EINVALID);
    assert_int_equal(vg_kit_create(&k, &kk, &in, f->pin, same, VG_KDF_INTERACTIVE), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "differ"));
    strcpy(in.slug, "Bad Slug");
    assert_int_equal(vg_kit_create(&k, &kk, &in, f->pin, f->duress, VG_KDF_INTERACTIVE),
                     VG_EINVALID);
    assert_null(k);
    vg_secret_free(shortpin);
    vg_secret_free(same);
}

/* The organisation's side, against a real store. */

static const char *PASS = "phrase de passe du test";

static int pass_cb(vg_secret **out, void *p)
{
    (void)p;
    return vg_secret_from(out, PASS, strlen(PASS));
}

typedef struct {
    char dir[256];
    vg_store *st;
    vg_participant *p;
} storefix;

static int store_setup(void **state)
{
    storefix *f = calloc(1, sizeof *f);
    vg_secret *pass = NULL, *rkey = NULL;
    vg_unlock_opts o = {pass_cb, NULL, 1};
    vg_delegation d;
    vg_participant p;
    vg_contact c;
    snprintf(f->dir, sizeof f->dir, "/tmp/vigie-unit-field-%d/store", (int)getpid());
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
    memset(&p, 0, sizeof p);
    p.v[VG_PF_NAME] = strdup("Marie Tremblay");
    assert_int_equal(vg_participant_add(f->st, "colombie-2025", &p), VG_OK);
    for (int i = 0; i < VG_PF_COUNT; i++)
        free(p.v[i]);
    memset(&c, 0, sizeof c);
    c.name = (char *)"Hotel Casa Blanca";
    c.role = (char *)"accommodation";
    c.phone = (char *)"+57 601 555 0101";
    assert_int_equal(vg_contact_add(f->st, "colombie-2025", &c), VG_OK);
    c.name = (char *)"Ambassade du Canada";
    c.role = (char *)"embassy";
    c.phone = (char *)"+57 601 657 9800";
    assert_int_equal(vg_contact_add(f->st, "colombie-2025", &c), VG_OK);
    assert_int_equal(vg_config_set(f->st, "org.phone", "+1 514 555 0100"), VG_OK);
    assert_int_equal(vg_config_set(f->st, "org.name", "Comité fictif"), VG_OK);
    assert_int_equal(vg_store_commit(f->st), VG_OK);
    assert_int_equal(vg_participant_find(f->st, "colombie-2025", "marie", &f->p), VG_OK);
    *state = f;
    return 0;
}

static int store_teardown(void **state)
{
    storefix *f = *state;
    char cmd[320];
    vg_participant_free(f->p);
    vg_store_close(f->st);
    snprintf(cmd, sizeof cmd, "rm -rf /tmp/vigie-unit-field-%d", (int)getpid());
    free(f);
    return system(cmd);
}

static int64_t count_rows(vg_store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int64_t n = -1;
    assert_int_equal(vg_sql_prepare(st, &s, sql), VG_OK);
    if (sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static void kit_issue_from_the_store(void **state)
{
    storefix *f = *state;
    vg_secret *pin = text_secret("204867"), *duress = text_secret("913352");
    vg_kit *k = NULL;
    const vg_kit_info *in;
    unsigned char org_pk[32];
    unsigned char *file = NULL;
    size_t len = 0, found_ewrc = 0, found_org = 0;

    assert_int_equal(vg_store_begin(f->st), VG_OK);
    assert_int_equal(vg_kit_issue(f->st, "colombie-2025", f->p, pin, duress, VG_KDF_INTERACTIVE,
                                  VIGIE_SOURCE_DIR, "fr", &k),
                     VG_OK);
    assert_int_equal(vg_store_commit(f->st), VG_OK);
    in = vg_kit_info_get(k);
    assert_string_equal(in->slug, "colombie-2025");
    assert_string_equal(in->country, "CO");
    assert_string_equal(in->tz, "America/Bogota");
    assert_int_equal(vg_field_org_box(f->st, org_pk, NULL), VG_OK);
    assert_memory_equal(in->org_box_pk, org_pk, 32);
    for (size_t i = 0; i < in->nnumbers; i++) {
        /* never the accommodation: a lost kit must not say where people sleep */
        assert_string_not_equal(in->numbers[i].number, "+57 601 555 0101");
        found_ewrc += !strcmp(in->numbers[i].number, "+1 613 996 8885");
        found_org += !strcmp(in->numbers[i].number, "+1 514 555 0100");
    }
    assert_int_equal(found_ewrc, 1);
    assert_int_equal(found_org, 1);
    /* the country guide's emergency line, marked when it is still to be checked */
    assert_string_equal(in->numbers[1].number, "123");
    assert_non_null(strstr(in->numbers[1].label, "(à vérifier)"));
    assert_string_equal(in->numbers[in->nnumbers - 1].number, "+1 613 996 8885");
    assert_true(in->nnumbers <= VG_KIT_NUMBERS_MAX);
    /* no name anywhere in the kit, even inside */
    assert_int_equal(vg_kit_serialize(k, &file, &len), VG_OK);
    assert_false(contains(file, len, "Marie"));
    free(file);
    vg_kit_free(k);
    k = NULL;
    assert_int_equal(count_rows(f->st, "SELECT count(*) FROM field_kit WHERE revoked IS NULL"), 1);
    /* a second kit replaces the first */
    assert_int_equal(vg_store_begin(f->st), VG_OK);
    assert_int_equal(vg_kit_issue(f->st, "colombie-2025", f->p, pin, duress, VG_KDF_INTERACTIVE,
                                  VIGIE_SOURCE_DIR, "fr", &k),
                     VG_OK);
    assert_int_equal(vg_store_commit(f->st), VG_OK);
    assert_int_equal(count_rows(f->st, "SELECT count(*) FROM field_kit"), 2);
    assert_int_equal(count_rows(f->st, "SELECT count(*) FROM field_kit WHERE revoked IS NULL"), 1);
    assert_int_equal(count_rows(f->st, "SELECT count(*) FROM audit WHERE action = 'kit.export'"),
                     2);
    vg_kit_free(k);
    /* a participant of another delegation is refused */
    {
        vg_participant other = *f->p;
        other.delegation_id = f->p->delegation_id + 1;
        assert_int_equal(vg_kit_issue(f->st, "colombie-2025", &other, pin, duress,
                                      VG_KDF_INTERACTIVE, VIGIE_SOURCE_DIR, "fr", &k),
                         VG_EINVALID);
        assert_null(k);
    }
    vg_secret_free(pin);
    vg_secret_free(duress);
}

/* Make a code from an issued kit with `pin`. */
static void make_code(vg_kit *k, const vg_secret *pin, char *code, size_t cap, const char *place)
{
    unsigned char *file = NULL;
    size_t len = 0;
    vg_kit *copy = NULL;
    /* through the file, as in the field: parse, unlock with this PIN */
    assert_int_equal(vg_kit_serialize(k, &file, &len), VG_OK);
    assert_int_equal(vg_kit_parse(&copy, file, len), VG_OK);
    assert_int_equal(vg_kit_unlock(copy, pin), VG_OK);
    /* carry the counter on */
    assert_int_equal(vg_kit_make_code(copy, code, cap, VG_CHECKIN_OK, place, NULL, vg_now()),
                     VG_OK);
    assert_int_equal(
        vg_kit_make_code(k, code + cap / 2, cap / 2, VG_CHECKIN_OK, NULL, NULL, vg_now()),
        VG_OK); /* keep k's counter in step; discard that code */
    free(file);
    vg_kit_free(copy);
}

static int64_t alert_count(vg_store *st, int kind)
{
    sqlite3_stmt *s = NULL;
    int64_t n = -1;
    assert_int_equal(vg_sql_prepare(st, &s, "SELECT count(*) FROM checkin_alerts WHERE kind = ?1"),
                     VG_OK);
    sqlite3_bind_int(s, 1, kind);
    if (sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static int import(storefix *f, const char *slug, const char *code, vg_import_result *r)
{
    int rc;
    assert_int_equal(vg_store_begin(f->st), VG_OK);
    rc = vg_field_import(f->st, slug, code, strlen(code), r);
    assert_false(r->fatal);
    assert_int_equal(vg_store_commit(f->st), VG_OK);
    return rc;
}

static void import_from_the_store(void **state)
{
    storefix *f = *state;
    vg_secret *pin = text_secret("204867"), *duress = text_secret("913352");
    vg_kit *k = NULL;
    vg_import_result r;
    char c1[2 * (VG_CODE_MAX + 1)], c2[2 * (VG_CODE_MAX + 1)], c3[2 * (VG_CODE_MAX + 1)];
    int64_t duress_before;

    vg_clock_set(1741000000);
    assert_int_equal(vg_store_begin(f->st), VG_OK);
    assert_int_equal(vg_kit_issue(f->st, "colombie-2025", f->p, pin, duress, VG_KDF_INTERACTIVE,
                                  VIGIE_SOURCE_DIR, "fr", &k),
                     VG_OK);
    assert_int_equal(vg_store_commit(f->st), VG_OK);
    make_code(k, pin, c1, sizeof c1, "Bogotá");
    make_code(k, duress, c2, sizeof c2, "Cali");
    make_code(k, pin, c3, sizeof c3, NULL);
    /* good, then replayed */
    assert_int_equal(import(f, "colombie-2025", c1, &r), VG_OK);
    assert_true(r.logged);
    assert_int_equal(r.participant_id, f->p->id);
    assert_false(r.duress);
    assert_string_equal(r.place, "Bogotá");
    assert_int_equal(import(f, "colombie-2025", c1, &r), VG_EREPLAY);
    assert_false(r.logged);
    /* the duress code: logged, plus a duress alert */
    duress_before = alert_count(f->st, VG_ALERT_DURESS);
    assert_int_equal(import(f, "colombie-2025", c2, &r), VG_OK);
    assert_true(r.duress);
    assert_false(r.unknown_mark);
    assert_int_equal(alert_count(f->st, VG_ALERT_DURESS), duress_before + 1);
    /* another delegation's slug: refused before anything is written */
    {
        vg_delegation d;
        memset(&d, 0, sizeof d);
        snprintf(d.slug, sizeof d.slug, "haiti-2025");
        d.name = (char *)"Mission";
        snprintf(d.country, sizeof d.country, "HT");
        d.start_day = 20148;
        d.end_day = 20158;
        assert_int_equal(vg_store_begin(f->st), VG_OK);
        assert_int_equal(vg_delegation_add(f->st, &d), VG_OK);
        assert_int_equal(vg_store_commit(f->st), VG_OK);
        free(d.tz);
    }
    assert_int_equal(import(f, "haiti-2025", c3, &r), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "colombie-2025"));
    assert_int_equal(import(f, "colombie-2025", c3, &r), VG_OK);
    /* a new kit revokes this one: its codes are refused */
    make_code(k, pin, c1, sizeof c1, NULL);
    vg_kit_free(k);
    k = NULL;
    assert_int_equal(vg_store_begin(f->st), VG_OK);
    assert_int_equal(vg_kit_issue(f->st, "colombie-2025", f->p, pin, duress, VG_KDF_INTERACTIVE,
                                  VIGIE_SOURCE_DIR, "fr", &k),
                     VG_OK);
    assert_int_equal(vg_store_commit(f->st), VG_OK);
    assert_int_equal(import(f, "colombie-2025", c1, &r), VG_EINTEGRITY);
    assert_non_null(strstr(vg_error_last(), "replaced"));
    /* a code from the future is logged at import time */
    vg_clock_set(1741000000 - 3600);
    make_code(k, pin, c1, sizeof c1, NULL);
    vg_clock_set(1741000000 - 7200);
    assert_int_equal(import(f, "colombie-2025", c1, &r), VG_OK);
    assert_true(r.clock_wrong);
    assert_int_equal(r.at, 1741000000 - 7200);
    vg_kit_free(k);
    vg_secret_free(pin);
    vg_secret_free(duress);
}

/* A mark neither slot holds (someone with the signing key forged the
 * mark) is taken as duress. */
static void forged_mark_counts_as_duress(void **state)
{
    storefix *f = *state;
    vg_secret *pin = text_secret("204867"), *duress = text_secret("913352"), *sk = NULL;
    vg_kit *k = NULL;
    vg_import_result r;
    vg_code c;
    unsigned char org_pk[32], seed_pk[32];
    char code[VG_CODE_MAX + 1];
    sqlite3_stmt *s = NULL;

    vg_clock_set(1741000000);
    assert_int_equal(vg_store_begin(f->st), VG_OK);
    assert_int_equal(vg_kit_issue(f->st, "colombie-2025", f->p, pin, duress, VG_KDF_INTERACTIVE,
                                  VIGIE_SOURCE_DIR, "fr", &k),
                     VG_OK);
    assert_int_equal(vg_store_commit(f->st), VG_OK);
    /* the attacker's own key, registered as the kit's (as if they held it) */
    assert_int_equal(vg_secret_new(&sk, crypto_sign_SECRETKEYBYTES), VG_OK);
    crypto_sign_keypair(seed_pk, vg_secret_data(sk));
    assert_int_equal(
        vg_sql_prepare(f->st, &s, "UPDATE field_kit SET sign_pk = ?1 WHERE revoked IS NULL"),
        VG_OK);
    sqlite3_bind_blob(s, 1, seed_pk, 32, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(s), SQLITE_DONE);
    sqlite3_finalize(s);
    memset(&c, 0, sizeof c);
    memcpy(c.ref, vg_kit_info_get(k)->ref, 8);
    c.delegation_tag = vg_code_delegation_tag("colombie-2025");
    c.counter = 1;
    c.at = 1741000000;
    memset(c.mark, 0x55, sizeof c.mark);
    assert_int_equal(vg_field_org_box(f->st, org_pk, NULL), VG_OK);
    assert_int_equal(vg_code_encode(code, sizeof code, &c, sk, org_pk), VG_OK);
    assert_int_equal(import(f, "colombie-2025", code, &r), VG_OK);
    assert_true(r.duress);
    assert_true(r.unknown_mark);
    vg_kit_free(k);
    vg_secret_free(sk);
    vg_secret_free(pin);
    vg_secret_free(duress);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(code_round_trip),
        cmocka_unit_test(code_lengths_fit_two_sms),
        cmocka_unit_test(one_character_changed_is_refused),
        cmocka_unit_test(wrong_keys_are_refused),
        cmocka_unit_test(truncated_and_too_long_are_refused),
        cmocka_unit_test(message_parser_is_strict),
        cmocka_unit_test(fit_cuts_at_character_boundaries),
        cmocka_unit_test(scanner_finds_codes_in_pasted_text),
        cmocka_unit_test_setup_teardown(kit_opens_with_either_pin_and_marks_codes, kit_setup,
                                        kit_teardown),
        cmocka_unit_test_setup_teardown(kit_counter_advances_across_uses, kit_setup, kit_teardown),
        cmocka_unit_test_setup_teardown(kit_wrong_pin_and_damage, kit_setup, kit_teardown),
        cmocka_unit_test_setup_teardown(kit_contents_round_trip, kit_setup, kit_teardown),
        cmocka_unit_test_setup_teardown(kit_pin_rules, kit_setup, kit_teardown),
        cmocka_unit_test_setup_teardown(kit_issue_from_the_store, store_setup, store_teardown),
        cmocka_unit_test_setup_teardown(import_from_the_store, store_setup, store_teardown),
        cmocka_unit_test_setup_teardown(forged_mark_counts_as_duress, store_setup, store_teardown),
    };
    if (vg_init() != VG_OK)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
