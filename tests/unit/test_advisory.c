/* Canada's advisory open data: the reader of the index and of a
 * destination's file (fixtures in the official shape), its bounds, and the
 * JSON details a hostile file could play with. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <vigie/advisory.h>
#include <vigie/error.h>
#include <vigie/vigie.h>

static vg_advisory_file *load(const char *name)
{
    char path[512];
    vg_advisory_file *f = NULL;
    snprintf(path, sizeof path, "%s/tests/fixtures/advisories/%s", VIGIE_SOURCE_DIR, name);
    if (vg_advisory_parse_file(path, &f) != VG_OK)
        fail_msg("%s", vg_error_last());
    return f;
}

static const vg_official *find(const vg_advisory_file *f, const char *cc)
{
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->v[i].country, cc))
            return &f->v[i];
    fail_msg("no %s", cc);
    return NULL;
}

static void index_file(void **state)
{
    vg_advisory_file *f = load("index-updated.json");
    const vg_official *co, *ht;
    (void)state;
    assert_int_equal(f->kind, VG_ADVISORY_INDEX);
    assert_int_equal(f->n, 5);
    assert_true(f->generated_known);
    /* 2026-09-30 06:00 EDT */
    assert_int_equal(f->generated, 1790762400);
    co = find(f, "CO");
    assert_int_equal(co->level, 2); /* advisory-state 1 */
    assert_int_equal(co->has_regional, 1);
    assert_string_equal(co->name_en, "Colombia");
    assert_string_equal(co->name_fr, "Colombie");
    assert_int_equal(co->detailed, 0);
    ht = find(f, "HT");
    assert_int_equal(ht->level, 4);
    /* 2026-09-24 08:53 EDT = 12:53 UTC */
    assert_int_equal(ht->published, 1790254380);
    vg_advisory_file_free(f);
}

static void destination_file(void **state)
{
    vg_advisory_file *f = load("cta-cap-MX.json");
    const vg_official *mx;
    (void)state;
    assert_int_equal(f->kind, VG_ADVISORY_DESTINATION);
    assert_int_equal(f->n, 1);
    mx = &f->v[0];
    assert_string_equal(mx->country, "MX");
    assert_int_equal(mx->level, 2);
    assert_int_equal(mx->detailed, 1);
    /* the hurricane zone's two items, then the fourteen states */
    assert_int_equal(mx->nregions, 16);
    for (size_t i = 0; i < mx->nregions; i++)
        assert_int_equal(mx->regions[i].level, 3);
    assert_non_null(strstr(mx->regions[0].text_en, "Baja California Sur"));
    assert_non_null(strstr(mx->regions[0].text_fr, "la Basse-Californie du Sud"));
    /* the item's own text: its sub-list of exceptions and the colon left out */
    assert_string_equal(mx->regions[2].text_en, "Chiapas, excluding");
    /* entities decoded */
    assert_string_equal(mx->regions[9].text_en, "Michoacán, excluding the cities of Morelia and "
                                                "Patzcuaro");
    vg_advisory_file_free(f);
}

static int refused(const char *text, const char *want)
{
    vg_advisory_file *f = NULL;
    int rc = vg_advisory_parse("t.json", text, strlen(text), &f);
    if (rc == VG_OK) {
        vg_advisory_file_free(f);
        fail_msg("accepted: %s", text);
    }
    assert_null(f);
    if (!strstr(vg_error_last(), "t.json") || !strstr(vg_error_last(), want))
        fail_msg("message \"%s\" lacks \"%s\"", vg_error_last(), want);
    return 1;
}

#define ONE(body)                                                                                  \
    "{\"data\":{\"CO\":{\"country-iso\":\"CO\",\"advisory-state\":1,"                              \
    "\"date-published\":{\"date\":\"2026-01-05 10:00:00\"}" body "}}}"

static void hostile(void **state)
{
    char *big, *many;
    size_t n = 0;
    vg_advisory_file *f = NULL;
    (void)state;
    /* a good one, to be sure the shape below is right */
    assert_int_equal(vg_advisory_parse("t.json", ONE(""), strlen(ONE("")), &f), VG_OK);
    assert_int_equal(f->v[0].level, 2);
    assert_int_equal(f->generated, f->v[0].published); /* no metadata: the latest publication */
    vg_advisory_file_free(f);
    refused("", "truncated");
    refused("{\"data\":[]}", "no \"data\" object");
    refused("[1,2]", "no \"data\" object");
    refused(ONE(",\"eng\":{\"name\":\"x\\ud800\"}"), "lone surrogate");
    refused(ONE(",\"eng\":{\"name\":\"\\u0000\"}"), "NUL character");
    refused(ONE(",\"x\":01"), "expected ',' or '}'");
    refused(ONE(",\"x\":1e"), "bad number");
    refused(ONE(",\"x\":\"a\tb\"}"), "control character");
    refused(ONE(",\"x\":nul"), "unexpected character");
    refused("{\"data\":{\"CO\":{\"country-iso\":\"co\",\"advisory-state\":1}}}",
            "country-iso is missing or not a country code");
    refused("{\"data\":{\"CO\":{\"country-iso\":\"CO\",\"advisory-state\":\"1.5\"}}}",
            "advisory-state is missing or not 0 to 3");
    refused("{\"data\":{\"CO\":{\"country-iso\":\"CO\",\"advisory-state\":-1}}}",
            "advisory-state is missing or not 0 to 3");
    refused("{\"data\":{\"CO\":{\"country-iso\":\"CO\",\"advisory-state\":1,"
            "\"date-published\":{\"date\":\"2026-02-30x\"}}}}",
            "date-published is missing or not a date");
    refused("{\"metadata\":{\"generated\":{\"date\":\"2199-01-01\"}},\"data\":{}}",
            "generation date is in the future");
    refused("{\"data\":{}}", "0 destinations");
    /* more destinations than exist */
    many = malloc(401 * 120 + 64);
    assert_non_null(many);
    n = (size_t)sprintf(many, "{\"data\":{");
    for (int i = 0; i < 401; i++)
        n += (size_t)sprintf(many + n,
                             "%s\"%c%c\":{\"country-iso\":\"%c%c\",\"advisory-state\":0,"
                             "\"date-published\":{\"date\":\"2026-01-01\"}}",
                             i ? "," : "", 'A' + i / 26 % 26, 'A' + i % 26, 'A' + i / 26 % 26,
                             'A' + i % 26);
    sprintf(many + n, "}}");
    refused(many, "401 destinations");
    free(many);
    /* larger than the bound: refused unread */
    big = calloc(1, VG_ADVISORY_MAX_BYTES + 2);
    assert_non_null(big);
    assert_int_equal(vg_advisory_parse("t.json", big, VG_ADVISORY_MAX_BYTES + 1, &f), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "larger than 16 MiB"));
    free(big);
}

static void names_are_bounded_plain_text(void **state)
{
    vg_advisory_file *f = load("long-name.json");
    const vg_official *mx = find(f, "MX");
    (void)state;
    assert_true(strlen(mx->name_en) <= 95);
    assert_null(strchr(mx->name_en, '\x1b'));
    assert_int_equal(strncmp(mx->name_en, "Mexico [31m<script>", 19), 0);
    vg_advisory_file_free(f);
    /* a surrogate pair is one character */
    {
        const char *t = ONE(",\"eng\":{\"name\":\"A\\ud83d\\ude00\"}");
        assert_int_equal(vg_advisory_parse("t.json", t, strlen(t), &f), VG_OK);
        assert_string_equal(f->v[0].name_en, "A\xF0\x9F\x98\x80");
        vg_advisory_file_free(f);
    }
    /* a name that ends with an accented letter keeps it */
    {
        const char *t = ONE(",\"eng\":{\"name\":\"Bogot\u00e1\"}");
        assert_int_equal(vg_advisory_parse("t.json", t, strlen(t), &f), VG_OK);
        assert_string_equal(f->v[0].name_en, "Bogot\xC3\xA1");
        vg_advisory_file_free(f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(index_file),
        cmocka_unit_test(destination_file),
        cmocka_unit_test(hostile),
        cmocka_unit_test(names_are_bounded_plain_text),
    };
    if (vg_init() != 0)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
