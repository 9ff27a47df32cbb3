# `vigie checkin history` of a whole delegation (1,000 participants,
# 1,000,000 check-ins; --quick: 100,000), printed as a table, against a bare
# walk of the same rows in the same order with their names, printed
# (bench/bare.c walk). The goal is memory: the history is streamed, so the
# peak stays flat whatever its length (the scaling table in README shows
# the growth of the time: linear).
. "$top/bench/stores.sh"
BASELINE_NAME="bare walk of the rows with names, printed"
BENCH_MEMORY=1
BENCH_GOAL_KIB=32768
BENCH_REPS=3
H_CHECKINS=$([ "${BENCH_QUICK:-0}" = 1 ] && echo 100000 || echo 1000000)
bench_setup() { make_store 1000 $H_CHECKINS; }
bench_vigie() { $BENCH_TIME "$VIGIE" checkin history $BENCH_SLUG; }
bench_baseline() { $BENCH_TIME "$BUILD/bench/bench_bare" walk "$VIGIE_STORE" $BENCH_SLUG; }
