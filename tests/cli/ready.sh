#!/usr/bin/env bash
# delegation ready: each line passed or failed with its reason and the
# people concerned; exit 0 when ready, 3 when not.
. "$(dirname "$0")/lib.sh"
new_store
polset() {
  printf 'Q1?\nA1\nQ2?\nA2\nQ3?\nA3\n' | "$VIGIE" participant pol colombie-2026 "$1" --set >/dev/null 2>&1
}
expect 0 delegation add colombie-2026 --name "Colombie" --country CO --start 2026-03-01 --end 2026-03-15

# Nobody yet: not ready.
expect 3 delegation ready colombie-2026
has "no participants yet"
has "Not ready"
expect 1 delegation ready nope-2026

full=(--passport-number AB123456 --passport-expiry 2027-01-31 --kin1-name "Louise" --kin1-phone "418 555 0199"
  --insurer "Croix Bleue" --policy-number P-1 --assistance-phone "1 800 555 0123" --roca 2026-02-01
  --consent-date 2026-01-15)
expect 0 participant add colombie-2026 --name "Éloïse Côté" "${full[@]}"
expect 0 participant add colombie-2026 --name "Marc Tremblay" "${full[@]}"
polset eloise
# check-in cards (the field module's line of the checklist)
expect 0 card export colombie-2026 --participant eloise --output "$T/carte-eloise.txt"
expect 0 card export colombie-2026 --participant marc --output "$T/carte-marc.txt"
expect 3 delegation ready colombie-2026
has "[NO]   Proof of life"
has "not set for 1 of 2"
has "- Marc Tremblay: no proof of life"
hasnt "- Éloïse Côté"
has "no partner contact"
has "no embassy contact"
polset marc
expect 0 contact add colombie-2026 --name "Partenaire" --role partner --phone "+57 310 555 0100"
expect 0 contact add colombie-2026 --name "Ambassade" --role embassy --phone "+57 601 657 9800"
# The check-in plan and someone to call at every step of the escalation ladder.
expect 3 delegation ready colombie-2026
has "[NO]   Check-in plan set"
has "no check-in plan"
has "[NO]   Someone to call at every step of the escalation ladder"
has "- lead: no team lead"
has "- accommodation: no contact"
has "- crisis-cell: no contact"
has "- focal-point: no phone"
hasnt "- partner:"
hasnt "- emergency-service:" # the Colombia guide's 123, 112... count (issue 13)
has "no risk register yet"
expect 0 checkin plan colombie-2026 --daily 08:00 --daily 20:00 --grace 15
expect 0 delegation edit colombie-2026 --lead "Éloïse Côté"
expect 0 contact add colombie-2026 --name "Hôtel" --role accommodation --phone "+57 310 555 0101"
expect 0 contact add colombie-2026 --name "Cellule de crise" --role crisis-cell --phone "+1 514 555 0177"
expect 0 contact add colombie-2026 --name "Policía" --role emergency-service --phone "+57 310 555 0123"
expect 0 config set security.focal_phone "+1 514 555 0142"
# the risk register's lines (tested in risk.sh): one assessed risk is enough here
expect 0 risk add colombie-2026 --threat crime --scenario "Vol" --likelihood 2 --impact 2 \
  --residual-likelihood 1 --residual-impact 2
expect 0 delegation ready colombie-2026
has "[ok]"
has "daily at 08:00, 20:00 (America/Bogota), on time until 15 min after"
has "Ready to leave"
hasnt "[NO]"
has "Passports valid at least 6 months after the end"
expect 0 --json delegation ready colombie-2026
has '"ready":true'
has '"id":"passport_valid"'
check "ready --json is valid JSON" /usr/bin/python3 -c 'import json,sys; json.loads(sys.argv[1])' "$OUT"

# Short emergency numbers (issue 13): 114 in Haiti, 123 in Colombia, for the
# emergency-service role only and checked against the delegation's country.
expect 0 delegation add haiti-2027 --name "Stage" --country HT --start 2027-02-06 --end 2027-02-27
expect 3 delegation ready haiti-2027
hasnt "- emergency-service:" # the Haiti guide's local numbers count
expect 1 contact add haiti-2027 --name "Police" --role partner --phone 114
expect 1 contact add haiti-2027 --name "Police" --role emergency-service --phone 5555
expect 1 contact add haiti-2027 --name "Police" --role emergency-service --phone 123
expect 0 contact add haiti-2027 --name "Police nationale d'Haïti" --role emergency-service --phone 114
expect 0 contact list haiti-2027
has "114"
expect 3 delegation ready haiti-2027
hasnt "- emergency-service:"
# Roles typed in French (issue 13), stored as their key.
expect 0 contact add haiti-2027 --name "Konbit Jacmel" --role partenaire --phone "+509 2811 0101"
expect 0 contact add haiti-2027 --name "Hôtel Cyvadier" --role Hébergement --phone "+509 3702 0202"
expect 0 contact add haiti-2027 --name "Cellule" --role "cellule de crise" --phone "+1 514 555 0177"
expect 0 --json contact list haiti-2027
has '"role":"partner"'
has '"role":"accommodation"'
has '"role":"crisis-cell"'
expect 1 --lang fr contact add haiti-2027 --name "X" --role cuisinier --phone "+509 2811 0102"
has "(partenaire, hébergement, ambassade" err
expect 0 contact add colombie-2026 --name "Policía nacional" --role emergency-service --phone "+57 123"
expect 0 --json contact list colombie-2026
has '"phone":"123"'

# A passport that expires too soon, a missing consent, insurance without
# its assistance number: each failed line names the person and why.
expect 0 participant edit colombie-2026 marc --passport-expiry 2026-08-01 --consent-date "" --assistance-phone ""
expect 3 delegation ready colombie-2026
has "a passport valid until 2026-09-15 is needed: missing for 1 of 2"
has "- Marc Tremblay: expires 2026-08-01"
has "- Marc Tremblay: no consent recorded"
has "- Marc Tremblay: no 24/7 assistance number"
expect 3 --json delegation ready colombie-2026
has '"ready":false'
has '{"name":"Marc Tremblay","detail":"expires 2026-08-01"}'
expect 3 --lang fr delegation ready colombie-2026
has "Passeports valides au moins 6 mois après la fin"
has "Pas prêt"

# The rule comes from the template, or from the country guide.
mkdir -p "$T/data/templates" "$T/data/country-guides"
sed 's/months: 6/months: 12/; s/from_guide: "yes"/from_guide: "no"/' \
  "$VIGIE_SOURCE_DIR/templates/readiness.yaml" >"$T/data/templates/readiness.yaml"
expect 3 --data-dir "$T/data" delegation ready colombie-2026
has "at least 12 months after"
has "valid until 2027-03-15"
has "- Éloïse Côté: expires 2027-01-31"
cp "$VIGIE_SOURCE_DIR/templates/readiness.yaml" "$T/data/templates/readiness.yaml"
sed 's/^passport_validity_months: 6/passport_validity_months: 3/' \
  "$VIGIE_SOURCE_DIR/country-guides/co.en.md" >"$T/data/country-guides/co.en.md"
expect 3 --data-dir "$T/data" delegation ready colombie-2026
has "at least 3 months after"
has "valid until 2026-06-15"
hasnt "- Marc Tremblay: expires"

# A broken or unknown template is refused with its line.
printf 'format: vigie-readiness/1\nitems:\n  - id: risks_approved\n    fr: "x"\n    en: "x"\n' >"$T/bad.yaml"
expect 1 delegation ready colombie-2026 --template "$T/bad.yaml"
has 'bad.yaml:3:9: items[0]: no check "risks_approved"' err
printf 'format: vigie-readiness/1\nitems:\n  - id: roca\n    fr: "x"\n    en: "x"\n    params: {months: 2}\n' >"$T/bad2.yaml"
expect 1 delegation ready colombie-2026 --template "$T/bad2.yaml"
has 'takes no parameter "months"' err
printf 'format: vigie-readiness/1\nitems:\n  - id: roca\n    fr: "ROCA"\n    en: "ROCA"\n' >"$T/roca.yaml"
expect 0 delegation ready colombie-2026 --template "$T/roca.yaml"
expect 1 delegation ready colombie-2026 --template "$T/none.yaml"
finish
