# `vigie delegation ready` for a delegation of 10,000 participants (--quick:
# 1,000), against a bare process that opens the same store. The goal is
# absolute: 100 ms of CPU.
. "$top/bench/stores.sh"
BASELINE_NAME="bare process that opens the store"
BENCH_GOAL_S=0.1
R_PEOPLE=$([ "${BENCH_QUICK:-0}" = 1 ] && echo 1000 || echo 10000)
bench_setup() { make_store $R_PEOPLE 0; }
bench_vigie() {
  local rc=0
  VIGIE_NOW=$BENCH_NOW "$VIGIE" delegation ready $BENCH_SLUG || rc=$?
  [ $rc -lt 6 ]
}
bench_baseline() { "$BUILD/bench/bench_bare" open "$VIGIE_STORE"; }
