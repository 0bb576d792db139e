#!/usr/bin/env bash
# Builds an installer of the desktop app with the Tauri CLI (release build):
#   scripts/bundle.sh                 # Linux: target/release/bundle/deb/Suanpan_<version>_amd64.deb
#   scripts/bundle.sh --bundles msi   # on Windows; dmg on macOS
# The CLI wants its config beside the app crate, but ours lives at the repository root (the
# design card's layout, which build.rs reads). So this writes a copy into src-tauri/ with its
# paths made relative to that folder, bundles, and removes the copy again.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh app
npm --prefix ui run build
copy="$PWD/src-tauri/tauri.conf.json"
trap 'rm -f "$copy"' EXIT
node -e '
  const config = require("./tauri.conf.json");
  config.build.frontendDist = "../" + config.build.frontendDist;
  config.build.beforeBuildCommand = "";   // the UI was built above
  config.build.beforeDevCommand = "";
  config.bundle.icon = config.bundle.icon.map((path) => "../" + path);
  process.stdout.write(JSON.stringify(config, null, 2));
' > "$copy"
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--bundles deb)
cd src-tauri
../ui/node_modules/.bin/tauri build "${args[@]}"
