use std::path::Path;
use std::process::Command;

/// The app embeds the built UI (`ui/dist`, tauri.conf.json's `frontendDist`); tauri's macros
/// panic without it. On a fresh clone it is not built yet: build it here, once, or say what to
/// run.
fn ensure_ui_built() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui");
    println!("cargo:rerun-if-changed=../ui/dist/index.html");
    if ui.join("dist/index.html").exists() {
        return;
    }
    let npm = |args: &[&str]| {
        Command::new("npm")
            .args(args)
            .current_dir(&ui)
            .status()
            .is_ok_and(|s| s.success())
    };
    let installed = ui.join("node_modules").exists() || npm(&["ci", "--no-audit", "--no-fund"]);
    if !(installed && npm(&["run", "build"])) {
        panic!(
            "\n\nThe app embeds the UI, which is not built yet and could not be built here.\n\
             Run `scripts/app.sh` (or `npm --prefix ui ci && npm --prefix ui run build`) first.\n"
        );
    }
}

fn main() {
    ensure_ui_built();
    // The config lives at the repository root (the design card's layout), not beside this crate.
    tauri_build::try_build(tauri_build::Attributes::new().config_path("../tauri.conf.json"))
        .expect("failed to run tauri-build");
}
