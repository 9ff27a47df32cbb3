#!/usr/bin/env bash
# Check-ins: a simulated ten-day delegation of eleven participants in Haiti
# (3 to 12 March 2025; daylight saving starts on Sunday 9 March at 02:00),
# with VIGIE_NOW: on-time, early, double, late and missing check-ins, the
# ladder's steps exactly at their boundaries, a journey, help and duress
# alerts, resolve, and the exit codes 0, 3 and 4.
. "$(dirname "$0")/lib.sh"
new_store
"$VIGIE" unlock --for 10m >/dev/null 2>&1 || true # faster when the keyring is there

S=haiti-2025
HT=America/Port-au-Prince
# utc "2025-03-09 20:30": local time in Haiti -> UTC ISO 8601 (the tz database)
utc() { date -u -d "TZ=\"$HT\" $1" +%Y-%m-%dT%H:%M:%SZ; }
# at LOCAL CMD...: run vigie with the clock at local time LOCAL in Haiti
at() {
  local when=$1
  shift
  VIGIE_NOW=$(utc "$when") run "$@"
}
# log LOCAL NAME [opts]: NAME checks in at LOCAL (the clock a minute later)
log() {
  local when=$1 who=$2
  shift 2
  VIGIE_NOW=$(utc "$when 1 minute") run checkin log $S --participant "$who" --at "${when/ /T}" "$@"
  # a help, emergency or duress check-in opens an alert: exit 4, else 0
  local want=0
  case " $* " in *" help "*|*" emergency "*|*" --duress "*) want=4 ;; esac
  if [ "$RC" = "$want" ]; then ok; else ko "log $who at $when exited $RC, expected $want"; fi
}
# status LOCAL: the status at local time LOCAL (clock = that time too)
status() { at "$1" checkin status $S; }
expect_status() { # expect_status EXIT LOCAL
  status "$2"
  if [ "$RC" = "$1" ]; then ok; else ko "status at $2 exited $RC, expected $1"; fi
}

TEAM=("Amélie Tremblay" "Jean-Robert Pierre" "Marie-Ève Gagnon" "Louis Bouchard" "Sophie Roy"
  "Karim Haddad" "Élodie Côté" "Mathieu Lavoie" "Chloé Fortin" "Samuel Morin" "Fatou Diallo")

VIGIE_NOW=2025-02-20T12:00:00Z expect 0 delegation add $S --name "Délégation Haïti 2025" --country HT \
  --start 2025-03-03 --end 2025-03-12 --lead "Amélie Tremblay"
i=0
for p in "${TEAM[@]}"; do
  i=$((i + 1))
  expect 0 participant add $S --name "$p" --local-sim "+509 3$(printf %03d $i) 0000" \
    --kin1-name "Proche $i" --kin1-phone "+1 418 555 0$(printf %03d $i)"
done
expect 0 contact add $S --name "Konbit Jacmel" --role partner --phone "+509 2811 0101"
expect 0 contact add $S --name "Hôtel Cyvadier" --role accommodation --phone "+509 3702 0202"
expect 0 contact add $S --name "Ambassade du Canada" --role embassy --phone "+509 2812 9000"
expect 0 contact add $S --name "Cellule de crise CISO" --role crisis-cell --phone "+1 514 555 0177"
expect 0 config set security.focal_point "Julie Bergeron"
expect 0 config set security.focal_phone "+1 514 555 0142"

# ---- the plan ----
expect 2 checkin plan $S --grace 30                 # no --daily
expect 2 checkin plan $S --daily 8h --grace 30      # not HH:MM
expect 2 checkin plan $S --daily 08:00 --grace 0    # grace out of range
expect 1 checkin plan nowhere-2025 --daily 08:00
expect 1 checkin plan $S                            # no plan yet: says so
has "no check-in plan" err
expect 1 checkin plan $S --daily 08:00 --daily 08:00
has "08:00 is given twice" err
expect 0 checkin plan $S --daily 20:00 --daily 08:00 --grace 30
has "08:00, 20:00"
expect 0 checkin plan $S
has "T+3 h (travelling: T+2 h)"
has "Emergency Watch and Response Centre"
expect 0 --json checkin plan $S
has '"daily":["08:00","20:00"]'
has '"grace_minutes":30'
check "plan --json is valid JSON" /usr/bin/python3 -c 'import json,sys; json.loads(sys.argv[1])' "$OUT"

# ---- before the start: nobody is due ----
expect_status 0 "2025-03-02 23:59"
has "has not started"
hasnt "OVERDUE"

# ---- day 1 (3 March): the first morning ----
expect_status 0 "2025-03-03 08:29:59"
has "11 on time"
expect_status 3 "2025-03-03 08:30" # exactly when the grace window closes
has "0 open alert(s), 11 overdue, 0 on time."
has "late by 0 s"
has "step T+0"
has "Remind the participant"
for p in "${TEAM[@]:1}"; do log "2025-03-03 08:05" "$p"; done
log "2025-03-03 07:30" "Amélie Tremblay" --where "Port-au-Prince" --via Signal # early, at the opening
expect_status 0 "2025-03-03 08:31"
has "11 on time"
has "2025-03-03 20:00 -05:00" # next due, local time

# Too early: a check-in before the 20:00 window opens (19:30) does not count for it.
for p in "${TEAM[@]:1}"; do log "2025-03-03 20:02" "$p"; done
log "2025-03-03 19:29" "Amélie Tremblay"
expect_status 0 "2025-03-03 20:29:59"
expect_status 3 "2025-03-03 20:30"
has "Amélie Tremblay: late by 0 s (check-in of 2025-03-03 20:00 -05:00, on time until 2025-03-03 20:30 -05:00)"
has "1 overdue"
# Double check-ins in the same window count once.
log "2025-03-03 20:31" "Amélie Tremblay"
log "2025-03-03 20:40" "Amélie Tremblay"
expect_status 0 "2025-03-03 21:00"

# ---- days 2 and 3: a late evening, every ladder step at its boundary ----
day() { # day DATE: everyone but the names given after checks in at 08:03 and 20:03
  local d=$1
  shift
  for p in "${TEAM[@]}"; do
    local skip=0
    for x in "$@"; do [ "$p" = "$x" ] && skip=1; done
    [ $skip = 1 ] && continue
    log "$d 08:03" "$p"
    log "$d 20:03" "$p"
  done
}
day 2025-03-04 "Louis Bouchard"
log "2025-03-04 08:03" "Louis Bouchard" # morning only: late in the evening
expect_status 0 "2025-03-04 20:29"
expect_status 3 "2025-03-04 20:59:59"
has "Louis Bouchard: late by 29 min"
has "step T+0"
hasnt "step T+30 min"
expect_status 3 "2025-03-04 21:00"
has "step T+30 min"
has "Call the participant, then their buddy or the team lead"
has "Amélie Tremblay  +509 30 01 0000" # the team lead and her local number
has "Louis Bouchard  +509 30 04 0000"
has "next step at 2025-03-04 21:30 -05:00 (T+1 h)"
expect_status 3 "2025-03-04 21:30"
has "step T+1 h"
has "Konbit Jacmel  +509 28 11 0101"
has "Hôtel Cyvadier  +509 37 02 0202"
expect_status 3 "2025-03-04 23:29:59"
has "step T+1 h"
expect_status 3 "2025-03-04 23:30"
has "step T+3 h"
has "Julie Bergeron  +1 514 555 0142"
has "Ambassade du Canada  +509 28 12 9000"
expect 3 --json checkin status $S --at 2025-03-04T23:30
has '"late_seconds":10800'
has '"role":"focal-point","name":"Julie Bergeron","phone":"+1 514 555 0142"'
check "status --json is valid JSON" /usr/bin/python3 -c 'import json,sys; json.loads(sys.argv[1])' "$OUT"
# --at with an offset means the same instant
expect 3 checkin status $S --at 2025-03-05T04:30:00Z
has "step T+3 h"
log "2025-03-04 23:41" "Louis Bouchard" --via "appel" --note "téléphone déchargé"
expect_status 0 "2025-03-04 23:45"

# ---- a journey: the travelling delays (T+2 h instead of T+3 h) ----
day 2025-03-05 "Élodie Côté"
log "2025-03-05 08:03" "Élodie Côté"
VIGIE_NOW=$(utc "2025-03-05 09:00") expect 0 checkin expect $S --participant "élodie" \
  --by 2025-03-05T15:00 --reason "Port-au-Prince - Jacmel par la route"
has "expected by 2025-03-05 15:00 -05:00"
expect_status 0 "2025-03-05 12:00"
has "Port-au-Prince - Jacmel par la route"
expect_status 3 "2025-03-05 15:30"
has "one-off check-in due by 2025-03-05 15:00 -05:00: Port-au-Prince - Jacmel par la route"
has "travelling"
expect_status 3 "2025-03-05 17:29"
has "step T+1 h"
expect_status 3 "2025-03-05 17:30" # T+2 h while travelling
has "step T+2 h"
has "Julie Bergeron"
log "2025-03-05 17:35" "Élodie Côté" --where "Jacmel"
log "2025-03-05 20:03" "Élodie Côté"
expect_status 0 "2025-03-05 20:40"
VIGIE_NOW=$(utc "2025-03-05 21:00") expect 1 checkin expect $S --participant "élodie" --from 2025-05-31T12:00 \
  --by 2025-06-01T12:00 --reason "trop tard"
has "too far from the delegation's dates" err

# ---- from day 6: Karim goes missing after his morning check-in ----
day 2025-03-06 "Karim Haddad"
log "2025-03-06 08:03" "Karim Haddad"
expect_status 3 "2025-03-07 02:30" # T+6 h
has "Karim Haddad: late by 6 h"
has "step T+6 h"
has "+1 613 996 8885"
has "Cellule de crise CISO"
day 2025-03-07 "Karim Haddad"
expect_status 3 "2025-03-07 20:29:59"
has "step T+6 h"
expect_status 3 "2025-03-07 20:30" # T+24 h: missing person
has "Karim Haddad: late by 1 d"
has "step T+1 d"
has "Missing-person procedure"
has "Proche 6  +1 418 555 0006" # next of kin, from the emergency profile
has "10 on time"
log "2025-03-07 22:10" "Karim Haddad" --where "Hôpital Saint-Michel, Jacmel" --note "accident de moto, rien de grave"

# ---- help: an alert, exit 4, resolve ----
day 2025-03-08
log "2025-03-08 21:15" "Chloé Fortin" --status help --where "Jacmel" --via WhatsApp
has "ALERT opened"
expect_status 4 "2025-03-08 21:20"
has "OPEN ALERTS"
has "HELP REQUESTED: check-in of 2025-03-08 21:15 -05:00, Jacmel"
has "The participant asks for help"
has "1 open alert(s)"
expect 2 checkin resolve $S --participant chloé
# Samuel has no open alert, but his lateness of earlier days (overdue
# episodes) takes the note
expect 0 checkin resolve $S --participant "samuel" --note "rien"
expect 0 --json checkin alerts $S --all
has '"participant":"Samuel Morin"'
has '"note":"rien"'
VIGIE_NOW=$(utc "2025-03-08 22:00") expect 0 checkin resolve $S --participant chloé --note "Rejointe par le partenaire : cheville foulée, soignée"
expect_status 0 "2025-03-08 22:05"
expect 0 checkin alerts $S
has "No open alert."
expect 0 checkin alerts $S --all
has "Chloé Fortin"
has "HELP REQUESTED"
has "Rejointe par le partenaire : cheville foulée, soignée"
expect 0 --json checkin alerts $S --all
has '"kind":"help"'
has '"resolved":"2025-03-09T03:00:00Z"' 
# the past is still told as it was
expect 4 checkin status $S --at 2025-03-08T21:30
expect 0 --json audit log
has "checkin.resolve"

# ---- Sunday 9 March: daylight saving starts at 02:00 (EST -05:00 -> EDT -04:00) ----
for p in "${TEAM[@]}"; do log "2025-03-09 08:03" "$p"; done
for p in "${TEAM[@]:1}"; do log "2025-03-09 20:03" "$p"; done
check "20:00 on 9 March is 00:00Z" test "$(utc '2025-03-09 20:00')" = 2025-03-10T00:00:00Z
expect 0 checkin status $S --at 2025-03-10T00:29:00Z # 20:29 EDT
expect 3 checkin status $S --at 2025-03-10T00:30:00Z # 20:30 EDT: an hour earlier than -05:00 would say
has "Amélie Tremblay: late by 0 s (check-in of 2025-03-09 20:00 -04:00, on time until 2025-03-09 20:30 -04:00)"
expect 3 checkin status $S --at 2025-03-09T20:30 # local time without an offset: the same instant
has "late by 0 s"
log "2025-03-09 20:45" "Amélie Tremblay"
expect_status 0 "2025-03-09 21:00"
has "2025-03-09 20:45 -04:00"

# ---- duress: the agreed word was used on a call ----
day 2025-03-10 "Mathieu Lavoie"
log "2025-03-10 08:03" "Mathieu Lavoie"
log "2025-03-10 20:10" "Mathieu Lavoie" --via "appel" --duress
expect_status 4 "2025-03-10 20:20"
has "DURESS"
has "Do not call the participant back directly"
# the duress alert never tells to call the participant
OUT=$(sed -n '/Mathieu Lavoie/,/^$/p' <<<"$OUT")
has "Julie Bergeron"
hasnt "+509 30 08 0000"
expect 0 checkin history $S --participant mathieu
has "appel"
hasnt "DURESS"
hasnt "duress"
expect 0 --json checkin history $S --participant mathieu --last 1
hasnt "duress"
VIGIE_NOW=$(utc "2025-03-10 23:00") expect 0 checkin resolve $S --participant mathieu --note "Vérifié par le partenaire : fausse alerte"

# ---- an emergency and an overdue at once: alerts come first ----
day 2025-03-11 "Samuel Morin" "Sophie Roy"
log "2025-03-11 08:03" "Samuel Morin"
log "2025-03-11 08:03" "Sophie Roy"
log "2025-03-11 20:05" "Sophie Roy" --status emergency --where "Route de Jacmel"
expect_status 4 "2025-03-11 21:00"
check "open alerts are listed before the overdue" bash -c \
  '[ "$(grep -n "OPEN ALERTS" <<<"$1" | cut -d: -f1)" -lt "$(grep -n "^OVERDUE" <<<"$1" | cut -d: -f1)" ]' _ "$OUT"
has "EMERGENCY"
has "Samuel Morin: late by 30 min"
VIGIE_NOW=$(utc "2025-03-11 21:10") expect 0 checkin resolve $S --participant sophie --note "Évacuée vers l'hôpital, famille informée"
log "2025-03-11 21:20" "Samuel Morin"
day 2025-03-12
expect_status 0 "2025-03-12 21:00"

# ---- after the last day: nobody is due ----
expect_status 0 "2025-03-14 12:00"
has "has ended"
hasnt "OVERDUE"

# ---- history ----
expect 0 checkin history $S --participant "louis"
has "téléphone déchargé"
has "2025-03-04 23:41 -05:00"
expect 0 checkin history $S --last 3
check "history --last 3 shows 3 rows" test "$(grep -c ' -0[45]:00 ' <<<"$OUT")" = 3
expect 0 --json checkin history $S --participant karim
check "history --json is valid JSON" /usr/bin/python3 -c 'import json,sys; json.loads(sys.argv[1])' "$OUT"
has '"where":"Hôpital Saint-Michel, Jacmel"'

# ---- bad input is refused and changes nothing ----
before=$(VIGIE_NOW=2025-03-12T12:00:00Z "$VIGIE" --json checkin history $S | sha256sum)
VIGIE_NOW=2025-03-12T12:00:00Z expect 2 checkin log $S
VIGIE_NOW=2025-03-12T12:00:00Z expect 2 checkin log $S --participant chloé --status fine
VIGIE_NOW=2025-03-12T12:00:00Z expect 1 checkin log $S --participant nobody
VIGIE_NOW=2025-03-12T12:00:00Z expect 1 checkin log $S --participant chloé --at 2025-03-12T13:00
has "in the future" err
VIGIE_NOW=2025-03-12T12:00:00Z expect 1 checkin log $S --participant chloé --at "hier"
VIGIE_NOW=2025-03-12T12:00:00Z expect 1 checkin log $S --participant "Marie-Ève" --where "$(printf 'a\033[2Jb')"
check "refused check-ins change nothing" test "$before" = "$(VIGIE_NOW=2025-03-12T12:00:00Z "$VIGIE" --json checkin history $S | sha256sum)"
expect 1 checkin status nowhere-2025

# ---- the delegation's own ladder ----
cat >"$T/ladder.yaml" <<'EOF'
format: vigie-checkin-ladder 1
steps:
  - after: 0
    contact: [participant, lead]
    fr: Appeler tout de suite
    en: Call at once
  - after: 2h
    contact: [crisis-cell, ewrc]
    fr: Cellule de crise
    en: Crisis cell
EOF
sed 's/crisis-cell, ewrc/crisis-cell, sheriff/' "$T/ladder.yaml" >"$T/bad.yaml"
expect 1 checkin ladder $S --file "$T/bad.yaml"
has 'bad.yaml:8: unknown role "sheriff"' err
expect 0 checkin ladder $S --file "$T/ladder.yaml"
has "this delegation's own (ladder.yaml)"
has "Call at once"
expect 3 checkin status $S --at 2025-03-04T23:30 # Louis, 3 h late: T+2 h in this ladder
has "step T+2 h"
has "Crisis cell"
expect 4 checkin status $S --at 2025-03-11T21:00 # Samuel, 30 min late
has "Samuel Morin: late by 30 min"
has "Call at once"
expect 0 checkin ladder $S --default
has "the default"
expect 3 checkin status $S --at 2025-03-04T23:30
has "step T+3 h"
expect 0 --json audit log
has "checkin.ladder"

# French elision before a name (issue 13): "d'Élodie", never "de Élodie".
VIGIE_NOW=2025-03-12T13:00:00Z expect 0 --lang fr checkin log $S --participant élodie --at 2025-03-12T07:55
has "Check-in d'Élodie Côté"
hasnt "de Élodie"
VIGIE_NOW=2025-03-12T13:00:00Z expect 0 --lang fr checkin log $S --participant samuel --at 2025-03-12T07:56
has "Check-in de Samuel Morin"

finish
