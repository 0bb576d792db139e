//! Multi-factor sign-in: TOTP (RFC 6238; works offline, any authenticator app) and one-time
//! recovery codes.

use rand::RngCore;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

use super::model::*;
use crate::kernel::command::{Cx, Done, Summary};
use crate::kernel::error::{Error, Reason, Result};

pub const ISSUER: &str = "Suanpan";
pub const RECOVERY_CODES: usize = 10;
/// One step either side: a phone clock 30 s off still works.
const SKEW_STEPS: u8 = 1;

fn totp(secret_base32: &str, account: &str) -> Result<TOTP> {
    let bytes = Secret::Encoded(secret_base32.to_string())
        .to_bytes()
        .map_err(|e| Error::internal(format!("stored TOTP secret is unreadable: {e:?}")))?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        SKEW_STEPS,
        30,
        bytes,
        Some(ISSUER.to_string()),
        account.to_string(),
    )
    .map_err(|e| Error::internal(format!("TOTP setup failed: {e:?}")))
}

/// The code an authenticator shows at `now_ms` (tests, and the CLI's own checks).
pub fn code_at(secret_base32: &str, now_ms: i64) -> Result<String> {
    Ok(totp(secret_base32, "x")?.generate((now_ms / 1000) as u64))
}

fn code_matches(secret_base32: &str, code: &str, now_ms: i64) -> Result<bool> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    Ok(totp(secret_base32, "x")?.check(&code, (now_ms / 1000) as u64))
}

fn hash_code(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    hex::encode(Sha256::digest(normal.as_bytes()))
}

/// How a second factor was given.
pub enum SecondFactor {
    Totp,
    /// Index of the recovery code used; the caller must remove it (single use).
    Recovery(usize),
}

/// Checks the second factor of a user with MFA. `None` for users without MFA.
pub fn check(user: &UserRecord, otp: Option<&str>, now_ms: i64) -> Result<Option<SecondFactor>> {
    let Some(secret) = &user.totp_secret else {
        return Ok(None);
    };
    let Some(otp) = otp.map(str::trim).filter(|o| !o.is_empty()) else {
        return Err(Error {
            field: Some("otp".into()),
            reason: Some(Reason::MfaRequired),
            ..Error::unauthenticated("enter the code from your authenticator app")
        });
    };
    if otp.len() <= 10 && code_matches(secret, otp, now_ms)? {
        return Ok(Some(SecondFactor::Totp));
    }
    let hashed = hash_code(otp);
    if let Some(index) = user.recovery_code_hashes.iter().position(|h| *h == hashed) {
        return Ok(Some(SecondFactor::Recovery(index)));
    }
    Err(Error {
        field: Some("otp".into()),
        reason: Some(Reason::WrongOtp),
        ..Error::unauthenticated("the code is wrong or has expired")
    })
}

fn me(cx: &mut Cx<'_>) -> Result<UserRecord> {
    let id = cx.actor()?.user_id;
    cx.get::<UserRecord>(&id)?
        .ok_or_else(|| Error::not_found("user", id))
}

pub fn enroll(cx: &mut Cx<'_>, _: crate::kernel::command::Empty) -> Result<MfaEnrollment> {
    let mut user = me(cx)?;
    if user.totp_secret.is_some() {
        return Err(Error::conflict(
            "MFA is already on; turn it off first to enrol again",
            "两步验证已开启；要重新绑定请先关闭",
        ));
    }
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = Secret::Raw(bytes.to_vec()).to_encoded().to_string();
    let url = totp(&secret, &user.email)?.get_url();
    user.totp_pending = Some(secret.clone());
    cx.put(&user)?;
    cx.record_change(
        user.id,
        Summary::both(
            format!("{} started MFA enrolment", user.email),
            format!("{} 开始设置两步验证", user.email),
        ),
    );
    Ok(MfaEnrollment {
        secret,
        otpauth_url: url,
    })
}

pub fn confirm(cx: &mut Cx<'_>, input: OtpInput) -> Result<RecoveryCodes> {
    let mut user = me(cx)?;
    let pending = user.totp_pending.clone().ok_or_else(|| {
        Error::conflict(
            "start the enrolment first (users.mfa.enroll)",
            "请先开始绑定两步验证",
        )
    })?;
    if !code_matches(&pending, &input.code, cx.now_ms)? {
        return Err(Error::invalid(
            "code",
            Reason::WrongOtp,
            "the code is wrong or has expired",
        ));
    }
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            let mut raw = [0u8; 5];
            rand::rngs::OsRng.fill_bytes(&mut raw);
            let text = hex::encode(raw);
            format!("{}-{}", &text[..5], &text[5..])
        })
        .collect();
    user.totp_secret = Some(pending);
    user.totp_pending = None;
    user.recovery_code_hashes = codes.iter().map(|c| hash_code(c)).collect();
    cx.put(&user)?;
    cx.record_change(
        user.id,
        Summary::both(
            format!("{} turned on MFA", user.email),
            format!("{} 开启了两步验证", user.email),
        ),
    );
    Ok(RecoveryCodes {
        recovery_codes: codes,
    })
}

pub fn disable(cx: &mut Cx<'_>, input: OtpInput) -> Result<Done> {
    let mut user = me(cx)?;
    if user.totp_secret.is_none() {
        return Ok(Done {});
    }
    super::lock::check_not_locked_out(cx.conn, &user, cx.now_ms, "code")?;
    check(&user, Some(&input.code), cx.now_ms).map_err(|e| Error {
        field: Some("code".into()),
        ..e
    })?;
    user.totp_secret = None;
    user.recovery_code_hashes.clear();
    cx.put(&user)?;
    cx.record_change(
        user.id,
        Summary::both(
            format!("{} turned off MFA", user.email),
            format!("{} 关闭了两步验证", user.email),
        ),
    );
    Ok(Done {})
}
