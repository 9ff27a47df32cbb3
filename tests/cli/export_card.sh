#!/usr/bin/env bash
# Issue 8 in the exports: the coordinator profile shows that a check-in card
# exists and how many codes are left, never a code; other profiles show nothing.
. "$(dirname "$0")/lib.sh"
X="/usr/bin/python3 $VIGIE_SOURCE_DIR/tests/tools/xlsx_check.py"
new_store
"$VIGIE_BUILD_DIR/tests/vigie_fixture" delegation colombie-2025 >/dev/null 2>&1 || { echo "fixture failed" >&2; exit 1; }
name=$("$VIGIE" participant list colombie-2025 --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["name"])')
expect 0 card export colombie-2025 --participant "$name" --output "$T/card.txt" --codes 12
# the card's grid: "    1  318421        5  113353 ..."
codes=$(grep -E '^ +[0-9]+  [0-9]{6}' "$T/card.txt" | grep -oE '\b[0-9]{1,2}  [0-9]{6}\b' | awk '{print $2}')
check "the card holds 12 codes and its duress codes" test "$(wc -l <<<"$codes")" -ge 12
expect 0 --lang en export delegation colombie-2025 --profile coordinator --output "$T/c.xlsx"
OUT=$($X column "$T/c.xlsx" Participants "Check-in card")
has "yes, 12 of 12 codes left"
has "none"
found=$(/usr/bin/python3 - "$T/c.xlsx" $codes <<'PY'
import re, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
codes = sys.argv[2:]
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            v = "" if c.value is None else str(c.value)
            for code in codes:
                if re.search(r"\b%s\b" % code, v):
                    print(ws.title, c.coordinate, code)
PY
)
check "no card code in any cell of the coordinator's workbook" test -z "$found"
expect 0 --lang en export delegation colombie-2025 --profile team --output "$T/t.xlsx"
OUT=$($X column "$T/t.xlsx" Participants "Check-in card" 2>&1)
has "no header"
finish
