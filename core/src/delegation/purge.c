/* Purge: personal data past its retention date (Québec's Law 25).
 *
 * A purged participant keeps its row (id, delegation, role, consent and
 * retention dates, purged_at) so that what other modules hang on it
 * (check-in times, counts) stays as anonymous history; every field marked
 * personal in delegation/fields.c, the name key and the proof of life are
 * erased. PRAGMA secure_delete (set at every open) overwrites the freed
 * bytes inside the encrypted database. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>
#include <vigie/incident.h>

#include "delegation/delegation_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"

static int exec_bound(vg_store *st, const char *sql, int64_t id)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s, sql);
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    rc = sqlite3_step(s) == SQLITE_DONE
             ? VG_OK
             : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "purge");
    sqlite3_finalize(s);
    return rc;
}

static char erase_sql[2048];

static void build_erase(void)
{
    const vg_pfield_info *f = vg_participant_fields();
    size_t n;
    if (erase_sql[0])
        return;
    n = (size_t)snprintf(erase_sql, sizeof erase_sql,
                         "UPDATE participant SET purged = 1, purged_at = ?2, name_key = NULL");
    for (int i = 0; i < VG_PF_COUNT; i++)
        if (f[i].personal)
            n += (size_t)snprintf(erase_sql + n, sizeof erase_sql - n, ", %s = NULL", f[i].key);
    snprintf(erase_sql + n, sizeof erase_sql - n, " WHERE id = ?1");
}

int vg_purge_expired(vg_store *st, int32_t today, int dry_run, vg_purge_item **out, size_t *n)
{
    sqlite3_stmt *s = NULL;
    vg_purge_item *items = NULL;
    size_t count = 0;
    char day[16], obj[96], detail[64];
    int rc;

    *out = NULL;
    *n = 0;
    build_erase();
    vg_date_format(day, today);
    rc = vg_sql_prepare(st, &s,
                        "SELECT p.id, d.slug, p.name, p.retention_date FROM participant p"
                        " JOIN delegation d ON d.id = p.delegation_id"
                        " WHERE p.purged = 0 AND p.retention_date IS NOT NULL"
                        " AND p.retention_date < ?1 ORDER BY d.slug, p.id");
    if (rc != VG_OK)
        return rc;
    vg_sql_bind_text(s, 1, day);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        vg_purge_item *g = realloc(items, (count + 1) * sizeof *g);
        const unsigned char *name = sqlite3_column_text(s, 2);
        if (!g) {
            rc = vg_error_oom();
            goto done;
        }
        items = g;
        memset(&items[count], 0, sizeof items[count]);
        items[count].participant_id = sqlite3_column_int64(s, 0);
        snprintf(items[count].slug, sizeof items[count].slug, "%s", sqlite3_column_text(s, 1));
        snprintf(items[count].retention, sizeof items[count].retention, "%s",
                 sqlite3_column_text(s, 3));
        items[count].name = strdup(name ? (const char *)name : "");
        count++;
        if (!items[count - 1].name) {
            rc = vg_error_oom();
            goto done;
        }
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "purge");
    sqlite3_finalize(s);
    s = NULL;
    if (rc != VG_OK || dry_run)
        goto done;
    for (size_t i = 0; i < count && rc == VG_OK; i++) {
        int64_t id = items[i].participant_id;
        if ((rc = vg_sql_prepare(st, &s, erase_sql)) != VG_OK)
            break;
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, vg_now());
        rc = sqlite3_step(s) == SQLITE_DONE
                 ? VG_OK
                 : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "purge");
        sqlite3_finalize(s);
        s = NULL;
        if (rc == VG_OK)
            rc = exec_bound(st, "DELETE FROM participant_pol WHERE participant_id = ?1", id);
        /* what their check-ins said (places, notes); the times stay */
        if (rc == VG_OK)
            rc = vg_checkin_purge_participant(st, id, NULL);
        /* their name in incidents; the narrative once nobody involved is left */
        if (rc == VG_OK)
            rc = vg_incident_purge_participant(st, id);
        if (rc == VG_OK) {
            vg_model_participant_object(obj, sizeof obj, items[i].slug, id);
            snprintf(detail, sizeof detail, "retention %s", items[i].retention);
            rc = vg_audit_append(st, "participant.purge", obj, detail);
        }
    }
    /* A delegation whose every participant is purged loses its lead's name. */
    if (rc == VG_OK)
        rc = vg_sql_exec(st, "UPDATE delegation SET lead = NULL WHERE lead IS NOT NULL AND"
                             " EXISTS (SELECT 1 FROM participant p WHERE p.delegation_id ="
                             " delegation.id) AND NOT EXISTS (SELECT 1 FROM participant p WHERE"
                             " p.delegation_id = delegation.id AND p.purged = 0)");
    if (rc == VG_OK && count) {
        snprintf(detail, sizeof detail, "%zu participants, before %s", count, day);
        rc = vg_audit_append(st, "purge.expired", "store", detail);
    }
done:
    sqlite3_finalize(s);
    if (rc != VG_OK) {
        vg_purge_free(items, count);
        return rc;
    }
    *out = items;
    *n = count;
    return VG_OK;
}

void vg_purge_free(vg_purge_item *items, size_t n)
{
    if (!items)
        return;
    for (size_t i = 0; i < n; i++)
        if (items[i].name) {
            sodium_memzero(items[i].name, strlen(items[i].name));
            free(items[i].name);
        }
    free(items);
}
