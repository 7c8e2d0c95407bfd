#!/usr/bin/env bash
# The whole test suite, from a fresh machine: set-up, build, then side by side the typecheck, the
# security scan, the unit and integration tests under Node, and the Playwright specs in Debian's
# Chromium against the browser harness. Each stage's time is printed at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh || exit 1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_config_update_notifier=false
mkdir -p test-results
status=0
started=$SECONDS
times=()

# A stage in the foreground: `step NAME COMMAND…`.
step() {
  local name=$1 t0=$SECONDS
  shift
  echo "== $*"
  "$@" || status=1
  times+=("$(printf '%-10s %4d s (ended at %d s)' "$name" $((SECONDS - t0)) $((SECONDS - started)))")
}

# A stage beside the others, `beside NAME COMMAND…`: its lines prefixed with its name; `finish NAME` waits for it.
declare -A pids=()
ended=$(mktemp -d)
trap 'rm -rf "$ended"' EXIT
beside() {
  local name=$1 t0=$SECONDS
  shift
  echo "== [$name] $*"
  (
    "$@" 2>&1 | sed -u "s/^/[$name] /"
    rc=${PIPESTATUS[0]}
    # When it ended, for the times printed at the end (it may end long before it is waited for).
    echo "$((SECONDS - t0)) $((SECONDS - started))" >"$ended/$name"
    exit "$rc"
  ) &
  pids[$name]=$!
}
finish() {
  wait "${pids[$1]}" || status=1
  local took at
  read -r took at <"$ended/$1"
  times+=("$(printf '%-10s %4d s (ended at %d s)' "$1" "$took" "$at")")
}

# The build first: the browser specs and the tests of the built bundles run it.
step build npx electron-vite build --logLevel warn
# Then everything at once. Most of the unit tests' time is spent waiting on child processes (the
# crash tests kill hundreds of them, the PostgreSQL tests wait on the server) and the browser
# specs wait on the page: run one after the other, they left a core idle for much of 17 minutes.
beside typecheck npm run -s typecheck
beside security node scripts/electronegativity.cjs --out test-results/electronegativity.sarif
beside e2e npx playwright test
# The unit tests a little nicer than the browser specs: a spec waits on a page that must paint in
# time, a unit test mostly on its child processes, so on 2 cores the specs get the CPU first.
step vitest nice -n 5 npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
finish typecheck
finish security
finish e2e

echo "== stage times (wall, whole run $((SECONDS - started)) s):"
printf '   %s\n' "${times[@]}"
node scripts/summary.cjs || status=1
exit $status
