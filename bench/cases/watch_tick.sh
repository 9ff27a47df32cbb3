# One tick of `vigie watch --once` over 20 delegations in the field, each of
# 10 participants with a year of history (7,300 check-ins each, 146,000 in
# all, from bench/checkin_gen.c), on a store unlocked in the kernel keyring,
# after a first tick has notified what was due (the steady state: nothing new
# to send), against `vigie checkin status` over the same 20 delegations (the
# same reports, without events and outbox). Goal (issue 17): under 100 ms of
# CPU per tick; the setup prints the tick's user+system CPU (median of 5).
BASELINE_NAME="checkin status, all 20 delegations"
BENCH_REPS=5
WT_NOW=2025-03-10T02:00:00Z
bench_setup() {
  export VIGIE_STORE="$BENCH_TMP/watch"
  local pass="a passphrase for the benchmark" n
  VIGIE_PASSPHRASE="$pass" "$VIGIE" init --kdf interactive \
    --recovery-key-file "$BENCH_TMP/watch.rk" >/dev/null
  if ! VIGIE_PASSPHRASE="$pass" "$VIGIE" unlock --for 30m 2>&1 | grep -q "unlocked\|déverrouillé"; then
    echo "note: no kernel keyring; watch_tick includes an interactive-cost unlock on both sides" >&2
    export VIGIE_PASSPHRASE="$pass"
  fi
  for n in $(seq -w 1 20); do
    VIGIE_NOW=$WT_NOW VIGIE_PASSPHRASE="$pass" \
      "$BUILD/bench/bench_checkin_gen" "$VIGIE_STORE" "bench-$n" 10 $([ "$BENCH_QUICK" = 1 ] && echo 730 || echo 7300)
  done
  "$VIGIE" notify add "Coordination" --role coordinator --phone "+1 514 555 0199" >/dev/null
  "$VIGIE" notify set sms.command "/bin/true {to}"
  VIGIE_NOW=$WT_NOW "$VIGIE" watch --once >/dev/null # the first tick sends what is due
  local cpu
  cpu=$(for _ in 1 2 3 4 5; do
    VIGIE_NOW=$WT_NOW /usr/bin/time -f "%U %S" "$VIGIE" watch --once 2>&1 >/dev/null | tail -1
  done | awk '{ print ($1 + $2) * 1000 }' | sort -n | awk '{a[NR]=$1} END {print a[3]}')
  echo "watch_tick: one tick over 20 delegations, median CPU ${cpu} ms (user+system; goal < 100 ms)" >&2
}
bench_vigie() { VIGIE_NOW=$WT_NOW "$VIGIE" watch --once; }
bench_baseline() {
  local rc=0
  VIGIE_NOW=$WT_NOW "$VIGIE" checkin status || rc=$?
  [ $rc = 0 ] || [ $rc = 3 ] || [ $rc = 4 ]
}
