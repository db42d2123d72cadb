#!/usr/bin/env bash
# Every test of Bagdar: the Rust unit and integration tests, then the browser tests in Debian's
# Chromium (driven by playwright-core) against the built bundled portal served by a plain static
# server. Installs what is missing where it can, or says exactly what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

missing() { echo "error: $1" >&2; exit 1; }
command -v cargo >/dev/null || missing "cargo is not installed: install Rust with rustup (the toolchain is pinned in rust-toolchain.toml)"
command -v python3 >/dev/null || missing "python3 is not installed (Debian: apt-get install python3); the browser tests serve the site with python3 -m http.server"
command -v node >/dev/null && command -v npm >/dev/null \
  || missing "node and npm are not installed (Debian: apt-get install nodejs npm)"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    missing "/usr/bin/chromium is missing: run 'sudo apt-get install chromium' (Debian's package)"
  fi
fi

if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

cargo test --workspace --locked
cargo build --locked --bin bagdar
# Each browser test file runs in a node process of its own under a hard limit, and every test
# under a limit of its own: a test that hangs fails the run in minutes instead of running out
# CI's time. --test-force-exit ends a file's process when its tests are done, even if something
# was left open.
failed=()
for file in tests/browser/*.test.js; do
  timeout --kill-after=10s 10m node --test --test-force-exit --test-timeout=300000 "$file" || failed+=("$file")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "browser tests failed or timed out: ${failed[*]}" >&2
  exit 1
fi
