/* A delegation's own contacts: partners, accommodation, embassy, insurer,
 * local emergency services. The country guide's numbers join them in
 * listings, not here. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/config.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>

#include "delegation/delegation_internal.h"
#include "util/phone.h"
#include "store/store_internal.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/tz.h"
#include <vigie/contact.h>

static const char *const contact_roles[] = {
    "partner",     "accommodation", "embassy", "insurer", "emergency-service",
    "focal-point", "crisis-cell",   "other",   NULL};

const char *const *vg_contact_roles(void)
{
    return contact_roles;
}

int vg_contact_add(vg_store *st, const char *slug, vg_contact *c)
{
    sqlite3_stmt *s = NULL;
    char country[3], *phone = NULL, *email = NULL, *name = NULL, *note = NULL;
    int64_t did;
    int rc, role_ok = 0;
    char obj[96];

    if ((rc = vg_model_delegation(st, slug, &did, country, NULL)) != VG_OK)
        return rc;
    for (size_t i = 0; contact_roles[i]; i++)
        role_ok |= c->role && !strcmp(c->role, contact_roles[i]);
    if (!role_ok) {
        rc = vg_error_set(
            VG_EINVALID,
            _("\"%s\" is not a contact role (partner, accommodation, embassy, insurer, "
              "emergency-service, focal-point, crisis-cell, other)"),
            c->role ? c->role : "");
        goto done;
    }
    if (!c->name || !(name = vg_text_trim(c->name)) ||
        (rc = vg_text_check(name, _("contact name"), 200, 0)) != VG_OK) {
        rc = name ? rc
                  : (c->name ? vg_error_oom()
                             : vg_error_set(VG_EINVALID, "%s", _("a contact needs a name")));
        goto done;
    }
    if (!c->phone) {
        rc = vg_error_set(VG_EINVALID, "%s", _("a contact needs a phone number"));
        goto done;
    }
    /* A contact is usually in the delegation's country: a number without a
     * country code may be that country's (ambiguous ones are refused). */
    if ((rc = vg_phone_normalise(c->phone, country, &phone)) != VG_OK)
        goto done;
    if (c->email && *c->email && (rc = vg_field_normalise(VG_PF_EMAIL, c->email, &email)) != VG_OK)
        goto done;
    if (c->note && *c->note) {
        if (!(note = vg_text_trim(c->note))) {
            rc = vg_error_oom();
            goto done;
        }
        if (*note && (rc = vg_text_check(note, _("note"), 2000, 1)) != VG_OK)
            goto done;
    }
    rc = vg_sql_prepare(
        st, &s,
        "INSERT INTO contact (delegation_id, name, role, phone, email, note, created)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (rc != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, did);
    vg_sql_bind_text(s, 2, name);
    vg_sql_bind_text(s, 3, c->role);
    vg_sql_bind_text(s, 4, phone);
    vg_sql_bind_text(s, 5, email);
    vg_sql_bind_text(s, 6, note && *note ? note : NULL);
    sqlite3_bind_int64(s, 7, vg_now());
    if ((rc = vg_sql_step_done(st, s, "contact")) != VG_OK)
        goto done;
    c->id = sqlite3_last_insert_rowid(vg_store_db(st));
    snprintf(obj, sizeof obj, "%s/contact %lld", slug, (long long)c->id);
    rc = vg_audit_append(st, "contact.add", obj, c->role);
done:
    sqlite3_finalize(s);
    free(phone);
    free(email);
    free(name);
    free(note);
    return rc;
}

int vg_contact_list(vg_store *st, const char *slug, vg_contact ***out, size_t *n)
{
    sqlite3_stmt *s = NULL;
    vg_contact **list = NULL;
    size_t count = 0;
    int64_t did;
    int rc;
    *out = NULL;
    *n = 0;
    if ((rc = vg_model_delegation(st, slug, &did, NULL, NULL)) != VG_OK)
        return rc;
    rc = vg_sql_prepare(st, &s,
                        "SELECT id, name, role, phone, email, note FROM contact"
                        " WHERE delegation_id = ?1 ORDER BY id");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, did);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        vg_contact **g = realloc(list, (count + 1) * sizeof *g), *c;
        if (!g) {
            rc = vg_error_oom();
            goto done;
        }
        list = g;
        if (!(c = list[count] = calloc(1, sizeof *c))) {
            rc = vg_error_oom();
            goto done;
        }
        count++;
        c->id = sqlite3_column_int64(s, 0);
        c->name = vg_sql_col_dup(s, 1);
        c->role = vg_sql_col_dup(s, 2);
        c->phone = vg_sql_col_dup(s, 3);
        c->email = vg_sql_col_dup(s, 4);
        c->note = vg_sql_col_dup(s, 5);
        if (!c->name || !c->role || !c->phone) {
            rc = vg_error_oom();
            goto done;
        }
    }
    rc = rc == SQLITE_DONE ? VG_OK : vg_sql_fail(st, rc, "contact");
done:
    sqlite3_finalize(s);
    if (rc != VG_OK) {
        vg_contact_list_free(list, count);
        return rc;
    }
    *out = list;
    *n = count;
    return VG_OK;
}

void vg_contact_list_free(vg_contact **list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!list[i])
            continue;
        free(list[i]->name);
        free(list[i]->role);
        free(list[i]->phone);
        free(list[i]->email);
        free(list[i]->note);
        free(list[i]);
    }
    free(list);
}
