#!/usr/bin/env bash
# npm test: every test — domain, store and API (vitest 'unit') and the browser tests against the
# started app in headless Chromium (vitest 'browser'). Provisions Chromium first when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/provision.sh
echo "Node $(node --version)"
# One build before the browser tests, so parallel test files never build at the same time.
npx vite build --logLevel warn
mkdir -p test-results
rm -f test-results/vitest.json
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
# A plain closing line that any CI reads the same way.
if [ -f test-results/vitest.json ]; then
  node -e "const r=require('./test-results/vitest.json');console.log(r.numPassedTests+' passed, '+r.numFailedTests+' failed')"
fi
exit $status
