# Start-up of a command that parses no phone number (`vigie config list` on
# a store unlocked in the kernel keyring) against a bare process that opens
# the same store as Vigie does (key file, keyring, raw key, SQLCipher) and
# is linked only to what that needs (bench/bare.c open: no libphonenumber,
# ICU, protobuf, abseil, libstdc++). Peak memory too. Since issue 16
# libphonenumber (module vigie_phone.so) and libcurl are loaded on first
# use: vigie maps 17 shared objects, not 44.
. "$top/bench/stores.sh"
BASELINE_NAME="bare process that opens the store (lean)"
BENCH_MEMORY=1
BENCH_GOAL=1.3
BENCH_OPEN="libphonenumber and libcurl are loaded on first use (1.29x before issue 19 merged), but Pango, Cairo and fontconfig (issue 19's PDF paper) are linked into every command again: 52 shared objects, 2.1x, 13.5 MiB; they should be loaded on first use as vigie_phone.so is"
bench_setup() { make_store 10 0; }
# Ten processes per timed run: one start-up is a few ms, near the clock's
# resolution.
bench_vigie() { for _ in 1 2 3 4 5 6 7 8 9 10; do $BENCH_TIME "$VIGIE" config list || return; done; }
bench_baseline() {
  for _ in 1 2 3 4 5 6 7 8 9 10; do $BENCH_TIME "$BUILD/bench/bench_bare" open "$VIGIE_STORE" || return; done
}
