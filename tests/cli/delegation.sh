#!/usr/bin/env bash
# Delegations and contacts: validation, zones, list/show/edit/close, JSON.
. "$(dirname "$0")/lib.sh"
new_store

expect 0 delegation add colombie-2026 --name "Délégation syndicale en Colombie" --country co \
  --start 2026-03-01 --end 2026-03-15 --region Cauca --region "Bogotá" --lead "Geneviève Côté"
has "colombie-2026"
has "America/Bogota"
# Cauca is at advisory level 4: said at once; Bogotá is at the country's level
has "warning: Cauca is at advisory level 4 (Avoid all travel): Cauca (department)" err
hasnt "Bogotá" err
# Mexico has several zones: the capital's by default, another one with --tz.
expect 0 delegation add mexique-2026 --name "Stage au Mexique" --country MX --start 2026-05-01 --end 2026-07-31
has "America/Mexico_City"
expect 0 delegation add cancun-2026 --name "Stage à Cancún" --country MX --tz America/Cancun \
  --start 2026-05-01 --end 2026-07-31
has "America/Cancun"
expect 0 --json delegation add haiti-2026 --name "Mission Haïti" --country HT --start 2026-02-01 --end 2026-02-14
has '"tz":"America/Port-au-Prince"'
has '"country":"HT"'

# Refused, and nothing is written.
before=$("$VIGIE" delegation list --json)
expect 1 delegation add colombie-2026 --name X --country CO --start 2026-03-01 --end 2026-03-15
has "already exists" err
expect 1 delegation add Colombie-2026 --name X --country CO --start 2026-03-01 --end 2026-03-15
has "lowercase letters" err
expect 1 delegation add bad-- --name X --country CO --start 2026-03-01 --end 2026-03-15
expect 1 delegation add x-2026 --name X --country ZZ --start 2026-03-01 --end 2026-03-15
has "ISO 3166" err
expect 1 delegation add x-2026 --name X --country CO --start 2026-03-15 --end 2026-03-01
has "before the start" err
expect 2 delegation add x-2026 --name X --country CO --start 2026-02-30 --end 2026-03-01
has "2026-02-30" err
expect 1 delegation add x-2026 --name X --country CO --tz America/Lima --start 2026-03-01 --end 2026-03-15
has "America/Lima" err
expect 1 delegation add x-2026 --name X --country CO --tz Mars/Olympus --start 2026-03-01 --end 2026-03-15
has "unknown time zone" err
expect 1 delegation add x-2026 --name X --country BR --start 2026-03-01 --end 2026-03-15
has "--tz" err
expect 2 delegation add x-2026 --country CO --start 2026-03-01 --end 2026-03-15
check "refused additions wrote nothing" test "$before" = "$("$VIGIE" delegation list --json)"

# Regions are checked against the country guide (issue 13): a misspelt or
# unknown region is refused with suggestions, accents and case ignored; a
# municipality or subregion the guide knows resolves to its department and
# its advisory level is said; the guide's spelling is stored.
before=$("$VIGIE" delegation list --json)
expect 1 delegation add co-typo --name X --country CO --start 2026-03-01 --end 2026-03-15 --region Caucca
has '"Caucca" is not a region the CO guide knows (did you mean: Cauca' err
check "an unknown region writes nothing" test "$before" = "$("$VIGIE" delegation list --json)"
LANG=fr_CA.UTF-8 LC_MESSAGES=fr_CA.UTF-8 expect 1 delegation add co-typo --name X --country CO --start 2026-03-01 --end 2026-03-15 \
  --region Bogota --region "Norte de Santander (Catatumbo)"
has "« Norte de Santander (Catatumbo) » n'est pas une région que le guide CO connaît" err
expect 1 delegation add co-typo --name X --country CO --start 2026-03-01 --end 2026-03-15 --region Zzyzx
has "give the department or state it is in" err
LANG=fr_CA.UTF-8 LC_MESSAGES=fr_CA.UTF-8 expect 0 delegation add co-nord --name X --country CO --start 2026-03-01 --end 2026-03-15 \
  --region CATATUMBO --region tibu --region "cucuta" --region barrancabermeja
has "Tibú (Norte de Santander) est au niveau d'avis 4 (Évitez tout voyage) : Norte de Santander (département)" err
has "Catatumbo (Norte de Santander) est en partie dans une zone au niveau d'avis 4" err
has "Cúcuta (Norte de Santander) est au niveau d'avis 3" err
hasnt "Barrancabermeja" err
expect 0 --json delegation show co-nord
has '"regions":["Catatumbo","Tibú","Cúcuta","Barrancabermeja"]'
# the risk list and the readiness check see Tibú's level 4 (it was missed before)
expect 0 risk list co-nord
has "level 4, Avoid all travel: Norte de Santander (department) (the delegation goes to Catatumbo)"
# edit checks the same way
expect 1 delegation edit co-nord --region "Popayan" --region "Caucca"
has "did you mean: Cauca" err
expect 0 --json delegation show co-nord
has '"regions":["Catatumbo","Tibú","Cúcuta","Barrancabermeja"]'
expect 0 delegation edit co-nord --region popayan
has "Popayán (Cauca) is at advisory level 3" err
expect 0 --json delegation show co-nord
has '"regions":["Popayán"]'
# Mexico: a state's part (Guanajuato's highway zone) is "partly"; León is in it
expect 0 delegation add mx-leon --name X --country MX --start 2026-03-01 --end 2026-03-15 --region leon --region Guanajuato
has "León (Guanajuato) is at advisory level 3" err
has "Guanajuato is partly in an area at advisory level 3" err
expect 1 delegation add ht-x --name X --country HT --start 2026-03-01 --end 2026-03-15 --region Gresier
has "did you mean: Gressier" err

# A country without a guide: accepted, with a warning.
expect 0 delegation add perou-2026 --name "Pérou" --country PE --start 2026-08-01 --end 2026-08-15
has "America/Lima"
has "no country guide for PE" err

expect 0 delegation list
has "Délégation syndicale en Colombie"
has "haiti-2026"
check "list: by start date" bash -c "grep -n 'haiti-2026\|colombie-2026' <<<\"\$1\" | head -1 | grep -q haiti" _ "$OUT"
expect 0 --json delegation list
has '"slug":"cancun-2026"'
has '"regions":["Cauca","Bogotá"]'
expect 0 delegation show colombie-2026
has "Geneviève Côté"
has "Cauca, Bogotá"
expect 1 delegation show nope-2026
has "no delegation \"nope-2026\"" err

# Edit: the slug stays; a country change takes its zone.
expect 0 delegation edit colombie-2026 --name "Délégation Colombie" --region Antioquia --end 2026-03-20
expect 0 --json delegation show colombie-2026
has '"name":"Délégation Colombie"'
has '"regions":["Antioquia"]'
has '"end":"2026-03-20"'
has '"lead":"Geneviève Côté"'
expect 0 delegation edit perou-2026 --country HT
expect 0 --json delegation show perou-2026
has '"tz":"America/Port-au-Prince"'
expect 1 delegation edit perou-2026 --end 2026-07-01
has "before the start" err
expect 2 delegation edit perou-2026
expect 0 delegation edit colombie-2026 --lead ""
expect 0 --json delegation show colombie-2026
has '"lead":null'

# Close and reopen.
expect 0 delegation close haiti-2026
expect 0 delegation list
check "a closed delegation is listed last" bash -c "tail -1 <<<\"\$1\" | grep -q 'haiti-2026.*closed'" _ "$OUT"
expect 0 delegation edit haiti-2026 --reopen
expect 0 --json delegation show haiti-2026
has '"closed":false'
expect 1 delegation close nope-2026

# Contacts: roles, phones in international form, ambiguity refused.
expect 0 contact add colombie-2026 --name "Ambassade du Canada à Bogotá" --role embassy \
  --phone "+57 601 6579800" --email "BGOTA@international.gc.ca" --note "Carrera 7 # 114-33"
has "+57 601 657 9800"
expect 1 contact add colombie-2026 --name "Partenaire" --role partner --phone "601 657 9800"
has "could be North American or Colombian" err
expect 0 contact add colombie-2026 --name "Partenaire syndical" --role partner --phone "+57 310 555 0100"
expect 0 contact add haiti-2026 --name "Hôpital" --role emergency-service --phone "2229 8000"
has "+509 22 29 8000"
expect 1 contact add colombie-2026 --name "X" --role friend --phone "+57 310 555 0100"
has "not a contact role" err
expect 1 contact add colombie-2026 --name "X" --role other --phone "12"
expect 1 contact add colombie-2026 --name "X" --role other --phone "+57 310 555 0100" --email "pas-un-courriel"
has "e-mail" err
expect 2 contact add colombie-2026 --name "X" --role other
expect 1 contact add nope-2026 --name "X" --role other --phone "+57 310 555 0100"
expect 0 contact list colombie-2026
has "Ambassade du Canada à Bogotá"
has "Partenaire syndical"
hasnt "Hôpital"
expect 0 --json contact list colombie-2026
has '"role":"embassy"'
has '"phone":"+57 601 657 9800"'
has '"email":"BGOTA@international.gc.ca"'
has '"from_guide":false'

# Editing and removing a contact (issue 13): by name (accents, case, a unique
# start) or by number; validated as add validates; audited by field names;
# remove asks, or takes --yes; nothing changes when refused.
LANG=fr_CA.UTF-8 LC_MESSAGES=fr_CA.UTF-8 expect 0 contact edit colombie-2026 "partenaire synd" --phone "+57 310 555 0199" \
  --role hébergement --note "Hôtel Tequendama"
has "Contact de colombie-2026 enregistré : Partenaire syndical (hébergement), +57 310 555 0199."
expect 0 --json contact list colombie-2026 --own
has '"name":"Partenaire syndical","role":"accommodation","phone":"+57 310 555 0199","email":null,"note":"Hôtel Tequendama"'
id=$(python3 -c 'import json,sys; print([c["id"] for c in json.loads(sys.argv[1]) if c["name"]=="Partenaire syndical"][0])' "$OUT")
expect 0 --json contact edit colombie-2026 "$id" --note "" --email "reception@hotel.example"
has '"email":"reception@hotel.example","note":null'
before=$("$VIGIE" --json contact list colombie-2026 --own)
expect 1 contact edit colombie-2026 "Partenaire" --phone "601 657 9800"
has "could be North American or Colombian" err
expect 1 contact edit colombie-2026 "Partenaire" --role ami
has "not a contact role" err
expect 1 contact edit colombie-2026 "ZZZ" --note x
has 'no contact "ZZZ" in delegation "colombie-2026"' err
expect 2 contact edit colombie-2026 "Partenaire"
# two contacts starting alike: ambiguous, named
expect 0 contact add colombie-2026 --name "Partenaire juridique" --role partner --phone "+57 310 555 0111"
expect 1 contact edit colombie-2026 "partenaire" --note x
has '"partenaire" matches 2 contacts: Partenaire syndical; Partenaire juridique' err
check "refused edits changed nothing" test "$before" = "$("$VIGIE" --json contact list colombie-2026 --own | sed 's/,{"id":[0-9]*,"name":"Partenaire juridique"[^}]*}//')"
# remove: refused without --yes when no one can be asked
expect 2 contact remove colombie-2026 "partenaire jur" </dev/null
has "confirm with --yes" err
expect 0 contact list colombie-2026 --own
has "Partenaire juridique"
LANG=fr_CA.UTF-8 LC_MESSAGES=fr_CA.UTF-8 expect 0 contact remove colombie-2026 "PARTENAIRE JUR" --yes
has "Contact Partenaire juridique (partenaire local) retiré de colombie-2026."
expect 0 contact list colombie-2026 --own
hasnt "Partenaire juridique"
has "Partenaire syndical"
expect 1 contact remove colombie-2026 "Partenaire juridique" --yes
has 'no contact' err
expect 0 --json contact remove colombie-2026 "$id" --yes
has "{\"removed\":$id}"
expect 0 contact edit --help
has "CONTACT"
expect 0 --lang fr contact remove --help
has "--yes"

# Every change is audited, without personal data.
expect 0 --json audit log
has "delegation.add"
has "delegation.edit"
has "delegation.close"
has "contact.add"
has "contact.edit"
has "role,phone,note"
has "contact.remove"
hasnt "Geneviève"
hasnt "Tequendama"
hasnt "310 555"
expect 0 check
expect 0 --lang fr delegation show colombie-2026
has "Responsable d'équipe"
finish
