use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::kernel::access::{Actor, Permission, Role};
use crate::kernel::ids::{CompanyId, RoleId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Reconcile, Hydrate, TS)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Active,
    Disabled,
}

/// The company this data file belongs to; one document.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct Company {
    pub id: CompanyId,
    pub name: String,
    pub created_at_ms: i64,
    /// Roles whose users must use two-step sign-in: built-in role names and custom role ids.
    #[autosurgeon(missing = "Vec::new")]
    pub mfa_required_roles: Vec<String>,
    /// Minutes without use before the app locks its screen; 0 never locks.
    #[autosurgeon(missing = "default_idle_lock_minutes")]
    pub idle_lock_minutes: i64,
    /// What invoices print of the seller (empty until filled in).
    #[autosurgeon(missing = "Default::default")]
    pub profile: super::profile::CompanyProfile,
}

fn default_idle_lock_minutes() -> i64 {
    super::lock::IDLE_LOCK_MINUTES_DEFAULT
}

/// A user as stored (with the password hash): never sent to callers.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct UserRecord {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub status: UserStatus,
    pub password_hash: String,
    pub created_at_ms: i64,
    /// The TOTP secret (base32) once MFA is confirmed.
    pub totp_secret: Option<String>,
    /// A secret shown for enrolment, not yet confirmed with a code.
    pub totp_pending: Option<String>,
    /// SHA-256 of each unused one-time recovery code.
    #[autosurgeon(missing = "Vec::new")]
    pub recovery_code_hashes: Vec<String>,
    /// A custom role: its permissions replace the built-in role's (which is then `staff`).
    #[autosurgeon(missing = "Default::default")]
    pub custom_role: Option<RoleId>,
    /// argon2id of the quick-switch PIN, if the user set one.
    #[autosurgeon(missing = "Default::default")]
    pub pin_hash: Option<String>,
}

/// A user as callers see it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// Set when the user has a custom role (`role` is then `staff`).
    pub custom_role_id: Option<RoleId>,
    pub status: UserStatus,
    pub mfa_enabled: bool,
    /// Has a quick-switch PIN.
    pub pin_set: bool,
}

impl From<&UserRecord> for User {
    fn from(u: &UserRecord) -> Self {
        User {
            id: u.id,
            name: u.name.clone(),
            email: u.email.clone(),
            role: u.role,
            custom_role_id: u.custom_role,
            status: u.status,
            mfa_enabled: u.totp_secret.is_some(),
            pin_set: u.pin_hash.is_some(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Session {
    pub token: String,
    pub user: User,
    #[ts(type = "number")]
    pub expires_at_ms: i64,
    /// What the user's role may do, so the UI can hide the rest (the core still checks).
    pub permissions: Vec<String>,
    /// The user's role requires two-step sign-in and it is not set up yet: until it is, the
    /// session may do nothing but set it up (and `permissions` is empty).
    pub mfa_setup_required: bool,
    /// The built-in roles this user may give and whose holders they may change (only an owner
    /// manages owners); empty without users.manage.
    pub assignable_roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SetupStatus {
    pub initialized: bool,
    pub company_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct InitInput {
    pub company_name: String,
    pub owner_name: String,
    pub owner_email: String,
    pub password: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LoginInput {
    pub email: String,
    pub password: String,
    #[serde(default)]
    #[ts(optional)]
    pub remember: Option<bool>,
    /// A code from the authenticator app, or a recovery code, when the user has MFA.
    #[serde(default)]
    #[ts(optional)]
    pub otp: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MfaEnrollment {
    /// Base32, for typing into an authenticator app by hand.
    pub secret: String,
    /// `otpauth://` URL, shown as a QR code.
    pub otpauth_url: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct OtpInput {
    pub code: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RecoveryCodes {
    /// Shown once: each works once instead of an authenticator code.
    pub recovery_codes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NewUserInput {
    pub name: String,
    pub email: String,
    pub role: Role,
    /// A custom role instead of `role` (which must then be `staff`).
    #[serde(default)]
    #[ts(optional)]
    pub custom_role_id: Option<RoleId>,
    pub password: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    pub id: UserId,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
    /// A built-in role; clears a custom role unless `custom_role_id` is given too.
    #[serde(default)]
    #[ts(optional)]
    pub role: Option<Role>,
    /// A custom role (the built-in role becomes `staff`).
    #[serde(default)]
    #[ts(optional)]
    pub custom_role_id: Option<RoleId>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct UserRef {
    pub id: UserId,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    pub id: UserId,
    pub password: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// A user as the users screen lists them: with the time of their last sign-in on this device.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UserListItem {
    #[serde(flatten)]
    #[ts(flatten)]
    pub user: User,
    #[ts(type = "number | null")]
    pub last_login_at_ms: Option<i64>,
}
