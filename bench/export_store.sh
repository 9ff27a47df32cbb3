# Shared by bench/cases/export*.sh (sourced, not a case): one store with a
# delegation of 50 participants and EXPORT_ROWS check-ins over a year
# (bench_checkin_gen: libvigie's public API, one transaction), made once per
# bench run and reused by both cases. 1,000,000 check-ins take about three
# minutes to generate; --quick uses 100,000.
EXPORT_ROWS=$([ "${BENCH_QUICK:-0}" = 1 ] && echo 100000 || echo 1000000)
EXPORT_SLUG=bench-export
export_store() {
  export VIGIE_STORE="$BENCH_TMP/export-store"
  export VIGIE_PASSPHRASE="a passphrase for the benchmark"
  mkdir -p "$BENCH_TMP/lxw" && chmod 700 "$BENCH_TMP/lxw"
  [ -f "$VIGIE_STORE/vigie.db" ] && return 0
  "$VIGIE" init --kdf interactive --recovery-key-file "$BENCH_TMP/export.rk" >/dev/null
  VIGIE_NOW=2025-03-10T02:00:00Z "$BUILD/bench/bench_checkin_gen" "$VIGIE_STORE" $EXPORT_SLUG 50 \
    "$EXPORT_ROWS"
}
export_vigie() {
  $BENCH_TIME "$VIGIE" export delegation $EXPORT_SLUG --profile coordinator \
    --output "$BENCH_TMP/export.xlsx" --force
}
