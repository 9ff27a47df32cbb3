# Importing 10,000 participants from an Excel-style CSV (semicolons, BOM,
# CRLF), end to end (validation, phones through libphonenumber, names
# folded, one audit entry per participant, one transaction), against
# inserting the same rows with SQLCipher directly in one transaction
# (bench/sqlcipher_insert.c). The ratio is the cost of Vigie's own work.
BASELINE_NAME="same rows, bare SQLCipher, one transaction"
BENCH_GOAL=5
BENCH_OPEN="the North-American fast path skips libphonenumber's parse and format, but IsValidNumberForRegion (ICU regular expressions) still checks each of the 30,000 numbers, and the inserts: 7.7x at 10,000 (17.5x before)"
bench_setup() {
  export VIGIE_STORE="$BENCH_TMP/import" VIGIE_PASSPHRASE="a passphrase for the benchmark"
  "$VIGIE" init --kdf interactive --recovery-key-file "$BENCH_TMP/import.rk" >/dev/null
  "$VIGIE" delegation add bench-2026 --name "Bench" --country CO --start 2026-03-01 --end 2026-03-15 >/dev/null
  rows=10000
  [ "${BENCH_QUICK:-0}" = 1 ] && rows=2000
  /usr/bin/python3 - "$BENCH_TMP/participants.csv" "$rows" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
head = ("Prénom;Nom;Courriel;Cellulaire;Date de naissance;Numéro de passeport;"
        "Expiration du passeport;Contact d'urgence;Téléphone du contact d'urgence;Assureur;"
        "Numéro de police;Assistance 24/7;Groupe sanguin;Allergies;Rôle")
groups = ["O+", "O-", "A+", "A-", "B+", "B-", "AB+", "AB-"]
with open(path, "wb") as f:
    f.write(b"\xef\xbb\xbf" + head.encode() + b"\r\n")
    for i in range(n):
        row = [f"Éloïse{i:05d}", f"Bélanger-Côté{i % 97}", f"p{i}@exemple.qc.ca",
               f"418 555 {i % 10000:04d}", f"{1 + i % 28:02d}/{1 + i % 12:02d}/19{60 + i % 40}",
               f"AB{i:06d}", f"20{30 + i % 5}-0{1 + i % 9}-1{i % 10}", f"Hélène{i} Bélanger",
               f"514 555 {(i * 7) % 10000:04d}", "Croix Bleue", f"PÔL-{i}", "+1 800 555 0123",
               groups[i % 8], "Arachides" if i % 3 == 0 else "", "Stagiaire"]
        f.write((";".join(row) + "\r\n").encode())
PY
  cp -a "$VIGIE_STORE" "$BENCH_TMP/import.pristine"
  if "$VIGIE" unlock --for 10m 2>&1 | grep -q "unlocked\|déverrouillé"; then
    unset VIGIE_PASSPHRASE
  else
    echo "note: no kernel keyring; import also measures an interactive-cost unlock" >&2
  fi
}
bench_vigie() {
  rm -rf "$VIGIE_STORE" "$XDG_STATE_HOME/vigie" && cp -a "$BENCH_TMP/import.pristine" "$VIGIE_STORE"
  "$VIGIE" participant import bench-2026 "$BENCH_TMP/participants.csv"
}
bench_baseline() {
  rm -f "$BENCH_TMP/baseline.db"
  "$BUILD/bench/bench_sqlcipher_insert" "$BENCH_TMP/baseline.db" "$BENCH_TMP/participants.csv"
}
