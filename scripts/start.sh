#!/usr/bin/env bash
# Installs the dependencies and starts the dashboard on the embedded default data set.
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip
npm ci --no-audit --no-fund
npm start
