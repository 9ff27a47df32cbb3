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

/* The roles a contact may have: the stored key (language-neutral) and its
 * label in the user's language, the one wording of the CLI and the exports. */
#define CONTACT_ROLES(X)                                                                           \
    X("partner", N_("local partner"))                                                              \
    X("accommodation", N_("accommodation"))                                                        \
    X("embassy", N_("embassy"))                                                                    \
    X("insurer", N_("insurer"))                                                                    \
    X("emergency-service", N_("local emergency services"))                                         \
    X("focal-point", N_("security focal point"))                                                   \
    X("crisis-cell", N_("crisis cell"))                                                            \
    X("other", N_("other"))
#define KEY(k, l)   k,
#define LABEL(k, l) l,
static const char *const contact_roles[] = {CONTACT_ROLES(KEY) NULL};
static const char *const contact_labels[] = {CONTACT_ROLES(LABEL) NULL};

const char *vg_contact_role_label(const char *role)
{
    for (size_t i = 0; role && contact_roles[i]; i++)
        if (!strcmp(contact_roles[i], role))
            return _(contact_labels[i]);
    return role ? role : "";
}

const char *const *vg_contact_roles(void)
{
    return contact_roles;
}

/* Validate a contact as add and edit take it: role, name, phone (normalised
 * against the delegation's country; short numbers for emergency services),
 * e-mail and note. The normalised copies go to `out` (free with
 * vg_contact_list_free's field frees: see clean_free). */
static int clean(const char *country, const vg_contact *c, vg_contact *out)
{
    int rc = VG_OK, role_ok = 0;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; contact_roles[i]; i++)
        role_ok |= c->role && !strcmp(c->role, contact_roles[i]);
    if (!role_ok)
        return vg_error_set(
            VG_EINVALID,
            _("\"%s\" is not a contact role (partner, accommodation, embassy, insurer, "
              "emergency-service, focal-point, crisis-cell, other)"),
            c->role ? c->role : "");
    if (!c->name || !(out->name = vg_text_trim(c->name)) ||
        (rc = vg_text_check(out->name, _("contact name"), 200, 0)) != VG_OK) {
        return out->name ? rc
                         : (c->name ? vg_error_oom()
                                    : vg_error_set(VG_EINVALID, "%s", _("a contact needs a name")));
    }
    if (!c->phone)
        return vg_error_set(VG_EINVALID, "%s", _("a contact needs a phone number"));
    /* A contact is usually in the delegation's country: a number without a
     * country code may be that country's (ambiguous ones are refused). */
    if ((rc = vg_phone_normalise(c->phone, country, &out->phone)) != VG_OK) {
        /* local emergency services have short numbers (114 in Haiti, 123 in
         * Colombia): accepted for that role, checked against the country */
        if (rc == VG_EINVALID && !strcmp(c->role, "emergency-service")) {
            char first[VG_ERROR_MAX];
            snprintf(first, sizeof first, "%s", vg_error_last());
            if ((rc = vg_phone_short(c->phone, country, &out->phone)) != VG_OK)
                rc = vg_error_set(VG_EINVALID, "%s", first);
        }
        if (rc != VG_OK)
            return rc;
    }
    if (c->email && *c->email &&
        (rc = vg_field_normalise(VG_PF_EMAIL, c->email, &out->email)) != VG_OK)
        return rc;
    if (c->note && *c->note) {
        if (!(out->note = vg_text_trim(c->note)))
            return vg_error_oom();
        if (*out->note && (rc = vg_text_check(out->note, _("note"), 2000, 1)) != VG_OK)
            return rc;
        if (!*out->note) {
            free(out->note);
            out->note = NULL;
        }
    }
    return VG_OK;
}

static void clean_free(vg_contact *c)
{
    free(c->name);
    free(c->phone);
    free(c->email);
    free(c->note);
    memset(c, 0, sizeof *c);
}

int vg_contact_add(vg_store *st, const char *slug, vg_contact *c)
{
    sqlite3_stmt *s = NULL;
    char country[3];
    vg_contact k = {0};
    int64_t did;
    int rc;
    char obj[96];

    if ((rc = vg_model_delegation(st, slug, &did, country, NULL)) != VG_OK)
        return rc;
    if ((rc = clean(country, c, &k)) != VG_OK)
        goto done;
    rc = vg_sql_prepare(
        st, &s,
        "INSERT INTO contact (delegation_id, name, role, phone, email, note, created)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (rc != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, did);
    vg_sql_bind_text(s, 2, k.name);
    vg_sql_bind_text(s, 3, c->role);
    vg_sql_bind_text(s, 4, k.phone);
    vg_sql_bind_text(s, 5, k.email);
    vg_sql_bind_text(s, 6, k.note);
    sqlite3_bind_int64(s, 7, vg_now());
    if ((rc = vg_sql_step_done(st, s, "contact")) != VG_OK)
        goto done;
    c->id = sqlite3_last_insert_rowid(vg_store_db(st));
    snprintf(obj, sizeof obj, "%s/contact %lld", slug, (long long)c->id);
    rc = vg_audit_append(st, "contact.add", obj, c->role);
done:
    sqlite3_finalize(s);
    clean_free(&k);
    return rc;
}

static void contact_free(vg_contact *c)
{
    if (!c)
        return;
    free(c->name);
    free(c->role);
    free(c->phone);
    free(c->email);
    free(c->note);
    free(c);
}

void vg_contact_free(vg_contact *c)
{
    contact_free(c);
}

int vg_contact_find(vg_store *st, const char *slug, const char *typed, vg_contact **out)
{
    vg_contact **list = NULL, *hit = NULL;
    size_t n = 0, nhits = 0;
    char *key = NULL, names[400] = "";
    int rc, all_digits = typed && *typed;
    *out = NULL;
    if ((rc = vg_contact_list(st, slug, &list, &n)) != VG_OK)
        return rc;
    for (const char *p = typed; p && *p; p++)
        all_digits &= *p >= '0' && *p <= '9';
    if (all_digits && strlen(typed) < 19) { /* its number in 'contact list --json' */
        long long id = strtoll(typed, NULL, 10);
        for (size_t i = 0; i < n && !hit; i++)
            if (list[i]->id == id)
                hit = list[i], nhits = 1;
    }
    if (!hit && !(key = vg_text_key(typed ? typed : "", VG_KEY_NAME))) {
        rc = vg_error_set(VG_EINVALID, "%s", _("a contact name must be valid UTF-8 text"));
        goto done;
    }
    /* the exact name first, then a unique start of a name */
    for (int exact = 1; !hit && key && *key && exact >= 0 && nhits == 0; exact--)
        for (size_t i = 0; i < n; i++) {
            char *k = vg_text_key(list[i]->name, VG_KEY_NAME);
            int m = k && (exact ? !strcmp(k, key) : !strncmp(k, key, strlen(key)));
            free(k);
            if (!m)
                continue;
            if (nhits++ == 0)
                hit = list[i];
            {
                size_t used = strlen(names);
                if (used + strlen(list[i]->name) + 3 < sizeof names)
                    snprintf(names + used, sizeof names - used, "%s%s", used ? "; " : "",
                             list[i]->name);
            }
        }
    if (nhits == 0) {
        rc = vg_error_set(VG_ENOTFOUND,
                          _("no contact \"%s\" in delegation \"%s\" (see 'vigie contact list %s "
                            "--own')"),
                          typed ? typed : "", slug, slug);
    } else if (nhits > 1) {
        rc = vg_error_set(VG_EINVALID,
                          _("\"%s\" matches %zu contacts: %s (give more of the name, or its "
                            "number from 'vigie contact list %s --own --json')"),
                          typed, nhits, names, slug);
    } else {
        for (size_t i = 0; i < n; i++)
            if (list[i] == hit)
                list[i] = NULL;
        *out = hit;
    }
done:
    free(key);
    vg_contact_list_free(list, n);
    return rc;
}

int vg_contact_edit(vg_store *st, const char *slug, int64_t id, const vg_contact *changes,
                    vg_contact **out)
{
    sqlite3_stmt *s = NULL;
    char country[3], obj[96], what[120] = "";
    vg_contact **list = NULL, *cur = NULL, merged, k = {0};
    size_t n = 0;
    int64_t did;
    int rc;
    if (out)
        *out = NULL;
    if ((rc = vg_model_delegation(st, slug, &did, country, NULL)) != VG_OK)
        return rc;
    if ((rc = vg_contact_list(st, slug, &list, &n)) != VG_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (list[i]->id == id)
            cur = list[i];
    if (!cur) {
        rc = vg_error_set(VG_ENOTFOUND, _("no contact number %lld in delegation \"%s\""),
                          (long long)id, slug);
        goto done;
    }
    merged = *cur;
#define TAKE(f)                                                                                    \
    if (changes->f) {                                                                              \
        merged.f = changes->f;                                                                     \
        snprintf(what + strlen(what), sizeof what - strlen(what), "%s%s", *what ? "," : "", #f);   \
    }
    TAKE(name)
    TAKE(role)
    TAKE(phone)
    TAKE(email)
    TAKE(note)
#undef TAKE
    if (!*what) {
        rc = vg_error_set(VG_EINVALID, "%s", _("nothing to change"));
        goto done;
    }
    if ((rc = clean(country, &merged, &k)) != VG_OK)
        goto done;
    if ((rc = vg_sql_prepare(st, &s,
                             "UPDATE contact SET name = ?1, role = ?2, phone = ?3, email = ?4,"
                             " note = ?5 WHERE id = ?6 AND delegation_id = ?7")) != VG_OK)
        goto done;
    vg_sql_bind_text(s, 1, k.name);
    vg_sql_bind_text(s, 2, merged.role);
    vg_sql_bind_text(s, 3, k.phone);
    vg_sql_bind_text(s, 4, k.email);
    vg_sql_bind_text(s, 5, k.note);
    sqlite3_bind_int64(s, 6, id);
    sqlite3_bind_int64(s, 7, did);
    if ((rc = vg_sql_step_done(st, s, "contact")) != VG_OK)
        goto done;
    /* the audit names the fields changed, never their values (a person) */
    snprintf(obj, sizeof obj, "%s/contact %lld", slug, (long long)id);
    if ((rc = vg_audit_append(st, "contact.edit", obj, what)) != VG_OK)
        goto done;
    if (out) {
        vg_contact *c = calloc(1, sizeof *c);
        if (!c || !(c->role = strdup(merged.role))) {
            free(c);
            rc = vg_error_oom();
            goto done;
        }
        c->id = id;
        c->name = k.name;
        c->phone = k.phone;
        c->email = k.email;
        c->note = k.note;
        memset(&k, 0, sizeof k);
        *out = c;
    }
done:
    sqlite3_finalize(s);
    clean_free(&k);
    vg_contact_list_free(list, n);
    return rc;
}

int vg_contact_remove(vg_store *st, const char *slug, int64_t id)
{
    sqlite3_stmt *s = NULL;
    char obj[96];
    int64_t did;
    int rc;
    if ((rc = vg_model_delegation(st, slug, &did, NULL, NULL)) != VG_OK)
        return rc;
    if ((rc = vg_sql_prepare(st, &s, "DELETE FROM contact WHERE id = ?1 AND delegation_id = ?2")) !=
        VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, did);
    if ((rc = vg_sql_step_done(st, s, "contact")) != VG_OK)
        goto done;
    if (sqlite3_changes(vg_store_db(st)) != 1) {
        rc = vg_error_set(VG_ENOTFOUND, _("no contact number %lld in delegation \"%s\""),
                          (long long)id, slug);
        goto done;
    }
    snprintf(obj, sizeof obj, "%s/contact %lld", slug, (long long)id);
    rc = vg_audit_append(st, "contact.remove", obj, NULL);
done:
    sqlite3_finalize(s);
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
    rc = vg_sql_prepare(st, &s, VG_CONTACT_LIST_SQL);
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
