/* The schema registry and the core module's own tables.
 *
 * Each module owns its migrations, numbered from 1 and recorded per module
 * in `schema_version`, so modules grow without renumbering each other. A
 * migration never changes once released: add a new one. */
#include <stdio.h>
#include <string.h>
#include <vigie/error.h>

#include "store/store_internal.h"
#include "util/i18n.h"

static const vg_migration core_steps[] = {
    {1, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE config (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE org_keys (id INTEGER PRIMARY KEY CHECK (id = 1),"
        "  box_pk BLOB NOT NULL, box_sk BLOB NOT NULL,"
        "  sign_pk BLOB NOT NULL, sign_sk BLOB NOT NULL, created INTEGER NOT NULL);"
        "CREATE TABLE audit (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL,"
        "  actor TEXT NOT NULL, action TEXT NOT NULL, object TEXT NOT NULL,"
        "  detail TEXT NOT NULL, hash BLOB NOT NULL);"},
};

static const char *const core_tables[] = {"audit", "config", NULL};

const vg_schema_module vg_schema_core = {"core", core_steps,
                                         sizeof core_steps / sizeof core_steps[0], core_tables};

/* Modules add themselves here, after the modules they depend on. */
extern const vg_schema_module vg_schema_core;
extern const vg_schema_module vg_schema_delegation;
extern const vg_schema_module vg_schema_checkin;
extern const vg_schema_module vg_schema_assessment;
extern const vg_schema_module vg_schema_guide;
extern const vg_schema_module vg_schema_risk;
extern const vg_schema_module vg_schema_field;
extern const vg_schema_module vg_schema_notify;
extern const vg_schema_module vg_schema_incident;
const vg_schema_module *const vg_schema_modules[] = {
    &vg_schema_core,     &vg_schema_delegation,
    &vg_schema_checkin,  &vg_schema_assessment,
    &vg_schema_guide,    &vg_schema_risk,
    &vg_schema_field,    &vg_schema_notify,
    &vg_schema_incident, NULL,
};

extern const vg_kept_count vg_checkin_kept_count;
static const vg_kept_count *const kept_counts[] = {&vg_checkin_kept_count, NULL};

static const char *kept_count_sql(const char *table)
{
    for (size_t i = 0; kept_counts[i]; i++)
        if (!strcmp(kept_counts[i]->table, table))
            return kept_counts[i]->sql;
    return NULL;
}

static int module_version(vg_store *st, const char *module, int *out)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s, "SELECT version FROM schema_version WHERE module = ?1");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_text(s, 1, module, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    *out = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    rc = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? VG_OK : vg_sql_fail(st, rc, "schema_version");
    sqlite3_finalize(s);
    return rc;
}

int vg_schema_migrate(vg_store *st)
{
    int rc = vg_sql_exec(st, "CREATE TABLE IF NOT EXISTS schema_version ("
                             "module TEXT PRIMARY KEY, version INTEGER NOT NULL)");
    if (rc != VG_OK)
        return rc;
    for (size_t m = 0; vg_schema_modules[m]; m++) {
        const vg_schema_module *mod = vg_schema_modules[m];
        int have;
        if ((rc = module_version(st, mod->module, &have)) != VG_OK)
            return rc;
        if ((size_t)have > mod->count)
            return vg_error_set(
                VG_EINVALID,
                _("the store's schema (%s %d) is newer than this Vigie knows: upgrade Vigie"),
                mod->module, have);
        for (size_t i = (size_t)have; i < mod->count; i++) {
            sqlite3_stmt *s = NULL;
            if ((rc = vg_store_begin(st)) != VG_OK)
                return rc;
            rc = vg_sql_exec(st, mod->steps[i].sql);
            if (rc == VG_OK)
                rc =
                    vg_sql_prepare(st, &s, "INSERT OR REPLACE INTO schema_version VALUES (?1, ?2)");
            if (rc == VG_OK) {
                sqlite3_bind_text(s, 1, mod->module, -1, SQLITE_STATIC);
                sqlite3_bind_int(s, 2, mod->steps[i].version);
                if (sqlite3_step(s) != SQLITE_DONE)
                    rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "schema_version");
            }
            sqlite3_finalize(s);
            if (rc == VG_OK)
                rc = vg_store_commit(st);
            if (rc != VG_OK) {
                vg_store_rollback(st);
                return rc;
            }
        }
    }
    return VG_OK;
}

int vg_store_schema(vg_store *st, vg_schema_cb cb, void *payload)
{
    for (size_t m = 0; vg_schema_modules[m]; m++) {
        int v, rc = module_version(st, vg_schema_modules[m]->module, &v);
        if (rc != VG_OK)
            return rc;
        cb(vg_schema_modules[m]->module, v, payload);
    }
    return VG_OK;
}

static int counts(vg_store *st, vg_count_cb cb, void *payload)
{
    for (size_t m = 0; vg_schema_modules[m]; m++) {
        const char *const *t = vg_schema_modules[m]->tables;
        for (; t && *t; t++) {
            const char *kept = kept_count_sql(*t);
            char sql[128];
            sqlite3_stmt *s = NULL;
            int rc;
            /* Table names come from this registry, never from input. The
             * audit log is numbered 1, 2, 3... without gaps (vg_audit_verify
             * refuses a gap): its count is its last number, one seek, not
             * a walk of the whole log (issue 16: 347 ms, 80 MiB at 1M).
             * A table with a kept count is read from it. */
            if (kept)
                snprintf(sql, sizeof sql, "%s", kept);
            else if (!strcmp(*t, "audit"))
                snprintf(sql, sizeof sql, "SELECT coalesce(max(seq), 0) FROM audit");
            else
                snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", *t);
            if ((rc = vg_sql_prepare(st, &s, sql)) != VG_OK)
                return rc;
            rc = sqlite3_step(s);
            if (rc == SQLITE_ROW)
                cb(*t, sqlite3_column_int64(s, 0), payload);
            sqlite3_finalize(s);
            if (rc != SQLITE_ROW)
                return vg_sql_fail(st, rc, *t);
        }
    }
    return VG_OK;
}

int vg_schema_check_counts(vg_store *st)
{
    for (size_t i = 0; kept_counts[i]; i++) {
        const char *const *t = &kept_counts[i]->table;
        {
            char sql[256];
            sqlite3_stmt *s = NULL;
            int rc;
            snprintf(sql, sizeof sql, "SELECT (%s), (SELECT count(*) FROM \"%s\")",
                     kept_counts[i]->sql, *t);
            if ((rc = vg_sql_prepare(st, &s, sql)) != VG_OK)
                return rc;
            if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
                sqlite3_finalize(s);
                return vg_sql_fail(st, rc, *t);
            }
            if (sqlite3_column_type(s, 0) == SQLITE_NULL ||
                sqlite3_column_int64(s, 0) != sqlite3_column_int64(s, 1)) {
                long long k = sqlite3_column_int64(s, 0), n = sqlite3_column_int64(s, 1);
                sqlite3_finalize(s);
                return vg_error_set(VG_EINTEGRITY,
                                    _("the database is damaged: the kept count of \"%s\" says "
                                      "%lld, its rows are %lld"),
                                    *t, k, n);
            }
            sqlite3_finalize(s);
        }
    }
    return VG_OK;
}

int vg_store_counts(vg_store *st, vg_count_cb cb, void *payload)
{
    int opened, rc = vg_store_read_begin(st, &opened);
    /* Counting reads each page once: a small page cache keeps the memory
     * flat with the size of the store (the usual one is restored after). */
    if (rc == VG_OK && (rc = vg_sql_exec(st, "PRAGMA cache_size = -2048")) == VG_OK) {
        rc = counts(st, cb, payload);
        if (vg_sql_exec(st, "PRAGMA cache_size = -65536") != VG_OK && rc == VG_OK)
            rc = VG_ERROR;
    }
    vg_store_read_end(st, opened);
    return rc;
}
