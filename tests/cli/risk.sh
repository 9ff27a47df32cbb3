#!/usr/bin/env bash
# The risk register: seed from the guide, add/edit/approve, refused scores,
# bands at their edges, the list's order and departure lines, the matrix
# (with and without colour), French and JSON.
. "$(dirname "$0")/lib.sh"
mkdel() { # mkdel SLUG CC START END [REGION...]
  local slug=$1 cc=$2 start=$3 end=$4 r args=()
  shift 4
  for r in "$@"; do args+=(--region "$r"); done
  "$VIGIE" delegation add "$slug" --name "$slug" --country "$cc" --start "$start" --end "$end" "${args[@]}" \
    >/dev/null 2>&1 </dev/null || { echo "cannot create delegation $slug" >&2; exit 1; }
}

new_store
mkdel colombie-2027 CO 2027-02-01 2027-02-20 "Cauca" "Catatumbo" "Bogotá"
mkdel haiti-2027 HT 2027-03-01 2027-03-10
mkdel mexique-2027 MX 2027-04-01 2027-04-10
mkdel bandes-2027 CO 2027-05-01 2027-05-10

expect 1 risk list nowhere
has "no delegation" err
expect 0 risk list colombie-2027
has "no risk yet"

# --- seed: the guide's threats, to be reviewed ---
expect 0 risk seed colombie-2027
has "9 risks from the CO guide (en, version 2026.2)"
expect 0 risk list colombie-2027
for i in 1 2 3 4 5 6 7 8 9; do has "R$i "; done
check "every seeded risk is to be reviewed" test "$(grep -c 'to review' <<<"$OUT")" -ge 9
has "Armed conflict and armed groups"
has "3×5=15 High"
# the advisory levels 3 and 4 of the regions the delegation goes to
has "level 4, Avoid all travel: Cauca (department)"
has "(the delegation goes to Cauca)"
has "Norte de Santander (department)"
hasnt "goes to Bogotá"
has "risks to review: 9"
expect 1 risk seed colombie-2027
has "already seeded" err
expect 0 --lang fr risk seed haiti-2027
has "9 risques tirés du guide HT (fr, version 2026.2)"
expect 0 risk seed mexique-2027 --json
has '"added":10'
expect 0 risk list haiti-2027
has "level 4, Avoid all travel: the whole country"

# --- JSON with English keys ---
expect 0 risk list colombie-2027 --json
has '"id":"R1","category":"armed-conflict"'
has '"likelihood":3,"impact":5,"score":15,"band":"high","residual":null'
has '"to_review":true'
has '"advisory":[{"level":4'
has '"departure_allowed":false'
check "risk list --json is valid JSON" python3 -c 'import json,sys; json.loads(sys.argv[1])' "$OUT"

# --- add: scores 1 to 5, bands at their edges ---
expect 1 risk add bandes-2027 --threat crime --scenario "Vol" --likelihood 6 --impact 2
has "likelihood 6 is out of range (1 to 5)" err
expect 1 risk add bandes-2027 --threat crime --scenario "Vol" --likelihood 2 --impact 0
has "impact 0 is out of range" err
expect 1 risk add bandes-2027 --threat crime --scenario "Vol" --likelihood 2 --impact 2 --residual-likelihood 9 --residual-impact 1
has "residual likelihood 9 is out of range" err
expect 1 risk add bandes-2027 --threat crime --scenario "Vol" --likelihood 2 --impact 2 --residual-likelihood 1
has "together" err
expect 2 risk add bandes-2027 --threat crime --scenario "Vol" --likelihood deux --impact 2
has "not a number from 1 to 5" err
expect 2 risk add bandes-2027 --threat crime --likelihood 2 --impact 2
has "required" err
expect 1 risk add bandes-2027 --threat pickpocket --scenario "Vol" --likelihood 2 --impact 2
has '"pickpocket" is not a threat category' err
expect 2 risk add bandes-2027 --threat crime --scenario "Vol" --likelihood 2 --impact 2 --decision ignore
expect 0 risk list bandes-2027
has "no risk yet"
# 4 low, 5 medium | 9 medium, 10 high | 16 high, 20 critical (17 is no product)
for li in "2 2 4 Low" "5 1 5 Medium" "3 3 9 Medium" "2 5 10 High" "4 4 16 High" "5 4 20 Critical"; do
  set -- $li
  expect 0 risk add bandes-2027 --threat crime --scenario "Score $3" --likelihood "$1" --impact "$2"
  has "=$3 $4"
done
expect 0 risk add bandes-2027 --threat crime --scenario "Score 16 again" --likelihood 4 --impact 4 --json
has '"score":16,"band":"high"'
expect 0 risk list bandes-2027 --json
has '"score":4,"band":"low"'
has '"score":5,"band":"medium"'
has '"score":9,"band":"medium"'
has '"score":10,"band":"high"'
has '"score":20,"band":"critical"'

# --- a full risk, edit, approve, departure ---
expect 0 risk add colombie-2027 --threat detention --scenario "Arrestation d'une syndicaliste lors d'une manifestation" \
  --likelihood 2 --impact 5 --where "Bogotá" --exposed "militantes syndicales" \
  --measure "Observer de loin" --measure "Numéro de l'avocat du partenaire sur papier" \
  --owner "Coordonnatrice" --residual-likelihood 2 --residual-impact 4 --decision reduce
has "added R10"
expect 0 risk show colombie-2027 R10
has "Observer de loin"
has "Numéro de l'avocat du partenaire sur papier"
has "2×4=8 Medium"
has "militantes syndicales"
# the list: residual (or inherent) score first
expect 0 risk list colombie-2027
check "R1 (15) comes before R10 (residual 8)" bash -c "grep -n '^R1 ' <<<\"\$0\" | cut -d: -f1 | { read a; [ \$a -lt \$(grep -n '^R10 ' <<<\"\$0\" | cut -d: -f1) ]; }" "$OUT"
# approving needs residual scores
expect 1 risk approve colombie-2027 R1 --by "Directrice générale"
has "no residual likelihood and impact" err
expect 2 risk approve colombie-2027 R1
expect 1 risk approve colombie-2027 R99 --by "Directrice"
# residual high without approval blocks departure
expect 0 risk edit colombie-2027 R1 --residual-likelihood 2 --residual-impact 5 --decision reduce --measure "Pas de déplacement rural sans le partenaire"
has "R1 of colombie-2027 saved and marked reviewed"
expect 0 risk list colombie-2027
has "blocked by R1"
has "risks to review: 8"
expect 0 risk approve colombie-2027 R1 --by "Directrice générale"
expect 0 risk list colombie-2027
hasnt "blocked by"
has "Directrice générale"
# a change of scores clears the approval
expect 0 risk edit colombie-2027 R1 --residual-likelihood 3
has "approval is cleared" err
expect 0 risk list colombie-2027
has "blocked by R1"
# residual critical blocks, even approved
expect 0 risk edit colombie-2027 R2 --residual-likelihood 4 --residual-impact 5
expect 0 risk approve colombie-2027 R2 --by "Directrice générale"
expect 0 risk list colombie-2027 --json
has '"residual_critical":1'
expect 1 risk edit colombie-2027 R2 --likelihood 7
has "out of range" err
expect 0 --json audit log
has "risk.seed"
has "risk.add"
has "risk.edit"
has "risk.approve"
has "colombie-2027/R1"
hasnt "Directrice" # no names in the audit detail

# --- the matrix ---
expect 0 risk matrix bandes-2027
has "inherent risk (7 risks)"
check "row 4: 2 risks at 4×4, band H" grep -Eq '^4 Likely +\. L +\. M +\. H +2 H +\. C' <<<"$OUT"
check "row 5: 5×1 medium, 5×4 critical" grep -Eq '^5 Almost certain +1 M +\. H +\. H +1 C +\. C' <<<"$OUT"
check "row 2: 2×2 low, 2×5 high" grep -Eq '^2 Unlikely +\. L +1 L +\. M +\. M +1 H' <<<"$OUT"
has "Bands: L Low (1-4), M Medium (5-9), H High (10-16), C Critical (17-25)"
hasnt $'\033'
expect 0 risk matrix bandes-2027 --residual
has "residual risk (0 risks)"
has "Not shown: 7 risks without residual scores."
expect 0 risk matrix colombie-2027 --residual --json
has '"residual":true'
has '{"likelihood":4,"impact":5,"score":20,"band":"critical","count":1,"risks":["R2"]}'
check "matrix --json is valid JSON" python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert len(d["cells"]) == 25' "$OUT"
# colour on a terminal, none with NO_COLOR
if command -v script >/dev/null; then
  col=$(env -u NO_COLOR script -qec "'$VIGIE' risk matrix bandes-2027" /dev/null 2>&1)
  check "colour on a terminal" grep -q $'\033\\[1;97;41m' <<<"$col"
  col=$(NO_COLOR=1 script -qec "'$VIGIE' risk matrix bandes-2027" /dev/null 2>&1)
  check "no colour with NO_COLOR on a terminal" bash -c "! grep -q $'\033' <<<\"\$0\"" "$col"
fi

# --- French ---
expect 0 --lang fr risk matrix bandes-2027
has "Quasi certain"
has "Élevé"
check "French band initial É" grep -Eq '^4 Probable +\. F +\. M +\. É +2 É' <<<"$OUT"
expect 0 --lang fr risk list colombie-2027
has "Conflit armé et groupes armés"
has "à réviser"
has "niveau 4"

# --- the checklist's lines: guide, register, departure rules, advisory levels ---
expect 3 delegation ready colombie-2027
has "[ok]   Country guide valid and within its review date at departure"
has "CO guide version 2026.2, to be reviewed by 2027-03-03"
has "[NO]   Risk register filled in, each risk reviewed"
has "- R3: to review"
has "[NO]   No residual critical risk; residual high risks approved by name"
has "- R2: residual Critical (20): it blocks departure"
has "- R1: residual High (15) without approval"
has "[ok]   Regions at advisory levels 3 and 4 on the delegation's way"
has "- Cauca (department): level 4, Avoid all travel (the delegation goes to Cauca)"
expect 3 delegation ready haiti-2027 --json
has '{"name":"HT","detail":"level 4, Avoid all travel: the whole country"}'
has '"id":"risks_assessed","label":"Risk register filled in, each risk reviewed and its residual scores assessed","passed":false'
# a delegation leaving after the guide's review date
mkdel tard-2027 CO 2027-06-01 2027-06-20
expect 3 delegation ready tard-2027
has "[NO]   Country guide valid and within its review date at departure"
has "was due for review on 2027-03-03 (the delegation leaves on 2027-06-01)"
# an organisation that blocks level 3 and 4 regions
mkdir -p "$T/data/templates"
cp -r "$VIGIE_SOURCE_DIR/country-guides" "$T/data/"
cp "$VIGIE_SOURCE_DIR/templates/threat-categories.yaml" "$T/data/templates/"
sed 's/block: "no"/block: "yes"/' "$VIGIE_SOURCE_DIR/templates/readiness.yaml" >"$T/data/templates/readiness.yaml"
expect 3 --data-dir "$T/data" delegation ready colombie-2027
has "[NO]   Regions at advisory levels 3 and 4"
# the whole register assessed and approved: its two lines pass
for i in 1 2 3 4 5 6 7 8 9; do
  expect 0 risk edit colombie-2027 R$i --residual-likelihood 1 --residual-impact 2
done
expect 3 delegation ready colombie-2027
has "[ok]   Risk register filled in"
has "every risk reviewed and assessed (10)"
has "[ok]   No residual critical risk"

# Threat categories typed in French (issue 13), stored as their key; an
# "other" category and one for threats against partners and unionists.
expect 0 risk add colombie-2027 --threat "Catastrophes naturelles" --scenario "Séisme" --likelihood 1 --impact 4
expect 0 risk add colombie-2027 --threat autre --scenario "Grève des transports" --likelihood 2 --impact 2
expect 0 risk add colombie-2027 --threat intimidation --scenario "Menaces contre les syndicalistes rencontrés" \
  --likelihood 4 --impact 4
expect 0 --json risk list colombie-2027
has '"category":"natural-hazard"'
has '"category":"other"'
has '"category":"threats-to-partners"'
expect 0 --lang fr risk list colombie-2027
has "Menaces et intimidation envers les partenaires"
# --add-measure keeps the measures there are (issue 13); --measure replaces.
expect 0 risk edit colombie-2027 R1 --add-measure "Itinéraire envoyé au partenaire la veille"
expect 0 --json risk show colombie-2027 R1
has '"measures":["Pas de déplacement rural sans le partenaire","Itinéraire envoyé au partenaire la veille"]'
expect 0 risk edit colombie-2027 R1 --measure "Seule mesure"
expect 0 --json risk show colombie-2027 R1
has '"measures":["Seule mesure"]'

finish
