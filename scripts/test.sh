#!/usr/bin/env bash
# Every test: formatting, lints, Rust tests, the UI's type check, lint and unit tests, and the
# end-to-end test that drives the real desktop app under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test

step() { printf '\n==> %s\n' "$*"; }

step "UI: type check, lint, build (the app embeds ui/dist)"
npm --prefix ui run typecheck
npm --prefix ui run lint
npm --prefix ui run build

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo build (app, CLI and the development host the UI tests and the end-to-end test use)"
cargo build --workspace

step "UI: unit and component tests, on the real core (the development host)"
ui_started=$SECONDS
# The host the workspace build just made: building it again alone (`cargo build -p`) would compile the core a
# second time with the devhost's own feature set, which on a clean clone took half the UI step.
SUANPAN_DEVHOST="${CARGO_TARGET_DIR:-$PWD/target}/debug/suanpan-devhost" npm --prefix ui run test
echo "UI test suite: $((SECONDS - ui_started)) s"

step "PostgreSQL for the relay's tests (a throwaway server on a free loopback port)"
PG_DIR="$(mktemp -d -t suanpan-test-pg.XXXXXX)"
trap 'bash scripts/postgres.sh stop "$PG_DIR"; rm -rf "$PG_DIR"' EXIT
SUANPAN_TEST_POSTGRES_URL="$(bash scripts/postgres.sh start "$PG_DIR")"
# The relay's tests run every story on SQLite and on PostgreSQL; here PostgreSQL may not be skipped.
export SUANPAN_TEST_POSTGRES_URL SUANPAN_REQUIRE_POSTGRES=1
# The PDF checks use poppler's tools, which setup.sh installed: here they may not be skipped.
export SUANPAN_REQUIRE_POPPLER=1

step "cargo test"
cargo test --workspace

step "sync end to end: a relay and two company folders driven by the CLI"
bash e2e/sync.sh

step "end-to-end: the real app under Xvfb via tauri-driver"
bash e2e/run.sh
