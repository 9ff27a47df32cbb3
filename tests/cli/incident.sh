#!/usr/bin/env bash
# The incident register (issue 18), end to end: an emergency check-in opens an
# alert, the watch texts the coordinator through a real command channel, the
# alert becomes an incident that brings its history along, the coordinator
# logs her calls (in French), the matching risk is flagged until reviewed,
# the incident is closed with its post-incident report from a script's
# standard input; a sexual-violence incident is sealed until revealed at a
# terminal (audited); the participant's access export holds their incidents;
# the purge erases the narrative and keeps the anonymous history.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
PTY="$PY $(dirname "$0")/pty_run.py"
json() { $PY -c "import json,sys; d=json.loads(sys.argv[1]); $1" "$OUT"; }
new_store
S=colombie-2025
export VIGIE_NOW=2025-03-10T12:00:00Z
expect 0 delegation add $S --name "Délégation Colombie" --country CO --start 2025-03-01 --end 2025-03-30
expect 0 participant add $S --name "Amélie Tremblay" --retention-date 2025-06-30
expect 0 participant add $S --name "Jean Roy" --retention-date 2025-06-30
expect 0 participant add $S --name "Zoé Longue" --retention-date 2030-01-01
expect 0 checkin plan $S --daily 20:00 --grace 30
expect 0 risk seed $S --lang fr

# the watch's SMS channel: a command that keeps each message
cat >"$T/sms.sh" <<SH
#!/bin/sh
{ echo "TO \$1"; cat; } >> "$T/sms.txt"
SH
chmod +x "$T/sms.sh"
expect 0 notify add "Nadia Coordo" --role coordinator --phone "+1 514 555 0199"
expect 0 notify set sms.command "$T/sms.sh {to}"

# ---- an alert becomes an incident, with its history ----
VIGIE_NOW=2025-03-09T23:30:00Z expect 0 checkin log $S --participant amélie --where "Hôtel Cali"
expect 4 checkin log $S --participant amélie --status emergency --where "Cali, barrio San Antonio" \
  --note "on m'a volé mon sac"
VIGIE_NOW=2025-03-10T12:02:00Z expect 0 watch --once --interval 5m
check "the watch texted the coordinator" grep -q "TO +1 514 555 0199" "$T/sms.txt"
expect 0 --json checkin alerts $S
ALERT=$(json 'print(d["alerts"][0]["id"])')
expect 2 incident from-alert $S --category vol --severity 3                 # no alert named
expect 1 incident from-alert $S --participant jean --category vol --severity 3 # no alert open
expect 1 incident from-alert $S --participant amélie --category "pickpocket" --severity 3
expect 1 incident from-alert $S --participant amélie --category vol --severity 9
VIGIE_NOW=2025-03-10T12:10:00Z expect 0 --lang fr incident from-alert $S --participant amélie \
  --category vol --severity grave --region "Valle del Cauca" --witness "Jean Roy" \
  --involved "Carlos, chauffeur" --done "Amélie est rentrée à l'hôtel" \
  --help-needed "Remplacer son passeport"
has "Incident I1"
has "registre"  # the flagged risk, in French
expect 1 incident from-alert $S --alert "$ALERT" --category vol --severity 3 # already an incident
export VIGIE_NOW=2025-03-10T12:15:00Z
expect 0 --json incident show $S I1
check "from the alert: category, severity, region, people" json '
assert d["category"]=="robbery" and d["severity"]==3 and d["region"]=="Valle del Cauca", d
assert d["alert"]=='"$ALERT"', d
p=[(x["role"],x["name"],x["participant"]) for x in d["people"]]
assert p==[("affected","Amélie Tremblay",True),("witness","Jean Roy",True),("other","Carlos, chauffeur",False)], p
assert d["place"]=="Cali, barrio San Antonio", d["place"]'
check "the alert's history came along" json '
k=[e["kind"] for e in d["timeline"]]
assert "alert" in k and k.count("checkin")==2 and "report" in k, k
assert any("volé mon sac" in (e["text"] or "") for e in d["timeline"]), d["timeline"]'
check "the watch's SMS about Amélie is in the timeline, not those about the witness" json '
n=[e for e in d["timeline"] if e["kind"]=="notification"]
assert len(n)==1 and "Nadia Coordo" in n[0]["text"] and "Amélie T." in n[0]["text"] and n[0]["by"]=="watch", n'

# ---- the matching risk is flagged; readiness reports it until reviewed ----
expect 0 --json risk list $S
R=$(json 'print([r["id"] for r in d["risks"] if r["category"]=="crime"][0])')
check "the crime risk is flagged by I1" json '
f=[r for r in d["risks"] if r.get("review_incident")]
assert [(r["category"],r["review_incident"]) for r in f]==[("crime","I1")], f'
run delegation ready $S
has "incident I1"
expect 0 risk edit $S "$R" --likelihood 4 --impact 3 --residual-likelihood 3 --residual-impact 2
run delegation ready $S
hasnt "incident I1"

# ---- the timeline: timed, attributed, in French ----
VIGIE_NOW=2025-03-10T12:20:00Z expect 0 --lang fr incident log $S I1 appel \
  "Ambassade du Canada, 7 h 15 : pas de réponse" --at "2025-03-10 07:15" --by "Nadia Coordo"
has "appel"
VIGIE_NOW=2025-03-10T12:20:00Z expect 0 incident log $S I1 décision "Retour à Bogotá demain" 
VIGIE_NOW=2025-03-10T12:20:00Z expect 0 incident log $S i1 informé "Conseil d'administration"
expect 2 incident log $S I1 prière "texte"
expect 1 incident log $S I1 note "demain" --at "2025-03-11 09:00"
expect 1 incident log $S I7 note "x"
expect 0 --json incident show $S I1
check "entries in time order, attributed" json '
t=[(e["at"],e["kind"],e["by"]) for e in d["timeline"] if e["kind"] in ("call","decision","informed")]
assert t[0]==("2025-03-10T12:15:00Z","call","Nadia Coordo"), t
assert [x[1] for x in t]==["call","decision","informed"], t
ats=[e["at"] for e in d["timeline"]]; assert ats==sorted(ats), ats'
expect 0 --lang fr incident show $S I1
has "Ambassade du Canada, 7 h 15"
has "Chronologie"

# ---- closing: the post-incident report from a script's standard input ----
expect 2 incident close $S I1 --causes "x"   # the other answers are missing
OUT=$(printf 'Trajet de nuit non autorisé\nen partie\nRappel de la règle des trajets\nDébriefing et soutien psychologique offerts\n' |
  VIGIE_NOW=2025-03-12T15:00:00Z "$VIGIE" incident close $S I1 --procedures-note "trajet de nuit" 2>&1); RC=$?
check "close from standard input ($OUT)" test "$RC" = 0
expect 1 incident close $S I1 --causes a --procedures yes --changes b --support c
expect 1 incident log $S I1 note "trop tard"
expect 0 --json incident show $S I1
check "the post-incident report" json '
r=d["report"]; assert r["causes"]=="Trajet de nuit non autorisé" and r["procedures_followed"]=="partly", r
assert r["support"].startswith("Débriefing") and r["changes"].startswith("Rappel"), r'
expect 1 incident close $S I1 --procedures peut-être --causes a --changes b --support c

# ---- sealed: sexual violence ----
VIGIE_NOW=2025-03-11T02:00:00Z expect 0 incident add $S --category "violence sexuelle" --severity 4 \
  --what "Agression lors d'une soirée" --affected "Zoé" --place "Hôtel Secreto" \
  --region "Valle del Cauca" --done "Accompagnée à la clinique"
has "sealed"
VIGIE_NOW=2025-03-11T02:30:00Z expect 0 incident log $S I2 appel "Clinique Valle, rendez-vous pris"
expect 0 incident show $S I2
hasnt "Agression"
hasnt "Zoé"
hasnt "Hôtel Secreto"
hasnt "Clinique Valle"
expect 0 --json incident show $S I2
check "sealed in JSON" json '
assert d["sealed"] and d["what"] is None and d["place"] is None and d["people"][0]["name"] is None, d
assert d["region"]=="Valle del Cauca" and d["category"]=="sexual-violence"'
expect 0 incident list $S
hasnt "Zoé"
expect 5 incident show $S I2 --reveal   # no terminal
OUT=$($PTY "Passphrase again" "not the passphrase at all" -- "$VIGIE" incident show $S I2 --reveal 2>&1); RC=$?
check "a wrong passphrase reveals nothing" test "$RC" = 5
hasnt "Agression"
OUT=$($PTY "Passphrase again" "$VIGIE_PASSPHRASE" -- "$VIGIE" incident show $S I2 --reveal 2>&1); RC=$?
check "reveal at a terminal" test "$RC" = 0
has "Agression lors d'une soirée"
has "Zoé Longue"
has "Clinique Valle"
expect 0 audit log
has "incident.reveal_refused"
has "incident.reveal "
hasnt "Agression"

# ---- the person's access export holds their incidents ----
expect 0 participant export-data $S zoé
check "export-data: the sealed incident, opened for its person" json '
i=d["incidents"]; assert len(i)==1 and i[0]["what"]=="Agression lors d'"'"'une soirée" and i[0]["role"]=="affected", i'
expect 0 participant export-data $S amélie
check "export-data: no other person's name" json '
i=d["incidents"]; assert len(i)==1 and i[0]["category"]=="robbery"
assert "Carlos" not in json.dumps(d) and "Jean Roy" not in json.dumps(d)'

# ---- purge: the narrative goes with the people, the history stays ----
VIGIE_NOW=2025-07-02T12:00:00Z expect 0 purge --expired --yes
expect 0 --json incident show $S I1
check "I1 purged: narrative and names erased, counts kept" json '
assert d["purged"] and d["what"] is None and d["place"] is None and d["done"] is None, d
assert all(p["name"] is None for p in d["people"]), d["people"]
assert all(e["text"] is None for e in d["timeline"] if e["kind"]!="notification"), d["timeline"]
assert d["category"]=="robbery" and d["severity"]==3 and d["region"]=="Valle del Cauca"
assert d["report"]["causes"] is None and d["report"]["procedures_followed"]=="partly"'
expect 0 --json incident show $S I2
check "I2 kept: Zoé is kept until 2030" json 'assert not d["purged"] and d["sealed"]'
expect 0 incident list
has "I2"

# ---- help, in both languages ----
for v in add from-alert log list show close; do
  expect 0 incident $v --help
  expect 0 --lang fr incident $v --help
done
has "fermer"
finish
