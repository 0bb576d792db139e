//! Company-wide security settings: how the company file is encrypted, and its recovery key.

use serde::Serialize;
use ts_rs::TS;

use crate::kernel::access::Permission;
use crate::kernel::command::{command, Command, Cx, Empty, Summary};
use crate::kernel::error::{Error, Result};
use crate::kernel::store::crypt::KeySource;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "security.encryption.status",
            Permission::Session,
            false,
            "Whether the company file is encrypted and where its key is kept",
            encryption_status,
        ),
        command(
            "security.encryption.recovery_key",
            Permission::SecurityManage,
            true,
            "The company file's key as text to keep on paper: it opens the file and its backups on another computer",
            recovery_key,
        ),
    ]
}

#[derive(Debug, Serialize, TS)]
pub struct EncryptionStatus {
    pub encrypted: bool,
    /// `null` when not encrypted (an in-memory store).
    pub key_source: Option<KeySource>,
}

#[derive(Debug, Serialize, TS)]
pub struct RecoveryKey {
    pub recovery_key: String,
}

fn encryption_status(cx: &mut Cx<'_>, _: Empty) -> Result<EncryptionStatus> {
    Ok(EncryptionStatus {
        encrypted: cx.key.is_some(),
        key_source: cx.key.map(|(_, source)| *source),
    })
}

fn recovery_key(cx: &mut Cx<'_>, _: Empty) -> Result<RecoveryKey> {
    let (key, _) = cx.key.ok_or_else(|| {
        Error::conflict(
            "this store is not encrypted (in memory)",
            "当前数据没有加密（只在内存中）",
        )
    })?;
    let recovery_key = key.recovery_text();
    cx.record_change(
        "company-file",
        Summary::both(
            "revealed the company file's recovery key",
            "查看了公司数据文件的恢复密钥",
        ),
    );
    Ok(RecoveryKey { recovery_key })
}
