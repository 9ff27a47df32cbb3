/* An incident flags the matching risks of the register for review (issue 18):
 * what happened says the assessment may be wrong. The mark stays until the
 * risk is edited or approved again (risk.c clears it), and readiness shows
 * it meanwhile (risk/ready.c). */
#include <stdio.h>
#include <stdlib.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/risk.h>

#include "delegation/delegation_internal.h"
#include "store/store_internal.h"

int vg_risk_flag_incident(vg_store *st, const char *slug, const char *category, int incident_num,
                          size_t *count_out)
{
    sqlite3_stmt *s = NULL, *u = NULL;
    int64_t did;
    size_t count = 0;
    int rc, src;
    char obj[96], detail[32];
    *count_out = 0;
    if ((rc = vg_model_delegation(st, slug, &did, NULL, NULL)) != VG_OK)
        return rc;
    if ((rc = vg_sql_prepare(st, &s,
                             "SELECT id, num FROM risk WHERE delegation_id = ?1 AND category = ?2"
                             " ORDER BY num")) != VG_OK)
        return rc;
    if ((rc = vg_sql_prepare(st, &u,
                             "UPDATE risk SET to_review = 1, review_incident = ?2,"
                             " updated_at = ?3 WHERE id = ?1")) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, did);
    vg_sql_bind_text(s, 2, category);
    while ((src = sqlite3_step(s)) == SQLITE_ROW && rc == VG_OK) {
        sqlite3_reset(u);
        sqlite3_bind_int64(u, 1, sqlite3_column_int64(s, 0));
        sqlite3_bind_int(u, 2, incident_num);
        sqlite3_bind_int64(u, 3, vg_now());
        if ((rc = vg_sql_step_done(st, u, "risk")) != VG_OK)
            break;
        snprintf(obj, sizeof obj, "%s/R%d", slug, sqlite3_column_int(s, 1));
        snprintf(detail, sizeof detail, "incident I%d", incident_num);
        rc = vg_audit_append(st, "risk.flag", obj, detail);
        count++;
    }
    if (rc == VG_OK && src != SQLITE_DONE)
        rc = vg_sql_fail(st, src, "risk");
done:
    sqlite3_finalize(s);
    sqlite3_finalize(u);
    if (rc == VG_OK)
        *count_out = count;
    return rc;
}
