#!/usr/bin/env bash
# Installs what building, running and testing Suanpan needs on Debian/Ubuntu, once; later runs
# only check. Usage: scripts/setup.sh [app|test]
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-app}"

# Tauri 2's system libraries (WebKitGTK 4.1, GTK 3, ...), plus Xvfb and WebKitWebDriver for the
# end-to-end tests. xauth must be named: xvfb-run needs it. libssl-dev: SQLCipher's crypto.
packages=(libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev librsvg2-dev
  libayatana-appindicator3-dev build-essential pkg-config libssl-dev curl file)
if [ "$purpose" = test ]; then
  # sqlite3: the encryption test shows the plain tool cannot read the company file.
  # python3: the sync e2e's small JSON and port helpers.
  # postgresql: the relay's tests run against PostgreSQL too (scripts/postgres.sh starts one).
  # poppler-utils: the invoice PDF test checks embedded fonts (pdffonts) and renders the page
  # (pdftoppm); zbar-tools: generated barcodes are read back by an independent decoder.
  packages+=(xvfb xauth webkit2gtk-driver dbus dbus-x11 at-spi2-core sqlite3 python3 postgresql
    poppler-utils zbar-tools)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The UI's packages, exactly as locked.
npm_install() {
  local dir="$1"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: npm ci in $dir"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  fi
}
npm_install ui

if [ "$purpose" = test ]; then
  npm_install e2e
  if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
    echo "setup: installing tauri-driver"
    cargo install tauri-driver --version ^2 --locked --quiet
  fi
fi
