#!/usr/bin/env bash
# vigie export delegation: the three profiles hold exactly their fields,
# read back with openpyxl (every cell of every sheet, and every part of the
# zip), in CSV and JSON too; files private, never replaced without --force;
# LibreOffice opens each workbook.
. "$(dirname "$0")/lib.sh"
X="/usr/bin/python3 $VIGIE_SOURCE_DIR/tests/tools/xlsx_check.py"
FIXTURE="$VIGIE_BUILD_DIR/tests/vigie_fixture"
new_store
"$FIXTURE" delegation colombie-2025 || { echo "fixture failed" >&2; exit 1; }
O=$T/out
mkdir -p "$O"

# What no board document may hold: the participants' names, phones,
# e-mails, passports, birth dates, medical and insurance details, their
# next of kin, and the contacts' names, phones and e-mails.
PERSONAL=("Tremblay" "Côté" "Bérubé" "Ngozi" "Muñoz" "Gilles" "Louise" "Annie Bérubé" "Chidi"
  "+1 418 555 0147" "+1 514 555 0182" "+1 819 555 0134" "+57 300 555 0191" "+1 418 555 0199"
  "+57 312 555 0148" "+1 800 555 0111" "fictive@example.org" "fictif@example.org"
  "ficticio@example.org" "HK482913" "GL337104" "AB902817"
  "CO1183920" "1987-04-12" "1992-11-30" "pénicilline" "arachides" "asthme" "diabète"
  "insuline" "salbutamol" "POL-778812" "Assurance Fictive" "Calle 10" "Carlos Pérez"
  "+57 602 555 0110" "préfère être appelée")

for p in board team coordinator; do
  expect 0 --lang fr export delegation colombie-2025 --profile "$p" --output "$O/$p.xlsx"
  has "$O/$p.xlsx"
  has "n'est pas chiffré" err
  check "$p workbook is private (0600)" test "$(stat -c %a "$O/$p.xlsx")" = 600
done
check "no temporary file left beside the exports" test "$(ls -A "$O" | wc -l)" = 3
check "no temporary folder left in the store" test -z "$(ls -A "$VIGIE_STORE" | grep -v '^vigie\.')"

# Sheets in the --lang language, in order.
OUT=$($X sheets "$O/board.xlsx")
has "Sommaire"
has "Participant·e·s"
has "Contacts d'urgence"
has "À propos"
OUT=$($X sheets "$O/board.xlsx" | head -1)
check "Summary is the first sheet" test "$OUT" = "Sommaire"

# board: none of it, in any cell or any part of the file
OUT=$($X find "$O/board.xlsx" "${PERSONAL[@]}")
check "board workbook holds no personal data: $OUT" test -z "$OUT"
OUT=$($X rows "$O/board.xlsx" "Participant·e·s")
has "participant	2"
has "cheffe d'équipe	1"
has "Total	4"

# team: names, phones, next of kin, blood group, allergies, assistance
# number; no passport numbers, birth dates, e-mails, notes, other medical
OUT=$($X find "$O/team.xlsx" "Marie-Ève Tremblay-Côté" "+1 418 555 0147" "Gilles Côté-Fictif" \
  "pénicilline" "+1 800 555 0111")
for v in "Participant·e·s!A2: Marie-Ève" "Participant·e·s!C2: +1 418 555 0147" \
  "Gilles Côté-Fictif" "pénicilline" "+1 800 555 0111"; do has "$v"; done
OUT=$($X find "$O/team.xlsx" HK482913 GL337104 1987-04-12 1992-11-30 \
  marie-eve.fictive@example.org jf.berube.fictif@example.org luis.ficticio@example.org \
  "préfère être appelée" diabète insuline POL-778812)
check "team workbook holds no passport, birth date, e-mail, note: $OUT" test -z "$OUT"
OUT=$($X rows "$O/team.xlsx" "Participant·e·s" 1)
has "Groupe sanguin"
hasnt "Passeport"
hasnt "naissance"

# coordinator: everything but proof of life (neither questions nor answers)
OUT=$($X find "$O/coordinator.xlsx" HK482913 diabète "préfère être appelée" POL-778812)
for v in HK482913 diabète "préfère être appelée" POL-778812; do has "$v"; done
POL=("Moustache-Zéphyr-71" "Kamouraska-Ouest-42" "Tourtière-Galactique-9" "premier chat"
  "grand-père" "Plat préféré")
for p in board team coordinator; do
  OUT=$($X find "$O/$p.xlsx" "${POL[@]}")
  check "$p workbook holds no proof of life: $OUT" test -z "$OUT"
done

# readiness in the summary: its result for all, the people concerned only
# for the coordinator
OUT=$($X rows "$O/board.xlsx" Sommaire)
has "Prête à partir : non"
has "incomplet pour 2 sur 4"
OUT=$($X rows "$O/coordinator.xlsx" Sommaire)
has "Ngozi Adébáyọ̀ Fictive: aucun assureur"

# phone numbers and ids are text cells, dates are dates
OUT=$($X column "$O/coordinator.xlsx" "Participant·e·s" "Téléphone")
has "2	s	+1 418 555 0147"
hasnt "	n	"
OUT=$($X column "$O/coordinator.xlsx" "Participant·e·s" "Numéro de passeport")
has "2	s	HK482913"
OUT=$($X column "$O/coordinator.xlsx" "Participant·e·s" "Date de naissance")
has "2	d	1987-04-12 00:00:00"
OUT=$($X layout "$O/coordinator.xlsx" "Participant·e·s")
has "freeze	A2"
has "autofilter	A1:"
OUT=$($X props "$O/coordinator.xlsx")
has "title	Dossier de risques : Délégation syndicale Colombie 2025"
has "subject	colombie-2025"

# Emergency contacts: the board sees roles only; everyone sees Canada's line
OUT=$($X rows "$O/board.xlsx" "Contacts d'urgence")
has "partenaire local	1"
has "+1 613 996 8885"
check "Canada's line once, from the guide" test "$(echo "$OUT" | grep -c "+1 613 996 8885")" = 2
OUT=$($X rows "$O/team.xlsx" "Contacts d'urgence")
has "Carlos Pérez"
has "+57 602 555 0110"
OUT=$($X rows "$O/coordinator.xlsx" "À propos")
has "Profil	coordination" # the profile named in the document's language
has "Empreinte du coffre"

# Check-ins: the protocol for all; the log in full for team and coordinator,
# counted by day for the board; the duress procedure only for the coordinator
OUT=$($X sheets "$O/board.xlsx")
has "Protocole de check-in"
has "Journal des check-ins"
OUT=$($X rows "$O/board.xlsx" "Journal des check-ins")
has "2025-03-01 00:00:00	"
hasnt "pneu crevé"
hasnt "Cali"
OUT=$($X rows "$O/team.xlsx" "Journal des check-ins")
has "Marie-Ève Tremblay-Côté	ok	Cali	Signal"
has "Jean-François Bérubé	aide	Santander de Quilichao	Signal	pneu crevé sur la route de Popayán"
OUT=$($X column "$O/team.xlsx" "Journal des check-ins" "Quand (America/Bogota)")
has "2	d	2025-03-01 08:00:00"
OUT=$($X rows "$O/team.xlsx" "Protocole de check-in")
has "Check-ins quotidiens	08:00, 20:00"
has "T+30 min"
has "+1 613 996 8885"
hasnt "contrainte"
OUT=$($X rows "$O/coordinator.xlsx" "Protocole de check-in")
has "contrainte"
# A check-in made under duress is never a plain "ok" for the coordinator,
# and never shown as such to the field
OUT=$($X rows "$O/coordinator.xlsx" "Journal des check-ins")
has "ok, fait sous CONTRAINTE (coordination seulement)"
OUT=$($X rows "$O/team.xlsx" "Journal des check-ins")
hasnt "CONTRAINTE"
# Alerts and lateness with their resolution notes; counts by kind for the board
OUT=$($X rows "$O/coordinator.xlsx" "Alertes et retards")
has "aide"
has "Fausse alerte : pneu réparé, route reprise"
has "contrainte"
has "Retards de check-in"
OUT=$($X rows "$O/team.xlsx" "Alertes et retards")
has "Fausse alerte : pneu réparé, route reprise"
hasnt "contrainte	"
has "seulement dans le profil de la coordination"
OUT=$($X rows "$O/board.xlsx" "Alertes et retards")
has "aide	1	0"
has "contrainte	1	1"
hasnt "Fausse alerte"
hasnt "Bérubé"

# Risk register, heat map and guide: formulas with their values, colours by band
OUT=$($X sheets "$O/board.xlsx")
check "sheets in order" test "$(echo "$OUT" | tr '\n' '|')" = \
  "Sommaire|Participant·e·s|Contacts d'urgence|Registre des risques|Carte de chaleur|Protocole de check-in|Journal des check-ins|Alertes et retards|Guide pays|À propos|"
OUT=$($X rows "$O/board.xlsx" "Registre des risques" 1)
has "Risque	Menace	Scénario	Où	Plus exposé·e·s	Probabilité	Impact	Cote inhérente	Niveau inhérent"
OUT=$($X cell "$O/board.xlsx" "Registre des risques" H2)
has "n	12	"
has "=F2*G2"
OUT=$($X layout "$O/board.xlsx" "Registre des risques")
has "conditional	H2:H10	cellIs	between	10,16"
has "conditional	N2:N10	cellIs	between	17,25"
has "freeze	A2"
OUT=$($X rows "$O/coordinator.xlsx" "Registre des risques")
has "Coordination Fictive-Lavoie"
has "Directrice Fictive-Gauthier"
has "• Déplacements de jour seulement\n• Chauffeur du partenaire"
OUT=$($X find "$O/board.xlsx" "Fictive-Lavoie" "Fictive-Gauthier")
check "board workbook names no risk owner or approver: $OUT" test -z "$OUT"
OUT=$($X rows "$O/board.xlsx" "Carte de chaleur")
has "Risques inhérents (avant les mesures)"
has "3 Possible	0	0	1	2	1"
has "2 Improbable	0	0	1	0	0"
OUT=$($X cell "$O/board.xlsx" "Carte de chaleur" F8)
has "=COUNTIFS('Registre des risques'!\$F:\$F,3,'Registre des risques'!\$G:\$G,5)"
has "FFF8CBAD"
OUT=$($X rows "$O/board.xlsx" Sommaire)
has "Conseils aux voyageurs du Canada"
has "Évitez tout voyage"
has "Élevé	10-16	6	0"
has "Principaux risques"
OUT=$($X rows "$O/board.xlsx" "Contacts d'urgence")
has "Ligne d'urgence unique	123	vérifié"
has "+57 601 657 9800"
OUT=$($X rows "$O/board.xlsx" "Guide pays")
has "Guide pays : Colombie"
has "Sources"

# never replaced without --force; replaced with it
before=$(sums "$O/team.xlsx")
expect 1 export delegation colombie-2025 --profile board --output "$O/team.xlsx"
has "already exists" err
check "the existing file is untouched" test "$(sums "$O/team.xlsx")" = "$before"
expect 0 export delegation colombie-2025 --profile board --output "$O/team.xlsx" --force
OUT=$($X find "$O/team.xlsx" "Tremblay")
check "--force replaced it with the board profile" test -z "$OUT"

# CSV (a folder, BOM, CRLF) and JSON hold the same content, and the board's none
expect 0 --lang fr export delegation colombie-2025 --profile board --format csv --output "$O/board-csv"
check "CSV folder is private" test "$(stat -c %a "$O/board-csv")" = 700
OUT=$($X findtree "$O/board-csv" "${PERSONAL[@]}")
check "board CSV holds no personal data: $OUT" test -z "$OUT"
expect 0 --lang fr export delegation colombie-2025 --profile team --format csv --output "$O/team-csv"
OUT=$(head -c 3 "$O/team-csv/02-participantes.csv" | od -An -tx1)
has "ef bb bf"
OUT=$(cat "$O/team-csv/02-participantes.csv")
has $'\r\nMarie-Ève Tremblay-Côté;cheffe d\'équipe;+1 418 555 0147;'
expect 0 export delegation colombie-2025 --profile board --output "$O/board.json"
OUT=$($X findtree "$O/board.json" "${PERSONAL[@]}")
check "board JSON holds no personal data: $OUT" test -z "$OUT"
expect 0 export delegation colombie-2025 --profile coordinator --format json --output "$O/c.data"
OUT=$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
s=[x for x in d["sheets"] if x["key"]=="participants"][0]
print(s["tables"][0]["rows"][0]["passport_number"], s["tables"][0]["rows"][0]["birth_date"])' "$O/c.data")
has "HK482913 1987-04-12"

# usage and errors
expect 2 export delegation colombie-2025 --output "$O/x.xlsx" --profile everyone
expect 2 export delegation colombie-2025
expect 2 export delegation colombie-2025 --output "$O/x.xlsx" --format ods
expect 1 export delegation nowhere-2025 --output "$O/x.xlsx"
check "nothing written for a failed export" test ! -e "$O/x.xlsx"

# audited, without the path
expect 0 --json audit log
has "export.delegation"
has "profile=coordinator format=xlsx"
hasnt "$O"

# a real spreadsheet program opens each workbook
check "LibreOffice opens the three workbooks" bash "$VIGIE_SOURCE_DIR/tests/tools/lo_pdf.sh" \
  "$T/pdf" "$O/board.xlsx" "$O/team.xlsx" "$O/coordinator.xlsx"
OUT=$(pdftotext "$T/pdf/coordinator.pdf" - 2>/dev/null)
has "Délégation syndicale Colombie 2025"
finish
