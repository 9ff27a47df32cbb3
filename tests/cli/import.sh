#!/usr/bin/env bash
# Importing the spreadsheets coordinators keep: Excel fr-CA (semicolons,
# BOM, CRLF), English commas, Windows-1252, quoted cells; all or nothing,
# every bad row named by its line in the file.
. "$(dirname "$0")/lib.sh"
FIX="$VIGIE_SOURCE_DIR/tests/fixtures"
new_store
count() { "$VIGIE" --json participant list "$1" | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
expect 0 delegation add colombie-2026 --name "Colombie" --country CO --start 2026-03-01 --end 2026-03-15
expect 0 delegation add stage-2026 --name "Stage" --country HT --start 2026-05-01 --end 2026-07-31
cp "$FIX/participants-fr-excel.csv" "$T/participants.csv"
cp "$FIX/participants-bad-rows.csv" "$T/mauvais.csv"
cd "$T"

# A bad row: nothing imported, every bad line and column named, exit 1.
expect 1 participant import colombie-2026 mauvais.csv
has 'mauvais.csv:4: expiration du passeport "2030-02-30" is not a date' err
has 'mauvais.csv:5: courriel "chloe(at)exemple" is not an e-mail address' err
has 'mauvais.csv:5: cellulaire "2229 8000" has no country code' err
hasnt 'mauvais.csv:2' err
hasnt 'mauvais.csv:6' err
has "nothing was imported" err
check "nothing imported from a file with a bad row" test "$(count colombie-2026)" = 0

# A dry run checks everything and writes nothing.
expect 0 participant import colombie-2026 participants.csv --dry-run
has "4 participants would be added"
has "Prénom -> first_name"
has "Assistance 24/7 -> assistance_phone"
has '"Taille de t-shirt": unknown column, ignored' err
check "dry run writes nothing" test "$(count colombie-2026)" = 0

# The Excel fr-CA file: BOM, CRLF, semicolons, accents in every field, a
# quoted cell with a semicolon and a quote, a cell on two lines.
expect 0 participant import colombie-2026 participants.csv
has "4 participants added"
has "Taille de t-shirt" err
check "four participants" test "$(count colombie-2026)" = 4
expect 0 --json participant show colombie-2026 "eloise"
has '"name":"Éloïse Bélanger-Côté"'
has '"allergies":"Arachides; pénicilline (\"grave\")"'
has '"phone":"+1 418 555 0101"'
has '"birth_date":"1991-02-14"'
has '"kin1_name":"Hélène Bélanger (mère)"'
has '"policy_number":"PÔL-2026-001"'
has '"role":"Accompagnatrice"'
has '"retention_date":"2027-09-15"'
expect 0 --json participant show colombie-2026 "francois lev"
has '"allergies":"Noix\nLatex"'
has '"passport_expiry":"2030-09-03"'
has '"blood_group":"A-"'
expect 0 --json participant show colombie-2026 "chloe"
has '"name":"Chloé Nguyễn"'
has '"blood_group":"B-"'
expect 0 --json participant show colombie-2026 "jose"
has '"phone":"+57 310 555 0104"'
# The same file again: every name is already there, nothing doubled.
expect 1 participant import colombie-2026 participants.csv
has "participants.csv:2: \"Éloïse Bélanger-Côté\" is already a participant" err
check "still four participants" test "$(count colombie-2026)" = 4
has "--update" err

# The coordinator's newer spreadsheet (issue 13): --update matches each row to
# a participant by name (case and accents ignored), changes the fields the
# file fills, keeps what an empty cell leaves, adds the new people; the dry
# run shows every change field by field; all or nothing.
/usr/bin/python3 - "$T/participants.csv" "$T/mise-a-jour.csv" <<'PY'
import sys
t = open(sys.argv[1], encoding="utf-8-sig", newline="").read()
t = t.replace("418 555-0101;14/02/1991;AB123456;2031-05-30", "418 555-0199;14/02/1991;AB123456;2032-06-30")
t = t.replace("François;Lévesque;", "francois;LEVESQUE;")
t = t.replace("819-555-0103;22/07/1999;EF112233;", "819-555-0103;22/07/1999;;")
lines = t.split("\r\n")
lines = [l for l in lines if not l.startswith("José;")]
lines.insert(len(lines) - 1, "Maëlle;Tremblay;maelle.tremblay@exemple.qc.ca;438 555-0105;01/01/2001;IJ778899;2033-03-03;;;;;;;;Stagiaire;S")
open(sys.argv[2], "w", encoding="utf-8-sig", newline="").write("\r\n".join(lines))
PY
before=$(sums "$VIGIE_STORE/vigie.db")
LANG=fr_CA.UTF-8 LC_MESSAGES=fr_CA.UTF-8 expect 0 participant import colombie-2026 mise-a-jour.csv --update --dry-run
has "Changements que le fichier ferait :"
has "mise-a-jour.csv:2: Éloïse Bélanger-Côté: téléphone: +1 418 555 0101 -> +1 418 555 0199"
has "mise-a-jour.csv:2: Éloïse Bélanger-Côté: expiration du passeport: 2031-05-30 -> 2032-06-30"
hasnt "Lévesque:"
hasnt "Nguyễn:"
has "Essai : 1 serait ajouté·e à colombie-2026, 1 mis·e à jour, 2 inchangé·e·s; rien n'a été écrit."
check "an --update dry run writes nothing" test "$before" = "$(sums "$VIGIE_STORE/vigie.db")"
expect 0 --json participant import colombie-2026 mise-a-jour.csv --update --dry-run
has '"update":true,"to_add":1,"updated":1,"unchanged":2'
expect 0 participant import colombie-2026 mise-a-jour.csv --update
has "Changes made:"
has "colombie-2026: 1 added, 1 updated, 2 unchanged."
check "one person added, nobody removed" test "$(count colombie-2026)" = 5
expect 0 --json participant show colombie-2026 "eloise"
has '"phone":"+1 418 555 0199"'
has '"passport_expiry":"2032-06-30"'
has '"allergies":"Arachides; pénicilline (\"grave\")"'
expect 0 --json participant show colombie-2026 "francois"
has '"name":"François Lévesque"' # the stored spelling is kept
expect 0 --json participant show colombie-2026 "chloe"
has '"passport_number":"EF112233"' # an empty cell keeps the value
expect 0 --json participant show colombie-2026 "jose"
has '"name":"José Ramírez Peña"' # not in the newer sheet: kept
expect 0 --json participant show colombie-2026 "maelle"
has '"phone":"+1 438 555 0105"'
# the same file again: nothing to change
expect 0 participant import colombie-2026 mise-a-jour.csv --update
has "colombie-2026: 0 added, 0 updated, 4 unchanged."
# ambiguous: a renamed person (the passport of Chloé Nguyễn under another name)
sed 's/^Chloé;Nguyễn;chloe.nguyen@exemple.qc.ca;819-555-0103;22\/07\/1999;;/Chloé;Nguyễn-Tran;chloe.nt@exemple.qc.ca;819-555-0103;22\/07\/1999;EF112233;/' \
  mise-a-jour.csv >renomme.csv
sed -i 's/418 555-0199;14\/02\/1991/418 555-0177;14\/02\/1991/' renomme.csv
before=$(sums "$VIGIE_STORE/vigie.db")
expect 1 participant import colombie-2026 renomme.csv --update
has 'renomme.csv:5: "Chloé Nguyễn-Tran" has the passport number of participant "Chloé Nguyễn": the same person renamed?' err
has "nothing was imported" err
check "an ambiguous update writes nothing, not even the good rows" test "$before" = "$(sums "$VIGIE_STORE/vigie.db")"
# a person named twice in the file
/usr/bin/python3 -c 'import sys; t=open(sys.argv[1],encoding="utf-8-sig").read().split("\n"); t.insert(2,t[1]); open(sys.argv[2],"w",encoding="utf-8-sig").write("\n".join(t))' \
  mise-a-jour.csv double.csv
expect 1 participant import colombie-2026 double.csv --update
has 'is already on line 2 of the file' err
check "still five participants" test "$(count colombie-2026)" = 5

# English, commas, LF; then an ambiguous name lists the candidates.
expect 0 participant import stage-2026 "$FIX/participants-en.csv"
has "Full name -> name"
expect 0 --json participant show stage-2026 "marie-claude"
has '"allergies":"Shellfish, \"severe\""'
expect 1 participant show stage-2026 marie
has "Marie Tremblay; Marie-Claude Roy" err
expect 0 participant show stage-2026 "marie t"

# Windows-1252 (Excel's plain "CSV"), read with a warning.
expect 0 participant import stage-2026 "$FIX/participants-cp1252.csv"
has "Windows-1252" err
expect 0 --json participant show stage-2026 rejean
has '"name":"Réjean Bédard"'
has '"role":"Délégué"'

# --map for a header Vigie cannot guess; bad maps are refused.
printf 'Participant·e;Tél. cell. (perso);Passe\r\nRose Côté;418 555 0161;ZZ1\r\n' >odd.csv
expect 0 participant import stage-2026 odd.csv --dry-run --map "Tél. cell. (perso)=phone" --map "passe=passport_number"
has "Tél. cell. (perso) -> phone"
has "Passe -> passport_number"
expect 1 participant import stage-2026 odd.csv --map "Tél=phone"
has 'no column "Tél"' err
expect 1 participant import stage-2026 odd.csv --map "Passe=pointure"
has '"pointure" is not a field' err
expect 1 participant import stage-2026 odd.csv --map "Passe"

# Names unique in the file; no name column; empty and UTF-16 files.
printf 'Nom complet,Courriel\nAnne Roy,a@exemple.org\nANNE ROY,b@exemple.org\n\n,,\nLuc Roy,\n' >dup.csv
expect 1 participant import stage-2026 dup.csv
has 'dup.csv:3: "ANNE ROY" is already on line 2 of the file' err
printf 'Courriel;Téléphone\r\na@exemple.org;418 555 0100\r\n' >noname.csv
expect 1 participant import stage-2026 noname.csv
has "no column gives the name" err
: >empty.csv
expect 1 participant import stage-2026 empty.csv
has "empty" err
printf 'Nom complet\nA\n' | iconv -f UTF-8 -t UTF-16 >utf16.csv
expect 1 participant import stage-2026 utf16.csv
has "UTF-16" err
printf 'Nom complet;Allergies\r\nAnne;"pas fermé\r\n' >open.csv
expect 1 participant import stage-2026 open.csv
has "open.csv: line 2: a quoted cell is never closed" err
expect 1 participant import stage-2026 missing.csv
expect 1 participant import nope-2026 participants.csv
has 'no delegation "nope-2026"' err

# JSON report.
expect 0 --json participant import stage-2026 odd.csv --dry-run --map "Tél. cell. (perso)=phone"
has '"dry_run":true'
has '"rows":1'
has '"ignored":["\"Passe\": unknown column, ignored"]'
expect 1 --json participant import colombie-2026 mauvais.csv
has '"errors":["mauvais.csv:4: expiration du passeport'

# The coordinators' own headers (issue 13): Excel fr-CA, Windows-1252, the
# words they write; every column read, the fields no column fills listed.
cp "$FIX/participants-colombie-entetes.csv" entetes.csv
expect 0 delegation add colombie-2027 --name "Colombie" --country CO --start 2027-04-17 --end 2027-04-30
expect 0 participant import colombie-2027 entetes.csv --dry-run
for m in "Fonction -> role" "Téléphone cellulaire -> phone" "No passeport -> passport_number" \
  "Personne à joindre -> kin1_name" "Lien -> kin1_relation" \
  "Téléphone de la personne à joindre -> kin1_phone" "Tél. contact d’urgence 2 -> kin2_phone" \
  "Assurance voyage -> insurer" "No police -> policy_number"; do
  has "$m"
done
hasnt "unknown column" err
has "Left empty for every participant"
has "Blood group, Medical conditions"
hasnt "Emergency contact's phone,"
expect 0 --json participant import colombie-2027 entetes.csv --dry-run
has '"empty_fields":["pronouns","birth_date",'
OUT=$(LANG=fr_CA.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE= "$VIGIE" participant import colombie-2027 entetes.csv --dry-run 2>&1)
has "Laissés vides pour tout le monde"
expect 0 participant import colombie-2027 entetes.csv
expect 0 --json participant show colombie-2027 sylvie
has '"kin1_phone":"+1 514 555 0102"'
has '"kin2_phone":"+1 438 555 0103"'
has '"role":"Cheffe de délégation"'
has '"insurer":"Croix Bleue"'
# A column that looks like a field but is read as none stops even a dry run.
printf 'Nom complet;Telphone;Nom du contact;Numéro de membre\nAnne Roy;514 555 0101;Luc;3\n' >suspect.csv
expect 1 participant import colombie-2027 suspect.csv --dry-run
has 'suspect.csv:1: "Telphone" looks like a profile field (phone?)' err
has '--map "Telphone=phone"' err
has '"Nom du contact" looks like a profile field' err
has "2 columns look like profile fields but are not read" err
hasnt "Numéro de membre\" looks like" err
# --map takes a field as its key or its --option writes it, and lists them.
expect 0 participant import colombie-2027 suspect.csv --dry-run --map "Telphone=phone" \
  --map "Nom du contact=kin1-name"
has "Nom du contact -> kin1_name"
expect 0 participant import colombie-2027 suspect.csv --dry-run --map "Telphone=ignore" \
  --map "Nom du contact=kin1_name"
expect 1 participant import colombie-2027 suspect.csv --map "Telphone=telephone"
has '"telephone" is not a field' err
has 'passport_number, passport_issue, passport_expiry, kin1_name' err
has 'first_name, last_name, ignore' err

# One audit entry per participant and one for the import, no names.
expect 0 --json audit log
has "participant.import"
has "1 added, 1 updated, 2 unchanged"
has "phone passport_expiry"
hasnt "Éloïse"
hasnt "555 0199"
expect 0 check
finish
