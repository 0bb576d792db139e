//! Attached files at the relay (docs/sync-protocol.md, "Attached files"): sealed blobs under
//! names only the company can compute, within a quota per company, and removed once the devices
//! say no record refers to them any more.

use super::*;

/// How long a forgotten file stays, in case a device that has not synced yet still refers to
/// it: asking for it or sending it again in that time takes the forgetting back.
pub const FORGOTTEN_KEPT_MS: i64 = 30 * 24 * 60 * 60 * 1000;

#[derive(Debug, Deserialize)]
pub struct FileInput {
    pub blob: String,
}

/// A file's name on the relay: a keyed tag the devices compute, hex.
fn file_name(name: &str) -> Result<(), ApiError> {
    if name.is_empty() || name.len() > 64 || !name.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::invalid("name: 1 to 64 hex digits"));
    }
    Ok(())
}

/// `PUT /v1/files/{name}`: an attached file, sealed by the device; kept once per name.
pub(super) async fn file_put(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(name): Path<String>,
    Json(input): Json<FileInput>,
) -> ApiResult<serde_json::Value> {
    file_name(&name)?;
    let blob = base64::engine::general_purpose::STANDARD
        .decode(&input.blob)
        .map_err(|_| ApiError::invalid("blob: not base64"))?;
    if blob.is_empty() {
        return Err(ApiError::invalid("blob: empty"));
    }
    if blob.len() > FILE_MAX_BYTES {
        return Err(ApiError::too_large(format!(
            "blob: a file may have at most {FILE_MAX_BYTES} bytes"
        )));
    }
    blocking(state.slots(), move || {
        let quota = state.files_quota_bytes;
        match state
            .store
            .put_file(&caller.tenant_id, &name, &blob, now_ms(), quota)?
        {
            PutFile::Stored => Ok(json!({ "stored": true })),
            PutFile::Kept => Ok(json!({ "stored": false })),
            PutFile::OverQuota { used } => Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "quota",
                format!(
                    "the company's attached files take {} MiB of the {} MiB this relay keeps for it",
                    used.div_ceil(1 << 20),
                    quota >> 20
                ),
            )),
        }
    })
    .await
    .map(Json)
}

/// `GET /v1/files/{name}`: the sealed file, or 404 while its device has not sent it.
pub(super) async fn file_get(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(name): Path<String>,
) -> ApiResult<serde_json::Value> {
    file_name(&name)?;
    blocking(state.slots(), move || {
        match state.store.get_file(&caller.tenant_id, &name)? {
            Some(blob) => {
                Ok(json!({ "blob": base64::engine::general_purpose::STANDARD.encode(blob) }))
            }
            None => Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "no such file",
            )),
        }
    })
    .await
    .map(Json)
}

/// `DELETE /v1/files/{name}`: a device found no record referring to the file any more. It is
/// deleted `FORGOTTEN_KEPT_MS` later unless some device asks for it or sends it meanwhile.
pub(super) async fn file_delete(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(name): Path<String>,
) -> ApiResult<serde_json::Value> {
    file_name(&name)?;
    blocking(state.slots(), move || {
        let known = state
            .store
            .forget_file(&caller.tenant_id, &name, now_ms())?;
        Ok(json!({ "forgotten": known }))
    })
    .await
    .map(Json)
}

impl AppState {
    /// Deletes the files forgotten more than `FORGOTTEN_KEPT_MS` ago; the server calls it
    /// every hour.
    pub fn purge_files(&self, now_ms: i64) -> Result<u64, StoreError> {
        self.store.purge_files(now_ms - FORGOTTEN_KEPT_MS)
    }
}
