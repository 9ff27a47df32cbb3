#!/usr/bin/env bash
# Incidents in the exports (issue 18): the risk file's Incidents sheet in
# each profile, the board's self-assessment workbook, and the anonymised
# sharing export, each read back cell by cell with openpyxl for what must
# not be there (names, places below the region, narrative, the analysis, a
# sealed incident's texts), and opened in LibreOffice.
. "$(dirname "$0")/lib.sh"
X="/usr/bin/python3 $VIGIE_SOURCE_DIR/tests/tools/xlsx_check.py"
xrun() { OUT=$("$@" 2>"$T/.err"); RC=$?; ERR=$(cat "$T/.err"); }
new_store
S=colombie-2025
O="$T/out"
mkdir -p "$O"
export VIGIE_NOW=2025-03-10T12:00:00Z
expect 0 delegation add $S --name "Délégation Colombie" --country CO --start 2025-03-01 --end 2025-03-30
expect 0 participant add $S --name "Amélie Tremblay"
expect 0 participant add $S --name "Jean Roy"
expect 0 participant add $S --name "Zoé Longue"
expect 0 --lang fr incident add $S --category vol --severity 3 --at "2025-03-09 21:30" \
  --region "Valle del Cauca" --place "Barrio San Antonio, Cali" --affected "Amélie" \
  --witness "Carlos Chauffeur" --what "Sac arraché à la sortie du restaurant" \
  --done "Plainte déposée" --help-needed "Remplacer le passeport"
expect 0 incident log $S I1 appel "Ambassade du Canada, 7 h 15 : pas de réponse" --by "Nadia Coordo"
expect 0 incident close $S I1 --causes "Trajet de nuit à pied" --procedures partly \
  --changes "Taxi obligatoire après 20 h" --support "Débriefing avec la psychologue"
expect 0 incident add $S --category "violence sexuelle" --severity 4 --at "2025-03-10 01:00" \
  --region "Valle del Cauca" --place "Hôtel Secreto" --affected "Zoé" --what "Agression lors d'une soirée"
expect 0 incident add $S --category "accident de la route" --severity 2 --near-miss \
  --region "Cauca" --place "Route Panaméricaine km 40" --what "Le minibus a évité un camion de justesse"

# distinctive words of the names, places, narrative and analysis
PRIVATE=("Tremblay" "Longue" "Jean Roy" "Carlos Chauffeur" "Nadia Coordo" "San Antonio" "Hôtel Secreto"
  "Panaméricaine" "arraché" "Plainte déposée" "Remplacer le passeport" "soirée" "minibus" "Trajet de nuit"
  "Taxi obligatoire" "psychologue" "Ambassade du Canada")
SEALED=("Hôtel Secreto" "soirée")
ANALYSIS=("Trajet de nuit" "Taxi obligatoire" "psychologue" "Ambassade du Canada")

for p in board team coordinator; do
  expect 0 export delegation $S --profile $p --output "$O/$p.xlsx"
done
expect 0 export delegation $S --profile board --format csv --output "$O/board-csv"
expect 0 export delegation $S --profile board --output "$O/board.json"

# ---- board: counts only ----
xrun $X find "$O/board.xlsx" "${PRIVATE[@]}"
check "the board workbook holds no name, place or narrative ($OUT)" test "$RC" = 1
xrun $X findtree "$O/board-csv" "${PRIVATE[@]}"
check "the board CSV holds none ($OUT)" test "$RC" = 1
xrun grep -c -e Amélie -e Secreto -e arraché "$O/board.json"
check "the board JSON holds none" test "$OUT" = 0
xrun $X rows "$O/board.xlsx" Incidents
check "board: no region" bash -c "! $X rows '$O/board.xlsx' Incidents | grep -q Valle"
check "board: counts by year, country, category, severity" bash -c "$X rows '$O/board.xlsx' Incidents | grep -P '^2025\tColombi\w*\t(robbery|vol)\t3\tincident\t1$'"
check "board: the near miss counted" bash -c "$X rows '$O/board.xlsx' Incidents | grep -P '\t2\t(near miss|quasi-incident)\t1$'"

# ---- team: what the team lead needs, not the analysis, never the sealed texts ----
xrun $X find "$O/team.xlsx" "Sac arraché" "Barrio San Antonio" "Amélie Tremblay" "Carlos Chauffeur" "Remplacer le passeport"
check "team: the narrative and the people ($OUT)" test "$RC" = 0
xrun $X find "$O/team.xlsx" "${ANALYSIS[@]}" "${SEALED[@]}"
check "team: no analysis, no timeline, no sealed text ($OUT)" test "$RC" = 1

# ---- coordinator: the whole register, still never the sealed texts ----
xrun $X find "$O/coordinator.xlsx" "Trajet de nuit" "Taxi obligatoire" "psychologue" "Ambassade du Canada" "Nadia Coordo" "Minibus"
check "coordinator: analysis and timeline ($OUT)" test "$RC" = 0
has "Ambassade du Canada"
xrun $X find "$O/coordinator.xlsx" "${SEALED[@]}"
check "coordinator: a sealed incident stays sealed in a file ($OUT)" test "$RC" = 1
check "coordinator: the sealed row says so" bash -c "$X rows '$O/coordinator.xlsx' Incidents | grep -q 'incident show --reveal'"

# ---- the anonymised sharing export ----
expect 0 export incidents --output "$O/share.xlsx"
expect 0 export incidents --format csv --output "$O/share-csv"
expect 0 export incidents --year 2024 --output "$O/share-2024.json"
check "no incident in 2024" bash -c "! grep -q robbery '$O/share-2024.json'"
expect 2 export incidents --year vingt --output "$O/x.json"
xrun $X find "$O/share.xlsx" "${PRIVATE[@]}" "Délégation Colombie" "$S"
check "the sharing export holds no name, place, narrative or delegation ($OUT)" test "$RC" = 1
xrun $X findtree "$O/share-csv" "${PRIVATE[@]}" "$S"
check "the sharing CSV holds none ($OUT)" test "$RC" = 1
xrun $X rows "$O/share.xlsx" Incidents
check "share: month, country, region, category, severity, near miss" bash -c "$X rows '$O/share.xlsx' Incidents | grep -P '^2025-03\tCO\tValle del Cauca\trobbery\t[^\t]+\t3\t0$'"
check "share: three incidents" test "$($X rows "$O/share.xlsx" Incidents | grep -c '^2025-03')" = 3
expect 0 audit log
has "export.incidents"

# ---- the self-assessment: the year's incidents as evidence for D7 ----
expect 0 assess new 2025 --date 2025-11-15
expect 0 assess show 2025
has "Incidents recorded in 2025 (evidence for D7): 2, and 1 near misses"
expect 0 --json assess show 2025
check "assess show --json: D7 evidence" /usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1])["incidents"]; assert d=={"year":2025,"incidents":2,"near_misses":1,"evidence_for":"D7"}, d' "$OUT"
expect 0 export assessment 2025 --output "$O/assessment.xlsx"
xrun $X rows "$O/assessment.xlsx" Incidents
has "Evidence for D7 (incidents): 2 incidents and 1 near misses recorded in 2025."
xrun $X find "$O/assessment.xlsx" "${PRIVATE[@]}"
check "the board's workbook holds no name, place or narrative ($OUT)" test "$RC" = 1

# ---- a real spreadsheet program opens them ----
check "LibreOffice opens the workbooks" bash "$VIGIE_SOURCE_DIR/tests/tools/lo_pdf.sh" \
  "$T/pdf" "$O/coordinator.xlsx" "$O/share.xlsx"
OUT=$(pdftotext "$T/pdf/share.pdf" - 2>/dev/null)
has "Valle del Cauca"
finish
