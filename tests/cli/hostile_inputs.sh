#!/usr/bin/env bash
# What a script or a careless paste can hand to Vigie, and what other
# accounts can see (review findings 15, 16 and 23): personal fields given
# with --from-file (or standard input) never appear in the command line
# that /proc shows to every account; a scripted `assess answer` with one over-long line stops at that
# item instead of shifting every later answer; a wall time that the clocks
# skip (a daylight-saving night) is refused with a message that says so;
# a date of birth after today is refused.
. "$(dirname "$0")/lib.sh"
new_store
# run with standard input from a file (run reads /dev/null)
run_in() { # FILE ARGS...
  local f=$1
  shift
  OUT=$("$VIGIE" "$@" 2>"$T/.err" <"$f")
  RC=$?
  ERR=$(cat "$T/.err")
}

# ---- finding 16: assess answer from a pipe ----
expect 0 assess new al1
/usr/bin/python3 -c "print('3\nnote1\nev1\n2\n' + 'N' * 9000 + '\nev2\n4\nnote3\nev3')" >"$T/answers.txt"
run_in "$T/answers.txt" assess answer al1
check "an over-long line from a pipe: exit 1" test "$RC" = 1
has "too long" err
has "D1.2" err
expect 0 --json assess show al1 --items
ITEMS=$OUT
levels() { # the levels of D1.1, D1.2, D1.3 as "3,-,-"
  /usr/bin/python3 -c '
import json, sys
d = json.loads(sys.argv[1])
items = {}
def walk(o):
    if isinstance(o, dict):
        if "id" in o and "level" in o:
            items[o["id"]] = o["level"]
        for v in o.values(): walk(v)
    elif isinstance(o, list):
        for v in o: walk(v)
walk(d)
print(",".join(str(items.get(k)) for k in ("D1.1", "D1.2", "D1.3")))' "$ITEMS"
}
L=$(levels)
check "D1.1 kept its answer (3), D1.2 and D1.3 untouched (got $L)" \
  test "$L" = "3,None,None"
# the walk resumes at the refused item
/usr/bin/python3 -c "print('2\nnote2\nev2\n4\nnote3\nev3\nq')" >"$T/resume.txt"
run_in "$T/resume.txt" assess answer al1
check "the walk resumes at D1.2" test "$RC" = 0
expect 0 --json assess show al1 --items
ITEMS=$OUT
L=$(levels)
check "D1.2 = 2 and D1.3 = 4 after the resumed walk (got $L)" test "$L" = "3,2,4"
# an invalid level from a pipe stops too (it would shift the rest)
expect 0 assess new al2
printf '7\nnote\nev\n3\n' >"$T/bad-level.txt"
run_in "$T/bad-level.txt" assess answer al2
check "an invalid level from a pipe: exit 1" test "$RC" = 1
expect 0 --json assess show al2 --items
ITEMS=$OUT
L=$(levels)
check "nothing stored after an invalid level from a pipe (got $L)" test "$L" = "None,None,None"

# ---- finding 23: wall times the clocks skip; births in the future ----
# 2027-03-14 is the spring-forward night in Haiti as in Toronto: 02:00 -> 03:00
S=haiti-2027
VIGIE_NOW=2027-03-01T12:00:00Z expect 0 delegation add $S --name "Haïti 2027" --country HT \
  --start 2027-03-10 --end 2027-03-20
expect 0 participant add $S --name "Zoé Roy"
VIGIE_NOW=2027-03-14T12:00:00Z run checkin log $S --participant "Zoé Roy" --at 2027-03-14T02:30
check "2027-03-14 02:30 in Port-au-Prince (skipped): refused, exit 1" test "$RC" = 1
has "does not exist in America/Port-au-Prince" err
VIGIE_NOW=2027-03-14T12:00:00Z run --lang fr checkin log $S --participant "Zoé Roy" --at 2027-03-14T02:30
has "n'existe pas" err
VIGIE_NOW=2027-03-14T12:00:00Z run checkin expect $S --participant "Zoé Roy" --by "2027-03-14 02:59" --reason "trajet"
check "--by in the gap: refused" test "$RC" = 1
VIGIE_NOW=2027-03-14T12:00:00Z expect 0 checkin history $S
hasnt "2027-03-14"
# just outside the gap, or with an offset: accepted, at the instant typed
VIGIE_NOW=2027-03-14T12:00:00Z expect 0 checkin log $S --participant "Zoé Roy" --at 2027-03-14T01:59
VIGIE_NOW=2027-03-14T12:00:00Z expect 0 checkin log $S --participant "Zoé Roy" --at 2027-03-14T03:00
VIGIE_NOW=2027-03-14T12:00:00Z expect 0 checkin log $S --participant "Zoé Roy" --at 2027-03-14T02:30-05:00
VIGIE_NOW=2027-03-14T12:00:00Z expect 0 checkin history $S
has "03:30"
# Haiti's own spring-forward night (the review's example)
VIGIE_NOW=2025-03-01T12:00:00Z expect 0 delegation add haiti-2025 --name "Haïti" --country HT \
  --start 2025-03-05 --end 2025-03-20
expect 0 participant add haiti-2025 --name "Léa Tremblay"
VIGIE_NOW=2025-03-09T12:00:00Z run checkin log haiti-2025 --participant "Léa" --at 2025-03-09T02:30
check "2025-03-09 02:30 in Port-au-Prince (skipped): refused" test "$RC" = 1

VIGIE_NOW=2027-03-01T12:00:00Z run participant add $S --name "Futur Bébé" --birth-date 2030-01-01
check "a birth date after today: refused" test "$RC" = 1
has "in the future" err
VIGIE_NOW=2027-03-01T12:00:00Z run participant add $S --name "Futur Bébé" --birth-date 3000-01-01
check "a birth date in the year 3000: refused" test "$RC" = 1
VIGIE_NOW=2027-03-01T12:00:00Z run participant edit $S "Zoé" --birth-date 2027-03-02
check "edit: a birth date tomorrow: refused" test "$RC" = 1
printf 'Full name,Date of birth\nAnne Futur,01/01/2031\n' >"$T/future.csv"
VIGIE_NOW=2027-03-01T12:00:00Z run participant import $S "$T/future.csv"
check "import: a birth date in the future: refused" test "$RC" = 1
VIGIE_NOW=2027-03-01T12:00:00Z expect 1 participant show $S "Anne Futur"
VIGIE_NOW=2027-03-01T12:00:00Z expect 0 participant edit $S "Zoé" --birth-date 2027-03-01
VIGIE_NOW=2027-03-01T12:00:00Z expect 0 participant edit $S "Zoé" --birth-date 1987-04-12

# ---- finding 15: personal fields off the command line ----
# While the command waits for its standard input, its command line (which
# every account can read in /proc) holds no personal data.
mkfifo "$T/fields.fifo"
"$VIGIE" participant add $S --from-file - <"$T/fields.fifo" >"$T/add.out" 2>"$T/add.err" &
pid=$!
exec 7>"$T/fields.fifo"
sleep 0.3
CMDLINE=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
check "the command line shows the command" grep -q "from-file" <<<"$CMDLINE"
check "the command line holds no passport number or medical detail" \
  test -z "$(grep -o 'PX445566\|VIH\|Secretname' <<<"$CMDLINE")"
printf 'name: Xavier Secretname\npassport-number: PX445566\nconditions: VIH positif\n# a comment\nnotes: première ligne\n  deuxième ligne\n' >&7
exec 7>&-
wait "$pid"
check "add --from-file - : exit 0" test $? = 0
expect 0 --json participant show $S "Xavier"
has '"passport_number":"PX445566"'
has '"conditions":"VIH positif"'
has '"notes":"première ligne\ndeuxième ligne"'
# from a file, for edit; a field in both places is a usage error
printf 'conditions: asthme\nmedication = salbutamol\n' >"$T/edit.txt"
expect 0 participant edit $S "Xavier" --from-file "$T/edit.txt"
expect 0 --json participant show $S "Xavier"
has '"conditions":"asthme"'
has '"medication":"salbutamol"'
expect 2 participant edit $S "Xavier" --from-file "$T/edit.txt" --conditions "autre"
has "both on the command line" err
printf 'passport_numbr: X1\n' >"$T/typo.txt"
expect 1 participant edit $S "Xavier" --from-file "$T/typo.txt"
has 'line 1: unknown field "passport_numbr"' err
printf 'passport_number: =HYPERLINK("x")\n' >"$T/evil.txt"
expect 1 participant edit $S "Xavier" --from-file "$T/evil.txt"
# a FIFO given as the file is refused at once, never waited on
mkfifo "$T/other.fifo"
expect 1 participant edit $S "Xavier" --from-file "$T/other.fifo"
has "not a regular file" err
head -c 1100000 /dev/zero | tr '\0' 'a' >"$T/big.txt"
expect 1 participant edit $S "Xavier" --from-file "$T/big.txt"
has "too large" err
expect 0 --json participant show $S "Xavier"
has '"passport_number":"PX445566"'
finish
