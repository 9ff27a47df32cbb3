#!/usr/bin/env bash
# Issue 19: the check-in card as a PDF, read back with poppler the way a
# participant holds it: bank-card pages (front, back, numbers, codes), then
# an A4 or Letter sheet that holds them; the codes printed on the paper are
# the ones Vigie accepts; nothing is printed in the margins; every page has
# ink; the file is private, audited and atomic; without the fonts the
# command fails in one line and leaves nothing behind.
. "$(dirname "$0")/lib.sh"
P="/usr/bin/python3 $VIGIE_SOURCE_DIR/tests/tools/pdf_check.py"
new_store
"$VIGIE_BUILD_DIR/tests/vigie_fixture" delegation colombie-2025 >/dev/null 2>&1 || { echo "fixture failed" >&2; exit 1; }
export VIGIE_NOW=2025-03-02T15:00:00Z

# A .pdf file name is enough to get a PDF, in the coordinator's French
expect 0 --lang fr --json card export colombie-2025 --participant "Jean-Fran" --output "$T/carte.pdf" --codes 40
duress=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1])["duress_positions"])' "$OUT")
has "n'est pas chiffré" err
check "the card is readable by its owner only" test "$(stat -c %a "$T/carte.pdf")" = 600
OUT=$($P sizes "$T/carte.pdf")
# 85.6 x 54 mm = 243 x 153 points; the last page is an A4 sheet
check "every page but the last is the size of a bank card: $OUT" \
  test -z "$(sed '$d' <<<"$OUT" | grep -v ' 243x153$')"
check "at least four card pages (front, back, numbers, codes): $OUT" test "$(wc -l <<<"$OUT")" -ge 5
check "the last page is an A4 sheet: $OUT" test "$(tail -1 <<<"$OUT" | cut -d' ' -f2)" = 595x842
last=$(tail -1 <<<"$OUT" | cut -d' ' -f1)

# page 1, the front: who, the delegation, how to send a check-in
OUT=$($P text "$T/carte.pdf" 1)
has "Jean-François · Délégation syndicale Colombie 2025"
has "POUR ENVOYER UN CHECK-IN / TO CHECK IN / PARA"
has "OK 482913"
hasnt "Bérubé"
# page 2, its back: the status words in French, English and Spanish
OUT=$($P text "$T/carte.pdf" 2)
has "AIDE · HELP · AYUDA"
has "URGENCE · EMERGENCY"
# the emergency numbers, Canada's centre among them
pages=$($P find "$T/carte.pdf" "+1 613 996 8885")
check "Canada's emergency centre is on a card page: $pages" test -n "$pages" -a "$(head -1 <<<"$pages")" -lt "$last"
OUT=$($P text "$T/carte.pdf" 3)
has "NUMÉROS D'URGENCE / EMERGENCY NUMBERS"
has "+57 601 657 9800"

# the codes: 43 numbered positions (40 and 3 duress), in a monospaced grid
codes_page=$($P find "$T/carte.pdf" "CODES 1–43")
codes_page=$(head -1 <<<"$codes_page")
check "a card page lists codes 1 to 43" test -n "$codes_page"
grid=$($P text "$T/carte.pdf" "$codes_page" | grep -oE '\b[0-9]{1,2} +[0-9]{6}\b')
check "43 numbered codes on the codes page: $(wc -l <<<"$grid")" test "$(wc -l <<<"$grid")" -eq 43
first=$(awk '$1 == 1 {print $2}' <<<"$grid")
# the next position that is not a duress one
next_pos=$(/usr/bin/python3 -c 'import sys; d={int(x) for x in sys.argv[1].split(",")}; print(min(p for p in range(2, 44) if p not in d))' "$duress")
second=$(awk -v p="$next_pos" '$1 == p {print $2}' <<<"$grid")
# the imposition sheet holds the same codes
OUT=$($P text "$T/carte.pdf" "$last")
has "$first"
has "Découpez aux traits de coupe"
# what is printed is what Vigie accepts: code 1 (never a duress position)
expect 0 checkin code colombie-2025 "OK $first Cali" --via SMS
has "Jean-François"
hasnt "ALERT"

# nothing printed within 3 mm of a card's edge (margins 3.5 mm), nor
# within 10 mm of the sheet's edge
OUT=$($P margins "$T/carte.pdf" 3 $(seq 1 $((last - 1))))
check "nothing in a card's margins: $OUT" test $? -eq 0 -a -z "$OUT"
OUT=$($P margins "$T/carte.pdf" 10 "$last")
check "nothing in the sheet's margins: $OUT" test $? -eq 0 -a -z "$OUT"
# every page rendered has ink (the PNGs are in $T/png for a person to see)
OUT=$($P ink "$T/carte.pdf" "$T/png")
check "every page renders with ink: $OUT" test $? -eq 0

# audited, without the path
OUT=$("$VIGIE" --json audit log 2>&1)
has "card.export"
has "pdf"
hasnt "carte.pdf"

# Letter: the sheet is 8.5 x 11 in; Haiti's card speaks Creole
expect 0 --lang en card export colombie-2025 --participant "Ngozi" --output "$T/card" --format pdf --paper letter
OUT=$($P sizes "$T/card")
check "the sheet is Letter: $OUT" test "$(tail -1 <<<"$OUT" | cut -d' ' -f2)" = 612x792
OUT=$($P text "$T/card" 1)
has "Ngozi · Délégation syndicale Colombie 2025"
expect 2 card export colombie-2025 --participant "Ngozi" --output "$T/c.txt" --paper a3
expect 2 card export colombie-2025 --participant "Ngozi" --output "$T/c.pdf" --format odt
expect 2 card export colombie-2025 --participant "Ngozi" --output "$T/c.txt" --format text --paper a4

# an existing file is kept without --force
before=$(sums "$T/carte.pdf")
expect 1 card export colombie-2025 --participant "Jean-Fran" --output "$T/carte.pdf"
check "the existing card is untouched" test "$(sums "$T/carte.pdf")" = "$before"

# no fonts: one line naming the Debian package, no file, no temporary file,
# and the card is not issued (the previous one still answers)
mkdir -p "$T/nofonts"
printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
  "$T/nofonts" "$T/nofonts" >"$T/nofonts/fonts.conf"
mkdir -p "$T/out"
OUT=$(FONTCONFIG_FILE="$T/nofonts/fonts.conf" "$VIGIE" card export colombie-2025 --participant "Jean-Fran" \
  --output "$T/out/none.pdf" 2>&1)
RC=$?
check "no fonts: exit 1 ($RC)" test "$RC" = 1
has "fonts-dejavu-core"
check "no fonts: one line ($OUT)" test "$(wc -l <<<"$OUT")" -eq 1
check "no fonts: nothing left in the folder" test -z "$(ls -A "$T/out")"
expect 0 checkin code colombie-2025 "OK $second Cali" --via SMS
has "Jean-François"
finish
