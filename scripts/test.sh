#!/usr/bin/env bash
# Every test: formatting, lints, Rust tests, the UI's type check, lint and unit tests, and the
# end-to-end test that drives the real desktop app under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test

step() { printf '\n==> %s\n' "$*"; }

step "UI: type check, lint, unit tests, build (the app embeds ui/dist)"
npm --prefix ui run typecheck
npm --prefix ui run lint
npm --prefix ui run test
npm --prefix ui run build

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo build (app and CLI, used by the end-to-end test)"
cargo build --workspace

step "cargo test"
cargo test --workspace

step "sync end to end: a relay and two company folders driven by the CLI"
bash e2e/sync.sh

step "end-to-end: the real app under Xvfb via tauri-driver"
bash e2e/run.sh
