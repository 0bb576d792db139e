#!/usr/bin/env bash
# Development only: the UI in a plain browser on the real core. Starts the development host
# (crates/devhost: the core's command table on 127.0.0.1, a throw-away company from a fixture)
# and Vite's dev server, which passes the UI's calls to it. Open http://localhost:5173 and sign in
# as owner@example.com / correct-horse-9 (or manager@, accountant@, cashier@, staff@ once made).
# Usage: scripts/dev.sh [empty|company|shop]   (default: shop, a small tea shop)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh app
cargo build -p suanpan-devhost
target/debug/suanpan-devhost --port 7311 --fixture "${1:-shop}" --allow-origin http://localhost:5173 &
host=$!
trap 'kill $host 2>/dev/null' EXIT
npm --prefix ui run dev
