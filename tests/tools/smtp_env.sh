# Sourced by the watch tests after lib.sh: a real SMTP server on 127.0.0.1
# (Debian's python3-aiosmtpd through smtp_sink.py, STARTTLS required) with a
# throwaway certificate made here.
#   smtp_env [ARGS...]  check the tools, make $T/cert.pem and $T/key.pem, pick
#                       $PORT, remember ARGS for smtp_sink.py (--user, --delay...)
#   start_smtp          start it (messages in $SINK); stop_smtp stops it
#   mails               one line per message accepted (mail_read.py)
PY=/usr/bin/python3
TOOLS="$VIGIE_SOURCE_DIR/tests/tools"
SINK="$T/sink"
smtp_env() {
  if ! $PY -c 'import aiosmtpd' 2>/dev/null || ! command -v openssl >/dev/null; then
    echo "python3-aiosmtpd and openssl are needed (scripts/dev deps)" >&2
    exit 1
  fi
  SMTP_ARGS=("$@")
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 \
    -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" >/dev/null 2>&1
  PORT=$((20000 + RANDOM % 20000))
}
start_smtp() {
  $PY "$TOOLS/smtp_sink.py" --port $PORT --cert "$T/cert.pem" --key "$T/key.pem" --dir "$SINK" \
    "${SMTP_ARGS[@]}" >"$T/smtp.log" 2>&1 &
  SMTP_PID=$!
  for _ in $(seq 50); do grep -q ready "$T/smtp.log" 2>/dev/null && return 0; sleep 0.1; done
  echo "the SMTP server did not start" >&2
  cat "$T/smtp.log" >&2
  exit 1
}
stop_smtp() { kill "${SMTP_PID:-}" 2>/dev/null; wait "${SMTP_PID:-}" 2>/dev/null; }
mails() { $PY "$TOOLS/mail_read.py" "$SINK"; }
