#!/usr/bin/env bash
# vigie export assessment: the board's workbook, read back with openpyxl
# (sheets, headers, values, the level drop-down and colours, the chart in the
# zip), in CSV and JSON too, and opened in LibreOffice.
. "$(dirname "$0")/lib.sh"
X="/usr/bin/python3 $VIGIE_SOURCE_DIR/tests/tools/xlsx_check.py"
new_store
O=$T/out
mkdir -p "$O"
export VIGIE_NOW=2026-03-25T15:00:00Z

run --lang fr assess new 2025 --date 2025-03-20
run --lang fr assess new 2026 --date 2026-03-19
for i in 1 2 3; do
  run assess set 2025 "D1.$i" 2
  run assess set 2026 "D1.$i" 3
done
run assess set 2025 D2.1 1
run assess set 2026 D2.1 4 --note "Politique adoptée par le CA" --evidence "PV du 2026-02-12"
run assess set 2026 D2.2 unknown
run assess set 2026 D3.1 na --note "Aucun séjour en 2026"
run assess set 2026 D3.2 1
run assess action 2026 D3.2 --text "Écrire la procédure d'appréciation des risques" \
  --owner "Comité sécurité" --due 2026-01-31
expect 0 assess sign 2026 --by "Louise Gagnon (fictive)" --role "présidente du CA"

expect 0 --lang fr export assessment 2026 --output "$O/a.xlsx"
has "n'est pas chiffré" err
check "workbook is private (0600)" test "$(stat -c %a "$O/a.xlsx")" = 600
OUT=$($X sheets "$O/a.xlsx")
check "sheets in order" test "$OUT" = $'Sommaire\nItems essentiels\nQuestionnaire\nPlan d\'action\nHistorique\nIncidents\nÉchelle'

# the chart is in the file (openpyxl drops charts on load: look in the zip)
OUT=$($X parts "$O/a.xlsx")
has "xl/charts/chart1.xml"
has "xl/drawings/drawing1.xml"

# Summary: levels by domain with their formulas' values, the change since
# 2025, the sign-off and that its signature holds
OUT=$($X rows "$O/a.xlsx" Sommaire)
has "Autoévaluation de la sécurité 2026"
has "D1 Gouvernance et redevabilité	6	3	3	1	3	0	2	1"
has "Items essentiels au niveau 3 ou plus	1 sur 15"
has "Niveau moyen en 2025"
# signed at 15:00 UTC: shown in the organisation's zone (default America/Toronto, EDT)
has "Louise Gagnon (fictive)	2026-03-25 11:00:00	"
has "Quand (America/Toronto)	"
hasnt "UTC"
has "	valide	présidente du CA"
has "Comparé à 2025 :"
OUT=$($X find "$O/a.xlsx" "=IF(")
has "Sommaire!"
OUT=$($X layout "$O/a.xlsx" Sommaire)
hasnt "freeze	A"

OUT=$($X rows "$O/a.xlsx" Échelle)
has "3	Défini	"

# Questionnaire: one row per item; the level cell is a number with a drop-down
# of the scale and colours by level; words for N/A and unknown
OUT=$($X rows "$O/a.xlsx" Questionnaire 1)
has "Item	Domaine	Pratique	Niveau	Ce que ce niveau veut dire ici	Note	Preuves	Répondu le	Essentiel"
OUT=$($X column "$O/a.xlsx" Questionnaire Niveau)
has "2	n	3"
has "	n	4"
has "	s	Inconnu"
has "	s	Sans objet"
OUT=$($X column "$O/a.xlsx" Questionnaire Item)
has "2	s	D1.1"
OUT=$($X rows "$O/a.xlsx" Questionnaire)
has "Politique adoptée par le CA	PV du 2026-02-12"
check "one row per item (50) and the header" test "$(printf '%s\n' "$OUT" | wc -l)" = 51
# next to each level, what that level means for that item (the grid's
# descriptor); the scale's sentence for N/A and unknown; the essential flag
OUT=$($X column "$O/a.xlsx" Questionnaire "Ce que ce niveau veut dire ici")
has "2	s	Politique adoptée par résolution du CA, datée et versionnée"
has "8	s	On vérifie avant chaque séjour que chaque personne a son entente"
has "9	s	Personne ne peut dire où en est la pratique"
has "14	s	La pratique ne s'applique pas à l'organisme"
OUT=$($X column "$O/a.xlsx" Questionnaire Essentiel)
check "D1.1 is not essential, D1.2 is" test "$(printf '%s\n' "$OUT" | head -1)" = $'3\ts\tessentiel'
has "9	s	essentiel"

# Essential items apart: where each of the 15 stands, with its action
OUT=$($X rows "$O/a.xlsx" "Items essentiels")
has "Les 15 items essentiels : là où commence un premier plan d'action"
has "Item	Pratique	Niveau	Situation	Ce que ce niveau veut dire ici	Action	Responsable	Échéance	État"
has "D1.2	Une personne responsable de la sécurité est nommée"
has "	3	à la cible	Personne responsable et personne substitut nommées par écrit"
has "D2.2	"
has "	Inconnu	sous la cible	"
has "	Sans objet	sans objet	"
has "	sans réponse	"
check "15 essential items and the title and header" test "$(printf '%s\n' "$OUT" | wc -l)" = 17
OUT=$($X layout "$O/a.xlsx" Questionnaire)
has "freeze	A2"
has "autofilter	A1:I51"
has 'validation	D2:D51	list	"1,2,3,4,5,Sans objet,Inconnu"'
has "conditional	D2:D51	cellIs	equal	3"
has "conditional	D2:D51	cellIs	equal	\"Inconnu\""

# Action plan: items below 3 or unknown, with the action; overdue is said
OUT=$($X rows "$O/a.xlsx" "Plan d'action")
has "D3.2	"
has "Écrire la procédure d'appréciation des risques	Comité sécurité	2026-01-31 00:00:00	en retard"
has "D2.2	"
check "the essential D2.2 comes first in the action plan" test "$(printf '%s\n' "$OUT" | sed -n 2p | cut -f1)" = D2.2
has "Inconnu		"
has "	aucune action encore	essentiel"
hasnt "D1.1	"
hasnt "D3.1	"

# History: both years side by side
OUT=$($X rows "$O/a.xlsx" Historique)
has "Domaine	Titre	2025	2026"
has "D1	Gouvernance et redevabilité	2	3"

# a change after the sign-off is visible in the next export
run assess reopen 2026 --reason "correction"
run assess set 2026 D1.1 4
expect 0 --lang fr export assessment 2026 --output "$O/b.xlsx"
OUT=$($X rows "$O/b.xlsx" Sommaire)
has "a changé après la dernière signature"

# same content in CSV and JSON
expect 0 --lang fr export assessment 2026 --format csv --output "$O/a-csv"
OUT=$(ls "$O/a-csv")
has "02-items-essentiels.csv"
has "03-questionnaire.csv"
has "04-plan-d-action.csv"
OUT=$(cat "$O/a-csv/03-questionnaire.csv")
has $'\r\nD1.1;D1 Gouvernance et redevabilité;'
expect 0 export assessment 2026 --output "$O/a.json"
OUT=$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
q=[s for s in d["sheets"] if s["key"]=="questionnaire"][0]["tables"][0]["rows"]
d21=[r for r in q if r["id"]=="D2.1"][0]
print(len(q), q[0]["id"], q[0]["level"], d21["level"], d21["evidence"])' "$O/a.json")
has "50 D1.1 4 4 PV du 2026-02-12"

expect 1 export assessment 1999 --output "$O/none.xlsx"
check "nothing written for an unknown assessment" test ! -e "$O/none.xlsx"
expect 1 export assessment 2026 --output "$O/a.xlsx"
has "already exists" err
expect 0 --json audit log
has "export.assessment"

check "LibreOffice opens the workbook" bash "$VIGIE_SOURCE_DIR/tests/tools/lo_pdf.sh" "$T/pdf" \
  "$O/a.xlsx"
OUT=$(pdftotext "$T/pdf/a.pdf" - 2>/dev/null)
has "Gouvernance et redevabilité"
# The organisation's time zone (issue 13): every time shown to the board is
# in it, never bare UTC; validated; the check-in times keep their own zone.
expect 0 config get timezone
has "America/Toronto"
before=$(sums "$VIGIE_STORE/vigie.db")
expect 1 config set timezone Mars/Olympus
has "unknown time zone" err
LANG=fr_CA.UTF-8 LC_MESSAGES=fr_CA.UTF-8 expect 1 config set timezone "America/Torontoo"
has "fuseau horaire inconnu" err
check "a refused zone changes nothing" test "$before" = "$(sums "$VIGIE_STORE/vigie.db")"
expect 0 config set timezone America/Vancouver
expect 0 --lang fr export assessment 2026 --output "$O/v.xlsx" --force
OUT=$($X rows "$O/v.xlsx" Sommaire)
has "Louise Gagnon (fictive)	2026-03-25 08:00:00	"
has "Quand (America/Vancouver)	"
has "Produit le (America/Vancouver)	2026-03-25 08:00:00"
LANG=fr_CA.UTF-8 LC_MESSAGES=fr_CA.UTF-8 expect 6 assess verify 2026 # changed after the sign-off (above)
has "après sa signature du 2026-03-25 08:00 -07:00 par Louise Gagnon" err
LANG=fr_CA.UTF-8 LC_MESSAGES=fr_CA.UTF-8 expect 0 audit log
has "QUAND (America/Vancouver)"
has "2026-03-25 08:00 -07:00"
hasnt "UTC"
expect 0 --json audit log
has '"at":"2026-03-25T15:00:00Z"' # for programs: UTC
# the workbook in CSV and JSON says the same
expect 0 export assessment 2026 --format json --output "$O/v.json"
check "JSON times carry the organisation's offset" grep -q '2026-03-25T08:00:00-07:00' "$O/v.json"
expect 0 config unset timezone
expect 6 assess verify 2026
has "after its sign-off of 2026-03-25 11:00 -04:00 by Louise Gagnon" err

finish
