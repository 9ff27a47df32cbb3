# Shared by bench/cases/*.sh and bench/scale (sourced, not a case): a store
# with one delegation of P participants and C check-ins over a year, made by
# bench_checkin_gen (libvigie's public API, one transaction, every check-in
# audited) once per bench run, unlocked in the kernel keyring as a
# coordinator would have it.
BENCH_PASS="a passphrase for the benchmark"
BENCH_SLUG=bench-2025
BENCH_NOW=2025-03-10T02:00:00Z
# make_store P C: sets VIGIE_STORE to the store of P participants and C check-ins
make_store() {
  export VIGIE_STORE="$BENCH_TMP/store-$1-$2"
  if [ ! -f "$VIGIE_STORE/vigie.db" ]; then
    VIGIE_PASSPHRASE=$BENCH_PASS "$VIGIE" init --kdf interactive \
      --recovery-key-file "$VIGIE_STORE.rk" >/dev/null
    VIGIE_NOW=$BENCH_NOW VIGIE_PASSPHRASE=$BENCH_PASS "$BUILD/bench/bench_checkin_gen" \
      "$VIGIE_STORE" $BENCH_SLUG "$1" "$2"
  fi
  if ! VIGIE_PASSPHRASE=$BENCH_PASS "$VIGIE" unlock --for 60m 2>&1 | grep -q "unlocked\|déverrouillé"; then
    echo "note: no kernel keyring; the times include a passphrase unlock" >&2
    export VIGIE_PASSPHRASE=$BENCH_PASS
  fi
}
