#!/usr/bin/env bash
# The whole test suite, from a fresh machine: set-up, typecheck, build, unit and integration
# tests under Node, then the Playwright specs in Debian's Chromium against the browser harness.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh || exit 1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_config_update_notifier=false
mkdir -p test-results
status=0
step() {
  echo "== $*"
  "$@" || status=1
}
step npm run -s typecheck
step npx electron-vite build --logLevel warn
step npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
step npx playwright test
step node scripts/electronegativity.cjs --out test-results/electronegativity.sarif 
node scripts/summary.cjs || status=1
exit $status
