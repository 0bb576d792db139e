//! Pairing mailboxes (docs/sync-protocol.md, "Pairing"): the relay passes a new device's
//! SPAKE2 messages and the sealed key between two devices of a tenant and learns nothing.

use super::*;

fn pairing_limit(state: &AppState, key: String) -> Result<(), ApiError> {
    if state.pairing_limit.check_key(&key).is_err() {
        state.metrics.refused.fetch_add(1, Ordering::Relaxed);
        tracing::warn!(%key, "pairing rate limit");
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many pairing attempts; wait a minute",
        ));
    }
    Ok(())
}

fn pairing_message(field: &str, text: &str) -> Result<Vec<u8>, ApiError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| ApiError::invalid(format!("{field}: not base64")))?;
    if bytes.is_empty() || bytes.len() > PAIRING_MESSAGE_MAX {
        return Err(ApiError::invalid(format!(
            "{field}: 1 to {PAIRING_MESSAGE_MAX} bytes"
        )));
    }
    Ok(bytes)
}

fn no_pairing() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such pairing code (or it has expired)",
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairingOpen {
    pub offer: String,
}

/// `POST /v1/pairings`: a connected device opens a mailbox with its SPAKE2 offer and gets the
/// mailbox's 4-digit code, which it shows (with the secret part) to the person pairing.
pub(super) async fn pairing_open(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Json(input): Json<PairingOpen>,
) -> ApiResult<serde_json::Value> {
    pairing_limit(&state, format!("open:{}", caller.tenant_id))?;
    let offer = pairing_message("offer", &input.offer)?;
    blocking(state.slots(), move || {
        let now = now_ms();
        for _ in 0..50 {
            let code_id = format!("{:04}", rand::random::<u16>() % 10_000);
            let pairing = crate::store::Pairing {
                code_id: code_id.clone(),
                creator: caller.device_id.clone(),
                offer: offer.clone(),
                answer: None,
                sealed: None,
                expires_ms: now + PAIRING_LIFETIME_MS,
            };
            match state.store.open_pairing(&caller.tenant_id, &pairing, now) {
                Ok(()) => {
                    tracing::info!(tenant = %caller.tenant_id, device = %caller.device_id, "pairing opened");
                    return Ok(json!({
                        "code_id": code_id,
                        "expires_in_s": PAIRING_LIFETIME_MS / 1000,
                    }));
                }
                Err(StoreError::Exists(_)) => continue,
                Err(err) => return Err(err.into()),
            }
        }
        Err(ApiError::new(
            StatusCode::CONFLICT,
            "conflict",
            "too many pairings are open; wait for some to expire",
        ))
    })
    .await
    .map(Json)
}

fn b64(bytes: &Option<Vec<u8>>) -> serde_json::Value {
    match bytes {
        Some(bytes) => json!(base64::engine::general_purpose::STANDARD.encode(bytes)),
        None => serde_json::Value::Null,
    }
}

/// `GET /v1/pairings/{code}`: the mailbox's messages so far.
pub(super) async fn pairing_get(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(code): Path<String>,
) -> ApiResult<serde_json::Value> {
    blocking(state.slots(), move || {
        let pairing = state
            .store
            .pairing(&caller.tenant_id, &code, now_ms())?
            .ok_or_else(no_pairing)?;
        Ok(json!({
            "offer": b64(&Some(pairing.offer)),
            "answer": b64(&pairing.answer),
            "sealed": b64(&pairing.sealed),
            "expires_in_s": (pairing.expires_ms - now_ms()).max(0) / 1000,
        }))
    })
    .await
    .map(Json)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairingAnswer {
    pub answer: String,
}

/// `POST /v1/pairings/{code}/answer`: the new device's SPAKE2 answer, accepted once: a wrong
/// code spends the mailbox, so each code allows one guess.
pub(super) async fn pairing_answer(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(code): Path<String>,
    Json(input): Json<PairingAnswer>,
) -> ApiResult<serde_json::Value> {
    pairing_limit(&state, format!("answer:{}", caller.tenant_id))?;
    let answer = pairing_message("answer", &input.answer)?;
    blocking(state.slots(), move || {
        if !state
            .store
            .answer_pairing(&caller.tenant_id, &code, &answer, now_ms())?
        {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                "this pairing code was used already or has expired",
            ));
        }
        Ok(json!({}))
    })
    .await
    .map(Json)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairingSealed {
    pub sealed: String,
}

/// `POST /v1/pairings/{code}/sealed`: the creator's sealed sync key, after the answer.
pub(super) async fn pairing_seal(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(code): Path<String>,
    Json(input): Json<PairingSealed>,
) -> ApiResult<serde_json::Value> {
    let sealed = pairing_message("sealed", &input.sealed)?;
    blocking(state.slots(), move || {
        if !state.store.seal_pairing(
            &caller.tenant_id,
            &code,
            &caller.device_id,
            &sealed,
            now_ms(),
        )? {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "conflict",
                "only the device that opened this pairing seals it, once, after the answer",
            ));
        }
        Ok(json!({}))
    })
    .await
    .map(Json)
}

/// `DELETE /v1/pairings/{code}`: either device ends the pairing (done, or given up).
pub(super) async fn pairing_close(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Path(code): Path<String>,
) -> ApiResult<serde_json::Value> {
    blocking(state.slots(), move || {
        if !state.store.close_pairing(&caller.tenant_id, &code)? {
            return Err(no_pairing());
        }
        Ok(json!({}))
    })
    .await
    .map(Json)
}
