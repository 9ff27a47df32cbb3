#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/config.h>
#include <vigie/error.h>

#include "store/store_internal.h"
#include "util/i18n.h"
#include "util/phone.h"
#include "util/text.h"
#include "util/tz.h"

static const vg_config_key keys[] = {
    {"org.name", N_("the organisation's name, shown in exports and on cards"), NULL},
    {"org.phone", N_("the organisation's 24/7 phone number for participants"), NULL},
    {"org.email", N_("the organisation's e-mail address"), NULL},
    {"security.focal_point", N_("the security focal point's name"), NULL},
    {"security.focal_phone", N_("the security focal point's phone number"), NULL},
    {"retention.months", N_("months after a delegation's end before personal data is purged"),
     "18"},
    {"timezone",
     N_("the organisation's time zone (IANA name), for every time shown to the board: sign-offs, "
        "the audit log, the board workbook"),
     VG_ORG_TZ_DEFAULT},
    {NULL, NULL, NULL},
};

const vg_config_key *vg_config_keys(void)
{
    return keys;
}

static const vg_config_key *find(const char *key)
{
    for (const vg_config_key *k = keys; k->key; k++)
        if (!strcmp(k->key, key))
            return k;
    return NULL;
}

static int is_phone(const char *key)
{
    return !strcmp(key, "org.phone") || !strcmp(key, "security.focal_phone");
}

/* Checks `value` for `key`; *norm is the form to store (a phone number in
 * international form, as participants' are: a card printed for Haiti must
 * show a number that can be dialled from there). */
static int validate(const char *key, const char *value, char **norm)
{
    size_t len = strlen(value);
    *norm = NULL;
    if (len == 0 || len > 800)
        return vg_error_set(VG_EINVALID, _("%s: a value has 1 to 200 characters"), key);
    if (!vg_utf8_valid(value, len))
        return vg_error_set(VG_EINVALID, _("%s: the value is not valid UTF-8 text"), key);
    if (vg_utf8_chars(value) > 200)
        return vg_error_set(VG_EINVALID, _("%s: a value has 1 to 200 characters"), key);
    if (!vg_text_clean(value, len, 0))
        return vg_error_set(VG_EINVALID, _("%s: the value holds a control character"), key);
    if (is_phone(key)) {
        /* the organisation is in Canada: a number without a country code
         * is North American */
        int rc = vg_phone_normalise(value, NULL, norm);
        if (rc != VG_OK) {
            char msg[VG_ERROR_MAX];
            snprintf(msg, sizeof msg, "%s", vg_error_last());
            return vg_error_set(rc, "%s: %s", key, msg);
        }
        return VG_OK;
    }
    if (!strcmp(key, "timezone") && !vg_tz_valid(value))
        return vg_error_set(VG_EINVALID,
                            _("%s: unknown time zone \"%s\" (an IANA name such as "
                              "America/Toronto or America/Montreal)"),
                            key, value);
    if (!strcmp(key, "retention.months")) {
        char *end;
        long v = strtol(value, &end, 10);
        if (*end || v < 1 || v > 120)
            return vg_error_set(
                VG_EINVALID, _("%s: \"%s\" is not a number of months from 1 to 120"), key, value);
    }
    return VG_OK;
}

int vg_config_set(vg_store *st, const char *key, const char *value)
{
    sqlite3_stmt *s = NULL;
    int rc;
    if (!find(key))
        return vg_error_set(VG_EINVALID, _("unknown setting \"%s\""), key);
    char *norm = NULL;
    if (value && (rc = validate(key, value, &norm)) != VG_OK)
        return rc;
    if (norm)
        value = norm;
    rc = vg_sql_prepare(st, &s,
                        value ? "INSERT OR REPLACE INTO config VALUES (?1, ?2)"
                              : "DELETE FROM config WHERE key = ?1");
    if (rc != VG_OK) {
        free(norm);
        return rc;
    }
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    if (value)
        sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
    rc = sqlite3_step(s) == SQLITE_DONE
             ? VG_OK
             : vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "config");
    sqlite3_finalize(s);
    free(norm);
    if (rc == VG_OK)
        /* The value is not logged: settings may name a person. */
        rc = vg_audit_append(st, value ? "config.set" : "config.unset", key, "");
    return rc;
}

int vg_config_get(vg_store *st, const char *key, char **out)
{
    const vg_config_key *k = find(key);
    sqlite3_stmt *s = NULL;
    int rc;
    *out = NULL;
    if (!k)
        return vg_error_set(VG_EINVALID, _("unknown setting \"%s\""), key);
    if ((rc = vg_sql_prepare(st, &s, "SELECT value FROM config WHERE key = ?1")) != VG_OK)
        return rc;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = strdup((const char *)sqlite3_column_text(s, 0));
    else if (rc == SQLITE_DONE && k->fallback)
        *out = strdup(k->fallback);
    rc = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? VG_OK : vg_sql_fail(st, rc, "config");
    sqlite3_finalize(s);
    return rc;
}

char *vg_config_timezone(vg_store *st)
{
    char *tz = NULL;
    if (!st || vg_config_get(st, "timezone", &tz) != VG_OK || !tz || !vg_tz_valid(tz)) {
        vg_error_clear();
        free(tz);
        tz = strdup(VG_ORG_TZ_DEFAULT);
    }
    return tz;
}
