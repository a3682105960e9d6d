#!/usr/bin/env bash
# Makes sure the reference-site tests (test/docs/) have a Chromium to drive: Debian's package at
# /usr/bin/chromium, or the executable CHROMIUM_PATH names. Run by `npm test` (pretest) and by .ci/run.
# Installs the package when it is missing and this runs as root with apt-get (as on CI and a fresh
# Debian machine); anywhere else it says how to get it and fails, because the browser test is never skipped.
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  exit 0
fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "CHROMIUM_PATH is set to \"$CHROMIUM_PATH\", which is not an executable." >&2
  exit 1
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "The reference-site tests need Chromium: installing Debian's chromium package (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  "$chromium" --version 2>/dev/null || true
  exit 0
fi
cat >&2 <<MESSAGE
The reference-site tests (test/docs/) drive Chromium and found none at $chromium.
Install Debian's package (sudo apt-get install chromium), or point CHROMIUM_PATH at a Chromium or Chrome
executable, then run the tests again.
MESSAGE
exit 1
