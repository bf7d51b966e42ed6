#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright (which never downloads a browser
# here). Install it, with fonts that cover Arabic, when it is missing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "naskh\|noto sans arabic"; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-core >/dev/null
