/* Delegations, participants (name matching, validation, retention) and
 * contacts, against a real store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/config.h>
#include <vigie/contact.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>
#include <vigie/store.h>
#include <vigie/vigie.h>

#include "store/store_internal.h"

static char dir[256];
static vg_store *st;
static const char *PASS = "phrase de passe du test";

static int pass_cb(vg_secret **out, void *p)
{
    (void)p;
    return vg_secret_from(out, PASS, strlen(PASS));
}

static int setup(void **state)
{
    vg_secret *pass = NULL, *rkey = NULL;
    vg_unlock_opts o = {pass_cb, NULL, 1};
    (void)state;
    vg_init();
    snprintf(dir, sizeof dir, "/tmp/vigie-unit-deleg-%d/store", (int)getpid());
    vg_secret_from(&pass, PASS, strlen(PASS));
    assert_int_equal(vg_store_create(dir, pass, "test", VG_KDF_INTERACTIVE, NULL, &rkey), VG_OK);
    vg_secret_free(pass);
    vg_secret_free(rkey);
    assert_int_equal(vg_store_open(&st, dir, &o), VG_OK);
    return 0;
}

static int teardown(void **state)
{
    char cmd[300];
    (void)state;
    vg_store_close(st);
    snprintf(cmd, sizeof cmd, "rm -rf /tmp/vigie-unit-deleg-%d", (int)getpid());
    return system(cmd);
}

static int32_t day(const char *text)
{
    int32_t d = 0;
    assert_int_equal(vg_date_parse(&d, text), VG_OK);
    return d;
}

static int add_delegation(const char *slug, const char *cc, const char *tz, const char *start,
                          const char *end)
{
    vg_delegation d;
    int rc;
    memset(&d, 0, sizeof d);
    snprintf(d.slug, sizeof d.slug, "%s", slug);
    d.name = (char *)"Délégation syndicale";
    snprintf(d.country, sizeof d.country, "%s", cc);
    d.tz = (char *)tz;
    d.start_day = day(start);
    d.end_day = day(end);
    assert_int_equal(vg_store_begin(st), VG_OK);
    rc = vg_delegation_add(st, &d);
    if (rc == VG_OK) {
        assert_true(d.id > 0);
        assert_int_equal(vg_store_commit(st), VG_OK);
        if (!tz)
            free(d.tz);
    } else {
        vg_store_rollback(st);
    }
    return rc;
}

/* Every field of the table has its column, and nothing else is personal. */
static void schema_matches_field_table(void **state)
{
    const vg_pfield_info *f = vg_participant_fields();
    (void)state;
    for (int i = 0; i < VG_PF_COUNT; i++) {
        sqlite3_stmt *s = NULL;
        int found = 0;
        assert_int_equal((int)f[i].id, i);
        assert_ptr_equal(vg_participant_field(f[i].key), &f[i]);
        assert_int_equal(vg_sql_prepare(st, &s, "PRAGMA table_info(participant)"), VG_OK);
        while (sqlite3_step(s) == SQLITE_ROW)
            found |= !strcmp((const char *)sqlite3_column_text(s, 1), f[i].key);
        sqlite3_finalize(s);
        assert_true(found);
        /* the board profile never shows personal data */
        if (f[i].personal)
            assert_false(f[i].profiles & VG_PROFILE_BOARD);
    }
    assert_null(vg_participant_field("no_such_field"));
    assert_false(f[VG_PF_ROLE].personal);
    assert_true(f[VG_PF_PASSPORT_NUMBER].personal);
}

static void countries_and_zones(void **state)
{
    (void)state;
    assert_true(vg_country_valid("CO"));
    assert_true(vg_country_valid("ht"));
    assert_true(vg_country_valid("MX"));
    assert_false(vg_country_valid("XX"));
    assert_false(vg_country_valid("COL"));
    assert_false(vg_country_valid(""));
    assert_string_equal(vg_country_default_tz("CO"), "America/Bogota");
    assert_string_equal(vg_country_default_tz("HT"), "America/Port-au-Prince");
    assert_string_equal(vg_country_default_tz("MX"), "America/Mexico_City");
    assert_string_equal(vg_country_default_tz("GT"), "America/Guatemala"); /* one zone */
    assert_null(vg_country_default_tz("BR"));                              /* several */
    assert_null(vg_country_default_tz("XX"));
    assert_true(vg_country_has_tz("MX", "America/Cancun"));
    assert_false(vg_country_has_tz("CO", "America/Lima"));
}

static void delegation_add_get_list_update_close(void **state)
{
    vg_delegation *d = NULL, **list = NULL;
    size_t n = 0;
    (void)state;
    assert_int_equal(add_delegation("colombie-2026", "co", NULL, "2026-03-01", "2026-03-15"),
                     VG_OK);
    assert_int_equal(add_delegation("colombie-2026", "CO", NULL, "2026-03-01", "2026-03-15"),
                     VG_EEXISTS);
    assert_int_equal(add_delegation("Colombie", "CO", NULL, "2026-03-01", "2026-03-15"),
                     VG_EINVALID);
    assert_int_equal(add_delegation("x", "CO", NULL, "2026-03-01", "2026-03-15"), VG_EINVALID);
    assert_int_equal(add_delegation("bad-", "CO", NULL, "2026-03-01", "2026-03-15"), VG_EINVALID);
    assert_int_equal(add_delegation("zz-2026", "ZZ", NULL, "2026-03-01", "2026-03-15"),
                     VG_EINVALID);
    assert_int_equal(add_delegation("late-2026", "CO", NULL, "2026-03-15", "2026-03-01"),
                     VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "before"));
    assert_int_equal(add_delegation("lima-2026", "CO", "America/Lima", "2026-03-01", "2026-03-15"),
                     VG_EINVALID);
    assert_int_equal(add_delegation("bresil-2026", "BR", NULL, "2026-03-01", "2026-03-15"),
                     VG_EINVALID);
    assert_int_equal(
        add_delegation("bresil-2026", "BR", "America/Sao_Paulo", "2026-03-01", "2026-03-15"),
        VG_OK);
    assert_int_equal(
        add_delegation("cancun-2026", "MX", "America/Cancun", "2026-01-10", "2026-01-20"), VG_OK);
    assert_int_equal(add_delegation("haiti-2025", "HT", NULL, "2025-11-01", "2025-11-20"), VG_OK);

    assert_int_equal(vg_delegation_get(st, "colombie-2026", &d), VG_OK);
    assert_string_equal(d->country, "CO");
    assert_string_equal(d->tz, "America/Bogota");
    assert_string_equal(d->name, "Délégation syndicale");
    assert_int_equal(d->end_day, day("2026-03-15"));
    assert_false(d->closed);
    assert_int_equal(d->nregions, 0);
    vg_delegation_free(d);
    assert_int_equal(vg_delegation_get(st, "nope", &d), VG_ENOTFOUND);
    assert_null(d);
    assert_non_null(strstr(vg_error_last(), "nope"));

    /* update: regions and lead; the slug cannot change */
    assert_int_equal(vg_delegation_get(st, "colombie-2026", &d), VG_OK);
    d->regions = calloc(2, sizeof(char *));
    d->regions[0] = strdup("Cauca");
    d->regions[1] = strdup("Bogotá");
    d->nregions = 2;
    d->lead = strdup("Geneviève Côté");
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_delegation_update(st, d), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    vg_delegation_free(d);
    assert_int_equal(vg_delegation_get(st, "colombie-2026", &d), VG_OK);
    assert_int_equal(d->nregions, 2);
    assert_string_equal(d->regions[1], "Bogotá");
    assert_string_equal(d->lead, "Geneviève Côté");
    vg_delegation_free(d);

    /* list: open first, then by start date */
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_delegation_close(st, "haiti-2025"), VG_OK);
    assert_int_equal(vg_delegation_close(st, "nope"), VG_ENOTFOUND);
    assert_int_equal(vg_store_commit(st), VG_OK);
    assert_int_equal(vg_delegation_list(st, &list, &n), VG_OK);
    assert_int_equal(n, 4);
    assert_string_equal(list[0]->slug, "cancun-2026");
    assert_string_equal(list[3]->slug, "haiti-2025");
    assert_true(list[3]->closed);
    vg_delegation_list_free(list, n);
}

static vg_participant *person(const char *name)
{
    vg_participant *p = calloc(1, sizeof *p);
    p->v[VG_PF_NAME] = strdup(name);
    return p;
}

static int add_person(const char *slug, vg_participant *p)
{
    int rc;
    assert_int_equal(vg_store_begin(st), VG_OK);
    rc = vg_participant_add(st, slug, p);
    if (rc == VG_OK)
        assert_int_equal(vg_store_commit(st), VG_OK);
    else
        vg_store_rollback(st);
    return rc;
}

static void participants_named_by_folded_prefix(void **state)
{
    vg_participant *p, *q = NULL;
    (void)state;
    p = person("Marie-Ève Côté");
    p->v[VG_PF_PHONE] = strdup("(418) 555-0102");
    p->v[VG_PF_PASSPORT_EXPIRY] = strdup("15/09/2031");
    p->v[VG_PF_BLOOD_GROUP] = strdup("o pos");
    assert_int_equal(add_person("colombie-2026", p), VG_OK);
    assert_string_equal(p->v[VG_PF_PHONE], "+1 418 555 0102");
    assert_string_equal(p->v[VG_PF_PASSPORT_EXPIRY], "2031-09-15");
    assert_string_equal(p->v[VG_PF_BLOOD_GROUP], "O+");
    /* default retention: end (2026-03-15) + 18 months */
    assert_string_equal(p->v[VG_PF_RETENTION_DATE], "2027-09-15");
    vg_participant_free(p);

    p = person("Marc Tremblay");
    assert_int_equal(add_person("colombie-2026", p), VG_OK);
    vg_participant_free(p);
    p = person("Marcelle Lévesque");
    assert_int_equal(add_person("colombie-2026", p), VG_OK);
    vg_participant_free(p);
    p = person("Marc");
    assert_int_equal(add_person("colombie-2026", p), VG_OK);
    vg_participant_free(p);

    /* same name, other case and accents: refused */
    p = person("  MARIE EVE cote ");
    assert_int_equal(add_person("colombie-2026", p), VG_EEXISTS);
    vg_participant_free(p);
    /* a bad field names itself and adds nothing */
    p = person("Luc Gagnon");
    p->v[VG_PF_PASSPORT_EXPIRY] = strdup("2030-02-30");
    assert_int_equal(add_person("colombie-2026", p), VG_EINVALID);
    assert_non_null(strstr(vg_error_last(), "passport expiry \"2030-02-30\" is not a date"));
    vg_participant_free(p);
    p = person("Luc Gagnon");
    assert_int_equal(add_person("nope", p), VG_ENOTFOUND);
    vg_participant_free(p);
    p = person("   ");
    assert_int_equal(add_person("colombie-2026", p), VG_EINVALID);
    vg_participant_free(p);

    assert_int_equal(vg_participant_find(st, "colombie-2026", "marie eve", &q), VG_OK);
    assert_string_equal(q->v[VG_PF_NAME], "Marie-Ève Côté");
    assert_false(q->has_pol);
    vg_participant_free(q);
    assert_int_equal(vg_participant_find(st, "colombie-2026", "MARIE-ÈVE CÔTÉ", &q), VG_OK);
    vg_participant_free(q);
    /* exact match wins over a longer prefix match */
    assert_int_equal(vg_participant_find(st, "colombie-2026", "marc", &q), VG_OK);
    assert_string_equal(q->v[VG_PF_NAME], "Marc");
    vg_participant_free(q);
    /* ambiguous: the candidates are named */
    assert_int_equal(vg_participant_find(st, "colombie-2026", "Mar", &q), VG_EINVALID);
    assert_null(q);
    assert_non_null(strstr(vg_error_last(), "Marc Tremblay"));
    assert_non_null(strstr(vg_error_last(), "Marcelle Lévesque"));
    assert_int_equal(vg_participant_find(st, "colombie-2026", "marce", &q), VG_OK);
    assert_string_equal(q->v[VG_PF_NAME], "Marcelle Lévesque");
    vg_participant_free(q);
    assert_int_equal(vg_participant_find(st, "colombie-2026", "Tremblay", &q), VG_ENOTFOUND);
    assert_int_equal(vg_participant_find(st, "haiti-2025", "marc", &q), VG_ENOTFOUND);
}

static int last_audit(const vg_audit_entry *e, void *p)
{
    char *buf = p;
    snprintf(buf, 512, "%s|%s|%s", e->action, e->object, e->detail);
    return VG_OK;
}

static void participant_update_and_remove(void **state)
{
    vg_participant *q = NULL, **list = NULL;
    char audit[512];
    size_t n = 0;
    (void)state;
    assert_int_equal(vg_participant_find(st, "colombie-2026", "marcelle", &q), VG_OK);
    q->v[VG_PF_PASSPORT_NUMBER] = strdup("AB123456");
    q->v[VG_PF_EMAIL] = strdup("Marcelle@Exemple.ORG");
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_participant_update(st, q), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    assert_string_equal(q->v[VG_PF_EMAIL], "Marcelle@exemple.org");
    /* the audit names the fields, never the values */
    assert_int_equal(vg_audit_list(st, 1, last_audit, audit), VG_OK);
    assert_non_null(strstr(audit, "participant.edit|colombie-2026/"));
    assert_non_null(strstr(audit, "email passport_number"));
    assert_null(strstr(audit, "AB123456"));
    /* renaming onto another participant's name is refused */
    free(q->v[VG_PF_NAME]);
    q->v[VG_PF_NAME] = strdup("marc");
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_participant_update(st, q), VG_EEXISTS);
    vg_store_rollback(st);
    vg_participant_free(q);

    assert_int_equal(vg_participant_find(st, "colombie-2026", "marc", &q), VG_OK);
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_participant_remove(st, q), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    vg_participant_free(q);
    assert_int_equal(vg_participant_find(st, "colombie-2026", "marc", &q), VG_EINVALID);
    assert_int_equal(vg_participant_find(st, "colombie-2026", "marc t", &q), VG_OK);
    vg_participant_free(q);

    assert_int_equal(vg_participant_list(st, "colombie-2026", &list, &n), VG_OK);
    assert_int_equal(n, 3);
    assert_string_equal(list[0]->v[VG_PF_NAME], "Marie-Ève Côté");
    assert_string_equal(list[2]->v[VG_PF_NAME], "Marcelle Lévesque");
    vg_participant_list_free(list, n);
}

static void retention_follows_end_date(void **state)
{
    vg_delegation *d = NULL;
    vg_participant *q = NULL;
    (void)state;
    assert_int_equal(vg_delegation_get(st, "colombie-2026", &d), VG_OK);
    d->end_day = day("2026-03-31");
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_delegation_update(st, d), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    vg_delegation_free(d);
    assert_int_equal(vg_participant_find(st, "colombie-2026", "marie", &q), VG_OK);
    assert_string_equal(q->v[VG_PF_RETENTION_DATE], "2027-09-30"); /* clamped to the month */
    vg_participant_free(q);
    /* the setting changes the default */
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_config_set(st, "retention.months", "6"), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    {
        vg_participant *p = person("Rosalie Bérubé");
        assert_int_equal(add_person("colombie-2026", p), VG_OK);
        assert_string_equal(p->v[VG_PF_RETENTION_DATE], "2026-09-30");
        vg_participant_free(p);
    }
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_config_set(st, "retention.months", NULL), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
}

static void contacts(void **state)
{
    vg_contact c = {0}, **list = NULL;
    size_t n = 0;
    (void)state;
    c.name = (char *)"Ambassade du Canada";
    c.role = (char *)"embassy";
    c.phone = (char *)"+57 601 657 9800";
    c.email = (char *)"bgota@international.gc.ca";
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_contact_add(st, "colombie-2026", &c), VG_OK);
    assert_true(c.id > 0);
    c.role = (char *)"ami";
    assert_int_equal(vg_contact_add(st, "colombie-2026", &c), VG_EINVALID);
    c.role = (char *)"partner";
    c.phone = (char *)"12";
    assert_int_equal(vg_contact_add(st, "colombie-2026", &c), VG_EINVALID);
    c.phone = (char *)"2229 8000";
    assert_int_equal(vg_contact_add(st, "haiti-2025", &c), VG_OK); /* Haitian */
    assert_int_equal(vg_store_commit(st), VG_OK);
    assert_int_equal(vg_contact_list(st, "colombie-2026", &list, &n), VG_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0]->phone, "+57 601 657 9800");
    assert_string_equal(list[0]->role, "embassy");
    assert_false(list[0]->from_guide);
    vg_contact_list_free(list, n);
    assert_int_equal(vg_contact_list(st, "haiti-2025", &list, &n), VG_OK);
    assert_string_equal(list[0]->phone, "+509 22 29 8000");
    vg_contact_list_free(list, n);
    assert_int_equal(vg_contact_list(st, "nope", &list, &n), VG_ENOTFOUND);
}

static void proof_of_life_sealed_and_bound(void **state)
{
    vg_participant *p = NULL, *q = NULL;
    vg_pol_pair pairs[3], *out = NULL;
    vg_secret *good = NULL, *bad = NULL;
    const char *answers[] = {"Rouge", "Minou", "Rimouski"};
    char audit[512];
    size_t n = 0;
    (void)state;
    for (int i = 0; i < 3; i++) {
        pairs[i].question = (char *)(i == 0 ? "Couleur?" : i == 1 ? "Chat?" : "Ville?");
        vg_secret_from(&pairs[i].answer, answers[i], strlen(answers[i]));
    }
    vg_secret_from(&good, PASS, strlen(PASS));
    vg_secret_from(&bad, "pas la bonne phrase", 19);
    assert_int_equal(vg_participant_find(st, "colombie-2026", "marie", &p), VG_OK);
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_pol_set(st, p, pairs, 2), VG_EINVALID);
    assert_int_equal(vg_pol_set(st, p, pairs, 3), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    vg_participant_free(p);
    assert_int_equal(vg_participant_find(st, "colombie-2026", "marie", &p), VG_OK);
    assert_true(p->has_pol);
    /* the answers are not in the table in clear */
    {
        sqlite3_stmt *s = NULL;
        assert_int_equal(vg_sql_prepare(st, &s,
                                        "SELECT count(*) FROM participant_pol WHERE"
                                        " instr(answer, 'Minou') > 0"),
                         VG_OK);
        assert_int_equal(sqlite3_step(s), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(s, 0), 0);
        sqlite3_finalize(s);
    }
    /* a wrong passphrase reveals nothing and is audited */
    assert_int_equal(vg_pol_reveal(st, p, bad, &out, &n), VG_EAUTH);
    assert_null(out);
    assert_int_equal(vg_audit_list(st, 1, last_audit, audit), VG_OK);
    assert_non_null(strstr(audit, "participant.pol_reveal_refused"));
    assert_int_equal(vg_pol_reveal(st, p, good, &out, &n), VG_OK);
    assert_int_equal(n, 3);
    assert_string_equal(out[1].question, "Chat?");
    assert_string_equal((const char *)vg_secret_data(out[1].answer), "Minou");
    vg_pol_free(out, n);
    out = NULL;
    assert_int_equal(vg_audit_list(st, 1, last_audit, audit), VG_OK);
    assert_non_null(strstr(audit, "participant.pol_reveal|"));
    /* an answer moved to another person does not open */
    assert_int_equal(vg_participant_find(st, "colombie-2026", "marc t", &q), VG_OK);
    {
        char sql[160];
        snprintf(sql, sizeof sql,
                 "UPDATE participant_pol SET participant_id = %lld WHERE"
                 " participant_id = %lld",
                 (long long)q->id, (long long)p->id);
        assert_int_equal(vg_sql_exec(st, sql), VG_OK);
    }
    assert_int_equal(vg_pol_reveal(st, q, good, &out, &n), VG_EINTEGRITY);
    /* nor does an altered one */
    assert_int_equal(vg_sql_exec(st, "UPDATE participant_pol SET answer = zeroblob(40)"), VG_OK);
    assert_int_equal(vg_pol_reveal(st, q, good, &out, &n), VG_EINTEGRITY);
    assert_int_equal(vg_sql_exec(st, "DELETE FROM participant_pol"), VG_OK);
    assert_int_equal(vg_pol_reveal(st, q, good, &out, &n), VG_ENOTFOUND);
    for (int i = 0; i < 3; i++)
        vg_secret_free(pairs[i].answer);
    vg_secret_free(good);
    vg_secret_free(bad);
    vg_participant_free(p);
    vg_participant_free(q);
}

static void purge_erases_personal_fields(void **state)
{
    vg_participant *p = person("Purgée Bientôt"), **list = NULL;
    vg_purge_item *items = NULL;
    vg_pol_pair pairs[3];
    vg_secret *a = NULL;
    size_t n = 0;
    int32_t today;
    (void)state;
    p->v[VG_PF_ROLE] = strdup("Déléguée");
    p->v[VG_PF_PASSPORT_NUMBER] = strdup("ZZ999");
    p->v[VG_PF_CONSENT_DATE] = strdup("2026-01-01");
    p->v[VG_PF_RETENTION_DATE] = strdup("2026-04-01");
    assert_int_equal(add_person("colombie-2026", p), VG_OK);
    vg_secret_from(&a, "x", 1);
    for (int i = 0; i < 3; i++) {
        pairs[i].question = (char *)"Q?";
        pairs[i].answer = a;
    }
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_pol_set(st, p, pairs, 3), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    /* on the retention day itself: kept */
    today = day("2026-04-01");
    assert_int_equal(vg_store_begin(st), VG_OK);
    assert_int_equal(vg_purge_expired(st, today, 0, &items, &n), VG_OK);
    assert_int_equal(n, 0);
    vg_purge_free(items, n);
    /* the day after: dry run lists, the purge erases */
    assert_int_equal(vg_purge_expired(st, today + 1, 1, &items, &n), VG_OK);
    assert_int_equal(n, 1);
    assert_string_equal(items[0].name, "Purgée Bientôt");
    vg_purge_free(items, n);
    assert_int_equal(vg_purge_expired(st, today + 1, 0, &items, &n), VG_OK);
    assert_int_equal(vg_store_commit(st), VG_OK);
    assert_int_equal(n, 1);
    assert_string_equal(items[0].slug, "colombie-2026");
    vg_purge_free(items, n);
    assert_int_equal(vg_participant_list(st, "colombie-2026", &list, &n), VG_OK);
    for (size_t i = 0; i < n; i++) {
        if (list[i]->id != p->id)
            continue;
        assert_true(list[i]->purged);
        assert_false(list[i]->has_pol);
        assert_null(list[i]->v[VG_PF_NAME]);
        assert_null(list[i]->v[VG_PF_PASSPORT_NUMBER]);
        assert_string_equal(list[i]->v[VG_PF_ROLE], "Déléguée");
        assert_string_equal(list[i]->v[VG_PF_CONSENT_DATE], "2026-01-01");
        assert_string_equal(list[i]->v[VG_PF_RETENTION_DATE], "2026-04-01");
        /* nothing left to edit */
        list[i]->v[VG_PF_NAME] = strdup("Revenante");
        assert_int_equal(vg_store_begin(st), VG_OK);
        assert_int_equal(vg_participant_update(st, list[i]), VG_EINVALID);
        vg_store_rollback(st);
    }
    vg_participant_list_free(list, n);
    vg_participant_free(p);
    vg_secret_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(schema_matches_field_table),
        cmocka_unit_test(countries_and_zones),
        cmocka_unit_test(delegation_add_get_list_update_close),
        cmocka_unit_test(participants_named_by_folded_prefix),
        cmocka_unit_test(participant_update_and_remove),
        cmocka_unit_test(retention_follows_end_date),
        cmocka_unit_test(contacts),
        cmocka_unit_test(proof_of_life_sealed_and_bound),
        cmocka_unit_test(purge_erases_personal_fields),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
