fn main() {
    // The config lives at the repository root (the design card's layout), not beside this crate.
    tauri_build::try_build(tauri_build::Attributes::new().config_path("../tauri.conf.json"))
        .expect("failed to run tauri-build");
}
