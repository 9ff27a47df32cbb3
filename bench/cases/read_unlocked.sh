# A read command on a store unlocked in the kernel keyring, end to end,
# against a do-nothing process linked to the same libraries.
BASELINE_NAME="do-nothing process, same libraries"
BENCH_GOAL=1.5
BENCH_OPEN="libphonenumber and libcurl are no longer loaded at start (2.5x -> 1.0x before the PDF paper merged); with Pango and Cairo on both sides, the store's open (key file, rollback anchor and last-seen checks, SQLCipher) against a process that opens nothing is 1.6x, near the margin"
bench_setup() {
  export VIGIE_STORE="$BENCH_TMP/read"
  VIGIE_PASSPHRASE="a passphrase for the benchmark" "$VIGIE" init --kdf interactive \
    --recovery-key-file "$BENCH_TMP/read.rk" >/dev/null
  if ! VIGIE_PASSPHRASE="a passphrase for the benchmark" "$VIGIE" unlock --for 5m 2>&1 | grep -q "unlocked\|déverrouillé"; then
    echo "note: no kernel keyring; read_unlocked measures an interactive-cost unlock instead" >&2
    export VIGIE_PASSPHRASE="a passphrase for the benchmark"
  fi
}
# Ten processes per timed run (a few ms each, near the clock's resolution).
bench_vigie() { for _ in 1 2 3 4 5 6 7 8 9 10; do "$VIGIE" config list >/dev/null || return; done; }
bench_baseline() { for _ in 1 2 3 4 5 6 7 8 9 10; do "$BUILD/bench/bench_noop" || return; done; }
