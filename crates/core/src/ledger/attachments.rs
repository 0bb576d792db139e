//! Receipts attached to income and expenses: the file goes to the data folder (encrypted,
//! named by its hash, see [`crate::kernel::files`]); the record keeps the reference. Removing one
//! takes the reference off the record; the file stays for any other record that uses it.

use base64::Engine;

use super::events::event_view;
use super::model::*;
use crate::kernel::access::Permission::{FinanceRead, FinanceWrite};
use crate::kernel::command::{command, Command, Cx, Summary};
use crate::kernel::error::{noun_zh, Error, ErrorCode, Reason, Result};
use crate::kernel::files;
use crate::kernel::ids::MoneyEventId;
use crate::kernel::validate;

/// Files one record may carry.
pub(crate) const ATTACHMENTS_MAX: usize = 10;
pub(crate) const FILE_NAME_CHARS_MAX: usize = 200;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "finances.attachments.add",
            FinanceWrite,
            true,
            "Attach a receipt (image or PDF) to income or an expense",
            attachment_add,
        ),
        command(
            "finances.attachments.get",
            FinanceRead,
            false,
            "An attached file, to show or save",
            attachment_get,
        ),
        command(
            "finances.attachments.remove",
            FinanceWrite,
            true,
            "Take an attachment off income or an expense",
            attachment_remove,
        ),
    ]
}

pub(crate) fn owner(cx: &mut Cx<'_>, id: MoneyEventId) -> Result<MoneyEventRecord> {
    let parsed = id;
    cx.get::<MoneyEventRecord>(&parsed)?.ok_or_else(|| {
        Error::invalid(
            "owner_id",
            Reason::InvalidId,
            format!("owner_id: no income or expense {id}"),
        )
    })
}

pub(crate) fn data_dir<'a>(cx: &Cx<'a>) -> Result<&'a std::path::Path> {
    cx.data_dir.ok_or_else(|| {
        Error::conflict(
            "attachments need a company folder on disk (this store is in memory)",
            "附件需要磁盘上的公司文件夹（当前数据只在内存中）",
        )
    })
}

pub(crate) fn attachment_add(cx: &mut Cx<'_>, input: AttachmentInput) -> Result<MoneyEvent> {
    let mut record = owner(cx, input.owner_id)?;
    // Only the name, never a path: it becomes a file name when the receipt is saved.
    let file_name: String = validate::required("file_name", &input.file_name, FILE_NAME_CHARS_MAX)?
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    if file_name.is_empty() || file_name == "." || file_name == ".." {
        return Err(Error::validation(
            "file_name",
            "file_name: a file name like receipt.jpg",
            "文件名须像 receipt.jpg 这样",
        ));
    }
    // Refused before decoding: base64 is 4 characters for every 3 bytes.
    if input.base64.len() > files::FILE_BYTES_MAX / 3 * 4 + 4 {
        return Err(Error::invalid(
            "base64",
            Reason::TooLong,
            format!(
                "{file_name}: at most {} MB",
                files::FILE_BYTES_MAX / 1024 / 1024
            ),
        ));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(input.base64.trim())
        .map_err(|_| {
            Error::validation(
                "base64",
                "base64: the file's bytes as base64",
                "base64：文件内容须以 base64 编码",
            )
        })?;
    if bytes.is_empty() || bytes.len() > files::FILE_BYTES_MAX {
        return Err(Error::invalid(
            "base64",
            Reason::TooLong,
            format!(
                "{file_name}: a file of 1 byte to {} MB",
                files::FILE_BYTES_MAX / 1024 / 1024
            ),
        ));
    }
    let mime = files::sniff(&bytes).ok_or_else(|| {
        Error::invalid(
            "base64",
            Reason::InvalidValue,
            format!("{file_name}: a receipt is a PNG, JPEG or WebP image or a PDF"),
        )
    })?;
    if record.attachments.len() >= ATTACHMENTS_MAX {
        return Err(Error::invalid(
            "owner_id",
            Reason::TooMany,
            format!("at most {ATTACHMENTS_MAX} files on one record"),
        ));
    }
    let dir = data_dir(cx)?;
    let hash = files::put(cx.conn, dir, &bytes)?;
    if !record.attachments.iter().any(|a| a.hash == hash) {
        record.attachments.push(AttachmentRecord {
            hash: hash.clone(),
            file_name: file_name.clone(),
            mime: mime.to_string(),
            size: bytes.len() as i64,
            added_at_ms: cx.now_ms,
        });
        record.updated_at_ms = cx.now_ms;
        cx.put(&record)?;
    }
    cx.record_change(
        record.id,
        Summary::both(
            format!("attached {file_name} to a {}", record.kind),
            format!("为{}添加附件 {file_name}", noun_zh(record.kind.as_str())),
        ),
    );
    event_view(cx, &record)
}

pub(crate) fn attachment_get(cx: &mut Cx<'_>, input: AttachmentRef) -> Result<FileExport> {
    let record = owner(cx, input.owner_id)?;
    let attachment = record
        .attachments
        .iter()
        .find(|a| a.hash == input.hash.trim())
        .ok_or_else(|| Error::not_found("attachment", &input.hash))?;
    let dir = data_dir(cx)?;
    let bytes = files::get(cx.conn, dir, &attachment.hash)?.ok_or_else(|| {
        Error::new(
            ErrorCode::NotFound,
            format!(
                "{} was attached on another device; the file itself has not reached this one",
                attachment.file_name
            ),
        )
        .zh(format!(
            "{} 是在另一台设备上添加的附件；文件本身还没有同步到这台设备",
            attachment.file_name
        ))
    })?;
    // The kind is read from the bytes again: the record came from some device.
    let mime = files::sniff(&bytes).unwrap_or("application/octet-stream");
    Ok(FileExport {
        file_name: attachment.file_name.clone(),
        mime: mime.to_string(),
        base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}

pub(crate) fn attachment_remove(cx: &mut Cx<'_>, input: AttachmentRef) -> Result<MoneyEvent> {
    let mut record = owner(cx, input.owner_id)?;
    let before = record.attachments.len();
    let name = record
        .attachments
        .iter()
        .find(|a| a.hash == input.hash.trim())
        .map(|a| a.file_name.clone());
    record.attachments.retain(|a| a.hash != input.hash.trim());
    if record.attachments.len() == before {
        return Err(Error::not_found("attachment", &input.hash));
    }
    record.updated_at_ms = cx.now_ms;
    cx.put(&record)?;
    let name = name.unwrap_or_default();
    cx.record_change(
        record.id,
        Summary::both(
            format!("removed {name} from a {}", record.kind),
            format!("从{}删除附件 {name}", noun_zh(record.kind.as_str())),
        ),
    );
    event_view(cx, &record)
}
