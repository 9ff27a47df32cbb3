#!/usr/bin/env bash
# lo_pdf.sh OUTDIR FILE...: open each workbook in LibreOffice (headless) and
# convert it to PDF in OUTDIR, the proof that a real spreadsheet program
# reads it. Fails when LibreOffice is missing or a PDF is not produced.
# LO_TO=xlsx converts to a workbook instead (what LibreOffice read, written
# back: compare it with the original); LO_INFILTER names the import filter
# and its options (a CSV read as Excel fr-CA reads it:
# 'CSV:59,34,76,1,,3084,false,true').
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
  "-env:UserInstallation=file://$profile" ${LO_INFILTER:+"--infilter=$LO_INFILTER"} \
  --convert-to "${LO_TO:-pdf}" --outdir "$out" "$@" \
  >"$profile/log" 2>&1
rc=0
for f in "$@"; do
  ext=${LO_TO:-pdf}
  pdf="$out/$(basename "${f%.*}").${ext%%:*}"
  if [ ! -s "$pdf" ] || { [ "$ext" = pdf ] && ! head -c 5 "$pdf" | grep -q '%PDF-'; }; then
    echo "lo_pdf: LibreOffice did not convert $f" >&2
    cat "$profile/log" >&2
    rc=1
  fi
done
exit $rc
