#!/usr/bin/env bash
# The store: creation, modes, encryption at rest, wrong passphrase, damage.
. "$(dirname "$0")/lib.sh"

expect 1 status
has "no store" err

# A short passphrase is refused and leaves nothing behind.
VIGIE_PASSPHRASE="too short" expect 1 init --kdf interactive
has "at least 12 characters" err
check "no store after a refused init" test ! -e "$VIGIE_STORE/vigie.keys" -a ! -e "$VIGIE_STORE/vigie.db"

expect 0 init --kdf interactive
has "RECOVERY KEY"
check "recovery key printed in 8 groups" grep -Eq '([0-9A-Z]{5}-){7}[0-9A-Z]{5}' <<<"$OUT"
check "store folder is 0700" test "$(stat -c %a "$VIGIE_STORE")" = 700
check "database is 0600" test "$(stat -c %a "$VIGIE_STORE/vigie.db")" = 600
check "key file is 0600" test "$(stat -c %a "$VIGIE_STORE/vigie.keys")" = 600

# Never over an existing store.
before=$(sums "$VIGIE_STORE/vigie.db" "$VIGIE_STORE/vigie.keys")
expect 1 init --kdf interactive
has "already exists" err
check "init over a store changes nothing" test "$before" = "$(sums "$VIGIE_STORE/vigie.db" "$VIGIE_STORE/vigie.keys")"

# Encryption at rest: no SQLite header, no plaintext of a stored string.
expect 0 config set org.name "Solidarité Marqueur-Unique Québec"
expect 0 config get org.name
has "Solidarité Marqueur-Unique Québec"
# Settings are checked (issue 13): phones like participants', stored in
# international form; text valid UTF-8 without C0 or C1 controls.
expect 0 config set org.phone "514.555.0100"
expect 0 config get org.phone
has "+1 514 555 0100"
expect 0 config set security.focal_phone "(514) 555-0142"
expect 0 config get security.focal_phone
has "+1 514 555 0142"
expect 1 config set security.focal_phone "pas de numéro"
has "security.focal_phone" err
expect 0 config get security.focal_phone
has "+1 514 555 0142"
expect 1 config set org.name "$(printf 'Bad \xc2\x85 name')"
has "control character" err
expect 1 config set org.name "$(printf 'Bad \xe9 latin-1')"
has "UTF-8" err
expect 1 delegation add c1-2027 --name "$(printf 'Stage \xc2\x9a')" --country HT --start 2027-02-06 --end 2027-02-27
has "control character" err
expect 0 config get org.name
has "Solidarité Marqueur-Unique Québec"
check "no SQLite header in vigie.db" bash -c "! head -c 16 '$VIGIE_STORE/vigie.db' | grep -q 'SQLite format 3'"
check "no plaintext in the store files" bash -c "! grep -rqa 'Marqueur-Unique' '$VIGIE_STORE'"
check "no plaintext (UTF-16) in the store files" bash -c "! grep -rqaP 'M\x00a\x00r\x00q' '$VIGIE_STORE'"
check "vigie links no libsqlite3" bash -c "! ldd '$VIGIE' | grep -q 'libsqlite3'"

expect 0 status
has "core 1"
expect 0 status --json
has '"fingerprint"'
expect 0 check
has "ok"

# Wrong passphrase: exit 5, nothing changed.
before=$(sums "$VIGIE_STORE"/vigie.*)
VIGIE_PASSPHRASE="wrong passphrase, sorry" expect 5 config set org.name "Changed"
has "wrong passphrase" err
check "wrong passphrase changes nothing" test "$before" = "$(sums "$VIGIE_STORE"/vigie.*)"
VIGIE_PASSPHRASE="wrong passphrase, sorry" expect 5 check
# No passphrase and no terminal: exit 5 with a hint.
nopass expect 5 config list
has "VIGIE_PASSPHRASE" err

# The audit log records every change, and check verifies its chain.
expect 0 --json audit log
has "store.init"
has "config.set"
expect 0 audit log --json --last 1
has '"action":"config.set"'

# Settings are validated.
expect 1 config set retention.months 500
expect 1 config set no.such.key x
expect 0 config set retention.months 24
expect 0 config list

# Damage: one byte flipped anywhere gives exit 6 with a message, never a crash.
cp -a "$VIGIE_STORE" "$T/pristine"
size=$(stat -c %s "$VIGIE_STORE/vigie.db")
# SQLCipher 3.4.1 pages end in 12 bytes of random padding outside the page
# HMAC (data + IV are authenticated); every other byte is covered.
for off in 0 20 100 1000 4100 8191-12 $((size / 2 - 100)) $((size - 13)) $((size - 4096)); do
  off=$((off))
  rm -rf "$VIGIE_STORE"; cp -a "$T/pristine" "$VIGIE_STORE"
  flip "$VIGIE_STORE/vigie.db" "$off"
  run check
  if [ "$RC" = 6 ] && [ -n "$ERR" ]; then ok; else ko "flipped database byte $off: exit $RC"; fi
done
# A flip in a page's padding changes no data: the store still reads whole.
rm -rf "$VIGIE_STORE"; cp -a "$T/pristine" "$VIGIE_STORE"
flip "$VIGIE_STORE/vigie.db" $((size - 1))
expect 0 config get org.name
has "Solidarité Marqueur-Unique Québec"
ksize=$(stat -c %s "$VIGIE_STORE/vigie.keys")
for off in 0 9 12 20 40 60 100 $((ksize - 40)) $((ksize - 1)); do
  rm -rf "$VIGIE_STORE"; cp -a "$T/pristine" "$VIGIE_STORE"
  flip "$VIGIE_STORE/vigie.keys" "$off"
  run status
  if [ "$RC" = 6 ] && [ -n "$ERR" ]; then ok; else ko "flipped key-file byte $off: exit $RC"; fi
done
rm -rf "$VIGIE_STORE"; cp -a "$T/pristine" "$VIGIE_STORE"
rm "$VIGIE_STORE/vigie.keys"
expect 6 check
has "key file" err

# Permissions too open: check says so (exit 3).
rm -rf "$VIGIE_STORE"; cp -a "$T/pristine" "$VIGIE_STORE"
chmod 644 "$VIGIE_STORE/vigie.db"
expect 3 check
has "chmod 600" err

finish
