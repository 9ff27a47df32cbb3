#!/usr/bin/env bash
# The country guide's embassy and emergency numbers join a delegation's
# contacts and the escalation's "whom to call", without retyping.
. "$(dirname "$0")/lib.sh"
new_store
expect 0 delegation add co-2026 --name "Test" --country CO --start 2026-03-01 --end 2026-03-10
expect 0 participant add co-2026 --name "Ana Test"
expect 0 --lang fr contact list co-2026
has "+57 601 657 9800"          # the embassy, from co.fr.md
has "Centre de surveillance"    # the EWRC
has "+1 613 996 8885"
has "GAULA"                      # a local emergency number
has "guide pays, à vérifier"
expect 0 contact list co-2026 --json
has '"from_guide":true'
expect 0 contact list co-2026 --own
hasnt "+57 601 657 9800"
# The delegation's own embassy contact takes the guide's place in the escalation.
expect 0 checkin plan co-2026 --daily 08:00 --grace 30
VIGIE_NOW=2026-03-02T20:00:00-05:00 expect 3 --lang fr checkin status co-2026
has "Ambassade du Canada en Colombie"
has "selon le guide pays"
expect 0 contact add co-2026 --name "Ambassade (contact direct)" --role embassy --phone "+57 601 657 9801"
VIGIE_NOW=2026-03-02T20:00:00-05:00 expect 3 --lang fr checkin status co-2026
has "Ambassade (contact direct)"
hasnt "Ambassade du Canada en Colombie"
# A country without a guide: only the delegation's own contacts, no error.
expect 0 delegation add pe-2026 --name "Pérou" --country PE --start 2026-03-01 --end 2026-03-10
expect 0 contact list pe-2026
finish
