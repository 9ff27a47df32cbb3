#!/usr/bin/env bash
# Backup and restore: same content back, never over a store, damage refused.
. "$(dirname "$0")/lib.sh"
new_store
expect 0 config set org.name "Comité de solidarité"
expect 0 backup "$T/b.vgb"
check "backup is 0600" test "$(stat -c %a "$T/b.vgb")" = 600
check "backup holds no plaintext" bash -c "! grep -qa 'solidarit' '$T/b.vgb'"
expect 1 backup "$T/b.vgb"
has "already exists" err
expect 0 backup "$T/b.vgb" --force

# Restore elsewhere: same content, and a store that passes check.
expect 0 --store "$T/r1" restore "$T/b.vgb"
expect 0 --store "$T/r1" config get org.name
has "Comité de solidarité"
expect 0 --store "$T/r1" check
run audit log --json; a1=$OUT
run --store "$T/r1" audit log --json; a2=$OUT
# the backup is audited after it is written: the original has that one entry more
check "restored audit log equals the original but its store.backup entry" /usr/bin/python3 -c '
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.exit(0 if a[:-1] == b and a[-1]["action"] == "store.backup" else 1)' "$a1" "$a2"

# Never over a store.
expect 1 restore "$T/b.vgb"
has "never overwrites" err

# A wrong passphrase restores nothing.
VIGIE_PASSPHRASE="not the passphrase" expect 5 --store "$T/r2" restore "$T/b.vgb"
check "nothing left after a refused restore" test -z "$(ls -d "$T"/r2* 2>/dev/null)"

# A damaged backup: exit 6, nothing written.
size=$(stat -c %s "$T/b.vgb")
for off in 0 13 20 40 60 300 $((size / 2)) $((size - 1)); do
  cp "$T/b.vgb" "$T/d.vgb"
  flip "$T/d.vgb" "$off"
  run --store "$T/r3" restore "$T/d.vgb"
  if [ "$RC" = 6 ] && [ -n "$ERR" ]; then ok; else ko "flipped backup byte $off: exit $RC"; fi
  check "nothing left after damaged backup $off" test -z "$(ls -d "$T"/r3* 2>/dev/null)"
done
head -c 100 "$T/b.vgb" > "$T/t.vgb"
expect 6 --store "$T/r4" restore "$T/t.vgb"
expect 1 --store "$T/r4" restore "$T/missing.vgb"
finish
