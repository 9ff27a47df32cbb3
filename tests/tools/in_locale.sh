#!/usr/bin/env bash
# in_locale.sh CMD...: run one test under the locale the suite runs in,
# VIGIE_TEST_LOCALE (default C.UTF-8). scripts/dev test runs the whole suite
# twice: under C.UTF-8, then under fr_CA.UTF-8, the users' desktop, whose
# decimal point is a comma. Under a locale other than C.UTF-8 every category
# follows it (numbers, times, character classes, collation) except the
# messages, which the tests read in English unless they ask for --lang fr;
# tests/cli/locale.sh runs the whole French desktop, messages included.
# A locale that is not installed fails the test: it never silently runs in C.
set -u
loc=${VIGIE_TEST_LOCALE:-C.UTF-8}
norm() { printf '%s' "$1" | tr 'A-Z' 'a-z' | tr -d '-'; }
if ! locale -a 2>/dev/null | tr 'A-Z' 'a-z' | tr -d '-' | grep -qx "$(norm "$loc")"; then
  echo "in_locale: the locale $loc is not installed (scripts/dev deps generates it)" >&2
  exit 1
fi
unset LC_ALL LANGUAGE
export LANG=$loc
if [ "$(norm "$loc")" != "c.utf8" ]; then
  export LC_MESSAGES=C.UTF-8
fi
exec "$@"
