#!/usr/bin/env bash
# Installs what this machine lacks for Presskeep's build and tests, and nothing it already has:
# Debian packages (Chromium for the browser specs, fonts for rendered test images, xmllint for
# schema validation, zip for a bag made by another tool, unshare for the offline OCR check,
# PostgreSQL for team archives) and the npm dependencies (when node_modules is missing or older than the lock).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
command -v zip >/dev/null 2>&1 || need+=(zip)
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# Team archives: the tests start a throwaway cluster with these binaries (initdb, pg_ctl).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql-15)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${need[*]} from Debian…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "Presskeep's tests need these system packages: ${need[*]} (e.g. sudo apt-get install ${need[*]})." >&2
    exit 1
  fi
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm dependencies…"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
