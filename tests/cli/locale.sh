#!/usr/bin/env bash
# On a French-Canadian desktop (LANG=fr_CA.UTF-8, the decimal point a
# comma), as the new-user review ran it: every export's numbers stay
# numbers. The workbooks' XML holds no decimal comma, LibreOffice (itself
# running in French) reads back every number and date that openpyxl reads,
# the JSON parses with numbers as numbers, and the CSV opens in columns in a
# French spreadsheet with its numbers, percentages and dates read as such.
. "$(dirname "$0")/lib.sh"
X="/usr/bin/python3 $VIGIE_SOURCE_DIR/tests/tools/xlsx_check.py"
LO="$VIGIE_SOURCE_DIR/tests/tools/lo_pdf.sh"
FIXTURE="$VIGIE_BUILD_DIR/tests/vigie_fixture"
# the whole desktop in French, messages included, whatever the suite's locale
unset LC_ALL LC_MESSAGES LANGUAGE
export LANG=fr_CA.UTF-8
check "the fr_CA locale is installed (scripts/dev deps)" \
  test "$(LC_ALL=fr_CA.UTF-8 /usr/bin/printf '%.1f' 2.4 2>/dev/null)" = "2,4"
new_store
"$FIXTURE" delegation colombie-2025 || { echo "fixture failed" >&2; exit 1; }
O=$T/out
mkdir -p "$O"
export VIGIE_NOW=2026-03-25T15:00:00Z
run assess new 2025 --date 2025-03-20
run assess new 2026 --date 2026-03-19
for i in 1 2 3; do
  run assess set 2025 "D1.$i" 2
  run assess set 2026 "D1.$i" 3
done
run assess set 2026 D1.4 2
run assess set 2025 D2.1 1
run assess set 2026 D2.1 4
run assess set 2026 D3.2 1
expect 0 assess sign 2026 --by "Louise Gagnon (fictive)" --role "présidente du CA"

# messages in French, numbers for people with a decimal comma
expect 0 assess show 2026
has "D1"
expect 0 assess show 2026 --json
check "assess show --json parses" /usr/bin/python3 -c 'import json,sys; json.loads(sys.argv[1])' "$OUT"

# the workbooks: no decimal comma inside, LibreOffice reads what openpyxl reads
expect 0 export assessment 2026 --output "$O/autoevaluation.xlsx"
has "n'est pas chiffré" err
for p in board team coordinator; do
  expect 0 export delegation colombie-2025 --profile "$p" --output "$O/$p.xlsx"
done
for f in autoevaluation board team coordinator; do
  OUT=$($X xmlnumbers "$O/$f.xlsx")
  check "$f.xlsx: every number in its XML has a '.': $OUT" test $? -eq 0
done
check "LibreOffice rewrites the four workbooks" env LO_TO=xlsx bash "$LO" "$T/lo" \
  "$O/autoevaluation.xlsx" "$O/board.xlsx" "$O/team.xlsx" "$O/coordinator.xlsx"
for f in autoevaluation board team coordinator; do
  OUT=$($X same "$O/$f.xlsx" "$T/lo/$f.xlsx")
  check "$f.xlsx: LibreOffice reads every number and date openpyxl reads: $OUT" test $? -eq 0
  has "read the same"
done
# the page set-up survives: margins, and the page-number footer on the PDF
check "LibreOffice prints the assessment" bash "$LO" "$T/pdf" "$O/autoevaluation.xlsx"
OUT=$(pdftotext -f 1 -l 1 "$T/pdf/autoevaluation.pdf" - 2>/dev/null)
check "the printed summary carries its page-number footer" grep -aEq '^1 ?/ ?[0-9]+$' <<<"$OUT"
has "Sommaire"
has "2,8" # LibreOffice shows the mean in French: the number was read

# JSON: it parses, and the means and shares are numbers
expect 0 export assessment 2026 --output "$O/autoevaluation.json"
OUT=$(/usr/bin/python3 - "$O/autoevaluation.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = [s for s in d["sheets"] if s["key"] == "summary"][0]
r = [r for t in s["tables"] if t["key"] == "domains" for r in t["rows"]][0]
print(r["domain"][:2], repr(r["mean_level"]), repr(r["share"]))
PY
)
has "D1 2.8 0.75"
expect 0 export delegation colombie-2025 --profile coordinator --output "$O/c.json"
check "delegation JSON parses" /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$O/c.json"

# CSV for a French spreadsheet: ';', decimal commas, percentages, dates;
# LibreOffice reading it as Excel fr-CA does (';', language fr-CA) gets
# numbers, fractions and dates, not text
expect 0 export assessment 2026 --format csv --output "$O/a-csv"
OUT=$(cat "$O/a-csv/01-sommaire-niveaux-par-domaine.csv")
has $'\r\nD1 Gouvernance et redevabilité;6;4;3;75 %;2,8;1;'
OUT=$(cat "$O/a-csv/01-sommaire-approbation-du-conseil-d-administration.csv")
has $'\r\nLouise Gagnon (fictive);2026-03-25 11:00;' # the organisation's zone: Toronto, EDT
check "LibreOffice reads the French CSV" env LO_TO=xlsx \
  LO_INFILTER='CSV:59,34,76,1,,3084,false,true' bash "$LO" "$T/csv-fr" \
  "$O/a-csv/01-sommaire-niveaux-par-domaine.csv" \
  "$O/a-csv/01-sommaire-approbation-du-conseil-d-administration.csv"
OUT=$($X numbers "$T/csv-fr/01-sommaire-niveaux-par-domaine.xlsx" 01-sommaire-niveaux-par-domaine E2 F2)
has $'E2\tn\tfloat\t0.75'
has $'F2\tn\tfloat\t2.8'
OUT=$($X numbers "$T/csv-fr/01-sommaire-approbation-du-conseil-d-administration.xlsx" \
  01-sommaire-approbation-du-cons B2) # a sheet's name holds 31 characters
has $'B2\td\tdatetime\t2026-03-25 11:00:00'
# English: ',' and '.', read the same by an en-CA spreadsheet
expect 0 --lang en export assessment 2026 --format csv --output "$O/a-csv-en"
OUT=$(cat "$O/a-csv-en/01-summary-levels-by-domain.csv")
has $'\r\nD1 Gouvernance et redevabilité,6,4,3,75%,2.8,1,'
check "LibreOffice reads the English CSV" env LO_TO=xlsx \
  LO_INFILTER='CSV:44,34,76,1,,4105,false,true' bash "$LO" "$T/csv-en" \
  "$O/a-csv-en/01-summary-levels-by-domain.csv"
OUT=$($X numbers "$T/csv-en/01-summary-levels-by-domain.xlsx" 01-summary-levels-by-domain E2 F2)
has $'E2\tn\tfloat\t0.75'
has $'F2\tn\tfloat\t2.8'
# chosen separator; a cell holding it is quoted
expect 0 export delegation colombie-2025 --profile team --format csv --csv-separator , \
  --output "$O/team-comma"
OUT=$(cat "$O/team-comma/02-participantes.csv")
has $'\r\nMarie-Ève Tremblay-Côté,'
expect 0 export delegation colombie-2025 --profile team --format csv --output "$O/team-fr"
OUT=$(cat "$O/team-fr/02-participantes.csv")
has $'\r\nMarie-Ève Tremblay-Côté;'
expect 2 export delegation colombie-2025 --format csv --csv-separator '|' --output "$O/x"
has "tab" err
expect 2 export delegation colombie-2025 --csv-separator ';' --output "$O/x.xlsx"
check "nothing written on a usage error" test ! -e "$O/x" -a ! -e "$O/x.xlsx"
finish
