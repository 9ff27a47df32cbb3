#!/usr/bin/env bash
# A writer killed with SIGKILL at random moments, many times over, leaves a
# store that opens and passes check (key-slot changes and database writes).
. "$(dirname "$0")/lib.sh"
new_store
export VIGIE_NEW_PASSPHRASE="another good passphrase"
ROUNDS=${VIGIE_CRASH_ROUNDS:-40}
for i in $(seq 1 "$ROUNDS"); do
  case $((i % 3)) in
    0) "$VIGIE" key add --kdf interactive --label "k$i" >/dev/null 2>&1 & ;;
    1) "$VIGIE" config set org.name "Organisation $i" >/dev/null 2>&1 & ;;
    2) "$VIGIE" backup "$T/b$i.vgb" >/dev/null 2>&1 & ;;
  esac
  pid=$!
  sleep "0.0$((RANDOM % 10))$((RANDOM % 10))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  run check
  if [ "$RC" = 0 ]; then ok; else ko "round $i: the store does not pass check after SIGKILL"; break; fi
  # keep the key file from filling up
  if [ $((i % 9)) = 0 ]; then
    for s in $("$VIGIE" key list --json | grep -o '"slot":[0-9]*,"kind":"passphrase","label":"k[0-9]*"' | grep -o '"slot":[0-9]*' | cut -d: -f2); do
      "$VIGIE" key remove "$s" >/dev/null 2>&1
    done
  fi
done
expect 0 config list
expect 0 audit log
finish
