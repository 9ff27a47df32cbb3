/* The risk register: tables, scales, the register's rows, seeding from the
 * country guide, and what the register says about departure.
 *
 * Tables: `risk` (one row per risk, numbered per delegation; residual
 * scores NULL until assessed) and `risk_measure` (its measures, in order). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/guide.h>
#include <vigie/risk.h>

#include "delegation/delegation_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"
#include "util/text.h"

static const vg_migration risk_steps[] = {
    {1, "CREATE TABLE risk (id INTEGER PRIMARY KEY,"
        "  delegation_id INTEGER NOT NULL REFERENCES delegation(id) ON DELETE CASCADE,"
        "  num INTEGER NOT NULL, category TEXT NOT NULL, scenario TEXT NOT NULL,"
        "  place TEXT, exposed TEXT, owner TEXT,"
        "  likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),"
        "  impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),"
        "  res_likelihood INTEGER CHECK (res_likelihood BETWEEN 1 AND 5),"
        "  res_impact INTEGER CHECK (res_impact BETWEEN 1 AND 5),"
        "  decision TEXT CHECK (decision IN ('reduce', 'avoid', 'transfer', 'accept')),"
        "  to_review INTEGER NOT NULL DEFAULT 0, origin TEXT NOT NULL,"
        "  approved_by TEXT, approved_at INTEGER,"
        "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
        "  UNIQUE (delegation_id, num));"
        "CREATE TABLE risk_measure (risk_id INTEGER NOT NULL REFERENCES risk(id) ON DELETE CASCADE,"
        "  seq INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (risk_id, seq));"},
    /* 2: the incident (its number in the delegation) that flagged the risk
     * for review (vg_risk_flag_incident); cleared when the risk is reviewed. */
    {2, "ALTER TABLE risk ADD COLUMN review_incident INTEGER;"},
};

static const char *const risk_tables[] = {"risk", NULL};

const vg_schema_module vg_schema_risk = {"risk", risk_steps,
                                         sizeof risk_steps / sizeof risk_steps[0], risk_tables};

/* ---- scales ---- */

vg_risk_band vg_risk_band_of(int score)
{
    if (score < 1 || score > 25)
        return 0;
    return score <= 4    ? VG_BAND_LOW
           : score <= 9  ? VG_BAND_MEDIUM
           : score <= 16 ? VG_BAND_HIGH
                         : VG_BAND_CRITICAL;
}

const char *vg_risk_band_key(vg_risk_band b)
{
    static const char *const keys[] = {"", "low", "medium", "high", "critical"};
    return (unsigned)b <= 4 ? keys[b] : "";
}

const char *vg_risk_band_label(vg_risk_band b)
{
    switch (b) {
    case VG_BAND_LOW:
        return _("Low");
    case VG_BAND_MEDIUM:
        return _("Medium");
    case VG_BAND_HIGH:
        return _("High");
    case VG_BAND_CRITICAL:
        return _("Critical");
    default:
        return "";
    }
}

const char *vg_risk_likelihood_label(int level)
{
    static const char *const l[] = {N_("Rare"), N_("Unlikely"), N_("Possible"), N_("Likely"),
                                    N_("Almost certain")};
    return level >= 1 && level <= 5 ? _(l[level - 1]) : "";
}

const char *vg_risk_impact_label(int level)
{
    static const char *const l[] = {N_("Negligible"), N_("Minor"), N_("Moderate"), N_("Major"),
                                    N_("Critical")};
    return level >= 1 && level <= 5 ? _(l[level - 1]) : "";
}

static const char *const decision_keys[] = {NULL, "reduce", "avoid", "transfer", "accept"};

const char *vg_risk_decision_key(vg_risk_decision d)
{
    return (unsigned)d <= 4 ? decision_keys[d] : NULL;
}

const char *vg_risk_decision_label(vg_risk_decision d)
{
    switch (d) {
    case VG_DECISION_REDUCE:
        return _("reduce");
    case VG_DECISION_AVOID:
        return _("avoid");
    case VG_DECISION_TRANSFER:
        return _("transfer");
    case VG_DECISION_ACCEPT:
        return _("accept");
    default:
        return "";
    }
}

int vg_risk_decision_parse(const char *text, vg_risk_decision *out)
{
    /* the English keys, and the French words */
    static const char *const fr[] = {NULL, "reduire", "eviter", "transferer", "accepter"};
    char *k = text ? vg_text_key(text, VG_KEY_HEADER) : NULL;
    int rc = VG_EINVALID;
    for (int i = 1; k && i <= 4; i++)
        if (!strcmp(k, decision_keys[i]) || !strcmp(k, fr[i])) {
            *out = (vg_risk_decision)i;
            rc = VG_OK;
        }
    free(k);
    if (rc != VG_OK)
        rc = vg_error_set(VG_EINVALID,
                          _("\"%s\" is not a decision (reduce, avoid, transfer, accept)"),
                          text ? text : "");
    return rc;
}

int vg_risk_inherent(const vg_risk *r)
{
    return r->likelihood * r->impact;
}

int vg_risk_residual(const vg_risk *r)
{
    return r->res_likelihood && r->res_impact ? r->res_likelihood * r->res_impact : 0;
}

/* ---- checks ---- */

static int check_text(const char *s, const char *what, size_t max, int required)
{
    if (!s)
        return required ? vg_error_set(VG_EINVALID, _("%s is required"), what) : VG_OK;
    return vg_text_check(s, what, max, 0);
}

/* The category as typed ("Catastrophes naturelles", "autre") becomes its
 * key: the stored value stays language-neutral. */
static int resolve_category(const vg_threat_categories *cats, vg_risk *r)
{
    const vg_threat_category *c = r->category ? vg_threat_category_match(cats, r->category) : NULL;
    if (c && strcmp(c->key, r->category) != 0) {
        char *k = strdup(c->key);
        if (!k)
            return vg_error_oom();
        free(r->category);
        r->category = k;
    }
    return VG_OK;
}

int vg_risk_check(const vg_threat_categories *cats, const vg_risk *r)
{
    int rc;
    if (!r->category || !vg_threat_category_find(cats, r->category)) {
        char list[1024] = "";
        for (size_t i = 0; cats && i < cats->n; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                     cats->v[i].key);
        return vg_error_set(VG_EINVALID, _("\"%s\" is not a threat category (%s)"),
                            r->category ? r->category : "", list);
    }
    if ((rc = check_text(r->scenario, _("the scenario"), 1000, 1)) != VG_OK ||
        (rc = check_text(r->where, _("where"), 1000, 0)) != VG_OK ||
        (rc = check_text(r->exposed, _("the exposed profile"), 200, 0)) != VG_OK ||
        (rc = check_text(r->owner, _("the owner"), 200, 0)) != VG_OK)
        return rc;
    if (r->likelihood < 1 || r->likelihood > 5)
        return vg_error_set(VG_EINVALID, _("likelihood %d is out of range (1 to 5)"),
                            r->likelihood);
    if (r->impact < 1 || r->impact > 5)
        return vg_error_set(VG_EINVALID, _("impact %d is out of range (1 to 5)"), r->impact);
    if (!r->res_likelihood != !r->res_impact)
        return vg_error_set(VG_EINVALID, "%s",
                            _("give the residual likelihood and the residual impact together"));
    if (r->res_likelihood && (r->res_likelihood < 1 || r->res_likelihood > 5))
        return vg_error_set(VG_EINVALID, _("residual likelihood %d is out of range (1 to 5)"),
                            r->res_likelihood);
    if (r->res_impact && (r->res_impact < 1 || r->res_impact > 5))
        return vg_error_set(VG_EINVALID, _("residual impact %d is out of range (1 to 5)"),
                            r->res_impact);
    if (r->nmeasures > 20)
        return vg_error_set(VG_EINVALID, "%s", _("at most 20 measures"));
    for (size_t i = 0; i < r->nmeasures; i++)
        if ((rc = check_text(r->measures[i], _("a measure"), 500, 1)) != VG_OK)
            return rc;
    if ((unsigned)r->decision > VG_DECISION_ACCEPT)
        return vg_error_set(VG_EINVALID, "%s", _("unknown decision"));
    return VG_OK;
}

/* ---- rows ---- */

#define RISK_COLUMNS                                                                               \
    "id, num, category, scenario, place, exposed, owner, likelihood, impact, res_likelihood, "     \
    "res_impact, "                                                                                 \
    "decision, to_review, origin, approved_by, approved_at, created_at, updated_at, "              \
    "review_incident"

static char *col_dup(sqlite3_stmt *s, int i, int *bad)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    char *d;
    if (!t)
        return NULL;
    if (!(d = strdup((const char *)t)))
        *bad = 1;
    return d;
}

void vg_risk_free(vg_risk *r)
{
    if (!r)
        return;
    free(r->category);
    free(r->scenario);
    free(r->where);
    free(r->exposed);
    free(r->owner);
    for (size_t i = 0; i < r->nmeasures; i++)
        free(r->measures[i]);
    free(r->measures);
    free(r->origin);
    free(r->approved_by);
    free(r);
}

void vg_risk_list_free(vg_risk **list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        vg_risk_free(list[i]);
    free(list);
}

static int load_measures(vg_store *st, vg_risk *r)
{
    sqlite3_stmt *s = NULL;
    int rc =
        vg_sql_prepare(st, &s, "SELECT text FROM risk_measure WHERE risk_id = ?1 ORDER BY seq");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, r->id);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        char **m = realloc(r->measures, (r->nmeasures + 1) * sizeof *m);
        if (!m || !(m[r->nmeasures] = strdup((const char *)sqlite3_column_text(s, 0)))) {
            if (m)
                r->measures = m;
            sqlite3_finalize(s);
            return vg_error_oom();
        }
        r->measures = m;
        r->nmeasures++;
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "risk_measure");
    sqlite3_finalize(s);
    return rc;
}

static int read_risk(vg_store *st, sqlite3_stmt *s, vg_risk **out)
{
    vg_risk *r = calloc(1, sizeof *r);
    const char *dec;
    int bad = 0, rc;
    *out = NULL;
    if (!r)
        return vg_error_oom();
    r->id = sqlite3_column_int64(s, 0);
    r->num = sqlite3_column_int(s, 1);
    r->category = col_dup(s, 2, &bad);
    r->scenario = col_dup(s, 3, &bad);
    r->where = col_dup(s, 4, &bad);
    r->exposed = col_dup(s, 5, &bad);
    r->owner = col_dup(s, 6, &bad);
    r->likelihood = sqlite3_column_int(s, 7);
    r->impact = sqlite3_column_int(s, 8);
    r->res_likelihood = sqlite3_column_int(s, 9);
    r->res_impact = sqlite3_column_int(s, 10);
    dec = (const char *)sqlite3_column_text(s, 11);
    for (int i = 1; dec && i <= 4; i++)
        if (!strcmp(dec, decision_keys[i]))
            r->decision = (vg_risk_decision)i;
    r->to_review = sqlite3_column_int(s, 12);
    r->origin = col_dup(s, 13, &bad);
    r->approved_by = col_dup(s, 14, &bad);
    r->approved_at = sqlite3_column_int64(s, 15);
    r->created_at = sqlite3_column_int64(s, 16);
    r->review_incident = sqlite3_column_int(s, 18);
    r->updated_at = sqlite3_column_int64(s, 17);
    if (bad) {
        vg_risk_free(r);
        return vg_error_oom();
    }
    if ((rc = load_measures(st, r)) != VG_OK) {
        vg_risk_free(r);
        return rc;
    }
    *out = r;
    return VG_OK;
}

static int sort_key(const vg_risk *r)
{
    return vg_risk_residual(r) ? vg_risk_residual(r) : vg_risk_inherent(r);
}

static int risk_cmp(const void *a, const void *b)
{
    const vg_risk *x = *(vg_risk *const *)a, *y = *(vg_risk *const *)b;
    if (sort_key(x) != sort_key(y))
        return sort_key(y) - sort_key(x);
    if (vg_risk_inherent(x) != vg_risk_inherent(y))
        return vg_risk_inherent(y) - vg_risk_inherent(x);
    return x->num - y->num;
}

int vg_risk_list(vg_store *st, const char *slug, vg_risk ***out, size_t *n)
{
    sqlite3_stmt *s = NULL;
    vg_risk **list = NULL;
    size_t count = 0;
    int64_t did;
    int rc;
    *out = NULL;
    *n = 0;
    if ((rc = vg_model_delegation(st, slug, &did, NULL, NULL)) != VG_OK)
        return rc;
    if ((rc = vg_sql_prepare(
             st, &s, "SELECT " RISK_COLUMNS " FROM risk WHERE delegation_id = ?1")) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        vg_risk **g = realloc(list, (count + 1) * sizeof *g);
        if (!g) {
            rc = vg_error_oom();
            goto done;
        }
        list = g;
        if ((rc = read_risk(st, s, &list[count])) != VG_OK)
            goto done;
        count++;
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "risk");
done:
    sqlite3_finalize(s);
    if (rc != VG_OK) {
        vg_risk_list_free(list, count);
        return rc;
    }
    if (count > 1)
        qsort(list, count, sizeof *list, risk_cmp);
    *out = list;
    *n = count;
    return VG_OK;
}

/* "R3", "r3" or "3" into 3; 0 if not a reference. */
static int parse_ref(const char *ref)
{
    char *end;
    long v;
    if (!ref)
        return 0;
    if (*ref == 'R' || *ref == 'r')
        ref++;
    if (*ref < '0' || *ref > '9')
        return 0;
    v = strtol(ref, &end, 10);
    return *end || v < 1 || v > 100000 ? 0 : (int)v;
}

int vg_risk_get(vg_store *st, const char *slug, const char *ref, vg_risk **out)
{
    sqlite3_stmt *s = NULL;
    int64_t did;
    int rc, num = parse_ref(ref);
    *out = NULL;
    if (!num)
        return vg_error_set(VG_EINVALID,
                            _("\"%s\" is not a risk (R1, R2... see 'vigie risk list')"),
                            ref ? ref : "");
    if ((rc = vg_model_delegation(st, slug, &did, NULL, NULL)) != VG_OK)
        return rc;
    rc = vg_sql_prepare(st, &s,
                        "SELECT " RISK_COLUMNS " FROM risk WHERE delegation_id = ?1 AND num = ?2");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    sqlite3_bind_int(s, 2, num);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        rc = read_risk(st, s, out);
    else if (rc == SQLITE_DONE)
        rc = vg_error_set(VG_ENOTFOUND,
                          _("delegation \"%s\" has no risk R%d (see 'vigie risk list %s')"), slug,
                          num, slug);
    else
        rc = vg_sql_fail(st, rc, "risk");
    sqlite3_finalize(s);
    return rc;
}

static int bind_int_or_null(sqlite3_stmt *s, int i, int v)
{
    return v ? sqlite3_bind_int(s, i, v) : sqlite3_bind_null(s, i);
}

static int save_measures(vg_store *st, const vg_risk *r)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s, "DELETE FROM risk_measure WHERE risk_id = ?1");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, r->id);
    rc = sqlite3_step(s) == SQLITE_DONE
             ? VG_OK
             : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "risk_measure");
    sqlite3_finalize(s);
    if (rc != VG_OK)
        return rc;
    if ((rc = vg_sql_prepare(
             st, &s, "INSERT INTO risk_measure (risk_id, seq, text) VALUES (?1, ?2, ?3)")) != VG_OK)
        return rc;
    for (size_t i = 0; i < r->nmeasures && rc == VG_OK; i++) {
        sqlite3_reset(s);
        sqlite3_bind_int64(s, 1, r->id);
        sqlite3_bind_int(s, 2, (int)i + 1);
        vg_sql_bind_text(s, 3, r->measures[i]);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "risk_measure");
    }
    sqlite3_finalize(s);
    return rc;
}

static void audit_object(char *out, size_t cap, const char *slug, int num)
{
    snprintf(out, cap, "%s/R%d", slug, num);
}

/* Insert `r` into delegation `did` with the next number. */
static int insert_risk(vg_store *st, int64_t did, vg_risk *r)
{
    sqlite3_stmt *s = NULL;
    int64_t now = vg_now();
    int rc = vg_sql_prepare(st, &s,
                            "SELECT COALESCE(MAX(num), 0) + 1 FROM risk WHERE delegation_id = ?1");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    rc = sqlite3_step(s) == SQLITE_ROW ? VG_OK
                                       : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "risk");
    r->num = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if (rc != VG_OK)
        return rc;
    rc = vg_sql_prepare(
        st, &s,
        "INSERT INTO risk (delegation_id, num, category, scenario, place, exposed, owner,"
        " likelihood, impact, res_likelihood, res_impact, decision, to_review, origin,"
        " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
        " ?13, ?14, ?15, ?15)");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    sqlite3_bind_int(s, 2, r->num);
    vg_sql_bind_text(s, 3, r->category);
    vg_sql_bind_text(s, 4, r->scenario);
    vg_sql_bind_text(s, 5, r->where);
    vg_sql_bind_text(s, 6, r->exposed);
    vg_sql_bind_text(s, 7, r->owner);
    sqlite3_bind_int(s, 8, r->likelihood);
    sqlite3_bind_int(s, 9, r->impact);
    bind_int_or_null(s, 10, r->res_likelihood);
    bind_int_or_null(s, 11, r->res_impact);
    vg_sql_bind_text(s, 12, vg_risk_decision_key(r->decision));
    sqlite3_bind_int(s, 13, r->to_review);
    vg_sql_bind_text(s, 14, r->origin ? r->origin : "manual");
    sqlite3_bind_int64(s, 15, now);
    rc = sqlite3_step(s) == SQLITE_DONE ? VG_OK
                                        : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "risk");
    sqlite3_finalize(s);
    if (rc != VG_OK)
        return rc;
    r->id = sqlite3_last_insert_rowid(vg_store_db(st));
    r->created_at = r->updated_at = now;
    return save_measures(st, r);
}

int vg_risk_add(vg_store *st, const char *data_dir, const char *slug, vg_risk *r)
{
    vg_threat_categories *cats = NULL;
    int64_t did;
    char obj[96], detail[96];
    int rc;
    if ((rc = vg_model_delegation(st, slug, &did, NULL, NULL)) != VG_OK)
        return rc;
    if ((rc = vg_threat_categories_load(data_dir, &cats)) != VG_OK)
        return rc;
    rc = resolve_category(cats, r);
    if (rc == VG_OK)
        rc = vg_risk_check(cats, r);
    vg_threat_categories_free(cats);
    if (rc != VG_OK)
        return rc;
    r->to_review = 0;
    if ((rc = insert_risk(st, did, r)) != VG_OK)
        return rc;
    audit_object(obj, sizeof obj, slug, r->num);
    snprintf(detail, sizeof detail, "%s %dx%d", r->category, r->likelihood, r->impact);
    return vg_audit_append(st, "risk.add", obj, detail);
}

int vg_risk_update(vg_store *st, const char *data_dir, const char *slug, vg_risk *r, int *cleared)
{
    vg_threat_categories *cats = NULL;
    vg_risk *old = NULL;
    sqlite3_stmt *s = NULL;
    char ref[16], obj[96];
    int rc, changed;
    *cleared = 0;
    if ((rc = vg_threat_categories_load(data_dir, &cats)) != VG_OK)
        return rc;
    rc = resolve_category(cats, r);
    if (rc == VG_OK)
        rc = vg_risk_check(cats, r);
    vg_threat_categories_free(cats);
    if (rc != VG_OK)
        return rc;
    snprintf(ref, sizeof ref, "R%d", r->num);
    if ((rc = vg_risk_get(st, slug, ref, &old)) != VG_OK)
        return rc;
    /* an approval covers what was approved: scores, decision, measures */
    changed = old->likelihood != r->likelihood || old->impact != r->impact ||
              old->res_likelihood != r->res_likelihood || old->res_impact != r->res_impact ||
              old->decision != r->decision || old->nmeasures != r->nmeasures;
    for (size_t i = 0; !changed && i < r->nmeasures; i++)
        changed = strcmp(old->measures[i], r->measures[i]) != 0;
    if (changed && old->approved_by) {
        *cleared = 1;
        free(r->approved_by);
        r->approved_by = NULL;
        r->approved_at = 0;
    }
    r->id = old->id;
    r->to_review = 0;
    vg_risk_free(old);
    rc = vg_sql_prepare(
        st, &s,
        "UPDATE risk SET category = ?2, scenario = ?3, place = ?4, exposed = ?5, owner = ?6,"
        " likelihood = ?7, impact = ?8, res_likelihood = ?9, res_impact = ?10, decision = ?11,"
        " to_review = 0, review_incident = NULL, approved_by = ?12, approved_at = ?13,"
        " updated_at = ?14 WHERE id = ?1");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, r->id);
    vg_sql_bind_text(s, 2, r->category);
    vg_sql_bind_text(s, 3, r->scenario);
    vg_sql_bind_text(s, 4, r->where);
    vg_sql_bind_text(s, 5, r->exposed);
    vg_sql_bind_text(s, 6, r->owner);
    sqlite3_bind_int(s, 7, r->likelihood);
    sqlite3_bind_int(s, 8, r->impact);
    bind_int_or_null(s, 9, r->res_likelihood);
    bind_int_or_null(s, 10, r->res_impact);
    vg_sql_bind_text(s, 11, vg_risk_decision_key(r->decision));
    vg_sql_bind_text(s, 12, r->approved_by);
    if (r->approved_by)
        sqlite3_bind_int64(s, 13, r->approved_at);
    else
        sqlite3_bind_null(s, 13);
    r->updated_at = vg_now();
    sqlite3_bind_int64(s, 14, r->updated_at);
    rc = sqlite3_step(s) == SQLITE_DONE ? VG_OK
                                        : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "risk");
    sqlite3_finalize(s);
    if (rc == VG_OK)
        rc = save_measures(st, r);
    audit_object(obj, sizeof obj, slug, r->num);
    if (rc == VG_OK)
        rc = vg_audit_append(st, "risk.edit", obj, *cleared ? "approval cleared" : "");
    return rc;
}

int vg_risk_approve(vg_store *st, const char *slug, const char *ref, const char *by)
{
    vg_risk *r = NULL;
    sqlite3_stmt *s = NULL;
    char obj[96], detail[64];
    int rc;
    if ((rc = check_text(by, _("the approver's name"), 200, 1)) != VG_OK)
        return rc;
    if ((rc = vg_risk_get(st, slug, ref, &r)) != VG_OK)
        return rc;
    if (!vg_risk_residual(r)) {
        rc = vg_error_set(
            VG_EINVALID,
            _("R%d has no residual likelihood and impact yet: assess them with 'vigie risk edit' "
              "before approving"),
            r->num);
        goto done;
    }
    rc = vg_sql_prepare(st, &s,
                        "UPDATE risk SET approved_by = ?2, approved_at = ?3, to_review = 0,"
                        " review_incident = NULL, updated_at = ?3 WHERE id = ?1");
    if (rc != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, r->id);
    vg_sql_bind_text(s, 2, by);
    sqlite3_bind_int64(s, 3, vg_now());
    rc = sqlite3_step(s) == SQLITE_DONE ? VG_OK
                                        : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "risk");
    if (rc != VG_OK)
        goto done;
    audit_object(obj, sizeof obj, slug, r->num);
    snprintf(detail, sizeof detail, "residual %d %s", vg_risk_residual(r),
             vg_risk_band_key(vg_risk_band_of(vg_risk_residual(r))));
    rc = vg_audit_append(st, "risk.approve", obj, detail);
done:
    sqlite3_finalize(s);
    vg_risk_free(r);
    return rc;
}

/* ---- seeding from the country guide ---- */

int vg_risk_seed(vg_store *st, const char *data_dir, const char *slug, const char *lang,
                 vg_risk_seed_result *res)
{
    vg_threat_categories *cats = NULL;
    vg_guide *g = NULL;
    sqlite3_stmt *s = NULL;
    char country[3], origin[64], detail[96];
    int64_t did;
    int rc;

    memset(res, 0, sizeof *res);
    if ((rc = vg_model_delegation(st, slug, &did, country, NULL)) != VG_OK)
        return rc;
    if ((rc = vg_sql_prepare(
             st, &s,
             "SELECT count(*) FROM risk WHERE delegation_id = ?1 AND origin LIKE 'guide %'")) !=
        VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    rc = sqlite3_step(s) == SQLITE_ROW ? VG_OK
                                       : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "risk");
    if (rc == VG_OK && sqlite3_column_int(s, 0) > 0)
        rc = vg_error_set(
            VG_EEXISTS,
            _("the register of \"%s\" was already seeded from the country guide: add risks with "
              "'vigie risk add'"),
            slug);
    sqlite3_finalize(s);
    if (rc != VG_OK)
        return rc;
    if ((rc = vg_threat_categories_load(data_dir, &cats)) != VG_OK)
        return rc;
    if ((rc = vg_guide_get(st, data_dir, country, lang, &g)) != VG_OK)
        goto done;
    snprintf(origin, sizeof origin, "guide %s %s %s", g->country, g->lang, g->version);
    for (size_t i = 0; i < g->nthreats && rc == VG_OK; i++) {
        const vg_guide_threat *t = &g->threats[i];
        vg_risk r;
        char where[1024] = "";
        for (size_t k = 0; k < t->nregions; k++)
            snprintf(where + strlen(where), sizeof where - strlen(where), "%s%s", k ? ", " : "",
                     t->regions[k]);
        memset(&r, 0, sizeof r);
        r.category = (char *)t->category;
        r.scenario = (char *)t->description;
        r.where = t->nregions ? where : NULL;
        r.likelihood = t->likelihood;
        r.impact = t->impact;
        r.to_review = 1;
        r.origin = origin;
        if (strlen(where) > 1000) { /* the register's limit; the guide keeps the full list */
            size_t cut = 1000;
            while (cut > 0 && ((unsigned char)where[cut] & 0xc0) == 0x80)
                cut--;
            where[cut] = '\0';
        }
        if ((rc = vg_risk_check(cats, &r)) == VG_OK)
            rc = insert_risk(st, did, &r);
        if (rc == VG_OK)
            res->added++;
    }
    if (rc != VG_OK)
        goto done;
    memcpy(res->country, g->country, 3);
    memcpy(res->lang, g->lang, 3);
    snprintf(res->version, sizeof res->version, "%s", g->version);
    snprintf(detail, sizeof detail, "%zu risks from %s", res->added, origin);
    rc = vg_audit_append(st, "risk.seed", slug, detail);
done:
    vg_guide_free(g);
    vg_threat_categories_free(cats);
    return rc;
}

/* ---- departure ---- */

int vg_risk_readiness_get(vg_store *st, const char *slug, vg_risk_readiness *out)
{
    vg_risk **list = NULL;
    size_t n = 0;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = vg_risk_list(st, slug, &list, &n)) != VG_OK)
        return rc;
    out->total = n;
    for (size_t i = 0; i < n; i++) {
        const vg_risk *r = list[i];
        vg_risk_band b = vg_risk_band_of(vg_risk_residual(r));
        out->to_review += r->to_review != 0;
        out->unassessed += vg_risk_residual(r) == 0;
        if (b == VG_BAND_CRITICAL || (b == VG_BAND_HIGH && !r->approved_by)) {
            size_t k = strlen(out->blocking);
            if (b == VG_BAND_CRITICAL)
                out->residual_critical++;
            else
                out->high_unapproved++;
            snprintf(out->blocking + k, sizeof out->blocking - k, "%sR%d", k ? ", " : "", r->num);
        }
    }
    vg_risk_list_free(list, n);
    return VG_OK;
}

/* 1 if the words of `needle` appear in a row among the words of `hay`
 * (both matching keys: words joined by single spaces). */
static int has_words(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (n < 3)
        return 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        if ((p == hay || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return 1;
    return 0;
}

/* The matching key of a region's main name: before " (", " :", ",". */
static char *core_key(const char *name)
{
    size_t n = strcspn(name, "(:,");
    char *cut = strndup(name, n), *k;
    if (!cut)
        return NULL;
    k = vg_text_key(cut, VG_KEY_NAME);
    free(cut);
    return k;
}

void vg_advisory_hits_free(vg_advisory_hit *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].region);
        free(v[i].visited);
        free(v[i].wording);
        free(v[i].note);
    }
    free(v);
}

static int add_hit(vg_advisory_hit **v, size_t *n, int level, const char *region,
                   const char *visited, const char *wording, const char *note)
{
    vg_advisory_hit *p = realloc(*v, (*n + 1) * sizeof *p), *h;
    if (!p)
        return vg_error_oom();
    *v = p;
    h = &p[*n];
    memset(h, 0, sizeof *h);
    h->level = level;
    if ((region && !(h->region = strdup(region))) || (visited && !(h->visited = strdup(visited))) ||
        (wording && !(h->wording = strdup(wording))) || (note && !(h->note = strdup(note)))) {
        (*n)++;
        return vg_error_oom();
    }
    (*n)++;
    return VG_OK;
}

int vg_risk_advisory(vg_store *st, const char *data_dir, const vg_delegation *d, const char *lang,
                     vg_advisory_hit **out, size_t *n)
{
    vg_guide *g = NULL;
    char **gkey = NULL, **gcore = NULL;
    int rc, *hit = NULL;
    size_t nr;
    *out = NULL;
    *n = 0;
    if ((rc = vg_guide_get(st, data_dir, d->country, lang, &g)) != VG_OK)
        return rc;
    nr = g->advisory.nregions;
    if (g->advisory.level >= 3)
        rc = add_hit(out, n, g->advisory.level, NULL, NULL, g->advisory.wording, NULL);
    gkey = calloc(nr + 1, sizeof *gkey);
    gcore = calloc(nr + 1, sizeof *gcore);
    hit = calloc(nr + 1, sizeof *hit);
    if (!gkey || !gcore || !hit)
        rc = vg_error_oom();
    for (size_t i = 0; i < nr && rc == VG_OK; i++)
        if (!(gkey[i] = vg_text_key(g->advisory.regions[i].name, VG_KEY_NAME)) ||
            !(gcore[i] = core_key(g->advisory.regions[i].name)))
            rc = vg_error_oom();
    /* For each region visited: the guide's advisory areas of level 3 or 4
     * it lies in, wholly or partly; for a guide without divisions, those whose
     * main name is the same ("Cauca" -> "Cauca (département)"); if none,
     * those that name it or that it names, on the safe side. */
    for (size_t k = 0; k < d->nregions && rc == VG_OK; k++) {
        char *vkey, *vcore;
        int exact = 0;
        vg_guide_place pl;
        /* the guide's divisions say exactly where the region lies */
        if (g->ndivisions && vg_guide_place_find(g, d->regions[k], &pl) == VG_OK) {
            vg_guide_area *a = NULL;
            size_t na = 0;
            if ((rc = vg_guide_place_areas(g, &pl, &a, &na)) != VG_OK)
                break;
            for (size_t i = 0; i < na; i++)
                if (g->advisory.regions[a[i].region].level >= 3 && !hit[a[i].region])
                    hit[a[i].region] = (int)k + 1;
            free(a);
            continue;
        }
        /* a region stored before the guide had divisions: on the safe side */
        vkey = vg_text_key(d->regions[k], VG_KEY_NAME);
        vcore = core_key(d->regions[k]);
        if (!vkey || !vcore)
            rc = vg_error_oom();
        for (size_t i = 0; i < nr && rc == VG_OK; i++)
            if (g->advisory.regions[i].level >= 3 && *vcore && !strcmp(gcore[i], vcore))
                exact = 1, hit[i] = hit[i] ? hit[i] : (int)k + 1;
        for (size_t i = 0; i < nr && rc == VG_OK && !exact; i++)
            if (g->advisory.regions[i].level >= 3 &&
                (has_words(gkey[i], vcore) || has_words(vkey, gcore[i])))
                hit[i] = hit[i] ? hit[i] : (int)k + 1;
        free(vkey);
        free(vcore);
    }
    for (size_t i = 0; i < nr && rc == VG_OK; i++)
        if (hit[i]) {
            const vg_guide_region *r = &g->advisory.regions[i];
            rc = add_hit(out, n, r->level, r->name, d->regions[hit[i] - 1], r->wording, r->note);
        }
    for (size_t i = 0; gkey && gcore && i < nr; i++) {
        free(gkey[i]);
        free(gcore[i]);
    }
    free(gkey);
    free(gcore);
    free(hit);
    vg_guide_free(g);
    if (rc != VG_OK) {
        vg_advisory_hits_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
