# `vigie export delegation` (coordinator profile) of a delegation with
# 1,000,000 check-ins, every one a row of the log sheet, against the floor:
# the same cells written with bare libxlsxwriter in constant_memory mode,
# with nothing read from a store (bench/export_baseline.c). Time and peak
# memory (/usr/bin/time %M). The openpyxl comparison is export_openpyxl.sh.
. "$top/bench/export_store.sh"
BASELINE_NAME="bare libxlsxwriter, constant memory"
BENCH_REPS=$([ "${BENCH_QUICK:-0}" = 1 ] && echo 1 || echo 3)
BENCH_MEMORY=1
BENCH_GOAL=1.15
BENCH_GOAL_KIB=16384
BENCH_OPEN="labels are memoised and libphonenumber is no longer mapped (LD_DEBUG: not loaded), yet the peak is 19 MiB at 100,000 rows and the time 1.8x: cause not found yet"
bench_setup() { export_store; }
bench_vigie() { export_vigie; }
bench_baseline() {
  $BENCH_TIME "$BUILD/bench/bench_export_baseline" "$BENCH_TMP/export-base.xlsx" "$EXPORT_ROWS" \
    "$BENCH_TMP/lxw"
}
