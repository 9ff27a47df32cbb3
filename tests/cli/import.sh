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
hasnt "Éloïse"
expect 0 check
finish
