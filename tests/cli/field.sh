#!/usr/bin/env bash
# Field kits and signed check-in codes, end to end: kit export (PIN rules,
# 0600, never over a file), field checkin with no store, checkin import
# (pasted text, replay, tampering, another delegation, a replaced kit), a
# wrong PIN, a damaged kit, and the duress path.
. "$(dirname "$0")/lib.sh"
new_store
export VIGIE_NOW=2025-03-02T08:00:00-05:00
expect 0 delegation add colombie-2025 --name "Délégation syndicale Colombie" --country CO \
  --start 2025-03-01 --end 2025-03-12
expect 0 delegation add haiti-2025 --name "Mission Haïti" --country HT --start 2025-03-01 --end 2025-03-12
expect 0 participant add colombie-2025 --name "Marie Tremblay"
expect 0 participant add colombie-2025 --name "Paul Gagnon"
expect 0 participant add haiti-2025 --name "Jean Dupont"
expect 0 contact add colombie-2025 --name "Hôtel Casa Blanca" --role accommodation --phone "+57 601 555 0101"
expect 0 contact add colombie-2025 --name "Ambassade du Canada" --role embassy --phone "+57 601 657 9800"
expect 0 config set org.phone "+1 514 555 0100"

# run with standard input: runin INPUT ARGS...
runin() {
  local input=$1
  shift
  OUT=$(printf '%s' "$input" | "$VIGIE" "$@" 2>"$T/.err")
  RC=$?
  ERR=$(cat "$T/.err")
}
kit() { # kit NAME PARTICIPANT [SLUG]: export with the test PINs
  VIGIE_KIT_PIN=204867 VIGIE_KIT_DURESS_PIN=913352 \
    expect 0 kit export "${3:-colombie-2025}" --participant "$2" --output "$T/$1.kit" --kdf interactive
}

# --- kit export: PIN rules, file rules
VIGIE_KIT_PIN=12345 VIGIE_KIT_DURESS_PIN=913352 \
  expect 1 kit export colombie-2025 --participant marie --output "$T/marie.kit" --kdf interactive
has "at least 6" err
VIGIE_KIT_PIN=204867 VIGIE_KIT_DURESS_PIN=204867 \
  expect 1 kit export colombie-2025 --participant marie --output "$T/marie.kit" --kdf interactive
has "differ" err
check "a refused export writes nothing" test ! -e "$T/marie.kit"
# no PIN in the environment and no terminal
expect 5 kit export colombie-2025 --participant marie --output "$T/marie.kit"
has "VIGIE_KIT_PIN" err
expect 2 kit export colombie-2025 --participant marie
kit marie marie
has "Marie Tremblay"
check "kit is 0600" test "$(stat -c %a "$T/marie.kit")" = 600
check "no readable name or slug in the kit" bash -c "! grep -aq -e Marie -e colombie -e Bogota '$T/marie.kit'"
before=$(sums "$T/marie.kit")
VIGIE_KIT_PIN=111111 VIGIE_KIT_DURESS_PIN=222222 \
  expect 1 kit export colombie-2025 --participant marie --output "$T/marie.kit" --kdf interactive
has "already exists" err
check "the kit was not replaced" test "$(sums "$T/marie.kit")" = "$before"
kit paul paul
kit jean jean haiti-2025
expect 1 kit export colombie-2025 --participant nobody --output "$T/x.kit"

# --- field checkin: no store, no network
fieldcode() { # fieldcode KIT PIN [ARGS...]: sets CODE
  local k=$1 pin=$2
  shift 2
  OUT=$(VIGIE_STORE="$T/no-store-here" VIGIE_PASSPHRASE= VIGIE_KIT_PIN=$pin "$VIGIE" field checkin --kit "$T/$k.kit" "$@" 2>"$T/.err" </dev/null)
  RC=$?
  ERR=$(cat "$T/.err")
  CODE=$OUT
}
fieldcode marie 204867 --where Bogotá --note "tout va bien"
check "field checkin exits 0" test "$RC" = 0
check "the code is VG1 + base64url, at most 306 characters, alone on its line" \
  bash -c "[[ '$CODE' =~ ^VG1[A-Za-z0-9_-]{203,303}$ ]]"
check "field checkin made no store" test ! -e "$T/no-store-here"
check "the kit was rewritten with its counter" test "$(sums "$T/marie.kit")" != "$before"
c1=$CODE

# --- import: logged, then a replay is refused
expect 0 checkin import colombie-2025 "$c1"
has "Marie Tremblay"
has "Bogotá"
has "tout va bien"
expect 6 checkin import colombie-2025 "$c1"
has "replayed"
expect 0 --json audit log
has "checkin.import"
has "kit.export"

# pasted whole messages on standard input: one new code logged, the old one
# refused, exit 6; the good one stays logged
fieldcode marie 204867 --status help --where "Cali"
c2=$CODE
fieldcode paul 204867
c3=$CODE
runin "[08:02] Marie: salut, mon code:
$c2
merci!
[08:05] Paul: $c3 (envoyé par SMS)
vieux: $c1" checkin import colombie-2025
check "a batch with a replay exits 6" test "$RC" = 6
has "Paul Gagnon"
has "Cali"
has "2 of 3"
# the two good codes were logged: importing them again is a replay
runin "$c2 $c3" checkin import colombie-2025
check "both good codes of the batch were logged" test "$RC" = 6
has "code number 1 of this kit"

# a code cut in two SMS, one per line, is joined
fieldcode marie 204867
runin "${CODE:0:150}
${CODE:150}" checkin import colombie-2025
check "a code split in two SMS is imported" test "$RC" = 0

# one character changed: refused, exit 6
fieldcode marie 204867
mid=${CODE:100:1}
[ "$mid" = A ] && repl=B || repl=A
bad="${CODE:0:100}$repl${CODE:101}"
expect 6 checkin import colombie-2025 "$bad"
hasnt "logged"
# truncated, and too long
expect 6 checkin import colombie-2025 "${CODE:0:200}"
expect 6 checkin import colombie-2025 "${CODE}AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
has "too long"
# the untouched code still imports
expect 0 checkin import colombie-2025 "$CODE"
# no code at all
expect 1 checkin import colombie-2025 "bonjour, tout va bien"
has "no check-in code" err

# a code for another delegation
fieldcode jean 204867
expect 1 checkin import colombie-2025 "$CODE"
has "haiti-2025"
expect 0 checkin import haiti-2025 "$CODE"

# a code sealed for another organisation's store
other="$T/other"
VIGIE_STORE=$other "$VIGIE" init --kdf interactive --recovery-key-file "$T/rk2.txt" >/dev/null 2>&1
VIGIE_STORE=$other expect 0 delegation add colombie-2025 --name X --country CO --start 2025-03-01 --end 2025-03-12
VIGIE_STORE=$other expect 0 participant add colombie-2025 --name "Marie Tremblay"
VIGIE_STORE=$other VIGIE_KIT_PIN=204867 VIGIE_KIT_DURESS_PIN=913352 \
  expect 0 kit export colombie-2025 --participant marie --output "$T/other.kit" --kdf interactive
fieldcode other 204867
expect 6 checkin import colombie-2025 "$CODE"
has "another organisation"
VIGIE_STORE=$other "$VIGIE" lock >/dev/null 2>&1 || true

# --- a wrong PIN: exit 5, the kit untouched; a damaged kit: exit 6
before=$(sums "$T/marie.kit")
fieldcode marie 000000
check "a wrong PIN exits 5" test "$RC" = 5
check "no code on a wrong PIN" test -z "$CODE"
check "a wrong PIN leaves the kit as it was" test "$(sums "$T/marie.kit")" = "$before"
cp "$T/marie.kit" "$T/damaged.kit"
flip "$T/damaged.kit" 300
fieldcode damaged 204867
check "a damaged kit exits 6" test "$RC" = 6
expect 5 field checkin --kit "$T/marie.kit"
expect 1 field checkin --kit "$T/no-such.kit"
expect 2 field checkin --kit "$T/marie.kit" --status fine

# a place and note too long for two SMS are shortened, with a warning
long=$(printf 'très long %.0s' $(seq 1 20))
fieldcode marie 204867 --where "$long" --note "$long"
check "a long note still gives a code of at most 306 characters" test "${#CODE}" -le 306
check "the shortening is said" grep -q "shortened" <<<"$ERR"
expect 0 checkin import colombie-2025 "$CODE"

# --- the duress PIN: the same on the participant's screen and on disk
cp "$T/paul.kit" "$T/paul-a.kit"
fieldcode paul 204867 --where Medellín
ok_err=$ERR ok_len=${#CODE} ok_rc=$RC
size_a=$(stat -c %s "$T/paul.kit")
head_a=$(head -c 288 "$T/paul.kit" | sha256sum)
okcode=$CODE
fieldcode paul 913352 --where Medellín
check "duress: same exit code" test "$RC" = "$ok_rc"
check "duress: same messages on the screen" test "$ERR" = "$ok_err"
check "duress: a code of the same length" test "${#CODE}" = "$ok_len"
check "duress: the kit file keeps its size" test "$(stat -c %s "$T/paul.kit")" = "$size_a"
check "duress: the kit's header and slots are unchanged" test "$(head -c 288 "$T/paul.kit" | sha256sum)" = "$head_a"
VIGIE_KIT_PIN=913352 expect 0 field show --kit "$T/paul.kit"
duress_show=$OUT
VIGIE_KIT_PIN=204867 expect 0 field show --kit "$T/paul.kit"
check "duress: field show prints the same" test "$OUT" = "$duress_show"
has "+1 613 996 8885"
has "+57 601 657 9800"
hasnt "+57 601 555 0101"
# Marie's help alert closed, nothing is open: status is not at alert
expect 0 checkin resolve colombie-2025 --participant marie --note "rappelée, tout va bien"
run checkin status colombie-2025
check "no alert open before the duress code (status exit $RC)" test "$RC" != 4
expect 0 checkin import colombie-2025 "$okcode"
hasnt "ALERT"
run checkin status colombie-2025
check "a normal code opens no alert (status exit $RC)" test "$RC" != 4
expect 4 checkin import colombie-2025 "$CODE"
has "Paul Gagnon"
has "ALERT"
has "duress"
# the coordinator's status shows the duress alert: exit 4
expect 4 checkin status colombie-2025
has "DURESS"
has "Paul Gagnon"

# --- a new kit replaces the old one: the old kit's codes are refused
fieldcode marie 204867
old=$CODE
VIGIE_KIT_PIN=246810 VIGIE_KIT_DURESS_PIN=135791 \
  expect 0 kit export colombie-2025 --participant marie --output "$T/marie.kit" --force --kdf interactive
expect 6 checkin import colombie-2025 "$old"
has "replaced"
fieldcode marie 246810
expect 0 checkin import colombie-2025 "$CODE"

# --- a lost kit is revoked without a new one
fieldcode marie 246810
expect 0 kit revoke colombie-2025 --participant marie
expect 6 checkin import colombie-2025 "$CODE"
has "replaced"
expect 1 kit revoke colombie-2025 --participant marie
has "no current field kit" err
expect 2 kit revoke colombie-2025
expect 0 --json audit log
has "kit.revoke"
finish
