use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use rand::RngCore;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::model::*;
use super::roles;
use super::store;
use crate::kernel::activity::{self, ActivityEntry, ActivityQuery};
use crate::kernel::command::{command, Command, Cx, Done, Empty, Summary};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::{CompanyId, UserId};
use crate::kernel::runtime::Page;
use crate::kernel::store::docs::{project_doc, Projection};
use crate::kernel::validate::{self, Checks};

/// How long a sign-in lasts before the password is asked again.
pub const SESSION_DURATION_MS: i64 = 12 * 60 * 60 * 1000;
pub const PASSWORD_CHARS_MIN: usize = 8;
pub const PASSWORD_CHARS_MAX: usize = 256;
pub const NAME_CHARS_MAX: usize = 200;

pub fn commands() -> Vec<Command> {
    use Permission::*;
    vec![
        command(
            "setup.status",
            Public,
            false,
            "Whether this data file has a company yet",
            setup_status,
        ),
        command(
            "setup.init",
            Public,
            true,
            "Create the company and its owner (first run only)",
            setup_init,
        ),
        command(
            "users.auth.login",
            Public,
            true,
            "Sign in with email and password",
            login,
        ),
        command(
            "users.auth.resume",
            Public,
            false,
            "Resume the session remembered in the OS keychain",
            resume,
        ),
        command(
            "users.auth.logout",
            Session,
            true,
            "Sign out and forget the remembered session",
            logout,
        ),
        command(
            "users.profile.get",
            Session,
            false,
            "The signed-in user",
            profile,
        ),
        command(
            "users.activity.list",
            ActivityRead,
            false,
            "The activity log, newest first",
            activity_list,
        ),
        command(
            "users.activity.verify",
            ActivityRead,
            false,
            "Check the activity log's hash chain; report the first broken link",
            activity_verify,
        ),
        command(
            "users.activity.export",
            ActivityRead,
            true,
            "The activity log as CSV, with the list's filters",
            activity_export,
        ),
        command(
            "users.mfa.enroll",
            Session,
            true,
            "Start TOTP enrolment: a secret and an otpauth URL for a QR code",
            super::mfa::enroll,
        ),
        command(
            "users.mfa.confirm",
            Session,
            true,
            "Confirm TOTP with a code; returns one-time recovery codes",
            super::mfa::confirm,
        ),
        command(
            "users.mfa.disable",
            Session,
            true,
            "Turn TOTP off (needs a current code or a recovery code)",
            super::mfa::disable,
        ),
        command(
            "users.auth.refresh",
            Session,
            true,
            "Extend the current session (the app calls this while in use)",
            refresh,
        ),
        command(
            "users.password.change",
            Session,
            true,
            "Change your own password (needs the current one)",
            password_change,
        ),
        command(
            "users.list",
            UsersRead,
            false,
            "Everyone who can sign in, with role and status",
            user_list,
        ),
        command(
            "users.create",
            UsersManage,
            true,
            "Add a member of staff with a role and a first password",
            user_create,
        ),
        command(
            "users.update",
            UsersManage,
            true,
            "Change a user's name or role",
            user_update,
        ),
        command(
            "users.disable",
            UsersManage,
            true,
            "Stop a user signing in (their sessions end)",
            user_disable,
        ),
        command(
            "users.enable",
            UsersManage,
            true,
            "Let a disabled user sign in again",
            user_enable,
        ),
        command(
            "users.password.reset",
            UsersManage,
            true,
            "Set a new password for a user (owners only)",
            password_reset,
        ),
    ]
}

pub fn projections() -> Vec<Projection> {
    vec![
        Projection {
            kind: "company",
            tables: &["company"],
            project: project_doc::<Company>,
            settle: None,
        },
        roles::projection(),
        Projection {
            kind: "user",
            // Sessions are local state, not projections: a rebuild keeps them.
            tables: &["users"],
            project: project_doc::<UserRecord>,
            settle: None,
        },
    ]
}

fn setup_status(cx: &mut Cx<'_>, _: Empty) -> Result<SetupStatus> {
    let company = store::company(cx.conn)?;
    Ok(SetupStatus {
        initialized: company.is_some(),
        company_name: company.map(|(_, name)| name),
    })
}

pub fn hash_password(password: &str) -> Result<String> {
    check_password_policy(password)?;
    let salt = SaltString::generate(&mut OsRng);
    // argon2id with the crate defaults: 19 MiB, 2 passes, 1 lane — OWASP's minimum.
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| Error::internal(format!("password hashing failed: {err}")))
}

fn check_password_policy(password: &str) -> Result<()> {
    let count = password.chars().count();
    if count < PASSWORD_CHARS_MIN {
        return Err(Error::invalid(
            "password",
            Reason::TooShort,
            format!("password must have at least {PASSWORD_CHARS_MIN} characters"),
        )
        .with_limit(PASSWORD_CHARS_MIN));
    }
    if count > PASSWORD_CHARS_MAX {
        return Err(Error::invalid(
            "password",
            Reason::TooLong,
            format!("password must have at most {PASSWORD_CHARS_MAX} characters"),
        )
        .with_limit(PASSWORD_CHARS_MAX));
    }
    Ok(())
}

fn setup_init(cx: &mut Cx<'_>, input: InitInput) -> Result<Session> {
    if store::company(cx.conn)?.is_some() {
        return Err(Error::conflict(
            "this data file already has a company",
            "这个数据文件已经有公司了",
        ));
    }
    let mut checks = Checks::default();
    let company_name = checks.field(validate::required(
        "company_name",
        &input.company_name,
        NAME_CHARS_MAX,
    ));
    let owner_name = checks.field(validate::required(
        "owner_name",
        &input.owner_name,
        NAME_CHARS_MAX,
    ));
    let owner_email = checks.field(validate::email_required("owner_email", &input.owner_email));
    checks.field(check_password_policy(&input.password));
    checks.done()?;
    let (company_name, owner_name, owner_email) = (
        company_name.unwrap_or_default(),
        owner_name.unwrap_or_default(),
        owner_email.unwrap_or_default(),
    );
    let password_hash = hash_password(&input.password)?;
    let company = Company {
        id: CompanyId::new(),
        name: company_name.clone(),
        created_at_ms: cx.now_ms,
        mfa_required_roles: Vec::new(),
        idle_lock_minutes: super::lock::IDLE_LOCK_MINUTES_DEFAULT,
        profile: Default::default(),
    };
    cx.put(&company)?;
    let owner = UserRecord {
        id: UserId::new(),
        name: owner_name,
        email: owner_email,
        role: Role::Owner,
        status: UserStatus::Active,
        password_hash,
        created_at_ms: cx.now_ms,
        totp_secret: None,
        totp_pending: None,
        recovery_code_hashes: Vec::new(),
        custom_role: None,
        pin_hash: None,
    };
    cx.put(&owner)?;
    cx.actor = Some(actor_of(cx.conn, &owner)?);
    cx.record_change(
        company.id,
        Summary::both(
            format!("created company {company_name} with owner {}", owner.email),
            format!("创建公司 {company_name}，店主 {}", owner.email),
        ),
    );
    start_session(cx, &owner, false)
}

/// Who a user acts as: their role's permissions, or none but setting up two-step sign-in
/// while their role requires it and they have not.
fn actor_of(conn: &Connection, user: &UserRecord) -> Result<Actor> {
    let mut actor = roles::actor_of(conn, user)?;
    if mfa_setup_required(conn, user)? {
        actor.permissions.clear();
    }
    Ok(actor)
}

fn mfa_setup_required(conn: &Connection, user: &UserRecord) -> Result<bool> {
    Ok(user.totp_secret.is_none() && roles::mfa_required(conn, user)?)
}

/// The session as the caller sees it.
fn session_of(
    conn: &Connection,
    token: String,
    user: &UserRecord,
    expires_at_ms: i64,
) -> Result<Session> {
    let actor = actor_of(conn, user)?;
    let assignable_roles = if actor.permissions.contains(&Permission::UsersManage) {
        Role::ALL
            .into_iter()
            .filter(|role| may_manage(actor.role, *role))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Session {
        token,
        user: User::from(user),
        expires_at_ms,
        permissions: roles::names(&actor.permissions),
        mfa_setup_required: mfa_setup_required(conn, user)?,
        assignable_roles,
    })
}

pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn remembered_key(conn: &Connection) -> Result<String> {
    let company = store::company(conn)?.map(|(id, _)| id).unwrap_or_default();
    Ok(format!("session.{company}"))
}

pub(crate) fn start_session(cx: &mut Cx<'_>, user: &UserRecord, remember: bool) -> Result<Session> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let expires_at_ms = cx.now_ms + SESSION_DURATION_MS;
    store::insert_session(
        cx.conn,
        &token_hash(&token),
        user.id,
        cx.now_ms,
        expires_at_ms,
    )?;
    if remember {
        let key = remembered_key(cx.conn)?;
        if let Err(err) = cx.secrets.set(&key, &token) {
            // Signing in still works; only "keep me signed in" is lost. Say so in the log.
            tracing::warn!(error = %err.message, "could not remember the session");
        }
    }
    session_of(cx.conn, token, user, expires_at_ms)
}

/// Checks a password without telling which of email or password was wrong, counting failures
/// towards the lockout (the CLI's way in; the app signs in through `users.auth.login`).
pub fn verify_password(
    conn: &Connection,
    email: &str,
    password: &str,
    otp: Option<&str>,
    now_ms: i64,
    device: crate::kernel::ids::DeviceId,
) -> Result<Actor> {
    let checked = verify(conn, email, password, now_ms).and_then(|user| {
        match super::mfa::check(&user, otp, now_ms)? {
            // Spending a recovery code changes the user's document: the app does that.
            Some(super::mfa::SecondFactor::Recovery(_)) => Err(Error {
                field: Some("otp".into()),
                reason: Some(Reason::WrongOtp),
                ..Error::unauthenticated(
                    "on the command line use a code from the authenticator app",
                )
            }),
            _ => Ok(user),
        }
    });
    match checked {
        Ok(user) => {
            store::clear_failures(conn, email)?;
            actor_of(conn, &user)
        }
        Err(err) => {
            note_failed_login(conn, "users.auth.login", email, &err, now_ms, device)?;
            Err(err)
        }
    }
}

/// Logs a refused sign-in and counts a wrong password towards the lockout. Runs in its own
/// transaction: the sign-in's own has been rolled back.
/// The account whose credentials a call checks, if it is one that does: sign-in (by email),
/// quick switch (by the target user) and unlock (the session's own user).
pub fn credential_email(
    conn: &Connection,
    command: &str,
    input: &serde_json::Value,
    actor: Option<&Actor>,
) -> Option<String> {
    let by_id = |id: UserId| store::user_by_id(conn, id).ok().flatten().map(|u| u.email);
    match command {
        "users.auth.login" => input.get("email")?.as_str().map(str::to_string),
        "users.auth.switch" => {
            by_id(UserId::parse("user_id", input.get("user_id")?.as_str()?).ok()?)
        }
        // From a live session: a wrong current password, PIN or code counts all the same.
        "users.auth.unlock" | "users.password.change" | "users.pin.set" | "users.mfa.disable" => {
            by_id(actor?.user_id)
        }
        _ => None,
    }
}

pub fn note_failed_login(
    conn: &Connection,
    command: &str,
    email: &str,
    err: &Error,
    now_ms: i64,
    device: crate::kernel::ids::DeviceId,
) -> Result<()> {
    let email = email.trim().to_lowercase();
    let locked = if matches!(
        err.reason,
        Some(Reason::WrongCredentials | Reason::WrongOtp)
    ) {
        store::record_failure(conn, &email, now_ms)?
    } else {
        false
    };
    // A sign-in, or a check of a secret from a live session (password change, PIN, MFA).
    let signing_in = matches!(
        command,
        "users.auth.login" | "users.auth.unlock" | "users.auth.switch"
    );
    let (what, what_zh) = if signing_in {
        ("failed sign-in", "登录失败")
    } else {
        ("wrong password, PIN or code", "密码、PIN 或验证码错误")
    };
    let (summary, summary_zh) = if locked {
        (
            format!("{what} for {email}; locked for 15 minutes"),
            format!("{email} {what_zh}；已锁定 15 分钟"),
        )
    } else {
        (
            format!("{what} for {email}: {}", err.message),
            format!(
                "{email} {what_zh}：{}",
                err.message_zh.as_deref().unwrap_or(&err.message)
            ),
        )
    };
    let user = store::user_by_email(conn, &email)?;
    crate::kernel::activity::append(
        conn,
        &crate::kernel::activity::NewEntry {
            user_id: user.as_ref().map(|u| u.id),
            user_name: user.as_ref().map(|u| u.name.as_str()).unwrap_or(""),
            command,
            target_id: user.as_ref().map(|u| u.id.to_string()).as_deref(),
            at_ms: now_ms,
            device_id: device,
            summary: &summary,
            summary_zh: Some(&summary_zh),
        },
    )?;
    Ok(())
}

fn verify(conn: &Connection, email: &str, password: &str, now_ms: i64) -> Result<UserRecord> {
    let locked_until_ms = store::locked_until(conn, email)?;
    if locked_until_ms > now_ms {
        let minutes = ((locked_until_ms - now_ms) as u64).div_ceil(60_000);
        return Err(Error {
            field: Some("password".into()),
            reason: Some(Reason::Locked),
            limit: Some(u32::try_from(minutes).unwrap_or(u32::MAX)),
            ..Error::unauthenticated(format!(
                "too many failed sign-ins; try again in {minutes} minutes"
            ))
        });
    }
    let wrong = || Error {
        field: Some("password".into()),
        reason: Some(Reason::WrongCredentials),
        ..Error::unauthenticated("the email or password is wrong")
    };
    if password.chars().count() > PASSWORD_CHARS_MAX {
        return Err(wrong());
    }
    let user = store::user_by_email(conn, email)?;
    let Some(user) = user else {
        // Spend the same time as a real check so timing does not reveal which emails exist.
        let _ =
            Argon2::default().hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng));
        return Err(wrong());
    };
    let parsed = PasswordHash::new(&user.password_hash)
        .map_err(|err| Error::internal(format!("stored password hash is unreadable: {err}")))?;
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .map_err(|_| wrong())?;
    if user.status != UserStatus::Active {
        return Err(Error::forbidden(
            "this account is disabled",
            "这个账户已停用",
        ));
    }
    Ok(user)
}

/// Password, then the second factor where the user has one. A recovery code used is removed.
fn verify_both(
    cx: &mut Cx<'_>,
    email: &str,
    password: &str,
    otp: Option<&str>,
) -> Result<UserRecord> {
    let mut user = verify(cx.conn, email, password, cx.now_ms)?;
    if let Some(super::mfa::SecondFactor::Recovery(index)) =
        super::mfa::check(&user, otp, cx.now_ms)?
    {
        let mut record: UserRecord = cx
            .get(&user.id)?
            .ok_or_else(|| Error::not_found("user", user.id))?;
        record.recovery_code_hashes.remove(index);
        cx.put(&record)?;
        cx.record_change(
            user.id,
            Summary::both(
                format!("{} used a recovery code", user.email),
                format!("{} 使用了一个恢复码", user.email),
            ),
        );
        user = record;
    }
    Ok(user)
}

fn login(cx: &mut Cx<'_>, input: LoginInput) -> Result<Session> {
    let user = verify_both(cx, &input.email, &input.password, input.otp.as_deref())?;
    store::clear_failures(cx.conn, &input.email)?;
    cx.actor = Some(actor_of(cx.conn, &user)?);
    cx.record_change(
        user.id,
        Summary::both(
            format!("{} signed in", user.email),
            format!("{} 登录", user.email),
        ),
    );
    start_session(cx, &user, input.remember.unwrap_or(false))
}

/// The user behind a session token, if the session is still valid and (unless `command` is
/// one a locked screen allows) not locked.
pub fn authenticate(conn: &Connection, token: &str, now_ms: i64, command: &str) -> Result<Actor> {
    let expired = || Error::unauthenticated("the session has ended; sign in again");
    let hash = token_hash(token);
    let (user_id, _) = store::session_user(conn, &hash, now_ms)?.ok_or_else(expired)?;
    if !super::lock::ALLOWED_WHILE_LOCKED.contains(&command) && super::lock::is_locked(conn, &hash)?
    {
        return Err(super::lock::locked_error());
    }
    let user = store::user_by_id(conn, user_id)?.ok_or_else(expired)?;
    if user.status != UserStatus::Active {
        return Err(Error::forbidden(
            "this account is disabled",
            "这个账户已停用",
        ));
    }
    actor_of(conn, &user)
}

fn resume(cx: &mut Cx<'_>, _: Empty) -> Result<Option<Session>> {
    let key = remembered_key(cx.conn)?;
    let token = match cx.secrets.get(&key) {
        Ok(Some(token)) => token,
        Ok(None) => return Ok(None),
        Err(err) => {
            tracing::warn!(error = %err.message, "could not read the remembered session");
            return Ok(None);
        }
    };
    let hash = token_hash(&token);
    let Some((user_id, expires_at_ms)) = store::session_user(cx.conn, &hash, cx.now_ms)? else {
        let _ = cx.secrets.delete(&key);
        return Ok(None);
    };
    let user = store::require_user(cx.conn, user_id)?;
    if user.status != UserStatus::Active {
        return Ok(None);
    }
    Ok(Some(session_of(cx.conn, token, &user, expires_at_ms)?))
}

fn logout(cx: &mut Cx<'_>, _: Empty) -> Result<Done> {
    if let Some(token) = cx.token {
        store::delete_session(cx.conn, &token_hash(token))?;
    }
    let key = remembered_key(cx.conn)?;
    if let Err(err) = cx.secrets.delete(&key) {
        tracing::warn!(error = %err.message, "could not forget the remembered session");
    }
    let actor = cx.actor()?.clone();
    cx.record_change(
        actor.user_id,
        Summary::both(
            format!("{} signed out", actor.name),
            format!("{} 退出登录", actor.name),
        ),
    );
    Ok(Done {})
}

fn profile(cx: &mut Cx<'_>, _: Empty) -> Result<User> {
    let actor = cx.actor()?;
    let user = store::require_user(cx.conn, actor.user_id)?;
    Ok(User::from(&user))
}

fn activity_list(cx: &mut Cx<'_>, query: ActivityQuery) -> Result<Page<ActivityEntry>> {
    activity::list(cx.conn, &query)
}

fn user_list(cx: &mut Cx<'_>, _: Empty) -> Result<Vec<UserListItem>> {
    store::list_users(cx.conn)?
        .iter()
        .map(|u| {
            Ok(UserListItem {
                user: User::from(u),
                last_login_at_ms: store::last_login(cx.conn, u.id)?,
            })
        })
        .collect()
}

fn refresh(cx: &mut Cx<'_>, _: Empty) -> Result<Session> {
    let token = cx
        .token
        .ok_or_else(|| Error::unauthenticated("only a session can be refreshed"))?
        .to_string();
    let actor = cx.actor()?.clone();
    let user = store::require_user(cx.conn, actor.user_id)?;
    let expires_at_ms = cx.now_ms + SESSION_DURATION_MS;
    store::extend_session(cx.conn, &token_hash(&token), expires_at_ms)?;
    session_of(cx.conn, token, &user, expires_at_ms)
}

fn password_change(cx: &mut Cx<'_>, input: PasswordChange) -> Result<Done> {
    let actor = cx.actor()?.clone();
    let user = store::require_user(cx.conn, actor.user_id)?;
    super::lock::check_not_locked_out(cx.conn, &user, cx.now_ms, "current_password")?;
    check_password(&user, &input.current_password).map_err(|e| Error {
        field: Some("current_password".into()),
        ..e
    })?;
    let mut record: UserRecord = cx
        .get(&user.id)?
        .ok_or_else(|| Error::not_found("user", user.id))?;
    record.password_hash = hash_password(&input.new_password).map_err(|e| Error {
        field: Some("new_password".into()),
        ..e
    })?;
    cx.put(&record)?;
    cx.record_change(
        user.id,
        Summary::both(
            format!("{} changed their password", user.email),
            format!("{} 修改了密码", user.email),
        ),
    );
    Ok(Done {})
}

/// Checks a signed-in user's own password (to change it, set a PIN, unlock the screen).
pub(crate) fn check_password(user: &UserRecord, password: &str) -> Result<()> {
    let parsed = PasswordHash::new(&user.password_hash)
        .map_err(|err| Error::internal(format!("stored password hash is unreadable: {err}")))?;
    if password.chars().count() > PASSWORD_CHARS_MAX
        || Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_err()
    {
        return Err(Error::invalid(
            "password",
            Reason::WrongCredentials,
            "the password is wrong",
        ));
    }
    Ok(())
}

/// The session behind `token` as the caller sees it (after an unlock).
pub(crate) fn current_session(
    conn: &Connection,
    token: String,
    user: &UserRecord,
) -> Result<Session> {
    let expires_at_ms: i64 = conn.query_row(
        "SELECT expires_at_ms FROM sessions WHERE token_hash = ?1",
        [token_hash(&token)],
        |row| row.get(0),
    )?;
    session_of(conn, token, user, expires_at_ms)
}

/// Owners are managed by owners only: a manager can neither touch an owner nor make one.
fn may_manage(actor_role: Role, target_role: Role) -> bool {
    target_role != Role::Owner || actor_role == Role::Owner
}

fn check_may_manage(actor: &Actor, target_role: Role) -> Result<()> {
    if !may_manage(actor.role, target_role) {
        return Err(Error::forbidden(
            "only an owner may manage owners",
            "只有所有者可以管理所有者",
        ));
    }
    Ok(())
}

fn user_create(cx: &mut Cx<'_>, input: NewUserInput) -> Result<User> {
    let actor = cx.actor()?.clone();
    check_may_manage(&actor, input.role)?;
    let granted = roles::permissions_of_assignment(cx.conn, input.role, input.custom_role_id)?;
    roles::check_may_grant(&actor, &granted)?;
    let mut checks = Checks::default();
    let name = checks.field(validate::required("name", &input.name, NAME_CHARS_MAX));
    let email = checks.field(validate::email_required("email", &input.email));
    checks.field(check_password_policy(&input.password));
    checks.done()?;
    let (name, email) = (name.unwrap_or_default(), email.unwrap_or_default());
    if store::user_by_email(cx.conn, &email)?.is_some() {
        return Err(Error {
            field: Some("email".into()),
            ..Error::conflict(
                format!("a user with the email {email} exists already"),
                format!("邮箱为 {email} 的用户已经存在"),
            )
        });
    }
    let user = UserRecord {
        id: UserId::new(),
        name,
        email,
        role: input.role,
        status: UserStatus::Active,
        password_hash: hash_password(&input.password)?,
        created_at_ms: cx.now_ms,
        totp_secret: None,
        totp_pending: None,
        recovery_code_hashes: Vec::new(),
        custom_role: input.custom_role_id,
        pin_hash: None,
    };
    cx.put(&user)?;
    let role = roles::role_key(&user);
    cx.record_change(
        user.id,
        Summary::both(
            format!("added {} as {role}", user.email),
            format!("添加用户 {}，角色 {}", user.email, roles::role_zh(&role)),
        ),
    );
    Ok(User::from(&user))
}

fn load_user(cx: &mut Cx<'_>, id: UserId) -> Result<UserRecord> {
    cx.get::<UserRecord>(&id)?
        .ok_or_else(|| Error::not_found("user", id))
}

/// Refuses a change that would leave the company without an active owner.
fn keep_an_owner(cx: &mut Cx<'_>, user: &UserRecord) -> Result<()> {
    if user.role == Role::Owner
        && user.status == UserStatus::Active
        && store::active_owners(cx.conn)? <= 1
    {
        return Err(Error::conflict(
            "the company needs at least one active owner",
            "公司至少需要一位启用中的所有者",
        ));
    }
    Ok(())
}

fn user_update(cx: &mut Cx<'_>, patch: UserPatch) -> Result<User> {
    let actor = cx.actor()?.clone();
    let mut user = load_user(cx, patch.id)?;
    check_may_manage(&actor, user.role)?;
    let mut changed = Vec::new();
    if let Some(name) = &patch.name {
        user.name = validate::required("name", name, NAME_CHARS_MAX)?;
        changed.push(("name".to_string(), "姓名".to_string()));
    }
    if patch.role.is_some() || patch.custom_role_id.is_some() {
        // A custom role makes the built-in one staff; a built-in role alone clears a custom one.
        let role = match patch.custom_role_id {
            Some(_) => patch.role.unwrap_or(Role::Staff),
            None => patch.role.unwrap_or(user.role),
        };
        if (role, patch.custom_role_id) != (user.role, user.custom_role) {
            check_may_manage(&actor, role)?;
            let granted = roles::permissions_of_assignment(cx.conn, role, patch.custom_role_id)?;
            roles::check_may_grant(&actor, &granted)?;
            if role != Role::Owner {
                keep_an_owner(cx, &user)?;
            }
            let before = roles::role_key(&user);
            user.role = role;
            user.custom_role = patch.custom_role_id;
            let after = roles::role_key(&user);
            changed.push((
                format!("role {before} -> {after}"),
                format!(
                    "角色 {} → {}",
                    roles::role_zh(&before),
                    roles::role_zh(&after)
                ),
            ));
        }
    }
    if changed.is_empty() {
        return Ok(User::from(&user));
    }
    cx.put(&user)?;
    let (en, zh): (Vec<String>, Vec<String>) = changed.into_iter().unzip();
    cx.record_change(
        user.id,
        Summary::both(
            format!("updated {} of {}", en.join(", "), user.email),
            format!("修改了 {} 的{}", user.email, zh.join("、")),
        ),
    );
    Ok(User::from(&user))
}

fn set_status(cx: &mut Cx<'_>, id: UserId, status: UserStatus) -> Result<User> {
    let actor = cx.actor()?.clone();
    let mut user = load_user(cx, id)?;
    check_may_manage(&actor, user.role)?;
    if user.status == status {
        return Ok(User::from(&user));
    }
    if status == UserStatus::Disabled {
        if user.id == actor.user_id {
            return Err(Error::conflict(
                "you cannot disable your own account",
                "不能停用自己的账户",
            ));
        }
        keep_an_owner(cx, &user)?;
        store::end_sessions(cx.conn, user.id)?;
    }
    user.status = status;
    cx.put(&user)?;
    let (verb, verb_zh) = if status == UserStatus::Disabled {
        ("disabled", "停用")
    } else {
        ("enabled", "启用")
    };
    cx.record_change(
        user.id,
        Summary::both(
            format!("{verb} {}", user.email),
            format!("{verb_zh}用户 {}", user.email),
        ),
    );
    Ok(User::from(&user))
}

fn user_disable(cx: &mut Cx<'_>, input: UserRef) -> Result<User> {
    set_status(cx, input.id, UserStatus::Disabled)
}

fn user_enable(cx: &mut Cx<'_>, input: UserRef) -> Result<User> {
    set_status(cx, input.id, UserStatus::Active)
}

fn password_reset(cx: &mut Cx<'_>, input: PasswordReset) -> Result<Done> {
    let actor = cx.actor()?.clone();
    if actor.role != Role::Owner {
        return Err(Error::forbidden(
            "only an owner may set another user's password",
            "只有所有者可以设置其他用户的密码",
        ));
    }
    let mut user = load_user(cx, input.id)?;
    user.password_hash = hash_password(&input.password)?;
    cx.put(&user)?;
    // Whoever knew the old password is signed out everywhere.
    store::end_sessions(cx.conn, user.id)?;
    cx.record_change(
        user.id,
        Summary::both(
            format!("reset the password of {}", user.email),
            format!("重置了 {} 的密码", user.email),
        ),
    );
    Ok(Done {})
}

fn activity_verify(cx: &mut Cx<'_>, _: Empty) -> Result<activity::AuditReport> {
    activity::verify(cx.conn)
}

#[derive(Debug, serde::Serialize, ts_rs::TS)]
pub struct ActivityExport {
    pub csv: String,
    #[ts(type = "number")]
    pub count: u64,
}

fn activity_export(cx: &mut Cx<'_>, query: ActivityQuery) -> Result<ActivityExport> {
    let (csv, count) = activity::export_csv(cx.conn, &query)?;
    cx.record_change(
        "activity",
        Summary::both(
            format!("exported {count} activity entries"),
            format!("导出操作日志 {count} 条"),
        ),
    );
    Ok(ActivityExport { csv, count })
}
