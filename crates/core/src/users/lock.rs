//! The shop counter: a session locks after the company's idle time (the window stays, the data
//! is hidden and the core refuses the session), and staff switch between each other with a
//! short PIN. Every lock, unlock and switch is logged; wrong PINs count towards the same
//! lockout as wrong passwords.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::{Company, Permission, Session, UserRecord, UserStatus};
use super::{ops, store};
use crate::kernel::command::{command, Command, Cx, Done, Empty, Summary};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::UserId;

pub const PIN_DIGITS_MIN: usize = 4;
/// For those who manage users (owners, managers): their PIN unlocks the shop's every key.
pub const ADMIN_PIN_DIGITS_MIN: usize = 6;
pub const PIN_DIGITS_MAX: usize = 8;
pub const IDLE_LOCK_MINUTES_DEFAULT: i64 = 10;
pub const IDLE_LOCK_MINUTES_MAX: i64 = 240;

/// What a locked session may still do.
pub const ALLOWED_WHILE_LOCKED: [&str; 4] = [
    "users.auth.unlock",
    "users.auth.switch",
    "users.auth.switch_list",
    "users.auth.logout",
];

pub fn commands() -> Vec<Command> {
    use Permission::*;
    vec![
        command(
            "users.auth.lock",
            Session,
            true,
            "Lock this session (the app does it after the idle time): only unlock or switch work until then",
            lock,
        ),
        command(
            "users.auth.unlock",
            Session,
            true,
            "Unlock your own locked session with your PIN or password",
            unlock,
        ),
        command(
            "users.auth.switch_list",
            Session,
            false,
            "Who can take over this counter with a PIN",
            switch_list,
        ),
        command(
            "users.auth.switch",
            Session,
            true,
            "Hand this counter to another member of staff by their PIN; ends the current session",
            switch,
        ),
        command(
            "users.pin.set",
            Session,
            true,
            "Set or clear your quick-switch PIN (needs your password)",
            pin_set,
        ),
        command(
            "security.settings.get",
            Session,
            false,
            "The company's sign-in rules: idle time before the screen locks",
            settings_get,
        ),
        command(
            "security.settings.update",
            SecurityManage,
            true,
            "Change the idle time before the screen locks (0: never)",
            settings_update,
        ),
    ]
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct UnlockInput {
    #[serde(default)]
    #[ts(optional)]
    pub pin: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub password: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SwitchInput {
    pub user_id: UserId,
    pub pin: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PinInput {
    /// 4 to 8 digits; `null` clears the PIN.
    pub pin: Option<String>,
    pub current_password: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SwitchCandidate {
    pub id: UserId,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SecuritySettings {
    /// Minutes without use before the app locks; 0 never locks.
    #[ts(type = "number")]
    pub idle_lock_minutes: i64,
}

fn token_of<'a>(cx: &Cx<'a>) -> Result<&'a str> {
    cx.token
        .ok_or_else(|| Error::unauthenticated("only a session can be locked or unlocked"))
}

fn set_locked(conn: &Connection, token: &str, locked: bool) -> Result<()> {
    conn.execute(
        "UPDATE sessions SET locked = ?2 WHERE token_hash = ?1",
        params![ops::token_hash(token), locked],
    )?;
    Ok(())
}

/// Is this session locked? (Checked for every call by `ops::authenticate`.)
pub fn is_locked(conn: &Connection, token_hash: &str) -> Result<bool> {
    let locked: Option<bool> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT locked FROM sessions WHERE token_hash = ?1",
        [token_hash],
        |row| row.get(0),
    ))?;
    Ok(locked.unwrap_or(false))
}

pub fn locked_error() -> Error {
    Error {
        reason: Some(Reason::SessionLocked),
        ..Error::unauthenticated("the screen is locked: unlock it or switch user first")
    }
}

fn lock(cx: &mut Cx<'_>, _: Empty) -> Result<Done> {
    let token = token_of(cx)?;
    set_locked(cx.conn, token, true)?;
    let actor = cx.actor()?.clone();
    cx.record_change(
        actor.user_id,
        Summary::both(
            format!("{}'s screen locked", actor.name),
            format!("{} 锁定了屏幕", actor.name),
        ),
    );
    Ok(Done {})
}

fn verify_pin(user: &UserRecord, pin: &str) -> Result<()> {
    let wrong = || Error {
        field: Some("pin".into()),
        reason: Some(Reason::WrongCredentials),
        ..Error::unauthenticated("the PIN is wrong")
    };
    let Some(hash) = &user.pin_hash else {
        return Err(Error {
            reason: Some(Reason::InvalidValue),
            ..Error::unauthenticated(format!("{} has no PIN set", user.name))
        });
    };
    if pin.len() > PIN_DIGITS_MAX {
        return Err(wrong());
    }
    let parsed = PasswordHash::new(hash)
        .map_err(|err| Error::internal(format!("stored PIN hash is unreadable: {err}")))?;
    Argon2::default()
        .verify_password(pin.as_bytes(), &parsed)
        .map_err(|_| wrong())
}

/// A lockout from wrong passwords, PINs or codes holds for every check of that user's secrets:
/// signing in, unlocking, switching, and changing a password, a PIN or MFA from a live session.
pub(crate) fn check_not_locked_out(
    conn: &Connection,
    user: &UserRecord,
    now_ms: i64,
    field: &str,
) -> Result<()> {
    let until = store::locked_until(conn, &user.email)?;
    if until > now_ms {
        let minutes = ((until - now_ms) as u64).div_ceil(60_000);
        return Err(Error {
            field: Some(field.into()),
            reason: Some(Reason::Locked),
            limit: Some(u32::try_from(minutes).unwrap_or(u32::MAX)),
            ..Error::unauthenticated(format!(
                "too many failed attempts; try again in {minutes} minutes"
            ))
        });
    }
    Ok(())
}

fn unlock(cx: &mut Cx<'_>, input: UnlockInput) -> Result<Session> {
    let token = token_of(cx)?.to_string();
    let actor = cx.actor()?.clone();
    let user = store::require_user(cx.conn, actor.user_id)?;
    check_not_locked_out(cx.conn, &user, cx.now_ms, "pin")?;
    match (&input.pin, &input.password) {
        (Some(pin), _) => verify_pin(&user, pin)?,
        (None, Some(password)) => {
            // A failure here counts towards the lockout, like a failed sign-in.
            ops::check_password(&user, password).map_err(|e| Error {
                code: crate::kernel::error::ErrorCode::Unauthenticated,
                ..e
            })?;
        }
        (None, None) => {
            return Err(Error::invalid(
                "pin",
                Reason::Required,
                "give your PIN or your password",
            ))
        }
    }
    store::clear_failures(cx.conn, &user.email)?;
    set_locked(cx.conn, &token, false)?;
    cx.record_change(
        user.id,
        Summary::both(
            format!("{} unlocked the screen", user.email),
            format!("{} 解锁了屏幕", user.email),
        ),
    );
    ops::current_session(cx.conn, token, &user)
}

fn switch_list(cx: &mut Cx<'_>, _: Empty) -> Result<Vec<SwitchCandidate>> {
    Ok(store::list_users(cx.conn)?
        .into_iter()
        .filter(|u| u.status == UserStatus::Active && u.pin_hash.is_some())
        .filter(|u| u.totp_secret.is_none())
        .map(|u| SwitchCandidate {
            id: u.id,
            name: u.name,
        })
        .collect())
}

fn switch(cx: &mut Cx<'_>, input: SwitchInput) -> Result<Session> {
    let token = token_of(cx)?.to_string();
    let from = cx.actor()?.clone();
    let user = store::require_user(cx.conn, input.user_id).map_err(|e| Error {
        field: Some("user_id".into()),
        ..e
    })?;
    if user.status != UserStatus::Active {
        return Err(Error::forbidden(
            "this account is disabled",
            "这个账户已停用",
        ));
    }
    if user.totp_secret.is_some() {
        return Err(Error {
            reason: Some(Reason::MfaRequired),
            ..Error::unauthenticated(format!(
                "{} uses two-step sign-in: sign in with password and code",
                user.name
            ))
        });
    }
    check_not_locked_out(cx.conn, &user, cx.now_ms, "pin")?;
    verify_pin(&user, &input.pin)?;
    store::clear_failures(cx.conn, &user.email)?;
    // The counter changes hands: the previous session ends here.
    store::delete_session(cx.conn, &ops::token_hash(&token))?;
    cx.actor = Some(super::roles::actor_of(cx.conn, &user)?);
    cx.record_change(
        user.id,
        Summary::both(
            format!(
                "{} took over the counter from {} by PIN",
                user.email, from.name
            ),
            format!("{} 用 PIN 码从 {} 接手了收银台", user.email, from.name),
        ),
    );
    ops::start_session(cx, &user, false)
}

fn check_pin_policy(pin: &str, min: usize) -> Result<()> {
    let digits = pin.chars().count();
    if !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::invalid(
            "pin",
            Reason::InvalidValue,
            "a PIN is digits only",
        ));
    }
    if digits < min {
        return Err(Error::invalid(
            "pin",
            Reason::TooShort,
            format!("a PIN has at least {min} digits"),
        )
        .with_limit(min));
    }
    if digits > PIN_DIGITS_MAX {
        return Err(Error::invalid(
            "pin",
            Reason::TooLong,
            format!("a PIN has at most {PIN_DIGITS_MAX} digits"),
        )
        .with_limit(PIN_DIGITS_MAX));
    }
    Ok(())
}

fn pin_set(cx: &mut Cx<'_>, input: PinInput) -> Result<Done> {
    let actor = cx.actor()?.clone();
    let user = store::require_user(cx.conn, actor.user_id)?;
    check_not_locked_out(cx.conn, &user, cx.now_ms, "current_password")?;
    ops::check_password(&user, &input.current_password).map_err(|e| Error {
        field: Some("current_password".into()),
        ..e
    })?;
    let pin_hash = match &input.pin {
        None => None,
        Some(pin) => {
            // Four digits at a shared counter are no guard for the keys to the shop.
            let min = if actor.permissions.contains(&Permission::UsersManage) {
                ADMIN_PIN_DIGITS_MIN
            } else {
                PIN_DIGITS_MIN
            };
            check_pin_policy(pin, min)?;
            let salt = SaltString::generate(&mut OsRng);
            Some(
                Argon2::default()
                    .hash_password(pin.as_bytes(), &salt)
                    .map_err(|err| Error::internal(format!("PIN hashing failed: {err}")))?
                    .to_string(),
            )
        }
    };
    let mut record: UserRecord = cx
        .get(&user.id)?
        .ok_or_else(|| Error::not_found("user", user.id))?;
    record.pin_hash = pin_hash;
    cx.put(&record)?;
    let (what, what_zh) = if input.pin.is_some() {
        ("set", "设置了")
    } else {
        ("cleared", "清除了")
    };
    cx.record_change(
        user.id,
        Summary::both(
            format!("{} {what} their PIN", user.email),
            format!("{} {what_zh} PIN 码", user.email),
        ),
    );
    Ok(Done {})
}

/// The company of this file, as its document holds it.
pub(crate) fn company(cx: &mut Cx<'_>) -> Result<Company> {
    let (id, _) = store::company(cx.conn)?
        .ok_or_else(|| Error::conflict("there is no company yet", "还没有公司"))?;
    cx.get::<Company>(&id)?
        .ok_or_else(|| Error::not_found("company", id))
}

fn settings_get(cx: &mut Cx<'_>, _: Empty) -> Result<SecuritySettings> {
    Ok(SecuritySettings {
        idle_lock_minutes: company(cx)?.idle_lock_minutes,
    })
}

fn settings_update(cx: &mut Cx<'_>, input: SecuritySettings) -> Result<SecuritySettings> {
    if !(0..=IDLE_LOCK_MINUTES_MAX).contains(&input.idle_lock_minutes) {
        return Err(Error::invalid(
            "idle_lock_minutes",
            Reason::OutOfRange,
            format!("idle_lock_minutes is 0 (never) to {IDLE_LOCK_MINUTES_MAX}"),
        )
        .with_limit(IDLE_LOCK_MINUTES_MAX as usize));
    }
    let mut company = company(cx)?;
    if company.idle_lock_minutes != input.idle_lock_minutes {
        let before = company.idle_lock_minutes;
        company.idle_lock_minutes = input.idle_lock_minutes;
        cx.put(&company)?;
        cx.record_change(
            company.id,
            Summary::both(
                format!(
                    "idle lock {before} -> {} minutes",
                    company.idle_lock_minutes
                ),
                format!(
                    "闲置自动锁屏：{before} → {} 分钟",
                    company.idle_lock_minutes
                ),
            ),
        );
    }
    Ok(input)
}
