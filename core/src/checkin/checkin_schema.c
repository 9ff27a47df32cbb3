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
 * checkin_alerts    help, emergency, duress and guessing alerts, open until
 *                   resolved with a note. The duress mark lives only here,
 *                   never in the check-in row, so that no listing of
 *                   check-ins can show it.
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
    /* The alerts of one participant (the status report, purge, the cascade
     * from participant): an index seek, not a walk of the delegation's
     * whole alert history (issue 16: 4.9 s at 1,000 participants with a
     * year of resolved alerts). */
    {2, "CREATE INDEX checkin_alerts_participant ON checkin_alerts (participant_id, opened);"},
};

static const char *const checkin_tables[] = {"checkins", "checkin_alerts", NULL};

const vg_schema_module vg_schema_checkin = {
    "checkin", checkin_steps, sizeof checkin_steps / sizeof checkin_steps[0], checkin_tables};
