/* Recipients and settings of the notify module. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>
#include <vigie/notify.h>

#include "notify/notify_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"

const char *vg_notify_role_name(unsigned role)
{
    if (role == (unsigned)VG_NOTIFY_COORDINATOR)
        return "coordinator";
    if (role < VG_ROLE_COUNT)
        return vg_role_name((vg_role)role);
    return "?";
}

int vg_notify_role_parse(const char *text, unsigned *role_out)
{
    vg_role r;
    if (!strcasecmp(text, "coordinator") || !strcasecmp(text, "coordination") ||
        !strcasecmp(text, "coordonnatrice") || !strcasecmp(text, "coordonnateur")) {
        *role_out = VG_NOTIFY_COORDINATOR;
        return VG_OK;
    }
    if (vg_role_parse(text, &r) == VG_OK) {
        *role_out = r;
        return VG_OK;
    }
    return vg_error_set(VG_EINVALID, _("unknown role \"%s\""), text);
}

int vg_nt_text_ok(const char *s, size_t max)
{
    size_t n = 0;
    if (!s)
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++)
        if (*p < 0x20 || *p == 0x7f)
            return 0;
    return n > 0 && n <= max;
}

int vg_nt_email_ok(const char *s)
{
    const char *at;
    if (!vg_nt_text_ok(s, 254) || strpbrk(s, " <>,;\"()[]\\"))
        return 0;
    at = strchr(s, '@');
    return at && at != s && !strchr(at + 1, '@') && strchr(at + 1, '.') && at[1] != '.' &&
           s[strlen(s) - 1] != '.';
}

void vg_recipient_clear(vg_recipient *r)
{
    if (!r)
        return;
    free(r->name);
    free(r->email);
    free(r->phone);
    free(r->delegation);
    free(r->lang);
    memset(r, 0, sizeof *r);
}

void vg_recipients_free(vg_recipient *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++)
        vg_recipient_clear(&r[i]);
    free(r);
}

int vg_notify_recipient_add(vg_store *st, vg_recipient *r)
{
    sqlite3_stmt *s = NULL;
    vg_delegation *d = NULL;
    char *phone = NULL, obj[48];
    int rc;
    if (!vg_nt_text_ok(r->name, 120))
        return vg_error_set(VG_EINVALID, "%s", _("a recipient needs a name (1 to 120 characters)"));
    if (!(r->roles & VG_NOTIFY_ROLE_BITS))
        return vg_error_set(VG_EINVALID, "%s", _("a recipient needs at least one role"));
    if (!r->email && !r->phone)
        return vg_error_set(VG_EINVALID, "%s",
                            _("a recipient needs a channel: an e-mail address or a phone number"));
    if (r->email && !vg_nt_email_ok(r->email))
        return vg_error_set(VG_EINVALID, _("\"%s\" is not an e-mail address"), r->email);
    if (r->phone && (rc = vg_field_normalise(VG_PF_PHONE, r->phone, &phone)) != VG_OK)
        return rc;
    if (r->from_step < 0 || r->from_step > VG_LADDER_MAX_STEPS) {
        free(phone);
        return vg_error_set(VG_EINVALID, _("the first step is a number from 1 to %d"),
                            VG_LADDER_MAX_STEPS);
    }
    if (r->lang && strcmp(r->lang, "fr") && strcmp(r->lang, "en")) {
        free(phone);
        return vg_error_set(VG_EINVALID, _("unknown language \"%s\" (fr or en)"), r->lang);
    }
    if (r->delegation && (rc = vg_delegation_get(st, r->delegation, &d)) != VG_OK) {
        free(phone);
        return rc;
    }
    rc =
        vg_sql_prepare(st, &s,
                       "INSERT INTO notify_recipients (name, roles, email, phone,"
                       " delegation_id, from_step, created, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (rc == VG_OK) {
        sqlite3_bind_text(s, 1, r->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, r->roles & VG_NOTIFY_ROLE_BITS);
        vg_sql_bind_text(s, 3, r->email);
        vg_sql_bind_text(s, 4, phone);
        if (d)
            sqlite3_bind_int64(s, 5, d->id);
        else
            sqlite3_bind_null(s, 5);
        sqlite3_bind_int(s, 6, r->from_step);
        sqlite3_bind_int64(s, 7, vg_now());
        vg_sql_bind_text(s, 8, r->lang);
        int src = sqlite3_step(s);
        if (src == SQLITE_CONSTRAINT)
            rc = vg_error_set(VG_EEXISTS, _("a recipient named \"%s\" exists already"), r->name);
        else if (src != SQLITE_DONE)
            rc = vg_sql_fail(st, src, "notify recipient");
        else
            r->id = sqlite3_last_insert_rowid(vg_store_db(st));
    }
    sqlite3_finalize(s);
    if (rc == VG_OK && phone) {
        free(r->phone);
        r->phone = phone;
        phone = NULL;
    }
    free(phone);
    vg_delegation_free(d);
    if (rc != VG_OK)
        return rc;
    snprintf(obj, sizeof obj, "recipient %lld", (long long)r->id);
    return vg_audit_append(st, "notify.recipient.add", obj, NULL);
}

#define RECIPIENT_SQL                                                                              \
    "SELECT r.id, r.name, r.roles, r.email, r.phone, d.slug, r.from_step, r.lang"                  \
    " FROM notify_recipients r LEFT JOIN delegation d ON d.id = r.delegation_id"

static int read_recipient(sqlite3_stmt *s, void *elem, void *ud)
{
    vg_recipient *r = elem;
    (void)ud;
    r->id = sqlite3_column_int64(s, 0);
    r->name = vg_sql_col_dup(s, 1);
    r->roles = (unsigned)sqlite3_column_int64(s, 2);
    r->email = vg_sql_col_dup(s, 3);
    r->phone = vg_sql_col_dup(s, 4);
    r->delegation = vg_sql_col_dup(s, 5);
    r->from_step = sqlite3_column_int(s, 6);
    r->lang = vg_sql_col_dup(s, 7);
    return VG_OK;
}

int vg_notify_recipient_list(vg_store *st, vg_recipient **out, size_t *n)
{
    sqlite3_stmt *s = NULL;
    void *rows = NULL;
    size_t cnt = 0;
    int rc;
    *out = NULL;
    *n = 0;
    if ((rc = vg_sql_prepare(st, &s, RECIPIENT_SQL " ORDER BY r.name")) != VG_OK)
        return rc;
    rc = vg_sql_rows(st, s, sizeof **out, &rows, &cnt, read_recipient, NULL, "notify recipients");
    sqlite3_finalize(s);
    if (rc != VG_OK) {
        vg_recipients_free(rows, cnt);
        return rc;
    }
    *out = rows;
    *n = cnt;
    return VG_OK;
}

int vg_notify_recipient_get(vg_store *st, const char *name, vg_recipient *out)
{
    sqlite3_stmt *s = NULL;
    int rc, src;
    memset(out, 0, sizeof *out);
    if ((rc = vg_sql_prepare(st, &s, RECIPIENT_SQL " WHERE r.name = ?")) != VG_OK)
        return rc;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    src = sqlite3_step(s);
    if (src == SQLITE_ROW)
        read_recipient(s, out, NULL);
    else if (src == SQLITE_DONE)
        rc = vg_error_set(VG_ENOTFOUND, _("no recipient named \"%s\""), name);
    else
        rc = vg_sql_fail(st, src, "notify recipient");
    sqlite3_finalize(s);
    return rc;
}

int vg_notify_recipient_remove(vg_store *st, const char *name)
{
    vg_recipient r;
    sqlite3_stmt *s = NULL;
    char obj[48];
    int rc = vg_notify_recipient_get(st, name, &r);
    if (rc != VG_OK)
        return rc;
    if ((rc = vg_sql_prepare(st, &s, "DELETE FROM notify_recipients WHERE id = ?")) == VG_OK) {
        int src;
        sqlite3_bind_int64(s, 1, r.id);
        if ((src = sqlite3_step(s)) != SQLITE_DONE)
            rc = vg_sql_fail(st, src, "notify recipient");
    }
    sqlite3_finalize(s);
    snprintf(obj, sizeof obj, "recipient %lld", (long long)r.id);
    vg_recipient_clear(&r);
    return rc == VG_OK ? vg_audit_append(st, "notify.recipient.remove", obj, NULL) : rc;
}

/* ---- settings ---- */

static const vg_config_key keys[] = {
    {"smtp.url", N_("the SMTP server: smtp://host:587 (STARTTLS, required) or smtps://host:465"),
     NULL},
    {"smtp.user", N_("the SMTP user name (none: no authentication)"), NULL},
    {"smtp.password", N_("the SMTP password (kept in the encrypted store)"), NULL},
    {"smtp.from", N_("the sender address of notifications"), NULL},
    {"smtp.ca-file",
     N_("a CA certificate (PEM) to check the SMTP server with, if not the system's"), NULL},
    {"sms.command",
     N_("the command that sends an SMS or a message: {to} and {text} are replaced "
        "(e.g. gammu-smsd-inject TEXT {to} -text {text})"),
     NULL},
    {"inbox.maildir", N_("a Maildir folder whose new messages carry check-ins"), NULL},
    {"inbox.gammu", N_("gammu-smsd's inbox folder (files backend)"), NULL},
    {"inbox.imap",
     N_("an IMAP mailbox: imaps://host:993/INBOX or imap://host:143/INBOX (STARTTLS)"), NULL},
    {"imap.user", N_("the IMAP user name"), NULL},
    {"imap.password", N_("the IMAP password (kept in the encrypted store)"), NULL},
    {"imap.ca-file",
     N_("a CA certificate (PEM) to check the IMAP server with, if not the system's"), NULL},
    {NULL, NULL, NULL},
};

const vg_config_key *vg_notify_keys(void)
{
    return keys;
}

static int is_secret(const char *key)
{
    return strstr(key, "password") != NULL;
}

int vg_notify_set(vg_store *st, const char *key, const char *value)
{
    const vg_config_key *k;
    sqlite3_stmt *s = NULL;
    int rc, src;
    for (k = keys; k->key && strcmp(k->key, key); k++)
        ;
    if (!k->key)
        return vg_error_set(VG_EINVALID, _("unknown setting \"%s\""), key);
    if (value && !vg_nt_text_ok(value, 500))
        return vg_error_set(VG_EINVALID, _("%s: a value has 1 to 500 characters, none a control"),
                            key);
    if (value && !strcmp(key, "smtp.url") && strncmp(value, "smtp://", 7) &&
        strncmp(value, "smtps://", 8))
        return vg_error_set(VG_EINVALID, "%s",
                            _("smtp.url: smtp://host:port (STARTTLS) or smtps://host:port"));
    if (value && !strcmp(key, "inbox.imap") && strncmp(value, "imap://", 7) &&
        strncmp(value, "imaps://", 8))
        return vg_error_set(VG_EINVALID, "%s",
                            _("inbox.imap: imap://host:port/MAILBOX (STARTTLS) or "
                              "imaps://host:port/MAILBOX"));
    if (value && !strcmp(key, "smtp.from") && !vg_nt_email_ok(value))
        return vg_error_set(VG_EINVALID, _("\"%s\" is not an e-mail address"), value);
    if (value)
        rc = vg_sql_prepare(st, &s,
                            "INSERT OR REPLACE INTO notify_settings (key, value)"
                            " VALUES (?, ?)");
    else
        rc = vg_sql_prepare(st, &s, "DELETE FROM notify_settings WHERE key = ?");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    if (value)
        sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
    if ((src = sqlite3_step(s)) != SQLITE_DONE)
        rc = vg_sql_fail(st, src, "notify settings");
    sqlite3_finalize(s);
    if (rc != VG_OK)
        return rc;
    return vg_audit_append(st, value ? "notify.set" : "notify.unset", key,
                           value && !is_secret(key) ? value : NULL);
}

int vg_notify_get(vg_store *st, const char *key, char **out)
{
    sqlite3_stmt *s = NULL;
    int rc, src;
    *out = NULL;
    if ((rc = vg_sql_prepare(st, &s, "SELECT value FROM notify_settings WHERE key = ?")) != VG_OK)
        return rc;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    src = sqlite3_step(s);
    if (src == SQLITE_ROW)
        *out = vg_sql_col_dup(s, 0);
    else if (src != SQLITE_DONE)
        rc = vg_sql_fail(st, src, "notify settings");
    sqlite3_finalize(s);
    return rc;
}
