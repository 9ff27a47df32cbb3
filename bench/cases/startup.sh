# Start-up of a command that parses no phone number (`vigie config list` on
# a store unlocked in the kernel keyring) against a bare process that opens
# the same store as Vigie does (key file, keyring, raw key, SQLCipher) and
# is linked only to what that needs (bench/bare.c open: no libphonenumber,
# ICU, protobuf, abseil, libstdc++). Peak memory too.
. "$top/bench/stores.sh"
BASELINE_NAME="bare process that opens the store (lean)"
BENCH_MEMORY=1
BENCH_GOAL=1.3
BENCH_OPEN="libphonenumber and its ICU/protobuf/abseil stack still linked into every command (lazy loading not done)"
bench_setup() { make_store 10 0; }
bench_vigie() { $BENCH_TIME "$VIGIE" config list; }
bench_baseline() { $BENCH_TIME "$BUILD/bench/bench_bare" open "$VIGIE_STORE"; }
