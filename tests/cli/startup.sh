#!/usr/bin/env bash
# Issue 16: libphonenumber (with ICU, protobuf, abseil and libstdc++) is
# loaded by the commands that read a phone number, not at the start of
# every command: `vigie --version`, `checkin status` and an export never
# map it; adding a participant's phone loads the module and normalises the
# number, in French too. The dynamic linker says what it loads (LD_DEBUG).
. "$(dirname "$0")/lib.sh"

loaded() { # loaded CMD...: the shared objects initialised while vigie ran CMD
  LD_DEBUG=libs "$VIGIE" "$@" 2>&1 >/dev/null </dev/null | grep "calling init" || true
}

# (a sanitizer build links libstdc++ for the sanitizers' own runtime, so
# libstdc++ is looked for only in a plain build)
if ldd "$VIGIE" | grep -q libasan; then cxx=''; else cxx='\|libstdc++'; fi
check "vigie is not linked to libphonenumber" sh -c "! ldd '$VIGIE' | grep -q 'libphonenumber\|libicu\|libprotobuf$cxx'"
OUT=$(loaded --version)
hasnt "libphonenumber"
hasnt "libicu"
hasnt "libprotobuf"
expect 0 init --kdf interactive --recovery-key-file "$T/rk"
expect 0 delegation add haiti-2026 --name "Haïti" --country HT --start 2026-03-01 --end 2026-03-15
OUT=$(loaded checkin status haiti-2026)
hasnt "libphonenumber"
hasnt "vigie_phone"
# a phone number: the module is loaded, the number written the Vigie way
OUT=$(loaded participant add haiti-2026 --name "Amélie Tremblay" --phone "(418) 555-0102" \
  --kin1-name "Hélène Tremblay" --kin1-phone "1-514-555-0177")
has "vigie_phone.so"
has "libphonenumber"
expect 0 participant show haiti-2026 amelie
has "+1 418 555 0102"
has "+1 514 555 0177"
# the Haitian local number still goes through the whole library, in French too
OUT=$(LANG=fr_CA.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE= "$VIGIE" participant add haiti-2026 --name "Jean Pierre" \
  --local-sim "+509 12" 2>&1)
RC=$?
check "a short Haitian number is refused" test "$RC" = 2 -o "$RC" = 1
has "haïtien"
OUT=$(loaded export delegation haiti-2026 --profile coordinator --output "$T/haiti.xlsx")
hasnt "libphonenumber"
check "the export was written" test -s "$T/haiti.xlsx"
finish
