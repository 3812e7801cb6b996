#!/usr/bin/env bash
# npm test: format, lint, types, then every suite against real PGlite, PostgreSQL, Redis and Chromium.
# REQUIRE_SERVICES=1 turns a missing PostgreSQL or Redis into a failure; REQUIRE_BROWSER=1 does the same for Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== format, lint, layers, unused code, types"
npx prettier --check . --log-level warn
npx eslint .
# Imports follow the layers of docs/ARCHITECTURE.md, without cycles (.dependency-cruiser.js, docs/CHECKS.md).
npm run --silent lint:layers
# No unused file, export or dependency (knip.jsonc).
npm run --silent knip
npx tsc --noEmit

# The integration suites start server.ts as `npm start` does, pages included: build them fresh.
echo "== build the pages"
build_log="$(mktemp)"
npx next build > "$build_log" 2>&1 || { cat "$build_log"; exit 1; }

echo "== unit, API and integration tests"
npx vitest run

browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  echo "== browser tests"
  npx vitest run --config vitest.e2e.config.ts
elif [ "${REQUIRE_BROWSER:-}" = "1" ]; then
  echo "REQUIRE_BROWSER=1 but no Chromium at $browser" >&2
  exit 1
else
  echo "skipping the browser tests: no Chromium at $browser (apt-get install -y chromium; REQUIRE_BROWSER=1 fails instead)"
fi
