#!/usr/bin/env bash
# Builds and runs the Suanpan desktop app (embedded SQLite; no server needed).
# The company file lives in the OS data folder, or in SUANPAN_DATA_DIR if set.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh app
npm --prefix ui run build --silent
exec cargo run --release -p suanpan-app
