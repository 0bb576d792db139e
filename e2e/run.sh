#!/usr/bin/env bash
# End-to-end test of the desktop app, driven through tauri-driver (WebDriver) on a virtual display:
# spec.mjs on a fresh company file made by the CLI, then firstrun.mjs on an empty data folder (the
# company made through the app's first-run form, the start checklist done in place).
#
#   e2e/run.sh [REPO_ROOT]        (default: the folder above this script)
#
# Needs target/debug/suanpan and target/debug/suanpan-app built (the app embeds ui/dist at
# compile time: build the UI first), tauri-driver (TAURI_DRIVER, default ~/.cargo/bin/tauri-driver),
# WebKitWebDriver and xvfb-run. Ends with a line `N passed, N failed`.
set -euo pipefail

E2E_TIMEOUT_S=${E2E_TIMEOUT_S:-300}    # the WebDriver client hangs rather than fails without a display
DRIVER_PORT=${WEBDRIVER_PORT:-4444}
DRIVER_WAIT_S=30

fail() {
  echo "e2e: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

# shellcheck disable=SC2317 # called from the EXIT trap
stop_driver() {
  kill -TERM -- "-$driver_pid" 2>/dev/null || true
  sleep 1
  kill -KILL -- "-$driver_pid" 2>/dev/null || true
}

# Runs inside xvfb-run: start tauri-driver, run the spec with a hard timeout, stop the driver.
inner() {
  local log="$E2E_WORK/tauri-driver.log"
  # Its own session and process group, so stopping it also stops the WebKitWebDriver and the app
  # it launched, and nothing else.
  setsid "$TAURI_DRIVER" --port "$DRIVER_PORT" --native-port "$((DRIVER_PORT + 1))" >"$log" 2>&1 &
  driver_pid=$! # global: the EXIT trap needs it after this function has returned
  trap stop_driver EXIT

  local waited=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$DRIVER_PORT") 2>/dev/null; do
    if ! kill -0 "$driver_pid" 2>/dev/null; then
      cat "$log" >&2
      fail "tauri-driver exited before listening on port $DRIVER_PORT"
    fi
    ((waited++ < DRIVER_WAIT_S * 10)) || fail "tauri-driver is not listening on port $DRIVER_PORT after ${DRIVER_WAIT_S}s"
    sleep 0.1
  done

  local rc=0
  WEBDRIVER_PORT="$DRIVER_PORT" E2E_ARTIFACTS="$E2E_WORK" \
    timeout --kill-after=10 "$E2E_TIMEOUT_S" node "$E2E_DIR/$E2E_SPEC" || rc=$?
  if ((rc == 124 || rc == 137)); then
    echo "e2e: the test did not finish within ${E2E_TIMEOUT_S}s; tauri-driver log:" >&2
    tail -n 40 "$log" >&2 || true
    echo "0 passed, 1 failed"
  elif ((rc != 0)); then
    echo "e2e: tauri-driver log (last lines):" >&2
    tail -n 40 "$log" >&2 || true
  fi
  return "$rc"
}

if [[ "${1:-}" == "--inner" ]]; then
  inner
  exit $?
fi

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "${1:-$E2E_DIR/..}" && pwd)"
CLI="$ROOT/target/debug/suanpan"
APP="$ROOT/target/debug/suanpan-app"
TAURI_DRIVER="${TAURI_DRIVER:-$HOME/.cargo/bin/tauri-driver}"

[[ -x "$CLI" ]] || fail "$CLI is missing: build it with cargo build -p suanpan-cli"
[[ -x "$APP" ]] || fail "$APP is missing: build the UI (npm --prefix ui run build), then cargo build -p suanpan-app"
[[ -x "$TAURI_DRIVER" ]] || fail "tauri-driver not found at $TAURI_DRIVER (cargo install tauri-driver --locked)"
command -v WebKitWebDriver >/dev/null || fail "WebKitWebDriver is missing (apt-get install webkit2gtk-driver)"
command -v xvfb-run >/dev/null || fail "xvfb-run is missing (apt-get install xvfb xauth)"
if [[ -f "$ROOT/ui/dist/index.html" && "$ROOT/ui/dist/index.html" -nt "$APP" ]]; then
  echo "e2e: warning: ui/dist is newer than $APP; the app embeds the UI it was built with" >&2
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$DRIVER_PORT") 2>/dev/null; then
  fail "port $DRIVER_PORT is already in use (set WEBDRIVER_PORT to another port)"
fi

if [[ ! -d "$E2E_DIR/node_modules/webdriverio" ]]; then
  npm --prefix "$E2E_DIR" ci --no-audit --no-fund >&2
fi

E2E_WORK="$(mktemp -d -t suanpan-e2e.XXXXXX)"
DATA_DIR="$E2E_WORK/data"
mkdir -p "$DATA_DIR"
echo "e2e: data folder $DATA_DIR" >&2

# The company file is encrypted with this passphrase, not a key in an OS keychain: with the keychain
# off, for the CLI and the app alike, the app must ask for it even on a desktop that has a keychain.
DB_PASSPHRASE="e2e-tea-house-passphrase"
SUANPAN_KEYCHAIN=off SUANPAN_DB_PASSPHRASE="$DB_PASSPHRASE" SUANPAN_PASSWORD=correct-horse-9 \
  "$CLI" --data-dir "$DATA_DIR" init --company "E2E Shop" --owner-email owner@example.com >&2 ||
  fail "suanpan init failed"

# A cashier tries an owner's command through the CLI: the core must refuse it (and log it, which
# the spec checks in the app's activity log).
cli() { SUANPAN_KEYCHAIN=off SUANPAN_DB_PASSPHRASE="$DB_PASSPHRASE" "$CLI" --data-dir "$DATA_DIR" "$@"; }
SUANPAN_PASSWORD=correct-horse-9 cli --user owner@example.com call users.create \
  '{"name":"Cash","email":"cash@example.com","role":"cashier","password":"cashier-pass-1"}' >/dev/null ||
  fail "the owner could not add a cashier"
if refusal=$(SUANPAN_PASSWORD=cashier-pass-1 cli --user cash@example.com call users.create \
  '{"name":"Mallory","email":"m@example.com","role":"owner","password":"mallory-pass-1"}' 2>&1); then
  fail "a cashier created an owner through the CLI"
fi
grep -q '"code": "forbidden"' <<<"$refusal" || fail "the cashier's refusal is not 'forbidden': $refusal"

# A real relay for the app's Sync settings.
RELAY="$ROOT/target/debug/suanpan-sync-server"
[[ -x "$RELAY" ]] || fail "$RELAY is missing: build it with cargo build -p suanpan-sync-server"
RELAY_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$RELAY" --listen "127.0.0.1:$RELAY_PORT" --data-dir "$E2E_WORK/relay" >"$E2E_WORK/relay.log" 2>&1 &
relay_pid=$!
trap 'kill "$relay_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$RELAY_PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
export E2E_RELAY_URL="http://127.0.0.1:$RELAY_PORT"

export E2E_DIR E2E_WORK TAURI_DRIVER DRIVER_PORT E2E_TIMEOUT_S
export SUANPAN_APP="$APP"
export SUANPAN_DATA_DIR="$DATA_DIR"
export SUANPAN_KEYCHAIN=off
export E2E_DB_PASSPHRASE="$DB_PASSPHRASE"
# Files the app saves (invoice PDFs, reports) land here instead of asking through a native
# dialog the WebDriver cannot click.
export SUANPAN_SAVE_DIR="$E2E_WORK/saved"
mkdir -p "$SUANPAN_SAVE_DIR"
# Its own HOME and XDG folders: the WebView keeps its storage (the UI language among it) under
# ~/.local/share/app.suanpan.desktop, which must not carry over from an earlier run or the desktop.
export HOME="$E2E_WORK/home" XDG_DATA_HOME="$E2E_WORK/home/.local/share" \
  XDG_CONFIG_HOME="$E2E_WORK/home/.config" XDG_CACHE_HOME="$E2E_WORK/home/.cache" \
  XDG_STATE_HOME="$E2E_WORK/home/.local/state"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
# WebKitGTK on a virtual display: no GPU, no accessibility bus.
export WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1

# Each suite on its own display and tauri-driver: the app reads its data folder when it starts.
export E2E_SPEC=spec.mjs
rc=0
xvfb-run -a --server-args="-screen 0 1280x800x24" bash "$E2E_DIR/run.sh" --inner || rc=$?

# A shop's first start: an empty data folder and a HOME of its own (nothing of the first suite's
# WebView storage), the company made through the app's own first-run form, the start checklist done.
if ((rc == 0)); then
  echo "e2e: first run on an empty data folder" >&2
  export E2E_SPEC=firstrun.mjs
  export SUANPAN_DATA_DIR="$E2E_WORK/fresh" E2E_DB_PASSPHRASE="first-light-passphrase-9"
  export HOME="$E2E_WORK/home2" XDG_DATA_HOME="$E2E_WORK/home2/.local/share" \
    XDG_CONFIG_HOME="$E2E_WORK/home2/.config" XDG_CACHE_HOME="$E2E_WORK/home2/.cache" \
    XDG_STATE_HOME="$E2E_WORK/home2/.local/state"
  mkdir -p "$SUANPAN_DATA_DIR" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
  xvfb-run -a --server-args="-screen 0 1280x800x24" bash "$E2E_DIR/run.sh" --inner || rc=$?
fi
if ((rc == 0)); then
  rm -rf "$E2E_WORK"
else
  echo "e2e: kept $E2E_WORK (data, tauri-driver log, failure screenshot)" >&2
fi
exit "$rc"
