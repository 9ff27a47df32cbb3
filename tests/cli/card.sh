#!/usr/bin/env bash
# Check-in cards, end to end: card export (the page, 0600, never over a
# file), checkin code with messages as people type them, the window of 5,
# burn order, replays, the duress word of each participant (issue 12), three
# wrong codes, a reissued card revoking the old one, card show.
. "$(dirname "$0")/lib.sh"
new_store
export VIGIE_NOW=2025-02-20T10:00:00-05:00
expect 0 delegation add colombie-2025 --name "Délégation syndicale Colombie" --country CO \
  --start 2025-03-01 --end 2025-03-12
expect 0 delegation add haiti-2025 --name "Mission Haïti" --country HT --start 2025-03-01 --end 2025-03-12
expect 0 participant add colombie-2025 --name "Marie Tremblay"
expect 0 participant add colombie-2025 --name "Paul Gagnon"
expect 0 participant add haiti-2025 --name "Jean Dupont"
expect 0 contact add colombie-2025 --name "Hôtel Casa Blanca" --role accommodation --phone "+57 601 555 0101"
expect 0 config set org.phone "+1 514 555 0100"

# code CARD N: the code at position N of a card file
code() { awk -v n="$2" '{ for (i = 1; i < NF; i++) if ($i == n && $(i+1) ~ /^[0-9][0-9][0-9][0-9][0-9][0-9]$/) { print $(i+1); exit } }' "$T/$1.txt"; }
# the duress word from a card export's JSON output
word() { sed -n 's/.*"duress_word":"\([a-z]*\)".*/\1/p' <<<"$OUT"; }

# --- card export
# the readiness checklist asks for cards
run delegation ready colombie-2025
check "ready is not ready without cards (exit $RC)" test "$RC" = 3
has "Marie Tremblay: no check-in card"
expect 2 card export colombie-2025 --participant marie
expect 2 card export colombie-2025 --participant marie --output "$T/marie.txt" --codes 3
expect 0 --json card export colombie-2025 --participant marie --output "$T/marie.txt"
mw=$(word)
check "a duress word is given ($mw)" test "${#mw}" -ge 6
check "the card is 0600" test "$(stat -c %a "$T/marie.txt")" = 600
check "the card shows 40 numbered codes, no duress code among them" test "$(grep -oE '\b[0-9]{6}\b' "$T/marie.txt" | grep -vc 482913)" = 40
check "the card never shows the duress word" bash -c "! grep -qi '$mw' '$T/marie.txt'"
check "first name only" bash -c "grep -q '^Marie ·' '$T/marie.txt' && ! grep -q Tremblay '$T/marie.txt'"
check "never in a group chat" grep -q "never in a group chat" "$T/marie.txt"
check "status words in French, English, Spanish" grep -q "AIDE · HELP · AYUDA" "$T/marie.txt"
check "how to send" grep -q "OK 482913 Bogotá" "$T/marie.txt"
check "emergency numbers" grep -q "+1 613 996 8885" "$T/marie.txt"
check "not the accommodation" bash -c "! grep -q '555 0101' '$T/marie.txt'"
check "the duress codes are not marked" bash -c "! grep -qi -e duress -e contrainte '$T/marie.txt'"
before=$(sums "$T/marie.txt")
expect 1 card export colombie-2025 --participant marie --output "$T/marie.txt"
has "already exists" err
check "not replaced without --force" test "$(sums "$T/marie.txt")" = "$before"
expect 0 --json card export colombie-2025 --participant paul --output "$T/paul.txt" --codes 12
pw=$(word)
check "each participant has a word of their own" test "$pw" != "$mw"
expect 0 card export haiti-2025 --participant jean --output "$T/jean.txt"
# 12 days, no plan yet: one check-in a day, 12 codes needed; Paul's 12 are enough
run delegation ready colombie-2025
has "every card holds at least the 12 codes"
expect 0 checkin plan colombie-2025 --daily 08:00 --daily 20:00 --grace 30
run delegation ready colombie-2025
has "Paul Gagnon: 12 codes left on the card, 24 check-ins to come"
hasnt "Marie Tremblay: no check-in card"
hasnt "Marie Tremblay: 40 codes left"
check "Haitian Creole on a card for Haiti" grep -q "AIDE · HELP · ÈD" "$T/jean.txt"
check "IJANS" grep -q "IJANS" "$T/jean.txt"
expect 0 card show colombie-2025
has "Marie Tremblay"
has "40"
expect 0 --json card show colombie-2025 --participant paul
has '"left":12'

export VIGIE_NOW=2025-03-02T08:00:00-05:00
m1=$(code marie 1)
m2=$(code marie 2)
m3=$(code marie 3)
m4=$(code marie 4)
m9=$(code marie 9)
m20=$(code marie 20)

# --- messages as people type them
expect 0 checkin code colombie-2025 "ok $m1" --via SMS
has "Marie Tremblay"
has "39 codes left"
hasnt "ALERT"
# used again: a replay
expect 6 checkin code colombie-2025 "OK $m1 Bogotá"
has "replayed" err
# "OK: 482 913 - Bogotá", with a skipped code (window of 5): m3 burns m2
expect 0 checkin code colombie-2025 "OK: ${m3:0:3} ${m3:3:3} - Bogotá"
has "Bogotá"
has "37 codes left"
expect 6 checkin code colombie-2025 "OK $m2"
has "replayed" err
# help, with the rest as a note: an alert, exit 4
expect 4 checkin code colombie-2025 "Aide $m4 on est bloqués à Cúcuta"
has "on est bloqués à Cúcuta"
has "help"
# beyond the window of 5: refused as a wrong code, counted for Marie
expect 5 checkin code colombie-2025 "OK $m20"
has "further down" err
has "wrong codes in a row for Marie Tremblay: 1" err
# --- three wrong codes in a row: the guessing alert
expect 5 checkin code colombie-2025 "OK 000000" --participant marie
has "wrong codes in a row for Marie Tremblay: 2" err
hasnt "ALERT"
expect 5 checkin code colombie-2025 "OK 999999" --participant marie
has "ALERT"
has "guessing"
# a wrong code with no way to know the sender is not counted
expect 5 checkin code colombie-2025 "OK 000001"
has "not counted" err
# a good code resets the count; m9 is within the window again after m4
expect 0 checkin code colombie-2025 "OK $m9 Medellín"
expect 0 --json card show colombie-2025 --participant marie
has '"wrong_in_a_row":0'

# the status shows the guessing alert (and Marie's help): exit 4
expect 4 checkin status colombie-2025
has "REPEATED WRONG CODES"
expect 0 checkin resolve colombie-2025 --participant marie --note "appelée : c'était une erreur de frappe"
run checkin status colombie-2025
check "no alert open before the duress codes (status exit $RC)" test "$RC" != 4

# --- the duress word, from each participant: the next code as usual, the
# word anywhere; the output is a normal check-in + one alert line
for who in marie paul; do
  if [ $who = marie ]; then w=$mw; name="Marie Tremblay"; n=10; else w=$pw; name="Paul Gagnon"; n=1; fi
  expect 0 --json card show colombie-2025 --participant $who
  left_before=$(sed -n 's/.*"left":\([0-9]*\).*/\1/p' <<<"$OUT")
  dc=$(code $who "$n")
  expect 4 checkin code colombie-2025 "OK $dc Bogotá, ${w^^}"
  has "Check-in logged: $name, ok"
  has "Bogotá (check-in card"
  hasnt "${w^^}"
  has "ALERT (for the coordinator only)"
  check "duress ($who): one line more than a normal check-in, no more" test "$(wc -l <<<"$OUT")" = 2
  expect 0 --json card show colombie-2025 --participant $who
  check "duress ($who): the code is used up like any other" test "$(sed -n 's/.*"left":\([0-9]*\).*/\1/p' <<<"$OUT")" = "$((left_before - 1))"
  expect 4 checkin status colombie-2025
  has "DURESS"
  has "$name"
  # the same message from a second channel: the alert flagged again, no check-in
  expect 4 checkin code colombie-2025 "OK $dc Bogotá, ${w^^}"
  has "flagged again"
  expect 0 checkin resolve colombie-2025 --participant $who --note "vérifié avec la cellule de crise"
done
# the word with no code at all still raises the alert
expect 4 checkin code colombie-2025 "on est à Cali, $mw"
has "ALERT (for the coordinator only): Marie Tremblay"
has "no 6-digit code" err
expect 0 checkin resolve colombie-2025 --participant marie --note "vérifié"
# revealed again (audited), never on the card
expect 0 card show colombie-2025 --participant marie --reveal-duress
has "Duress word of Marie Tremblay's card: \"$mw\""
run --json audit log
has "card.reveal"

# --- --participant chooses the card; an unknown name is refused
p1=$(code paul 2)
expect 5 checkin code colombie-2025 "OK $p1" --participant marie
expect 0 checkin code colombie-2025 "OK $p1" --participant paul
has "Paul Gagnon"
expect 1 checkin code colombie-2025 "OK 123456" --participant nobody
expect 1 checkin code colombie-2025 "bonjour tout va bien"
has "no 6-digit code" err
expect 2 checkin code colombie-2025 "OK $p1" --at "hier"

# --- a reissued card revokes the old codes
m10=$(code marie 11)
expect 0 card export colombie-2025 --participant marie --output "$T/marie.txt" --force
expect 6 checkin code colombie-2025 "OK $m10"
has "replaced" err
expect 0 --json card show colombie-2025 --participant marie
has '"left":40'

# --- a lost card is revoked without a new one
expect 0 card revoke colombie-2025 --participant paul
p2=$(code paul 3)
expect 6 checkin code colombie-2025 "OK $p2" --participant paul
has "revoked" err
expect 1 card revoke colombie-2025 --participant paul
has "no check-in card" err
expect 0 card show colombie-2025
has "no card"
# A card sized to the check-ins planned (issue 13): 40 codes by default, more
# when more are planned; a card too short is refused unless told.
export VIGIE_NOW=2025-02-20T12:00:00Z
expect 0 delegation add longue-2025 --name "Long stage" --country CO --start 2025-03-01 --end 2025-04-14
expect 0 participant add longue-2025 --name "Léa Stagiaire" --phone "+1 418 555 0170"
expect 0 checkin plan longue-2025 --daily 08:00 --daily 20:00 --grace 30
expect 0 --json card export longue-2025 --participant lea --output "$T/lea.txt"
has '"codes":90'
expect 1 card export longue-2025 --participant lea --output "$T/lea2.txt" --codes 40
has "40 codes are fewer than the 90 check-ins to come" err
check "no short card written" test ! -e "$T/lea2.txt"
expect 0 card export longue-2025 --participant lea --output "$T/lea2.txt" --codes 40 --allow-short
has "fewer than the 90" err
finish
