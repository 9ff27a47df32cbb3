#!/usr/bin/env bash
# Participants: fields, name matching, edit, remove, proof of life,
# export-data, and no personal data in clear in the store files.
. "$(dirname "$0")/lib.sh"
PTY="/usr/bin/python3 $(dirname "$0")/pty_run.py"
new_store
count() { "$VIGIE" --json participant list "$1" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

expect 0 delegation add colombie-2026 --name "Colombie" --country CO --start 2026-03-01 --end 2026-03-15
expect 0 participant add colombie-2026 --name "Marie-Ève Côté-Zyxwvut" --phone "(418) 555-0177" \
  --passport-number "QZ7788991" --passport-expiry 15/09/2031 --blood-group "o négatif" \
  --kin1-name "Louise Côté" --kin1-phone "418 555 0199" --medevac Oui --email "Marie@Exemple.QC.CA" \
  --local-sim "+57 310 555 0177" --allergies "Arachides; pénicilline"
has "+1 418 555 0177"
has "2031-09-15"
has "O-"
has "2027-09-15" # retention: end + 18 months
expect 0 participant add colombie-2026 --name "Marc Tremblay" --role "Délégué"
expect 0 participant add colombie-2026 --name "Marcelle Lévesque"
expect 0 participant add colombie-2026 --name "Marc"

# Refused with the reason, nothing added.
expect 1 participant add colombie-2026 --name "Luc Gagnon" --phone "2229 8000"
has "country code" err
expect 1 participant add colombie-2026 --name "Luc Gagnon" --passport-expiry 2030-02-30
has "passport expiry \"2030-02-30\" is not a date" err
expect 1 participant add colombie-2026 --name "Luc Gagnon" --email "luc(at)exemple"
expect 1 participant add colombie-2026 --name "Luc Gagnon" --blood-group "C+"
expect 1 participant add colombie-2026 --name "Luc Gagnon" --local-sim "310 234 4567"
has "+1 or +57" err
expect 1 participant add colombie-2026 --name "MARIE-EVE cote zyxwvut"
has "already a participant" err
expect 2 participant add colombie-2026 --phone "418 555 0100"
expect 1 participant add nope-2026 --name "Luc"
check "nothing added by refused commands" test "$(count colombie-2026)" = 4

# Named by a case- and accent-insensitive unique prefix.
expect 0 participant show colombie-2026 "marie eve"
has "Marie-Ève Côté-Zyxwvut"
has "+57 310 555 0177"
has "Marie@exemple.qc.ca"
expect 0 participant show colombie-2026 "MARIE-ÈVE CÔTÉ"
expect 0 participant show colombie-2026 marce
has "Marcelle Lévesque"
expect 0 participant show colombie-2026 marc # exact match wins
has "Marc"
hasnt "Tremblay"
expect 1 participant show colombie-2026 mar
has "Marc Tremblay" err
has "Marcelle Lévesque" err
has "matches 4 participants" err
expect 1 participant show colombie-2026 "Tremblay"
has "no participant" err

# JSON: English snake_case keys, the full name is "name".
expect 0 --json participant show colombie-2026 "marie"
has '"name":"Marie-Ève Côté-Zyxwvut"'
has '"passport_expiry":"2031-09-15"'
has '"kin1_phone":"+1 418 555 0199"'
has '"medevac":"yes"'
has '"has_proof_of_life":false'
# yes/no stored language-neutral, shown in the user's language (issue 13)
expect 0 --lang fr participant show colombie-2026 "marie"
check "medevac shown as oui" bash -c "grep -q 'Évacuation sanitaire couverte *oui$' <<<\"\$1\"" _ "$OUT"
hasnt " yes"
expect 0 --lang en participant show colombie-2026 "marie"
check "medevac shown as yes" bash -c "grep -q 'Medical evacuation covered *yes$' <<<\"\$1\"" _ "$OUT"
expect 0 --json participant list colombie-2026
has '"name":"Marc Tremblay"'

# Edit: normalised, an empty value clears, the audit names fields only.
expect 0 participant edit colombie-2026 "marc t" --phone "514-555-0123" --role ""
expect 0 --json participant show colombie-2026 "marc t"
has '"phone":"+1 514 555 0123"'
has '"role":null'
expect 1 participant edit colombie-2026 "marc t" --name "Marcelle Lévesque"
has "already a participant" err
expect 1 participant edit colombie-2026 "marc t" --birth-date "31/02/1990"
expect 2 participant edit colombie-2026 "marc t"
expect 0 --json audit log --last 3
has "participant.edit"
has "role phone"
# the number itself never (not "514" alone: an entry's hash may hold those digits)
hasnt "555 0123"
hasnt "555-0123"
hasnt "5550123"

# Proof of life, from standard input when it is not a terminal.
printf 'Couleur de mon premier vélo?\nRouge-Qwerty-Secret\nNom du chat?\nMinou-Qwerty\n\nVille natale de grand-mère?\nRimouski-Qwerty\n' >"$T/pol.txt"
OUT=$("$VIGIE" participant pol colombie-2026 marie --set <"$T/pol.txt" 2>"$T/.err"); RC=$?; ERR=$(cat "$T/.err")
check "pol --set from stdin: exit 0" test "$RC" = 0
has "3 questions"
printf 'Q1?\nA1\nQ2?\nA2\n' >"$T/pol2.txt"
OUT=$("$VIGIE" participant pol colombie-2026 marc --set <"$T/pol2.txt" 2>"$T/.err"); RC=$?; ERR=$(cat "$T/.err")
check "pol with 2 questions is refused (exit 1)" test "$RC" = 1
printf 'Q1?\nA1\nQ2?\nA2\nQ3?\n' >"$T/pol3.txt"
OUT=$("$VIGIE" participant pol colombie-2026 marc --set <"$T/pol3.txt" 2>"$T/.err"); RC=$?; ERR=$(cat "$T/.err")
check "pol: a question without answer is refused" test "$RC" = 1
expect 2 participant pol colombie-2026 marc
expect 2 participant pol colombie-2026 marc --set --reveal
# Never shown by show, list or JSON, never exported.
expect 0 participant show colombie-2026 marie
hasnt "Qwerty"
has "never shown here"
expect 0 --json participant show colombie-2026 marie
has '"has_proof_of_life":true'
hasnt "Qwerty"
hasnt "Couleur"
expect 0 --json participant list colombie-2026
hasnt "Qwerty"
expect 0 participant export-data colombie-2026 marie
hasnt "Qwerty"
hasnt "Couleur"
has '"proof_of_life_held":true'
has '"name":"Marie-Ève Côté-Zyxwvut"'
has '"action":"participant.add"'
has '"action":"participant.pol_set"'
check "export-data is valid JSON" /usr/bin/python3 -c 'import json,sys; json.loads(sys.argv[1])' "$OUT"
expect 0 --json audit log --last 1
has "participant.export_data"
# Reveal: the passphrase again, at a terminal, even with VIGIE_PASSPHRASE set.
expect 2 --json participant pol colombie-2026 marie --reveal
expect 5 participant pol colombie-2026 marie --reveal
has "terminal" err
OUT=$($PTY "Passphrase again" "$VIGIE_PASSPHRASE" -- "$VIGIE" participant pol colombie-2026 marie --reveal 2>&1); RC=$?
check "reveal with the passphrase: exit 0" test "$RC" = 0
has "Rouge-Qwerty-Secret"
has "Rimouski-Qwerty"
has "audit log"
OUT=$($PTY "Passphrase again" "not the passphrase at all" -- "$VIGIE" participant pol colombie-2026 marie --reveal 2>&1); RC=$?
check "reveal with a wrong passphrase: exit 5" test "$RC" = 5
hasnt "Qwerty"
expect 0 --json audit log --last 4
has '"action":"participant.pol_reveal"'
has "participant.pol_reveal_refused"
hasnt "Qwerty"
# At the terminal: 3 questions, each answer typed twice, hidden.
OUT=$($PTY "Question 1" "Premier animal?" "Answer 1" "Chien" "same again" "Chien" \
  "Question 2" "Rue d'enfance?" "Answer 2" "Des Érables" "same again" "Des Érables" \
  "Question 3" "Surnom?" "Answer 3" "Ti-Marc" "same again" "Ti-Marc" "Question 4" "" \
  -- "$VIGIE" participant pol colombie-2026 "marc t" --set 2>&1); RC=$?
check "pol --set at a terminal: exit 0" test "$RC" = 0
has "3 questions"
hasnt "Ti-Marc" # answers are not echoed

# Remove: confirmed, the profile and its proof of life go.
expect 2 participant remove colombie-2026 marcelle
has "--yes" err
expect 0 participant remove colombie-2026 marcelle --yes
expect 1 participant show colombie-2026 marcelle
check "three participants left" test "$(count colombie-2026)" = 3

# The store files never hold a name, passport or phone in clear.
for s in "Zyxwvut" "QZ7788991" "4185550177" "418 555 0177" "555 0177" "Rouge-Qwerty" "Arachides"; do
  check "no '$s' in clear in the store" bash -c "! grep -rqaF -- \"\$1\" \"$VIGIE_STORE\"" _ "$s"
  u16=$(printf '%s' "$s" | iconv -f UTF-8 -t UTF-16LE | od -An -tx1 | tr -d ' \n' | sed 's/../\\x&/g')
  check "no '$s' in UTF-16 in the store" bash -c "! grep -rqaP \"\$1\" \"$VIGIE_STORE\"" _ "$u16"
done
expect 0 check
expect 0 --lang fr participant show colombie-2026 marie
has "Expiration du passeport"
has "Preuve de vie"
finish
