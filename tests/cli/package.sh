#!/usr/bin/env bash
# vigie on the PATH: `cmake --install` puts every file where Debian expects
# it and the installed vigie finds its data and translations beside itself
# (no --data-dir, no VIGIE_DATA_DIR); `cpack -G DEB` makes a package whose
# dependencies are declared and which lintian accepts (errors and warnings).
. "$(dirname "$0")/lib.sh"
: "${VIGIE_BUILD_DIR:?}"
unset VIGIE_DATA_DIR

# 1. cmake --install into a prefix that is neither /usr nor the configured one
P=$T/prefix
check "cmake --install" cmake --install "$VIGIE_BUILD_DIR" --prefix "$P"
for f in bin/vigie share/vigie/templates/readiness.yaml share/vigie/templates/checkin-ladder.yaml \
  share/vigie/templates/threat-categories.yaml share/vigie/templates/assessment/default.fr.yaml \
  share/vigie/country-guides/co.fr.md share/vigie/country-guides/ht.en.md \
  share/man/man1/vigie.1.gz share/man/fr/man1/vigie.1.gz \
  share/bash-completion/completions/vigie share/locale/fr/LC_MESSAGES/vigie.mo \
  share/locale/en/LC_MESSAGES/vigie.mo share/doc/vigie/copyright share/doc/vigie/changelog.Debian.gz; do
  check "installed: $f" test -f "$P/$f"
done
check "no FORMAT.md among the data" test ! -e "$P/share/vigie/country-guides/FORMAT.md"

# The installed binary reads the installed data, not the source tree's: a
# guide removed from the installed copy is gone from `guide list`.
rm -f "$P"/share/vigie/country-guides/mx.*.md
VIGIE=$P/bin/vigie
export VIGIE_STORE=$T/store
expect 0 --lang en guide list
has "HT"
hasnt "MX"
# ... and its French catalogue, found beside it
OUT=$(cd / && LANG=fr_CA.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE= "$VIGIE" help 2>&1)
has "commande"

# ... and its phone number module, loaded from beside it on the first
# number (issue 16: libphonenumber is not linked into vigie)
expect 0 init --kdf interactive --recovery-key-file "$T/rk"
expect 0 config set security.focal_phone "(514) 555-0142"
expect 0 config list
has "+1 514 555 0142"
check "installed: libexec/vigie/vigie_phone.so" test -f "$P/libexec/vigie/vigie_phone.so"

# the man pages, English and French, and the completion
OUT=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$P/share/man/man1/vigie.1.gz" 2>/dev/null)
has "EXIT STATUS"
has "vigie participant import"
OUT=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$P/share/man/fr/man1/vigie.1.gz" 2>/dev/null)
has "CODES DE SORTIE"
has "importer"
hasnt "@COMMANDS@"
OUT=$(bash -c ". '$P/share/bash-completion/completions/vigie'; complete -p vigie" 2>&1)
has "_vigie"

# 2. the Debian package
D=$T/deb
mkdir -p "$D"
check "cpack -G DEB" sh -c "cpack -G DEB -B '$D' --config '$VIGIE_BUILD_DIR/CPackConfig.cmake' >'$D/log' 2>&1"
deb=$(ls "$D"/vigie_*.deb 2>/dev/null | head -1)
check "a .deb was made" test -n "$deb"
OUT=$(dpkg-deb -f "$deb" Package Depends Section 2>&1)
for dep in libsqlcipher0 libsodium23 libxlsxwriter4 libyaml-0-2 libphonenumber libcsv3 libmd4c0 \
  libutf8proc2 libkeyutils1 libcurl4; do
  has "$dep"
done
hasnt "libsqlite3"
OUT=$(dpkg-deb -c "$deb" 2>&1)
for f in ./usr/bin/vigie ./usr/libexec/vigie/vigie_phone.so ./usr/share/man/man1/vigie.1.gz ./usr/share/man/fr/man1/vigie.1.gz \
  ./usr/share/bash-completion/completions/vigie ./usr/share/locale/fr/LC_MESSAGES/vigie.mo \
  ./usr/share/vigie/country-guides/co.fr.md ./usr/share/vigie/templates/readiness.yaml \
  ./usr/share/doc/vigie/copyright; do
  has " $f"
done
hasnt "/usr/local"
# lintian: no error, no warning
OUT=$(lintian --fail-on error,warning "$deb" 2>&1)
RC=$?
check "lintian accepts the package" test "$RC" = 0
hasnt "E: "
hasnt "W: "
# what dpkg would unpack runs and finds its data
dpkg-deb -x "$deb" "$T/root"
VIGIE=$T/root/usr/bin/vigie
expect 0 --lang en guide list
has "MX"
finish
