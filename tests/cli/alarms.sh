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
at "2025-03-02 10:00" --json card export $S --participant "Zoé Roy" --output "$T/zoe.txt"
zw=$(sed -n 's/.*"duress_word":"\([a-z]*\)".*/\1/p' <<<"$OUT")
check "the card prints SOS among the words" grep -q "URGENCE · EMERGENCY · EMERGENCIA · SOS" "$T/zoe.txt"
n=0
msg() { # msg EXIT TEXT-WITH-%s: the next normal code of Zoé's card in TEXT
  n=$((n + 1))
  local c
  c=$(code zoe "$n")
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

# ---- duress from an old card, and a duress signal sent twice (findings 2, 24) ----
n=$((n + 1))
dz1=$(code zoe "$n")
at "2025-03-05 13:00" checkin code $S "OK $dz1 Cali $zw"
check "the duress word with the next code: exit 4 (got $RC)" test "$RC" = 4
has "duress signal"
at "2025-03-05 13:01" checkin history $S --participant "Zoé Roy"
before=$(grep -c "Cali" <<<"$OUT")
at "2025-03-05 13:05" checkin code $S "OK $dz1 Cali $zw"
check "the same duress message again: exit 4, not a new check-in (got $RC)" test "$RC" = 4
has "flagged again"
at "2025-03-05 13:06" checkin history $S --participant "Zoé Roy"
check "no new check-in for the replay" test "$(grep -c "Cali" <<<"$OUT")" = "$before"
at "2025-03-05 13:07" checkin alerts $S
check "one open duress alert, flagged again" test "$(grep -c "DURESS" <<<"$OUT")" = 1
# a new card with a new word: the old card's word still raises the alert
at "2025-03-05 13:10" checkin resolve $S --participant "Zoé Roy" --note "Vérifié par le partenaire"
at "2025-03-05 13:11" --json card export $S --participant "Zoé Roy" --output "$T/zoe2.txt" --new-duress-word
zw2=$(sed -n 's/.*"duress_word":"\([a-z]*\)".*/\1/p' <<<"$OUT")
check "a new word ($zw2, was $zw)" test "$zw2" != "$zw"
at "2025-03-05 13:12" checkin code $S "OK $(code zoe $((n + 1))) Bogota $zw"
check "the old card's word with an old code: exit 4 (got $RC)" test "$RC" = 4
has "No check-in logged"
at "2025-03-05 13:13" checkin alerts $S
has "DURESS"
has "revoked or replaced"
# ... while an ordinary code of the old card is refused, no alert
at "2025-03-05 13:14" checkin code $S "OK $(code zoe 30) Bogota"
check "an ordinary code of a replaced card: exit 6 (got $RC)" test "$RC" = 6
at "2025-03-05 13:15" checkin resolve $S --participant "Zoé Roy" --note "Vérifié"

runfile() { # runfile FILE CMD...: run vigie with FILE on standard input
  local f=$1
  shift
  OUT=$("$VIGIE" "$@" <"$f" 2>"$T/.err")
  RC=$?
  ERR=$(cat "$T/.err")
}

# ---- field kits: duress from a replaced kit, out of order; split codes ----
fieldcode() { # fieldcode KIT PIN [ARGS...]: sets CODE
  local k=$1 pin=$2
  shift 2
  CODE=$(VIGIE_NOW=$(utc "2025-03-06 09:00") VIGIE_STORE="$T/no-store-here" VIGIE_PASSPHRASE= \
    VIGIE_KIT_PIN=$pin "$VIGIE" field checkin --kit "$T/$k.kit" "$@" 2>/dev/null </dev/null)
}
VIGIE_NOW=$(utc "2025-03-02 10:00") VIGIE_KIT_PIN=204867 VIGIE_KIT_DURESS_PIN=913352 \
  expect 0 kit export $S --participant "Marie-Claude" --output "$T/mc.kit" --kdf interactive
cp "$T/mc.kit" "$T/mc-old.kit"
fieldcode mc 913352 --where Cali
d1=$CODE
fieldcode mc 204867 --where Cali
n2=$CODE
at "2025-03-06 09:05" checkin import $S "$n2"
check "the later normal code is logged (exit $RC)" test "$RC" = 0
at "2025-03-06 09:06" checkin import $S "$d1"
check "the earlier duress code, out of order: exit 4 (got $RC)" test "$RC" = 4
has "duress PIN"
at "2025-03-06 09:07" checkin alerts $S
has "DURESS"
has "Marie-Claude Dion"
at "2025-03-06 09:08" checkin resolve $S --participant "Marie-Claude" --note "Exercice"
# a replaced kit: its duress code still raises the alert
fieldcode mc-old 913352 --where Cali
dold=$CODE
VIGIE_NOW=$(utc "2025-03-06 09:10") VIGIE_KIT_PIN=111111 VIGIE_KIT_DURESS_PIN=222222 \
  expect 0 kit export $S --participant "Marie-Claude" --output "$T/mc-new.kit" --kdf interactive
at "2025-03-06 09:11" checkin import $S "$dold"
check "a duress code of a replaced kit: exit 4 (got $RC)" test "$RC" = 4
at "2025-03-06 09:12" checkin alerts $S
has "revoked or replaced"
at "2025-03-06 09:13" checkin resolve $S --participant "Marie-Claude" --note "Exercice 2"
# a code cut in two chat messages, each with the sender's prefix
fieldcode mc-new 222222 --where "Cali centre"
c=$CODE
printf '[06/03/2025 09:01] Marie-Claude Dion: %s\n[06/03/2025 09:01] Marie-Claude Dion: %s\n' \
  "${c:0:153}" "${c:153}" >"$T/chat.txt"
VIGIE_NOW=$(utc "2025-03-06 09:20") runfile "$T/chat.txt" checkin import $S
check "a split duress code is joined: exit 4 (got $RC)" test "$RC" = 4
has "duress PIN"
printf '06/03/2025, 09:01 - Marie-Claude Dion: %s\n' "${c:0:153}" >"$T/half.txt"
VIGIE_NOW=$(utc "2025-03-06 09:21") runfile "$T/half.txt" checkin import $S
check "half a code is refused (exit $RC)" test "$RC" = 6
has "first half of a code"
at "2025-03-06 09:22" checkin resolve $S --participant "Marie-Claude" --note "Exercice 3"

# ---- input past 1 MiB is read whole, never cut short (finding 4) ----
fieldcode mc-new 111111 --where Cali
ok1=$CODE
fieldcode mc-new 222222 --where Cali
dlast=$CODE
{
  echo "$ok1"
  for i in $(seq 16000); do echo "[06/03/2025 10:$((i % 60))] Zoé Roy: on arrive bientôt à l'hôtel, tout va bien $i"; done
  echo "$dlast"
} >"$T/big.txt"
check "the chat export is over 1 MiB" test "$(stat -c %s "$T/big.txt")" -gt 1048576
VIGIE_NOW=$(utc "2025-03-06 10:30") runfile "$T/big.txt" checkin import $S
check "the duress code at the end of a 1 MiB export raises its alert: exit 4 (got $RC)" test "$RC" = 4
has "2 of 2 codes logged"

# ---- status words in a field code's place and note too (issue 12) ----
# The kit's status is ok unless --status says otherwise; what the participant
# wrote in the note counts as in a card message: the most serious word wins,
# and words of distress kept from the status by a negation are reviewed.
fieldcode mc-new 111111 --where Cali --note "on est bloqués au barrage, aide SVP"
at "2025-03-06 10:40" checkin import $S "$CODE"
check "an ok code whose note asks for help: exit 4 (got $RC)" test "$RC" = 4
has "Marie-Claude Dion: help"
has "says more than its status" err
fieldcode mc-new 111111 --where Jamundí --note "stuck at a roadblock. EMERGENCY"
LC_MESSAGES=fr_CA.UTF-8 VIGIE_NOW=$(utc "2025-03-06 10:41") run --lang fr checkin import $S "$CODE"
check "an English note read on a French desktop: exit 4 (got $RC)" test "$RC" = 4
has "Marie-Claude Dion : urgence"
has "en dit plus que son état" err
at "2025-03-06 10:42" checkin alerts $S
has "EMERGENCY"
at "2025-03-06 10:43" checkin resolve $S --participant "Marie-Claude" --note "Rejointe : barrage levé"
fieldcode mc-new 111111 --where Cali --note "pas besoin d'aide, on attend"
at "2025-03-06 10:44" checkin import $S "$CODE"
check "an ok code with a negated word of distress: exit 3, to review (got $RC)" test "$RC" = 3
has "TO REVIEW"
has "aide"
fieldcode mc-new 111111 --where Cali --note "all fine, no help needed"
LC_MESSAGES=fr_CA.UTF-8 VIGIE_NOW=$(utc "2025-03-06 10:45") run --lang fr checkin import $S "$CODE"
check "the same in English, on a French desktop: exit 3 (got $RC)" test "$RC" = 3
has "À VÉRIFIER"
at "2025-03-06 10:46" checkin alerts $S
has "TO REVIEW"
has "after a negation"
at "2025-03-06 10:47" checkin resolve $S --participant "Marie-Claude" --note "Appel : tout va bien"
fieldcode mc-new 111111 --where Cali --note "tout va bien, on mange"
at "2025-03-06 10:48" checkin import $S "$CODE"
check "an ok code with a plain note stays ok: exit 0 (got $RC)" test "$RC" = 0

# ---- a busy store: every command succeeds or says so, nothing lost (finding 5) ----
at "2025-03-06 11:00" checkin history $S
nbefore=$(grep -c "logged by hand" <<<"$OUT")
pids=()
for r in 1 2 3; do
  for i in 1 2 3 4; do
    (VIGIE_NOW=$(utc "2025-03-06 11:00") "$VIGIE" checkin log $S --participant "Zoé" --via SMS >/dev/null 2>"$T/w$r$i.err"; echo $? >"$T/w$r$i.rc") &
    pids+=($!)
  done
  for i in 1 2; do
    (VIGIE_NOW=$(utc "2025-03-06 11:00") "$VIGIE" checkin status $S >/dev/null 2>"$T/s$r$i.err"; echo $? >"$T/s$r$i.rc") &
    pids+=($!)
  done
done
wait "${pids[@]}"
logged=0
bad=0
for f in "$T"/w*.rc; do
  rc=$(cat "$f")
  if [ "$rc" = 0 ]; then logged=$((logged + 1));
  elif [ "$rc" = 7 ] && grep -q "another vigie command is using the store" "${f%.rc}.err"; then :;
  else bad=$((bad + 1)); echo "writer ${f##*/}: exit $rc $(cat "${f%.rc}.err")" >&2; fi
done
for f in "$T"/s*.rc; do
  rc=$(cat "$f")
  case $rc in 0|3|4) ;; 7) grep -q "another vigie command" "${f%.rc}.err" || bad=$((bad + 1)) ;;
    *) bad=$((bad + 1)); echo "status ${f##*/}: exit $rc $(cat "${f%.rc}.err")" >&2 ;; esac
done
check "12 writers and 6 status at once: each succeeds or says busy ($bad other)" test "$bad" = 0
at "2025-03-06 11:05" checkin history $S
check "every check-in that said logged is there ($logged)" test "$(grep -c "logged by hand" <<<"$OUT")" = "$((nbefore + logged))"
check "most writers got through within the wait ($logged of 12)" test "$logged" -ge 10


# ---- a large import is validated outside its write transaction (issue 12) ----
# 60,000 participants (phones checked by libphonenumber): the validation takes
# seconds; a check-in logged meanwhile goes through at once, and finishes long
# before the import, instead of waiting for its commit (or exit 7 after 10 s).
expect 0 delegation add grand-2025 --name "Grand stage" --country CO --start 2025-03-01 --end 2025-03-15
/usr/bin/python3 - "$T/grand.csv" 60000 <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
head = "Prénom;Nom;Cellulaire;Contact d'urgence;Téléphone du contact d'urgence;Groupe sanguin"
with open(path, "wb") as f:
    f.write(b"\xef\xbb\xbf" + head.encode() + b"\r\n")
    for i in range(n):
        row = [f"Éloïse{i:05d}", f"Bélanger-Côté{i % 97}", f"418 555 {i % 10000:04d}",
               f"Hélène{i} Bélanger", f"514 555 {(i * 7) % 10000:04d}", "O+"]
        f.write((";".join(row) + "\r\n").encode())
PY
ms() { date +%s%3N; }
(VIGIE_NOW=$(utc "2025-03-06 12:00") "$VIGIE" participant import grand-2025 "$T/grand.csv" >"$T/imp.out" 2>&1
 echo $? >"$T/imp.rc"; ms >"$T/imp.end") &
imp=$!
sleep 0.5
t0=$(ms)
VIGIE_NOW=$(utc "2025-03-06 12:00") "$VIGIE" checkin log $S --participant "Zoé Roy" --via SMS >"$T/w.out" 2>&1
wrc=$?
t1=$(ms)
wait $imp
check "a check-in during the import's validation is logged (exit $wrc: $(cat "$T/w.out"))" test "$wrc" = 0
check "the import went through (exit $(cat "$T/imp.rc"))" test "$(cat "$T/imp.rc")" = 0
check "... and the check-in did not wait for it: done $(( $(cat "$T/imp.end") - t1 )) ms before the import ended, in $((t1 - t0)) ms" \
  test "$(( $(cat "$T/imp.end") - t1 ))" -gt 500
run --json participant list grand-2025
check "60,000 participants imported" test "$(grep -o '"name"' <<<"$OUT" | wc -l)" = 60000

finish
