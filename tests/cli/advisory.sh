#!/usr/bin/env bash
# Canada's official advisory data: import of the index and of a destination's
# file (fixtures in the official shape), what changed since the last import,
# the comparison with the guides in `guide check` and `delegation ready`,
# refused malformed, truncated and hostile files, --fetch offline.
. "$(dirname "$0")/lib.sh"
A="$VIGIE_SOURCE_DIR/tests/fixtures/advisories"

expect 2 guide advisories import
has "name the files to import, or give --fetch" err
expect 2 guide advisories show CO
expect 1 guide advisories import "$A/index-updated.json"
has "no store" err
new_store

# No official data yet: the shipped guides pass.
expect 0 guide check

# --- the index ---
expect 0 guide advisories import "$A/index-updated.json"
has "index of 2026-09-30, 5 destinations"
has "CO Colombia: level 2 (Exercise a high degree of caution), published 2025-12-20"
has "HT Haiti: level 4 (Avoid all travel), published 2026-09-24"
has "MX Mexico: level 2"
has "guide check"
# the guides agree with it: levels equal, published before their review
expect 0 guide check
# the same file again: nothing changed
expect 0 guide advisories import "$A/index-updated.json"
has "nothing changed since the last import"
# an older file never replaces newer data
expect 0 guide advisories import "$A/index-updated-2025-03-25.json"
has "MX Mexico: the file's advice (2025-03-25) is older than the one already stored (2026-09-29): kept"
expect 0 guide check

# --- a destination's file: its regional advisories against the guide's ---
expect 0 guide advisories import "$A/cta-cap-MX.json"
has "destination file of 2026-09-29, 1 destinations"
has "regional advisories changed"
expect 3 guide check
has 'MX: regional advisory: official level 3 for "Baja California Sur, from the border with Baja California state south to the area between San Evaristo and El Conejo": not in the guide' err
has 'MX: regional advisory: official level 3 for "the northwestern coast of mainland Mexico, from Bahía de Kino to Topolobampo": not in the guide' err
# the 14 regions the guide has are all found, at the same level
hasnt "Guanajuato" err
hasnt "no such regional advisory" err
hasnt "CO:" err
expect 3 --lang fr guide check
has "la Basse-Californie du Sud" err
expect 3 guide check --json
has '"country":"MX","official_level":2,"official_published":"2026-09-29","generated":"2026-09-29","guide_level":2,"guide_reviewed":"2026-12-03","attention":true'

# --- a later index: Colombia raised to level 3, Haiti republished after the review ---
expect 0 guide advisories import "$A/index-updated-2026-12-04.json"
has "CO Colombia: level 2 -> 3 (Avoid non-essential travel), published 2026-12-01 (was 2025-12-20)"
has "HT Haiti: level 4 unchanged, new publication 2026-12-04 (was 2026-09-24)"
expect 0 guide advisories import "$A/index-updated-2026-12-04.json" --json
has '"changes":0'
expect 3 guide check
has "CO: Canada's official level is 3 (published 2026-12-01), the guide's is 2 (version 2026.2, reviewed 2026-12-03): update the guide" err
has "HT: Canada's advice was published on 2026-12-04, after the guide's review (version 2026.2, reviewed 2026-12-03; level 4 in both): review the guide" err
expect 3 --lang fr guide check
has "CO : le niveau officiel du Canada est 3" err

# --- delegation ready: the guide's line fails for that country ---
expect 0 delegation add co-2027 --name "Colombie" --country CO --start 2026-12-20 --end 2027-01-10
expect 3 delegation ready co-2027
has "[NO]   Country guide valid and within its review date at departure"
has "Canada's official advice for CO (level 3, published 2026-12-01) differs from or is newer than the guide (level 2, version 2026.2, reviewed 2026-12-03): update the guide"
# checkin status: said for a delegation in the field, not before it leaves
expect 0 checkin status co-2027 --at 2026-12-21T12:00:00-05:00
has "co-2027 is in the field and Canada's official advice for CO changed: level 3, published 2026-12-01; the guide says level 2 (reviewed 2026-12-03)" err
expect 0 checkin status co-2027 --at 2026-12-10T12:00:00-05:00
hasnt "in the field" err
# ... and without a SLUG (every delegation in the field), and in --json (issue 14)
expect 0 checkin status --at 2026-12-21T12:00:00-05:00
has "== co-2027 =="
has "co-2027 is in the field and Canada's official advice for CO changed: level 3, published 2026-12-01; the guide says level 2 (reviewed 2026-12-03)" err
LANG=fr_CA.UTF-8 LC_MESSAGES=fr_CA.UTF-8 expect 0 checkin status --at 2026-12-21T12:00:00-05:00
has "co-2027 est sur le terrain et l'avis officiel du Canada pour CO a changé : niveau 3" err
adv='"advisory":{"country":"CO","official_level":3,"official_published":"2026-12-01","guide_level":2,"guide_version":"2026.2","guide_reviewed":"2026-12-03","level_differs":true,"newer_than_guide":false,"region_differences":[]}'
expect 0 --json checkin status co-2027 --at 2026-12-21T12:00:00-05:00
has "$adv"
check "status --json parses" /usr/bin/python3 -c 'import json,sys; json.loads(sys.argv[1])' "$OUT"
expect 0 --json checkin status --at 2026-12-21T12:00:00-05:00
has "$adv"
check "status --json (all) parses" /usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d[0]["advisory"]["official_level"] == 3' "$OUT"
expect 0 --json checkin status co-2027 --at 2026-12-10T12:00:00-05:00
has '"advisory":null'
# the risk file's summary: the official level and its date beside the guide's
expect 0 export delegation co-2027 --output "$T/co.xlsx"
OUT=$(/usr/bin/python3 "$VIGIE_SOURCE_DIR/tests/tools/xlsx_check.py" rows "$T/co.xlsx" Summary)
has "Colombia (whole country)	2	Exercise a high degree of caution	verified"
has "Colombia: Canada's official data, published 2026-12-01 (file of 2026-12-04)	3	Avoid non-essential travel	differs from the guide: update it"
expect 0 delegation add mx-2027 --name "Mexique" --country MX --start 2026-12-20 --end 2027-01-10
expect 3 delegation ready mx-2027
has "[ok]   Country guide valid and within its review date at departure"

# --- refused files: named, the reason given, nothing stored ---
refuse() { # FILE MESSAGE
  local before
  before=$(sums "$VIGIE_STORE/vigie.db")
  expect 1 guide advisories import "$A/$1"
  has "$1" err
  has "$2" err
  check "$1 changes nothing" test "$before" = "$(sums "$VIGIE_STORE/vigie.db")"
}
refuse truncated.json "truncated"
refuse not-json.html "not valid JSON"
refuse level-7.json "CO: advisory-state is missing or not 0 to 3"
refuse future.json "HT: date-published is in the future"
refuse deep.json "nested deeper than 32"
refuse nul.json "NUL character in a string"
refuse bad-utf8.json "invalid UTF-8"
refuse mismatch.json 'the entry "CO" holds country MX'
refuse trailing.json "text after the JSON value"
expect 1 guide advisories import "$T/nothing.json"
has "nothing.json" err
# a file of two good ones and one bad: the good one before is kept, the rest not read
expect 1 guide advisories import "$A/index-updated-2026-12-04.json" "$A/truncated.json"

# --- --fetch: https only, offline says so and changes nothing ---
before=$(sums "$VIGIE_STORE/vigie.db")
VIGIE_ADVISORY_URL=https://127.0.0.1:9/travel-voyage/index-updated.json expect 1 guide advisories import --fetch
has "no network" err
has "nothing was changed" err
VIGIE_ADVISORY_URL=http://127.0.0.1:9/index.json expect 1 guide advisories import --fetch
has "only https:// addresses are fetched" err
check "a failed fetch changes nothing" test "$before" = "$(sums "$VIGIE_STORE/vigie.db")"

# --- --fetch for real: a local HTTPS server (python3 http.server in TLS) with a
# certificate from a test CA made here; Vigie trusts it only through --ca ---
H="$T/https"
mkdir -p "$H/www/travel-voyage"
cp "$A/index-updated.json" "$H/www/travel-voyage/index-updated.json"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$H/ca.key" -out "$H/ca.pem" -days 2 \
  -subj "/CN=Vigie test CA" >/dev/null 2>&1
openssl req -newkey rsa:2048 -nodes -keyout "$H/srv.key" -out "$H/srv.csr" -subj "/CN=127.0.0.1" >/dev/null 2>&1
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >"$H/ext"
openssl x509 -req -in "$H/srv.csr" -CA "$H/ca.pem" -CAkey "$H/ca.key" -CAcreateserial \
  -out "$H/srv.pem" -days 2 -extfile "$H/ext" >/dev/null 2>&1
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$H/other.key" -out "$H/other.pem" -days 2 \
  -subj "/CN=Another CA" >/dev/null 2>&1
/usr/bin/python3 - "$H" >/dev/null 2>"$H/requests.log" <<'PY' &
import functools, http.server, os, ssl, sys
h = sys.argv[1]
srv = http.server.HTTPServer(("127.0.0.1", 0), functools.partial(
    http.server.SimpleHTTPRequestHandler, directory=h + "/www"))
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(h + "/srv.pem", h + "/srv.key")
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
open(h + "/port.tmp", "w").write(str(srv.server_address[1]))
os.rename(h + "/port.tmp", h + "/port")
srv.serve_forever()
PY
SRV=$!
trap 'kill "$SRV" 2>/dev/null; cleanup' EXIT
for _ in $(seq 100); do [ -f "$H/port" ] && break; sleep 0.1; done
PORT=$(cat "$H/port")
U="https://127.0.0.1:$PORT/travel-voyage/index-updated.json"
saved_store=$VIGIE_STORE
export VIGIE_STORE="$T/https-store"
rm -f "$T/recovery.txt"
new_store
before=$(sums "$VIGIE_STORE/vigie.db")
# the system's CA store does not know the test CA: refused, nothing stored
VIGIE_ADVISORY_URL=$U expect 1 guide advisories import --fetch
has "certificate" err
hasnt "no network" err
# another CA: refused too
VIGIE_ADVISORY_URL=$U expect 1 guide advisories import --fetch --ca "$H/other.pem"
has "certificate" err
# the right CA but another host name than the certificate's: refused
VIGIE_ADVISORY_URL="https://localhost:$PORT/travel-voyage/index-updated.json" \
  expect 1 guide advisories import --fetch --ca "$H/ca.pem"
has "localhost" err
check "refused fetches store nothing" test "$before" = "$(sums "$VIGIE_STORE/vigie.db")"
expect 1 guide advisories import --fetch --ca "$H/missing.pem"
has "missing.pem: cannot read the certificate authorities file" err
expect 2 guide advisories import "$A/index-updated.json" --ca "$H/ca.pem"
has "--ca is for --fetch" err
# trusted through --ca: downloaded, checked, stored, compared
VIGIE_ADVISORY_URL=$U expect 0 guide advisories import --fetch --ca "$H/ca.pem"
has "index of 2026-09-30, 5 destinations"
has "CO Colombia: level 2 (Exercise a high degree of caution), published 2025-12-20"
check "the server was asked for the index" grep -q "GET /travel-voyage/index-updated.json" "$H/requests.log"
expect 0 guide check
# the server publishes a newer index: the next fetch says what changed, in French too
cp "$A/index-updated-2026-12-04.json" "$H/www/travel-voyage/index-updated.json"
LANG=fr_CA.UTF-8 LC_MESSAGES=fr_CA.UTF-8 VIGIE_ADVISORY_URL=$U expect 0 guide advisories import --fetch --ca "$H/ca.pem"
has "CO Colombie : niveau 2 -> 3"
expect 3 guide check
has "CO: Canada's official level is 3 (published 2026-12-01)" err
# a hostile server: a truncated answer is refused and changes nothing
head -c 300 "$A/index-updated-2026-12-04.json" >"$H/www/travel-voyage/index-updated.json"
before=$(sums "$VIGIE_STORE/vigie.db")
VIGIE_ADVISORY_URL=$U expect 1 guide advisories import --fetch --ca "$H/ca.pem"
has "truncated" err
check "a truncated download stores nothing" test "$before" = "$(sums "$VIGIE_STORE/vigie.db")"
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null
"$VIGIE" lock >/dev/null 2>&1 || true
export VIGIE_STORE=$saved_store

expect 0 --json audit log
has "advisory.import"
expect 0 guide advisories --help
has "--fetch"
finish
