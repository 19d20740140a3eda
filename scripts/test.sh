#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine, then runs every test:
# type check, unit tests (Vitest), end-to-end tests in Chromium (Playwright) and a Firefox smoke test.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || [ -n "${PERFCAST_CHROMIUM:-}" ] || missing+=(chromium)
command -v firefox-esr >/dev/null || missing+=(firefox-esr)
[ -x /usr/bin/redis-server ] || [ -n "${PERFCAST_REDIS_SERVER:-}" ] || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian packages for the browser and queue tests: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif [[ " ${missing[*]} " == *" chromium "* ]]; then
    echo "The end-to-end tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install chromium' (or set PERFCAST_CHROMIUM)." >&2
    exit 1
  fi
fi

export ONNXRUNTIME_NODE_INSTALL=skip
npm ci --no-audit --no-fund
npm test
if command -v firefox-esr >/dev/null; then
  npm run test:firefox
else
  echo "Skipping the Firefox smoke test: firefox-esr is not installed ('sudo apt-get install firefox-esr')." >&2
fi
