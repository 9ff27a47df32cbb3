/* Delegations and their contacts, and the schema of the delegation module.
 *
 * Schema (module "delegation"):
 *   delegation         one row per delegation; dates as day numbers
 *   delegation_region  the regions visited, in order
 *   participant        one row per person: one column per field of the
 *                      emergency profile (delegation/fields.c), all TEXT in their
 *                      normal form, plus name_key (the name folded for
 *                      matching: delegation/participant.c) and the purge state
 *   participant_pol    proof-of-life pairs; answers sealed under a subkey of
 *                      the data key (delegation/pol.c), never read with the rest
 *   contact            the delegation's own contacts
 * Everything is inside the SQLCipher database; nothing here is plaintext on
 * disk. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/config.h>
#include <vigie/delegation.h>
#include <vigie/error.h>

#include "delegation/delegation_internal.h"
#include "util/phone.h"
#include "store/store_internal.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/tz.h"

static const vg_migration steps[] = {
    {1, "CREATE TABLE delegation (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE,"
        "  name TEXT NOT NULL, country TEXT NOT NULL, tz TEXT NOT NULL,"
        "  start_day INTEGER NOT NULL, end_day INTEGER NOT NULL, lead TEXT,"
        "  closed INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL);"
        "CREATE TABLE delegation_region (delegation_id INTEGER NOT NULL"
        "  REFERENCES delegation(id) ON DELETE CASCADE, seq INTEGER NOT NULL,"
        "  name TEXT NOT NULL, PRIMARY KEY (delegation_id, seq));"
        "CREATE TABLE participant (id INTEGER PRIMARY KEY,"
        "  delegation_id INTEGER NOT NULL REFERENCES delegation(id),"
        "  name_key TEXT, purged INTEGER NOT NULL DEFAULT 0, purged_at INTEGER,"
        "  created INTEGER NOT NULL,"
        "  name TEXT, role TEXT, pronouns TEXT, birth_date TEXT, citizenships TEXT,"
        "  languages TEXT, email TEXT, phone TEXT, passport_number TEXT, passport_issue TEXT,"
        "  passport_expiry TEXT, kin1_name TEXT, kin1_relation TEXT, kin1_phone TEXT,"
        "  kin2_name TEXT, kin2_relation TEXT, kin2_phone TEXT, medical_recipient TEXT,"
        "  blood_group TEXT, allergies TEXT, conditions TEXT, medication TEXT, insurer TEXT,"
        "  policy_number TEXT, assistance_phone TEXT, medevac TEXT, roca TEXT, itinerary TEXT,"
        "  local_address TEXT, local_sim TEXT, consent_date TEXT, retention_date TEXT,"
        "  notes TEXT, UNIQUE (delegation_id, name_key));"
        "CREATE INDEX participant_retention ON participant (purged, retention_date);"
        "CREATE TABLE participant_pol (participant_id INTEGER NOT NULL"
        "  REFERENCES participant(id) ON DELETE CASCADE, seq INTEGER NOT NULL,"
        "  question TEXT NOT NULL, answer BLOB NOT NULL, PRIMARY KEY (participant_id, seq));"
        "CREATE TABLE contact (id INTEGER PRIMARY KEY,"
        "  delegation_id INTEGER NOT NULL REFERENCES delegation(id) ON DELETE CASCADE,"
        "  name TEXT NOT NULL, role TEXT NOT NULL, phone TEXT NOT NULL, email TEXT, note TEXT,"
        "  created INTEGER NOT NULL);"},
};

static const char *const tables[] = {"delegation", "participant", "contact", NULL};

const vg_schema_module vg_schema_delegation = {"delegation", steps, sizeof steps / sizeof steps[0],
                                               tables};

/* ISO 3166-1 alpha-2: the 249 officially assigned codes. */
static const char iso3166[] =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ "
    "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS "
    "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS YE YT ZA ZM ZW";

int vg_country_valid(const char *cc)
{
    char up[3];
    if (!cc || strlen(cc) != 2 || !isalpha((unsigned char)cc[0]) || !isalpha((unsigned char)cc[1]))
        return 0;
    up[0] = (char)toupper((unsigned char)cc[0]);
    up[1] = (char)toupper((unsigned char)cc[1]);
    up[2] = '\0';
    for (const char *p = iso3166; *p; p += p[2] ? 3 : 2)
        if (p[0] == up[0] && p[1] == up[1])
            return 1;
    return 0;
}

/* Read the system's zone.tab ("CC<TAB>coordinates<TAB>Zone...") for the
 * zones of `cc`: how many, and whether `tz` is one. */
static int zonetab(const char *cc, const char *tz, char *only, size_t cap)
{
    FILE *f = fopen("/usr/share/zoneinfo/zone.tab", "r");
    char line[512];
    int n = 0, found = 0;
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f)) {
        char *c1, *c2, *end;
        if (line[0] == '#' || strncasecmp(line, cc, 2) != 0 || line[2] != '\t')
            continue;
        c1 = strchr(line + 3, '\t');
        if (!c1)
            continue;
        c2 = c1 + 1;
        end = c2 + strcspn(c2, "\t\n");
        *end = '\0';
        n++;
        if (tz && !strcmp(c2, tz))
            found = 1;
        if (only && n == 1)
            snprintf(only, cap, "%s", c2);
    }
    fclose(f);
    return tz ? (n == 0 || found) : n;
}

const char *vg_country_default_tz(const char *cc)
{
    static char single[64];
    if (!vg_country_valid(cc))
        return NULL;
    if (!strcasecmp(cc, "CO"))
        return "America/Bogota";
    if (!strcasecmp(cc, "HT"))
        return "America/Port-au-Prince";
    if (!strcasecmp(cc, "MX"))
        return "America/Mexico_City";
    if (zonetab(cc, NULL, single, sizeof single) == 1 && vg_tz_valid(single))
        return single;
    return NULL;
}

int vg_country_has_tz(const char *cc, const char *tz)
{
    int r = zonetab(cc, tz, NULL, 0);
    return r != 0; /* -1: zone.tab unreadable, so no opinion */
}

static int slug_valid(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > VG_SLUG_MAX || s[0] == '-' || s[n - 1] == '-')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return 0;
    return 1;
}

/* Validate a delegation and fill its defaults (upper-case country, zone). */
static int validate(vg_delegation *d, char **tz_owned)
{
    int rc;
    char cc[3];
    *tz_owned = NULL;
    if (!slug_valid(d->slug))
        return vg_error_set(VG_EINVALID,
                            _("\"%s\" is not a delegation name: 2 to 48 lowercase letters, digits "
                              "and dashes, such as colombie-2026"),
                            d->slug);
    if (!d->name || (rc = vg_text_check(d->name, _("delegation name"), 200, 0)) != VG_OK)
        return d->name ? rc : vg_error_set(VG_EINVALID, "%s", _("a delegation needs a name"));
    if (!vg_country_valid(d->country))
        return vg_error_set(
            VG_EINVALID, _("\"%s\" is not an ISO 3166 country code (CO, HT, MX...)"), d->country);
    cc[0] = (char)toupper((unsigned char)d->country[0]);
    cc[1] = (char)toupper((unsigned char)d->country[1]);
    cc[2] = '\0';
    memcpy(d->country, cc, 3);
    if (d->end_day < d->start_day)
        return vg_error_set(VG_EINVALID, "%s", _("the end date is before the start date"));
    if (!d->tz) {
        const char *def = vg_country_default_tz(cc);
        if (!def)
            return vg_error_set(VG_EINVALID,
                                _("country %s has several time zones or none known: give one with "
                                  "--tz (such as America/Bogota)"),
                                cc);
        if (!(*tz_owned = strdup(def)))
            return vg_error_oom();
        d->tz = *tz_owned;
    }
    if (!vg_tz_valid(d->tz))
        return vg_error_set(VG_EINVALID, _("unknown time zone \"%s\""), d->tz);
    if (!vg_country_has_tz(cc, d->tz))
        return vg_error_set(VG_EINVALID, _("time zone \"%s\" is not one of country %s's"), d->tz,
                            cc);
    if (d->lead && *d->lead && (rc = vg_text_check(d->lead, _("team lead"), 200, 0)) != VG_OK)
        return rc;
    for (size_t i = 0; i < d->nregions; i++)
        if ((rc = vg_text_check(d->regions[i], _("region"), 200, 0)) != VG_OK)
            return rc;
    return VG_OK;
}

static int save_regions(vg_store *st, const vg_delegation *d)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s, "DELETE FROM delegation_region WHERE delegation_id = ?1");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, d->id);
    rc = vg_sql_step_done(st, s, "delegation_region");
    sqlite3_finalize(s);
    s = NULL;
    if (rc != VG_OK)
        return rc;
    if ((rc = vg_sql_prepare(st, &s, "INSERT INTO delegation_region VALUES (?1, ?2, ?3)")) != VG_OK)
        return rc;
    for (size_t i = 0; i < d->nregions && rc == VG_OK; i++) {
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, d->id);
        sqlite3_bind_int64(s, 2, (int64_t)i + 1);
        vg_sql_bind_text(s, 3, d->regions[i]);
        rc = vg_sql_step_done(st, s, "delegation_region");
    }
    sqlite3_finalize(s);
    return rc;
}

static int slug_exists(vg_store *st, const char *slug, int *exists)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s, "SELECT 1 FROM delegation WHERE slug = ?1");
    if (rc != VG_OK)
        return rc;
    vg_sql_bind_text(s, 1, slug);
    rc = sqlite3_step(s);
    *exists = rc == SQLITE_ROW;
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "delegation");
    sqlite3_finalize(s);
    return rc;
}

int vg_delegation_add(vg_store *st, vg_delegation *d)
{
    sqlite3_stmt *s = NULL;
    char *tz_owned = NULL;
    const char *tz_in = d->tz;
    int rc, exists = 0;
    char detail[64];

    if ((rc = validate(d, &tz_owned)) != VG_OK)
        goto done;
    if ((rc = slug_exists(st, d->slug, &exists)) != VG_OK)
        goto done;
    if (exists) {
        rc = vg_error_set(VG_EEXISTS, _("delegation \"%s\" already exists"), d->slug);
        goto done;
    }
    rc = vg_sql_prepare(st, &s,
                        "INSERT INTO delegation (slug, name, country, tz, start_day, end_day, lead,"
                        " closed, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8)");
    if (rc != VG_OK)
        goto done;
    vg_sql_bind_text(s, 1, d->slug);
    vg_sql_bind_text(s, 2, d->name);
    vg_sql_bind_text(s, 3, d->country);
    vg_sql_bind_text(s, 4, d->tz);
    sqlite3_bind_int(s, 5, d->start_day);
    sqlite3_bind_int(s, 6, d->end_day);
    vg_sql_bind_text(s, 7, d->lead && *d->lead ? d->lead : NULL);
    sqlite3_bind_int64(s, 8, vg_now());
    if ((rc = vg_sql_step_done(st, s, "delegation")) != VG_OK)
        goto done;
    d->id = sqlite3_last_insert_rowid(vg_store_db(st));
    d->closed = 0;
    if ((rc = save_regions(st, d)) != VG_OK)
        goto done;
    snprintf(detail, sizeof detail, "%s %s", d->country, d->tz);
    rc = vg_audit_append(st, "delegation.add", d->slug, detail);
done:
    sqlite3_finalize(s);
    if (tz_owned) {
        /* keep the caller's struct valid: give it its own copy of the default */
        if (rc == VG_OK) {
            d->tz = tz_owned;
            tz_owned = NULL;
        } else {
            d->tz = (char *)tz_in;
        }
    }
    free(tz_owned);
    return rc;
}

static const char *const select_delegation =
    "SELECT id, slug, name, country, tz, start_day, end_day, lead, closed FROM delegation";

static int read_delegation(vg_store *st, sqlite3_stmt *s, vg_delegation **out)
{
    vg_delegation *d = calloc(1, sizeof *d);
    sqlite3_stmt *r = NULL;
    int rc;
    *out = NULL;
    if (!d)
        return vg_error_oom();
    d->id = sqlite3_column_int64(s, 0);
    snprintf(d->slug, sizeof d->slug, "%s", (const char *)sqlite3_column_text(s, 1));
    d->name = vg_sql_col_dup(s, 2);
    snprintf(d->country, sizeof d->country, "%s", (const char *)sqlite3_column_text(s, 3));
    d->tz = vg_sql_col_dup(s, 4);
    d->start_day = sqlite3_column_int(s, 5);
    d->end_day = sqlite3_column_int(s, 6);
    d->lead = vg_sql_col_dup(s, 7);
    d->closed = sqlite3_column_int(s, 8);
    if (!d->name || !d->tz) {
        rc = vg_error_oom();
        goto done;
    }
    rc = vg_sql_prepare(st, &r,
                        "SELECT name FROM delegation_region WHERE delegation_id = ?1 ORDER BY seq");
    if (rc != VG_OK)
        goto done;
    sqlite3_bind_int64(r, 1, d->id);
    while ((rc = sqlite3_step(r)) == SQLITE_ROW) {
        char **g = realloc(d->regions, (d->nregions + 1) * sizeof *g);
        if (!g) {
            rc = vg_error_oom();
            goto done;
        }
        d->regions = g;
        if (!(d->regions[d->nregions] = vg_sql_col_dup(r, 0))) {
            rc = vg_error_oom();
            goto done;
        }
        d->nregions++;
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "delegation_region");
done:
    sqlite3_finalize(r);
    if (rc == VG_OK)
        *out = d;
    else
        vg_delegation_free(d);
    return rc;
}

int vg_delegation_get(vg_store *st, const char *slug, vg_delegation **out)
{
    sqlite3_stmt *s = NULL;
    char sql[256];
    int rc;
    *out = NULL;
    snprintf(sql, sizeof sql, "%s WHERE slug = ?1", select_delegation);
    if ((rc = vg_sql_prepare(st, &s, sql)) != VG_OK)
        return rc;
    vg_sql_bind_text(s, 1, slug);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        rc = read_delegation(st, s, out);
    else if (rc == SQLITE_DONE)
        rc = vg_error_set(VG_ENOTFOUND, _("no delegation \"%s\" (see 'vigie delegation list')"),
                          slug);
    else
        rc = vg_sql_fail(st, rc, "delegation");
    sqlite3_finalize(s);
    return rc;
}

int vg_delegation_list(vg_store *st, vg_delegation ***out, size_t *n)
{
    sqlite3_stmt *s = NULL;
    vg_delegation **list = NULL;
    size_t count = 0;
    char sql[256];
    int rc;
    *out = NULL;
    *n = 0;
    snprintf(sql, sizeof sql, "%s ORDER BY closed, start_day, slug", select_delegation);
    if ((rc = vg_sql_prepare(st, &s, sql)) != VG_OK)
        return rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        vg_delegation **g = realloc(list, (count + 1) * sizeof *g);
        if (!g) {
            rc = vg_error_oom();
            goto done;
        }
        list = g;
        if ((rc = read_delegation(st, s, &list[count])) != VG_OK)
            goto done;
        count++;
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "delegation");
done:
    sqlite3_finalize(s);
    if (rc != VG_OK) {
        vg_delegation_list_free(list, count);
        return rc;
    }
    *out = list;
    *n = count;
    return VG_OK;
}

int vg_delegation_update(vg_store *st, const vg_delegation *d)
{
    vg_delegation copy = *d, *old = NULL;
    sqlite3_stmt *s = NULL;
    char *tz_owned = NULL;
    int rc;

    if ((rc = vg_delegation_get(st, d->slug, &old)) != VG_OK)
        goto done;
    copy.id = old->id;
    if ((rc = validate(&copy, &tz_owned)) != VG_OK)
        goto done;
    rc = vg_sql_prepare(st, &s,
                        "UPDATE delegation SET name = ?2, country = ?3, tz = ?4, start_day = ?5,"
                        " end_day = ?6, lead = ?7, closed = ?8 WHERE id = ?1");
    if (rc != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, copy.id);
    vg_sql_bind_text(s, 2, copy.name);
    vg_sql_bind_text(s, 3, copy.country);
    vg_sql_bind_text(s, 4, copy.tz);
    sqlite3_bind_int(s, 5, copy.start_day);
    sqlite3_bind_int(s, 6, copy.end_day);
    vg_sql_bind_text(s, 7, copy.lead && *copy.lead ? copy.lead : NULL);
    sqlite3_bind_int(s, 8, copy.closed ? 1 : 0);
    if ((rc = vg_sql_step_done(st, s, "delegation")) != VG_OK)
        goto done;
    sqlite3_finalize(s);
    s = NULL;
    if ((rc = save_regions(st, &copy)) != VG_OK)
        goto done;
    if (old->end_day != copy.end_day) {
        /* Default retention dates follow the end date. */
        char was[16], now[16];
        if ((rc = vg_model_retention_default(st, old->end_day, was)) != VG_OK ||
            (rc = vg_model_retention_default(st, copy.end_day, now)) != VG_OK)
            goto done;
        rc = vg_sql_prepare(st, &s,
                            "UPDATE participant SET retention_date = ?3"
                            " WHERE delegation_id = ?1 AND retention_date = ?2 AND purged = 0");
        if (rc != VG_OK)
            goto done;
        sqlite3_bind_int64(s, 1, copy.id);
        vg_sql_bind_text(s, 2, was);
        vg_sql_bind_text(s, 3, now);
        if ((rc = vg_sql_step_done(st, s, "participant")) != VG_OK)
            goto done;
    }
    rc = vg_audit_append(st, "delegation.edit", copy.slug, "");
done:
    sqlite3_finalize(s);
    free(tz_owned);
    vg_delegation_free(old);
    return rc;
}

int vg_delegation_close(vg_store *st, const char *slug)
{
    sqlite3_stmt *s = NULL;
    int64_t id;
    int rc;
    if ((rc = vg_model_delegation(st, slug, &id, NULL, NULL)) != VG_OK)
        return rc;
    if ((rc = vg_sql_prepare(st, &s, "UPDATE delegation SET closed = 1 WHERE id = ?1")) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    rc = vg_sql_step_done(st, s, "delegation");
    sqlite3_finalize(s);
    if (rc == VG_OK)
        rc = vg_audit_append(st, "delegation.close", slug, "");
    return rc;
}

void vg_delegation_free(vg_delegation *d)
{
    if (!d)
        return;
    free(d->name);
    free(d->tz);
    free(d->lead);
    for (size_t i = 0; i < d->nregions; i++)
        free(d->regions[i]);
    free(d->regions);
    free(d);
}

void vg_delegation_list_free(vg_delegation **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        vg_delegation_free(list[i]);
    free(list);
}

/* ---- shared with the other model files ---- */

int vg_model_delegation(vg_store *st, const char *slug, int64_t *id, char country[3],
                        int32_t *end_day)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s, "SELECT id, country, end_day FROM delegation WHERE slug = ?1");
    if (rc != VG_OK)
        return rc;
    vg_sql_bind_text(s, 1, slug);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        if (id)
            *id = sqlite3_column_int64(s, 0);
        if (country)
            snprintf(country, 3, "%s", (const char *)sqlite3_column_text(s, 1));
        if (end_day)
            *end_day = sqlite3_column_int(s, 2);
        rc = VG_OK;
    } else if (rc == SQLITE_DONE) {
        rc = vg_error_set(VG_ENOTFOUND, _("no delegation \"%s\" (see 'vigie delegation list')"),
                          slug);
    } else {
        rc = vg_sql_fail(st, rc, "delegation");
    }
    sqlite3_finalize(s);
    return rc;
}

int vg_model_slug(vg_store *st, int64_t id, char out[VG_SLUG_MAX + 1])
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s, "SELECT slug FROM delegation WHERE id = ?1");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        snprintf(out, VG_SLUG_MAX + 1, "%s", (const char *)sqlite3_column_text(s, 0));
        rc = VG_OK;
    } else {
        rc = rc == SQLITE_DONE ? vg_error_set(VG_ENOTFOUND, "%s", _("no such delegation"))
                               : vg_sql_fail(st, rc, "delegation");
    }
    sqlite3_finalize(s);
    return rc;
}

int32_t vg_model_add_months(int32_t day, int months)
{
    static const unsigned dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y;
    unsigned m, d, last;
    int64_t total;
    vg_civil_from_days(day, &y, &m, &d);
    total = (int64_t)y * 12 + (m - 1) + months;
    y = (int)(total / 12);
    m = (unsigned)(total % 12) + 1;
    last = dm[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    if (d > last)
        d = last;
    return (int32_t)vg_days_from_civil(y, m, d);
}

int vg_model_retention_default(vg_store *st, int32_t end_day, char out[16])
{
    char *v = NULL;
    long months = 18;
    int rc = vg_config_get(st, "retention.months", &v);
    if (rc != VG_OK)
        return rc;
    if (v)
        months = strtol(v, NULL, 10);
    free(v);
    if (months < 1 || months > 120)
        months = 18;
    vg_date_format(out, vg_model_add_months(end_day, (int)months));
    return VG_OK;
}

void vg_model_participant_object(char *out, size_t cap, const char *slug, int64_t id)
{
    snprintf(out, cap, "%s/%lld", slug, (long long)id);
}
