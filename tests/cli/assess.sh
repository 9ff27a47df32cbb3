#!/usr/bin/env bash
# The self-assessment end to end: new, answer (at a terminal and from a
# script), set, show, actions, compare, sign, verify, reopen; exit codes
# 0/1/2/6, French output, JSON.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
DLG="$VIGIE_SOURCE_DIR/tests/tools/pty_dialogue.py"
new_store
# Join wrapped lines of $OUT, so that a sentence can be looked for whole.
flat() { OUT=$(printf '%s' "$OUT" | tr '\r\n' '  ' | tr -s ' '); }

# Templates: the shipped pair checks, a broken copy is named by file and line.
expect 0 assess check-template "$VIGIE_DATA_DIR/templates/assessment/default.fr.yaml" \
  "$VIGIE_DATA_DIR/templates/assessment/default.en.yaml"
has "vigie-default 2027.1, fr; 10 domains, 50 items, 0 warnings"
sed 's/      - id: D4.2/      - id: D4.3/' "$VIGIE_DATA_DIR/templates/assessment/default.fr.yaml" >"$T/broken.yaml"
expect 1 assess check-template "$T/broken.yaml"
has "broken.yaml:319:13: domains[3].items[1].id: expected \"D4.2\", found \"D4.3\"" err
expect 1 assess new bad --template "$T/broken.yaml"
has "broken.yaml:319:13:" err
expect 1 assess new bad --template "$T/nothing.yaml"
expect 0 assess list
has "No assessment yet"

# new: the default template in the --lang language; labels and dates checked.
expect 0 --lang fr assess new 2025 --date 2025-03-15
has "Autoévaluation « 2025 » créée"
flat
has "Ce n'est pas la grille d'autoévaluation de l'AQOCI"
has "Ne joignez jamais de renseignements personnels comme preuve"
expect 1 assess new 2025
has "already exists" err
expect 2 assess new "deux mille"
expect 2 assess new 2024 --date 2024-02-30
expect 2 assess new
# The template is copied: editing the file later changes nothing.
cp "$VIGIE_DATA_DIR/templates/assessment/default.fr.yaml" "$T/grid.yaml"
expect 0 assess new copie --template "$T/grid.yaml"
sed -i 's/Le conseil d.administration adopte la politique de sécurité/CHANGED TEXT/' "$T/grid.yaml"
check "the template file was edited" grep -q "CHANGED TEXT" "$T/grid.yaml"
expect 0 assess show copie --json
has '"id":"D1.1","domain":"D1","text":"Le conseil d'"'"'administration adopte la politique de sécurité'
hasnt "CHANGED TEXT"
expect 0 assess remove copie

# set: one item; an unknown item is bad data (1), a bad level a usage error (2).
expect 0 assess set 2025 D1.1 2 --note "politique de 2019, jamais révisée" --evidence "PV du CA 2019-05-14"
expect 0 assess set 2025 d1.2 na
expect 0 assess set 2025 D1.3 unknown
expect 1 assess set 2025 D11.1 3
has "no item \"D11.1\"" err
expect 2 assess set 2025 D1.1 6
has "not a level" err
expect 2 assess set 2025 D1.1
expect 1 assess set 2099 D1.1 3
has "no assessment \"2099\"" err
expect 1 assess set 2025 D1.4 3 --note "$(printf 'two\tcolumns')"

# answer, from a script (standard input not a terminal): the same dialogue,
# one line per question. Stop with q, resume where it stopped.
OUT=$(printf '3\nnote D1.4\nbudget 2025\nq\n' | "$VIGIE" assess answer 2025 --from D1.4 2>"$T/.err")
RC=$?
check "scripted answer exits 0" test "$RC" = 0
has "[4/50] D1.4"
has "Stopped at D1.5"
# D1.5: 2; D1.6: skip; D2.1: back; D1.6: back; D1.5: 4 (was 2); D1.6: stop.
OUT=$(printf '2\n\n\ns\nb\nb\n4\n\n\nq\n' | "$VIGIE" assess answer 2025 2>"$T/.err")
check "resumed walk exits 0" test $? = 0
has "Resuming at D1.5"
has "[6/50] D1.6"
has "Current answer: 2 Structuré"
has "Stopped at D1.6"
expect 0 assess show 2025 --json
has '"level":"3","note":"note D1.4","evidence":"budget 2025"'
check "D1.5 answered 4 after going back" grep -q '"id":"D1.5","domain":"D1","text":"[^"]*","level":"4"' <<<"$OUT"
check "D1.6 skipped, still unanswered" grep -q '"id":"D1.6","domain":"D1","text":"[^"]*","level":null' <<<"$OUT"
# End of input is a stop, not an error.
OUT=$(printf '5\n' | "$VIGIE" assess answer 2025 --from D10.3 2>"$T/.err")
check "end of input exits 0" test $? = 0
has "End of the questionnaire"

# answer at a real terminal: item text, guidance, evidence examples; back,
# keep, stop and resume, Ctrl-D.
printf 'Level [\t4\nNote\tau terminal\nEvidence\tPV 2025\nLevel [\tb\nLevel [\t\nLevel [\tq\n' >"$T/dialogue"
OUT=$(/usr/bin/python3 "$DLG" "$T/dialogue" -- "$VIGIE" assess answer 2025 --from D3.1 2>&1)
check "interactive walk exits 0 (got: $OUT)" test $? = 0
has "[13/50] D3.1"
has "What good looks like:"
has "Evidence, for example:"
has "What each level means for this item:"
flat
has "3 Défini: Appréciation écrite, datée et sourcée (niveau des Conseils aux voyageurs par région)"
has "Essential item: a first-year action plan starts with it."
has "Current answer: 4"
has "Stopped at D3.2"
printf 'Level [\t<EOF>\n' >"$T/dialogue2"
OUT=$(/usr/bin/python3 "$DLG" "$T/dialogue2" -- "$VIGIE" assess answer 2025 2>&1)
check "Ctrl-D stops the walk (exit 0)" test $? = 0
has "Resuming at D3.2"
has "Stopped at D3.2"
expect 0 assess show 2025 --json
check "D3.1 answered 4 at the terminal" grep -q '"id":"D3.1","domain":"D3","text":"[^"]*","level":"4","note":"au terminal","evidence":"PV 2025"' <<<"$OUT"

# French at the terminal too.
printf 'Niveau [\tq\n' >"$T/dialogue3"
OUT=$(/usr/bin/python3 "$DLG" "$T/dialogue3" -- "$VIGIE" --lang fr assess answer 2025 2>&1)
check "French walk exits 0" test $? = 0
has "Ce à quoi ressemble une bonne pratique"

# show: bars, no colour when NO_COLOR, French numbers.
expect 0 --lang fr assess show 2025
has "Autoévaluation « 2025 »"
has "MOYENNE"
has "█"
has "Gouvernance et redevabilité"
has "Sans réponse"
hasnt $'\033['
# --items: the descriptor of the level chosen, the essential flag
expect 0 --lang fr assess show 2025 --items
has "D1.1   2 Structuré"
has "D1.2   Sans objet  [essentiel]"
flat
has "Ici, le niveau 2 veut dire : Une politique existe, mais elle n'est pas datée, pas adoptée"
expect 0 assess show 2025 --json
has '"id":"D1.1","domain":"D1","text":"Le conseil'
has '"essential":false,"level_means":"Une politique existe, mais'
has '"essential":true,"level_means":null'
expect 0 assess show 2025 --json
has '"threshold":3'
has '"unanswered":["D1.6","D2.1",'
has '"weakest":[{"item":"D1.3","level":"unknown"}'
has '"overall":{"total":50,'

# actions: below level 3 and unknown, with action, owner, due date; the
# essential items first (D3.5 is essential, D1.1 is not).
expect 0 assess set 2025 D3.5 1
expect 0 assess actions 2025
has "Essential items (a first-year plan starts here)"
check "the essential D3.5 comes before D1.1" test "$(grep -n 'D3.5 ' <<<"$OUT" | cut -d: -f1)" -lt \
  "$(grep -n 'D1.1 ' <<<"$OUT" | cut -d: -f1)"
expect 0 assess actions 2025 --json
has '"item":"D3.5","domain":"D3","text":"La décision d'"'"'accepter le risque résiduel'
has '"essential":true,"level":"1"'
expect 0 --lang fr assess actions 2025
has "Items essentiels (un premier plan d'action commence ici)"
expect 0 assess actions 2025
has "D1.1"
has "D1.3"
has "(to be defined)"
hasnt "D1.4 "
expect 0 assess action 2025 D1.1 --text "Réviser la politique et la faire adopter" --owner "Direction" --due 2025-06-30
expect 0 assess action 2025 D1.3 --text "Écrire le tableau des rôles" --owner "Coordination"
expect 2 assess action 2025 D1.3 --due "30 juin"
expect 2 assess action 2025 D1.3
expect 1 assess action 2025 D1.2 --owner "X"
has "--text" err
VIGIE_NOW=2025-09-01T12:00:00Z expect 0 assess actions 2025 --json
has '"item":"D1.1","domain":"D1"'
has '"action":"Réviser la politique et la faire adopter","owner":"Direction","due":"2025-06-30","overdue":true'
has '"item":"D1.3"'
has '"level":"unknown"'
VIGIE_NOW=2025-09-01T12:00:00Z expect 0 --lang fr assess actions 2025
has "(en retard)"

# A second year, compared with the first.
expect 0 assess new 2026 --date 2026-03-14 --lang fr
for pair in D1.1:3 D1.2:na D1.3:2 D1.4:2 D1.5:4 D2.1:3 D3.1:4; do
  "$VIGIE" assess set 2026 "${pair%%:*}" "${pair##*:}" >/dev/null 2>&1 || ko "set 2026 $pair"
done
expect 0 assess compare 2025 2026
has "Improved (2):"
has "D1.1   2 Structuré -> 3 Défini"
has "D1.3   Inconnu -> 2 Structuré"
has "Regressed (1):"
has "D1.4   3 Défini -> 2 Structuré"
expect 0 assess compare 2025 2026 --json
has '"item":"D1.1","map":"id","from":"2","to":"3","trend":"improved"'
has '"item":"D1.4","map":"id","from":"3","to":"2","trend":"regressed"'
has '"improved":2,"regressed":1'
expect 0 --lang fr assess compare 2025 2026
has "Progrès (2)"
expect 1 assess compare 2025 2099

# Across grid versions: a 2026.1 assessment against a 2027.1 one, through the
# mapping the 2027 grid declares (merges, renumbering, new items).
expect 0 assess new 2024 --date 2024-03-10 \
  --template "$VIGIE_SOURCE_DIR/tests/fixtures/assessment/vigie-default-2026.1.fr.yaml"
has "2026.1"
for pair in D1.5:4 D10.3:2 D6.4:1 D2.1:3 D10.4:3; do
  "$VIGIE" assess set 2024 "${pair%%:*}" "${pair##*:}" >/dev/null 2>&1 || ko "set 2024 $pair"
done
expect 0 assess compare 2024 2025
has "Template version 2027.1 revises 2026.1: items are matched through its mapping (35 unchanged, 4 renumbered, 5 merged, 6 new, 0 dropped)."
hasnt "compared by id" err
# D1.5 merges 2026.1's D1.5 (4) and D10.3 (2): compared from 2
has "D1.5 (D1.5 + D10.3): 2 Structuré -> 4 Mesuré"
has "New in 2027.1 (6), not compared:"
has "D5.6   L'organisme est prêt à répondre à une violence sexuelle"
has "Renumbered in 2027.1 (4):"
has "D10.3 (D10.4): 3 Défini -> 5 Optimisé"
expect 0 assess compare 2024 2025 --json
has '"mapping":{"earlier_version":"2026.1","later_version":"2027.1","same":35,"renamed":4,"merged":5,"new":6,"dropped":0}'
has '"item":"D1.5","map":"merged","was":["D1.5","D10.3"],"from":"2","to":"4","trend":"improved"'
has '"item":"D1.6","map":"new","was":[],"from":null'
has '"item":"D6.2","map":"renamed","was":["D6.4"],"from":"1"'
expect 0 --lang fr assess compare 2024 2025
has "Nouveaux dans 2027.1 (6), non comparés :"
has "Fusionnés dans 2027.1 (5)"
# the same two, later one first: still matched through the mapping
expect 0 assess compare 2025 2024
has "Template version 2027.1 revises 2026.1"
expect 0 assess remove 2024
expect 0 assess list
has "2025"
has "2026"

# The board's sign-off; verify 0; locked; reopen; verify 6 naming the change.
expect 2 assess sign 2026 --by "Marie Tremblay"
expect 0 assess sign 2026 --by "Marie Tremblay" --role "présidente du CA"
has "signed off by Marie Tremblay (présidente du CA)"
CODE=$(sed -n 's/.*minutes: \([0-9A-F-]*\).*/\1/p' <<<"$OUT")
check "a sign-off code is printed ($CODE)" grep -Eq '^[0-9A-F]{4}(-[0-9A-F]{4}){4}$' <<<"$CODE"
has "items had no answer" err
expect 0 assess verify 2026
has "The sign-off holds"
has "$CODE"
expect 0 --lang fr assess verify 2026
has "La signature tient"
expect 1 assess set 2026 D2.2 3
has "reopen" err
expect 1 assess action 2026 D1.3 --text "x"
expect 1 assess remove 2026
expect 2 assess reopen 2026
expect 0 assess reopen 2026 --reason "incident critique en mai"
expect 1 assess reopen 2026 --reason "encore"
expect 0 assess verify 2026
expect 0 assess set 2026 D1.3 4
expect 0 assess action 2026 D1.4 --text "Former l'équipe"
expect 6 assess verify 2026
has "changed after its sign-off" err
has "item D1.3: level 2 -> 4"
has "item D1.4: an action was added"
expect 6 assess verify 2026 --json
has '"status":"changed"'
has '"kind":"answer","item":"D1.3","field":"level","signed":"2","current":"4"'
expect 6 --lang fr assess verify 2026
has "modifiée après sa signature" err
expect 0 assess show 2026
has "Reopened on"
has "incident critique en mai"
expect 0 assess sign 2026 --by "Jean Roy" --role "secrétaire du CA"
expect 0 assess verify 2026
has "Its 1 earlier sign-off holds too"
expect 0 --lang fr assess verify 2026
has "Sa signature précédente (1) tient aussi" # never « Ses 1 signatures »
expect 1 assess verify 2025
has "never signed off" err

# The audit log has every change, without the board members' names.
expect 0 audit log --json
has '"action":"assess.sign"'
has '"action":"assess.reopen"'
has '"action":"assess.answer","object":"2026 D1.3","detail":"4"'
hasnt "Marie"
hasnt "Tremblay"
expect 0 check
finish
