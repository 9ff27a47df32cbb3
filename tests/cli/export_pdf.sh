#!/usr/bin/env bash
# Issue 19: the risk file as a PDF the board reads without a spreadsheet
# program, read back with poppler: A4 (or Letter) landscape pages, each
# sheet on its own pages under its name, the register's header and risks,
# the heat map, a footer with "N / M" on every page, nothing in the margins,
# no personal data in the board's profile, no proof of life in any; private,
# audited, atomic.
. "$(dirname "$0")/lib.sh"
P="/usr/bin/python3 $VIGIE_SOURCE_DIR/tests/tools/pdf_check.py"
new_store
"$VIGIE_BUILD_DIR/tests/vigie_fixture" delegation colombie-2025 >/dev/null 2>&1 || { echo "fixture failed" >&2; exit 1; }
export VIGIE_NOW=2025-02-20T15:00:00Z

expect 0 --lang fr export delegation colombie-2025 --output "$T/ca.pdf"
has "(pdf, profil conseil)"
has "n'est pas chiffré" err
check "the PDF is readable by its owner only" test "$(stat -c %a "$T/ca.pdf")" = 600
OUT=$($P sizes "$T/ca.pdf")
check "every page is A4 landscape: $OUT" test -z "$(grep -v ' 842x595$' <<<"$OUT")"
n=$(wc -l <<<"$OUT")
for i in $(seq 1 "$n"); do
  OUT=$($P flat "$T/ca.pdf" "$i")
  check "page $i: its footer names the delegation and the profile, and '$i / $n'" \
    grep -qE "Délégation syndicale Colombie 2025 · profil conseil d'administration $i ?/ ?$n\$" <<<"$OUT"
done
# the sheets, each under its own heading, in the workbook's order
p_sum=$($P find "$T/ca.pdf" "Sommaire Dossier de risques")
p_reg=$($P find "$T/ca.pdf" "Registre des risques")
p_heat=$($P find "$T/ca.pdf" "Risques inhérents (avant les mesures)")
check "summary, register and heat map in order ($p_sum / $p_reg / $p_heat)" \
  test -n "$p_sum" -a -n "$p_reg" -a -n "$p_heat"
# the register's own pages: its header (Mesures, Responsable...) on each
reg=""
for pg in $(seq 1 "$n"); do
  OUT=$($P flat "$T/ca.pdf" "$pg")
  case "$OUT" in *Scénario*Mesures*) reg="$reg$OUT" ;; esac
done
OUT=$reg
has "Menace"
has "Scénario"
has "R1"
has "R9"
OUT=$($P flat "$T/ca.pdf" "$(head -1 <<<"$p_heat")")
has "5 Quasi certain"
has "Critique"
# the board's profile: no personal data, no proof of life
ALL=$(pdftotext "$T/ca.pdf" - | tr -s '[:space:]' ' ')
for word in Marie-Ève Tremblay-Côté Bérubé Ngozi "Luis Ángel" "+1 418 555 0147" HK482913 pénicilline \
  "Gilles Côté-Fictif" Moustache-Zéphyr-71 Kamouraska-Ouest-42 Tourtière-Galactique-9; do
  case "$ALL" in *"$word"*) ko "'$word' is in the board's PDF" ;; *) ok ;; esac
done
OUT=$($P margins "$T/ca.pdf" 13)
check "nothing in the margins (14 mm): $OUT" test $? -eq 0 -a -z "$OUT"
OUT=$($P ink "$T/ca.pdf" "$T/png")
check "every page renders with ink: $OUT" test $? -eq 0
OUT=$("$VIGIE" --json audit log 2>&1)
has "format=pdf"
hasnt "ca.pdf"

# the team's profile on Letter, in English: names, never proof of life
expect 0 --lang en export delegation colombie-2025 --profile team --format pdf --paper letter --output "$T/team"
OUT=$($P sizes "$T/team")
check "every page is Letter landscape: $OUT" test -z "$(grep -v ' 792x612$' <<<"$OUT")"
ALL=$(pdftotext "$T/team" - | tr -s '[:space:]' ' ')
case "$ALL" in *"Marie-Ève Tremblay-Côté"*) ok ;; *) ko "the team's PDF names its people" ;; esac
for word in Moustache-Zéphyr-71 Kamouraska-Ouest-42 Tourtière-Galactique-9 HK482913; do
  case "$ALL" in *"$word"*) ko "'$word' is in the team's PDF" ;; *) ok ;; esac
done
OUT=$($P margins "$T/team" 13)
check "nothing in the Letter margins: $OUT" test $? -eq 0 -a -z "$OUT"

# the assessment too; usage errors; an existing file is kept
expect 0 --lang fr assess new 2026 --date 2026-03-19
expect 0 --lang fr export assessment 2026 --output "$T/autoevaluation.pdf"
OUT=$($P flat "$T/autoevaluation.pdf" 1)
has "Autoévaluation"
expect 2 export delegation colombie-2025 --output "$T/x.xlsx" --paper a4
expect 2 export delegation colombie-2025 --output "$T/x.pdf" --paper a5
before=$(sums "$T/ca.pdf")
expect 1 export delegation colombie-2025 --output "$T/ca.pdf"
check "the existing PDF is untouched" test "$(sums "$T/ca.pdf")" = "$before"
# no fonts: nothing left behind
mkdir -p "$T/nofonts" "$T/out"
printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
  "$T/nofonts" "$T/nofonts" >"$T/nofonts/fonts.conf"
OUT=$(FONTCONFIG_FILE="$T/nofonts/fonts.conf" "$VIGIE" export delegation colombie-2025 --output "$T/out/ca.pdf" 2>&1)
RC=$?
check "no fonts: exit 1 ($RC)" test "$RC" = 1
has "fonts-dejavu-core"
check "no fonts: nothing left in the folder" test -z "$(ls -A "$T/out")"
finish
