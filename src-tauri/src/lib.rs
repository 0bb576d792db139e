pub fn run() {
    tauri::Builder::default()
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("error while running Suanpan");
}
