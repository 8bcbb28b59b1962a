#!/usr/bin/env bash
# npm test: everything a clean machine needs, then every test suite.
# Browser tests need Debian's Chromium, PDF checks poppler's pdftotext, the check that the
# Word export opens in LibreOffice needs LibreOffice Writer, the store's tests on
# PostgreSQL start a throwaway server from Debian's postgresql, and the tests of several
# servers add Debian's redis-server and haproxy; on these machines (root, Debian) we install
# them; elsewhere we stop and name the command to run.
set -euo pipefail
cd "$(dirname "$0")/.."

# First of all, the Node that package.json's "engines" names: on another one, stop here and say so.
node scripts/checkNode.mjs

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v haproxy >/dev/null 2>&1 || need+=(haproxy)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${need[*]} from Debian (needed by the browser, export, PostgreSQL and cluster tests)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "The tests need: ${need[*]}. Run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

npm run typecheck
# Lint and format check (biome.jsonc): hook dependencies, ARIA patterns, the formatter's layout.
npm run lint
npm run build
npx vitest run "$@"
# Smoke run of the benchmarks (issue 6): every cheap scenario at tiny sizes, no timing assertion.
npm run bench -- --quick --no-write
