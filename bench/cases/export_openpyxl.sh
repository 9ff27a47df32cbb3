# The same export as export.sh, against what a coordinator's own script
# would use: Python's openpyxl in write-only mode writing the same cells
# (bench/export_openpyxl.py, Debian's python3-openpyxl, so /usr/bin/python3).
. "$top/bench/export_store.sh"
BASELINE_NAME="openpyxl write-only (Python)"
BENCH_REPS=$([ "${BENCH_QUICK:-0}" = 1 ] && echo 1 || echo 3)
BENCH_MEMORY=1
bench_setup() { export_store; }
bench_vigie() { export_vigie; }
bench_baseline() {
  $BENCH_TIME /usr/bin/python3 "$top/bench/export_openpyxl.py" "$BENCH_TMP/export-py.xlsx" \
    "$EXPORT_ROWS"
}
