# `vigie status` (the store, its schema and the count of every table) on a
# store of 1,000,000 check-ins and as many audit entries (--quick: 100,000),
# against a command that opens the same store and reads one setting
# (`vigie config list`).
. "$top/bench/stores.sh"
BASELINE_NAME="vigie config list, same store"
BENCH_MEMORY=1
BENCH_GOAL=1.5
BENCH_OPEN="count(*) of the check-ins still walks their smallest index (linear: 1,000,000 rows, 3,400 pages); the audit log is counted by its last number"
VS_CHECKINS=$([ "${BENCH_QUICK:-0}" = 1 ] && echo 100000 || echo 1000000)
bench_setup() { make_store 50 $VS_CHECKINS; }
bench_vigie() { $BENCH_TIME "$VIGIE" status; }
bench_baseline() { $BENCH_TIME "$VIGIE" config list; }
