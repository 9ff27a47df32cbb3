/* Participants and their emergency profiles.
 *
 * Each field of the profile (delegation/fields.c) is a TEXT column of the same
 * name in `participant`, holding the normal form. The SQL below is built
 * from that table's keys, which are constants of the program, never input.
 * name_key is the name folded for matching (util/text.c: case, accents and
 * punctuation ignored); it is unique in a delegation and NULL once purged. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>

#include "delegation/delegation_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"
#include "util/text.h"

#define FIXED_COLS 4 /* id, delegation_id, purged, has_pol */

static char select_sql[2048];
static char update_sql[2048];
static char insert_sql[2048];

static void build_sql(void)
{
    const vg_pfield_info *f = vg_participant_fields();
    size_t a, b, c;
    if (select_sql[0])
        return;
    a = (size_t)snprintf(select_sql, sizeof select_sql,
                         "SELECT p.id, p.delegation_id, p.purged, EXISTS (SELECT 1 FROM"
                         " participant_pol q WHERE q.participant_id = p.id)");
    b = (size_t)snprintf(update_sql, sizeof update_sql, "UPDATE participant SET name_key = ?2");
    c = (size_t)snprintf(insert_sql, sizeof insert_sql,
                         "INSERT INTO participant (delegation_id, name_key, created");
    for (int i = 0; i < VG_PF_COUNT; i++) {
        a += (size_t)snprintf(select_sql + a, sizeof select_sql - a, ", p.%s", f[i].key);
        b += (size_t)snprintf(update_sql + b, sizeof update_sql - b, ", %s = ?%d", f[i].key, i + 3);
        c += (size_t)snprintf(insert_sql + c, sizeof insert_sql - c, ", %s", f[i].key);
    }
    snprintf(select_sql + a, sizeof select_sql - a, " FROM participant p");
    snprintf(update_sql + b, sizeof update_sql - b, " WHERE id = ?1");
    c += (size_t)snprintf(insert_sql + c, sizeof insert_sql - c, ") VALUES (?1, ?2, ?3");
    for (int i = 0; i < VG_PF_COUNT; i++)
        c += (size_t)snprintf(insert_sql + c, sizeof insert_sql - c, ", ?%d", i + 4);
    snprintf(insert_sql + c, sizeof insert_sql - c, ")");
}

static int read_row(sqlite3_stmt *s, vg_participant **out)
{
    vg_participant *p = calloc(1, sizeof *p);
    if (!p)
        return vg_error_oom();
    p->id = sqlite3_column_int64(s, 0);
    p->delegation_id = sqlite3_column_int64(s, 1);
    p->purged = sqlite3_column_int(s, 2);
    p->has_pol = sqlite3_column_int(s, 3);
    for (int i = 0; i < VG_PF_COUNT; i++) {
        const unsigned char *t = sqlite3_column_text(s, FIXED_COLS + i);
        if (t && !(p->v[i] = strdup((const char *)t))) {
            vg_participant_free(p);
            return vg_error_oom();
        }
    }
    *out = p;
    return VG_OK;
}

/* Run a prepared SELECT of participants and collect the rows. */
static int collect(vg_store *st, sqlite3_stmt *s, vg_participant ***out, size_t *n)
{
    vg_participant **list = NULL;
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        vg_participant **g = realloc(list, (count + 1) * sizeof *g);
        if (!g) {
            rc = vg_error_oom();
            goto done;
        }
        list = g;
        if ((rc = read_row(s, &list[count])) != VG_OK)
            goto done;
        count++;
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "participant");
done:
    if (rc != VG_OK) {
        vg_participant_list_free(list, count);
        return rc;
    }
    *out = list;
    *n = count;
    return VG_OK;
}

/* Normalise every set field of `p` in place (the strings are p's own).
 * The message of a bad field starts with the field's name. */
static int normalise_all(vg_participant *p, const char *country)
{
    for (int i = 0; i < VG_PF_COUNT; i++) {
        char *norm = NULL;
        int rc;
        if (!p->v[i])
            continue;
        rc = vg_field_normalise_for((vg_pfield)i, p->v[i], country, &norm);
        if (rc != VG_OK) {
            char subject[96], msg[512];
            vg_model_field_subject((vg_pfield)i, subject, sizeof subject);
            snprintf(msg, sizeof msg, "%s", vg_error_last());
            return vg_error_set(rc, "%s %s", subject, msg);
        }
        free(p->v[i]);
        p->v[i] = norm;
    }
    if (!p->v[VG_PF_NAME])
        return vg_error_set(VG_EINVALID, "%s", _("a participant needs a name"));
    return VG_OK;
}

/* Another participant of the delegation with the same name key? */
static int name_taken(vg_store *st, int64_t did, const char *key, int64_t self, int *taken)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s,
                            "SELECT 1 FROM participant WHERE delegation_id = ?1 AND name_key = ?2"
                            " AND id <> ?3");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    vg_sql_bind_text(s, 2, key);
    sqlite3_bind_int64(s, 3, self);
    rc = sqlite3_step(s);
    *taken = rc == SQLITE_ROW;
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "participant");
    sqlite3_finalize(s);
    return rc;
}

static int name_key_of(const char *name, char **key)
{
    *key = vg_text_key(name, VG_KEY_NAME);
    if (!*key)
        return vg_error_oom();
    if (!**key) {
        free(*key);
        *key = NULL;
        return vg_error_set(VG_EINVALID, _("\"%s\" has no letters or digits to name a person by"),
                            name);
    }
    return VG_OK;
}

int vg_participant_add(vg_store *st, const char *slug, vg_participant *p)
{
    sqlite3_stmt *s = NULL;
    char country[3], *key = NULL;
    int32_t end_day;
    int64_t did;
    int rc, taken = 0;

    build_sql();
    if ((rc = vg_model_delegation(st, slug, &did, country, &end_day)) != VG_OK)
        return rc;
    if ((rc = normalise_all(p, country)) != VG_OK ||
        (rc = name_key_of(p->v[VG_PF_NAME], &key)) != VG_OK)
        goto done;
    if ((rc = name_taken(st, did, key, 0, &taken)) != VG_OK)
        goto done;
    if (taken) {
        rc = vg_error_set(VG_EEXISTS, _("\"%s\" is already a participant of delegation \"%s\""),
                          p->v[VG_PF_NAME], slug);
        goto done;
    }
    if (!p->v[VG_PF_RETENTION_DATE]) {
        char day[16];
        if ((rc = vg_model_retention_default(st, end_day, day)) != VG_OK)
            goto done;
        if (!(p->v[VG_PF_RETENTION_DATE] = strdup(day))) {
            rc = vg_error_oom();
            goto done;
        }
    }
    rc = vg_model_participant_insert(st, &s, did, slug, p, key, "participant.add");
done:
    sqlite3_finalize(s);
    free(key);
    return rc;
}

int vg_model_participant_insert(vg_store *st, sqlite3_stmt **stmt, int64_t did, const char *slug,
                                vg_participant *p, const char *key, const char *action)
{
    char obj[96];
    int rc;
    build_sql();
    if (!*stmt && (rc = vg_sql_prepare(st, stmt, insert_sql)) != VG_OK)
        return rc;
    sqlite3_reset(*stmt);
    sqlite3_bind_int64(*stmt, 1, did);
    vg_sql_bind_text(*stmt, 2, key);
    sqlite3_bind_int64(*stmt, 3, vg_now());
    for (int i = 0; i < VG_PF_COUNT; i++)
        vg_sql_bind_text(*stmt, i + 4, p->v[i]);
    rc = sqlite3_step(*stmt);
    if (rc != SQLITE_DONE)
        return vg_sql_fail(st, rc, "participant");
    p->id = sqlite3_last_insert_rowid(vg_store_db(st));
    p->delegation_id = did;
    p->purged = 0;
    p->has_pol = 0;
    vg_model_participant_object(obj, sizeof obj, slug, p->id);
    return vg_audit_append(st, action, obj, "");
}

int vg_model_name_taken(vg_store *st, int64_t did, const char *key, int *taken)
{
    return name_taken(st, did, key, 0, taken);
}

/* The participants of `did` whose name key equals `key` (exact) or starts
 * with it (prefix). */
static int match(vg_store *st, int64_t did, const char *key, int exact, vg_participant ***out,
                 size_t *n)
{
    sqlite3_stmt *s = NULL;
    char sql[2300];
    int rc;
    snprintf(sql, sizeof sql, "%s WHERE p.delegation_id = ?1 AND p.purged = 0 AND %s ORDER BY p.id",
             select_sql, exact ? "p.name_key = ?2" : "substr(p.name_key, 1, length(?2)) = ?2");
    if ((rc = vg_sql_prepare(st, &s, sql)) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    vg_sql_bind_text(s, 2, key);
    rc = collect(st, s, out, n);
    sqlite3_finalize(s);
    return rc;
}

int vg_participant_find(vg_store *st, const char *slug, const char *name, vg_participant **out)
{
    vg_participant **list = NULL;
    size_t n = 0;
    char *key = NULL;
    int64_t did;
    int rc;

    *out = NULL;
    build_sql();
    if ((rc = vg_model_delegation(st, slug, &did, NULL, NULL)) != VG_OK)
        return rc;
    if ((rc = name_key_of(name, &key)) != VG_OK)
        return rc;
    if ((rc = match(st, did, key, 1, &list, &n)) != VG_OK)
        goto done;
    if (n == 0 && (rc = match(st, did, key, 0, &list, &n)) != VG_OK)
        goto done;
    if (n == 0) {
        rc = vg_error_set(VG_ENOTFOUND,
                          _("no participant \"%s\" in delegation \"%s\" (see 'vigie participant "
                            "list %s')"),
                          name, slug, slug);
    } else if (n > 1) {
        char names[400] = "";
        size_t used = 0, shown = 0;
        for (size_t i = 0; i < n; i++) {
            const char *nm = list[i]->v[VG_PF_NAME];
            size_t len = strlen(nm);
            if (used + len + 3 >= sizeof names - 8)
                break;
            used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", i ? "; " : "", nm);
            shown++;
        }
        if (shown < n)
            snprintf(names + used, sizeof names - used, "; ...");
        rc = vg_error_set(VG_EINVALID,
                          _("\"%s\" matches %zu participants: %s (give more of the name)"), name, n,
                          names);
    } else {
        *out = list[0];
        list[0] = NULL;
    }
done:
    vg_participant_list_free(list, n);
    free(key);
    return rc;
}

int vg_participant_list(vg_store *st, const char *slug, vg_participant ***out, size_t *n)
{
    sqlite3_stmt *s = NULL;
    char sql[2300];
    int64_t did;
    int rc;
    *out = NULL;
    *n = 0;
    build_sql();
    if ((rc = vg_model_delegation(st, slug, &did, NULL, NULL)) != VG_OK)
        return rc;
    snprintf(sql, sizeof sql, "%s WHERE p.delegation_id = ?1 ORDER BY p.id", select_sql);
    if ((rc = vg_sql_prepare(st, &s, sql)) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    rc = collect(st, s, out, n);
    sqlite3_finalize(s);
    return rc;
}

/* The participant as stored now. */
static int load(vg_store *st, int64_t id, vg_participant **out)
{
    sqlite3_stmt *s = NULL;
    vg_participant **list = NULL;
    size_t n = 0;
    char sql[2300];
    int rc;
    *out = NULL;
    snprintf(sql, sizeof sql, "%s WHERE p.id = ?1", select_sql);
    if ((rc = vg_sql_prepare(st, &s, sql)) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    rc = collect(st, s, &list, &n);
    sqlite3_finalize(s);
    if (rc == VG_OK && n == 1) {
        *out = list[0];
        list[0] = NULL;
    } else if (rc == VG_OK) {
        rc = vg_error_set(VG_ENOTFOUND, _("participant %lld no longer exists"), (long long)id);
    }
    vg_participant_list_free(list, n);
    return rc;
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

int vg_participant_update(vg_store *st, vg_participant *p)
{
    vg_participant *old = NULL;
    sqlite3_stmt *s = NULL;
    char slug[VG_SLUG_MAX + 1], country[3], obj[96], *key = NULL, changed[600] = "";
    int32_t end_day;
    size_t used = 0;
    int rc, taken = 0;

    build_sql();
    if ((rc = load(st, p->id, &old)) != VG_OK)
        goto done;
    if (old->purged) {
        rc = vg_error_set(VG_EINVALID, _("participant %lld was purged: nothing left to edit"),
                          (long long)p->id);
        goto done;
    }
    if ((rc = vg_model_slug(st, old->delegation_id, slug)) != VG_OK ||
        (rc = vg_model_delegation(st, slug, NULL, country, &end_day)) != VG_OK)
        goto done;
    if ((rc = normalise_all(p, country)) != VG_OK ||
        (rc = name_key_of(p->v[VG_PF_NAME], &key)) != VG_OK)
        goto done;
    if ((rc = name_taken(st, old->delegation_id, key, p->id, &taken)) != VG_OK)
        goto done;
    if (taken) {
        rc = vg_error_set(VG_EEXISTS, _("\"%s\" is already a participant of delegation \"%s\""),
                          p->v[VG_PF_NAME], slug);
        goto done;
    }
    if (!p->v[VG_PF_RETENTION_DATE]) { /* cleared: back to the default */
        char day[16];
        if ((rc = vg_model_retention_default(st, end_day, day)) != VG_OK)
            goto done;
        if (!(p->v[VG_PF_RETENTION_DATE] = strdup(day))) {
            rc = vg_error_oom();
            goto done;
        }
    }
    /* The audit detail names the fields that changed, never their values. */
    for (int i = 0; i < VG_PF_COUNT; i++)
        if (!same(old->v[i], p->v[i]) && used + 40 < sizeof changed)
            used += (size_t)snprintf(changed + used, sizeof changed - used, "%s%s", used ? " " : "",
                                     vg_participant_fields()[i].key);
    if ((rc = vg_sql_prepare(st, &s, update_sql)) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, p->id);
    vg_sql_bind_text(s, 2, key);
    for (int i = 0; i < VG_PF_COUNT; i++)
        vg_sql_bind_text(s, i + 3, p->v[i]);
    rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) {
        rc = vg_sql_fail(st, rc, "participant");
        goto done;
    }
    vg_model_participant_object(obj, sizeof obj, slug, p->id);
    rc = vg_audit_append(st, "participant.edit", obj, changed);
done:
    sqlite3_finalize(s);
    vg_participant_free(old);
    free(key);
    return rc;
}

int vg_participant_remove(vg_store *st, vg_participant *p)
{
    sqlite3_stmt *s = NULL;
    char slug[VG_SLUG_MAX + 1], obj[96];
    int rc;
    if ((rc = vg_model_slug(st, p->delegation_id, slug)) != VG_OK)
        return rc;
    /* proof of life goes with it (ON DELETE CASCADE); secure_delete
     * overwrites the freed space inside the encrypted file */
    if ((rc = vg_sql_prepare(st, &s, "DELETE FROM participant WHERE id = ?1")) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, p->id);
    rc = sqlite3_step(s);
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "participant");
    sqlite3_finalize(s);
    if (rc == VG_OK && sqlite3_changes(vg_store_db(st)) == 0)
        rc = vg_error_set(VG_ENOTFOUND, _("participant %lld no longer exists"), (long long)p->id);
    if (rc == VG_OK) {
        vg_model_participant_object(obj, sizeof obj, slug, p->id);
        rc = vg_audit_append(st, "participant.remove", obj, "");
    }
    return rc;
}

void vg_participant_free(vg_participant *p)
{
    if (!p)
        return;
    /* personal data: wiped, not only freed */
    for (int i = 0; i < VG_PF_COUNT; i++)
        if (p->v[i]) {
            sodium_memzero(p->v[i], strlen(p->v[i]));
            free(p->v[i]);
        }
    free(p);
}

void vg_participant_list_free(vg_participant **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        vg_participant_free(list[i]);
    free(list);
}
