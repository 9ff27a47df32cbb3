#!/usr/bin/env bash
# Every command answers --help with 0 and a bad option with 2; unknown
# commands and missing arguments are usage errors (2); French and English.
. "$(dirname "$0")/lib.sh"
expect 0 --help
has "usage"
expect 0 --version
has "SQLCipher"
expect 2
expect 2 no-such-command
expect 2 key no-such-verb
expect 2 key
expect 2 --lang de status
cmds=$("$VIGIE" help --commands)
n=0
while read -r line; do
  [ -n "$line" ] || continue
  n=$((n + 1))
  # shellcheck disable=SC2086
  expect 0 $line --help
  has "usage: vigie $line"
  # shellcheck disable=SC2086
  expect 2 $line --no-such-option
  # shellcheck disable=SC2086
  expect 0 --lang fr $line --help
  has "usage : vigie"
done <<<"$cmds"
check "the command table lists at least 15 commands ($n)" test "$n" -ge 15
expect 0 help key add
has "--label"
expect 2 backup
has "missing argument" err
expect 2 config get a b c
# Issue 11: 300 unknown options once smashed main's stack (an unbounded
# rest[256]); 300 words of any kind are a usage error, never a crash.
many=()
for i in $(seq 1 300); do many+=("--zz$i"); done
expect 2 "${many[@]}"
has "too many arguments" err
many=()
for i in $(seq 1 300); do many+=("w$i"); done
expect 2 checkin import x "${many[@]}"
has "too many arguments" err
expect 0 completion bash
has "complete -F _vigie vigie"
check "completion script is valid bash" bash -n <<<"$OUT"
# French messages, accents intact, when the locale or --lang says so.
expect 1 --lang fr status
has "aucun coffre" err
LANG=fr_CA.UTF-8 LC_ALL= LC_MESSAGES= expect 1 status
has "aucun coffre" err
LANG=en_CA.UTF-8 LC_ALL= LC_MESSAGES= expect 1 status
has "no store" err
# Output to a full disk is an error, not a silent success.
# A mistyped command names the one meant (issue 13, the new-user review:
# "vigie delegaton list" said only "unknown command"), in French too
expect 2 delegaton list
has "did you mean 'delegation'?" err
expect 2 delegation lsit
has "did you mean 'delegation list'?" err
expect 2 --lang fr chekin status
has "commande inconnue « chekin » : vouliez-vous dire « checkin »?" err
expect 2 frobnicate
has "unknown command 'frobnicate' (see 'vigie help')" err
hasnt "did you mean" err

if [ -w /dev/full ]; then
  "$VIGIE" --help >/dev/full 2>/dev/null
  check "writing to /dev/full fails" test $? -ne 0
fi
finish
