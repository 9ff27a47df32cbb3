/* The incident register's core: the one table of categories (every
 * category parsed from its French word and English label, mapped to a
 * threat category of the risk template), the severity scale, and the seal:
 * a sexual-violence incident's narrative is not in the table in clear, opens
 * only through vg_incident_reveal with the passphrase, and a sealed text
 * moved to another field or incident does not open (VG_EINTEGRITY). */
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
#include <vigie/incident.h>
#include <vigie/participant.h>
#include <vigie/risk.h>
#include <vigie/store.h>
#include <vigie/vigie.h>

#include "store/store_internal.h"

static char dir[256];
static const char *PASS = "phrase de passe du test";

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

static int setup(void **state)
{
    vg_secret *pass = NULL, *rkey = NULL;
    vg_store *st;
    vg_delegation d;
    vg_participant p;
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/vigie-unit-incident-%d/store", (int)getpid());
    vg_secret_from(&pass, PASS, strlen(PASS));
    assert_int_equal(vg_store_create(dir, pass, "test", VG_KDF_INTERACTIVE, NULL, &rkey), VG_OK);
    vg_secret_free(pass);
    vg_secret_free(rkey);
    st = open_store();
    memset(&d, 0, sizeof d);
    snprintf(d.slug, sizeof d.slug, "%s", "colombie-2027");
    d.name = "Colombie";
    memcpy(d.country, "CO", 3);
    assert_int_equal(vg_date_parse(&d.start_day, "2027-02-01"), VG_OK);
    assert_int_equal(vg_date_parse(&d.end_day, "2027-02-20"), VG_OK);
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_delegation_add(st, &d), VG_OK);
    free(d.tz);
    memset(&p, 0, sizeof p);
    p.v[VG_PF_NAME] = strdup("Zoé Longue");
    assert_int_equal(vg_participant_add(st, "colombie-2027", &p), VG_OK);
    for (int i = 0; i < VG_PF_COUNT; i++)
        free(p.v[i]);
    assert_int_equal(vg_store_commit(st), VG_OK);
    vg_store_close(st);
    return 0;
}

static int teardown(void **state)
{
    char cmd[300];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf /tmp/vigie-unit-incident-%d", (int)getpid());
    return system(cmd);
}

static void one_table_of_categories(void **state)
{
    vg_threat_categories *threats = NULL;
    const vg_incident_category *c = vg_incident_categories();
    size_t n = 0, sensitive = 0;
    int s;
    (void)state;
    assert_int_equal(vg_threat_categories_load(VIGIE_SOURCE_DIR, &threats), VG_OK);
    for (; c->key; c++, n++) {
        assert_ptr_equal(vg_incident_category_parse(c->key), c);
        assert_ptr_equal(vg_incident_category_parse(c->word_fr), c);
        assert_ptr_equal(vg_incident_category_parse(c->label), c);
        /* every category flags a threat the risk template knows */
        if (!vg_threat_category_find(threats, c->threat))
            fail_msg("%s: threat %s unknown", c->key, c->threat);
        sensitive += c->sensitive;
    }
    vg_threat_categories_free(threats);
    assert_int_equal(n, 12);
    assert_int_equal(sensitive, 2);
    assert_true(vg_incident_category_find("sexual-violence")->sensitive);
    assert_true(vg_incident_category_find("illness")->sensitive);
    assert_string_equal(vg_incident_category_parse("ENLÈVEMENT")->key, "kidnapping");
    assert_string_equal(vg_incident_category_parse("Accident de la route")->key, "road-accident");
    assert_null(vg_incident_category_parse("pickpocket"));
    assert_int_equal(vg_incident_severity_parse("très grave", &s), VG_OK);
    assert_int_equal(s, 4);
    assert_int_equal(vg_incident_severity_parse("3", &s), VG_OK);
    assert_int_equal(s, 3);
    assert_int_equal(vg_incident_severity_parse("6", &s), VG_EINVALID);
}

static void sealed_until_revealed(void **state)
{
    vg_store *st = open_store();
    vg_incident_report r;
    vg_incident *inc = NULL;
    vg_secret *pass = NULL, *wrong = NULL;
    const char *roles[] = {"affected"}, *names[] = {"Zoé"};
    sqlite3_stmt *s = NULL;
    int num = 0;
    (void)state;
    memset(&r, 0, sizeof r);
    r.category = "violence sexuelle";
    r.severity = 4;
    r.what = "récit très confidentiel";
    r.place = "Hôtel Secreto";
    r.npeople = 1;
    r.person_roles = roles;
    r.person_names = names;
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_incident_add(st, "colombie-2027", &r, &num), VG_OK);
    r.category = "vol";
    r.what = "sac volé";
    assert_int_equal(vg_incident_add(st, "colombie-2027", &r, NULL), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    assert_int_equal(num, 1);

    /* not in the table in clear */
    assert_int_equal(sqlite3_prepare_v2(vg_store_db(st),
                                        "SELECT typeof(what), instr(what, 'confidentiel'),"
                                        " typeof(place) FROM incident WHERE num = 1",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "blob");
    assert_int_equal(sqlite3_column_int(s, 1), 0);
    assert_string_equal((const char *)sqlite3_column_text(s, 2), "blob");
    sqlite3_finalize(s);

    /* read: sealed; revealed with the passphrase only */
    assert_int_equal(vg_incident_get(st, "colombie-2027", "I1", &inc), VG_OK);
    assert_true(inc->sealed);
    assert_null(inc->what);
    assert_null(inc->people[0].name);
    vg_incident_free(inc);
    vg_secret_from(&wrong, "pas la bonne", 12);
    vg_secret_from(&pass, PASS, strlen(PASS));
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_incident_reveal(st, "colombie-2027", "I1", wrong, &inc), VG_EAUTH);
    assert_int_equal(vg_incident_reveal(st, "colombie-2027", "i1", pass, &inc), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    assert_string_equal(inc->what, "récit très confidentiel");
    assert_string_equal(inc->place, "Hôtel Secreto");
    assert_string_equal(inc->people[0].name, "Zoé Longue");
    vg_incident_free(inc);

    /* a sealed text moved to another field does not open */
    assert_int_equal(sqlite3_exec(vg_store_db(st), "UPDATE incident SET help = what WHERE num = 1",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_incident_reveal(st, "colombie-2027", "I1", pass, &inc), VG_EINTEGRITY);
    vg_store_rollback(st);
    /* the other incident (robbery) is not sealed */
    assert_int_equal(vg_incident_get(st, "colombie-2027", "I2", &inc), VG_OK);
    assert_false(inc->sealed);
    assert_string_equal(inc->what, "sac volé");
    vg_incident_free(inc);
    vg_secret_free(pass);
    vg_secret_free(wrong);
    vg_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_table_of_categories),
        cmocka_unit_test(sealed_until_revealed),
    };
    if (vg_init() != VG_OK)
        return 1;
    return cmocka_run_group_tests(tests, setup, teardown);
}
