#!/usr/bin/env bash
# Paper: every workbook printed the way a coordinator prints it (LibreOffice
# converts it to PDF) and read back page by page with poppler: each page's
# footer names its sheet, the document and the page; the lists print one
# page wide with their header and identifying column on every page (the
# coordinator's every-field participants sheet, too wide to read on one
# page, prints across at most three pages with the names on each); no
# wrapped text runs over other text; no total row or lone row at the top of
# a page.
. "$(dirname "$0")/lib.sh"
X="/usr/bin/python3 $VIGIE_SOURCE_DIR/tests/tools/xlsx_check.py"
P="/usr/bin/python3 $VIGIE_SOURCE_DIR/tests/tools/pdf_pages.py"
FIXTURE="$VIGIE_BUILD_DIR/tests/vigie_fixture"
new_store
"$FIXTURE" delegation colombie-2025 || { echo "fixture failed" >&2; exit 1; }
"$FIXTURE" checkins colombie-2025 300 || { echo "fixture failed" >&2; exit 1; }
O=$T/out
mkdir -p "$O"
export VIGIE_NOW=2026-03-25T15:00:00Z
run --lang fr assess new 2026 --date 2026-03-19
for i in 1 2 3; do run assess set 2026 "D1.$i" 3; done
run assess set 2026 D2.1 1
run assess action 2026 D2.1 --text "Adopter la politique" --owner "Comité sécurité" --due 2026-06-30
expect 0 assess sign 2026 --by "Louise Gagnon (fictive)" --role "présidente du CA"

expect 0 --lang fr export assessment 2026 --output "$O/autoevaluation.xlsx"
for p in board team coordinator; do
  expect 0 --lang fr export delegation colombie-2025 --profile "$p" --output "$O/$p.xlsx"
done
check "LibreOffice prints the four workbooks" bash "$VIGIE_SOURCE_DIR/tests/tools/lo_pdf.sh" \
  "$T/pdf" "$O/autoevaluation.xlsx" "$O/board.xlsx" "$O/team.xlsx" "$O/coordinator.xlsx"

# the first and last headers of a list sheet, as the workbook has them
headers() { $X rows "$1" "$2" 1 | awk -F'\t' '{print $1; print $NF}'; }

for f in autoevaluation board team coordinator; do
  PDF=$T/pdf/$f.pdf
  # every page: its sheet, the document and "N / M" in its footer
  OUT=$($P pages "$PDF")
  check "$f: pages printed" test -n "$OUT"
  OUT=$(awk -F'\t' '$3 == "" || $5 !~ /^[0-9]+ \/ [0-9]+$/' <<<"$OUT")
  check "$f: every page's footer names its sheet and its page: $OUT" test -z "$OUT"
  OUT=$($P overlaps "$PDF")
  check "$f: no text printed over other text: $OUT" test $? -eq 0
  OUT=$($P orphans "$PDF" Total "Questionnaire complet")
  check "$f: no total row alone at the top of a page: $OUT" test $? -eq 0
done
OUT=$($P pages "$T/pdf/board.pdf")
has "Délégation syndicale Colombie 2025 · profil conseil d'administration"
OUT=$($P pages "$T/pdf/coordinator.pdf")
has "Délégation syndicale Colombie 2025 · profil coordination : confidentiel"
OUT=$($P pages "$T/pdf/autoevaluation.pdf")
has "Autoévaluation de la sécurité 2026"

# one page wide, header and identifying column on every page
for f in board team coordinator; do
  mapfile -t H < <(headers "$O/$f.xlsx" "Registre des risques")
  OUT=$($P sheet "$T/pdf/$f.pdf" "Registre des risques" "${H[0]}" "${H[1]}")
  check "$f: the risk register prints one page wide, ids on every page: $OUT" test $? -eq 0
  mapfile -t H < <(headers "$O/$f.xlsx" "Journal des check-ins")
  OUT=$($P sheet "$T/pdf/$f.pdf" "Journal des check-ins" "${H[0]}" "${H[1]}")
  check "$f: the check-in log prints one page wide, its header on every page: $OUT" test $? -eq 0
done
for f in board team; do
  mapfile -t H < <(headers "$O/$f.xlsx" "Participant·e·s")
  OUT=$($P sheet "$T/pdf/$f.pdf" "Participant·e·s" "${H[0]}" "${H[1]}")
  check "$f: participants print one page wide: $OUT" test $? -eq 0
done
OUT=$($P count "$T/pdf/team.pdf" "Journal des check-ins")
check "team: the 300 check-ins run over several pages ($OUT)" test "$OUT" -ge 2
# the coordinator's every field: at most three pages across, a name on each
OUT=$($P sheet "$T/pdf/coordinator.pdf" "Participant·e·s" "Marie-Ève" "Jean-François")
check "coordinator: every participants page carries the names: $OUT" test $? -eq 0
OUT=$($P count "$T/pdf/coordinator.pdf" "Participant·e·s")
check "coordinator: participants on at most 3 pages ($OUT)" test "$OUT" -le 3
mapfile -t H < <(headers "$O/autoevaluation.xlsx" Questionnaire)
OUT=$($P sheet "$T/pdf/autoevaluation.pdf" Questionnaire "${H[0]}" "${H[1]}")
check "the questionnaire prints one page wide: $OUT" test $? -eq 0
finish
