# Store writes: N check-ins logged through libvigie's vg_checkin_log, each
# validated and audited (bench/checkin_write.c, one transaction), against
# the same check-in rows and the same hash-chained audit rows inserted with
# bare SQLCipher and libsodium (bench/bare.c writes), each on a fresh copy
# of the same store (50 participants). 100,000 (--quick: 10,000).
# Each check-in also looks for the overdue episode it ends (issue 12): in
# one transaction that check keeps what it learnt of each participant (their
# open episode, latest check-in, one-offs, the plan and its slot instants)
# instead of reading it back (checkin/episode.c).
. "$top/bench/stores.sh"
BASELINE_NAME="same rows + chained audit rows, bare SQLCipher"
BENCH_GOAL=1.2
WRITES=$([ "${BENCH_QUICK:-0}" = 1 ] && echo 10000 || echo 100000)
bench_setup() { make_store 50 0; cp -a "$VIGIE_STORE" "$BENCH_TMP/writes.pristine"; }
bench_prepare() { rm -rf "$BENCH_TMP/writes" "$XDG_STATE_HOME/vigie" && cp -a "$BENCH_TMP/writes.pristine" "$BENCH_TMP/writes"; }
bench_vigie() {
  VIGIE_NOW=$BENCH_NOW "$BUILD/bench/bench_checkin_write" "$BENCH_TMP/writes" $BENCH_SLUG $WRITES
}
bench_baseline() {
  "$BUILD/bench/bench_bare" writes "$BENCH_TMP/writes" $BENCH_SLUG $WRITES 1741572000
}
