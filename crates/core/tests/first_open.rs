//! The first company files a process opens, opened by several threads at once, all open.
//! SQLite marks itself initialised before SQLCipher has started, so without a wait a thread
//! could key its file in that window and fail ("sqlcipher not initialized"). The window is
//! only there once per process, so the test runs its body in many fresh processes (this same
//! binary, started again).

mod common;

use std::process::Command;
use std::sync::{Arc, Barrier};

use suanpan_core::store::crypt;

const CHILD: &str = "SUANPAN_FIRST_OPEN_CHILD";
const PROCESSES: usize = 100;
const THREADS: usize = 12;

#[test]
fn files_opened_by_many_threads_at_start_up_all_open() {
    if std::env::var_os(CHILD).is_some() {
        open_at_once();
        return;
    }
    let exe = std::env::current_exe().unwrap();
    for run in 0..PROCESSES {
        let out = Command::new(&exe)
            .args([
                "--exact",
                "files_opened_by_many_threads_at_start_up_all_open",
            ])
            .args(["--nocapture", "--test-threads", "1"])
            .env(CHILD, "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "process {run} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn open_at_once() {
    let dirs: Vec<_> = (0..THREADS).map(|_| tempfile::tempdir().unwrap()).collect();
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = dirs
        .iter()
        .map(|dir| {
            let path = dir.path().to_path_buf();
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                let file = path.join(suanpan_core::DATA_FILE);
                crypt::open(&file, common::with_keychain()).expect("open and key the file");
            })
        })
        .collect();
    for handle in handles {
        handle.join().expect("every file opens");
    }
}
