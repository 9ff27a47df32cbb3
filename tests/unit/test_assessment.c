/* The self-assessment: templates (grid.c) and assessments (assessment.c):
 * loading and validation, scores with N/A and unknown, the action plan,
 * the comparison, the sign-off, what verification catches. */
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
#include <vigie/assessment.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/grid.h>
#include <vigie/store.h>
#include <vigie/vigie.h>

#include "assessment/assessment_internal.h"
#include "store/store_internal.h"

static char top[256], dir[300], fr_path[400], en_path[400], small_path[400];
static const char *PASS = "phrase de passe du test";

/* A small grid: two domains, five items, threshold 3. */
static const char SMALL[] =
    "# test grid\n"
    "format: vigie-assessment/1\n"
    "id: test-grid\n"
    "version: \"1\"\n"
    "lang: fr\n"
    "title: \"Grille de test\"\n"
    "levels:\n"
    "  - {value: \"1\", label: \"Initial\", description: \"Ponctuel.\"}\n"
    "  - {value: \"2\", label: \"Structuré\", description: \"Documenté.\"}\n"
    "  - {value: \"3\", label: \"Défini\", description: \"Intégré.\"}\n"
    "  - {value: \"4\", label: \"Mesuré\", description: \"Mesuré.\"}\n"
    "  - {value: \"5\", label: \"Optimisé\", description: \"Amélioré.\"}\n"
    "  - {value: \"na\", label: \"Sans objet\", description: \"Non compté.\"}\n"
    "  - {value: \"unknown\", label: \"Inconnu\", description: \"Un écart.\"}\n"
    "threshold: 3\n"
    "domains:\n"
    "  - id: D1\n"
    "    title: \"Gouvernance\"\n"
    "    items:\n"
    "      - id: D1.1\n"
    "        text: \"Le CA adopte la politique.\"\n"
    "        guidance: \"Une résolution.\"\n"
    "        evidence: [\"Résolution\", \"Politique\"]\n"
    "        references: [\"ISO 31030:2021\"]\n"
    "      - id: D1.2\n"
    "        text: \"Un point focal est nommé.\"\n"
    "      - id: D1.3\n"
    "        text: \"Le budget prévoit la sécurité.\"\n"
    "  - id: D2\n"
    "    title: \"Risques\"\n"
    "    items:\n"
    "      - id: D2.1\n"
    "        text: \"Chaque séjour a son appréciation des risques.\"\n"
    "      - id: D2.2\n"
    "        text: \"Le risque résiduel est approuvé.\"\n";

static int pass_cb(vg_secret **out, void *p)
{
    (void)p;
    return vg_secret_from(out, PASS, strlen(PASS));
}

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
}

static unsigned char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long n;
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int setup(void **state)
{
    vg_secret *pass = NULL, *rkey = NULL;
    (void)state;
    snprintf(top, sizeof top, "/tmp/vigie-unit-assess-%d", (int)getpid());
    snprintf(dir, sizeof dir, "%s/store", top);
    snprintf(fr_path, sizeof fr_path, "%s/templates/assessment/default.fr.yaml", VIGIE_SOURCE_DIR);
    snprintf(en_path, sizeof en_path, "%s/templates/assessment/default.en.yaml", VIGIE_SOURCE_DIR);
    snprintf(small_path, sizeof small_path, "%s/small.yaml", top);
    vg_secret_from(&pass, PASS, strlen(PASS));
    assert_int_equal(vg_store_create(dir, pass, "test", VG_KDF_INTERACTIVE, NULL, &rkey), VG_OK);
    vg_secret_free(pass);
    vg_secret_free(rkey);
    write_file(small_path, SMALL, sizeof SMALL - 1);
    return 0;
}

static int teardown(void **state)
{
    char cmd[300];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf %s", top);
    return system(cmd);
}

static vg_store *open_store(void)
{
    vg_store *st = NULL;
    vg_unlock_opts o = {pass_cb, NULL, 1};
    assert_int_equal(vg_store_open(&st, dir, &o), VG_OK);
    return st;
}

/* Run one change in its own transaction, as a command does. */
#define TX(st, expr)                                                                               \
    do {                                                                                           \
        assert_int_equal(vg_store_begin(st), VG_OK);                                               \
        assert_int_equal((expr), VG_OK);                                                           \
        assert_int_equal(vg_store_commit(st), VG_OK);                                              \
    } while (0)

static int tx_fails(vg_store *st, int rc_expected, int rc)
{
    vg_store_rollback(st);
    return rc == rc_expected;
}

static size_t idx(const vg_assessment *a, const char *id)
{
    size_t i = 0;
    assert_int_equal(vg_assessment_item(a, id, &i), VG_OK);
    return i;
}

/* ---- templates ----------------------------------------------------- */

static void default_grid_loads_in_both_languages_with_the_same_ids(void **state)
{
    static const char *const titles_fr[] = {"Gouvernance et redevabilité",
                                            "Politique et principes",
                                            "Appréciation des risques",
                                            "Préparation des participant·e·s",
                                            "Mesures de prévention et procédures",
                                            "Suivi et communications",
                                            "Signalement et analyse des incidents",
                                            "Gestion de crise",
                                            "Partenaires et collaboration",
                                            "Apprentissage et amélioration"};
    static const char *const titles_en[] = {"Governance and accountability",
                                            "Policy and principles",
                                            "Risk assessment",
                                            "Participant preparation",
                                            "Prevention and procedures",
                                            "Monitoring and communications",
                                            "Incident reporting and analysis",
                                            "Crisis management",
                                            "Partners and networks",
                                            "Learning and improvement"};
    vg_grid *fr = NULL, *en = NULL;
    (void)state;
    assert_int_equal(vg_grid_load(&fr, fr_path), VG_OK);
    assert_int_equal(vg_grid_load(&en, en_path), VG_OK);
    assert_int_equal(vg_grid_check_pair(fr, en), VG_OK);
    assert_int_equal(fr->nwarnings, 0);
    assert_int_equal(en->nwarnings, 0);
    /* FORMAT.md §7: the shipped grid */
    assert_string_equal(fr->id, "vigie-default");
    assert_string_equal(fr->lang, "fr");
    assert_string_equal(en->lang, "en");
    assert_int_equal(fr->threshold, 3);
    assert_non_null(fr->notice);
    assert_non_null(strstr(fr->notice, "AQOCI"));
    assert_non_null(strstr(en->notice, "not the AQOCI"));
    assert_non_null(strstr(fr->notice, "--template"));
    assert_int_equal(fr->ndomains, 10);
    assert_true(fr->nitems >= 40 && fr->nitems <= 50);
    assert_int_equal(fr->nitems, en->nitems);
    for (size_t d = 0; d < fr->ndomains; d++) {
        char id[24];
        snprintf(id, sizeof id, "D%zu", d + 1);
        assert_string_equal(fr->domains[d].id, id);
        assert_string_equal(en->domains[d].id, id);
        assert_string_equal(fr->domains[d].title, titles_fr[d]);
        assert_string_equal(en->domains[d].title, titles_en[d]);
        assert_true(fr->domains[d].nitems >= 3 && fr->domains[d].nitems <= 6);
    }
    for (size_t i = 0; i < fr->nitems; i++) {
        const vg_grid_item *x = &fr->items[i], *y = &en->items[i];
        assert_string_equal(x->id, y->id);
        assert_non_null(x->guidance);
        assert_non_null(y->guidance);
        assert_true(x->nevidence >= 2 && x->nevidence <= 4);
        assert_int_equal(x->nevidence, y->nevidence);
        assert_true(x->nreferences >= 1);
        assert_string_not_equal(x->text, y->text); /* translated */
    }
    assert_string_equal(fr->levels[2].label, "Défini");
    assert_string_equal(en->levels[4].label, "Optimised");
    vg_grid_free(fr);
    vg_grid_free(en);
}

/* One broken variant of the small grid: replace `from` with `to`, expect a
 * refusal whose message starts with "broken.yaml:LINE:" and holds `says`. */
static void expect_broken(const char *from, const char *to, int line, const char *says)
{
    char text[8192], prefix[64];
    const char *at = strstr(SMALL, from);
    vg_grid *g = NULL;
    int rc;
    assert_non_null(at);
    snprintf(text, sizeof text, "%.*s%s%s", (int)(at - SMALL), SMALL, to, at + strlen(from));
    rc = vg_grid_parse(&g, "broken.yaml", (const unsigned char *)text, strlen(text));
    if (rc != VG_EINVALID)
        fail_msg("'%s' -> '%s': accepted (rc %d)", from, to, rc);
    assert_null(g);
    snprintf(prefix, sizeof prefix, "broken.yaml:%d:", line);
    if (strncmp(vg_error_last(), prefix, strlen(prefix)) != 0 || !strstr(vg_error_last(), says))
        fail_msg("'%s' -> '%s': got \"%s\", expected \"%s...%s\"", from, to, vg_error_last(),
                 prefix, says);
}

static void broken_templates_are_refused_with_file_and_line(void **state)
{
    vg_grid *g = NULL;
    (void)state;
    assert_int_equal(
        vg_grid_parse(&g, "small.yaml", (const unsigned char *)SMALL, sizeof SMALL - 1), VG_OK);
    assert_int_equal(g->nitems, 5);
    vg_grid_free(g);

    expect_broken("id: D1.2", "id: D1.3", 25,
                  "domains[0].items[1].id: expected \"D1.2\", found \"D1.3\"");
    expect_broken("id: D2\n", "id: D3\n", 29, "domains[1].id: expected \"D2\", found \"D3\"");
    expect_broken("id: D2.1", "id: X2.1", 32, "not an item id");
    expect_broken("vigie-assessment/1", "vigie-assessment/2", 2, "unsupported format");
    expect_broken("version: \"1\"", "version: 1", 4, "version: must be quoted");
    expect_broken("title: \"Grille de test\"", "title: 2026", 6,
                  "title: \"2026\" would be read as a number");
    expect_broken("title: \"Grille de test\"", "title: yes", 6, "boolean");
    expect_broken("title: \"Grille de test\"", "title: |\n  Grille", 6, "block scalars");
    expect_broken("title: \"Grille de test\"", "title: \"Grille\n  de test\"", 6, "one line");
    expect_broken("title: \"Grille de test\"", "title: \"Grille\\tde test\"", 6,
                  "control character");
    expect_broken("title: \"Grille de test\"", "title: &t \"Grille\"", 6, "anchors");
    expect_broken("title: \"Grille de test\"", "title: !!str \"Grille\"", 6, "tags");
    expect_broken("title: \"Grille de test\"", "title: \"Grille\"\nnotice: *t", 7, "aliases");
    expect_broken("title: \"Grille de test\"", "title: \"A\"\ntitle: \"B\"", 7,
                  "\"title\" appears twice");
    expect_broken("title: \"Grille de test\"", "titre: \"Grille\"", 6, "unknown key \"titre\"");
    expect_broken("title: \"Grille de test\"", "title: \" Grille\"", 6, "space");
    expect_broken("title: \"Grille de test\"", "title: \"\"", 6, "empty");
    expect_broken("title: \"Grille de test\"", "title:", 6, "title: has no value");
    expect_broken("threshold: 3", "threshold: \"3\"", 15, "threshold");
    expect_broken("threshold: 3", "threshold: 6", 15, "1 to 5");
    expect_broken("  - {value: \"4\", label: \"Mesuré\", description: \"Mesuré.\"}\n", "", 11,
                  "levels[3].value: expected \"4\", found \"5\"");
    expect_broken("{value: \"na\"", "{value: na", 13, "must be quoted");
    expect_broken("evidence: [\"Résolution\", \"Politique\"]", "evidence: []", 23,
                  "1 to 10 entries");
    expect_broken("        text: \"Un point focal est nommé.\"\n", "", 25, "missing key \"text\"");
    expect_broken("lang: fr", "lang: de", 5, "fr or en");
    expect_broken("id: test-grid", "id: Test_Grid", 3, "lowercase");
    expect_broken("# test grid\n", "\xef\xbb\xbf", 1, "byte-order mark");
    expect_broken("Gouvernance", "Gouv\xc3rnance", 18, "UTF-8");
    expect_broken("domains:\n", "domains: []\nx-rest:\n", 16, "at least one domain");
    expect_broken("threshold: 3\n", "threshold: 3\n<<: {a: 1}\n", 16, "merge keys");
    expect_broken("        text: \"Le budget prévoit la sécurité.\"\n",
                  "        text: \"Le budget prévoit la sécurité.\"\n---\nformat: x\n", 29,
                  "second YAML document");
    expect_broken("levels:", "levels: [\n", 9, "YAML syntax error");

    /* Extensions and comments are allowed anywhere. */
    {
        char text[8192];
        snprintf(text, sizeof text,
                 "%s  - id: D3\n    title: \"T\"\n    x-note: {any: [thing]}\n    items:\n"
                 "      - {id: D3.1, text: \"Un item.\", x-source: \"AQOCI p. 3\"}\n",
                 SMALL);
        assert_int_equal(vg_grid_parse(&g, "ext.yaml", (const unsigned char *)text, strlen(text)),
                         VG_OK);
        assert_int_equal(g->nitems, 6);
        vg_grid_free(g);
    }
    /* A repeated reference is a warning, not an error. */
    {
        char text[8192];
        const char *at = strstr(SMALL, "[\"ISO 31030:2021\"]");
        snprintf(text, sizeof text, "%.*s[\"ISO 31030:2021\", \"ISO 31030:2021\"]%s",
                 (int)(at - SMALL), SMALL, at + strlen("[\"ISO 31030:2021\"]"));
        assert_int_equal(vg_grid_parse(&g, "w.yaml", (const unsigned char *)text, strlen(text)),
                         VG_OK);
        assert_int_equal(g->nwarnings, 1);
        assert_non_null(strstr(g->warnings[0], "w.yaml:24:"));
        vg_grid_free(g);
    }
    /* A file that does not exist, and a folder. */
    assert_int_equal(vg_grid_load(&g, "/nonexistent/grid.yaml"), VG_ENOTFOUND);
    assert_int_equal(vg_grid_load(&g, "/tmp"), VG_EINVALID);
}

static void language_versions_must_match(void **state)
{
    vg_grid *fr = NULL, *en = NULL, *other = NULL;
    unsigned char *buf;
    size_t len;
    char *at;
    (void)state;
    assert_int_equal(vg_grid_load(&fr, fr_path), VG_OK);
    /* English with one reference changed: refused when loaded together. */
    buf = read_whole(en_path, &len);
    at = strstr((char *)buf, "references: [\"ISO 31030:2021\", \"InterAction MOSS (2006)\"");
    assert_non_null(at);
    memcpy(at + 14, "ISO 31000", 9);
    assert_int_equal(vg_grid_parse(&en, "en.yaml", buf, len), VG_OK);
    assert_int_equal(vg_grid_check_pair(fr, en), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "references differ"));
    assert_int_equal(
        vg_grid_parse(&other, "fr2.yaml", (const unsigned char *)SMALL, sizeof SMALL - 1), VG_OK);
    assert_int_equal(vg_grid_check_pair(fr, other), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "not language versions"));
    free(buf);
    vg_grid_free(fr);
    vg_grid_free(en);
    vg_grid_free(other);
}

static void levels_parse(void **state)
{
    int l = 99;
    (void)state;
    assert_int_equal(vg_level_parse(&l, "3"), VG_OK);
    assert_int_equal(l, 3);
    assert_int_equal(vg_level_parse(&l, "NA"), VG_OK);
    assert_int_equal(l, VG_LEVEL_NA);
    assert_int_equal(vg_level_parse(&l, "n/a"), VG_OK);
    assert_int_equal(vg_level_parse(&l, "inconnu"), VG_OK);
    assert_int_equal(l, VG_LEVEL_UNKNOWN);
    assert_int_equal(vg_level_parse(&l, "?"), VG_OK);
    assert_int_equal(vg_level_parse(&l, "0"), VG_EINVALID);
    assert_int_equal(vg_level_parse(&l, "6"), VG_EINVALID);
    assert_int_equal(vg_level_parse(&l, "33"), VG_EINVALID);
    assert_int_equal(vg_level_parse(&l, ""), VG_EINVALID);
    assert_string_equal(vg_level_code(VG_LEVEL_UNKNOWN), "unknown");
    assert_null(vg_level_code(VG_LEVEL_UNANSWERED));
}

/* ---- assessments --------------------------------------------------- */

static void create_copies_the_template_and_refuses_bad_input(void **state)
{
    vg_store *st = open_store();
    vg_assessment *a = NULL;
    vg_grid *g = NULL;
    char copy[420];
    (void)state;
    snprintf(copy, sizeof copy, "%s/copy.yaml", top);
    write_file(copy, SMALL, sizeof SMALL - 1);
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_assessment_create(st, "copy", VG_NO_DAY, copy, &g), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    assert_string_equal(g->id, "test-grid");
    vg_grid_free(g);
    /* The file changes later: the assessment keeps its own copy. */
    {
        char changed[sizeof SMALL + 32], *at;
        memcpy(changed, SMALL, sizeof SMALL);
        at = strstr(changed, "Le CA adopte");
        memcpy(at, "Le XX", 5);
        write_file(copy, changed, sizeof SMALL - 1);
    }
    assert_int_equal(vg_assessment_load(st, "copy", &a), VG_OK);
    assert_string_equal(a->grid->items[0].text, "Le CA adopte la politique.");
    assert_int_equal(a->grid_len, sizeof SMALL - 1);
    assert_int_equal(a->info.items, 5);
    assert_string_equal(a->info.grid_source, "copy.yaml");
    vg_assessment_free(a);

    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_true(tx_fails(st, VG_EEXISTS, vg_assessment_create(st, "copy", VG_NO_DAY, copy, NULL)));
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_true(
        tx_fails(st, VG_EINVALID, vg_assessment_create(st, "bad label", VG_NO_DAY, copy, NULL)));
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_true(tx_fails(st, VG_ENOTFOUND,
                         vg_assessment_create(st, "x", VG_NO_DAY, "/nonexistent.yaml", NULL)));
    assert_int_equal(vg_assessment_load(st, "x", &a), VG_ENOTFOUND);
    assert_non_null(strstr(vg_error_last(), "\"x\""));
    /* Unknown item, bad level, text with a newline. */
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_true(tx_fails(st, VG_EINVALID, vg_assessment_answer(st, "copy", "D9.9", 3, NULL, NULL)));
    assert_non_null(strstr(vg_error_last(), "D9.9"));
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_true(tx_fails(st, VG_EINVALID, vg_assessment_answer(st, "copy", "D1.1", 7, NULL, NULL)));
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_true(
        tx_fails(st, VG_EINVALID, vg_assessment_answer(st, "copy", "D1.1", 3, "two\nlines", NULL)));
    /* Lower case ids are accepted. */
    TX(st, vg_assessment_answer(st, "copy", "d1.1", 3, "  une note  ", NULL));
    assert_int_equal(vg_assessment_load(st, "copy", &a), VG_OK);
    assert_int_equal(a->answers[0].level, 3);
    assert_string_equal(a->answers[0].note, "une note");
    vg_assessment_free(a);
    /* An unsigned assessment can be removed. */
    TX(st, vg_assessment_remove(st, "copy"));
    assert_int_equal(vg_assessment_load(st, "copy", &a), VG_ENOTFOUND);
    vg_store_close(st);
}

static void scores_count_na_out_and_unknown_as_zero(void **state)
{
    vg_store *st = open_store();
    vg_assessment *a = NULL;
    vg_scores *s = NULL;
    (void)state;
    TX(st, vg_assessment_create(st, "score", VG_NO_DAY, small_path, NULL));
    TX(st, vg_assessment_answer(st, "score", "D1.1", 4, NULL, NULL));
    TX(st, vg_assessment_answer(st, "score", "D1.2", VG_LEVEL_NA, "pas de personnel", NULL));
    TX(st, vg_assessment_answer(st, "score", "D1.3", VG_LEVEL_UNKNOWN, NULL, NULL));
    TX(st, vg_assessment_answer(st, "score", "D2.1", 2, NULL, "registre 2025.xlsx"));
    /* D2.2 unanswered */
    assert_int_equal(vg_assessment_load(st, "score", &a), VG_OK);
    assert_int_equal(vg_assessment_score(a, &s), VG_OK);
    /* D1: (4 + 0) / 2, N/A left out; one of two at 3 or more */
    assert_int_equal(s->domains[0].total, 3);
    assert_int_equal(s->domains[0].counted, 2);
    assert_int_equal(s->domains[0].na, 1);
    assert_int_equal(s->domains[0].unknown, 1);
    assert_true(s->domains[0].mean > 1.999 && s->domains[0].mean < 2.001);
    assert_true(s->domains[0].share > 0.499 && s->domains[0].share < 0.501);
    assert_int_equal(s->domains[0].needs_action, 1);
    /* D2: one answer (2), one unanswered */
    assert_int_equal(s->domains[1].counted, 1);
    assert_int_equal(s->domains[1].unanswered, 1);
    assert_true(s->domains[1].mean > 1.999 && s->domains[1].mean < 2.001);
    assert_true(s->domains[1].share < 0.001);
    /* overall: (4 + 0 + 2) / 3; 1 of 3 at 3 or more */
    assert_int_equal(s->overall.total, 5);
    assert_int_equal(s->overall.answered, 4);
    assert_int_equal(s->overall.counted, 3);
    assert_int_equal(s->overall.at_or_above, 1);
    assert_true(s->overall.mean > 1.999 && s->overall.mean < 2.001);
    /* weakest first: unknown (0), then 2, then 4; N/A and unanswered are not there */
    assert_int_equal(s->nweakest, 3);
    assert_string_equal(a->grid->items[s->weakest[0]].id, "D1.3");
    assert_string_equal(a->grid->items[s->weakest[1]].id, "D2.1");
    assert_string_equal(a->grid->items[s->weakest[2]].id, "D1.1");
    assert_int_equal(s->nunanswered, 1);
    assert_string_equal(a->grid->items[s->unanswered[0]].id, "D2.2");
    /* the action plan: unknown and below the threshold; never N/A or unanswered */
    assert_true(vg_assessment_needs_action(a, idx(a, "D1.3")));
    assert_true(vg_assessment_needs_action(a, idx(a, "D2.1")));
    assert_false(vg_assessment_needs_action(a, idx(a, "D1.1")));
    assert_false(vg_assessment_needs_action(a, idx(a, "D1.2")));
    assert_false(vg_assessment_needs_action(a, idx(a, "D2.2")));
    assert_string_equal(a->answers[idx(a, "D2.1")].evidence, "registre 2025.xlsx");
    vg_scores_free(s);
    vg_assessment_free(a);
    vg_store_close(st);
}

static void action_plan_holds_text_owner_and_due_date(void **state)
{
    vg_store *st = open_store();
    vg_assessment *a = NULL;
    char day[16];
    size_t i;
    (void)state;
    TX(st, vg_assessment_create(st, "plan", VG_NO_DAY, small_path, NULL));
    TX(st, vg_assessment_answer(st, "plan", "D2.1", 1, NULL, NULL));
    TX(st, vg_assessment_set_action(st, "plan", "D2.1",
                                    "Faire l'appréciation des risques de chaque séjour",
                                    "Coordination", "2026-06-30"));
    /* Only the owner changes; the text and date stay. */
    TX(st, vg_assessment_set_action(st, "plan", "D2.1", NULL, "Direction", NULL));
    /* An action for an item at level 4 is allowed (to reach 5). */
    TX(st, vg_assessment_answer(st, "plan", "D1.1", 4, NULL, NULL));
    TX(st, vg_assessment_set_action(st, "plan", "D1.1", "Mesurer", NULL, "15/09/2026"));
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_true(
        tx_fails(st, VG_EINVALID, vg_assessment_set_action(st, "plan", "D1.2", NULL, "X", NULL)));
    assert_non_null(strstr(vg_error_last(), "--text"));
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_true(tx_fails(st, VG_EINVALID,
                         vg_assessment_set_action(st, "plan", "D1.2", "T", NULL, "2026-02-30")));
    assert_int_equal(vg_assessment_load(st, "plan", &a), VG_OK);
    i = idx(a, "D2.1");
    assert_string_equal(a->actions[i].text, "Faire l'appréciation des risques de chaque séjour");
    assert_string_equal(a->actions[i].owner, "Direction");
    vg_date_format(day, a->actions[i].due);
    assert_string_equal(day, "2026-06-30");
    assert_true(vg_assessment_needs_action(a, i));
    i = idx(a, "D1.1");
    assert_false(vg_assessment_needs_action(a, i));
    vg_date_format(day, a->actions[i].due);
    assert_string_equal(day, "2026-09-15");
    assert_null(a->actions[i].owner);
    assert_null(a->actions[idx(a, "D1.2")].text);
    vg_assessment_free(a);
    /* Remove; removing twice says there is none. */
    TX(st, vg_assessment_remove_action(st, "plan", "D1.1"));
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_true(tx_fails(st, VG_ENOTFOUND, vg_assessment_remove_action(st, "plan", "D1.1")));
    /* The due date can be cleared. */
    TX(st, vg_assessment_set_action(st, "plan", "D2.1", NULL, NULL, ""));
    assert_int_equal(vg_assessment_load(st, "plan", &a), VG_OK);
    assert_int_equal(a->actions[idx(a, "D2.1")].due, VG_NO_DAY);
    assert_null(a->actions[idx(a, "D1.1")].text);
    vg_assessment_free(a);
    vg_store_close(st);
}

static void compare_two_years(void **state)
{
    vg_store *st = open_store();
    vg_assessment *a = NULL, *b = NULL;
    vg_comparison *c = NULL;
    int32_t d25, d26;
    (void)state;
    assert_int_equal(vg_date_parse(&d25, "2025-03-15"), VG_OK);
    assert_int_equal(vg_date_parse(&d26, "2026-03-14"), VG_OK);
    /* Created out of order: the list goes by date. */
    TX(st, vg_assessment_create(st, "y2026", d26, small_path, NULL));
    TX(st, vg_assessment_create(st, "y2025", d25, small_path, NULL));
    TX(st, vg_assessment_answer(st, "y2025", "D1.1", 2, NULL, NULL));
    TX(st, vg_assessment_answer(st, "y2025", "D1.2", 3, NULL, NULL));
    TX(st, vg_assessment_answer(st, "y2025", "D1.3", VG_LEVEL_UNKNOWN, NULL, NULL));
    TX(st, vg_assessment_answer(st, "y2025", "D2.1", 3, NULL, NULL));
    TX(st, vg_assessment_answer(st, "y2025", "D2.2", VG_LEVEL_NA, NULL, NULL));
    TX(st, vg_assessment_answer(st, "y2026", "D1.1", 3, NULL, NULL));
    TX(st, vg_assessment_answer(st, "y2026", "D1.2", 3, NULL, NULL));
    TX(st, vg_assessment_answer(st, "y2026", "D1.3", 2, NULL, NULL));
    TX(st, vg_assessment_answer(st, "y2026", "D2.1", 1, NULL, NULL));
    TX(st, vg_assessment_answer(st, "y2026", "D2.2", 4, NULL, NULL));
    assert_int_equal(vg_assessment_load(st, "y2025", &a), VG_OK);
    assert_int_equal(vg_assessment_load(st, "y2026", &b), VG_OK);
    assert_int_equal(vg_assessment_compare(a, b, &c), VG_OK);
    assert_true(c->same_grid);
    assert_int_equal(c->ndomains, 2);
    /* D1: (2 + 3 + 0) / 3 -> (3 + 3 + 2) / 3 */
    assert_true(c->domains[0].a.mean > 1.66 && c->domains[0].a.mean < 1.67);
    assert_true(c->domains[0].b.mean > 2.66 && c->domains[0].b.mean < 2.67);
    /* D2: 3 (N/A left out) -> (1 + 4) / 2 */
    assert_true(c->domains[1].a.mean > 2.99 && c->domains[1].a.mean < 3.01);
    assert_true(c->domains[1].b.mean > 2.49 && c->domains[1].b.mean < 2.51);
    /* D1.1 2->3 and D1.3 unknown->2 improved; D2.1 3->1 regressed; D2.2 N/A->4 is not comparable */
    assert_int_equal(c->improved, 2);
    assert_int_equal(c->regressed, 1);
    assert_int_equal(c->nitems, 5);
    assert_string_equal(c->items[0].id, "D1.1");
    assert_int_equal(c->items[0].trend, VG_TREND_UP);
    assert_int_equal(c->items[1].trend, VG_TREND_SAME);
    assert_int_equal(c->items[2].trend, VG_TREND_UP);
    assert_int_equal(c->items[3].trend, VG_TREND_DOWN);
    assert_int_equal(c->items[4].trend, VG_TREND_NONE);
    vg_comparison_free(c);
    vg_assessment_free(a);
    vg_assessment_free(b);
    {
        vg_assessment_info *list = NULL;
        size_t n = 0, p25 = 99, p26 = 99;
        assert_int_equal(vg_assessment_list(st, &list, &n), VG_OK);
        for (size_t i = 0; i < n; i++) {
            if (!strcmp(list[i].label, "y2025"))
                p25 = i;
            if (!strcmp(list[i].label, "y2026"))
                p26 = i;
        }
        assert_true(p25 < p26);
        assert_int_equal(list[p26].answered, 5);
        assert_int_equal(list[p26].items, 5);
        assert_string_equal(list[p26].grid_id, "test-grid");
        vg_assessment_list_free(list, n);
    }
    vg_store_close(st);
}

static vg_verification *verify(vg_store *st, const char *label, int expect_rc)
{
    vg_verification *v = NULL;
    int rc = vg_assessment_verify(st, label, &v);
    if (rc != expect_rc)
        fail_msg("verify %s: rc %d (%s), expected %d", label, rc, vg_error_last(), expect_rc);
    assert_non_null(v);
    return v;
}

static int has_change(const vg_verification *v, int kind, const char *item, const char *field)
{
    for (size_t i = 0; i < v->nchanges; i++)
        if (v->changes[i].kind == kind &&
            (!item || (v->changes[i].item && !strcmp(v->changes[i].item, item))) &&
            (!field || (v->changes[i].field && !strcmp(v->changes[i].field, field))))
            return 1;
    return 0;
}

static void sign_verify_and_changes_after_signing(void **state)
{
    vg_store *st = open_store();
    vg_assessment *a = NULL;
    vg_verification *v;
    vg_signoff so;
    (void)state;
    TX(st, vg_assessment_create(st, "signed", VG_NO_DAY, small_path, NULL));
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_true(
        tx_fails(st, VG_EINVALID, vg_assessment_sign(st, "signed", "Marie", "présidente", NULL)));
    assert_int_equal(vg_assessment_verify(st, "signed", &v), VG_EINVALID); /* never signed */
    assert_null(v);
    TX(st, vg_assessment_answer(st, "signed", "D1.1", 2, "politique de 2019", "PV du CA"));
    TX(st, vg_assessment_answer(st, "signed", "D2.1", 3, NULL, NULL));
    TX(st, vg_assessment_set_action(st, "signed", "D1.1", "Réviser la politique", "Direction",
                                    "2026-12-01"));
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_true(
        tx_fails(st, VG_EINVALID, vg_assessment_sign(st, "signed", "", "présidente", NULL)));
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_assessment_sign(st, "signed", "Marie Tremblay", "présidente du CA", &so),
                     VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    assert_int_equal(strlen(so.code), 24);
    assert_string_equal(so.by, "Marie Tremblay");
    vg_signoff_clear(&so);

    v = verify(st, "signed", VG_OK);
    assert_int_equal(v->status, VG_VERIFY_HOLDS);
    assert_int_equal(v->nsignoffs, 1);
    assert_string_equal(v->signoffs[0].role, "présidente du CA");
    assert_int_equal(strlen(v->key_fingerprint), 24);
    vg_verification_free(v);

    /* Locked: answers and actions are refused, with the way to reopen. */
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_true(
        tx_fails(st, VG_EINVALID, vg_assessment_answer(st, "signed", "D1.1", 3, NULL, NULL)));
    assert_non_null(strstr(vg_error_last(), "reopen"));
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_true(
        tx_fails(st, VG_EINVALID, vg_assessment_set_action(st, "signed", "D1.1", "x", NULL, NULL)));
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_true(tx_fails(st, VG_EINVALID, vg_assessment_remove(st, "signed")));
    assert_int_equal(vg_assessment_load(st, "signed", &a), VG_OK);
    assert_true(a->info.locked);
    vg_assessment_free(a);

    /* Reopened, changed: verify names the item and the field. */
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_true(tx_fails(st, VG_EINVALID, vg_assessment_reopen(st, "signed", "")));
    TX(st, vg_assessment_reopen(st, "signed", "incident critique en mai"));
    assert_int_equal(vg_assessment_load(st, "signed", &a), VG_OK);
    assert_false(a->info.locked);
    assert_string_equal(a->reopen_reason, "incident critique en mai");
    vg_assessment_free(a);
    v = verify(st, "signed", VG_OK); /* reopening alone changes nothing */
    vg_verification_free(v);
    TX(st, vg_assessment_answer(st, "signed", "D1.1", 3, NULL, NULL));
    TX(st, vg_assessment_answer(st, "signed", "D1.2", 4, NULL, NULL));
    TX(st, vg_assessment_set_action(st, "signed", "D1.1", NULL, NULL, "2027-01-15"));
    v = verify(st, "signed", VG_EINTEGRITY);
    assert_int_equal(v->status, VG_VERIFY_CHANGED);
    assert_non_null(strstr(vg_error_last(), "D1.1"));
    assert_true(has_change(v, VG_CHANGE_ANSWER, "D1.1", "level"));
    assert_string_equal(v->changes[0].before, "2");
    assert_string_equal(v->changes[0].after, "3");
    assert_true(has_change(v, VG_CHANGE_ANSWER, "D1.2", "level")); /* answered after */
    assert_true(has_change(v, VG_CHANGE_ACTION, "D1.1", "due"));
    assert_false(has_change(v, VG_CHANGE_ANSWER, "D2.1", NULL));
    assert_int_equal(v->nchanges, 3);
    {
        char line[256];
        vg_change_describe(&v->changes[0], line, sizeof line);
        assert_non_null(strstr(line, "D1.1"));
    }
    vg_verification_free(v);

    /* The board signs again: it holds, and both sign-offs verify. */
    TX(st, vg_assessment_sign(st, "signed", "Jean Roy", "secrétaire du CA", NULL));
    v = verify(st, "signed", VG_OK);
    assert_int_equal(v->nsignoffs, 2);
    vg_verification_free(v);
    assert_int_equal(vg_assessment_load(st, "signed", &a), VG_OK);
    assert_true(a->info.locked);
    assert_null(a->reopen_reason);
    vg_assessment_free(a);
    vg_store_close(st);
}

/* Someone edits the rows directly (another SQLite tool, a script): the
 * sign-off catches it and says what. */
static void tampering_with_the_rows_is_named(void **state)
{
    vg_store *st = open_store();
    vg_verification *v;
    (void)state;
    TX(st, vg_assessment_create(st, "tamper", VG_NO_DAY, small_path, NULL));
    TX(st, vg_assessment_answer(st, "tamper", "D1.1", 2, "une note", NULL));
    TX(st, vg_assessment_answer(st, "tamper", "D2.2", 1, NULL, NULL));
    TX(st, vg_assessment_sign(st, "tamper", "Marie", "présidente", NULL));

    assert_int_equal(vg_sql_exec(st, "UPDATE assessment_answer SET note = 'autre note'"
                                     " WHERE item = 'D1.1' AND assessment_id ="
                                     " (SELECT id FROM assessment WHERE label = 'tamper')"),
                     VG_OK);
    v = verify(st, "tamper", VG_EINTEGRITY);
    assert_true(has_change(v, VG_CHANGE_ANSWER, "D1.1", "note"));
    assert_int_equal(v->nchanges, 1);
    vg_verification_free(v);
    assert_int_equal(vg_sql_exec(st, "UPDATE assessment_answer SET note = 'une note'"
                                     " WHERE item = 'D1.1' AND assessment_id ="
                                     " (SELECT id FROM assessment WHERE label = 'tamper')"),
                     VG_OK);
    vg_verification_free(verify(st, "tamper", VG_OK));

    /* An answer deleted. */
    assert_int_equal(
        vg_sql_exec(st, "DELETE FROM assessment_answer WHERE item = 'D2.2' AND assessment_id ="
                        " (SELECT id FROM assessment WHERE label = 'tamper')"),
        VG_OK);
    v = verify(st, "tamper", VG_EINTEGRITY);
    assert_true(has_change(v, VG_CHANGE_ANSWER, "D2.2", "level"));
    assert_null(v->changes[0].after);
    vg_verification_free(v);
    assert_int_equal(
        vg_sql_exec(st, "INSERT INTO assessment_answer SELECT id, 'D2.2', '1', NULL, NULL, 0"
                        " FROM assessment WHERE label = 'tamper'"),
        VG_OK);
    vg_verification_free(verify(st, "tamper", VG_OK));

    /* A row for an item the template does not have: invisible to scores,
     * named all the same. */
    assert_int_equal(
        vg_sql_exec(st, "INSERT INTO assessment_answer SELECT id, 'D9.9', '5', NULL, NULL, 0"
                        " FROM assessment WHERE label = 'tamper'"),
        VG_OK);
    v = verify(st, "tamper", VG_EINTEGRITY);
    assert_true(has_change(v, VG_CHANGE_ANSWER, "D9.9", "level"));
    vg_verification_free(v);
    assert_int_equal(vg_sql_exec(st, "DELETE FROM assessment_answer WHERE item = 'D9.9'"), VG_OK);
    vg_verification_free(verify(st, "tamper", VG_OK));

    /* The stored template: an item's text reworded. */
    assert_int_equal(vg_sql_exec(st, "UPDATE assessment SET grid_text = replace(grid_text,"
                                     " 'Le CA adopte la politique.', 'Le CA lit la politique.')"
                                     " WHERE label = 'tamper'"),
                     VG_OK);
    v = verify(st, "tamper", VG_EINTEGRITY);
    assert_true(has_change(v, VG_CHANGE_TEMPLATE, "D1.1", "text"));
    assert_non_null(strstr(vg_error_last(), "template"));
    vg_verification_free(v);
    /* ... or broken so that it no longer loads: still named, not an error. */
    assert_int_equal(
        vg_sql_exec(st, "UPDATE assessment SET grid_text = 'format: [' WHERE label = 'tamper'"),
        VG_OK);
    v = verify(st, "tamper", VG_EINTEGRITY);
    assert_true(has_change(v, VG_CHANGE_TEMPLATE, NULL, NULL));
    vg_verification_free(v);
    {
        vg_assessment *a = NULL;
        assert_int_equal(vg_assessment_load(st, "tamper", &a), VG_EINTEGRITY);
    }
    vg_store_close(st);
}

static void forged_or_altered_signatures_are_refused(void **state)
{
    vg_store *st = open_store();
    vg_verification *v;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES],
        sig[crypto_sign_BYTES];
    sqlite3_stmt *s = NULL;
    (void)state;
    TX(st, vg_assessment_create(st, "forge", VG_NO_DAY, small_path, NULL));
    TX(st, vg_assessment_answer(st, "forge", "D1.1", 3, NULL, NULL));
    TX(st, vg_assessment_sign(st, "forge", "Marie", "présidente", NULL));
    vg_verification_free(verify(st, "forge", VG_OK));

    /* The signer's name changed in the row: the signature covers it. */
    assert_int_equal(
        vg_sql_exec(st, "UPDATE assessment_signoff SET signer = 'Quelqu''un d''autre'"
                        " WHERE assessment_id = (SELECT id FROM assessment WHERE label = 'forge')"),
        VG_OK);
    v = verify(st, "forge", VG_EINTEGRITY);
    assert_int_equal(v->status, VG_VERIFY_BAD_SIGNATURE);
    assert_non_null(strstr(vg_error_last(), "does not hold"));
    vg_verification_free(v);
    assert_int_equal(
        vg_sql_exec(st, "UPDATE assessment_signoff SET signer = 'Marie'"
                        " WHERE assessment_id = (SELECT id FROM assessment WHERE label = 'forge')"),
        VG_OK);
    vg_verification_free(verify(st, "forge", VG_OK));

    /* The time moved: covered too. */
    assert_int_equal(
        vg_sql_exec(st, "UPDATE assessment_signoff SET signed_at = signed_at - 86400"
                        " WHERE assessment_id = (SELECT id FROM assessment WHERE label = 'forge')"),
        VG_OK);
    v = verify(st, "forge", VG_EINTEGRITY);
    assert_int_equal(v->status, VG_VERIFY_BAD_SIGNATURE);
    vg_verification_free(v);
    assert_int_equal(
        vg_sql_exec(st, "UPDATE assessment_signoff SET signed_at = signed_at + 86400"
                        " WHERE assessment_id = (SELECT id FROM assessment WHERE label = 'forge')"),
        VG_OK);

    /* The signed copy edited together with the answer (someone trying to
     * hide a change): the signature no longer holds. */
    assert_int_equal(
        vg_sql_exec(st,
                    "UPDATE assessment_signoff SET content = CAST(replace(CAST(content AS TEXT),"
                    " 'Le CA adopte', 'Le CA ignore') AS BLOB)"
                    " WHERE assessment_id = (SELECT id FROM assessment WHERE label = 'forge')"),
        VG_OK);
    v = verify(st, "forge", VG_EINTEGRITY);
    assert_int_equal(v->status, VG_VERIFY_BAD_SIGNATURE);
    vg_verification_free(v);
    assert_int_equal(
        vg_sql_exec(st,
                    "UPDATE assessment_signoff SET content = CAST(replace(CAST(content AS TEXT),"
                    " 'Le CA ignore', 'Le CA adopte') AS BLOB)"
                    " WHERE assessment_id = (SELECT id FROM assessment WHERE label = 'forge')"),
        VG_OK);
    vg_verification_free(verify(st, "forge", VG_OK));

    /* A signature made with another key over the same message, and a
     * signature with one bit flipped. */
    crypto_sign_keypair(pk, sk);
    randombytes_buf(sig, sizeof sig);
    crypto_sign_detached(sig, NULL, (const unsigned char *)"x", 1, sk);
    assert_int_equal(
        vg_sql_prepare(st, &s,
                       "UPDATE assessment_signoff SET signature = ?1 WHERE assessment_id ="
                       " (SELECT id FROM assessment WHERE label = 'forge')"),
        VG_OK);
    sqlite3_bind_blob(s, 1, sig, sizeof sig, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(s), SQLITE_DONE);
    sqlite3_finalize(s);
    v = verify(st, "forge", VG_EINTEGRITY);
    assert_int_equal(v->status, VG_VERIFY_BAD_SIGNATURE);
    assert_int_equal(v->bad, 0);
    vg_verification_free(v);
    assert_int_equal(
        vg_sql_exec(st, "UPDATE assessment_signoff SET signature = x'00'"
                        " WHERE assessment_id = (SELECT id FROM assessment WHERE label = 'forge')"),
        VG_OK);
    v = verify(st, "forge", VG_EINTEGRITY);
    assert_int_equal(v->status, VG_VERIFY_BAD_SIGNATURE);
    vg_verification_free(v);
    vg_store_close(st);
}

static void damaged_signed_copies_are_refused(void **state)
{
    static const unsigned char junk[] = "VGASMT01\xff\xff\xff\xff";
    unsigned char big[64];
    (void)state;
    assert_int_equal(vg_assessment_content_check(junk, sizeof junk - 1), VG_EINTEGRITY);
    assert_int_equal(vg_assessment_content_check(NULL, 0), VG_EINTEGRITY);
    memset(big, 0, sizeof big);
    memcpy(big, "VGASMT01", 8);
    assert_int_equal(vg_assessment_content_check(big, sizeof big), VG_EINTEGRITY);
    /* a well-formed empty content decodes */
    {
        unsigned char ok[8 + 4 * 3 + 4 + 4];
        memset(ok, 0, sizeof ok);
        memcpy(ok, "VGASMT01", 8);
        assert_int_equal(vg_assessment_content_check(ok, sizeof ok), VG_OK);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_grid_loads_in_both_languages_with_the_same_ids),
        cmocka_unit_test(broken_templates_are_refused_with_file_and_line),
        cmocka_unit_test(language_versions_must_match),
        cmocka_unit_test(levels_parse),
        cmocka_unit_test(create_copies_the_template_and_refuses_bad_input),
        cmocka_unit_test(scores_count_na_out_and_unknown_as_zero),
        cmocka_unit_test(action_plan_holds_text_owner_and_due_date),
        cmocka_unit_test(compare_two_years),
        cmocka_unit_test(sign_verify_and_changes_after_signing),
        cmocka_unit_test(tampering_with_the_rows_is_named),
        cmocka_unit_test(forged_or_altered_signatures_are_refused),
        cmocka_unit_test(damaged_signed_copies_are_refused),
    };
    if (vg_init() != VG_OK)
        return 1;
    return cmocka_run_group_tests(tests, setup, teardown);
}
