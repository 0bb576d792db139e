#![allow(dead_code)]

use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock};

pub mod relay;

use serde_json::{json, Value};
use suanpan_core::secrets::{MemoryStore, SecretStore};
use suanpan_core::store::crypt::{self, Unlock};
use suanpan_core::{Core, Error};

pub const PASSWORD: &str = "correct-horse-9";

/// This test binary's stand-in for the OS keychain, shared like the real one (entries are
/// named by each file's salt, so tests never collide).
pub fn keychain() -> &'static MemoryStore {
    static KEYCHAIN: OnceLock<MemoryStore> = OnceLock::new();
    KEYCHAIN.get_or_init(MemoryStore::default)
}

pub fn with_keychain() -> Unlock<'static> {
    Unlock {
        keychain: Some(keychain() as &dyn SecretStore),
        passphrase: None,
    }
}

/// The company file in `dir`, its key from the test keychain.
pub fn open_on_disk(dir: &Path) -> Core {
    Core::open(dir, Box::<MemoryStore>::default(), with_keychain()).expect("open the company file")
}

/// A bare SQLite connection to the company file in `dir` (to tamper with it as an attacker with
/// the key would).
pub fn raw_connection(dir: &Path) -> rusqlite::Connection {
    crypt::open(&dir.join(suanpan_core::DATA_FILE), with_keychain())
        .expect("open the raw file")
        .conn
}

pub struct Shop {
    pub core: Core,
    pub token: String,
}

impl Shop {
    pub fn new() -> Shop {
        Shop::from_core(Core::open_in_memory().expect("in-memory core"))
    }

    /// A shop whose clock the test moves: `now.fetch_add(ms, SeqCst)`.
    pub fn with_clock(start_ms: i64) -> (Shop, Arc<AtomicI64>) {
        let mut core = Core::open_in_memory().expect("in-memory core");
        let now = Arc::new(AtomicI64::new(start_ms));
        let clock = now.clone();
        core.set_clock(Box::new(move || clock.load(Ordering::SeqCst)));
        (Shop::from_core(core), now)
    }

    /// The owner of an existing company file, signed in.
    pub fn signed_in(mut core: Core) -> Shop {
        let session = core
            .call(
                None,
                "users.auth.login",
                json!({"email": "owner@example.com", "password": PASSWORD}),
            )
            .expect("sign in");
        let token = session["token"].as_str().expect("token").to_string();
        Shop { core, token }
    }

    pub fn from_core(mut core: Core) -> Shop {
        let session = core
            .call(
                None,
                "setup.init",
                json!({
                    "company_name": "测试小店",
                    "owner_name": "Owner",
                    "owner_email": "owner@example.com",
                    "password": PASSWORD,
                }),
            )
            .expect("setup.init");
        let token = session["token"].as_str().expect("token").to_string();
        Shop { core, token }
    }

    pub fn call(&mut self, command: &str, input: Value) -> Value {
        self.core
            .call(Some(&self.token), command, input.clone())
            .unwrap_or_else(|err| panic!("{command} {input} failed: {err:?}"))
    }

    pub fn fail(&mut self, command: &str, input: Value) -> Error {
        match self.core.call(Some(&self.token), command, input.clone()) {
            Ok(out) => panic!("{command} {input} should fail but returned {out}"),
            Err(err) => err,
        }
    }

    pub fn customer(&mut self, name: &str, extra: Value) -> Value {
        let mut input = json!({ "name": name });
        if let Value::Object(map) = extra {
            input.as_object_mut().unwrap().extend(map);
        }
        self.call("customers.create", input)
    }

    /// Every projection table, rows sorted: what a rebuild must reproduce exactly.
    pub fn projection_snapshot(&self) -> Vec<(String, Vec<String>)> {
        let conn = self.core.connection();
        // The integer `key` of customers is internal and may be renumbered by a rebuild.
        let customer_columns = "id, name, email, phone, line1, line2, city, region, postal_code, country, tax_id, tags, archived, erased, created_at_ms, updated_at_ms, search_text";
        let tables = [
            "company",
            "users",
            "customers",
            "customer_search",
            "customer_cjk",
            "customer_tags",
            "customer_notes",
            "customer_interactions",
            "customer_segments",
        ];
        tables
            .iter()
            .map(|table| {
                let columns = match *table {
                    "customers" => customer_columns,
                    "customer_search" => "text, archived",
                    "customer_cjk" => "grams, archived",
                    _ => "*",
                };
                let mut stmt = conn
                    .prepare(&format!("SELECT {columns} FROM {table}"))
                    .unwrap();
                let columns = stmt.column_count();
                let mut rows: Vec<String> = stmt
                    .query_map([], |row| {
                        let mut cells = Vec::new();
                        for i in 0..columns {
                            let value: rusqlite::types::Value = row.get(i)?;
                            cells.push(format!("{value:?}"));
                        }
                        Ok(cells.join("|"))
                    })
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap();
                rows.sort();
                (table.to_string(), rows)
            })
            .collect()
    }
}

/// A page of customers without what differs between two companies holding the same people
/// (ids and times), sorted, for comparing one company's customers with another's.
pub fn comparable(page: Value) -> Vec<Value> {
    let mut items: Vec<Value> = page["items"]
        .as_array()
        .expect("a page")
        .iter()
        .map(|c| {
            let mut c = c.clone();
            for key in ["id", "created_at_ms", "updated_at_ms"] {
                c.as_object_mut().expect("an object").remove(key);
            }
            c
        })
        .collect();
    items.sort_by_key(|c| c.to_string());
    items
}
