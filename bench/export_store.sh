# Shared by bench/cases/export*.sh (sourced, not a case): one store with a
# delegation of 50 participants and EXPORT_ROWS check-ins over a year
# (bench_checkin_gen: libvigie's public API, one transaction), made once per
# bench run and reused by both cases. 1,000,000 check-ins take about three
# minutes to generate; --quick uses 100,000.
EXPORT_ROWS=$([ "${BENCH_QUICK:-0}" = 1 ] && echo 100000 || echo 1000000)
EXPORT_SLUG=bench-export
# The store is unlocked in the kernel keyring, as a coordinator would have
# it: a passphrase unlock would add Argon2id's 64 MiB to the peak memory of
# every run (without a keyring, it does, and a note says so).
export_store() {
  local pass="a passphrase for the benchmark"
  export VIGIE_STORE="$BENCH_TMP/export-store"
  mkdir -p "$BENCH_TMP/lxw" && chmod 700 "$BENCH_TMP/lxw"
  if [ ! -f "$VIGIE_STORE/vigie.db" ]; then
    VIGIE_PASSPHRASE=$pass "$VIGIE" init --kdf interactive \
      --recovery-key-file "$BENCH_TMP/export.rk" >/dev/null
    VIGIE_NOW=2025-03-10T02:00:00Z VIGIE_PASSPHRASE=$pass "$BUILD/bench/bench_checkin_gen" \
      "$VIGIE_STORE" $EXPORT_SLUG 50 "$EXPORT_ROWS"
  fi
  if ! VIGIE_PASSPHRASE=$pass "$VIGIE" unlock --for 60m 2>&1 | grep -q "unlocked\|déverrouillé"; then
    echo "note: no kernel keyring; the export's time and memory include a passphrase unlock" >&2
    export VIGIE_PASSPHRASE=$pass
  fi
}
export_vigie() {
  $BENCH_TIME "$VIGIE" export delegation $EXPORT_SLUG --profile coordinator \
    --output "$BENCH_TMP/export.xlsx" --force
}
