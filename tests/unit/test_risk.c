/* The risk register: bands at their edges, the categories template, seeding
 * from each country's guide, validation, order, approvals, departure rules
 * and advisory levels of the regions a delegation goes to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/error.h>
#include <vigie/guide.h>
#include <vigie/risk.h>
#include <vigie/store.h>
#include <vigie/vigie.h>

static char dir[256];
static const char *PASS = "phrase de passe du test";
static const char *DATA = VIGIE_SOURCE_DIR;

static int pass_cb(vg_secret **out, void *p)
{
    (void)p;
    return vg_secret_from(out, PASS, strlen(PASS));
}

static vg_store *open_store(void)
{
    vg_store *st = NULL;
    vg_unlock_opts o = {pass_cb, NULL, 1};
    assert_int_equal(vg_store_open(&st, dir, &o), VG_OK);
    return st;
}

static void add_delegation(vg_store *st, const char *slug, const char *cc, char **regions,
                           size_t nregions)
{
    vg_delegation d;
    memset(&d, 0, sizeof d);
    snprintf(d.slug, sizeof d.slug, "%s", slug);
    d.name = (char *)slug;
    memcpy(d.country, cc, 3);
    assert_int_equal(vg_date_parse(&d.start_day, "2027-02-01"), VG_OK);
    assert_int_equal(vg_date_parse(&d.end_day, "2027-02-20"), VG_OK);
    d.regions = regions;
    d.nregions = nregions;
    assert_int_equal(vg_store_begin(st), VG_OK);
    if (vg_delegation_add(st, &d) != VG_OK)
        fail_msg("%s", vg_error_last());
    assert_int_equal(vg_store_commit(st), VG_OK);
    free(d.tz); /* the country's default zone, set by vg_delegation_add */
}

static int setup(void **state)
{
    vg_secret *pass = NULL, *rkey = NULL;
    vg_store *st;
    char *co[] = {"Cauca", "Catatumbo", "Bogotá"};
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/vigie-unit-risk-%d/store", (int)getpid());
    vg_secret_from(&pass, PASS, strlen(PASS));
    assert_int_equal(vg_store_create(dir, pass, "test", VG_KDF_INTERACTIVE, NULL, &rkey), VG_OK);
    vg_secret_free(pass);
    vg_secret_free(rkey);
    st = open_store();
    add_delegation(st, "colombie-2027", "CO", co, 3);
    add_delegation(st, "haiti-2027", "HT", NULL, 0);
    add_delegation(st, "mexique-2027", "MX", NULL, 0);
    add_delegation(st, "vide-2027", "CO", NULL, 0);
    add_delegation(st, "popayan-2027", "CO", (char *[]){"Popayán"}, 1);
    vg_store_close(st);
    return 0;
}

static int teardown(void **state)
{
    char cmd[300];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf /tmp/vigie-unit-risk-%d", (int)getpid());
    return system(cmd);
}

static void bands_at_their_edges(void **state)
{
    (void)state;
    assert_int_equal(vg_risk_band_of(1), VG_BAND_LOW);
    assert_int_equal(vg_risk_band_of(4), VG_BAND_LOW);
    assert_int_equal(vg_risk_band_of(5), VG_BAND_MEDIUM);
    assert_int_equal(vg_risk_band_of(9), VG_BAND_MEDIUM);
    assert_int_equal(vg_risk_band_of(10), VG_BAND_HIGH);
    assert_int_equal(vg_risk_band_of(16), VG_BAND_HIGH);
    assert_int_equal(vg_risk_band_of(17), VG_BAND_CRITICAL);
    assert_int_equal(vg_risk_band_of(25), VG_BAND_CRITICAL);
    assert_int_equal(vg_risk_band_of(0), 0);
    assert_int_equal(vg_risk_band_of(26), 0);
    assert_string_equal(vg_risk_band_key(VG_BAND_HIGH), "high");
    assert_string_equal(vg_risk_band_label(VG_BAND_CRITICAL), "Critical");
    assert_string_equal(vg_risk_likelihood_label(5), "Almost certain");
    assert_string_equal(vg_risk_impact_label(1), "Negligible");
    /* every product of two levels falls in the right band */
    for (int l = 1; l <= 5; l++)
        for (int i = 1; i <= 5; i++) {
            int s = l * i;
            vg_risk_band want = s <= 4    ? VG_BAND_LOW
                                : s <= 9  ? VG_BAND_MEDIUM
                                : s <= 16 ? VG_BAND_HIGH
                                          : VG_BAND_CRITICAL;
            assert_int_equal(vg_risk_band_of(s), want);
        }
}

static void decisions(void **state)
{
    vg_risk_decision d;
    (void)state;
    assert_int_equal(vg_risk_decision_parse("reduce", &d), VG_OK);
    assert_int_equal(d, VG_DECISION_REDUCE);
    assert_int_equal(vg_risk_decision_parse("Éviter", &d), VG_OK);
    assert_int_equal(d, VG_DECISION_AVOID);
    assert_int_equal(vg_risk_decision_parse("ignore", &d), VG_EINVALID);
    assert_string_equal(vg_risk_decision_key(VG_DECISION_TRANSFER), "transfer");
}

static void categories_template(void **state)
{
    vg_threat_categories *c = NULL;
    const char *extended =
        "format: vigie-threats/1\ncategories:\n"
        "  - {key: crime, fr: \"Criminalité\", en: \"Crime\"}\n"
        "  - {key: unrest, fr: a, en: a}\n  - {key: kidnapping, fr: a, en: a}\n"
        "  - {key: sexual-violence, fr: a, en: a}\n  - {key: armed-conflict, fr: a, en: a}\n"
        "  - {key: road, fr: a, en: a}\n  - {key: health, fr: a, en: a}\n"
        "  - {key: natural-hazard, fr: a, en: a}\n  - {key: detention, fr: a, en: a}\n"
        "  - {key: surveillance, fr: a, en: a}\n  - {key: reputation, fr: a, en: a}\n"
        "  - {key: cyber-harassment, fr: \"Cyberharcèlement\", en: \"Online harassment\"}\n";
    (void)state;
    assert_int_equal(vg_threat_categories_load(DATA, &c), VG_OK);
    assert_int_equal(c->n, 13); /* the guides' 11, threats to partners, other */
    assert_string_equal(
        vg_threat_category_label(vg_threat_category_find(c, "armed-conflict"), "fr"),
        "Conflit armé et groupes armés");
    /* typed in French or English, by label or a short word (issue 13) */
    assert_string_equal(vg_threat_category_match(c, "Catastrophes naturelles")->key,
                        "natural-hazard");
    assert_string_equal(vg_threat_category_match(c, "CONFLIT ARMÉ ET GROUPES ARMÉS")->key,
                        "armed-conflict");
    assert_string_equal(vg_threat_category_match(c, "Natural hazards")->key, "natural-hazard");
    assert_string_equal(vg_threat_category_match(c, "autre")->key, "other");
    assert_string_equal(vg_threat_category_match(c, "santé")->key, "health");
    assert_string_equal(vg_threat_category_match(c, "syndicalistes")->key, "threats-to-partners");
    assert_null(vg_threat_category_match(c, "pickpocket"));
    assert_string_equal(vg_threat_category_label(vg_threat_category_find(c, "road"), "en"),
                        "Road travel and accidents");
    vg_threat_categories_free(c);
    /* an organisation's own category */
    assert_int_equal(vg_threat_categories_parse("t.yaml", extended, strlen(extended), &c), VG_OK);
    assert_int_equal(c->n, 12);
    assert_non_null(vg_threat_category_find(c, "cyber-harassment"));
    vg_threat_categories_free(c);
    /* refused, with file and line */
    {
        char *bad = strdup(extended);
        memcpy(strstr(bad, "  - {key: reputation, fr: a, en: a}\n"),
               "  - {key: Reputation, fr: a, en: a}\n", 36);
        assert_int_equal(vg_threat_categories_parse("t.yaml", bad, strlen(bad), &c), VG_EINVALID);
        assert_non_null(
            strstr(vg_error_last(),
                   "t.yaml:13:11: categories[10].key: \"Reputation\" is not a category key"));
        free(bad);
    }
    assert_int_equal(
        vg_threat_categories_parse("t.yaml", "format: vigie-threats/1\ncategories: []\n", 39, &c),
        VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "category \"crime\" is missing"));
    assert_int_equal(vg_threat_categories_parse("t.yaml", "format: x\n", 10, &c), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "t.yaml:1:9: format: must be \"vigie-threats/1\""));
    assert_int_equal(vg_threat_categories_parse("t.yaml", "format: &x vigie-threats/1\n", 27, &c),
                     VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "anchors"));
}

/* The seeded register of each country is its guide's threats, in order. */
static void seed_each_country(void **state)
{
    static const char *const slugs[] = {"colombie-2027", "haiti-2027", "mexique-2027"};
    static const char *const cc[] = {"CO", "HT", "MX"};
    vg_store *st = open_store();
    (void)state;
    for (int c = 0; c < 3; c++) {
        vg_guide *g = NULL;
        vg_risk **list = NULL;
        vg_risk_seed_result res;
        size_t n = 0;
        assert_int_equal(vg_guide_get(NULL, DATA, cc[c], "fr", &g), VG_OK);
        assert_int_equal(vg_store_begin(st), VG_OK);
        if (vg_risk_seed(st, DATA, slugs[c], "fr", &res) != VG_OK)
            fail_msg("%s", vg_error_last());
        assert_int_equal(vg_store_commit(st), VG_OK);
        assert_int_equal(res.added, g->nthreats);
        assert_string_equal(res.country, cc[c]);
        assert_string_equal(res.version, "2026.2");
        assert_int_equal(vg_risk_list(st, slugs[c], &list, &n), VG_OK);
        assert_int_equal(n, g->nthreats);
        for (size_t i = 0; i < n; i++) {
            vg_risk *r = NULL;
            char ref[32];
            snprintf(ref, sizeof ref, "R%d", (int)i + 1);
            assert_int_equal(vg_risk_get(st, slugs[c], ref, &r), VG_OK);
            assert_string_equal(r->category, g->threats[i].category);
            assert_string_equal(r->scenario, g->threats[i].description);
            assert_int_equal(r->likelihood, g->threats[i].likelihood);
            assert_int_equal(r->impact, g->threats[i].impact);
            assert_int_equal(r->to_review, 1);
            assert_int_equal(vg_risk_residual(r), 0);
            if (g->threats[i].nregions)
                assert_non_null(strstr(r->where, g->threats[i].regions[0]));
            else
                assert_null(r->where);
            vg_risk_free(r);
        }
        vg_risk_list_free(list, n);
        vg_guide_free(g);
    }
    /* Colombia: at least six; its first risk is the armed conflict in Cauca */
    {
        vg_risk *r = NULL;
        vg_risk **list = NULL;
        size_t n = 0;
        assert_int_equal(vg_risk_list(st, "colombie-2027", &list, &n), VG_OK);
        assert_true(n >= 6);
        vg_risk_list_free(list, n);
        assert_int_equal(vg_risk_get(st, "colombie-2027", "r1", &r), VG_OK);
        assert_string_equal(r->category, "armed-conflict");
        assert_non_null(strstr(r->where, "Cauca"));
        assert_non_null(strstr(r->origin, "guide CO fr 2026.2"));
        vg_risk_free(r);
    }
    /* twice: refused, nothing added */
    {
        vg_risk_seed_result res;
        assert_int_equal(vg_store_begin(st), VG_OK);
        assert_int_equal(vg_risk_seed(st, DATA, "colombie-2027", "fr", &res), VG_EEXISTS);
        vg_store_rollback(st);
        assert_int_equal(vg_store_begin(st), VG_OK);
        assert_int_equal(vg_risk_seed(st, DATA, "nowhere", "fr", &res), VG_ENOTFOUND);
        vg_store_rollback(st);
    }
    vg_store_close(st);
}

static int add(vg_store *st, const char *slug, vg_risk *r)
{
    int rc;
    assert_int_equal(vg_store_begin(st), VG_OK);
    rc = vg_risk_add(st, DATA, slug, r);
    if (rc == VG_OK)
        assert_int_equal(vg_store_commit(st), VG_OK);
    else
        vg_store_rollback(st);
    return rc;
}

static void validation_and_order(void **state)
{
    vg_store *st = open_store();
    vg_risk r, **list = NULL;
    size_t n = 0;
    char *measures[] = {"Trajets de jour seulement", "Check-in avant et après chaque trajet"};
    (void)state;
    memset(&r, 0, sizeof r);
    r.category = "crime";
    r.scenario = "Vol de cellulaire";
    r.likelihood = 6;
    r.impact = 2;
    assert_int_equal(add(st, "vide-2027", &r), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "likelihood 6 is out of range (1 to 5)"));
    r.likelihood = 2;
    r.impact = 0;
    assert_int_equal(add(st, "vide-2027", &r), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "impact 0 is out of range"));
    r.impact = 2;
    r.category = "pickpocket";
    assert_int_equal(add(st, "vide-2027", &r), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "\"pickpocket\" is not a threat category"));
    r.category = "crime";
    r.res_likelihood = 1;
    assert_int_equal(add(st, "vide-2027", &r), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "together"));
    r.res_likelihood = 0;
    r.scenario = "deux\nlignes";
    assert_int_equal(add(st, "vide-2027", &r), VG_EINVALID);
    r.scenario = "Vol de cellulaire";
    assert_int_equal(add(st, "nowhere", &r), VG_ENOTFOUND);
    /* nothing was added by the refusals */
    assert_int_equal(vg_risk_list(st, "vide-2027", &list, &n), VG_OK);
    assert_int_equal(n, 0);
    vg_risk_list_free(list, n);

    /* R1: 2x2=4 low; R2: 4x5=20 critical, residual 2x5=10 high; R3: 3x3=9
     * medium, residual 1x1; R4: 5x4=20 critical, not assessed */
    assert_int_equal(add(st, "vide-2027", &r), VG_OK);
    assert_int_equal(r.num, 1);
    r.category = "road";
    r.scenario = "Accident de la route de nuit";
    r.likelihood = 4;
    r.impact = 5;
    r.res_likelihood = 2;
    r.res_impact = 5;
    r.measures = measures;
    r.nmeasures = 2;
    r.decision = VG_DECISION_REDUCE;
    r.owner = "Coordonnatrice";
    assert_int_equal(add(st, "vide-2027", &r), VG_OK);
    assert_int_equal(r.num, 2);
    r.category = "health";
    r.likelihood = 3;
    r.impact = 3;
    r.res_likelihood = 1;
    r.res_impact = 1;
    r.nmeasures = 0;
    r.measures = NULL;
    assert_int_equal(add(st, "vide-2027", &r), VG_OK);
    r.category = "unrest";
    r.likelihood = 5;
    r.impact = 4;
    r.res_likelihood = r.res_impact = 0;
    assert_int_equal(add(st, "vide-2027", &r), VG_OK);
    assert_int_equal(r.num, 4);
    assert_int_equal(vg_risk_list(st, "vide-2027", &list, &n), VG_OK);
    assert_int_equal(n, 4);
    /* residual (or inherent when not assessed) first, then inherent */
    assert_int_equal(list[0]->num, 4); /* 20 (unassessed) */
    assert_int_equal(list[1]->num, 2); /* residual 10 */
    assert_int_equal(list[2]->num, 1); /* 4 */
    assert_int_equal(list[3]->num, 3); /* residual 1 */
    assert_int_equal(list[1]->nmeasures, 2);
    assert_string_equal(list[1]->measures[1], "Check-in avant et après chaque trajet");
    assert_int_equal(list[1]->decision, VG_DECISION_REDUCE);
    vg_risk_list_free(list, n);
    vg_store_close(st);
}

static void approvals_and_departure(void **state)
{
    vg_store *st = open_store();
    vg_risk_readiness rd;
    vg_risk *r = NULL;
    int cleared = 0;
    (void)state;
    /* from validation_and_order: R2 residual high, R4 unassessed */
    assert_int_equal(vg_risk_readiness_get(st, "vide-2027", &rd), VG_OK);
    assert_int_equal(rd.total, 4);
    assert_int_equal(rd.unassessed, 2);
    assert_int_equal(rd.residual_critical, 0);
    assert_int_equal(rd.high_unapproved, 1);
    assert_string_equal(rd.blocking, "R2");

    /* approving needs residual scores */
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_risk_approve(st, "vide-2027", "R4", "Directrice"), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "R4 has no residual likelihood and impact"));
    assert_int_equal(vg_risk_approve(st, "vide-2027", "R9", "Directrice"), VG_ENOTFOUND);
    assert_int_equal(vg_risk_approve(st, "vide-2027", "x", "Directrice"), VG_EINVALID);
    assert_int_equal(vg_risk_approve(st, "vide-2027", "R2", "Directrice"), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    assert_int_equal(vg_risk_readiness_get(st, "vide-2027", &rd), VG_OK);
    assert_int_equal(rd.high_unapproved, 0);
    assert_string_equal(rd.blocking, "");

    /* a residual critical risk blocks, approved or not */
    assert_int_equal(vg_risk_get(st, "vide-2027", "R4", &r), VG_OK);
    r->res_likelihood = 4;
    r->res_impact = 5;
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_risk_update(st, DATA, "vide-2027", r, &cleared), VG_OK);
    assert_int_equal(vg_risk_approve(st, "vide-2027", "R4", "Directrice"), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    assert_int_equal(cleared, 0);
    vg_risk_free(r);
    assert_int_equal(vg_risk_readiness_get(st, "vide-2027", &rd), VG_OK);
    assert_int_equal(rd.residual_critical, 1);
    assert_string_equal(rd.blocking, "R4");

    /* a change of scores after approval clears the approval */
    assert_int_equal(vg_risk_get(st, "vide-2027", "R2", &r), VG_OK);
    assert_string_equal(r->approved_by, "Directrice");
    r->res_likelihood = 3;
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_risk_update(st, DATA, "vide-2027", r, &cleared), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    assert_int_equal(cleared, 1);
    vg_risk_free(r);
    assert_int_equal(vg_risk_get(st, "vide-2027", "R2", &r), VG_OK);
    assert_null(r->approved_by);
    assert_int_equal(vg_risk_residual(r), 15);
    /* editing the owner alone keeps it */
    r->res_likelihood = 1;
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_risk_update(st, DATA, "vide-2027", r, &cleared), VG_OK);
    assert_int_equal(vg_risk_approve(st, "vide-2027", "R2", "Directrice"), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    vg_risk_free(r);
    assert_int_equal(vg_risk_get(st, "vide-2027", "R2", &r), VG_OK);
    free(r->owner);
    r->owner = strdup("Responsable sécurité");
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_risk_update(st, DATA, "vide-2027", r, &cleared), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    assert_int_equal(cleared, 0);
    vg_risk_free(r);
    assert_int_equal(vg_risk_get(st, "vide-2027", "R2", &r), VG_OK);
    assert_string_equal(r->approved_by, "Directrice");
    vg_risk_free(r);

    /* a seeded register is to be reviewed until each risk is edited */
    assert_int_equal(vg_risk_readiness_get(st, "colombie-2027", &rd), VG_OK);
    assert_true(rd.to_review >= 6);
    assert_int_equal(rd.to_review, rd.total);
    vg_store_close(st);
}

static void advisory_regions(void **state)
{
    vg_store *st = open_store();
    vg_delegation *d = NULL;
    vg_advisory_hit *h = NULL;
    size_t n = 0;
    int cauca = 0, catatumbo = 0, bogota = 0, strip = 0;
    (void)state;
    assert_int_equal(vg_delegation_get(st, "colombie-2027", &d), VG_OK);
    assert_int_equal(vg_risk_advisory(st, DATA, d, "fr", &h, &n), VG_OK);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(h[i].region); /* Colombia as a whole is at level 2 */
        assert_true(h[i].level >= 3);
        if (!strcmp(h[i].region, "Cauca (département)") && h[i].level == 4)
            cauca = 1;
        if (!strcmp(h[i].region, "Norte de Santander (département)") && h[i].level == 4)
            catatumbo = 1;
        if (h[i].visited && !strcmp(h[i].visited, "Bogotá"))
            bogota = 1;
        if (!strcmp(h[i].region, "Bande de 50 km le long de la frontière avec le Venezuela") &&
            !strcmp(h[i].visited, "Catatumbo"))
            strip = 1;
    }
    assert_true(cauca);
    assert_true(catatumbo);
    assert_false(bogota);   /* Bogotá is at the country's level 2 */
    assert_true(strip);     /* Catatumbo lies partly in the Venezuela border strip */
    assert_int_equal(n, 3); /* "Cauca" is the department, not Valle del Cauca */
    vg_advisory_hits_free(h, n);
    vg_delegation_free(d);
    /* a city named inside a region's name: Popayán, level 3 */
    assert_int_equal(vg_delegation_get(st, "popayan-2027", &d), VG_OK);
    assert_int_equal(vg_risk_advisory(st, DATA, d, "fr", &h, &n), VG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(h[0].level, 3);
    assert_string_equal(h[0].region, "Villes de Cúcuta, Florencia et Popayán");
    vg_advisory_hits_free(h, n);
    vg_delegation_free(d);
    /* Haiti: the whole country at level 4 */
    assert_int_equal(vg_delegation_get(st, "haiti-2027", &d), VG_OK);
    assert_int_equal(vg_risk_advisory(st, DATA, d, "en", &h, &n), VG_OK);
    assert_int_equal(n, 1);
    assert_null(h[0].region);
    assert_int_equal(h[0].level, 4);
    assert_string_equal(h[0].wording, "Avoid all travel");
    vg_advisory_hits_free(h, n);
    vg_delegation_free(d);
    vg_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bands_at_their_edges), cmocka_unit_test(decisions),
        cmocka_unit_test(categories_template),  cmocka_unit_test(seed_each_country),
        cmocka_unit_test(validation_and_order), cmocka_unit_test(approvals_and_departure),
        cmocka_unit_test(advisory_regions),
    };
    if (vg_init() != VG_OK)
        return 1;
    return cmocka_run_group_tests(tests, setup, teardown);
}
