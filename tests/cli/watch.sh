#!/usr/bin/env bash
# The watch, end to end, against a real SMTP server on 127.0.0.1 (aiosmtpd,
# STARTTLS, authentication, a throwaway certificate made here) and a message
# command: a simulated three-week delegation in Haiti (3 to 23 March 2025,
# VIGIE_NOW stepped tick by tick) with a late participant, a missing one, a
# help and a duress check-in; every notification arrives within one interval
# of its step, exactly once, to the right people, with nothing personal
# beyond a first name and an initial; check-ins from a Maildir and from
# gammu-smsd's inbox are logged once each; a message that cannot be placed
# waits for the coordinator; a kill loop loses nothing and duplicates
# nothing (the command channel's messages arrive exactly once); a locked
# store and a dead mail server reach a person through the alarm channel.
. "$(dirname "$0")/lib.sh"
. "$VIGIE_SOURCE_DIR/tests/tools/smtp_env.sh"
smtp_env --user vigie --password 'mot de passe'
new_store
"$VIGIE" unlock --for 30m >/dev/null 2>&1 || true
trap 'stop_smtp; cleanup' EXIT
start_smtp

# The SMS command: one file per message, the number first.
cat >"$T/sms.sh" <<EOF
#!/bin/sh
n=\$(date +%s%N)
{ echo "TO \$1"; cat; echo; } > "$T/sms/\$n.tmp" && mv "$T/sms/\$n.tmp" "$T/sms/\$n.txt"
EOF
chmod +x "$T/sms.sh"
mkdir -p "$T/sms"
smses() { cat "$T"/sms/*.txt 2>/dev/null; }

S=haiti-2025
HT=America/Port-au-Prince
utc() { date -u -d "TZ=\"$HT\" $1" +%Y-%m-%dT%H:%M:%SZ; }
VIGIE_NOW=2025-02-20T12:00:00Z expect 0 delegation add $S --name "Délégation Haïti 2025" \
  --country HT --start 2025-03-03 --end 2025-03-23
expect 0 participant add $S --name "Amélie Tremblay" --local-sim "+509 3111 0001" \
  --email amelie@example.org --allergies "arachides" --passport-number "AB123456" \
  --kin1-name "Paul Tremblay" --kin1-phone "+1 514 555 0101"
expect 0 participant add $S --name "Jean-Robert Pierre" --local-sim "+509 3111 0002"
expect 0 participant add $S --name "Sophie Roy" --local-sim "+509 3111 0003" --conditions "asthme"
expect 0 participant add $S --name "Karim Haddad" --local-sim "+509 3111 0004"
expect 0 contact add $S --name "Konbit Jacmel" --role partner --phone "+509 2811 0101"
expect 0 checkin plan $S --daily 20:00 --grace 30

# ---- notify: recipients and settings ----
expect 2 notify add "Nadia Coordo"                         # no role
expect 2 notify add "Nadia Coordo" --role captain --email n@example.org
expect 1 notify add "Nadia Coordo" --role coordinator      # no channel
expect 1 notify add "Nadia Coordo" --role coordinator --email "not an address"
expect 0 notify add "Nadia Coordo" --role coordinator --email nadia@example.org --phone "+1 514 555 0199"
expect 1 notify add "nadia coordo" --role lead --email x@example.org # the name is taken
expect 0 notify add "Luc Focal" --role focal-point --email luc@example.org
expect 0 notify add "Rose Chef" --role lead,partner --phone "+509 3999 0001" --delegation $S
expect 0 notify add "Cellule" --role crisis-cell --email crise@example.org --from-step 5
expect 0 --json notify list
check "notify list --json" $PY -c 'import json,sys; d=json.loads(sys.argv[1]); assert len(d)==4 and d[3]["roles"]==["lead","partner"], d' "$OUT"
expect 1 notify set smtp.url "http://localhost:$PORT"
expect 1 notify set nothing.here x
expect 0 notify set smtp.url "smtp://localhost:$PORT"
expect 0 notify set smtp.from vigie@example.org
expect 0 notify set smtp.user vigie
expect 0 notify set smtp.password 'mot de passe'
expect 0 notify set sms.command "$T/sms.sh {to}"
expect 0 notify show
has "(set)"
hasnt "mot de passe"
expect 0 audit log
hasnt "mot de passe"

# ---- notify test: a real message; the certificate is checked ----
expect 1 notify test "Luc Focal" # the self-signed certificate is not trusted
has "certificate" err
expect 0 notify set smtp.ca-file "$T/cert.pem"
expect 0 notify test "Luc Focal"
check "the test message reached the SMTP server" bash -c "[ \$($PY '$TOOLS/mail_read.py' '$SINK' | grep -c 'luc@example.org.*Test message') = 1 ]"
expect 0 notify set smtp.password wrong
expect 1 notify test "Luc Focal"
expect 0 notify set smtp.password 'mot de passe'
expect 0 notify test "Rose Chef"
check "the test SMS went through the command" bash -c "grep -q 'TO +509 39 99 0001' $T/sms/*.txt"
rm -f "$SINK"/*.eml "$T"/sms/*.txt

# ---- inbound channels: a Maildir and gammu-smsd's inbox ----
mkdir -p "$T/Maildir/new" "$T/Maildir/cur" "$T/Maildir/tmp" "$T/gammu"
expect 0 notify set inbox.maildir "$T/Maildir"
expect 0 notify set inbox.gammu "$T/gammu"
VIGIE_KIT_PIN=204867 VIGIE_KIT_DURESS_PIN=913352 \
  expect 0 kit export $S --participant Karim --output "$T/karim.kit" --kdf interactive
code_at() { # code_at LOCAL: a field code made at that time
  VIGIE_NOW=$(utc "$1") VIGIE_KIT_PIN=204867 "$VIGIE" field checkin --kit "$T/karim.kit" --where Jacmel 2>/dev/null
}

# ---- the simulation: ticks every 5 minutes (2 minutes past), as a timer would ----
INTERVAL=300
tick() { # tick LOCAL
  VIGIE_NOW=$(utc "$1") run watch --once --interval 5m
  if [ "$RC" = 0 ]; then ok; else ko "tick at $1 exited $RC"; fi
}
ticks() { # ticks DAY FROM_HOUR TO_HOUR: every 5 minutes, local time
  local day=$1 h=$2 m
  while [ "$h" -lt "$3" ]; do
    for m in 02 07 12 17 22 27 32 37 42 47 52 57; do
      if [ "$h" -ge 24 ]; then tick "$(date -d "$day + 1 day" +%F) $(printf %02d $((h - 24))):$m"
      else tick "$day $(printf %02d "$h"):$m"; fi
    done
    h=$((h + 1))
  done
}
everyone_in() { # everyone_in DAY [NAME...]: all four check in at 19:50, except those named
  local who day=$1
  shift
  for who in Amélie Jean-Robert Sophie Karim; do
    case " $* " in *" $who "*) continue ;; esac
    VIGIE_NOW=$(utc "$day 19:51") "$VIGIE" checkin log $S --participant "$who" --at "${day}T19:50" >/dev/null 2>&1 ||
      ko "log $who on $day"
  done
}

# Days 1-4: all fine, quiet ticks.
for d in 03 04 05 06; do
  everyone_in "2025-03-$d"
  ticks "2025-03-$d" 20 22
done
check "no notification while all is well" bash -c "[ -z \"\$(ls $SINK/*.eml $T/sms/*.txt 2>/dev/null)\" ]"

# Day 5 (7 March): Amélie is late (checks in at 22:40, after step 3); Karim's code arrives by e-mail.
everyone_in 2025-03-07 Amélie Karim
CODE1=$(code_at "2025-03-07 19:45")
printf 'From: Karim <karim@example.org>\nTo: vigie@example.org\nSubject: check-in\nContent-Type: text/plain; charset=UTF-8\n\nBonsoir,\n%s\n' "$CODE1" \
  >"$T/Maildir/new/1741394700.M1P1.laptop"
ticks 2025-03-07 20 22
VIGIE_NOW=$(utc "2025-03-07 22:41") expect 0 checkin log $S --participant Amélie --at 2025-03-07T22:40
ticks 2025-03-07 22 24

for d in 08 09; do everyone_in "2025-03-$d"; done # quiet days, no tick
# Day 8 (10 March): Jean-Robert sends help at 21:10; resolved at 22:30. Karim's code by SMS (gammu).
everyone_in 2025-03-10 Karim
CODE2=$(code_at "2025-03-10 19:55")
printf '%s' "$CODE2" >"$T/gammu/IN20250310_195600_00_+50931110004_00.txt"
touch -d '1 hour ago' "$T/gammu/IN20250310_195600_00_+50931110004_00.txt"
printf 'Bonjour, tout va bien ici' >"$T/gammu/IN20250310_200100_00_+50999999999_00.txt"
touch -d '1 hour ago' "$T/gammu/IN20250310_200100_00_+50999999999_00.txt"
ticks 2025-03-10 20 21
VIGIE_NOW=$(utc "2025-03-10 21:10") expect 4 checkin log $S --participant Jean-Robert --status help
ticks 2025-03-10 21 22
VIGIE_NOW=$(utc "2025-03-10 22:30") expect 0 checkin resolve $S --participant Jean-Robert --note "pneu crevé, réparé"
ticks 2025-03-10 22 23

for d in 11 12; do everyone_in "2025-03-$d"; done
# Day 11 (13 March): Sophie checks in under duress at 19:45.
everyone_in 2025-03-13 Sophie
VIGIE_NOW=$(utc "2025-03-13 19:46") expect 4 checkin log $S --participant Sophie --at 2025-03-13T19:45 --duress
ticks 2025-03-13 19 21
VIGIE_NOW=$(utc "2025-03-13 21:00") expect 0 checkin resolve $S --participant Sophie --note "ok"
ticks 2025-03-13 21 22

for d in 14 15; do everyone_in "2025-03-$d"; done
# Day 14 (16 March): Sophie checks in by SMS with her check-in card (her number matched):
# a wrong code first (counted for her, kept for the coordinator), then a good one.
VIGIE_NOW=$(utc "2025-03-16 12:00") expect 0 card export $S --participant Sophie --output "$T/sophie.txt"
card_code() { awk -v n="$1" '{ for (i = 1; i < NF; i++) if ($i == n && $(i+1) ~ /^[0-9][0-9][0-9][0-9][0-9][0-9]$/) { print $(i+1); exit } }' "$T/sophie.txt"; }
GOOD=$(card_code 1)
BAD=$(printf '%06d' $(( (10#$GOOD + 1) % 1000000 )))
printf 'OK %s Gonaïves' "$BAD" >"$T/gammu/IN20250316_194000_00_+50931110003_00.txt"
printf 'OK %s Gonaïves' "$GOOD" >"$T/gammu/IN20250316_194500_00_+50931110003_00.txt"
touch -d '1 hour ago' "$T"/gammu/IN20250316_19*
everyone_in 2025-03-16 Sophie
# Day 15 (17 March): Karim goes missing after his check-in of the 16th: the whole ladder.
ticks 2025-03-16 19 20
everyone_in 2025-03-17 Karim
ticks 2025-03-17 20 28
# the rest of the delegation, quiet (Karim found on the 18th at 06:00)
VIGIE_NOW=$(utc "2025-03-18 06:01") expect 0 checkin log $S --participant Karim --at 2025-03-18T06:00
for d in 18 19 20 21 22 23; do
  everyone_in "2025-03-$d"
  ticks "2025-03-$d" 20 21
done

# ---- what arrived ----
mails >"$T/mails.txt"
smses >"$T/smses.txt"
[ -n "${VIGIE_TEST_KEEP:-}" ] && cp "$T/mails.txt" "$T/smses.txt" "$VIGIE_TEST_KEEP/"
count() { grep -c -- "$1" "$2" || true; }
# exactly once each: no Message-ID twice
check "no e-mail twice" bash -c "[ -z \"\$(cut -f1,2 $T/mails.txt | sort | uniq -d)\" ]"
# Amélie: steps 1 to 3 (0, 30 min, 1 h) to the coordinator, then the end; never step 4
check "Amélie's steps 1-3 to the coordinator" bash -c \
  "[ \$(grep -c 'nadia@example.org.*Amélie T. is late, step [123] of 6' $T/mails.txt) = 3 ]"
check "no step 4 for Amélie" bash -c "! grep -q 'Amélie T. is late, step 4' $T/mails.txt"
check "Amélie's end to the coordinator" bash -c \
  "[ \$(grep -c 'nadia@example.org.*Amélie T. is no longer late' $T/mails.txt) = 1 ]"
check "Amélie's step 2 to the lead by SMS" bash -c \
  "[ \$(grep -A1 'TO +509 39 99 0001' $T/smses.txt | grep -c 'Amélie T. is late, step 2') = 1 ]"
check "a reminder to Amélie's own phone, once" bash -c \
  "[ \$(grep -A1 'TO +509 31 11 0001' $T/smses.txt | grep -c 'your check-in of 2025-03-07 20:00') = 1 ]"
check "the focal point not told of Amélie (step 4 never reached)" bash -c "! grep -q 'luc@example.org.*Amélie' $T/mails.txt"
# within one interval: step 1 due at 20:30 local, step 2 at 21:00, step 3 at 21:30
expect 0 --json notify log
$PY - "$OUT" "$(utc '2025-03-07 20:30')" >"$T/lat.txt" <<'EOF'
import json, sys, datetime as dt
log = json.loads(sys.argv[1])
t0 = dt.datetime.fromisoformat(sys.argv[2].replace("Z", "+00:00"))
due = {1: 0, 2: 30, 3: 60}
for e in log:
    s = e["subject"]
    if "Amélie T. is late, step" in s and e["recipient"] == "Nadia Coordo" and e["channel"] == "email":
        step = int(s.split("step ")[1].split(" ")[0])
        sent = dt.datetime.fromisoformat(e["sent"].replace("Z", "+00:00"))
        late = (sent - t0).total_seconds() - due[step] * 60
        print(step, int(late))
EOF
check "each of Amélie's steps sent within one interval" bash -c \
  "[ \$(awk '\$2 >= 0 && \$2 <= $INTERVAL' $T/lat.txt | wc -l) = 3 ]"
# Jean-Robert: help to the coordinator and the lead (the ladder's help roles), then closed
check "help to the coordinator" bash -c "[ \$(grep -c 'nadia@example.org.*Jean-Robert P. asks for help' $T/mails.txt) = 1 ]"
check "help to the lead" bash -c "[ \$(grep -c 'Jean-Robert P. asks for help' $T/smses.txt) -ge 1 ]"
check "help closed, told" bash -c "[ \$(grep -c 'nadia@example.org.*the alert for Jean-Robert P. is closed' $T/mails.txt) = 1 ]"
# Sophie's duress: only the coordinator and the focal point, in words that say nothing
check "duress to the coordinator" bash -c "[ \$(grep -c 'nadia@example.org.*Reminder, ref.' $T/mails.txt) = 1 ]"
check "duress to the focal point" bash -c "[ \$(grep -c 'luc@example.org.*Reminder, ref.' $T/mails.txt) = 1 ]"
check "duress by SMS to the coordinator only" bash -c "[ \$(grep -B1 'Reminder, ref' $T/smses.txt | grep -c 'TO +1 514 555 0199') = 1 ] && [ \$(grep -c 'Reminder, ref' $T/smses.txt) = 1 ]"
check "duress never to the lead or the cell" bash -c "! grep -A1 'TO +509 39 99 0001' $T/smses.txt | grep -q Reminder && ! grep -q 'crise@.*Reminder' $T/mails.txt"
check "duress says nothing" bash -c "! grep 'Reminder, ref' $T/mails.txt | grep -qiE 'sophie|duress|contrainte|haiti|alert'"
# Karim missing for ten hours: steps 1 to 5 to the coordinator (the sixth is at a day);
# the crisis cell from step 5 only
check "Karim's five steps" bash -c "[ \$(grep -c 'nadia@example.org.*Karim H. is late, step [1-5] of 6' $T/mails.txt) = 5 ]"
check "no sixth step" bash -c "! grep -q 'Karim H. is late, step 6' $T/mails.txt"
check "crisis cell: step 5 only" bash -c \
  "[ \$(grep -c 'crise@example.org.*Karim H. is late' $T/mails.txt) = 1 ] && ! grep -q 'crise@example.org.*Amélie' $T/mails.txt"
check "focal point: step 4 on" bash -c "grep -q 'luc@example.org.*Karim H. is late, step 4' $T/mails.txt"
check "Karim's end" bash -c "[ \$(grep -c 'nadia@example.org.*Karim H. is no longer late' $T/mails.txt) = 1 ]"
# nothing personal: no surname, passport, allergy, condition, kin
for word in Tremblay Haddad Pierre Roy AB123456 arachides asthme "Paul"; do
  check "no '$word' in any notification" bash -c "! grep -q '$word' $T/mails.txt $T/smses.txt"
done
# inbound: each code logged once, the unplaced SMS kept once
expect 0 checkin history $S --participant Karim
N=$(printf '%s\n' "$OUT" | grep -c 'Jacmel')
check "the Maildir and gammu codes logged once each" [ "$N" = 2 ]
check "the Maildir message moved to cur/" bash -c "ls $T/Maildir/cur | grep -q ':2,S' && [ -z \"\$(ls $T/Maildir/new)\" ]"
check "gammu files moved aside" bash -c "[ \$(ls $T/gammu/vigie-done | wc -l) = 4 ]"
expect 0 checkin history $S --participant Sophie
N=$(printf '%s\n' "$OUT" | grep -c 'Gonaïves.*card')
check "Sophie's card code by SMS logged once" [ "$N" = 1 ]
expect 0 card show $S --participant Sophie
expect 3 notify inbox
has "+50999999999"
has "tout va bien"
has "+50931110003"
expect 0 --json notify inbox --all
check "five messages read, three logged" $PY -c 'import json,sys; d=json.loads(sys.argv[1]); assert len(d)==5 and sum(1 for e in d if e["outcome"]=="logged")==3, d' "$OUT"
for ID in $($PY -c 'import json,sys; print(" ".join(str(e["id"]) for e in json.loads(sys.argv[1]) if e["outcome"]!="logged"))' "$OUT"); do
  expect 0 notify inbox --done "$ID"
done
expect 0 notify inbox

# a message seen before (killed between commit and move) is only moved
cp "$T/Maildir/cur/"* "$T/Maildir/new/1741394700.M1P1.laptop"
VIGIE_NOW=$(utc "2025-03-23 21:00") expect 0 watch --once
has "0 message(s) read"
check "re-delivered message moved, not logged" bash -c "[ -z \"\$(ls $T/Maildir/new)\" ]"

# ---- checkin status without a delegation: every one in the field, the worst exit ----
VIGIE_NOW=2025-03-17T12:00:00Z expect 0 delegation add mexique-2025 --name "Mexique" --country MX \
  --start 2025-03-10 --end 2025-03-30
expect 0 participant add mexique-2025 --name "Ana López" --local-sim "+52 55 1234 5678"
expect 0 checkin plan mexique-2025 --daily 09:00 --grace 30
VIGIE_NOW=$(utc "2025-03-17 23:00") expect 3 checkin status
has "== haiti-2025 =="
has "== mexique-2025 =="
VIGIE_NOW=$(utc "2025-03-17 23:00") expect 3 --json checkin status
check "status --json is an array of two" $PY -c 'import json,sys; assert len(json.loads(sys.argv[1]))==2' "$OUT"
VIGIE_NOW=$(utc "2025-03-17 23:00") expect 4 checkin log mexique-2025 --participant Ana --status help
VIGIE_NOW=$(utc "2025-03-17 23:05") expect 4 checkin status
VIGIE_NOW=2025-06-01T12:00:00Z expect 0 checkin status
has "No delegation in the field"

# ---- kill loop: no lost and no duplicate notification ----
rm -f "$T"/sms/*.txt
cat >"$T/slow-sms.sh" <<EOF
#!/bin/sh
sleep 0.05
exec "$T/sms.sh" "\$@"
EOF
chmod +x "$T/slow-sms.sh"
expect 0 notify set sms.command "$T/slow-sms.sh {to}"
for i in $(seq 1 12); do
  expect 0 notify add "Équipe $i" --role lead --phone "+1 514 555 02$(printf %02d "$i")" --delegation mexique-2025
done
KILLS=0
KT=$(utc "2025-03-18 12:00")
for i in $(seq 1 25); do
  VIGIE_NOW=$KT "$VIGIE" watch --once >/dev/null 2>&1 &
  pid=$!
  sleep "0.$((RANDOM % 4 + 1))"
  if kill -9 "$pid" 2>/dev/null; then KILLS=$((KILLS + 1)); fi
  wait "$pid" 2>/dev/null
done
VIGIE_NOW=$KT expect 0 watch --once
VIGIE_NOW=$KT expect 0 --json notify log
$PY - "$OUT" "$T/sms" "$KILLS" <<'EOF' >"$T/kill.txt"
import json, os, sys, collections
log = json.loads(sys.argv[1]); folder = sys.argv[2]; kills = int(sys.argv[3])
got = collections.Counter()
for n in os.listdir(folder):
    if n.endswith(".txt"):
        lines = open(os.path.join(folder, n), encoding="utf-8").read().split("\n")
        got[(lines[0][3:], lines[1])] += 1
want = [e for e in log if e["channel"] == "sms" and e["delegation"] == "mexique-2025" and e["recipient"] and e["recipient"].startswith("Équipe")]
unsent = [e for e in log if not e["sent"]]
dups = sum(c - 1 for c in got.values() if c > 1)
print("want", len(want), "got", len(got), "dups", dups, "kills", kills, "unsent", len(unsent))
assert want and not unsent, "unsent"
assert len(got) >= len(want), "lost"
assert dups == 0, "duplicates"  # the sender outlives the watch; its journal is read back
print("ok")
EOF
check "kill loop: nothing lost, nothing sent twice" grep -q '^ok' "$T/kill.txt"
cat "$T/kill.txt"

# ---- a watch that cannot work tells a person through the alarm channel ----
cat >"$T/alarm.sh" <<EOF
#!/bin/sh
cat >> "$T/alarm.txt"
EOF
chmod +x "$T/alarm.sh"
stop_smtp
VIGIE_NOW=$(utc "2025-03-18 18:00") expect 4 checkin log mexique-2025 --participant Ana --status emergency
VIGIE_NOW=$(utc "2025-03-18 18:02") expect 1 watch --once --alarm-command "$T/alarm.sh"
has "did not accept" err
check "alarm: the mail server is unreachable" grep -q "cannot work" "$T/alarm.txt"
VIGIE_NOW=$(utc "2025-03-18 18:07") expect 1 watch --once --alarm-command "$T/alarm.sh"
check "the same problem is not repeated every tick" bash -c "[ \$(grep -c 'cannot work' $T/alarm.txt) = 1 ]"
expect 1 watch --status
has "Problem:"
start_smtp
VIGIE_NOW=$(utc "2025-03-18 18:12") expect 0 watch --once --alarm-command "$T/alarm.sh"
check "alarm: works again" grep -q "works again" "$T/alarm.txt"
check "the emergency went out once the server was back" bash -c \
  "$PY '$TOOLS/mail_read.py' '$SINK' | grep 'nadia@example.org.*EMERGENCY for Ana L.' >/dev/null"
# the system clock jumps (the state's wall clock an hour behind its boot clock)
rm -f "$T/alarm.txt"
sed -i 's/^wall \([0-9]*\)$/echo "wall $((\1 - 3600))"/e' "$VIGIE_STORE/watch.state"
VIGIE_NOW=$(utc "2025-03-18 18:17") expect 1 watch --once --alarm-command "$T/alarm.sh"
has "clock jumped" err
check "alarm: the clock jumped" grep -q "clock jumped" "$T/alarm.txt"
VIGIE_NOW=$(utc "2025-03-18 18:22") expect 0 watch --once --alarm-command "$T/alarm.sh"
# the store locked (after a reboot): the alarm needs no store
"$VIGIE" lock >/dev/null 2>&1 || true
rm -f "$T/alarm.txt"
OUT=$(env -u VIGIE_PASSPHRASE "$VIGIE" watch --once --alarm-command "$T/alarm.sh" 2>&1 </dev/null)
RC=$?
if [ "$RC" = 1 ]; then ok; else ko "locked store: watch exited $RC"; fi
check "alarm: the store is locked" grep -q "locked" "$T/alarm.txt"
OUT=$(env -u VIGIE_PASSPHRASE "$VIGIE" watch --status 2>&1 </dev/null)
case "$OUT" in *locked*) ok ;; *) ko "watch --status without the key says the store is locked" ;; esac

# ---- the duress word by SMS, without a code (issue 12): the watch still sees it ----
expect 0 --json card show $S --participant Sophie --reveal-duress
word=$(sed -n 's/.*"duress_word":"\([a-z]*\)".*/\1/p' <<<"$OUT")
check "Sophie has a duress word ($word)" test "${#word}" -ge 6
VIGIE_NOW=$(utc "2025-03-19 10:00") run checkin resolve $S --participant Sophie --note "avant l'essai"
printf 'Tout va bien à Gonaïves, %s' "$word" >"$T/gammu/IN20250319_095500_00_+50931110003_00.txt"
touch -d '1 hour ago' "$T/gammu/IN20250319_095500_00_+50931110003_00.txt"
VIGIE_NOW=$(utc "2025-03-19 10:02") run watch --once --interval 5m
VIGIE_NOW=$(utc "2025-03-19 10:03") run checkin alerts $S
has "DURESS"
has "Sophie Roy"
has "without a card code"

# ---- the systemd units ----
if command -v systemd-analyze >/dev/null; then
  mkdir -p "$T/units"
  sed "s#^ExecStart=.*vigie #ExecStart=$VIGIE #" "$VIGIE_SOURCE_DIR/docs/systemd/vigie-watch.service" >"$T/units/vigie-watch.service"
  cp "$VIGIE_SOURCE_DIR/docs/systemd/vigie-watch.timer" "$T/units/"
  check "systemd-analyze verify accepts the units" bash -c \
    "cd $T/units && systemd-analyze verify --man=no ./vigie-watch.service ./vigie-watch.timer 2>&1 | tee $T/verify.txt | grep -v -e 'Failed to connect' -e 'Unit is bound to inactive' | ( ! grep -q . )"
fi
finish
