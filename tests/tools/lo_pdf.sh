#!/usr/bin/env bash
# lo_pdf.sh OUTDIR FILE...: open each workbook in LibreOffice (headless) and
# convert it to PDF in OUTDIR, the proof that a real spreadsheet program
# reads it. Fails when LibreOffice is missing or a PDF is not produced.
# A private profile folder keeps parallel tests (and the user's own
# LibreOffice) apart; it is removed afterwards.
set -u
out=$1
shift
soffice=$(command -v soffice || command -v libreoffice || true)
if [ -z "$soffice" ]; then
  echo "lo_pdf: LibreOffice is not installed (apt-get install libreoffice-calc-nogui)" >&2
  exit 1
fi
mkdir -p "$out"
profile=$(mktemp -d "${TMPDIR:-/tmp}/vigie-lo.XXXXXX")
trap 'rm -rf "$profile"' EXIT
timeout 180 "$soffice" --headless --norestore --nolockcheck \
  "-env:UserInstallation=file://$profile" --convert-to pdf --outdir "$out" "$@" \
  >"$profile/log" 2>&1
rc=0
for f in "$@"; do
  pdf="$out/$(basename "${f%.*}").pdf"
  if [ ! -s "$pdf" ] || ! head -c 5 "$pdf" | grep -q '%PDF-'; then
    echo "lo_pdf: LibreOffice did not convert $f" >&2
    cat "$profile/log" >&2
    rc=1
  fi
done
exit $rc
