# Shared by the end-to-end tests: source it, then call the helpers.
#
#   run CMD...            runs vigie with CMD, sets $OUT, $ERR, $RC
#   expect EXIT CMD...    runs, fails the test unless the exit code is EXIT
#   has TEXT [WHERE]      $OUT (or $ERR with WHERE=err) contains TEXT
#   hasnt TEXT [WHERE]    ... does not contain TEXT
#   finish                prints "N passed, N failed" and exits non-zero on failure
set -u
: "${VIGIE:?VIGIE must name the vigie binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/vigie-test.XXXXXX")
export VIGIE_STORE="$T/store"
export XDG_STATE_HOME="$T/state" # what the account has seen of stores (rollback), per test
export VIGIE_PASSPHRASE="correct horse battery staple"
export NO_COLOR=1
unset VIGIE_NEW_PASSPHRASE VIGIE_RECOVERY_KEY VIGIE_NOW 2>/dev/null || true
PASSED=0
FAILED=0
cleanup() {
  # forget any key this test cached, then the files
  if [ -f "$VIGIE_STORE/vigie.keys" ]; then "$VIGIE" lock >/dev/null 2>&1 || true; fi
  rm -rf "$T"
}
trap cleanup EXIT

run() {
  OUT=$("$VIGIE" "$@" 2>"$T/.err" </dev/null)
  RC=$?
  ERR=$(cat "$T/.err")
}

ok() { PASSED=$((PASSED + 1)); }
ko() {
  FAILED=$((FAILED + 1))
  echo "FAIL: $*" >&2
  echo "  exit: ${RC:-?}" >&2
  echo "  stdout: ${OUT:-}" | head -20 >&2
  echo "  stderr: ${ERR:-}" | head -10 >&2
}

expect() {
  local want=$1
  shift
  run "$@"
  if [ "$RC" = "$want" ]; then ok; else ko "vigie $* exited $RC, expected $want"; fi
}

has() {
  local where=${2:-out} text
  if [ "$where" = err ]; then text=$ERR; else text=$OUT; fi
  case "$text" in *"$1"*) ok ;; *) ko "expected '$1' in $where" ;; esac
}

hasnt() {
  local where=${2:-out} text
  if [ "$where" = err ]; then text=$ERR; else text=$OUT; fi
  case "$text" in *"$1"*) ko "did not expect '$1' in $where" ;; *) ok ;; esac
}

# nopass CMD...: run a helper (expect, has...) with no VIGIE_PASSPHRASE, in
# this shell so that its pass/fail counts are kept.
nopass() {
  local saved=$VIGIE_PASSPHRASE
  unset VIGIE_PASSPHRASE
  "$@"
  export VIGIE_PASSPHRASE="$saved"
}

check() { # check DESCRIPTION COMMAND...: passes if the shell command succeeds
  local what=$1
  shift
  if "$@"; then ok; else ko "$what"; fi
}

# A store for tests: fast Argon2id (interactive) so tests stay quick.
new_store() {
  "$VIGIE" init --kdf interactive --recovery-key-file "$T/recovery.txt" >/dev/null 2>&1 </dev/null ||
    { echo "cannot create a test store" >&2; exit 1; }
}

finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}

# flip FILE OFFSET: invert one byte in place
flip() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys
p, off = sys.argv[1], int(sys.argv[2])
with open(p, 'r+b') as f:
    f.seek(off); b = f.read(1); f.seek(off); f.write(bytes([b[0] ^ 0x5a]))
PY
}

# sum FILE...: a fingerprint of files' contents
sums() { cat "$@" 2>/dev/null | sha256sum | cut -c1-64; }
