/* The check-in module's tables (registered after "delegation" in store/schema.c).
 *
 * checkin_plans     one row per delegation that has a plan: its daily times
 *                   (minutes after local midnight, comma-separated), grace
 *                   and early windows in minutes, and its own ladder (the
 *                   YAML text, NULL for the default one).
 * checkin_expected  one-off expectations (journeys), per participant.
 * checkins          every check-in received, whatever the channel; `at` is
 *                   when the participant checked in (UTC seconds), `logged`
 *                   when it was recorded. Indexed on (participant_id, at):
 *                   "the latest check-in of each participant" is one index
 *                   seek per participant, never a scan of the history.
 * checkin_alerts    help, emergency, duress, guessing and review alerts, open until
 *                   resolved with a note. The duress mark lives only here,
 *                   never in the check-in row, so that no listing of
 *                   check-ins can show it.
 *
 * checkin_episodes  overdue episodes (vigie/checkin.h): the missed check-in's
 *                   due time and deadline, the longest lateness and highest
 *                   ladder step seen (-2: not known when recorded), when and
 *                   how it ended, the check-in that ended it, a note.
 *
 * Rows belong to a delegation and a participant of the delegation module;
 * removing a participant removes their check-ins, expectations and alerts
 * (ON DELETE CASCADE: personal data goes with the person). */
#include <stddef.h>

#include "store/store_internal.h"

static const vg_migration checkin_steps[] = {
    {1, "CREATE TABLE checkin_plans (delegation_id INTEGER PRIMARY KEY"
        "  REFERENCES delegation(id) ON DELETE CASCADE,"
        "  daily TEXT NOT NULL, grace INTEGER NOT NULL, early INTEGER NOT NULL,"
        "  ladder TEXT, ladder_name TEXT, updated INTEGER NOT NULL);"
        "CREATE TABLE checkin_expected (id INTEGER PRIMARY KEY,"
        "  delegation_id INTEGER NOT NULL REFERENCES delegation(id) ON DELETE CASCADE,"
        "  participant_id INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,"
        "  from_at INTEGER NOT NULL, by_at INTEGER NOT NULL, grace INTEGER NOT NULL,"
        "  reason TEXT NOT NULL, travelling INTEGER NOT NULL,"
        "  created INTEGER NOT NULL, cancelled INTEGER);"
        "CREATE INDEX checkin_expected_participant ON checkin_expected (participant_id, from_at);"
        "CREATE TABLE checkins (id INTEGER PRIMARY KEY,"
        "  delegation_id INTEGER NOT NULL REFERENCES delegation(id) ON DELETE CASCADE,"
        "  participant_id INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,"
        "  at INTEGER NOT NULL, status INTEGER NOT NULL CHECK (status IN (0, 1, 2)),"
        "  place TEXT, via TEXT, note TEXT, source TEXT NOT NULL, logged INTEGER NOT NULL);"
        "CREATE INDEX checkins_participant_at ON checkins (participant_id, at);"
        "CREATE INDEX checkins_delegation_at ON checkins (delegation_id, at);"
        "CREATE TABLE checkin_alerts (id INTEGER PRIMARY KEY,"
        "  delegation_id INTEGER NOT NULL REFERENCES delegation(id) ON DELETE CASCADE,"
        "  participant_id INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,"
        "  kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 4), checkin_id INTEGER,"
        "  detail TEXT, opened INTEGER NOT NULL, resolved INTEGER, note TEXT);"
        "CREATE INDEX checkin_alerts_open ON checkin_alerts (delegation_id, resolved);"},
    /* 2: review alerts (kind 5), overdue episodes. SQLite cannot change a
     * CHECK: the alerts table is copied into a new one. */
    {2, "CREATE TABLE checkin_alerts_new (id INTEGER PRIMARY KEY,"
        "  delegation_id INTEGER NOT NULL REFERENCES delegation(id) ON DELETE CASCADE,"
        "  participant_id INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,"
        "  kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 5), checkin_id INTEGER,"
        "  detail TEXT, opened INTEGER NOT NULL, resolved INTEGER, note TEXT);"
        "INSERT INTO checkin_alerts_new SELECT id, delegation_id, participant_id, kind,"
        "  checkin_id, detail, opened, resolved, note FROM checkin_alerts;"
        "DROP TABLE checkin_alerts;"
        "ALTER TABLE checkin_alerts_new RENAME TO checkin_alerts;"
        "CREATE INDEX checkin_alerts_open ON checkin_alerts (delegation_id, resolved);"
        "CREATE TABLE checkin_episodes (id INTEGER PRIMARY KEY,"
        "  delegation_id INTEGER NOT NULL REFERENCES delegation(id) ON DELETE CASCADE,"
        "  participant_id INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,"
        "  due INTEGER NOT NULL, start INTEGER NOT NULL, late INTEGER NOT NULL,"
        "  travelling INTEGER NOT NULL, step INTEGER NOT NULL, reason TEXT,"
        "  ended INTEGER, how INTEGER NOT NULL DEFAULT 0 CHECK (how BETWEEN 0 AND 3),"
        "  checkin_id INTEGER, note TEXT);"
        "CREATE INDEX checkin_episodes_participant ON checkin_episodes (participant_id, start);"
        "CREATE INDEX checkin_episodes_delegation ON checkin_episodes (delegation_id, ended);"},
    /* The alerts of one participant (the status report, purge, the cascade
     * from participant): an index seek, not a walk of the delegation's
     * whole alert history (issue 16: 4.9 s at 1,000 participants with a
     * year of resolved alerts). */
    {3, "CREATE INDEX checkin_alerts_participant ON checkin_alerts (participant_id, opened);"},
    /* The number of check-ins, kept by triggers in the transaction that
     * writes or deletes them (a cascade from a participant or a delegation
     * too): `vigie status` reads it instead of walking an index of the
     * whole history (issue 16: linear, 3,400 pages at 1,000,000), and
     * `vigie check` compares it with count(*). */
    {4, "CREATE TABLE checkin_count (id INTEGER PRIMARY KEY CHECK (id = 1),"
        "  n INTEGER NOT NULL);"
        "INSERT INTO checkin_count SELECT 1, count(*) FROM checkins;"
        "CREATE TRIGGER checkins_counted AFTER INSERT ON checkins"
        "  BEGIN UPDATE checkin_count SET n = n + 1 WHERE id = 1; END;"
        "CREATE TRIGGER checkins_uncounted AFTER DELETE ON checkins"
        "  BEGIN UPDATE checkin_count SET n = n - 1 WHERE id = 1; END;"},
    /* A participant's open episode (every check-in, every status report):
     * one seek, not a walk back through the episodes of the whole store
     * (issue 16: half of `checkin status` with a year of history). */
    {5, "CREATE INDEX checkin_episodes_open ON checkin_episodes (participant_id, ended, id);"},
};

static const char *const checkin_tables[] = {"checkins", "checkin_alerts", "checkin_episodes",
                                             NULL};

const vg_schema_module vg_schema_checkin = {
    "checkin", checkin_steps, sizeof checkin_steps / sizeof checkin_steps[0], checkin_tables};

const vg_kept_count vg_checkin_kept_count = {"checkins", "SELECT n FROM checkin_count"};
