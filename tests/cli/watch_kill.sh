#!/usr/bin/env bash
# The watch killed in the middle of its sends, and a language per recipient,
# against a real SMTP server on 127.0.0.1 (aiosmtpd, STARTTLS, authentication,
# a throwaway certificate made here) that waits 0.3 s between writing a
# message and its "250 accepted", so that kills land inside the dialogue:
# - one help alert to a French, an English and a recipient without a
#   language: each reads it in theirs (the last in the watch's);
# - kill -9 of the watch at random points of the SMTP dialogue, restarted:
#   every notification arrives, and exactly once (its sender finishes the
#   dialogue and journals the outcome; the restarted watch records it);
# - kill -9 of the watch's whole process group (sender included): every
#   notification arrives; a message sent again carries the same Message-ID
#   (and the same VIGIE_MESSAGE_ID for a command), so a duplicate shows.
. "$(dirname "$0")/lib.sh"
. "$VIGIE_SOURCE_DIR/tests/tools/smtp_env.sh"
command -v setsid >/dev/null || { echo "setsid is needed (util-linux)" >&2; exit 1; }
smtp_env --user vigie --password 'mot de passe' --delay 0.3
new_store
"$VIGIE" unlock --for 30m >/dev/null 2>&1 || true
trap 'stop_smtp; cleanup' EXIT
start_smtp

# The command channel: one line per message received, its VIGIE_MESSAGE_ID first.
cat >"$T/sms.sh" <<EOF
#!/bin/sh
sleep 0.2
printf '%s %s\n' "\$VIGIE_MESSAGE_ID" "\$1" >> "$T/sms.txt"
EOF
chmod +x "$T/sms.sh"

S=bolivie-2025
VIGIE_NOW=2025-05-01T12:00:00Z expect 0 delegation add $S --name "Bolivie 2025" --country BO \
  --start 2025-05-05 --end 2025-05-25
expect 0 participant add $S --name "Inés Mamani" --local-sim "+591 7000 0001"
expect 0 checkin plan $S --daily 20:00 --grace 30
expect 2 notify add "Zoé" --role coordinator --email zoe@example.org --language de
expect 0 notify add "Nadia Coordo" --role coordinator --email nadia@example.org --language fr
expect 0 notify add "Ruth Board" --role coordinator --email ruth@example.org --language en
expect 0 notify add "Sam Sansl" --role coordinator --email sam@example.org
for i in 1 2 3 4; do
  L=fr
  [ $((i % 2)) = 0 ] && L=en
  expect 0 notify add "Cellule $i" --role coordinator --email "cellule$i@example.org" --language $L
done
expect 0 notify add "Texto 1" --role coordinator --phone "+1 514 555 0301" --language fr
expect 0 notify add "Texto 2" --role coordinator --phone "+1 514 555 0302" --language en
expect 0 --json notify list
check "notify list gives each recipient's language" $PY -c '
import json, sys
d = {r["name"]: r["lang"] for r in json.loads(sys.argv[1])}
assert d["Nadia Coordo"] == "fr" and d["Ruth Board"] == "en", d' "$OUT"
expect 0 notify set smtp.url "smtp://localhost:$PORT"
expect 0 notify set smtp.from vigie@example.org
expect 0 notify set smtp.user vigie
expect 0 notify set smtp.password 'mot de passe'
expect 0 notify set smtp.ca-file "$T/cert.pem"
expect 0 notify set sms.command "$T/sms.sh {to}"

# the test message, in each recipient's language
expect 0 notify test "Nadia Coordo"
expect 0 notify test "Ruth Board"
mails >"$T/test.txt"
check "test message in French" grep -q "nadia@example.org.*Message d'essai" "$T/test.txt"
check "test message in English" grep -q "ruth@example.org.*Test message" "$T/test.txt"
rm -f "$SINK"/*.eml

# ---- one alert, three languages; the watch killed during its SMTP dialogues ----
KT=2025-05-10T21:00:00Z
VIGIE_NOW=$KT expect 4 checkin log $S --participant Inés --status help
KILLS=0
for i in $(seq 1 8); do
  VIGIE_NOW=$KT "$VIGIE" --lang en watch --once >/dev/null 2>&1 &
  pid=$!
  # 0.1 to 0.4 s: inside the first sends (the server waits 0.3 s before its
  # final answer), even on an idle machine where a tick ends sooner
  sleep "0.$((RANDOM % 4 + 1))"
  if kill -9 "$pid" 2>/dev/null; then KILLS=$((KILLS + 1)); fi
  wait "$pid" 2>/dev/null
done
VIGIE_NOW=$KT expect 0 --lang en watch --once
VIGIE_NOW=$KT expect 0 --json notify log
echo "$OUT" >"$T/log1.json"
mails >"$T/mails1.txt"

# what each read, in their language
check "French recipient: in French" grep -q "nadia@example.org.*Inés M. demande de l'aide.*Délégation : $S" "$T/mails1.txt"
check "English recipient: in English" grep -q "ruth@example.org.*Inés M. asks for help.*Delegation: $S" "$T/mails1.txt"
check "no language: the watch's (English)" grep -q "sam@example.org.*Inés M. asks for help" "$T/mails1.txt"
check "French SMS in French" grep -q "+1 514 555 0301" "$T/sms.txt"
check "the log says each message's language" $PY -c '
import json, sys
log = json.load(open(sys.argv[1]))
by = {(e["recipient"], e["channel"]): e["lang"] for e in log}
assert by[("Nadia Coordo", "email")] == "fr" and by[("Ruth Board", "email")] == "en", by
assert by[("Sam Sansl", "email")] == "en" and by[("Texto 1", "sms")] == "fr", by' "$T/log1.json"
check "nothing English in the French message" bash -c "! grep 'nadia@example.org' $T/mails1.txt | grep -qE 'asks for help|Delegation:|Whom to call'"

# every notification arrived, exactly once (the same Message-ID never twice)
exactly_once() { # LOG MAILS SMS
  $PY - "$1" "$2" "$3" <<'EOF'
import collections, json, sys
log = json.load(open(sys.argv[1]))
mails = collections.Counter(l.split("\t")[0].strip("<>") for l in open(sys.argv[2], encoding="utf-8") if l.strip())
sms = collections.Counter(l.split(" ")[0] for l in open(sys.argv[3], encoding="utf-8") if l.strip())
want_m = {e["message_id"] for e in log if e["channel"] == "email"}
want_s = {e["message_id"] for e in log if e["channel"] == "sms"}
unsent = [e for e in log if not e["sent"]]
lost = (want_m - set(mails)) | (want_s - set(sms))
dups = sum(c - 1 for c in mails.values()) + sum(c - 1 for c in sms.values())
print("messages", len(log), "lost", len(lost), "duplicates", dups, "unsent", len(unsent))
sys.exit(0 if not lost and not unsent else 1)
EOF
}
check "SMTP kill loop: every notification arrived" exactly_once "$T/log1.json" "$T/mails1.txt" "$T/sms.txt"
R1=$(exactly_once "$T/log1.json" "$T/mails1.txt" "$T/sms.txt")
echo "watch killed $KILLS times during its sends: $R1"
check "SMTP kill loop: no duplicate (the sender outlives the watch)" bash -c "echo '$R1' | grep -q 'duplicates 0 '"
check "the loop did kill the watch mid-send" [ "$KILLS" -ge 4 ]

# ---- the alert closed; the watch and its sender killed together, on a French desktop ----
FR="env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=fr_CA.UTF-8"
VIGIE_NOW=2025-05-10T21:30:00Z expect 0 checkin resolve $S --participant Inés --note "retrouvée"
KT=2025-05-10T21:32:00Z
GKILLS=0
for i in $(seq 1 8); do
  VIGIE_NOW=$KT $FR setsid "$VIGIE" watch --once >/dev/null 2>&1 &
  pid=$!
  sleep "0.$((RANDOM % 8 + 2))"
  if kill -9 -- "-$pid" 2>/dev/null; then GKILLS=$((GKILLS + 1)); fi
  wait "$pid" 2>/dev/null
done
OUT=$(VIGIE_NOW=$KT $FR "$VIGIE" --json watch --once 2>&1)
check "the last watch finished the queue" $PY -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["problem"] is None, d' "$OUT"
VIGIE_NOW=$KT expect 0 --json notify log
echo "$OUT" >"$T/log2.json"
mails >"$T/mails2.txt"
check "group kill loop: every notification arrived" exactly_once "$T/log2.json" "$T/mails2.txt" "$T/sms.txt"
R2=$(exactly_once "$T/log2.json" "$T/mails2.txt" "$T/sms.txt")
echo "watch and sender killed $GKILLS times: $R2"
check "the end reached the French recipient in French" grep -q "nadia@example.org.*l'alerte concernant Inés M. est close" "$T/mails2.txt"
check "and the English one in English" grep -q "ruth@example.org.*the alert for Inés M. is closed" "$T/mails2.txt"
check "no language: the French desktop's watch writes French" grep -q "sam@example.org.*l'alerte concernant Inés M. est close" "$T/mails2.txt"
# the notifications of one alert, for its timeline (issue 18's incident register)
VIGIE_NOW=$KT expect 0 --json checkin alerts $S --all
AID=$($PY -c 'import json,sys; print(json.loads(sys.argv[1])["alerts"][0]["id"])' "$OUT")
VIGIE_NOW=$KT expect 0 --json notify log --alert "$AID"
check "notify log --alert: its opening and its end to each of the nine" $PY -c '
import json, sys
d = json.loads(sys.argv[1])
assert len(d) == 18 and len({e["recipient"] for e in d}) == 9, d
assert all(e["sent"] for e in d)' "$OUT"
expect 2 notify log --alert x
# a message sent again is the same message: same Message-ID, recipient, subject and text
check "a duplicate is recognisable by its Message-ID" $PY -c '
import sys, collections
seen = collections.defaultdict(set)
for l in open(sys.argv[1], encoding="utf-8"):
    f = l.rstrip("\n").split("\t")
    seen[f[0]].add(tuple(f[1:]))
assert all(len(v) == 1 for v in seen.values()), [k for k, v in seen.items() if len(v) > 1]' "$T/mails2.txt"
finish
