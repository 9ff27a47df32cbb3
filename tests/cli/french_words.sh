#!/usr/bin/env bash
# The words a French-speaking coordinator types and reads (issue 13): on a
# French-Canadian desktop (LANG=fr_CA.UTF-8, messages included), export
# profiles, guide sections and --kdf costs are accepted in French and in
# English and shown back in French; the stored values (JSON, audit) stay
# language-neutral; the CSV files are named in the user's language; the
# unencrypted-file warning and the audit log read in French. The same commands under
# --lang en answer in English.
. "$(dirname "$0")/lib.sh"
X="/usr/bin/python3 $VIGIE_SOURCE_DIR/tests/tools/xlsx_check.py"
FIXTURE="$VIGIE_BUILD_DIR/tests/vigie_fixture"
unset LC_ALL LC_MESSAGES LANGUAGE
export LANG=fr_CA.UTF-8
O=$T/out
mkdir -p "$O"

# --kdf in French: the store is made, key list names the cost in French
expect 0 init --kdf interactif --recovery-key-file "$T/recovery.txt"
expect 0 key list
has "(interactif)"
hasnt "(interactive)"
expect 0 --lang en key list
has "(interactive)"
export VIGIE_NEW_PASSPHRASE="une autre phrase de passe assez longue"
expect 0 key add --label "Modérée" --kdf MODÉRÉ
expect 0 key list
has "(modéré)"
# both forms, any case, accents or not
expect 0 key add --label "deux" --kdf Interactive
expect 0 key add --label "trois" --kdf modere
unset VIGIE_NEW_PASSPHRASE
# a wrong cost: usage error that lists the French words
expect 2 key add --label "x" --kdf lent
has "« lent » n'est ni interactif, ni modéré, ni sensible" err
expect 2 --lang en key add --label "x" --kdf lent
has "\"lent\" is not interactive, moderate or sensitive" err

"$FIXTURE" delegation colombie-2025 || { echo "fixture failed" >&2; exit 1; }

# export profiles: French names accepted, shown in French
expect 0 export delegation colombie-2025 --profile équipe --output "$O/equipe.xlsx"
has "profil équipe" # Wrote ... (xlsx, profil équipe).
has "« $O/equipe.xlsx » n'est pas chiffré. Son contenu : " err
has "le profil « équipe » est destiné" err
hasnt "team" err
OUT=$($X rows "$O/equipe.xlsx" "À propos")
has $'Profil\téquipe'
expect 0 export delegation colombie-2025 --profile Conseil --output "$O/ca.xlsx"
has "profil conseil"
OUT=$($X rows "$O/ca.xlsx" "Sommaire" 3)
has "profil conseil"
expect 0 export delegation colombie-2025 --profile CA --output "$O/ca2.xlsx"
expect 0 export delegation colombie-2025 --profile coordination --output "$O/coord.xlsx"
has "profil coordination"
# the English names still work, and are shown in French
expect 0 export delegation colombie-2025 --profile team --output "$O/team.xlsx"
has "profil équipe"
# JSON keeps the language-neutral name; so does the audit log's detail
expect 0 --json export delegation colombie-2025 --profile équipe --output "$O/e2.xlsx"
has '"profile":"team"'
expect 0 --json audit log --last 1
has '"detail":"profile=team format=xlsx"'
# a wrong name lists the French ones
expect 2 export delegation colombie-2025 --profile direction --output "$O/x.xlsx"
has "--profile : « direction » (conseil, équipe, coordination)" err
# in English, English
expect 0 --lang en export delegation colombie-2025 --profile équipe --output "$O/t2.xlsx"
has "profile team"
has "the team profile is for" err
expect 2 --lang en export delegation colombie-2025 --profile direction --output "$O/x.xlsx"
has "(board, team, coordinator)" err

# guide sections: the French short names and headings work; the error and
# an ambiguity name the sections in French
expect 0 guide show CO --section avertissements
has "Niveaux d'avertissement"
hasnt "Santé"
expect 0 guide show CO --section santé
has "Santé"
expect 0 guide show CO --section Déplacements
expect 0 guide show CO --section urgence
expect 0 guide show CO --section advisory
has "Niveaux d'avertissement"
expect 2 guide show CO --section météo
has "aucune section « météo » (aperçu, avertissements, sécurité, santé, déplacements, communications, entrée, urgence, sources)" err
expect 2 guide show CO --section s
has "est ambiguë : sécurité, santé" err
expect 2 --lang en guide show CO --section weather
has "(overview, advisory, security, health, getting-around" err

# the audit log: stored as language-neutral codes (--json), read in the
# user's language (French here, English with --lang en)
expect 0 participant edit colombie-2025 Marie --phone "+1 418 555 0100" --allergies "aucune"
expect 0 --json audit log
has '"action":"participant.edit"'
has '"detail":"phone allergies"'
has '"action":"store.init"'
hasnt "participant·e modifié·e"
expect 0 audit log
has "coffre créé"
has "délégation créée"
has "participant·e modifié·e"
has "modifié : Téléphone, Allergies"
has "dossier de risques exporté"
has "profil équipe, xlsx"
has "contact ajouté"
has "rôle : ambassade"
has "alerte ouverte"
has "(contrainte)"
has "check-in consigné"
has ": aide, saisi à la main"
hasnt "participant.edit"
hasnt "export.delegation"
hasnt "profile=team"
expect 0 --lang en audit log
has "store created"
has "participant edited"
has "changed: Phone, Allergies"
has "risk file exported"
has "profile team, xlsx"
has "role: embassy"
has "(duress)"
hasnt "participant.edit"
hasnt "coffre"

# CSV files named in the user's language
expect 0 export delegation colombie-2025 --profile équipe --format csv --output "$O/csv-fr"
OUT=$(ls "$O/csv-fr")
has "02-participantes.csv"
has "04-registre-des-risques.csv"
has "03-contacts-d-urgence.csv"
has "07-journal-des-check-ins.csv"
has "09-guide-pays.csv"
hasnt "risk"
hasnt "_"
check "the French participants file opens with its header" \
  grep -q "^.*Nom;" "$O/csv-fr/02-participantes.csv"
expect 0 --lang en export delegation colombie-2025 --profile team --format csv --output "$O/csv-en"
OUT=$(ls "$O/csv-en")
has "02-participants.csv"
has "04-risk-register.csv"
has "07-check-in-log.csv"
hasnt "registre"
finish
