/* The notify module's tables (registered last in store/schema.c).
 *
 * notify_recipients  people told by the watch: ladder roles (bits), e-mail,
 *                    phone, an optional delegation, the first step.
 * notify_settings    SMTP server, SMS command, inboxes (key, value).
 * notify_events      what happened, once each: a ladder step reached by an
 *                    overdue participant (kind 1), the end of that episode
 *                    (2), an open alert (3), its end (4). Keyed on
 *                    (delegation, participant, kind, key, step): key is the
 *                    missed check-in's due time for steps and ends of
 *                    episodes, the alert's id for alerts.
 * notify_outbox      one message per event, recipient and channel, queued in
 *                    the event's transaction, in the recipient's language;
 *                    `sending` is set before the channel is given it (the
 *                    send's outcome is then journalled outside the store, see
 *                    notify/sender.c), `sent` only after the channel accepted
 *                    it.
 * notify_inbox       every message read from an inbound channel, by a unique
 *                    id (so none is processed twice): its outcome, and its
 *                    text when it could not be placed (for the coordinator). */
#include <stddef.h>

#include "store/store_internal.h"

static const vg_migration notify_steps[] = {
    {1, "CREATE TABLE notify_recipients (id INTEGER PRIMARY KEY,"
        "  name TEXT NOT NULL UNIQUE COLLATE NOCASE, roles INTEGER NOT NULL,"
        "  email TEXT, phone TEXT,"
        "  delegation_id INTEGER REFERENCES delegation(id) ON DELETE CASCADE,"
        "  from_step INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL);"
        "CREATE TABLE notify_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE notify_events (id INTEGER PRIMARY KEY,"
        "  delegation_id INTEGER NOT NULL REFERENCES delegation(id) ON DELETE CASCADE,"
        "  participant_id INTEGER REFERENCES participant(id) ON DELETE CASCADE,"
        "  kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 4), key INTEGER NOT NULL,"
        "  step INTEGER NOT NULL, alert_kind INTEGER NOT NULL DEFAULT 0,"
        "  created INTEGER NOT NULL,"
        "  UNIQUE (delegation_id, participant_id, kind, key, step));"
        "CREATE TABLE notify_outbox (id INTEGER PRIMARY KEY,"
        "  event_id INTEGER NOT NULL REFERENCES notify_events(id) ON DELETE CASCADE,"
        "  recipient_id INTEGER REFERENCES notify_recipients(id) ON DELETE SET NULL,"
        "  channel TEXT NOT NULL, address TEXT NOT NULL, subject TEXT NOT NULL,"
        "  body TEXT NOT NULL, created INTEGER NOT NULL, sent INTEGER,"
        "  attempts INTEGER NOT NULL DEFAULT 0, error TEXT,"
        "  UNIQUE (event_id, recipient_id, channel));"
        "CREATE INDEX notify_outbox_pending ON notify_outbox (sent);"
        "CREATE TABLE notify_inbox (id INTEGER PRIMARY KEY, source TEXT NOT NULL,"
        "  msgid TEXT NOT NULL UNIQUE, received INTEGER NOT NULL, sender TEXT,"
        "  delegation_id INTEGER REFERENCES delegation(id) ON DELETE SET NULL,"
        "  participant_id INTEGER REFERENCES participant(id) ON DELETE SET NULL,"
        "  logged INTEGER NOT NULL, outcome TEXT NOT NULL, text TEXT, done INTEGER);"},
    /* 2: each recipient's language; each message's language and the time
     * its send began (the outbox's states: queued, sending, sent). */
    {2, "ALTER TABLE notify_recipients ADD COLUMN lang TEXT;"
        "ALTER TABLE notify_outbox ADD COLUMN lang TEXT;"
        "ALTER TABLE notify_outbox ADD COLUMN sending INTEGER;"},
};

static const char *const notify_tables[] = {"notify_recipients", "notify_outbox", "notify_inbox",
                                            NULL};

const vg_schema_module vg_schema_notify = {
    "notify", notify_steps, sizeof notify_steps / sizeof notify_steps[0], notify_tables};
