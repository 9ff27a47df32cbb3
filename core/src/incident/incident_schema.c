/* The incident module's tables (registered after "notify" in store/schema.c).
 *
 * incident         one row per incident or near miss of a delegation, numbered
 *                  within it (I1, I2...): category key (incident/labels.c),
 *                  severity 1..5, when it happened and was reported (UTC
 *                  seconds), country and region in clear (the anonymous
 *                  history), and the narrative: place, what happened, what
 *                  was done, help needed, and after closing causes,
 *                  procedures note, changes, support. With `sealed` set each
 *                  of those is a BLOB sealed by incident/seal.c, else TEXT;
 *                  `purged` once the narrative was erased with the people.
 *                  `alert_id` is the check-in alert it came from (unique).
 * incident_person  who is involved: a participant (participant_id) or an
 *                  outside person (name, sealed like the narrative), and a
 *                  role key; `purged` once their participant was purged.
 * incident_log     the timeline: timed (at), attributed (by) entries of a
 *                  kind (vg_entry_kind), the text sealed like the narrative.
 *
 * Rows go with the delegation (ON DELETE CASCADE); a removed participant
 * leaves the row (participant_id set NULL) so that the incident stays. */
#include <stddef.h>

#include "store/store_internal.h"

static const vg_migration incident_steps[] = {
    {1, "CREATE TABLE incident (id INTEGER PRIMARY KEY,"
        "  delegation_id INTEGER NOT NULL REFERENCES delegation(id) ON DELETE CASCADE,"
        "  num INTEGER NOT NULL, near_miss INTEGER NOT NULL CHECK (near_miss IN (0, 1)),"
        "  category TEXT NOT NULL, severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),"
        "  occurred INTEGER NOT NULL, reported INTEGER NOT NULL,"
        "  country TEXT NOT NULL, region TEXT, place BLOB, what BLOB, done BLOB, help BLOB,"
        "  reported_by TEXT NOT NULL, sealed INTEGER NOT NULL, purged INTEGER NOT NULL DEFAULT 0,"
        "  alert_id INTEGER UNIQUE, closed INTEGER, causes BLOB,"
        "  procedures INTEGER NOT NULL DEFAULT 0 CHECK (procedures BETWEEN 0 AND 3),"
        "  procedures_note BLOB, changes BLOB, support BLOB, closed_by TEXT,"
        "  risk_flagged INTEGER NOT NULL DEFAULT 0,"
        "  UNIQUE (delegation_id, num));"
        "CREATE INDEX incident_occurred ON incident (occurred);"
        "CREATE TABLE incident_person (incident_id INTEGER NOT NULL"
        "  REFERENCES incident(id) ON DELETE CASCADE, seq INTEGER NOT NULL,"
        "  participant_id INTEGER REFERENCES participant(id) ON DELETE SET NULL,"
        "  role TEXT NOT NULL, name BLOB, purged INTEGER NOT NULL DEFAULT 0,"
        "  PRIMARY KEY (incident_id, seq));"
        "CREATE INDEX incident_person_participant ON incident_person (participant_id);"
        "CREATE TABLE incident_log (incident_id INTEGER NOT NULL"
        "  REFERENCES incident(id) ON DELETE CASCADE, seq INTEGER NOT NULL,"
        "  at INTEGER NOT NULL, kind INTEGER NOT NULL, by TEXT NOT NULL, text BLOB,"
        "  logged INTEGER NOT NULL, PRIMARY KEY (incident_id, seq));"},
};

static const char *const incident_tables[] = {"incident", NULL};

const vg_schema_module vg_schema_incident = {
    "incident", incident_steps, sizeof incident_steps / sizeof incident_steps[0], incident_tables};
