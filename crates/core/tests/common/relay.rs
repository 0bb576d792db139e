//! Devices in one process sharing an in-memory relay feed, with faults to inject: the
//! harness of the sync tests.

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::{json, Value};
use suanpan_core::sync::{FeedEntry, Relay, Sealed, SyncKey};
use suanpan_core::{Core, Error, ErrorCode};

use super::{Shop, PASSWORD};

/// The relay's feed, in memory, shared by every device of a test.
#[derive(Default)]
pub struct Feed {
    pub entries: Vec<Sealed>,
    pub files: std::collections::HashMap<String, Vec<u8>>,
    /// Files a device said no record refers to any more, in the order it said so.
    pub forgotten: Vec<String>,
}

/// One device's connection to the feed, with faults to inject.
pub struct MemRelay {
    pub feed: Rc<RefCell<Feed>>,
    /// The next push stores this many entries, then fails as if the connection dropped before
    /// the acknowledgement.
    pub lose_ack_after: Option<usize>,
    /// Pulls hand their batch over in reverse.
    pub reverse: bool,
    /// The next push is stored in reverse: a relay that reorders what it is given.
    pub scramble_next_push: bool,
}

impl MemRelay {
    pub fn new(feed: &Rc<RefCell<Feed>>) -> MemRelay {
        MemRelay {
            feed: feed.clone(),
            lose_ack_after: None,
            reverse: false,
            scramble_next_push: false,
        }
    }
}

impl Relay for MemRelay {
    fn push(&mut self, entries: &[Sealed]) -> Result<(), Error> {
        let mut feed = self.feed.borrow_mut();
        let mut reversed;
        let entries = if std::mem::take(&mut self.scramble_next_push) {
            reversed = entries.to_vec();
            reversed.reverse();
            &reversed[..]
        } else {
            entries
        };
        match self.lose_ack_after.take() {
            Some(n) => {
                feed.entries.extend(entries.iter().take(n).cloned());
                Err(Error::new(ErrorCode::Storage, "connection lost"))
            }
            None => {
                feed.entries.extend(entries.iter().cloned());
                Ok(())
            }
        }
    }

    fn pull(&mut self, since: u64, limit: usize) -> Result<Vec<FeedEntry>, Error> {
        let feed = self.feed.borrow();
        let mut batch: Vec<FeedEntry> = feed
            .entries
            .iter()
            .enumerate()
            .skip(since as usize)
            .take(limit)
            .map(|(i, sealed)| FeedEntry {
                seq: i as u64 + 1,
                sealed: sealed.clone(),
            })
            .collect();
        if self.reverse {
            batch.reverse();
        }
        Ok(batch)
    }

    fn put_file(&mut self, name: &str, blob: &[u8]) -> Result<(), Error> {
        let mut feed = self.feed.borrow_mut();
        feed.files
            .entry(name.to_string())
            .or_insert_with(|| blob.to_vec());
        Ok(())
    }

    fn get_file(&mut self, name: &str) -> Result<Option<Vec<u8>>, Error> {
        Ok(self.feed.borrow().files.get(name).cloned())
    }

    fn forget_file(&mut self, name: &str) -> Result<(), Error> {
        self.feed.borrow_mut().forgotten.push(name.to_string());
        Ok(())
    }
}

pub struct Device {
    pub core: Core,
    pub token: Option<String>,
    pub relay: MemRelay,
}

impl Device {
    pub fn sync(&mut self, key: &SyncKey) {
        // A failed round (a lost acknowledgement) is retried, as the app would.
        let report = match self.core.sync_round(&mut self.relay, key) {
            Ok(report) => report,
            Err(_) => self
                .core
                .sync_round(&mut self.relay, key)
                .expect("second sync round"),
        };
        assert_eq!(report.rejected, 0, "nothing is refused: {report:?}");
        self.sign_in();
    }

    /// Signs the owner in, once the account has arrived by sync.
    pub fn sign_in(&mut self) {
        if self.token.is_none() {
            let session = self
                .core
                .call(
                    None,
                    "users.auth.login",
                    json!({"email": "owner@example.com", "password": PASSWORD}),
                )
                .expect("the owner's account arrived by sync");
            self.token = Some(session["token"].as_str().unwrap().to_string());
        }
    }

    pub fn call(&mut self, command: &str, input: Value) -> Result<Value, Error> {
        self.core.call(self.token.as_deref(), command, input)
    }

    pub fn customer_ids(&mut self) -> Vec<String> {
        let mut stmt = self
            .core
            .connection()
            .prepare("SELECT id FROM customers ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    }
}

/// Every projection table's rows, sorted, as text: equal on devices that converged.
pub fn projections(core: &Core) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for projection in suanpan_core::projections() {
        for table in projection.tables {
            let mut stmt = core
                .connection()
                .prepare(&format!("SELECT * FROM {table}"))
                .unwrap();
            // `customers.key` is this device's integer key for the search index: local.
            let columns: Vec<usize> = (0..stmt.column_count())
                .filter(|&i| stmt.column_name(i).unwrap() != "key")
                .collect();
            let mut rows: Vec<String> = stmt
                .query_map([], |row| {
                    let mut text = String::new();
                    for &i in &columns {
                        let value: rusqlite::types::Value = row.get(i)?;
                        text.push_str(&format!("{value:?}|"));
                    }
                    Ok(text)
                })
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            rows.sort();
            out.push((table.to_string(), rows));
        }
    }
    out
}

pub fn devices(count: usize, feed: &Rc<RefCell<Feed>>, key: &SyncKey) -> Vec<Device> {
    let first = Shop::new();
    let mut all = vec![Device {
        core: first.core,
        token: Some(first.token),
        relay: MemRelay::new(feed),
    }];
    for _ in 1..count {
        all.push(Device {
            core: Core::open_in_memory().unwrap(),
            token: None,
            relay: MemRelay::new(feed),
        });
    }
    all[0].sync(key);
    for device in &mut all[1..] {
        device.sync(key);
    }
    all
}

pub fn converge(all: &mut [Device], key: &SyncKey) {
    for _ in 0..2 {
        for device in all.iter_mut() {
            device.relay.reverse = false;
            device.sync(key);
        }
    }
    let expected = projections(&all[0].core);
    for (i, device) in all.iter().enumerate().skip(1) {
        let got = projections(&device.core);
        for ((table, want), (_, have)) in expected.iter().zip(&got) {
            assert_eq!(have, want, "device {i} differs from device 0 in {table}");
        }
    }
}
