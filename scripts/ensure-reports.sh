#!/usr/bin/env bash
# The PDF reports are rendered by WeasyPrint, which needs Pango (with HarfBuzz, fontconfig) from
# the system; the reports' tests read the PDFs back with poppler's pdftotext, pdffonts and
# pdftoppm. Install Debian's packages when one is missing (the fonts themselves ship with Ihya).
set -euo pipefail
missing=()
for tool in pdftoppm pdftotext pdffonts; do
  command -v "$tool" >/dev/null 2>&1 || { missing+=(poppler-utils); break; }
done
for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz.so.0 libfontconfig.so.1; do
  if ! ldconfig -p 2>/dev/null | grep -q "$lib"; then
    missing+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1)
    break
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
