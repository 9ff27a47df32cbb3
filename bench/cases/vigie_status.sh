# `vigie status` (the store, its schema and the count of every table) on a
# store of 1,000,000 check-ins and as many audit entries (--quick: 100,000),
# against a command that opens the same store and reads one setting
# (`vigie config list`). The check-ins are counted by the count kept in
# the same transaction as their writes (checkin_count), the audit log by
# its last number.
. "$top/bench/stores.sh"
BASELINE_NAME="vigie config list, same store"
BENCH_MEMORY=1
BENCH_GOAL=1.5
VS_CHECKINS=$([ "${BENCH_QUICK:-0}" = 1 ] && echo 100000 || echo 1000000)
bench_setup() { make_store 50 $VS_CHECKINS; }
bench_vigie() { $BENCH_TIME "$VIGIE" status; }
bench_baseline() { $BENCH_TIME "$VIGIE" config list; }
