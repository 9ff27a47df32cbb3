/* The incident register: the immediate report, reading it back, closing it
 * with the post-incident report, purge and access. The timeline is
 * timeline.c, the alert's history from_alert.c, the seal seal.c. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/error.h>
#include <vigie/incident.h>
#include <vigie/participant.h>
#include <vigie/risk.h>

#include "delegation/delegation_internal.h"
#include "incident/incident_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"
#include "util/text.h"

#define MAX_PEOPLE 32

static void audit_object(char *out, size_t cap, const char *slug, int num)
{
    snprintf(out, cap, "%s/I%d", slug, num);
}

/* Check one optional text of the report. */
static int check_text(const char *t, const char *what, size_t max, int multiline, int required)
{
    if (!t || !*t)
        return required ? vg_error_set(VG_EINVALID, _("the incident needs %s"), what) : VG_OK;
    return vg_text_check(t, what, max, multiline);
}

int vg_inc_resolve(vg_store *st, const char *slug, const char *ref, int64_t *id, int *num,
                   int *sealed, int64_t *closed)
{
    sqlite3_stmt *s = NULL;
    int64_t did;
    int rc, n = 0;
    const char *p = ref;
    if ((rc = vg_model_delegation(st, slug, &did, NULL, NULL)) != VG_OK)
        return rc;
    if (p && (*p == 'I' || *p == 'i'))
        p++;
    for (const char *q = p; q && *q; q++) {
        if (*q < '0' || *q > '9' || n > 1000000) {
            n = 0;
            break;
        }
        n = n * 10 + (*q - '0');
    }
    if (n <= 0)
        return vg_error_set(VG_EINVALID, _("\"%s\" is not an incident reference (I1, I2...)"),
                            ref ? ref : "");
    if ((rc = vg_sql_prepare(st, &s,
                             "SELECT id, sealed, coalesce(closed, 0) FROM incident"
                             " WHERE delegation_id = ?1 AND num = ?2")) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    sqlite3_bind_int(s, 2, n);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        if (sealed)
            *sealed = sqlite3_column_int(s, 1);
        if (closed)
            *closed = sqlite3_column_int64(s, 2);
        if (num)
            *num = n;
        rc = VG_OK;
    } else if (rc == SQLITE_DONE)
        rc = vg_error_set(VG_ENOTFOUND,
                          _("delegation \"%s\" has no incident I%d (see 'vigie incident list %s')"),
                          slug, n, slug);
    else
        rc = vg_sql_fail(st, rc, "incident");
    sqlite3_finalize(s);
    return rc;
}

/* Insert the people of `r`: a participant of the delegation when the name
 * matches one, else an outside person whose name is kept (sealed with `k`). */
static int add_people(vg_store *st, const char *slug, int64_t id, const vg_secret *k,
                      const vg_incident_report *r, int64_t first_pid, const char *first_role)
{
    sqlite3_stmt *s = NULL;
    int rc = VG_OK, seq = 0;
    if (r->npeople > MAX_PEOPLE)
        return vg_error_set(VG_EINVALID, _("an incident names at most %d people"), MAX_PEOPLE);
    if ((rc = vg_sql_prepare(st, &s,
                             "INSERT INTO incident_person (incident_id, seq, participant_id, role,"
                             " name) VALUES (?1, ?2, ?3, ?4, ?5)")) != VG_OK)
        return rc;
    if (first_pid > 0) {
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int(s, 2, ++seq);
        sqlite3_bind_int64(s, 3, first_pid);
        vg_sql_bind_text(s, 4, first_role);
        sqlite3_bind_null(s, 5);
        rc = vg_sql_step_done(st, s, "incident person");
    }
    for (size_t i = 0; i < r->npeople && rc == VG_OK; i++) {
        const char *role = vg_incident_role_parse(r->person_roles ? r->person_roles[i] : NULL);
        const char *name = r->person_names[i];
        vg_participant *p = NULL;
        if (!role) {
            rc = vg_error_set(VG_EINVALID,
                              _("\"%s\" is not a role in an incident (affected, witness, reporter, "
                                "other)"),
                              r->person_roles && r->person_roles[i] ? r->person_roles[i] : "");
            break;
        }
        if ((rc = check_text(name, _("a name"), 200, 0, 1)) != VG_OK)
            break;
        rc = vg_participant_find(st, slug, name, &p);
        if (rc == VG_ENOTFOUND)
            rc = VG_OK;
        if (rc != VG_OK)
            break;
        if (p && p->id == first_pid) {
            vg_participant_free(p);
            continue;
        }
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int(s, 2, ++seq);
        if (p)
            sqlite3_bind_int64(s, 3, p->id);
        vg_sql_bind_text(s, 4, role);
        if (!p)
            rc = vg_inc_bind(s, 5, name, k, id, VG_TAG_PERSON + (uint32_t)seq);
        vg_participant_free(p);
        if (rc == VG_OK)
            rc = vg_sql_step_done(st, s, "incident person");
    }
    sqlite3_finalize(s);
    return rc;
}

/* The report's shared part: insert the incident, its people, the report
 * entry, flag the risks. `pid`: the alert's participant, or 0. */
static int insert(vg_store *st, const char *slug, const vg_incident_report *r, int64_t alert_id,
                  int64_t pid, int64_t *id_out, int *num_out, const vg_incident_category **cat_out)
{
    sqlite3_stmt *s = NULL;
    vg_secret *k = NULL;
    const vg_incident_category *cat = vg_incident_category_parse(r->category);
    vg_delegation *d = NULL;
    int64_t did, id = 0, occurred = r->occurred ? r->occurred : vg_now();
    int rc, num = 0, sealed;
    char obj[96], detail[96];
    size_t flagged = 0;

    if (!cat)
        return vg_error_set(VG_EINVALID,
                            _("\"%s\" is not an incident category (see 'vigie incident add "
                              "--help')"),
                            r->category ? r->category : "");
    if (r->severity < VG_SEVERITY_MIN || r->severity > VG_SEVERITY_MAX)
        return vg_error_set(VG_EINVALID, "%s", _("an incident needs a severity from 1 to 5"));
    if ((rc = check_text(r->what, _("what happened"), 4000, 1, 1)) != VG_OK ||
        (rc = check_text(r->done, _("what has been done"), 4000, 1, 0)) != VG_OK ||
        (rc = check_text(r->help, _("the help needed"), 2000, 1, 0)) != VG_OK ||
        (rc = check_text(r->region, _("the region"), 100, 0, 0)) != VG_OK ||
        (rc = check_text(r->place, _("the place"), 200, 0, 0)) != VG_OK ||
        (rc = check_text(r->reported_by, _("who reported it"), 200, 0, 0)) != VG_OK)
        return rc;
    if (occurred > vg_now() + 300)
        return vg_error_set(VG_EINVALID, "%s", _("an incident cannot happen in the future"));
    if ((rc = vg_delegation_get(st, slug, &d)) != VG_OK)
        return rc;
    did = d->id;
    sealed = cat->sensitive || r->seal;
    if (sealed && (rc = vg_inc_key(st, &k)) != VG_OK)
        goto done;
    if ((rc = vg_sql_prepare(st, &s,
                             "SELECT coalesce(max(num), 0) + 1 FROM incident"
                             " WHERE delegation_id = ?1")) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, did);
    if (sqlite3_step(s) != SQLITE_ROW) {
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "incident");
        goto done;
    }
    num = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    /* the row first (its id binds the seals), then the sealed texts */
    if ((rc = vg_sql_prepare(st, &s,
                             "INSERT INTO incident (delegation_id, num, near_miss, category,"
                             " severity, occurred, reported, country, region, reported_by, sealed,"
                             " alert_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                             " ?12)")) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, did);
    sqlite3_bind_int(s, 2, num);
    sqlite3_bind_int(s, 3, r->near_miss != 0);
    vg_sql_bind_text(s, 4, cat->key);
    sqlite3_bind_int(s, 5, r->severity);
    sqlite3_bind_int64(s, 6, occurred);
    sqlite3_bind_int64(s, 7, vg_now());
    vg_sql_bind_text(s, 8, d->country);
    vg_sql_bind_text(s, 9, r->region && *r->region ? r->region : NULL);
    vg_sql_bind_text(s, 10, r->reported_by && *r->reported_by ? r->reported_by : vg_actor());
    sqlite3_bind_int(s, 11, sealed);
    if (alert_id > 0)
        sqlite3_bind_int64(s, 12, alert_id);
    if ((rc = vg_sql_step_done(st, s, "incident")) != VG_OK) {
        if (alert_id > 0 && sqlite3_extended_errcode(vg_store_db(st)) == SQLITE_CONSTRAINT_UNIQUE)
            rc = vg_error_set(VG_EEXISTS, _("alert %lld is already an incident"),
                              (long long)alert_id);
        goto done;
    }
    id = sqlite3_last_insert_rowid(vg_store_db(st));
    sqlite3_finalize(s);
    if ((rc = vg_sql_prepare(st, &s,
                             "UPDATE incident SET place = ?2, what = ?3, done = ?4, help = ?5"
                             " WHERE id = ?1")) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, id);
    if ((rc = vg_inc_bind(s, 2, r->place, k, id, VG_TAG_PLACE)) != VG_OK ||
        (rc = vg_inc_bind(s, 3, r->what, k, id, VG_TAG_WHAT)) != VG_OK ||
        (rc = vg_inc_bind(s, 4, r->done, k, id, VG_TAG_DONE)) != VG_OK ||
        (rc = vg_inc_bind(s, 5, r->help, k, id, VG_TAG_HELP)) != VG_OK ||
        (rc = vg_sql_step_done(st, s, "incident")) != VG_OK)
        goto done;
    if ((rc = add_people(st, slug, id, k, r, pid, "affected")) != VG_OK ||
        (rc = vg_inc_log_add(st, k, id, vg_now(), VG_ENTRY_REPORT, r->reported_by, NULL)) != VG_OK)
        goto done;
    /* what happened says the risk assessment may be wrong */
    if ((rc = vg_risk_flag_incident(st, slug, cat->threat, num, &flagged)) != VG_OK)
        goto done;
    sqlite3_finalize(s);
    if ((rc = vg_sql_prepare(st, &s, "UPDATE incident SET risk_flagged = ?2 WHERE id = ?1")) !=
        VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)flagged);
    if ((rc = vg_sql_step_done(st, s, "incident")) != VG_OK)
        goto done;
    audit_object(obj, sizeof obj, slug, num);
    snprintf(detail, sizeof detail, "%s%s severity %d%s", cat->key,
             r->near_miss ? " near-miss" : "", r->severity, sealed ? " sealed" : "");
    rc = vg_audit_append(st, alert_id > 0 ? "incident.from_alert" : "incident.add", obj, detail);
done:
    sqlite3_finalize(s);
    vg_secret_free(k);
    vg_delegation_free(d);
    if (rc == VG_OK) {
        *id_out = id;
        *num_out = num;
        if (cat_out)
            *cat_out = cat;
    }
    return rc;
}

int vg_incident_add(vg_store *st, const char *slug, const vg_incident_report *r, int *num_out)
{
    int64_t id;
    int num, rc = insert(st, slug, r, 0, 0, &id, &num, NULL);
    if (rc == VG_OK && num_out)
        *num_out = num;
    return rc;
}

/* Used by from_alert.c. */
int vg_inc_insert(vg_store *st, const char *slug, const vg_incident_report *r, int64_t alert_id,
                  int64_t pid, int64_t *id_out, int *num_out)
{
    return insert(st, slug, r, alert_id, pid, id_out, num_out, NULL);
}

/* ---- reading ---- */

#define INC_COLUMNS                                                                                \
    "i.id, i.num, d.slug, i.near_miss, i.category, i.severity, i.occurred, i.reported,"            \
    " i.country, i.region, i.place, i.what, i.done, i.help, i.reported_by, i.sealed, i.purged,"    \
    " coalesce(i.alert_id, 0), coalesce(i.closed, 0), i.causes, i.procedures, i.procedures_note,"  \
    " i.changes, i.support, i.closed_by, i.risk_flagged"

void vg_incident_free(vg_incident *i)
{
    if (!i)
        return;
    char **texts[] = {&i->region,  &i->place,       &i->what,     &i->done,
                      &i->help,    &i->reported_by, &i->causes,   &i->procedures_note,
                      &i->changes, &i->support,     &i->closed_by};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
        if (*texts[t]) {
            sodium_memzero(*texts[t], strlen(*texts[t]));
            free(*texts[t]);
        }
    for (size_t p = 0; p < i->npeople; p++) {
        free(i->people[p].role);
        if (i->people[p].name) {
            sodium_memzero(i->people[p].name, strlen(i->people[p].name));
            free(i->people[p].name);
        }
    }
    free(i->people);
    free(i);
}

void vg_incident_list_free(vg_incident **list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        vg_incident_free(list[i]);
    free(list);
}

/* The people of incident `inc`: names of outside people opened with `k`;
 * participants' names from the delegation when `names` (not sealed, or
 * revealed). */
static int load_people(vg_store *st, vg_incident *inc, const vg_secret *k, int names)
{
    sqlite3_stmt *s = NULL;
    vg_participant **ps = NULL;
    size_t np = 0;
    int rc, src;
    if (names && (rc = vg_participant_list(st, inc->slug, &ps, &np)) != VG_OK)
        return rc;
    if ((rc = vg_sql_prepare(st, &s,
                             "SELECT seq, coalesce(participant_id, 0), role, name FROM"
                             " incident_person WHERE incident_id = ?1 ORDER BY seq")) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, inc->id);
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        vg_incident_person *g = realloc(inc->people, (inc->npeople + 1) * sizeof *g), *p;
        if (!g) {
            rc = vg_error_oom();
            goto done;
        }
        inc->people = g;
        p = &g[inc->npeople++];
        memset(p, 0, sizeof *p);
        p->participant_id = sqlite3_column_int64(s, 1);
        if (!(p->role = vg_sql_col_dup(s, 2))) {
            rc = vg_error_oom();
            goto done;
        }
        if (p->participant_id > 0) {
            for (size_t j = 0; names && j < np; j++)
                if (ps[j]->id == p->participant_id && !ps[j]->purged && ps[j]->v[VG_PF_NAME])
                    p->name = strdup(ps[j]->v[VG_PF_NAME]);
        } else if (names && (rc = vg_inc_col(s, 3, k, inc->id,
                                             VG_TAG_PERSON + (uint32_t)sqlite3_column_int(s, 0),
                                             &p->name)) != VG_OK)
            goto done;
    }
    rc = src == SQLITE_DONE ? VG_OK : vg_sql_fail(st, src, "incident person");
done:
    sqlite3_finalize(s);
    vg_participant_list_free(ps, np);
    return rc;
}

/* Read the current row of an INC_COLUMNS query. `k`: open sealed texts. */
static int read_row(vg_store *st, sqlite3_stmt *s, const vg_secret *k, vg_incident **out)
{
    vg_incident *i = calloc(1, sizeof *i);
    int rc = VG_OK;
    const unsigned char *t;
    *out = NULL;
    if (!i)
        return vg_error_oom();
    i->id = sqlite3_column_int64(s, 0);
    i->num = sqlite3_column_int(s, 1);
    snprintf(i->slug, sizeof i->slug, "%s", sqlite3_column_text(s, 2));
    i->near_miss = sqlite3_column_int(s, 3);
    snprintf(i->category, sizeof i->category, "%s", sqlite3_column_text(s, 4));
    i->severity = sqlite3_column_int(s, 5);
    i->occurred = sqlite3_column_int64(s, 6);
    i->reported = sqlite3_column_int64(s, 7);
    t = sqlite3_column_text(s, 8);
    snprintf(i->country, sizeof i->country, "%s", t ? (const char *)t : "");
    i->region = vg_sql_col_dup(s, 9);
    i->sealed = sqlite3_column_int(s, 15);
    i->purged = sqlite3_column_int(s, 16);
    i->alert_id = sqlite3_column_int64(s, 17);
    i->closed = sqlite3_column_int64(s, 18);
    i->procedures = (vg_incident_procedures)sqlite3_column_int(s, 20);
    i->reported_by = vg_sql_col_dup(s, 14);
    i->closed_by = vg_sql_col_dup(s, 24);
    i->risk_flagged = sqlite3_column_int64(s, 25);
    if ((rc = vg_inc_col(s, 10, k, i->id, VG_TAG_PLACE, &i->place)) != VG_OK ||
        (rc = vg_inc_col(s, 11, k, i->id, VG_TAG_WHAT, &i->what)) != VG_OK ||
        (rc = vg_inc_col(s, 12, k, i->id, VG_TAG_DONE, &i->done)) != VG_OK ||
        (rc = vg_inc_col(s, 13, k, i->id, VG_TAG_HELP, &i->help)) != VG_OK ||
        (rc = vg_inc_col(s, 19, k, i->id, VG_TAG_CAUSES, &i->causes)) != VG_OK ||
        (rc = vg_inc_col(s, 21, k, i->id, VG_TAG_PROC_NOTE, &i->procedures_note)) != VG_OK ||
        (rc = vg_inc_col(s, 22, k, i->id, VG_TAG_CHANGES, &i->changes)) != VG_OK ||
        (rc = vg_inc_col(s, 23, k, i->id, VG_TAG_SUPPORT, &i->support)) != VG_OK)
        goto done;
    i->revealed = k != NULL;
    rc = load_people(st, i, k, !i->sealed || k);
done:
    if (rc != VG_OK)
        vg_incident_free(i);
    else
        *out = i;
    return rc;
}

static int get_by_id(vg_store *st, int64_t id, const vg_secret *k, vg_incident **out)
{
    sqlite3_stmt *s = NULL;
    int rc;
    if ((rc = vg_sql_prepare(st, &s,
                             "SELECT " INC_COLUMNS " FROM incident i JOIN delegation d ON"
                             " d.id = i.delegation_id WHERE i.id = ?1")) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        /* read_row prepares its own statements: this one stays on its row */
        rc = read_row(st, s, k, out);
    } else
        rc = rc == SQLITE_DONE ? vg_error_set(VG_ENOTFOUND, "%s", _("no such incident"))
                               : vg_sql_fail(st, rc, "incident");
    sqlite3_finalize(s);
    return rc;
}

int vg_incident_get(vg_store *st, const char *slug, const char *ref, vg_incident **out)
{
    int64_t id;
    int rc;
    *out = NULL;
    if ((rc = vg_inc_resolve(st, slug, ref, &id, NULL, NULL, NULL)) != VG_OK)
        return rc;
    return get_by_id(st, id, NULL, out);
}

int vg_incident_reveal(vg_store *st, const char *slug, const char *ref, const vg_secret *pass,
                       vg_incident **out)
{
    vg_secret *k = NULL;
    int64_t id;
    int num, rc;
    char obj[96];
    *out = NULL;
    if ((rc = vg_inc_resolve(st, slug, ref, &id, &num, NULL, NULL)) != VG_OK)
        return rc;
    audit_object(obj, sizeof obj, slug, num);
    if ((rc = vg_store_verify_passphrase(st, pass)) != VG_OK) {
        vg_error_state e;
        vg_error_save(&e, rc);
        if (rc == VG_EAUTH && vg_audit_append(st, "incident.reveal_refused", obj, "") != VG_OK)
            return VG_ERROR;
        return vg_error_restore(&e);
    }
    if ((rc = vg_inc_key(st, &k)) == VG_OK && (rc = get_by_id(st, id, k, out)) == VG_OK &&
        (rc = vg_audit_append(st, "incident.reveal", obj, "")) != VG_OK) {
        vg_incident_free(*out);
        *out = NULL;
    }
    vg_secret_free(k);
    return rc;
}

static int list_query(vg_store *st, const char *sql, int64_t bind, const vg_secret *k,
                      vg_incident ***out, size_t *n)
{
    sqlite3_stmt *s = NULL;
    vg_incident **list = NULL;
    size_t count = 0;
    int rc = VG_OK, src;
    *out = NULL;
    *n = 0;
    if ((rc = vg_sql_prepare(st, &s, sql)) != VG_OK)
        return rc;
    if (bind)
        sqlite3_bind_int64(s, 1, bind);
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        vg_incident **g = realloc(list, (count + 1) * sizeof *g);
        if (!g) {
            rc = vg_error_oom();
            break;
        }
        list = g;
        if ((rc = read_row(st, s, k, &list[count])) != VG_OK)
            break;
        count++;
    }
    if (rc == VG_OK && src != SQLITE_DONE)
        rc = vg_sql_fail(st, src, "incident");
    sqlite3_finalize(s);
    if (rc != VG_OK) {
        vg_incident_list_free(list, count);
        return rc;
    }
    *out = list;
    *n = count;
    return VG_OK;
}

int vg_incident_list(vg_store *st, const char *slug, vg_incident ***out, size_t *n)
{
    int64_t did = 0;
    int rc;
    if (slug && (rc = vg_model_delegation(st, slug, &did, NULL, NULL)) != VG_OK)
        return rc;
    if (slug)
        return list_query(st,
                          "SELECT " INC_COLUMNS " FROM incident i JOIN delegation d ON"
                          " d.id = i.delegation_id WHERE i.delegation_id = ?1"
                          " ORDER BY i.occurred DESC, i.num DESC",
                          did, NULL, out, n);
    return list_query(st,
                      "SELECT " INC_COLUMNS " FROM incident i JOIN delegation d ON"
                      " d.id = i.delegation_id ORDER BY i.occurred DESC, i.id DESC",
                      0, NULL, out, n);
}

/* ---- closing ---- */

int vg_incident_close(vg_store *st, const char *slug, const char *ref, const vg_incident_closing *c)
{
    sqlite3_stmt *s = NULL;
    vg_secret *k = NULL;
    int64_t id, closed;
    int num, sealed, rc;
    char obj[96], detail[48];
    if ((rc = vg_inc_resolve(st, slug, ref, &id, &num, &sealed, &closed)) != VG_OK)
        return rc;
    if (closed)
        return vg_error_set(VG_EEXISTS, _("incident I%d is already closed"), num);
    if ((rc = check_text(c->causes, _("its causes"), 4000, 1, 1)) != VG_OK ||
        (rc = check_text(c->changes, _("the changes it calls for"), 4000, 1, 1)) != VG_OK ||
        (rc = check_text(c->support, _("the support offered to the people affected"), 4000, 1,
                         1)) != VG_OK ||
        (rc = check_text(c->procedures_note, _("the note on procedures"), 2000, 1, 0)) != VG_OK ||
        (rc = check_text(c->by, _("who closed it"), 200, 0, 0)) != VG_OK)
        return rc;
    if (c->procedures < VG_PROC_YES || c->procedures > VG_PROC_NO)
        return vg_error_set(VG_EINVALID, "%s",
                            _("the incident needs to say whether procedures were followed (yes, "
                              "partly or no)"));
    if (sealed && (rc = vg_inc_key(st, &k)) != VG_OK)
        return rc;
    if ((rc = vg_sql_prepare(st, &s,
                             "UPDATE incident SET closed = ?2, causes = ?3, procedures = ?4,"
                             " procedures_note = ?5, changes = ?6, support = ?7, closed_by = ?8"
                             " WHERE id = ?1")) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, vg_now());
    sqlite3_bind_int(s, 4, (int)c->procedures);
    vg_sql_bind_text(s, 8, c->by && *c->by ? c->by : vg_actor());
    if ((rc = vg_inc_bind(s, 3, c->causes, k, id, VG_TAG_CAUSES)) != VG_OK ||
        (rc = vg_inc_bind(s, 5, c->procedures_note, k, id, VG_TAG_PROC_NOTE)) != VG_OK ||
        (rc = vg_inc_bind(s, 6, c->changes, k, id, VG_TAG_CHANGES)) != VG_OK ||
        (rc = vg_inc_bind(s, 7, c->support, k, id, VG_TAG_SUPPORT)) != VG_OK ||
        (rc = vg_sql_step_done(st, s, "incident")) != VG_OK)
        goto done;
    if ((rc = vg_inc_log_add(st, k, id, vg_now(), VG_ENTRY_CLOSE, c->by, NULL)) != VG_OK)
        goto done;
    audit_object(obj, sizeof obj, slug, num);
    snprintf(detail, sizeof detail, "procedures %s", vg_incident_procedures_name(c->procedures));
    rc = vg_audit_append(st, "incident.close", obj, detail);
done:
    sqlite3_finalize(s);
    vg_secret_free(k);
    return rc;
}

/* ---- purge and access ---- */

static int exec_id(vg_store *st, const char *sql, int64_t id)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s, sql);
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    rc = vg_sql_step_done(st, s, "incident purge");
    sqlite3_finalize(s);
    return rc;
}

int vg_incident_purge_participant(vg_store *st, int64_t participant_id)
{
    sqlite3_stmt *s = NULL;
    int64_t *ids = NULL;
    size_t n = 0;
    int rc, src;
    if ((rc = exec_id(st,
                      "UPDATE incident_person SET purged = 1, name = NULL"
                      " WHERE participant_id = ?1",
                      participant_id)) != VG_OK)
        return rc;
    /* incidents of this person where nobody involved is left unpurged */
    if ((rc = vg_sql_prepare(st, &s,
                             "SELECT DISTINCT p.incident_id FROM incident_person p"
                             " JOIN incident i ON i.id = p.incident_id WHERE p.participant_id = ?1"
                             " AND i.purged = 0 AND NOT EXISTS (SELECT 1 FROM incident_person q"
                             " WHERE q.incident_id = p.incident_id AND q.participant_id IS NOT"
                             " NULL AND q.purged = 0)")) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, participant_id);
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t *g = realloc(ids, (n + 1) * sizeof *g);
        if (!g) {
            rc = vg_error_oom();
            break;
        }
        ids = g;
        ids[n++] = sqlite3_column_int64(s, 0);
    }
    if (rc == VG_OK && src != SQLITE_DONE)
        rc = vg_sql_fail(st, src, "incident purge");
    sqlite3_finalize(s);
    for (size_t i = 0; i < n && rc == VG_OK; i++) {
        /* the narrative goes; category, severity, country, region, dates and
         * the analysis's yes/partly/no stay as anonymous history */
        rc = exec_id(st,
                     "UPDATE incident SET purged = 1, place = NULL, what = NULL, done = NULL,"
                     " help = NULL, causes = NULL, procedures_note = NULL, changes = NULL,"
                     " support = NULL WHERE id = ?1",
                     ids[i]);
        if (rc == VG_OK)
            rc = exec_id(st, "UPDATE incident_person SET name = NULL WHERE incident_id = ?1",
                         ids[i]);
        if (rc == VG_OK)
            rc = exec_id(st, "UPDATE incident_log SET text = NULL WHERE incident_id = ?1", ids[i]);
    }
    free(ids);
    return rc;
}

int vg_incident_of_participant(vg_store *st, int64_t participant_id, vg_incident ***out, size_t *n)
{
    vg_secret *k = NULL;
    int rc = vg_inc_key(st, &k);
    if (rc == VG_OK)
        rc = list_query(st,
                        "SELECT " INC_COLUMNS " FROM incident i JOIN delegation d ON"
                        " d.id = i.delegation_id WHERE i.id IN (SELECT incident_id FROM"
                        " incident_person WHERE participant_id = ?1) ORDER BY i.occurred",
                        participant_id, k, out, n);
    vg_secret_free(k);
    return rc;
}

/* ---- counts ---- */

int vg_incident_counts(vg_store *st, int year, vg_incident_count **out, size_t *n)
{
    sqlite3_stmt *s = NULL;
    vg_incident_count *v = NULL;
    size_t count = 0;
    int rc = VG_OK, src;
    *out = NULL;
    *n = 0;
    if ((rc = vg_sql_prepare(st, &s,
                             "SELECT CAST(strftime('%Y', occurred, 'unixepoch') AS INTEGER) AS y,"
                             " category, severity, country, near_miss, count(*) FROM incident"
                             " WHERE ?1 = 0 OR y = ?1"
                             " GROUP BY y, category, severity, country, near_miss"
                             " ORDER BY y, category, severity, country, near_miss")) != VG_OK)
        return rc;
    sqlite3_bind_int(s, 1, year);
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        vg_incident_count *g = realloc(v, (count + 1) * sizeof *g);
        if (!g) {
            rc = vg_error_oom();
            break;
        }
        v = g;
        memset(&v[count], 0, sizeof v[count]);
        v[count].year = sqlite3_column_int(s, 0);
        snprintf(v[count].category, sizeof v[count].category, "%s", sqlite3_column_text(s, 1));
        v[count].severity = sqlite3_column_int(s, 2);
        snprintf(v[count].country, sizeof v[count].country, "%s", sqlite3_column_text(s, 3));
        v[count].near_miss = sqlite3_column_int(s, 4);
        v[count].count = (size_t)sqlite3_column_int64(s, 5);
        count++;
    }
    if (rc == VG_OK && src != SQLITE_DONE)
        rc = vg_sql_fail(st, src, "incident counts");
    sqlite3_finalize(s);
    if (rc != VG_OK) {
        free(v);
        return rc;
    }
    *out = v;
    *n = count;
    return VG_OK;
}
