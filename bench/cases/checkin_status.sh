# `vigie checkin status` for a delegation of 50 participants with 100,000
# check-ins of history (a year-long internship in Haiti), on a store unlocked
# in the kernel keyring, against the bare indexed SQL query for the latest
# check-in of each participant on the same store (bench/checkin_query.c: the
# raw key from the keyring, one seek per participant on
# checkins_participant_at). The history comes from bench/checkin_gen.c
# (libvigie's public API, one transaction, every check-in audited).
BASELINE_NAME="bare indexed query, same store"
BENCH_GOAL=1.2
BENCH_OPEN="libphonenumber and libcurl are loaded on first use now (start-up 17 -> 9 ms); what remains is the report's write transaction that syncs overdue episodes (a commit, the rollback anchor and its fsyncs) and its per-participant queries: 2.1x at full size"
CK_SLUG=bench-2025
CK_NOW=2025-03-10T02:00:00Z
bench_setup() {
  export VIGIE_STORE="$BENCH_TMP/checkin"
  VIGIE_PASSPHRASE="a passphrase for the benchmark" "$VIGIE" init --kdf interactive \
    --recovery-key-file "$BENCH_TMP/checkin.rk" >/dev/null
  if ! VIGIE_PASSPHRASE="a passphrase for the benchmark" "$VIGIE" unlock --for 30m 2>&1 | grep -q "unlocked\|déverrouillé"; then
    echo "note: no kernel keyring; checkin_status includes an interactive-cost unlock on both sides" >&2
    export VIGIE_PASSPHRASE="a passphrase for the benchmark"
  fi
  VIGIE_NOW=$CK_NOW VIGIE_PASSPHRASE="a passphrase for the benchmark" \
    "$BUILD/bench/bench_checkin_gen" "$VIGIE_STORE" $CK_SLUG 50 100000
}
bench_vigie() {
  local rc=0
  VIGIE_NOW=$CK_NOW "$VIGIE" checkin status $CK_SLUG || rc=$?
  [ $rc = 0 ] || [ $rc = 3 ] || [ $rc = 4 ]
}
bench_baseline() { "$BUILD/bench/bench_checkin_query" "$VIGIE_STORE" $CK_SLUG; }
