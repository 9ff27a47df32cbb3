/* Country guides: the six shipped guides load and agree, broken guides are
 * refused with file:line messages naming the field, and the store keeps
 * every imported version. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/guide.h>
#include <vigie/store.h>
#include <vigie/vigie.h>

static const char *const names[] = {"co.fr", "co.en", "ht.fr", "ht.en", "mx.fr", "mx.en"};

static char *slurp_path(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
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
    if (len)
        *len = (size_t)n;
    return buf;
}

static char *slurp(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/country-guides/%s.md", VIGIE_SOURCE_DIR, name);
    return slurp_path(path, NULL);
}

/* `text` with the first `from` replaced by `to` (which must be there). */
static char *replace(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    char *out;
    size_t a, b = strlen(from), c = strlen(to), n = strlen(text);
    if (!at)
        fail_msg("not in the guide: %s", from);
    a = (size_t)(at - text);
    out = malloc(n - b + c + 1);
    assert_non_null(out);
    memcpy(out, text, a);
    memcpy(out + a, to, c);
    memcpy(out + a + c, at + b, n - a - b + 1);
    return out;
}

static int line_of(const char *text, const char *needle)
{
    const char *at = strstr(text, needle);
    int line = 1;
    assert_non_null(at);
    for (const char *p = text; p < at; p++)
        line += *p == '\n';
    return line;
}

static vg_guide *load(const char *name)
{
    char *text = slurp(name), file[32];
    vg_guide *g = NULL;
    vg_guide_diags d = {0};
    int rc;
    snprintf(file, sizeof file, "%s.md", name);
    rc = vg_guide_parse(file, text, strlen(text), &g, &d);
    if (rc != VG_OK)
        fail_msg("%s: %s", name, vg_error_last());
    assert_int_equal(d.errors, 0);
    vg_guide_diags_free(&d);
    free(text);
    return g;
}

/* Parse `text` as `file`: it must fail, and one message must hold `want`. */
static void refused(const char *file, const char *text, const char *want)
{
    vg_guide *g = NULL;
    vg_guide_diags d = {0};
    int found = 0;
    assert_int_equal(vg_guide_parse(file, text, strlen(text), &g, &d), VG_EINVALID);
    assert_null(g);
    assert_true(d.errors > 0);
    for (size_t i = 0; i < d.n; i++)
        if (!d.v[i].warning && strstr(d.v[i].text, want))
            found = 1;
    if (!found) {
        for (size_t i = 0; i < d.n; i++)
            fprintf(stderr, "  %s\n", d.v[i].text);
        fail_msg("no message holds: %s", want);
    }
    vg_guide_diags_free(&d);
}

/* Replace in co.fr.md and expect "co.fr.md:LINE: want", LINE being where
 * `to` ends up (or the line of `at` when given). */
static void broken(const char *from, const char *to, const char *at, const char *want)
{
    char *base = slurp("co.fr"), *text = replace(base, from, to), msg[512];
    snprintf(msg, sizeof msg, "co.fr.md:%d: %s", line_of(text, at ? at : to), want);
    refused("co.fr.md", text, msg);
    free(text);
    free(base);
}

static void six_guides_load(void **state)
{
    (void)state;
    for (size_t i = 0; i < 6; i++) {
        vg_guide *g = load(names[i]);
        int ewrc = 0, embassy = 0;
        char cc[3] = {(char)(names[i][0] - 32), (char)(names[i][1] - 32), 0};
        assert_string_equal(g->country, cc);
        assert_string_equal(g->lang, names[i] + 3);
        assert_string_equal(g->version, "2026.2");
        assert_true(g->review_by > g->reviewed);
        assert_true(g->nthreats >= (strcmp(cc, "CO") ? 5u : 6u));
        assert_true(g->nphrases >= 8 && g->nphrases <= 12);
        assert_true(g->nnumbers >= 1);
        assert_true(g->advisory.level >= 1 && g->advisory.level <= 4);
        assert_string_equal(g->advisory.wording, vg_advisory_wording(g->advisory.level, g->lang));
        for (size_t k = 0; k < g->noffices; k++) {
            ewrc += g->offices[k].kind == VG_OFFICE_EWRC;
            embassy += g->offices[k].kind == VG_OFFICE_EMBASSY;
        }
        assert_int_equal(ewrc, 1);
        assert_int_equal(embassy, 1);
        for (int s = 0; s < VG_SEC_COUNT; s++) {
            assert_non_null(g->sections[s].title);
            assert_string_equal(g->sections[s].title,
                                vg_guide_section_heading((vg_guide_section_id)s, g->lang));
            assert_true(g->sections[s].nblocks > 0);
        }
        /* verified facts all have a source that the guide lists */
        for (size_t k = 0; k < g->nnumbers; k++)
            assert_true(g->numbers[k].status == VG_FACT_TO_CHECK || g->numbers[k].source);
        vg_guide_free(g);
    }
}

static void colombia_facts(void **state)
{
    vg_guide *g = load("co.fr");
    char *emergency = vg_guide_section_plain(g, VG_SEC_EMERGENCY);
    (void)state;
    assert_string_equal(g->zones[0].zone, "America/Bogota");
    assert_int_equal(g->advisory.level, 2);
    assert_int_equal(g->advisory.nregions, 25);
    assert_string_equal(g->advisory.regions[0].name, "Arauca (département)");
    assert_int_equal(g->advisory.regions[0].level, 4);
    assert_string_equal(g->numbers[0].number, "123");
    assert_int_equal(g->numbers[0].status, VG_FACT_VERIFIED);
    /* 2026.2: Cesar's two municipalities at level 4, Amazonas strip at 3 */
    assert_non_null(strstr(g->advisory.regions[3].name, "González"));
    assert_int_equal(g->advisory.regions[3].level, 4);
    assert_non_null(strstr(g->advisory.regions[10].name, "Amazonas"));
    assert_int_equal(g->advisory.regions[10].level, 3);
    assert_string_equal(g->offices[0].phone, "+57 601 657 9800");
    assert_string_equal(g->threats[0].category, "armed-conflict");
    assert_int_equal(g->threats[0].likelihood * g->threats[0].impact, 15);
    assert_int_equal(g->threats[2].nregions, 0); /* crime: country-wide */
    assert_int_equal(g->passport_validity_months, 6);
    assert_non_null(strstr(emergency, "+1 613 996 8885"));
    assert_non_null(strstr(emergency, "sos@international.gc.ca"));
    assert_null(strstr(emergency, "**")); /* bold is a run, not text */
    /* the first bullet of "Sécurité" starts with a bold run */
    assert_true(g->sections[VG_SEC_SECURITY].blocks[0].bullet);
    assert_true(g->sections[VG_SEC_SECURITY].blocks[0].runs[0].bold);
    assert_string_equal(g->sections[VG_SEC_SECURITY].blocks[0].runs[0].text,
                        "Manifestations et politique");
    free(emergency);
    vg_guide_free(g);
}

static void french_and_english_agree(void **state)
{
    (void)state;
    for (size_t i = 0; i < 6; i += 2) {
        vg_guide *fr = load(names[i]), *en = load(names[i + 1]);
        vg_guide_diags d = {0};
        int rc = vg_guide_compare(fr, en, &d);
        for (size_t k = 0; k < d.n; k++)
            fprintf(stderr, "  %s\n", d.v[k].text);
        assert_int_equal(rc, VG_OK);
        assert_int_equal(d.errors, 0);
        /* the same entries, index by index */
        assert_int_equal(fr->nnumbers, en->nnumbers);
        for (size_t k = 0; k < fr->nnumbers; k++)
            assert_string_equal(fr->numbers[k].number, en->numbers[k].number);
        assert_int_equal(fr->nthreats, en->nthreats);
        for (size_t k = 0; k < fr->nthreats; k++)
            assert_string_equal(fr->threats[k].category, en->threats[k].category);
        vg_guide_free(fr);
        vg_guide_free(en);
    }
}

static void compare_names_differences(void **state)
{
    char *fr_text = slurp("co.fr"), *en_text = slurp("co.en");
    char *en2 = replace(en_text, "    number: \"112\"", "    number: \"911\"");
    vg_guide *fr = NULL, *en = NULL;
    vg_guide_diags d = {0};
    (void)state;
    assert_int_equal(vg_guide_parse("co.fr.md", fr_text, strlen(fr_text), &fr, NULL), VG_OK);
    assert_int_equal(vg_guide_parse("co.en.md", en2, strlen(en2), &en, NULL), VG_OK);
    assert_int_equal(vg_guide_compare(fr, en, &d), VG_EINVALID);
    assert_int_equal(d.errors, 1);
    assert_non_null(strstr(
        d.v[0].text, "emergency_numbers[2].number: \"911\" here, \"112\" in the French guide"));
    vg_guide_diags_free(&d);
    vg_guide_free(fr);
    vg_guide_free(en);
    free(fr_text);
    free(en_text);
    free(en2);
}

/* Regions a coordinator types, found exactly (issue 13): a division, a
 * place inside one, case and accents ignored; an unknown or misspelt name
 * refused with suggestions; the advisory areas each lies in, never guessed. */
static int has_area(const vg_guide *g, const vg_guide_area *a, size_t n, const char *name,
                    int level, int partly)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(g->advisory.regions[a[i].region].name, name) &&
            g->advisory.regions[a[i].region].level == level && a[i].partly == partly)
            return 1;
    return 0;
}

static void places_resolve_exactly(void **state)
{
    vg_guide *g = load("co.fr"), *mx = load("mx.en");
    vg_guide_place p;
    vg_guide_area *a = NULL;
    size_t n = 0;
    (void)state;
    /* a municipality and a subregion resolve to their department */
    assert_int_equal(vg_guide_place_find(g, "TIBU", &p), VG_OK);
    assert_string_equal(p.name, "Tibú");
    assert_string_equal(p.division, "Norte de Santander");
    assert_int_equal(vg_guide_place_areas(g, &p, &a, &n), VG_OK);
    assert_true(has_area(g, a, n, "Norte de Santander (département)", 4, 0));
    free(a);
    assert_int_equal(vg_guide_place_find(g, "catatumbo", &p), VG_OK);
    assert_string_equal(p.division, "Norte de Santander");
    assert_int_equal(vg_guide_place_areas(g, &p, &a, &n), VG_OK);
    assert_true(has_area(g, a, n, "Norte de Santander (département)", 4, 0));
    assert_true(
        has_area(g, a, n, "Bande de 50 km le long de la frontière avec le Venezuela", 4, 1));
    free(a);
    /* an exception is honoured: Cúcuta is level 3, not its department's 4 */
    assert_int_equal(vg_guide_place_find(g, "Cucuta", &p), VG_OK);
    assert_int_equal(vg_guide_place_areas(g, &p, &a, &n), VG_OK);
    assert_int_equal(n, 1);
    assert_true(has_area(g, a, n, "Villes de Cúcuta, Florencia et Popayán", 3, 0));
    free(a);
    /* Cauca is the department, not Valle del Cauca; Cali is excepted from Valle */
    assert_int_equal(vg_guide_place_find(g, "cauca", &p), VG_OK);
    assert_int_equal(vg_guide_place_areas(g, &p, &a, &n), VG_OK);
    assert_int_equal(n, 1);
    assert_true(has_area(g, a, n, "Cauca (département)", 4, 0));
    free(a);
    assert_int_equal(vg_guide_place_find(g, "Cali", &p), VG_OK);
    assert_int_equal(vg_guide_place_areas(g, &p, &a, &n), VG_OK);
    assert_int_equal(n, 0);
    free(a);
    /* Buenaventura: its own level-4 area, not Valle del Cauca's level 3 */
    assert_int_equal(vg_guide_place_find(g, "Buenaventura", &p), VG_OK);
    assert_int_equal(vg_guide_place_areas(g, &p, &a, &n), VG_OK);
    assert_int_equal(n, 1);
    assert_true(has_area(g, a, n, "Port de Tumaco et ville de Buenaventura", 4, 0));
    free(a);
    /* misspelt or unknown: refused, with the close names */
    assert_int_equal(vg_guide_place_find(g, "Caucca", &p), VG_ENOTFOUND);
    assert_non_null(strstr(vg_error_last(), "Cauca"));
    assert_int_equal(vg_guide_place_find(g, "Barranca", &p), VG_ENOTFOUND);
    assert_non_null(strstr(vg_error_last(), "Barrancabermeja"));
    assert_int_equal(vg_guide_place_find(g, "Atlantis", &p), VG_ENOTFOUND);
    /* "Norte de Santander (Catatumbo)" is not a name: nothing is guessed */
    assert_int_equal(vg_guide_place_find(g, "Norte de Santander (Catatumbo)", &p), VG_ENOTFOUND);
    /* Mexico: a part of a state (Guanajuato's highway zone) is "partly" */
    assert_int_equal(vg_guide_place_find(mx, "guanajuato", &p), VG_OK);
    assert_int_equal(vg_guide_place_areas(mx, &p, &a, &n), VG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(a[0].partly, 1);
    free(a);
    assert_int_equal(vg_guide_place_find(mx, "León", &p), VG_OK);
    assert_int_equal(vg_guide_place_areas(mx, &p, &a, &n), VG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(a[0].partly, 0);
    assert_int_equal(mx->advisory.regions[a[0].region].level, 3);
    free(a);
    vg_guide_free(g);
    vg_guide_free(mx);
    /* the validator: an area naming an unknown place, a name given twice */
    broken("      places: [\"Arauca\"]", "      places: [\"Araucaa\"]", NULL,
           "advisory.regions[1].places[1]: \"Araucaa\" is not in divisions");
    broken("    places: [\"Saravena\", \"Tame\"]", "    places: [\"Saravena\", \"Tibú\"]",
           "  - name: \"Norte de Santander\"\n    places",
           "divisions[23]: \"Tibú\" is named twice (as Tibú in Arauca)");
    broken("      within: [\"Cesar\"]", "      within: [\"Valledupar\"]", NULL,
           "advisory.regions[4].within[1]: \"Valledupar\" is a place of Cesar, not a division");
    /* and between the languages */
    {
        char *fr_text = slurp("co.fr"), *en_text = slurp("co.en");
        char *en2 = replace(en_text, "\"Tibú\", \"Ocaña\"", "\"Tibu\", \"Ocaña\"");
        vg_guide *fr = NULL, *en = NULL;
        vg_guide_diags d = {0};
        assert_int_equal(vg_guide_parse("co.fr.md", fr_text, strlen(fr_text), &fr, NULL), VG_OK);
        assert_int_equal(vg_guide_parse("co.en.md", en2, strlen(en2), &en, NULL), VG_OK);
        assert_int_equal(vg_guide_compare(fr, en, &d), VG_EINVALID);
        assert_non_null(strstr(d.v[0].text, "divisions[23].places: \"Tibu\" here, \"Tibú\""));
        vg_guide_diags_free(&d);
        vg_guide_free(fr);
        vg_guide_free(en);
        free(fr_text);
        free(en_text);
        free(en2);
    }
}

static void front_matter_errors_name_file_line_field(void **state)
{
    (void)state;
    broken("reviewed: 2026-12-03", "reviewed: 2026-13-45", NULL,
           "reviewed: \"2026-13-45\" is not a date");
    broken("reviewed: 2026-12-03", "reviewed: 2026-02-30", NULL,
           "reviewed: \"2026-02-30\" is not a date");
    broken("review_by: 2027-03-03", "review_by: \"2027-05-23\"", NULL,
           "review_by: a date is written without quotes");
    broken("review_by: 2027-03-03", "review_by: 2026-01-01", NULL,
           "review_by: 2026-01-01 is not later than reviewed");
    /* the review interval the guide states bounds review_by */
    broken("review_by: 2027-03-03", "review_by: 2027-06-03", NULL,
           "review_by: 2027-06-03 is later than reviewed (2026-12-03) plus the review interval "
           "of 3 months (2027-03-03)");
    broken("review_interval_months: 3", "review_interval_months: 13", NULL,
           "review_interval_months: 13 is out of range (1 to 12)");
    /* a source's date is the date of its content: never after the review */
    broken("    seen: 2026-08-15", "    seen: 2026-12-04", NULL,
           "sources[1].seen: 2026-12-04 is later than the guide's review date (reviewed: "
           "2026-12-03)");
    /* ... nor in the future, whatever the review date says */
    {
        char *base = slurp("co.fr"),
             *a = replace(base, "reviewed: 2026-12-03", "reviewed: 2099-01-01");
        char *b = replace(a, "review_by: 2027-03-03", "review_by: 2099-04-01");
        char *c = replace(b, "    seen: 2026-08-15", "    seen: 2098-12-01"), msg[256];
        snprintf(msg, sizeof msg, "co.fr.md:%d: sources[1].seen: 2098-12-01 is in the future",
                 line_of(c, "    seen: 2098-12-01"));
        refused("co.fr.md", c, msg);
        free(a);
        free(b);
        free(c);
        free(base);
    }
    broken("  level: 2\n  wording", "  level: 7\n  wording", "  level: 7",
           "advisory.level: 7 is out of range (1 to 4)");
    broken("  level: 2\n  wording", "  level: 0\n  wording", "  level: 0",
           "advisory.level: 0 is out of range (1 to 4)");
    broken("  - category: crime", "  - category: pickpocket", NULL,
           "threats[3].category: \"pickpocket\" is not a threat category");
    broken("    likelihood: 4\n    impact: 3", "    likelihood: 6\n    impact: 3",
           "    likelihood: 6", "threats[3].likelihood: 6 is out of range (1 to 5)");
    broken("    number: \"112\"\n    status: verified\n    source: infobae-co-2024",
           "    number: \"112\"\n    status: verified", "  - service: \"Police nationale\"",
           "emergency_numbers[2].source: a verified fact needs a source");
    broken("    number: \"112\"", "    number: 112", NULL,
           "emergency_numbers[2].number: \"112\" must be written in quotes");
    broken("    number: \"112\"", "    number: \"11a2\"", NULL,
           "emergency_numbers[2].number: \"11a2\" is not a phone number as dialled in the country");
    broken("    phone: \"+57 601 657 9800\"", "    phone: \"601 657 9800\"", NULL,
           "representation[1].phone: \"601 657 9800\" is not a phone number in international form");
    broken("  status: verified\n  source: gac-co-2026\n  regions:",
           "  status: verified\n  source: gac-xx\n  regions:", "  source: gac-xx",
           "advisory.source: \"gac-xx\" is not one of the guide's sources");
    broken("  wording: \"Faites preuve d'une grande prudence\"", "  wording: \"Soyez prudents\"",
           NULL, "advisory.wording: \"Soyez prudents\" is not the official wording of level 2");
    broken("  - zone: America/Bogota", "  - zone: America/Bogot", NULL,
           "timezones[1].zone: \"America/Bogot\" is not a time zone this system knows");
    broken("    status: verified\n    source: iana-tz", "    status: checked\n    source: iana-tz",
           "    status: checked",
           "timezones[1].status: \"checked\" is not a status (verified or to-check)");
    broken("passport_validity_months: 6", "passport_validity_months: 6\ncolour: blue",
           "colour: blue", "colour: unknown key");
    broken("title: \"Guide pays : Colombie\"",
           "title: \"Guide pays : Colombie\"\ntitle: \"Encore\"", "title: \"Encore\"",
           "key \"title\" appears twice (first on line 5)");
    broken("lang: fr", "lang: es", NULL, "lang: \"es\" is not fr or en");
    broken("country: CO", "country: Co", NULL, "country: \"Co\" is not a country code");
    broken("version: \"2026.2\"", "version: \"v1\"", NULL, "version: \"v1\" is not a version");
    broken("format: vigie-guide/1", "format: vigie-guide/2", NULL,
           "format: \"vigie-guide/2\" must be \"vigie-guide/1\"");
    broken("    url: \"https://travel.gc.ca/destinations/colombia\"",
           "    url: \"ftp://example.org\"", NULL,
           "sources[1].url: \"ftp://example.org\" is not a web address");
    broken("  - id: gac-co-2026\n", "  - id: Gac_CO\n", "  - id: Gac_CO",
           "sources[1].id: \"Gac_CO\" is not an id");
    broken("  - kind: ewrc", "  - kind: embassy",
           "representation:", "representation: exactly one office must be of kind ewrc");
    broken("    email: \"sos@international.gc.ca\"",
           "    email: \"sos@international.gc.ca\"\n    fax: \"1\"", "    fax",
           "representation[2].fax: unknown key");
    broken(
        "  - local: \"¡Ayuda!\"\n    meaning: \"À l'aide !\"\n  - local: \"¡Llame a la policía!\"\n"
        "    meaning: \"Appelez la police !\"\n  - local: \"Necesito una ambulancia.\"\n"
        "    meaning: \"J'ai besoin d'une ambulance.\"\n",
        "", "phrases:\n", "phrases: too few entries (7; at least 8)");
    broken("title: \"Guide pays : Colombie\"", "title: \"Guide\\x1b[31m\"", NULL,
           "title: holds a control character");
    broken("title: \"Guide pays : Colombie\"", "title: &t \"Guide\"", NULL,
           "title: YAML anchors (&) and aliases (*) are not allowed");
    broken("title: \"Guide pays : Colombie\"", "title: |\n  Guide", "title: |",
           "title: block scalars (| and >) are not allowed");
    broken("title: \"Guide pays : Colombie\"", "title: [\"Guide\"]", NULL,
           "title: must be a single value");
    broken("title: \"Guide pays : Colombie\"", "title: \"Guide\n  pays\"", "title: \"Guide",
           "title: a value must fit on one line");
}

static void body_errors_name_line(void **state)
{
    (void)state;
    broken("## Santé\n", "## Sante\n", "## Sante",
           "\"## Sante\" is not one of the nine sections of a guide in fr");
    broken("## Santé\n", "## Santé\n\n| a | b |\n", "| a |", "tables are not allowed");
    broken("## Santé\n", "## Santé\n\n<b>gras</b>\n", "<b>", "HTML is not allowed");
    broken("## Santé\n", "## Santé\n\n- un\n  - deux\n", "  - deux",
           "indented lines are not allowed");
    broken("## Santé\n", "## Santé\n\n1. un\n", "1. un", "numbered lists are not allowed");
    broken("## Santé\n", "## Santé\n\n### Détail\n", "### Détail",
           "only the nine section headings");
    broken("## Santé\n", "## Santé\n\nUn ![logo](x.png) ici\n", "Un ![logo]",
           "images are not allowed");
    broken("## Santé\n", "## Santé\n\n```\ncode\n```\n", "```", "code blocks are not allowed");
    broken("## Santé\n", "## Santé\n\nUn mot *appuyé* ici\n", "Un mot", "only **bold** is allowed");
    broken("## Santé\n", "## Santé\n\nUn [lien](https://x.org) ici\n", "Un [lien]",
           "links are not allowed");
    broken("## Santé\n", "## Santé\n\n* puce\n", "* puce", "a bullet starts with \"- \"");
    broken("## Santé\n", "## Santé\n\n----\n", "----", "horizontal rules");
    /* a missing section, and one out of order */
    {
        char *base = slurp("co.fr"), *a = replace(base, "## Déplacements\n", "## Santé\n"),
             msg[128];
        char *b = replace(base, "## Sécurité\n", "## Santé\nx\n\n## Sécurité\n");
        (void)msg;
        refused("co.fr.md", a, "\"## Santé\" appears twice");
        refused("co.fr.md", a, "section \"## Déplacements\" is missing");
        refused("co.fr.md", b, "is out of order");
        free(a);
        free(b);
        free(base);
    }
    broken("sos@international.gc.ca. Texto", "sos(a)international.gc.ca. Texto",
           "## En cas d'urgence",
           "section \"## En cas d'urgence\" must give sos@international.gc.ca");
    broken("Prochaine : 2027-03-03 ", "Prochaine : en mai 2027,", "## Sources et révision",
           "section \"## Sources et révision\" must give the date 2027-03-03 (review_by)");
}

static void file_level_errors(void **state)
{
    char *base = slurp("co.fr"), *crlf, *big;
    size_t n = strlen(base);
    vg_guide *g = NULL;
    (void)state;
    refused("co.fr.md", "", "co.fr.md:1: line 1 must be exactly ---");
    refused("co.fr.md", "---\ncountry: CO\n",
            "co.fr.md:1: the front matter has no closing --- line");
    refused("co.fr.md", "\xef\xbb\xbf---\n", "co.fr.md:1: the file starts with a byte-order mark");
    refused("co.fr.md", "---\ntitle: \"\xff\"\n---\n", "co.fr.md:2: not valid UTF-8 text");
    refused("co.fr.md", "---\ntitle:\t\"x\"\n---\n", "co.fr.md:2: tab character");
    crlf = replace(base, "country: CO\n", "country: CO\r\n");
    refused("co.fr.md", crlf, "co.fr.md:3: carriage return");
    /* a file named for another country */
    refused("mx.fr.md", base, "the file name mx.fr.md does not match country CO and lang fr");
    /* every error, not only the first, in line order */
    {
        char *a = replace(base, "reviewed: 2026-12-03", "reviewed: 2026-13-45");
        char *b = replace(a, "  level: 2\n  wording", "  level: 9\n  wording");
        char *c = replace(b, "  - category: crime", "  - category: pickpocket");
        vg_guide_diags d = {0};
        assert_int_equal(vg_guide_parse("co.fr.md", c, strlen(c), &g, &d), VG_EINVALID);
        assert_true(d.errors >= 3);
        for (size_t i = 1; i < d.n; i++)
            assert_true(d.v[i - 1].line <= d.v[i].line);
        assert_non_null(strstr(vg_error_last(), "reviewed"));
        assert_non_null(strstr(vg_error_last(), "errors in all"));
        vg_guide_diags_free(&d);
        free(a);
        free(b);
        free(c);
    }
    /* bounded: one byte over the limit is refused unread */
    big = calloc(1, VG_GUIDE_MAX_BYTES + 2);
    assert_non_null(big);
    memcpy(big, base, n);
    memset(big + n, 'x', VG_GUIDE_MAX_BYTES + 1 - n);
    assert_int_equal(vg_guide_parse("co.fr.md", big, VG_GUIDE_MAX_BYTES + 1, &g, NULL),
                     VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "larger than"));
    /* and a NULL diags works */
    assert_int_equal(vg_guide_parse("co.fr.md", crlf, strlen(crlf), &g, NULL), VG_EINVALID);
    free(big);
    free(crlf);
    free(base);
}

static void sections_and_versions(void **state)
{
    vg_guide_section_id id;
    (void)state;
    assert_int_equal(vg_guide_section_find("emergency", &id), VG_OK);
    assert_int_equal(id, VG_SEC_EMERGENCY);
    assert_int_equal(vg_guide_section_find("urgence", &id), VG_OK);
    assert_int_equal(id, VG_SEC_EMERGENCY);
    assert_int_equal(vg_guide_section_find("SANTE", &id), VG_OK);
    assert_int_equal(id, VG_SEC_HEALTH);
    assert_int_equal(vg_guide_section_find("Entrée et séjour", &id), VG_OK);
    assert_int_equal(id, VG_SEC_ENTRY);
    assert_int_equal(vg_guide_section_find("## Getting around", &id), VG_OK);
    assert_int_equal(id, VG_SEC_TRAVEL);
    assert_int_equal(vg_guide_section_find("s", &id), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "ambiguous"));
    assert_int_equal(vg_guide_section_find("embassy", &id), VG_ENOTFOUND);
    assert_true(vg_guide_version_cmp("2026.2", "2026.10") < 0);
    assert_true(vg_guide_version_cmp("2027.1", "2026.10") > 0);
    assert_int_equal(vg_guide_version_cmp("2026.1", "2026.1"), 0);
}

static void review_dates(void **state)
{
    vg_guide *g = load("ht.fr");
    int64_t t;
    (void)state;
    /* Haiti is reviewed monthly: review_by 2027-01-03, still fine that day,
     * past the next */
    assert_int_equal(g->review_interval_months, 1);
    assert_int_equal(vg_guide_due(g), g->review_by);
    assert_int_equal(vg_time_parse(&t, "2027-01-03T12:00:00Z", NULL), VG_OK);
    assert_int_equal(vg_guide_past_review(g, t), 0);
    assert_int_equal(vg_time_parse(&t, "2027-01-04T12:00:00Z", NULL), VG_OK);
    assert_int_equal(vg_guide_past_review(g, t), 1);
    vg_guide_free(g);
    /* Colombia and Mexico every three months */
    g = load("mx.en");
    assert_int_equal(g->review_interval_months, 3);
    assert_int_equal(vg_time_parse(&t, "2027-03-04T12:00:00Z", NULL), VG_OK);
    assert_int_equal(vg_guide_past_review(g, t), 1);
    vg_guide_free(g);
    /* month arithmetic clamps the day */
    {
        int32_t d, e;
        assert_int_equal(vg_date_parse(&d, "2026-01-31"), VG_OK);
        assert_int_equal(vg_date_parse(&e, "2026-02-28"), VG_OK);
        assert_int_equal(vg_guide_add_months(d, 1), e);
        assert_int_equal(vg_date_parse(&e, "2027-01-31"), VG_OK);
        assert_int_equal(vg_guide_add_months(d, 12), e);
    }
}

/* ---- the store ---- */

static char dir[256], data[256];
static const char *PASS = "phrase de passe du test";

static int pass_cb(vg_secret **out, void *p)
{
    (void)p;
    return vg_secret_from(out, PASS, strlen(PASS));
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    fclose(f);
}

static int setup(void **state)
{
    vg_secret *pass = NULL, *rkey = NULL;
    char path[300], *text;
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/vigie-unit-guide-%d/store", (int)getpid());
    snprintf(data, sizeof data, "/tmp/vigie-unit-guide-%d/data", (int)getpid());
    vg_secret_from(&pass, PASS, strlen(PASS));
    assert_int_equal(vg_store_create(dir, pass, "test", VG_KDF_INTERACTIVE, NULL, &rkey), VG_OK);
    vg_secret_free(pass);
    vg_secret_free(rkey);
    /* a data folder with the French Colombia guide only */
    mkdir(data, 0700);
    snprintf(path, sizeof path, "%s/country-guides", data);
    mkdir(path, 0700);
    text = slurp("co.fr");
    snprintf(path, sizeof path, "%s/country-guides/co.fr.md", data);
    write_file(path, text);
    free(text);
    return 0;
}

static int teardown(void **state)
{
    char cmd[300];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf /tmp/vigie-unit-guide-%d", (int)getpid());
    return system(cmd);
}

static vg_store *open_store(void)
{
    vg_store *st = NULL;
    vg_unlock_opts o = {pass_cb, NULL, 1};
    assert_int_equal(vg_store_open(&st, dir, &o), VG_OK);
    return st;
}

static int import(vg_store *st, const char *text, vg_guide_import_result *res)
{
    int rc;
    assert_int_equal(vg_store_begin(st), VG_OK);
    rc = vg_guide_import(st, data, "co.fr.md", text, strlen(text), NULL, res);
    if (rc == VG_OK)
        assert_int_equal(vg_store_commit(st), VG_OK);
    else
        vg_store_rollback(st);
    return rc;
}

static void store_keeps_versions_and_takes_precedence(void **state)
{
    vg_store *st = open_store();
    char *base = slurp("co.fr");
    char *v2 = replace(base, "version: \"2026.2\"", "version: \"2026.3\"");
    char *v2b = replace(v2, "+57 601 657 9800\"", "+57 601 657 0000\"");
    char *v3 = replace(v2b, "version: \"2026.3\"", "version: \"2026.4\"");
    char *bad = replace(v3, "reviewed: 2026-12-03", "reviewed: 2026-13-45");
    vg_guide_import_result res;
    vg_guide *g = NULL;
    vg_guide_version *h = NULL;
    size_t n = 0;
    (void)state;

    /* before any import: the data folder's, and the English falls back */
    assert_int_equal(vg_guide_get(st, data, "co", "en", &g), VG_OK);
    assert_int_equal(g->origin, VG_GUIDE_FROM_DATA);
    assert_int_equal(g->fallback, 1);
    assert_string_equal(g->lang, "fr");
    vg_guide_free(g);
    assert_int_equal(vg_guide_get(st, data, "HT", "fr", &g), VG_ENOTFOUND);

    /* the same version as the data folder's but other text: refused */
    {
        char *v1b = replace(base, "+57 601 657 9800\"", "+57 601 657 0000\"");
        assert_int_equal(import(st, v1b, &res), VG_EINVALID);
        assert_non_null(strstr(vg_error_last(), "raise the version"));
        free(v1b);
    }
    assert_int_equal(import(st, v2b, &res), VG_OK);
    assert_string_equal(res.previous, "2026.2");
    assert_int_equal(res.previous_origin, VG_GUIDE_FROM_DATA);
    assert_int_equal(vg_guide_get(st, data, "CO", "fr", &g), VG_OK);
    assert_int_equal(g->origin, VG_GUIDE_FROM_STORE);
    assert_string_equal(g->version, "2026.3");
    assert_string_equal(g->offices[0].phone, "+57 601 657 0000");
    assert_non_null(g->imported_by);
    vg_guide_free(g);

    /* same text again: nothing changes; same version, other text: refused */
    assert_int_equal(import(st, v2b, &res), VG_OK);
    assert_int_equal(res.unchanged, 1);
    assert_int_equal(import(st, v2, &res), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "raise the version"));
    /* older: refused; invalid: refused with its line */
    assert_int_equal(import(st, base, &res), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "older"));
    assert_int_equal(import(st, bad, &res), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "co.fr.md:7: reviewed"));
    /* a newer one */
    assert_int_equal(import(st, v3, &res), VG_OK);
    assert_string_equal(res.previous, "2026.3");
    assert_int_equal(res.previous_origin, VG_GUIDE_FROM_STORE);

    /* every version is kept, newest first, the newest in use */
    assert_int_equal(vg_guide_history(st, "co", &h, &n), VG_OK);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].version, "2026.4");
    assert_int_equal(h[0].current, 1);
    assert_string_equal(h[1].version, "2026.3");
    assert_int_equal(h[1].current, 0);
    vg_guide_history_free(h, n);

    /* the list shows the store's; a newer data folder guide is flagged */
    {
        vg_guide_entry *v = NULL;
        char path[300], *v4 = replace(base, "version: \"2026.2\"", "version: \"2027.1\"");
        snprintf(path, sizeof path, "%s/country-guides/co.fr.md", data);
        write_file(path, v4);
        assert_int_equal(vg_guide_list(st, data, &v, &n), VG_OK);
        assert_int_equal(n, 1);
        assert_int_equal(v[0].origin, VG_GUIDE_FROM_STORE);
        assert_string_equal(v[0].guide->version, "2026.4");
        assert_string_equal(v[0].guide->newer_data, "2027.1");
        vg_guide_list_free(v, n);
        free(v4);
    }
    vg_store_close(st);
    free(base);
    free(v2);
    free(v2b);
    free(v3);
    free(bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(six_guides_load),
        cmocka_unit_test(colombia_facts),
        cmocka_unit_test(french_and_english_agree),
        cmocka_unit_test(compare_names_differences),
        cmocka_unit_test(places_resolve_exactly),
        cmocka_unit_test(front_matter_errors_name_file_line_field),
        cmocka_unit_test(body_errors_name_line),
        cmocka_unit_test(file_level_errors),
        cmocka_unit_test(sections_and_versions),
        cmocka_unit_test(review_dates),
        cmocka_unit_test(store_keeps_versions_and_takes_precedence),
    };
    if (vg_init() != VG_OK)
        return 1;
    return cmocka_run_group_tests(tests, setup, teardown);
}
