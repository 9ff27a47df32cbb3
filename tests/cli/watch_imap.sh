#!/usr/bin/env bash
# The watch reads check-ins from a real IMAP server on 127.0.0.1 (Dovecot,
# unprivileged configuration on high ports, a throwaway certificate made
# here), over implicit TLS and over STARTTLS: a field code is logged once, a
# message without a code is kept for the coordinator once, each message is
# flagged VigieDone on the server, and a message seen before is only flagged
# again; a server whose certificate is not trusted is a problem the watch
# reports.
. "$(dirname "$0")/lib.sh"
if ! command -v dovecot >/dev/null || ! command -v openssl >/dev/null || ! command -v curl >/dev/null; then
  echo "dovecot-imapd, openssl and curl are needed (scripts/dev deps)" >&2
  exit 1
fi
new_store
"$VIGIE" unlock --for 30m >/dev/null 2>&1 || true

D="$T/dovecot"
mkdir -p "$D/run" "$D/state" "$D/home/vigie/Maildir/new" "$D/home/vigie/Maildir/cur" "$D/home/vigie/Maildir/tmp"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$D/key.pem" -out "$D/cert.pem" -days 2 \
  -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" >/dev/null 2>&1
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$D/other-key.pem" -out "$D/other.pem" -days 2 \
  -subj /CN=localhost >/dev/null 2>&1
P1=$((20000 + RANDOM % 20000))
P2=$((P1 + 1))
# Dovecot refuses root for its login and mail processes: as root, run them as nobody.
if [ "$(id -u)" = 0 ]; then
  LOGIN_USER=nobody MAIL_UID=$(id -u nobody) MAIL_GID=$(id -g nobody)
  chmod 755 "$T"
else
  LOGIN_USER=$(id -un) MAIL_UID=$(id -u) MAIL_GID=$(id -g)
fi
cat >"$D/dovecot.conf" <<EOF
base_dir = $D/run
state_dir = $D/state
log_path = $D/dovecot.log
instance_name = vigie-test-$P1
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <$D/cert.pem
ssl_key = <$D/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain login
default_internal_user = $(id -un)
default_internal_group = $(id -gn)
default_login_user = $LOGIN_USER
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $D/passwd
}
userdb {
  driver = static
  args = uid=$MAIL_UID gid=$MAIL_GID home=$D/home/%u
}
service imap-login {
  chroot =
  user = $LOGIN_USER
  inet_listener imap {
    port = $P1
  }
  inet_listener imaps {
    port = $P2
    ssl = yes
  }
}
service anvil {
  chroot =
}
service stats {
  chroot =
}
EOF
echo 'vigie:{PLAIN}mot de passe imap' >"$D/passwd"
stop_dovecot() {
  [ -f "$D/run/master.pid" ] && kill "$(cat "$D/run/master.pid")" 2>/dev/null
  for _ in $(seq 50); do [ -e "$D/run/master.pid" ] || break; sleep 0.1; done
}
trap 'stop_dovecot; cleanup' EXIT
deliver() { # deliver NAME: put $T/msg into the mailbox as the mail server would
  cp "$T/msg" "$D/home/vigie/Maildir/new/$1"
  [ "$(id -u)" = 0 ] && chown -R "$MAIL_UID:$MAIL_GID" "$D/home"
  return 0
}
[ "$(id -u)" = 0 ] && chown -R "$MAIL_UID:$MAIL_GID" "$D/home"
dovecot -c "$D/dovecot.conf" || { cat "$D/dovecot.log" >&2; exit 1; }
for _ in $(seq 50); do
  curl -s --cacert "$D/cert.pem" "imaps://localhost:$P2/INBOX" -u 'vigie:mot de passe imap' -X NOOP >/dev/null 2>&1 && break
  sleep 0.1
done
imap() { curl -s --cacert "$D/cert.pem" "imaps://localhost:$P2/INBOX" -u 'vigie:mot de passe imap' -X "$1"; }

S=colombie-2025
BO=America/Bogota
utc() { date -u -d "TZ=\"$BO\" $1" +%Y-%m-%dT%H:%M:%SZ; }
VIGIE_NOW=2025-02-20T12:00:00Z expect 0 delegation add $S --name "Colombie 2025" --country CO \
  --start 2025-03-03 --end 2025-03-23
expect 0 participant add $S --name "Karim Haddad" --email karim@example.org --local-sim "+57 300 111 0004"
expect 0 checkin plan $S --daily 20:00 --grace 30
VIGIE_KIT_PIN=204867 VIGIE_KIT_DURESS_PIN=913352 \
  expect 0 kit export $S --participant Karim --output "$T/karim.kit" --kdf interactive

expect 0 notify set inbox.imap "imaps://localhost:$P2/INBOX"
expect 0 notify set imap.user vigie
expect 0 notify set imap.password 'mot de passe imap'

# A server whose certificate is not trusted: a problem, said; nothing read.
expect 0 notify set imap.ca-file "$D/other.pem"
CODE=$(VIGIE_NOW=$(utc "2025-03-05 19:50") VIGIE_KIT_PIN=204867 "$VIGIE" field checkin --kit "$T/karim.kit" --where Cali 2>/dev/null)
printf 'From: Karim <karim@example.org>\nTo: vigie@example.org\nSubject: check-in\nMessage-ID: <c1@example.org>\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\nBonsoir, tout va bien =C3=A0 Cali\n%s\n' "$CODE" >"$T/msg"
deliver 1741222200.M1P1.mx
VIGIE_NOW=$(utc "2025-03-05 19:52") expect 1 watch --once
has "IMAP" err
expect 0 checkin history $S
hasnt "Cali"

# Trusted: implicit TLS.
expect 0 notify set imap.ca-file "$D/cert.pem"
printf 'From: "Inconnu" <someone@example.net>\nTo: vigie@example.org\nSubject: allo\nMessage-ID: <c2@example.net>\n\nEst-ce que tout va bien?\n' >"$T/msg"
deliver 1741222260.M2P1.mx
VIGIE_NOW=$(utc "2025-03-05 19:57") expect 0 watch --once
has "2 message(s) read (1 check-in(s) logged, 1 kept for you)"
expect 0 checkin history $S
has "Cali"
expect 3 notify inbox
has "someone@example.net"
has "Est-ce que tout va bien?"
OUT=$(imap 'UID SEARCH UNKEYWORD VigieDone')
case "$OUT" in *"SEARCH 1"* | *"SEARCH 2"*) ko "messages left unflagged: $OUT" ;; *) ok ;; esac

# Read again: nothing new.
VIGIE_NOW=$(utc "2025-03-05 20:02") expect 0 watch --once
has "0 message(s) read"

# A message recorded but whose flag was lost (a kill between the commit and the
# flag): only flagged again, never logged twice.
imap 'UID STORE 1 -FLAGS (VigieDone)' >/dev/null
VIGIE_NOW=$(utc "2025-03-05 20:07") expect 0 watch --once
has "0 message(s) read"
OUT=$(imap 'UID SEARCH UNKEYWORD VigieDone')
case "$OUT" in *"SEARCH 1"*) ko "the message was not flagged again" ;; *) ok ;; esac
expect 0 --json checkin history $S
check "the IMAP code logged once" /usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert sum(1 for e in d if e.get("where")=="Cali")==1, d' "$OUT"

# STARTTLS on the plain port, a second code.
expect 0 notify set inbox.imap "imap://localhost:$P1/INBOX"
CODE=$(VIGIE_NOW=$(utc "2025-03-06 19:50") VIGIE_KIT_PIN=204867 "$VIGIE" field checkin --kit "$T/karim.kit" --where Pasto 2>/dev/null)
printf 'From: karim@example.org\nSubject: %s\n\n\n' "$CODE" >"$T/msg"
deliver 1741308600.M3P1.mx
VIGIE_NOW=$(utc "2025-03-06 19:55") expect 0 watch --once
has "1 check-in(s) logged"
expect 0 checkin history $S
has "Pasto"
finish
