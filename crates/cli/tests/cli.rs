//! The `suanpan` binary as a user runs it: separate processes on one data directory.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};

const PASSWORD: &str = "correct-horse-9";

const DB_PASSPHRASE: &str = "cli test passphrase";

/// The CLI with no OS keychain (as on CI and servers): the company file's key is a passphrase.
fn suanpan_cmd() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_suanpan"));
    cmd.env("SUANPAN_KEYCHAIN", "off")
        .env("SUANPAN_DB_PASSPHRASE", DB_PASSPHRASE);
    cmd
}

fn suanpan(dir: &Path, args: &[&str]) -> Output {
    suanpan_cmd()
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("SUANPAN_PASSWORD", PASSWORD)
        .env_remove("SUANPAN_DATA_DIR")
        .env_remove("SUANPAN_USER")
        .output()
        .expect("run suanpan")
}

fn ok(dir: &Path, args: &[&str]) -> Value {
    let out = suanpan(dir, args);
    assert!(
        out.status.success(),
        "suanpan {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn failure(dir: &Path, args: &[&str]) -> Value {
    let out = suanpan(dir, args);
    assert!(!out.status.success(), "suanpan {args:?} should fail");
    assert!(out.stdout.is_empty(), "nothing on stdout when a call fails");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let json_start = stderr.find('{').expect("error JSON on stderr");
    serde_json::from_str(&stderr[json_start..]).expect("stderr ends in error JSON")
}

fn init(dir: &Path) {
    ok(
        dir,
        &[
            "init",
            "--company",
            "算盘小店",
            "--owner-email",
            "owner@example.com",
            "--owner-name",
            "老板",
        ],
    );
}

const USER: [&str; 2] = ["--user", "owner@example.com"];

fn call(dir: &Path, command: &str, input: Value) -> Value {
    let input = input.to_string();
    ok(dir, &[USER[0], USER[1], "call", command, &input])
}

#[test]
fn init_then_call_commands() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let status = ok(dir.path(), &["call", "setup.status", "{}"]);
    assert_eq!(
        status,
        json!({"initialized": true, "company_name": "算盘小店"})
    );

    let created = call(
        dir.path(),
        "customers.create",
        json!({"name": "王小明 <b>🍵</b>", "email": "x@y.cn"}),
    );
    assert_eq!(created["name"], "王小明 <b>🍵</b>");
    let page = call(dir.path(), "customers.list", json!({"search": "小明"}));
    assert_eq!(page["total"], 1);

    let err = failure(
        dir.path(),
        &["init", "--company", "again", "--owner-email", "a@b.cn"],
    );
    assert_eq!(err["error"]["code"], "conflict");
}

#[test]
fn errors_are_json_with_a_code_and_field() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let err = failure(
        dir.path(),
        &[USER[0], USER[1], "call", "customers.create", "{\"name\": "],
    );
    assert_eq!(err["error"]["code"], "bad_json");
    let err = failure(
        dir.path(),
        &[USER[0], USER[1], "call", "customers.fly", "{}"],
    );
    assert_eq!(err["error"]["code"], "unknown_command");
    let err = failure(
        dir.path(),
        &[
            USER[0],
            USER[1],
            "call",
            "customers.create",
            r#"{"name":"x","email":"nope"}"#,
        ],
    );
    assert_eq!(err["error"]["code"], "validation");
    assert_eq!(err["error"]["field"], "email");
    let err = failure(dir.path(), &["call", "customers.list", "{}"]);
    assert_eq!(
        err["error"]["code"], "unauthenticated",
        "no --user, no access"
    );
    let out = suanpan_cmd()
        .args(["--data-dir"])
        .arg(dir.path())
        .args([USER[0], USER[1], "call", "customers.list", "{}"])
        .env("SUANPAN_PASSWORD", "wrong-password")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unauthenticated"));
}

#[test]
fn commands_lists_every_command_with_its_permission() {
    let dir = tempfile::tempdir().unwrap();
    let list = ok(dir.path(), &["commands"]);
    let list = list.as_array().unwrap();
    let create = list
        .iter()
        .find(|c| c["command"] == "customers.create")
        .unwrap();
    assert_eq!(create["permission"], "customers.write");
    assert!(list
        .iter()
        .all(|c| !c["description"].as_str().unwrap().is_empty()));
    assert!(list
        .iter()
        .any(|c| c["command"] == "customers.segments.preview"));
}

#[test]
fn import_export_backup_and_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let csv_path = dir.path().join("in.csv");
    std::fs::write(&csv_path, "\u{feff}name,email,city,tags\n\"李, 华\",lh@example.cn,上海,vip;批发\nBob,bob@example.com,,\n").unwrap();
    let report = ok(
        dir.path(),
        &[
            USER[0],
            USER[1],
            "import",
            "customers",
            csv_path.to_str().unwrap(),
        ],
    );
    assert_eq!(report["imported"], 2);

    let bad_path = dir.path().join("bad.csv");
    std::fs::write(
        &bad_path,
        "name,email\nok,ok@example.com\n\"broken,x@example.com\n",
    )
    .unwrap();
    let err = failure(
        dir.path(),
        &[
            USER[0],
            USER[1],
            "import",
            "customers",
            bad_path.to_str().unwrap(),
        ],
    );
    assert_eq!(err["error"]["details"][0]["row"], 3);
    assert_eq!(
        call(dir.path(), "customers.list", json!({}))["total"],
        2,
        "a bad file adds nothing"
    );

    let out_path = dir.path().join("out.csv");
    let exported = ok(
        dir.path(),
        &[
            USER[0],
            USER[1],
            "export",
            "customers",
            out_path.to_str().unwrap(),
        ],
    );
    assert_eq!(exported["exported"], 2);
    let text = std::fs::read_to_string(&out_path).unwrap();
    assert!(text.contains("\"李, 华\",lh@example.cn"), "{text}");

    let backup = dir.path().join("backup.db");
    ok(dir.path(), &["backup", backup.to_str().unwrap()]);
    assert!(backup.metadata().unwrap().len() > 0);

    let before = call(dir.path(), "customers.list", json!({"status": "all"}));
    let rebuilt = ok(dir.path(), &["rebuild"]);
    assert_eq!(
        rebuilt["rebuilt_documents"], 4,
        "company, owner and two customers"
    );
    assert_eq!(
        call(dir.path(), "customers.list", json!({"status": "all"})),
        before
    );
}

#[test]
fn without_a_password_or_a_terminal_it_says_how_to_give_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = suanpan_cmd()
        .arg("--data-dir")
        .arg(dir.path())
        .args(["init", "--company", "x", "--owner-email", "a@b.cn"])
        .env_remove("SUANPAN_PASSWORD")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("SUANPAN_PASSWORD"), "{stderr}");
    let status = ok(dir.path(), &["call", "setup.status"]);
    assert_eq!(status["initialized"], false, "nothing was created");
}

#[test]
fn audit_verify_reports_tampering() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    call(dir.path(), "customers.create", json!({"name": "A"}));
    call(dir.path(), "customers.create", json!({"name": "B"}));
    let report = ok(dir.path(), &[USER[0], USER[1], "audit", "verify"]);
    assert_eq!(report["intact"], true);
    // Edit the data file behind the app's back, as someone with the file could.
    let conn = rusqlite::Connection::open(dir.path().join("suanpan.db")).unwrap();
    conn.pragma_update(None, "key", DB_PASSPHRASE).unwrap();
    conn.execute("UPDATE activity SET summary = 'x' WHERE seq = 2", [])
        .unwrap();
    let out = suanpan(dir.path(), &[USER[0], USER[1], "audit", "verify"]);
    assert!(!out.status.success(), "a broken chain exits non-zero");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["first_broken"]["seq"], 2);
}

#[test]
fn an_encrypted_file_without_its_passphrase_says_how_to_give_it() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let out = suanpan_cmd()
        .arg("--data-dir")
        .arg(dir.path())
        .args([USER[0], USER[1], "call", "customers.list", "{}"])
        .env("SUANPAN_PASSWORD", PASSWORD)
        .env_remove("SUANPAN_DB_PASSPHRASE")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "locked");
    assert_eq!(err["error"]["reason"], "passphrase_required");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(message.contains("SUANPAN_DB_PASSPHRASE"), "{message}");

    let out = suanpan(
        dir.path(),
        &[USER[0], USER[1], "call", "customers.list", "{}"],
    );
    assert!(out.status.success());
    let wrong = suanpan_cmd()
        .arg("--data-dir")
        .arg(dir.path())
        .args([USER[0], USER[1], "call", "customers.list", "{}"])
        .env("SUANPAN_PASSWORD", PASSWORD)
        .env("SUANPAN_DB_PASSPHRASE", "a wrong passphrase")
        .output()
        .unwrap();
    let err: Value = serde_json::from_slice(&wrong.stderr).unwrap();
    assert_eq!(err["error"]["reason"], "wrong_passphrase");
}
