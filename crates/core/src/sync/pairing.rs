//! Pairing: a new device gets the company's sync key from a connected one through the relay,
//! without the relay learning it (docs/sync-protocol.md, "Pairing").
//!
//! The connected device shows a code `CCCC-SSSSSS`: `CCCC` names a mailbox on the relay,
//! `SSSSSS` is a secret the relay never sees. Both devices run SPAKE2 with the secret (bound to
//! the tenant) as the password; the relay passes the two messages and learns
//! nothing from them, and someone who does not know the secret gets one guess, because a
//! mailbox takes one answer. The connected device then seals the sync key with the shared
//! key; only a device that knew the secret can open it.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::{Rng, RngCore};
use serde::Serialize;
use spake2::{Ed25519Group, Identity, Password, Spake2};
use ts_rs::TS;

use super::SyncKey;
use crate::kernel::error::{Error, Result};

const SECRET_DIGITS: u32 = 6;
const CODE_ID_DIGITS: usize = 4;
const NONCE_LEN: usize = 24;
const SEAL_AAD: &[u8] = b"suanpan pairing: sync key v1";
const ID_CONNECTED: &[u8] = b"suanpan pairing: connected device";
const ID_NEW: &[u8] = b"suanpan pairing: new device";

/// What the connected device shows while it waits for the new one.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PairingStatus {
    /// `waiting`: for the new device; `sent`: the sealed key is on its way; `done`: the new
    /// device took it; `expired`: the code ran out (start again).
    pub state: PairingState,
    /// The code to type on the new device, `CCCC-SSSSSS`.
    pub code: String,
    #[ts(type = "number")]
    pub expires_at_ms: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PairingState {
    Waiting,
    Sent,
    Done,
    Expired,
}

/// The connected device's side of a pairing in progress (kept in memory only: the secret is
/// never written down).
pub struct Offer {
    pub code_id: String,
    secret: String,
    spake: Option<Spake2<Ed25519Group>>,
    pub expires_at_ms: i64,
    pub sent: bool,
    /// The sealed key, kept until the relay has it: a failed send is retried, not lost with
    /// the spent SPAKE2 state.
    pub sealed: Option<Vec<u8>>,
}

/// The secret, bound to the tenant: the same digits mean nothing for another company's mailbox.
fn password(tenant_id: &str, secret: &str) -> Password {
    Password::new(format!("suanpan pairing v1|{tenant_id}|{secret}"))
}

fn invalid_code() -> Error {
    Error::validation(
        "pairing_code",
        "pairing_code: the 10 digits shown on the connected device, like 1234-567890",
        "配对码是已连接设备上显示的 10 位数字，如 1234-567890",
    )
}

impl Offer {
    pub fn new(
        code_id: String,
        secret: String,
        spake: Spake2<Ed25519Group>,
        expires_at_ms: i64,
    ) -> Offer {
        Offer {
            code_id,
            secret,
            spake: Some(spake),
            expires_at_ms,
            sent: false,
            sealed: None,
        }
    }

    pub fn code(&self) -> String {
        format!("{}-{}", self.code_id, self.secret)
    }

    /// The SPAKE2 state, once: it is spent on the first answer.
    pub fn take_spake(&mut self) -> Option<Spake2<Ed25519Group>> {
        self.spake.take()
    }
}

/// The connected device's secret, SPAKE2 state and first message.
pub fn offer_message(tenant_id: &str) -> (String, Spake2<Ed25519Group>, Vec<u8>) {
    let secret = format!(
        "{:0width$}",
        rand::rngs::OsRng.gen_range(0..10u32.pow(SECRET_DIGITS)),
        width = SECRET_DIGITS as usize
    );
    let (spake, message) = Spake2::<Ed25519Group>::start_a(
        &password(tenant_id, &secret),
        &Identity::new(ID_CONNECTED),
        &Identity::new(ID_NEW),
    );
    (secret, spake, message)
}

/// Splits a typed code into the mailbox id and the secret; spaces and dashes do not count.
pub fn parse_code(code: &str) -> Result<(String, String)> {
    let digits: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if digits.len() != CODE_ID_DIGITS + SECRET_DIGITS as usize
        || !digits.chars().all(|c| c.is_ascii_digit())
    {
        return Err(invalid_code());
    }
    let (code_id, secret) = digits.split_at(CODE_ID_DIGITS);
    Ok((code_id.to_string(), secret.to_string()))
}

/// The sealing key: derived from SPAKE2's shared secret with a label (HMAC-SHA256, the extract
/// and expand of HKDF in one step for one 32-byte key), never the secret itself.
fn cipher(shared: &[u8]) -> Result<XChaCha20Poly1305> {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(shared)
        .map_err(|_| Error::internal("pairing: no shared key"))?;
    mac.update(b"suanpan pairing: seal key v1");
    let key = mac.finalize().into_bytes();
    XChaCha20Poly1305::new_from_slice(&key)
        .map_err(|_| Error::internal("pairing: the sealing key is not 32 bytes"))
}

/// The connected device: finishes SPAKE2 with the new device's answer and seals the sync key.
pub fn seal_key(spake: Spake2<Ed25519Group>, answer: &[u8], key: &SyncKey) -> Result<Vec<u8>> {
    let shared = spake.finish(answer).map_err(|_| {
        Error::validation(
            "pairing_code",
            "the new device's answer is malformed",
            "新设备的应答格式不对",
        )
    })?;
    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let raw = hex::decode(key.to_hex()).expect("hex of our own key");
    let sealed = cipher(&shared)?
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &raw,
                aad: SEAL_AAD,
            },
        )
        .map_err(|_| Error::internal("pairing: sealing the key failed"))?;
    Ok([nonce.as_slice(), &sealed].concat())
}

/// The new device's SPAKE2 state and answer for the code typed.
pub fn answer_message(tenant_id: &str, secret: &str) -> (Spake2<Ed25519Group>, Vec<u8>) {
    Spake2::<Ed25519Group>::start_b(
        &password(tenant_id, secret),
        &Identity::new(ID_CONNECTED),
        &Identity::new(ID_NEW),
    )
}

/// The new device: finishes SPAKE2 with the connected device's offer and opens the sealed key.
/// A wrong secret shows here, as a key that does not open.
pub fn open_key(spake: Spake2<Ed25519Group>, offer: &[u8], sealed: &[u8]) -> Result<SyncKey> {
    let wrong = || {
        Error::validation(
            "pairing_code",
            "pairing_code: the code is wrong, or was used already: start pairing again on the connected device",
            "配对码不对，或已被使用：请在已连接的设备上重新开始配对",
        )
    };
    let shared = spake.finish(offer).map_err(|_| wrong())?;
    if sealed.len() <= NONCE_LEN {
        return Err(wrong());
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
    let raw = cipher(&shared)?
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: SEAL_AAD,
            },
        )
        .map_err(|_| wrong())?;
    let bytes: [u8; 32] = raw.try_into().map_err(|_| wrong())?;
    Ok(SyncKey::from_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_code_carries_the_key_and_a_wrong_one_does_not() {
        let key = SyncKey::generate();
        let (secret, spake_a, offer) = offer_message("tenant-1");
        let (spake_b, answer) = answer_message("tenant-1", &secret);
        let sealed = seal_key(spake_a, &answer, &key).unwrap();
        let opened = open_key(spake_b, &offer, &sealed).unwrap();
        assert_eq!(opened.to_hex(), key.to_hex());

        let (secret, spake_a, offer) = offer_message("tenant-1");
        let wrong = if secret == "000000" {
            "000001"
        } else {
            "000000"
        };
        let (spake_b, answer) = answer_message("tenant-1", wrong);
        let sealed = seal_key(spake_a, &answer, &key).unwrap();
        let err = open_key(spake_b, &offer, &sealed).err().unwrap();
        assert_eq!(err.field.as_deref(), Some("pairing_code"));

        // The same secret for another tenant's mailbox does not open it either.
        let (secret, spake_a, offer) = offer_message("tenant-1");
        let (spake_b, answer) = answer_message("tenant-2", &secret);
        let sealed = seal_key(spake_a, &answer, &key).unwrap();
        assert!(open_key(spake_b, &offer, &sealed).is_err());
    }

    #[test]
    fn codes_are_read_as_typed() {
        assert_eq!(
            parse_code(" 1234-567 890 ").unwrap(),
            ("1234".to_string(), "567890".to_string())
        );
        for bad in ["1234-56789", "12345678901", "1234-56789x", ""] {
            assert_eq!(
                parse_code(bad).unwrap_err().field.as_deref(),
                Some("pairing_code"),
                "{bad}"
            );
        }
    }
}
