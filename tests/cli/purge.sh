#!/usr/bin/env bash
# purge --expired: personal data past its retention date is erased, the
# anonymous history stays, and the audit log says so without names.
. "$(dirname "$0")/lib.sh"
new_store
count() { "$VIGIE" --json participant list "$1" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
expect 0 delegation add colombie-2026 --name "Colombie" --country CO --start 2026-03-01 --end 2026-03-15 --lead "Geneviève Côté"
expect 0 delegation add haiti-2027 --name "Haïti" --country HT --start 2027-03-01 --end 2027-03-15
expect 0 participant add colombie-2026 --name "Éloïse Purgeable" --role "Déléguée" --passport-number PP123 \
  --phone "418 555 0101" --consent-date 2026-01-10
expect 0 participant add colombie-2026 --name "Marc Purgeable" --role "Délégué"
printf 'Q1?\nA1\nQ2?\nA2\nQ3?\nA3\n' | "$VIGIE" participant pol colombie-2026 eloise --set >/dev/null
expect 0 participant add haiti-2027 --name "Rose Later"
# A longer retention for one person (kept until 2030).
expect 0 participant add colombie-2026 --name "Zoé Longue" --retention-date 2030-01-01
# A check-in says where someone was: personal data too.
VIGIE_NOW=2026-03-02T14:00:00Z expect 0 checkin log colombie-2026 --participant eloise \
  --at 2026-03-02T08:05 --where "Hôtel Secreto" --via Signal --note "note privée"

# Before the retention date (2027-09-15): nothing to purge.
VIGIE_NOW=2027-09-15T12:00:00-04:00 expect 0 purge --expired
has "No personal data is past its retention date"
expect 2 purge
has "--expired" err

# A dry run lists and changes nothing.
export VIGIE_NOW=2027-09-16T12:00:00Z
before=$(sums "$VIGIE_STORE/vigie.db")
expect 0 purge --expired --dry-run
has "Éloïse Purgeable"
has "Marc Purgeable"
hasnt "Rose Later"
hasnt "Zoé Longue"
has "nothing was changed"
check "dry run changes nothing" test "$before" = "$(sums "$VIGIE_STORE/vigie.db")"
expect 0 --json purge --expired --dry-run
has '"dry_run":true'
has '"retention_date":"2027-09-15"'

# The purge: asked at a terminal, refused without --yes elsewhere (issue 13).
before=$(sums "$VIGIE_STORE/vigie.db")
expect 2 purge --expired
has "confirm with --yes" err
check "no purge without --yes" test "$before" = "$(sums "$VIGIE_STORE/vigie.db")"
PTY="/usr/bin/python3 $(dirname "$0")/pty_run.py"
OUT=$($PTY "for good?" "n" -- "$VIGIE" purge --expired 2>&1); RC=$?
check "a terminal is asked first" test "$RC" = 0
has "Éloïse Purgeable"
has "Nothing was erased"
check "no purge when the answer is no" test "$before" = "$(sums "$VIGIE_STORE/vigie.db")"
expect 0 purge --expired --yes
has "erased"
expect 1 participant show colombie-2026 eloise
expect 0 --json participant list colombie-2026
check "rows stay as anonymous history" test "$(count colombie-2026)" = 3
has '"name":null'
has '"purged":true'
has '"role":"Déléguée"'
has '"consent_date":"2026-01-10"'
has '"retention_date":"2027-09-15"'
hasnt "Purgeable"
hasnt "PP123"
hasnt "418 555 0101"
has '"name":"Zoé Longue"'
expect 0 participant list colombie-2026
has "(purged #1)"
expect 0 checkin history colombie-2026 # the time stays, what it said goes
has "2026-03-02 08:05 -05:00"
hasnt "Hôtel Secreto"
hasnt "note privée"
hasnt "Signal"
expect 0 --json audit log
has "participant.purge"
has "purge.expired"
has "2 participants"
hasnt "Purgeable" # the audit holds no names
# The lead's name stays while someone of the delegation is not purged.
expect 0 --json delegation show colombie-2026
has '"lead":"Geneviève Côté"'
# Nothing left to purge; a purged participant cannot be edited.
expect 0 purge --expired
has "No personal data"
# A purged name can be used again.
expect 0 participant add colombie-2026 --name "Éloïse Purgeable"

# Later, everyone is past retention: the lead's name goes too.
export VIGIE_NOW=2030-06-01T00:00:00Z
expect 0 purge --expired --yes
has "Zoé Longue"
has "Rose Later"
expect 0 --json delegation show colombie-2026
has '"lead":null'
expect 0 check

# The retention period is a setting.
unset VIGIE_NOW
expect 0 config set retention.months 6
expect 0 delegation add mexique-2026 --name "Mexique" --country MX --start 2026-05-01 --end 2026-05-31
expect 0 participant add mexique-2026 --name "Ana"
has "2026-11-30"
finish
