#!/usr/bin/env bash
# Alarms that are never missed and never false (issue 12): overdue episodes
# kept beside the alerts, status words anywhere in a card message, duress
# from old kits and cards and out of order, codes split over two chat
# messages, input past 1 MiB, and commands that meet a busy store.
. "$(dirname "$0")/lib.sh"
new_store
"$VIGIE" unlock --for 10m >/dev/null 2>&1 || true

S=colombie-2025
CO=America/Bogota
utc() { date -u -d "TZ=\"$CO\" $1" +%Y-%m-%dT%H:%M:%SZ; }
at() {
  local when=$1
  shift
  VIGIE_NOW=$(utc "$when") run "$@"
}
VIGIE_NOW=2025-02-20T12:00:00Z expect 0 delegation add $S --name "Délégation syndicale Colombie" \
  --country CO --start 2025-03-03 --end 2025-03-12 --lead "Zoé Roy"
for p in "Zoé Roy" "Samuel Morin" "Léa Tremblay" "Marie-Claude Dion"; do
  expect 0 participant add $S --name "$p"
done
expect 0 checkin plan $S --daily 08:00 --daily 20:00 --grace 30

# ---- lateness leaves a trace ----
# Samuel: 08:00 on time, then nothing until 23:00 (2 h 30 after 20:30);
# nobody ran `checkin status` meanwhile.
for p in "Zoé Roy" "Samuel Morin" "Léa Tremblay" "Marie-Claude Dion"; do
  at "2025-03-03 08:05" checkin log $S --participant "$p" --at 2025-03-03T08:02
done
at "2025-03-03 20:10" checkin log $S --participant "Zoé Roy" --at 2025-03-03T20:05
at "2025-03-03 20:10" checkin log $S --participant "Marie-Claude Dion" --at 2025-03-03T20:05
at "2025-03-03 23:01" checkin log $S --participant "Samuel Morin" --at 2025-03-03T23:00
check "Samuel's late check-in is logged" test "$RC" = 0
at "2025-03-03 23:02" checkin alerts $S --all
has "Overdue episodes:"
has "Samuel Morin"
has "2 h 30"
has "checked in"
# Léa: missing since 20:30; a cron `checkin status` sees her at T+6 h
at "2025-03-04 02:55" checkin status $S
check "Léa overdue: exit 3" test "$RC" = 3
at "2025-03-04 02:56" checkin alerts $S
has "Overdue now:"
has "Léa Tremblay"
has "still overdue"
at "2025-03-04 02:57" checkin log $S --participant "Léa Tremblay" --at 2025-03-04T02:55
at "2025-03-04 03:00" checkin resolve $S --participant "Léa Tremblay" --note "Batterie à plat, rejointe par le partenaire"
check "an episode alone can be resolved" test "$RC" = 0
at "2025-03-04 03:01" --json checkin alerts $S --all
has '"how":"checked-in"'
has '"late_minutes":385'
has '"note":"Batterie à plat, rejointe par le partenaire"'
has '"step":'
hasnt '"step":0'
# the past report changes nothing
at "2025-03-04 03:02" checkin status $S --at 2025-03-04T01:00
at "2025-03-04 03:03" --json checkin alerts $S
has '"episodes":[]'

# ---- status words anywhere in a card message (review finding 1) ----
code() { awk -v n="$2" '{ for (i = 1; i < NF; i++) if ($i == n && $(i+1) ~ /^[0-9][0-9][0-9][0-9][0-9][0-9]$/) { print $(i+1); exit } }' "$T/$1.txt"; }
positions() { sed -n 's/.*"duress_positions":"\([0-9, ]*\)".*/\1/p' <<<"$OUT" | tr -d ' '; }
# normal N POSITIONS: the N-th position (1-based) that is not a duress one
normal() {
  local k=0 p
  for p in $(seq 1 43); do
    case ",$2," in *",$p,"*) continue ;; esac
    k=$((k + 1))
    [ "$k" = "$1" ] && { echo "$p"; return; }
  done
}
at "2025-03-02 10:00" --json card export $S --participant "Zoé Roy" --output "$T/zoe.txt"
zd=$(positions)
check "the card prints SOS among the words" grep -q "URGENCE · EMERGENCY · EMERGENCIA · SOS" "$T/zoe.txt"
n=0
msg() { # msg EXIT TEXT-WITH-%s: the next normal code of Zoé's card in TEXT
  n=$((n + 1))
  local c
  c=$(code zoe "$(normal $n "$zd")")
  at "2025-03-05 12:00" checkin code $S "$(printf "$2" "$c")"
  check "\"$2\" exits $1 (got $RC)" test "$RC" = "$1"
}
msg 4 "%s Cali aide"
has "help"
msg 4 "%s Cúcuta URGENCE"
has "emergency"
msg 4 "%s S.O.S."
msg 4 "%s not ok, help"
msg 4 "%s on est bloqués, aide SVP"
msg 3 "OK %s pas besoin d'aide"
has "TO REVIEW"
has "aide"
msg 3 "OK %s aide ?"
msg 0 "OK %s Cali"
at "2025-03-05 12:01" checkin alerts $S
has "TO REVIEW"
has "after a negation"
has "in a question"
# a message to read is attention (3), not an alarm, in `checkin status`
at "2025-03-05 12:02" checkin resolve $S --participant "Zoé Roy" --note "Appel : tout va bien, fausse alerte"
msg 3 "OK %s sos ?"
at "2025-03-05 12:05" checkin status $S --at 2025-03-05T12:05
check "a review alert alone: status exits 3 (got $RC)" test "$RC" = 3
has "TO REVIEW"

finish
