# The latency from a missed deadline to the message accepted by an SMTP server
# on 127.0.0.1 (aiosmtpd, STARTTLS, authentication: tests/tools/smtp_sink.py),
# with `vigie watch --interval 10s` running on the real clock: each repetition
# sets a one-off check-in whose deadline falls 1 s later, then waits for the
# step-1 e-mail. vigie_s is 1 s plus that latency; the baseline is one
# interval (10 s) of sleep. Goal (issue 17): latency <= one interval + 10 s,
# i.e. vigie_s <= baseline_s + 11 s. With BENCH_LATENCY_LOG=FILE each latency is
# also written there as measured.
BASELINE_NAME="one watch interval (10 s, sleep)"
BENCH_REPS=3
bench_setup() {
  local pass="a passphrase for the benchmark" port today
  export VIGIE_STORE="$BENCH_TMP/latency"
  LAT_SINK="$BENCH_TMP/latency-sink"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$BENCH_TMP/lat-key.pem" -out "$BENCH_TMP/lat-cert.pem" \
    -days 2 -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" >/dev/null 2>&1
  port=$((20000 + RANDOM % 20000))
  /usr/bin/python3 "$top/tests/tools/smtp_sink.py" --port $port --cert "$BENCH_TMP/lat-cert.pem" \
    --key "$BENCH_TMP/lat-key.pem" --dir "$LAT_SINK" --user vigie --password bench >"$BENCH_TMP/lat-smtp.log" 2>&1 &
  LAT_SMTP=$!
  VIGIE_PASSPHRASE="$pass" "$VIGIE" init --kdf interactive --recovery-key-file "$BENCH_TMP/lat.rk" >/dev/null
  VIGIE_PASSPHRASE="$pass" "$VIGIE" unlock --for 30m >/dev/null 2>&1 || export VIGIE_PASSPHRASE="$pass"
  today=$(date -u +%F)
  "$VIGIE" delegation add lat-2025 --name Latence --country HT --start "$today" \
    --end "$(date -u -d '+10 days' +%F)" >/dev/null
  "$VIGIE" participant add lat-2025 --name "Ana Lopez" >/dev/null
  "$VIGIE" notify add Coordination --role coordinator --email coord@example.org >/dev/null
  "$VIGIE" notify set smtp.url "smtp://localhost:$port"
  "$VIGIE" notify set smtp.from vigie@example.org
  "$VIGIE" notify set smtp.user vigie
  "$VIGIE" notify set smtp.password bench
  "$VIGIE" notify set smtp.ca-file "$BENCH_TMP/lat-cert.pem"
  "$VIGIE" watch --interval 10s >/dev/null 2>&1 &
  LAT_WATCH=$!
  trap 'kill $LAT_WATCH $LAT_SMTP 2>/dev/null' EXIT
}
bench_vigie() {
  local from by deadline t n0
  n0=$( (grep -l "is late, step 1" "$LAT_SINK"/*.eml 2>/dev/null || true) | wc -l)
  deadline=$(($(date +%s) + 1))
  from=$(date -u -d "@$((deadline - 120))" +%FT%TZ)
  by=$(date -u -d "@$((deadline - 60))" +%FT%TZ)
  "$VIGIE" checkin expect lat-2025 --participant Ana --from "$from" --by "$by" --grace 1 \
    --reason "bench $deadline" >/dev/null
  until [ "$( (grep -l "is late, step 1" "$LAT_SINK"/*.eml 2>/dev/null || true) | wc -l)" -gt "$n0" ]; do
    sleep 0.05
  done
  t=$(date +%s.%N)
  echo "watch_latency: missed deadline -> accepted by the SMTP server: $(awk -v t="$t" -v d="$deadline" 'BEGIN { printf "%.1f", t - d }') s (interval 10 s)" >>"${BENCH_LATENCY_LOG:-/dev/null}"
  "$VIGIE" checkin expect lat-2025 --participant Ana --cancel >/dev/null 2>&1 # the episode ends
}
bench_baseline() { sleep 10; }
