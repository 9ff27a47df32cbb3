/* The readiness template (vigie-readiness/1) and the registry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <vigie/error.h>
#include <vigie/ready.h>
#include <vigie/vigie.h>

#include "ready/ready_check.h"

static int parse(const char *text, vg_ready_template **t)
{
    return vg_ready_template_parse((const unsigned char *)text, strlen(text), "r.yaml", t);
}

static void shipped_template_loads(void **state)
{
    vg_ready_template *t = NULL;
    char path[1024];
    (void)state;
    snprintf(path, sizeof path, "%s/templates/readiness.yaml", VIGIE_SOURCE_DIR);
    if (vg_ready_template_load(path, &t) != VG_OK)
        fail_msg("%s", vg_error_last());
    assert_true(t->n >= 9);
    for (size_t i = 0; i < t->n; i++) {
        assert_non_null(vg_ready_check_find(t->items[i].id));
        assert_non_null(t->items[i].label_fr);
        assert_non_null(t->items[i].label_en);
    }
    assert_string_equal(t->items[1].id, "passport_valid");
    assert_string_equal(vg_ready_param_get(&t->items[1], "months"), "6");
    assert_int_equal(vg_ready_param_int(&t->items[1], "months", 0), 6);
    assert_int_equal(vg_ready_param_int(&t->items[1], "nope", 42), 42);
    vg_ready_template_free(t);
}

static void errors_name_their_line(void **state)
{
    struct {
        const char *text, *want;
    } bad[] = {
        {"format: vigie-readiness/2\nitems: []\n", "r.yaml:1:9: format: must be vigie-readiness/1"},
        {"format: vigie-readiness/1\nitems:\n  - id: roca\n    fr: x\n    en: y\n    colour: "
         "red\n",
         "r.yaml:6:5: items[0]: unknown key \"colour\""},
        {"format: vigie-readiness/1\nitems:\n  - id: flying_carpet\n",
         "r.yaml:3:9: items[0]: no check"},
        {"format: vigie-readiness/1\nitems:\n  - id: roca\n    fr: x\n", "an item needs"},
        {"format: vigie-readiness/1\nitems:\n  - id: roca\n    fr: x\n    en: y\n  - id: roca\n",
         "r.yaml:6:9: items[1]: item \"roca\" is listed twice"},
        {"format: vigie-readiness/1\nitems:\n  - id: passport_valid\n    params: {colour: 1}\n",
         "takes no parameter \"colour\""},
        {"format: vigie-readiness/1\nitems:\n  - &a id: roca\n", "anchors"},
        {"format: vigie-readiness/1\nitems: [\n", "r.yaml:"},
        {"format: vigie-readiness/1\n", "at least one item"},
        {"", "empty"},
        {"- a\n- b\n", "mapping"},
        {"format: vigie-readiness/1\nitems:\n  - id: roca\n    fr: x\n    en: y\n---\nx: 1\n",
         "only one YAML document"},
        {"format: vigie-readiness/1\nitems:\n  - id: roca\n    fr: \"a\\x01\"\n    en: y\n",
         "control character"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vg_ready_template *t = NULL;
        int rc = parse(bad[i].text, &t);
        if (rc != VG_EINVALID)
            fail_msg("case %zu accepted", i);
        assert_null(t);
        if (!strstr(vg_error_last(), bad[i].want))
            fail_msg("case %zu: \"%s\" lacks \"%s\"", i, vg_error_last(), bad[i].want);
    }
}

static void local_keys_and_flow_style(void **state)
{
    vg_ready_template *t = NULL;
    (void)state;
    assert_int_equal(
        parse("x-note: {a: [1, 2]}\nformat: vigie-readiness/1\nitems:\n"
              "  - {id: passport_valid, fr: \"{months} mois\", en: \"{months} months\","
              " params: {months: 9}, x-why: [a]}\n",
              &t),
        VG_OK);
    assert_int_equal(t->n, 1);
    assert_string_equal(t->items[0].label_en, "{months} months");
    assert_int_equal(t->items[0].line, 4);
    vg_ready_template_free(t);
}

static void registry(void **state)
{
    (void)state;
    assert_non_null(vg_ready_check_find("participants"));
    assert_non_null(vg_ready_check_find("embassy_contact"));
    assert_null(vg_ready_check_find("risks_approved"));
    /* ids are unique across modules */
    for (size_t m = 0; vg_ready_checks[m]; m++)
        for (const vg_ready_check *c = vg_ready_checks[m]; c->id; c++)
            assert_ptr_equal(vg_ready_check_find(c->id), c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_template_loads),
        cmocka_unit_test(errors_name_their_line),
        cmocka_unit_test(local_keys_and_flow_style),
        cmocka_unit_test(registry),
    };
    vg_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
