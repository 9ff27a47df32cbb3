#!/usr/bin/env bash
# Issue 19: a participant's briefing pack, read back with poppler the way
# the participant holds it: in their language, the expected text on the
# expected page, whom to call in order with the numbers of Canada's centre,
# their own emergency page last and alone, nothing of another participant
# or of proof of life, nothing printed in the margins, ink on every page;
# private, audited and atomic.
. "$(dirname "$0")/lib.sh"
P="/usr/bin/python3 $VIGIE_SOURCE_DIR/tests/tools/pdf_check.py"
new_store
"$VIGIE_BUILD_DIR/tests/vigie_fixture" delegation colombie-2025 >/dev/null 2>&1 || { echo "fixture failed" >&2; exit 1; }
export VIGIE_NOW=2025-02-20T15:00:00Z
expect 0 config set org.name "Alternatives Fictives"
expect 0 config set org.phone "+1 514 555 0100"
expect 0 contact add colombie-2025 --name "Hotel Fictivo Cali" --role accommodation --phone "+57 602 555 0177"

# Marie-Ève reads French ("français, espagnol"); the coordinator works in English
expect 0 --lang en brief colombie-2025 --participant "Marie" --output "$T/dossier.pdf"
has "(fr, a4)"
has "is not encrypted" err
check "the pack is readable by its owner only" test "$(stat -c %a "$T/dossier.pdf")" = 600
OUT=$($P sizes "$T/dossier.pdf")
check "every page is A4: $OUT" test -z "$(grep -v ' 595x842$' <<<"$OUT")"
n=$(wc -l <<<"$OUT")
check "the pack has at least 4 pages ($n)" test "$n" -ge 4

# page 1: the cover line, the delegation, Canada's advice for its regions
OUT=$($P flat "$T/dossier.pdf" 1)
has "Dossier de départ : Délégation syndicale Colombie 2025"
has "Pour Marie-Ève Tremblay-Côté. Fait le 2025-02-20"
has "version 2026."
has "2025-03-01 → 2025-03-15"
has "Valle del Cauca"
has "Cauca"
has "Niveau 4"
has "Ailleurs, le Canada"
# every page's footer: the delegation, when it was made, the guide, "N / M"
for i in $(seq 1 "$n"); do
  OUT=$($P flat "$T/dossier.pdf" "$i")
  has "fait le 2025-02-20 · guide CO 2026."
  check "page $i is numbered $i / $n" grep -qE "(^| )$i ?/ ?$n\$" <<<"$OUT"
done
# the check-in protocol in local time
p=$($P find "$T/dossier.pdf" "Faire son check-in")
check "the check-in protocol is on page 1 or 2 ($p)" test "$(head -1 <<<"$p")" -le 2
OUT=$($P flat "$T/dossier.pdf" "$(head -1 <<<"$p")")
has "08:00, 20:00"
has "heure de Bogota"
has "30 minutes"
has "AIDE"
# whom to call, in order: the organisation first, Canada's centre with its SMS and WhatsApp
p=$($P find "$T/dossier.pdf" "Qui appeler, dans cet ordre")
p=$(head -1 <<<"$p")
OUT=$(for i in $p $((p + 1)); do $P text "$T/dossier.pdf" "$i"; done | sed -n '/Qui appeler/,$p')
has "+1 514 555 0100"
has "+57 601 657 9800"
has "+1 613 996 8885"
has "+1 613 686 3658"
has "+1 613 909 8881"
hasnt "Hotel Fictivo"
first=$(grep -nE '^ *1 ' <<<"$OUT" | head -1)
check "the organisation's 24/7 line is the first to call: $first" grep -q "Alternatives Fictives" <<<"$first"
# the guide's essentials
pages=$($P find "$T/dossier.pdf" "Phrases utiles")
check "useful phrases are in the pack" test -n "$pages"
pages=$($P find "$T/dossier.pdf" "principales menaces")
check "the main threats are in the pack" test -n "$pages"

# the last page is hers alone: her emergency information and nothing else
OUT=$($P flat "$T/dossier.pdf" "$n")
has "Mes renseignements d'urgence"
has "O-"
has "pénicilline"
has "salbutamol"
has "+1 800 555 0111"
has "Gilles Côté-Fictif"
hasnt "Qui appeler"
pages=$($P find "$T/dossier.pdf" "pénicilline")
check "her medical details are on the last page only ($pages)" test "$pages" = "$n"

# nothing of another participant, nothing of proof of life, no passport
ALL=$(pdftotext "$T/dossier.pdf" - | tr -s '[:space:]' ' ')
for word in Bérubé Ngozi "Luis Ángel" arachides insuline "Annie" "Chidi" "Rosa Muñoz" \
  "+1 514 555 0182" GL337104 HK482913 Moustache-Zéphyr-71 Kamouraska-Ouest-42 \
  Tourtière-Galactique-9 "premier chat" "Calle 10"; do
  case "$ALL" in *"$word"*) ko "'$word' is in Marie-Ève's pack" ;; *) ok ;; esac
done

# nothing printed within 17 mm of the edge (margins 18 mm); ink on every page
OUT=$($P margins "$T/dossier.pdf" 17)
check "nothing in the margins: $OUT" test $? -eq 0 -a -z "$OUT"
OUT=$($P ink "$T/dossier.pdf" "$T/png")
check "every page renders with ink: $OUT" test $? -eq 0

# audited without the path
OUT=$("$VIGIE" audit log 2>&1)
has "brief.export"
hasnt "dossier.pdf"

# English for whom it is the language (--doc-lang), on Letter paper, under
# a French-Canadian desktop
OUT=$(LANG=fr_CA.UTF-8 LC_ALL=fr_CA.UTF-8 "$VIGIE" brief colombie-2025 --participant "Ngozi" \
  --output "$T/pack.pdf" --paper letter --doc-lang en 2>&1)
check "the English pack is written: $OUT" test -f "$T/pack.pdf"
case "$OUT" in *"n'est pas chiffré"*) ok ;; *) ko "the coordinator's warning in French: $OUT" ;; esac
OUT=$($P sizes "$T/pack.pdf")
check "every page is Letter: $OUT" test -z "$(grep -v ' 612x792$' <<<"$OUT")"
OUT=$($P flat "$T/pack.pdf" 1)
has "Briefing pack: Délégation syndicale Colombie 2025"
has "Level 4"
OUT=$(pdftotext "$T/pack.pdf" - | tr -s '[:space:]' ' ')
has "Whom to call, in this order"
has "My emergency information"
has "B+"
hasnt "Marie-Ève"
hasnt "pénicilline"
OUT=$($P margins "$T/pack.pdf" 17)
check "nothing in the Letter pack's margins: $OUT" test $? -eq 0 -a -z "$OUT"

# an existing file is kept; bad options are usage errors
before=$(sums "$T/dossier.pdf")
expect 1 brief colombie-2025 --participant "Marie" --output "$T/dossier.pdf"
check "the existing pack is untouched" test "$(sums "$T/dossier.pdf")" = "$before"
expect 2 brief colombie-2025 --participant "Marie" --output "$T/x.pdf" --paper a3
expect 2 brief colombie-2025 --participant "Marie" --output "$T/x.pdf" --doc-lang es
expect 2 brief colombie-2025 --output "$T/x.pdf"
expect 1 brief colombie-2025 --participant "Personne" --output "$T/x.pdf"

# no fonts: one line naming the package, nothing left behind, nothing audited
mkdir -p "$T/nofonts" "$T/out"
printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
  "$T/nofonts" "$T/nofonts" >"$T/nofonts/fonts.conf"
audits=$("$VIGIE" audit log 2>/dev/null | grep -c brief.export)
OUT=$(FONTCONFIG_FILE="$T/nofonts/fonts.conf" "$VIGIE" brief colombie-2025 --participant "Marie" \
  --output "$T/out/none.pdf" 2>&1)
RC=$?
check "no fonts: exit 1 ($RC)" test "$RC" = 1
has "fonts-dejavu-core"
check "no fonts: one line ($OUT)" test "$(wc -l <<<"$OUT")" -eq 1
check "no fonts: nothing left in the folder" test -z "$(ls -A "$T/out")"
check "no fonts: nothing audited" test "$("$VIGIE" audit log 2>/dev/null | grep -c brief.export)" = "$audits"
finish
