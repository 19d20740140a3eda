#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the end-to-end tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The end-to-end tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install chromium' (or set PERFCAST_CHROMIUM)." >&2
    [ -n "${PERFCAST_CHROMIUM:-}" ] || exit 1
  fi
fi

export ONNXRUNTIME_NODE_INSTALL=skip
npm ci --no-audit --no-fund
npm test
