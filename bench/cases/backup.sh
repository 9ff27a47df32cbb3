# `vigie backup` of a store of 1,000,000 check-ins (--quick: 100,000)
# against a raw copy of its database file followed by BLAKE2b over the copy
# (cp + b2sum). Time and peak memory.
. "$top/bench/stores.sh"
BASELINE_NAME="raw copy of vigie.db + b2sum of it"
BENCH_MEMORY=1
BENCH_GOAL=2
BENCH_GOAL_KIB=32768
BENCH_REPS=5
BENCH_OPEN="the streamed backup is issue 15's"
B_CHECKINS=$([ "${BENCH_QUICK:-0}" = 1 ] && echo 100000 || echo 1000000)
bench_setup() { make_store 50 $B_CHECKINS; }
bench_prepare() { rm -f "$BENCH_TMP/b.vgb" "$BENCH_TMP/b.raw"; }
bench_vigie() { $BENCH_TIME "$VIGIE" backup "$BENCH_TMP/b.vgb" --force; }
bench_baseline() {
  $BENCH_TIME cp "$VIGIE_STORE/vigie.db" "$BENCH_TMP/b.raw" && $BENCH_TIME b2sum "$BENCH_TMP/b.raw"
}
