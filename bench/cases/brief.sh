# Issue 19: the briefing packs of a 30-participant delegation, one `vigie
# brief` each on a store unlocked in the kernel keyring, against the same
# text (extracted from those packs) written to PDF by Pango and Cairo alone,
# one process per pack too. The difference is what the pack costs beyond
# setting its text: the store, the guide, the layout layer (headings,
# tables, footers) and the private atomic write.
BASELINE_NAME="Pango + Cairo alone, the same text, one process per pack"
BENCH_GOAL=3
bench_setup() {
  export VIGIE_STORE="$BENCH_TMP/brief"
  VIGIE_PASSPHRASE="a passphrase for the benchmark" "$VIGIE" init --kdf interactive \
    --recovery-key-file "$BENCH_TMP/brief.rk" >/dev/null
  if ! VIGIE_PASSPHRASE="a passphrase for the benchmark" "$VIGIE" unlock --for 30m 2>&1 | grep -q "unlocked\|déverrouillé"; then
    export VIGIE_PASSPHRASE="a passphrase for the benchmark"
  fi
  "$VIGIE" delegation add bench-2025 --name "Délégation banc d'essai" --country CO \
    --start 2025-03-01 --end 2025-03-12 >/dev/null
  "$VIGIE" checkin plan bench-2025 --daily 08:00 --daily 20:00 --grace 30 >/dev/null
  for i in $(seq -w 1 30); do
    "$VIGIE" participant add bench-2025 --name "Personne Fictive $i" --blood-group O+ \
      --allergies "aucune connue" --kin1-name "Proche Fictif $i" --kin1-phone "+1 514 555 01$i" >/dev/null
  done
  mkdir -p "$BENCH_TMP/packs" "$BENCH_TMP/text"
  for i in $(seq -w 1 30); do
    "$VIGIE" brief bench-2025 --participant "Personne Fictive $i" --output "$BENCH_TMP/text/$i.pdf" >/dev/null 2>&1
    pdftotext "$BENCH_TMP/text/$i.pdf" "$BENCH_TMP/text/$i.txt"
  done
}
bench_prepare() { rm -f "$BENCH_TMP"/packs/*; }
bench_vigie() {
  for i in $(seq -w 1 30); do
    "$VIGIE" brief bench-2025 --participant "Personne Fictive $i" --output "$BENCH_TMP/packs/$i.pdf" || return 1
  done
}
bench_baseline() {
  for i in $(seq -w 1 30); do
    "$BUILD/bench/bench_brief_pango" "$BENCH_TMP/packs/base-$i" "$BENCH_TMP/text/$i.txt" || return 1
  done
}
