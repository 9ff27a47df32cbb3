/* The test message, the record of notifications, the inbox of unplaced messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/notify.h>

#include "notify/notify_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"

int vg_notify_test(vg_store *st, const char *name, int *sent_out, int *failed_out)
{
    vg_recipient r;
    vg_nt_channels c;
    int rc, sent = 0, failed = 0, first = VG_OK;
    char first_msg[512] = "", obj[48], detail[64], when[32];
    if ((rc = vg_notify_recipient_get(st, name, &r)) != VG_OK)
        return rc;
    if ((rc = vg_nt_channels_load(st, &c)) != VG_OK) {
        vg_recipient_clear(&r);
        return rc;
    }
    vg_time_format_utc(when, vg_now());
    /* In the recipient's language, as their notifications will be. */
    vg_i18n_saved saved;
    char subject[128], body[512];
    if (r.lang)
        vg_i18n_use(r.lang, &saved);
    snprintf(subject, sizeof subject, "%s", _("[Vigie] Test message"));
    snprintf(body, sizeof body,
             _("This is a test message from Vigie, sent at %s.\n"
               "You will receive the notifications of check-ins and alerts this way.\n"),
             when);
    if (r.lang)
        vg_i18n_restore(&saved);
    const char *chans[2] = {"email", "sms"};
    const char *addrs[2] = {r.email, r.phone};
    for (int i = 0; i < 2; i++) {
        if (!addrs[i])
            continue;
        if (vg_nt_send(&c, chans[i], addrs[i], subject, body, NULL) == VG_OK)
            sent++;
        else {
            if (!failed) {
                first = VG_ERROR;
                snprintf(first_msg, sizeof first_msg, "%s", vg_error_last());
            }
            failed++;
        }
    }
    vg_nt_channels_clear(&c);
    snprintf(obj, sizeof obj, "recipient %lld", (long long)r.id);
    snprintf(detail, sizeof detail, "sent %d, failed %d", sent, failed);
    vg_recipient_clear(&r);
    if (sent_out)
        *sent_out = sent;
    if (failed_out)
        *failed_out = failed;
    if ((rc = vg_audit_append(st, "notify.test", obj, detail)) != VG_OK)
        return rc;
    if (first != VG_OK)
        return vg_error_set(first, "%s", first_msg);
    return VG_OK;
}

#define LOG_SQL                                                                                    \
    "SELECT o.id, d.slug, r.name, o.channel, o.subject, o.created, o.sent, o.attempts, o.error,"   \
    " o.lang, 'vigie.' || o.id || '.' || o.created || '@vigie.invalid', e.kind, e.key, e.step"     \
    " FROM notify_outbox o JOIN notify_events e ON e.id = o.event_id"                              \
    " JOIN delegation d ON d.id = e.delegation_id"                                                 \
    " LEFT JOIN notify_recipients r ON r.id = o.recipient_id"

static int read_entry(sqlite3_stmt *s, void *elem, void *ud)
{
    vg_notify_entry *e = elem;
    (void)ud;
    e->id = sqlite3_column_int64(s, 0);
    e->delegation = vg_sql_col_dup(s, 1);
    e->recipient = vg_sql_col_dup(s, 2);
    e->channel = vg_sql_col_dup(s, 3);
    e->subject = vg_sql_col_dup(s, 4);
    e->created = sqlite3_column_int64(s, 5);
    e->sent = sqlite3_column_int64(s, 6);
    e->attempts = sqlite3_column_int(s, 7);
    e->error = vg_sql_col_dup(s, 8);
    e->lang = vg_sql_col_dup(s, 9);
    e->message_id = vg_sql_col_dup(s, 10);
    e->kind = (vg_notify_kind)sqlite3_column_int(s, 11);
    e->key = sqlite3_column_int64(s, 12);
    e->step = sqlite3_column_int(s, 13) + 1;
    return VG_OK;
}

static int log_query(vg_store *st, const char *sql, int64_t arg, vg_notify_entry **out, size_t *n)
{
    sqlite3_stmt *s = NULL;
    void *rows = NULL;
    size_t cnt = 0;
    int rc;
    *out = NULL;
    *n = 0;
    if ((rc = vg_sql_prepare(st, &s, sql)) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, arg);
    rc = vg_sql_rows(st, s, sizeof **out, &rows, &cnt, read_entry, NULL, "notify log");
    sqlite3_finalize(s);
    if (rc != VG_OK) {
        vg_notify_entries_free(rows, cnt);
        return rc;
    }
    *out = rows;
    *n = cnt;
    return VG_OK;
}

int vg_notify_log(vg_store *st, int64_t last, vg_notify_entry **out, size_t *n)
{
    return log_query(st, "SELECT * FROM (" LOG_SQL " ORDER BY o.id DESC LIMIT ?1) ORDER BY 1",
                     last > 0 ? last : -1, out, n);
}

int vg_notify_log_alert(vg_store *st, int64_t alert_id, vg_notify_entry **out, size_t *n)
{
    return log_query(st, LOG_SQL " WHERE e.kind IN (3, 4) AND e.key = ?1 ORDER BY o.id", alert_id,
                     out, n);
}

void vg_notify_entries_free(vg_notify_entry *e, size_t n)
{
    for (size_t i = 0; e && i < n; i++) {
        free(e[i].delegation);
        free(e[i].recipient);
        free(e[i].channel);
        free(e[i].subject);
        free(e[i].error);
        free(e[i].lang);
        free(e[i].message_id);
    }
    free(e);
}

static int read_inbox(sqlite3_stmt *s, void *elem, void *ud)
{
    vg_inbox_entry *e = elem;
    (void)ud;
    e->id = sqlite3_column_int64(s, 0);
    e->source = vg_sql_col_dup(s, 1);
    e->sender = vg_sql_col_dup(s, 2);
    e->received = sqlite3_column_int64(s, 3);
    e->outcome = vg_sql_col_dup(s, 4);
    e->text = vg_sql_col_dup(s, 5);
    return VG_OK;
}

int vg_notify_inbox(vg_store *st, int all, vg_inbox_entry **out, size_t *n)
{
    sqlite3_stmt *s = NULL;
    void *rows = NULL;
    size_t cnt = 0;
    int rc;
    *out = NULL;
    *n = 0;
    rc = vg_sql_prepare(st, &s,
                        "SELECT id, source, sender, received, outcome, text FROM notify_inbox"
                        " WHERE ?1 OR (logged = 0 AND done IS NULL) ORDER BY id");
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int(s, 1, all ? 1 : 0);
    rc = vg_sql_rows(st, s, sizeof **out, &rows, &cnt, read_inbox, NULL, "notify inbox");
    sqlite3_finalize(s);
    if (rc != VG_OK) {
        vg_inbox_entries_free(rows, cnt);
        return rc;
    }
    *out = rows;
    *n = cnt;
    return VG_OK;
}

int vg_notify_inbox_done(vg_store *st, int64_t id)
{
    sqlite3_stmt *s = NULL;
    char obj[48];
    int rc, src;
    if ((rc = vg_sql_prepare(st, &s,
                             "UPDATE notify_inbox SET done = ? WHERE id = ?"
                             " AND done IS NULL AND logged = 0")) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, vg_now());
    sqlite3_bind_int64(s, 2, id);
    if ((src = sqlite3_step(s)) != SQLITE_DONE)
        rc = vg_sql_fail(st, src, "notify inbox");
    else if (sqlite3_changes(vg_store_db(st)) == 0)
        rc = vg_error_set(VG_ENOTFOUND, _("no message %lld waits in the inbox"), (long long)id);
    sqlite3_finalize(s);
    if (rc != VG_OK)
        return rc;
    snprintf(obj, sizeof obj, "inbox %lld", (long long)id);
    return vg_audit_append(st, "notify.inbox.done", obj, NULL);
}

void vg_inbox_entries_free(vg_inbox_entry *e, size_t n)
{
    for (size_t i = 0; e && i < n; i++) {
        free(e[i].source);
        free(e[i].sender);
        free(e[i].outcome);
        free(e[i].text);
    }
    free(e);
}
