# A read command on a store unlocked in the kernel keyring, end to end,
# against a do-nothing process linked to the same libraries.
BASELINE_NAME="do-nothing process, same libraries"
BENCH_GOAL=1.5
BENCH_OPEN="since issue 15 every open also checks the rollback anchor sealed in the key file and this account's last-seen state (a few ms); the libphonenumber stack is loaded by every command"
bench_setup() {
  export VIGIE_STORE="$BENCH_TMP/read"
  VIGIE_PASSPHRASE="a passphrase for the benchmark" "$VIGIE" init --kdf interactive \
    --recovery-key-file "$BENCH_TMP/read.rk" >/dev/null
  if ! VIGIE_PASSPHRASE="a passphrase for the benchmark" "$VIGIE" unlock --for 5m 2>&1 | grep -q "unlocked\|déverrouillé"; then
    echo "note: no kernel keyring; read_unlocked measures an interactive-cost unlock instead" >&2
    export VIGIE_PASSPHRASE="a passphrase for the benchmark"
  fi
}
bench_vigie() { "$VIGIE" config list; }
bench_baseline() { "$BUILD/bench/bench_noop"; }
