# Making a field check-in code: open the kit (both slots always derived,
# default Argon2id 4 x 256 MiB each), sign, seal, rewrite the kit; against
# the two bare Argon2id derivations alone.
BASELINE_NAME="crypto_pwhash argon2id 2 x (4 x 256 MiB)"
bench_setup() {
  export VIGIE_STORE="$BENCH_TMP/field" VIGIE_PASSPHRASE="a passphrase for the benchmark"
  export VIGIE_KIT_PIN=204867 VIGIE_KIT_DURESS_PIN=913352
  "$VIGIE" init --kdf interactive --recovery-key-file "$BENCH_TMP/field.rk" >/dev/null
  "$VIGIE" delegation add bench-2025 --name Bench --country CO --start 2025-03-01 --end 2025-03-12 >/dev/null
  "$VIGIE" participant add bench-2025 --name "Marie Tremblay" >/dev/null
  "$VIGIE" kit export bench-2025 --participant marie --output "$BENCH_TMP/marie.kit" >/dev/null
}
bench_vigie() { VIGIE_KIT_PIN=204867 "$VIGIE" field checkin --kit "$BENCH_TMP/marie.kit" --where Bogotá; }
bench_baseline() { "$BUILD/bench/bench_kitpwhash" 2; }
