# Unlocking with a passphrase (Argon2id, default "moderate" slot) and reading
# the store, against one bare Argon2id derivation with the same parameters.
BASELINE_NAME="crypto_pwhash argon2id 2 x 256 MiB"
bench_setup() {
  export VIGIE_STORE="$BENCH_TMP/unlock" VIGIE_PASSPHRASE="a passphrase for the benchmark"
  "$VIGIE" init --kdf moderate --recovery-key-file "$BENCH_TMP/unlock.rk" >/dev/null
}
bench_vigie() { "$VIGIE" config list; }
bench_baseline() { "$BUILD/bench/bench_pwhash"; }
