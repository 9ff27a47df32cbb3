/* vigie_fixture: fill a test store through the core API, for the export
 * tests and the export benchmark (fictional people only).
 *
 *   vigie_fixture delegation SLUG    a Colombia delegation with four
 *                                    participants (every field of the
 *                                    emergency profile), contacts, a
 *                                    check-in plan and a few check-ins
 *   vigie_fixture checkins SLUG N    N more check-ins, spread over the
 *                                    delegation's days (one transaction)
 *
 * The store is $VIGIE_STORE, unlocked with $VIGIE_PASSPHRASE. Prints
 * nothing on success; exits 1 with the error otherwise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/contact.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>
#include <vigie/risk.h>
#include <vigie/secret.h>
#include <vigie/store.h>
#include <vigie/vigie.h>

static int pass_cb(vg_secret **out, void *payload)
{
    const char *p = getenv("VIGIE_PASSPHRASE");
    (void)payload;
    if (!p)
        return vg_error_set(VG_EAUTH, "VIGIE_PASSPHRASE is not set");
    return vg_secret_from(out, p, strlen(p));
}

/* Four people whose every field the privacy tests look for. */
static const char *const people[][VG_PF_COUNT + 1] = {
    {"name=Marie-Ève Tremblay-Côté",
     "role=cheffe d'équipe",
     "pronouns=elle",
     "birth_date=1987-04-12",
     "citizenships=canadienne",
     "languages=français, espagnol",
     "email=marie-eve.fictive@example.org",
     "phone=+1 418 555 0147",
     "passport_number=HK482913",
     "passport_issue=2021-05-03",
     "passport_expiry=2031-05-02",
     "kin1_name=Gilles Côté-Fictif",
     "kin1_relation=conjoint",
     "kin1_phone=+1 418 555 0199",
     "kin2_name=Louise Tremblay-Fictive",
     "kin2_relation=mère",
     "kin2_phone=+1 581 555 0123",
     "medical_recipient=Gilles Côté-Fictif",
     "blood_group=O-",
     "allergies=pénicilline",
     "conditions=asthme léger",
     "medication=salbutamol",
     "insurer=Assurance Fictive Inc.",
     "policy_number=POL-778812",
     "assistance_phone=+1 800 555 0111",
     "medevac=yes",
     "roca=2025-02-20",
     "itinerary=Bogotá, Cali, Popayán",
     "local_address=Calle 10 # 4-21, Cali",
     "local_sim=+57 312 555 0148",
     "consent_date=2025-01-15",
     "retention_date=2026-10-31",
     "notes=préfère être appelée le soir",
     NULL},
    {"name=Jean-François Bérubé", "role=participant", "birth_date=1992-11-30",
     "email=jf.berube.fictif@example.org", "phone=+1 514 555 0182", "passport_number=GL337104",
     "passport_expiry=2029-08-14", "kin1_name=Annie Bérubé-Fictive", "kin1_relation=sœur",
     "kin1_phone=+1 514 555 0166", "blood_group=A+", "allergies=arachides",
     "conditions=diabète de type 1", "medication=insuline", "insurer=Assurance Fictive Inc.",
     "policy_number=POL-778813", "assistance_phone=+1 800 555 0111", "consent_date=2025-01-16",
     NULL},
    {"name=Ngozi Adébáyọ̀ Fictive", "role=participant", "birth_date=1979-02-02",
     "email=ngozi.fictive@example.org", "phone=+1 819 555 0134", "passport_number=AB902817",
     "passport_expiry=2027-03-01", "kin1_name=Chidi Fictif", "kin1_relation=frère",
     "kin1_phone=+1 819 555 0177", "blood_group=B+", "allergies=aucune connue",
     "assistance_phone=+1 800 555 0111", NULL},
    {"name=Luis Ángel Muñoz Ficticio", "role=interprète", "phone=+57 300 555 0191",
     "email=luis.ficticio@example.org", "passport_number=CO1183920",
     "kin1_name=Rosa Muñoz Ficticia", "kin1_phone=+57 301 555 0102", "blood_group=AB-", NULL},
};

static int add_delegation(vg_store *st, const char *slug)
{
    vg_delegation d;
    char *regions[] = {(char *)"Valle del Cauca", (char *)"Cauca"};
    int rc;
    memset(&d, 0, sizeof d);
    snprintf(d.slug, sizeof d.slug, "%s", slug);
    d.name = (char *)"Délégation syndicale Colombie 2025";
    memcpy(d.country, "CO", 3);
    d.tz = (char *)"America/Bogota";
    vg_date_parse(&d.start_day, "2025-03-01");
    vg_date_parse(&d.end_day, "2025-03-15");
    d.lead = (char *)"Marie-Ève Tremblay-Côté";
    d.regions = regions;
    d.nregions = 2;
    if ((rc = vg_delegation_add(st, &d)) != VG_OK)
        return rc;
    for (size_t i = 0; i < sizeof people / sizeof *people; i++) {
        vg_participant p;
        memset(&p, 0, sizeof p);
        for (size_t k = 0; people[i][k]; k++) {
            const char *eq = strchr(people[i][k], '=');
            char key[40];
            const vg_pfield_info *f;
            snprintf(key, sizeof key, "%.*s", (int)(eq - people[i][k]), people[i][k]);
            if (!(f = vg_participant_field(key)))
                return vg_error_set(VG_EINVALID, "unknown field %s", key);
            /* vg_participant_add replaces each value by its normal form */
            if (!(p.v[f->id] = strdup(eq + 1)))
                return vg_error_set(VG_ENOMEM, "out of memory");
        }
        rc = vg_participant_add(st, slug, &p);
        for (int k = 0; k < VG_PF_COUNT; k++)
            free(p.v[k]);
        if (rc != VG_OK)
            return rc;
    }
    {
        vg_contact c[] = {
            {0, (char *)"Sindicato Fictivo de Cali (Carlos Pérez Ficticio)", (char *)"partner",
             (char *)"+57 602 555 0110", (char *)"carlos.ficticio@example.org",
             (char *)"accueil à l'aéroport", 0},
            {0, (char *)"Hotel Ficticio del Parque", (char *)"accommodation",
             (char *)"+57 602 555 0120", NULL, NULL, 0},
            {0, (char *)"Ambassade du Canada à Bogotá", (char *)"embassy",
             (char *)"+57 601 657 9800", NULL, NULL, 0},
        };
        for (size_t i = 0; i < sizeof c / sizeof *c; i++)
            if ((rc = vg_contact_add(st, slug, &c[i])) != VG_OK)
                return rc;
    }
    return VG_OK;
}

/* Proof of life for the first participant: answers the export must never
 * hold (the privacy tests look for them). */
static int add_pol(vg_store *st, const char *slug)
{
    static const char *const qa[3][2] = {{"Nom de mon premier chat ?", "Moustache-Zéphyr-71"},
                                         {"Ville de mon grand-père ?", "Kamouraska-Ouest-42"},
                                         {"Plat préféré de ma sœur ?", "Tourtière-Galactique-9"}};
    vg_pol_pair pairs[3];
    vg_participant *p = NULL;
    int rc = vg_participant_find(st, slug, "Marie-Ève", &p);
    memset(pairs, 0, sizeof pairs);
    for (int i = 0; rc == VG_OK && i < 3; i++) {
        pairs[i].question = (char *)qa[i][0];
        rc = vg_secret_from(&pairs[i].answer, qa[i][1], strlen(qa[i][1]));
    }
    if (rc == VG_OK)
        rc = vg_pol_set(st, p, pairs, 3);
    for (int i = 0; i < 3; i++)
        vg_secret_free(pairs[i].answer);
    vg_participant_free(p);
    return rc;
}

/* The register seeded from the Colombia guide; R1 reviewed, reduced and
 * approved by name (a name the board's file must not show). */
static int add_risks(vg_store *st, const char *slug)
{
    const char *data = getenv("VIGIE_DATA_DIR");
    vg_risk_seed_result res;
    vg_risk *r = NULL;
    char *measures[] = {(char *)"Déplacements de jour seulement",
                        (char *)"Chauffeur du partenaire"};
    int rc, cleared = 0;
    if ((rc = vg_risk_seed(st, data, slug, "fr", &res)) != VG_OK ||
        (rc = vg_risk_get(st, slug, "R1", &r)) != VG_OK)
        return rc;
    r->res_likelihood = 2;
    r->res_impact = 3;
    r->decision = VG_DECISION_REDUCE;
    free(r->owner);
    r->owner = strdup("Coordination Fictive-Lavoie");
    {
        char **old = r->measures;
        size_t n = r->nmeasures;
        r->measures = measures;
        r->nmeasures = 2;
        rc = vg_risk_update(st, data, slug, r, &cleared);
        r->measures = old;
        r->nmeasures = n;
    }
    vg_risk_free(r);
    if (rc == VG_OK)
        rc = vg_risk_approve(st, slug, "R1", "Directrice Fictive-Gauthier");
    return rc;
}

static int log_checkins(vg_store *st, const char *slug, long n, int varied)
{
    vg_participant **p = NULL;
    size_t np = 0;
    int64_t start;
    int rc;
    static const char *const places[] = {"Cali", "Popayán", "Santander de Quilichao", NULL};
    if ((rc = vg_participant_list(st, slug, &p, &np)) != VG_OK)
        return rc;
    if (!np)
        return vg_error_set(VG_EINVALID, "no participant");
    vg_time_parse(&start, "2025-03-01T13:00:00Z", NULL);
    for (long i = 0; rc == VG_OK && i < n; i++) {
        vg_checkin c;
        memset(&c, 0, sizeof c);
        c.participant_id = p[i % (long)np]->id;
        /* twice a day over 14 days, then denser */
        c.at = start + (i / (long)np) * (14 * 86400 / (n / (long)np + 1)) + (i % (long)np) * 60;
        c.status = VG_CHECKIN_OK;
        c.source = "manual";
        c.via = "Signal";
        c.where = places[i % 3];
        if (varied && i == 5) {
            c.status = VG_CHECKIN_HELP;
            c.note = "pneu crevé sur la route de Popayán";
        }
        rc = vg_checkin_log(st, slug, &c, NULL);
    }
    vg_participant_list_free(p, np);
    return rc;
}

int main(int argc, char **argv)
{
    vg_store *st = NULL;
    vg_unlock_opts o = {pass_cb, NULL, 1};
    char *dir;
    int rc;
    if (argc < 3 || (strcmp(argv[1], "delegation") != 0 && strcmp(argv[1], "checkins") != 0) ||
        (!strcmp(argv[1], "checkins") && argc < 4)) {
        fprintf(stderr, "usage: vigie_fixture delegation SLUG | checkins SLUG N\n");
        return 2;
    }
    if (vg_init() != VG_OK)
        return 1;
    dir = vg_store_default_dir(NULL);
    rc = vg_store_open(&st, dir, &o);
    free(dir);
    if (rc == VG_OK && (rc = vg_store_begin(st)) == VG_OK) {
        if (!strcmp(argv[1], "delegation")) {
            vg_checkin_plan plan = {2, {8 * 60, 20 * 60}, 30, 30, 0, 0};
            rc = add_delegation(st, argv[2]);
            if (rc == VG_OK)
                rc = add_pol(st, argv[2]);
            if (rc == VG_OK)
                rc = add_risks(st, argv[2]);
            if (rc == VG_OK)
                rc = vg_checkin_plan_set(st, argv[2], &plan);
            if (rc == VG_OK)
                rc = log_checkins(st, argv[2], 12, 1);
        } else {
            rc = log_checkins(st, argv[2], atol(argv[3]), 0);
        }
        if (rc == VG_OK)
            rc = vg_store_commit(st);
        else
            vg_store_rollback(st);
    }
    vg_store_close(st);
    if (rc != VG_OK) {
        fprintf(stderr, "vigie_fixture: %s\n", vg_error_last());
        return 1;
    }
    return 0;
}
