#!/usr/bin/env bash
# `npm test`: everything CI runs, on a clean clone or a developer's machine.
#  1. dependencies (npm ci when node_modules is missing) and system programs (redis-server, chromium)
#  2. type check and production build
#  3. unit + integration tests (vitest; real PostgreSQL, Redis and SMTP on loopback)
#  4. browser tests (Playwright + Chromium against the built app, with axe-core on every page)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-system-deps.sh
npm run build --silent
node_modules/.bin/tsc --noEmit
node_modules/.bin/vitest run
node_modules/.bin/tsx scripts/e2e.ts "$@"
echo "npm test finished in $(( $(date +%s) - start )) s"
