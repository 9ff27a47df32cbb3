#!/usr/bin/env bash
# Country guides: list, show (every emergency number and the embassy's phone
# on screen), sections, the language fallback, import with every version
# kept, check past the review date, refused broken guides.
. "$(dirname "$0")/lib.sh"
G="$VIGIE_SOURCE_DIR/country-guides"

# numbers GUIDE: every emergency number and embassy phone of a guide, one a
# line, read from its front matter independently of vigie (python3-yaml).
numbers() {
  /usr/bin/python3 - "$1" <<'PY'
import sys, yaml
text = open(sys.argv[1], encoding='utf-8').read()
front = yaml.safe_load(text.split('\n---\n', 1)[0][4:])
for n in front['emergency_numbers']:
    print(n['number'])
for o in front['representation']:
    if o['kind'] == 'embassy':
        print(o['phone'])
PY
}

# --- without a store: the data folder's guides ---
expect 0 guide list
for cc in CO HT MX; do
  for l in fr en; do
    check "list shows $cc $l" grep -Eq "^$cc +$l +2026\.2 " <<<"$OUT"
  done
done
has "2027-03-03"
has "2027-01-03"
has "data folder"
hasnt "past review"
expect 0 guide list --json
has '"country":"CO"'
has '"advisory_level":4'
has '"review_by":"2027-03-03"'
has '"review_interval_months":3'
has '"review_interval_months":1'
has '"origin":"data"'
has '"past_review":false'

# Every emergency number and the embassy's phone of every guide appear whole
# in `guide show`, even wrapped to a narrow terminal.
for cc in co ht mx; do
  for l in fr en; do
    nums=$(numbers "$G/$cc.$l.md")
    check "$cc.$l has numbers to look for" test "$(wc -l <<<"$nums")" -ge 2
    for cols in 80 40; do
      OUT=$(COLUMNS=$cols "$VIGIE" guide show "$cc" --lang "$l" 2>"$T/.err"); RC=$?
      check "guide show $cc --lang $l exits 0" test "$RC" = 0
      while IFS= read -r n; do
        check "$cc.$l at $cols columns shows $n" grep -qF -- "$n" <<<"$OUT"
      done <<<"$nums"
      check "$cc.$l fits $cols columns" bash -c "! python3 -c '
import sys
w = int(sys.argv[1])
bad = [l for l in sys.stdin.read().split(\"\n\") if len(l) > w and \" \" in l.strip() and len(max(l.split(), key=len)) < w - 24]
sys.exit(0 if bad else 1)' $cols" <<<"$OUT"
    done
  done
done
check "ewrc in every guide" bash -c "for c in co ht mx; do '$VIGIE' guide show \$c | grep -q 'sos@international.gc.ca' || exit 1; done"

# Facts still to be checked are marked, in the guide's language.
expect 0 guide show co --lang fr --section emergency
has "123"
has "(à vérifier)"
# 2026.2: the numbers the fact check confirmed are no longer marked
check "123 not marked (fr)" bash -c "! grep -E '^ +123 .*à vérifier' <<<\"\$0\"" "$OUT"
has "Ambassade du Canada en Colombie"
hasnt "## En cas d'urgence"
has "En cas d'urgence"
hasnt "Aperçu"
expect 0 guide show co --lang en --section emergency
has "(to be checked)"
has "Embassy of Canada to Colombia"
has "In an emergency"
hasnt "Overview"
# the mark sits beside the fact: the embassy (its address unconfirmed) is to
# be checked, the confirmed single line 123 is not
check "embassy marked to be checked" grep -Eq 'Embassy of Canada to Colombia.*\(to be checked\)' <<<"$OUT"
check "123 not marked" bash -c "! grep -E '^ +123 .*to be checked' <<<\"\$0\"" "$OUT"
# a verified fact is not marked
check "EWRC number not marked" bash -c "! grep -E '^ +\\+1 613 996 8885 .*to be checked' <<<\"\$0\"" "$OUT"

# Sections by key, by heading, accent- and case-insensitive; bad names refused.
expect 0 guide show ht --lang fr --section sante
has "Choléra"
hasnt "Enlèvement contre rançon"
expect 0 guide show mx --section "Entry and stay"
has "Passport"
expect 0 guide show co --lang fr --section advisory
has "Arauca"
has "Évitez tout voyage"
expect 2 guide show co --section embassy
has "no section" err
expect 2 guide show co --section s
has "ambiguous" err
expect 2 guide show
expect 1 guide show ZZ
has "no country guide for ZZ" err
expect 2 guide show co --lang de

# JSON: English keys, every fact with its status.
expect 0 guide show co --json --section emergency
has '"emergency_numbers":[{"service":"Single emergency line","number":"123","status":"verified","source":"wradio-2023"}'
has '"kind":"embassy"'
has '"phone":"+57 601 657 9800"'
has '"threats":[{"category":"armed-conflict"'
has '"score":15'
has '"key":"emergency"'
hasnt '"key":"overview"'
check "show --json is valid JSON" python3 -c 'import json,sys; json.loads(sys.argv[1])' "$OUT"

# The other language when one is missing, with a note.
mkdir -p "$T/data/country-guides"
cp "$G/mx.fr.md" "$T/data/country-guides/"
expect 0 --data-dir "$T/data" guide show mx --lang en --section emergency
has "note: there is no English guide for MX; showing the French one" err
has "En cas d'urgence"
expect 0 --data-dir "$T/data" guide show mx --json --lang en
has '"fallback":true'
has '"lang":"fr"'
expect 0 --data-dir "$T/data" guide show mx --lang fr
hasnt "note:" err

# A broken guide in the data folder: named by file and line, exit 1.
sed 's/^reviewed: 2026-12-03/reviewed: 2026-13-45/' "$G/co.fr.md" >"$T/data/country-guides/co.fr.md"
expect 1 --data-dir "$T/data" guide list
has 'co.fr.md:7: reviewed: "2026-13-45" is not a date' err
has "invalid"
check "the valid guide is still listed" grep -Eq '^MX +fr +2026\.2' <<<"$OUT"
expect 1 --data-dir "$T/data" guide show co
has 'co.fr.md:7: reviewed' err
expect 1 --data-dir "$T/data" guide check
has 'co.fr.md:7: reviewed' err

# --- check: exit 3 past the review-by date, naming each guide ---
expect 0 guide check
has "CO"
hasnt "past review"
# Haiti is reviewed every month, Colombia and Mexico every three months.
VIGIE_NOW=2027-01-03T23:00:00Z expect 0 guide check
has "review due soon"
VIGIE_NOW=2027-01-04T12:00:00Z expect 3 guide check
has "past review"
has "guide of HT" err
hasnt "guide of CO" err
has "2027-01-03" err
VIGIE_NOW=2027-03-04T12:00:00Z expect 3 guide check
for cc in CO HT MX; do
  has "guide of $cc" err
done
has "2027-03-03" err
VIGIE_NOW=2027-03-04T12:00:00Z expect 3 guide check --json
has '"status":"past-review"'
has '"attention":true'
VIGIE_NOW=2027-03-04T12:00:00Z expect 0 guide list
has "past review"
VIGIE_NOW=2027-03-04T12:00:00Z expect 0 guide show co --section overview
has "PAST REVIEW"

# The interval is the guide's own: a review_by beyond reviewed + interval is
# refused, and so is a source dated after the review that read it.
mkdir -p "$T/iv/country-guides"
sed -e 's/^review_by: 2027-03-03/review_by: 2027-09-03/' "$G/mx.fr.md" >"$T/iv/country-guides/mx.fr.md"
expect 1 --data-dir "$T/iv" guide check
has "mx.fr.md:8: review_by: 2027-09-03 is later than reviewed (2026-12-03) plus the review interval of 3 months (2027-03-03)" err
sed -e '0,/    seen: 2026-08-15/s//    seen: 2026-12-24/' "$G/mx.fr.md" >"$T/iv/country-guides/mx.fr.md"
expect 1 --data-dir "$T/iv" guide check
has "sources[1].seen: 2026-12-24 is later than the guide's review date (reviewed: 2026-12-03)" err

# --- import: a store, a modified guide, precedence, every version kept ---
expect 1 guide import "$G/co.fr.md"
has "no store" err
new_store
expect 0 guide list
check "no guide imported yet" bash -c "! grep -q store <<<\"\$0\"" "$OUT"
sed -e 's/^version: "2026.2"/version: "2026.3"/' \
    -e 's/    phone: "+57 601 657 9800"/    phone: "+57 601 657 1234"/' "$G/co.fr.md" >"$T/co.fr.md"
expect 0 guide import "$T/co.fr.md"
has "imported CO fr version 2026.3"
has "2026.2"
# the English guide now differs: said, not refused
has "no longer matches" err
expect 0 guide list
check "CO fr from the store" grep -Eq '^CO +fr +2026\.3 .*store' <<<"$OUT"
check "CO en still from the data folder" grep -Eq '^CO +en +2026\.2 .*data folder' <<<"$OUT"
expect 0 guide show co --lang fr --section emergency
has "téléphone : +57 601 657 1234"
hasnt "téléphone : +57 601 657 9800"
has "Importé dans le coffre"
# and the pair difference makes check ask for attention
expect 3 guide check
has "does not match" err
has "representation[1].phone" err
# the same file again changes nothing
expect 0 guide import "$T/co.fr.md"
has "nothing changed"
# the same version with other text, an older version: refused
sed -i 's/+57 601 657 1234/+57 601 657 4321/' "$T/co.fr.md"
expect 1 guide import "$T/co.fr.md"
has "raise the version" err
expect 1 guide import "$G/co.fr.md"
has "older" err
# a third version; the previous ones are kept
sed -i 's/^version: "2026.3"/version: "2026.4"/' "$T/co.fr.md"
expect 0 guide import "$T/co.fr.md"
has "replaces version 2026.3 from the store"
expect 0 guide history co
check "history lists 2026.4 in use" grep -Eq '^fr +2026\.4 .* yes$' <<<"$OUT"
check "history keeps 2026.3" grep -Eq '^fr +2026\.3 ' <<<"$OUT"
expect 0 guide history co --json
has '"version":"2026.3","imported_at"'
has '"current":false'
expect 0 --json audit log
has "guide.import"
has "co.fr"

# A broken import: every error by file and line, nothing stored.
before=$(sums "$VIGIE_STORE/vigie.db")
sed -e 's/^version: "2026.4"/version: "2026.5"/' -e 's/^reviewed: 2026-12-03/reviewed: 2026-13-45/' \
    -e '0,/  level: 2$/s//  level: 9/' -e '0,/category: crime/s//category: pickpocket/' "$T/co.fr.md" >"$T/bad.fr.md"
expect 1 guide import "$T/bad.fr.md"
has 'bad.fr.md:7: reviewed: "2026-13-45" is not a date' err
has "advisory.level: 9 is out of range (1 to 4)" err
has '"pickpocket" is not a threat category' err
has "not imported (errors: 3)" err
check "a refused import changes nothing" test "$before" = "$(sums "$VIGIE_STORE/vigie.db")"
expect 0 guide history co
hasnt "2026.5"
expect 1 guide import "$T/nothing-here.md"
has "does not exist" err

# --- French ---
expect 0 --lang fr guide list
has "PAYS"
has "dossier de données"
has "coffre"
expect 0 --lang fr guide show ht --section urgence
has "Numéros d'urgence"
has "+509 2812 9000"
has "(à vérifier)"
VIGIE_NOW=2027-03-04T12:00:00Z expect 3 --lang fr guide check
has "révision dépassée"
has "date de révision" err
expect 2 --lang fr guide show co --section ambassade
has "aucune section" err

finish
