# `vigie checkin status` for 1,000 participants with a year of resolved
# alerts (20 each: 20,000) and 100,000 check-ins (--quick: 10,000), against
# the bare indexed queries for each participant's latest check-in and open
# alerts on the same store (bench/bare.c status, one read transaction).
. "$top/bench/stores.sh"
BASELINE_NAME="bare latest check-in + open alerts, same store"
BENCH_GOAL=1.5
BENCH_GOAL_S=0.1
BENCH_OPEN="the 0.1 s goal is met; the ratio is the per-participant report work (alerts, one-offs, latest check-in: three queries each) and the episode sync's commit with the rollback anchor: 3.3x"
SA_CHECKINS=$([ "${BENCH_QUICK:-0}" = 1 ] && echo 10000 || echo 100000)
bench_setup() {
  make_store 1000 $SA_CHECKINS
  if [ ! -f "$VIGIE_STORE/.alerts" ]; then
    "$BUILD/bench/bench_bare" alerts "$VIGIE_STORE" $BENCH_SLUG 20 1741572000 && touch "$VIGIE_STORE/.alerts"
  fi
}
bench_vigie() {
  local rc=0
  VIGIE_NOW=$BENCH_NOW "$VIGIE" checkin status $BENCH_SLUG || rc=$?
  [ $rc = 0 ] || [ $rc = 3 ] || [ $rc = 4 ]
}
bench_baseline() { "$BUILD/bench/bench_bare" status "$VIGIE_STORE" $BENCH_SLUG 1741572000; }
