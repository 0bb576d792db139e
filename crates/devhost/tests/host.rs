//! The development host as the UI's tests and a browser use it: the real binary on a free
//! loopback port, driven over HTTP.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

struct Host {
    child: Child,
    url: String,
    http: reqwest::blocking::Client,
}

impl Drop for Host {
    fn drop(&mut self) {
        // As vitest stops it: SIGTERM, on which it removes its companies' folders.
        let stopped = Command::new("kill")
            .arg(self.child.id().to_string())
            .status()
            .is_ok_and(|s| s.success());
        if !stopped {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

impl Host {
    fn start(fixture: &str) -> Host {
        let mut child = Command::new(env!("CARGO_BIN_EXE_suanpan-devhost"))
            .args(["--port", "0", "--fixture", fixture])
            .args(["--allow-origin", "http://localhost:5173"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the development host");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("its first line");
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .expect("an address")
            .to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "{line}");
        Host {
            child,
            url,
            http: reqwest::blocking::Client::new(),
        }
    }

    fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .http
            .post(format!("{}{path}", self.url))
            .json(&body)
            .send()
            .expect("the host answers");
        let status = response.status().as_u16();
        (status, response.json().expect("JSON"))
    }

    fn ok(&self, path: &str, body: Value) -> Value {
        let (status, answer) = self.post(path, body.clone());
        assert_eq!(status, 200, "{path} {body}: {answer}");
        answer
    }
}

#[test]
fn a_fresh_company_answers_the_command_table_as_the_shell_does() {
    let host = Host::start("empty");
    let made = host.ok(
        "/reset",
        json!({"fixture": "company", "roles": ["cashier"]}),
    );
    let company = made["company"].as_str().unwrap();
    let owner = made["sessions"]["owner"]["token"].as_str().unwrap();
    let cashier = made["sessions"]["cashier"]["token"].as_str().unwrap();
    assert_eq!(made["sessions"]["cashier"]["user"]["role"], "cashier");

    let customer = host.ok(
        "/call",
        json!({"company": company, "token": owner, "command": "customers.create",
               "input": {"name": "王芳"}}),
    );
    assert_eq!(customer["name"], "王芳");
    let page = host.ok(
        "/call",
        json!({"company": company, "session": owner, "command": "customers.list", "input": {}}),
    );
    assert_eq!(page["total"], 1);

    // Refusals are the core's error object, as `invoke` rejects with it.
    let (status, err) = host.post(
        "/call",
        json!({"company": company, "token": cashier, "command": "users.create",
               "input": {"name": "M", "email": "m@example.com", "role": "owner", "password": "x"}}),
    );
    assert_eq!((status, err["code"].as_str()), (403, Some("forbidden")));
    let (status, err) = host.post(
        "/call",
        json!({"company": company, "token": owner, "command": "customers.create",
               "input": {"name": ""}}),
    );
    assert_eq!((status, err["field"].as_str()), (400, Some("name")));

    // Another company is another world; the default one (empty) has no company yet.
    let other = host.ok("/reset", json!({}));
    assert_ne!(other["company"], made["company"]);
    let status = host.ok("/call", json!({"command": "setup.status"}));
    assert_eq!(status["initialized"], false);
}

#[test]
fn another_device_works_offline_and_both_sync() {
    let host = Host::start("empty");
    let made = host.ok("/reset", json!({"fixture": "company"}));
    let company = made["company"].as_str().unwrap();
    let owner = made["sessions"]["owner"]["token"].as_str().unwrap();
    host.ok("/peer/join", json!({"company": company}));
    host.ok(
        "/call",
        json!({"company": company, "token": owner, "command": "inventory.products.create",
               "input": {"name": "Oolong", "sku": "OOL-1", "price": "30"}}),
    );
    // The other till did not know of it: the same SKU is taken there too.
    host.ok(
        "/peer",
        json!({"company": company, "command": "inventory.products.create",
               "input": {"name": "Oolong tea", "sku": "ool-1", "price": "31"}}),
    );
    let clashes = host.ok(
        "/call",
        json!({"company": company, "token": owner, "command": "inventory.products.clashes"}),
    );
    assert_eq!(clashes.as_array().unwrap().len(), 1, "{clashes}");
}

#[test]
fn fixtures_are_made_by_real_commands() {
    let host = Host::start("shop");
    let login = host.ok(
        "/call",
        json!({"command": "users.auth.login",
               "input": {"email": "owner@example.com", "password": "correct-horse-9"}}),
    );
    let token = login["token"].as_str().unwrap();
    let stock = host.ok(
        "/call",
        json!({"token": token, "command": "inventory.stock.low", "input": {}}),
    );
    // The floor's minimum is 5: 铁观音 (2) is low; 龙井 (6) and 普洱 (12) are not.
    assert_eq!(stock.as_array().unwrap().len(), 1, "{stock}");
    let (status, _) = host.post("/reset", json!({"fixture": "nonsense"}));
    assert_eq!(status, 400);
}

#[test]
fn only_its_own_address_and_allowed_origins_are_answered() {
    let host = Host::start("empty");
    let port = host.url.rsplit(':').next().unwrap().to_string();
    let send = |host_header: &str, origin: Option<&str>| {
        let mut request = host
            .http
            .post(format!("{}/call", host.url))
            .header("host", host_header)
            .json(&json!({"command": "setup.status"}));
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send().unwrap().status().as_u16()
    };
    let own = format!("127.0.0.1:{port}");
    assert_eq!(send(&own, None), 200);
    assert_eq!(send(&format!("localhost:{port}"), None), 200);
    assert_eq!(send(&own, Some("http://localhost:5173")), 200);
    // DNS rebinding: a page of another site whose name now points at 127.0.0.1.
    assert_eq!(send(&format!("evil.example:{port}"), None), 403);
    assert_eq!(send(&own, Some("https://evil.example")), 403);
    assert_eq!(send(&own, Some("null")), 403);
}

#[test]
fn a_tampered_activity_log_is_found_by_the_core() {
    let host = Host::start("empty");
    let made = host.ok("/reset", json!({"fixture": "company"}));
    let company = made["company"].as_str().unwrap();
    let owner = made["sessions"]["owner"]["token"].as_str().unwrap();
    let verify = || {
        host.ok(
            "/call",
            json!({"company": company, "token": owner, "command": "users.activity.verify"}),
        )
    };
    assert_eq!(verify()["intact"], true, "{}", verify());
    host.ok(
        "/tamper",
        json!({"company": company,
               "sql": "UPDATE activity SET summary = 'nothing happened' WHERE rowid = 1"}),
    );
    assert_eq!(verify()["intact"], false);
}
