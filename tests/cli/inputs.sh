#!/usr/bin/env bash
# Inputs an adversary or an accident hands to Vigie (security review of
# 2026-12): a FIFO given as an input file (finding 17), a folder given as a
# kit (25), a kit with KDF parameters Vigie never writes (14).
. "$(dirname "$0")/lib.sh"
new_store
PY=/usr/bin/python3
expect 0 delegation add colombie-2025 --name "Colombie" --country CO --start 2025-03-01 --end 2025-03-12
expect 0 participant add colombie-2025 --name "Zoé Roy"

# A FIFO as the CSV to import: refused at once, never a hang.
mkfifo "$T/fifo.csv"
start=$(date +%s)
OUT=$(timeout 20 "$VIGIE" participant import colombie-2025 "$T/fifo.csv" 2>"$T/.err" </dev/null); RC=$?; ERR=$(cat "$T/.err")
check "a FIFO as input file does not hang (exit $RC)" test "$RC" != 124
check "a FIFO as input file is refused (exit $RC)" test "$RC" = 1
has "not a regular file" err

# A folder as a kit: "not a regular file", exit 1 (not "too large", exit 6).
mkdir -p "$T/folder.kit"
expect 1 field show --kit "$T/folder.kit"
has "not a regular file" err

# A kit whose slot asks for 64 passes: refused at once as altered (exit 6).
VIGIE_KIT_PIN=204867 VIGIE_KIT_DURESS_PIN=913352 \
  expect 0 kit export colombie-2025 --participant zoé --output "$T/k.kit" --kdf interactive
$PY - "$T/k.kit" <<'PY'
import sys, hashlib, struct
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b[32 + 8:32 + 16] = struct.pack('<Q', 64)
b[32 + 128 + 8:32 + 128 + 16] = struct.pack('<Q', 64)
b[-32:] = hashlib.blake2b(bytes(b[:-32]), digest_size=32).digest()
open(p, 'wb').write(bytes(b))
PY
start=$(date +%s%N)
VIGIE_KIT_PIN=204867 expect 6 field show --kit "$T/k.kit"
el=$((($(date +%s%N) - start) / 1000000))
has "never writes" err
check "the altered kit is refused before any derivation ($el ms)" test "$el" -lt 2000
finish
