use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::{CompanyId, RoleId, UserId};

/// What a command needs. `Public` commands run without a session (first run, login);
/// `Session` ones need any signed-in user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    Public,
    Session,
    CustomersRead,
    CustomersWrite,
    CustomersImport,
    CustomersExport,
    CustomersErase,
    ActivityRead,
    UsersRead,
    UsersManage,
    SecurityManage,
    FinanceRead,
    FinanceWrite,
    FinanceManage,
    SalesRead,
    SalesWrite,
    InventoryRead,
    InventoryWrite,
    InventoryManage,
    PurchasesManage,
    CostsRead,
}

impl Permission {
    /// The permissions a role can hold (not `Public`/`Session`, which everyone has).
    pub const GRANTABLE: [Permission; 19] = [
        Permission::CustomersRead,
        Permission::CustomersWrite,
        Permission::CustomersImport,
        Permission::CustomersExport,
        Permission::CustomersErase,
        Permission::ActivityRead,
        Permission::UsersRead,
        Permission::UsersManage,
        Permission::SecurityManage,
        Permission::FinanceRead,
        Permission::FinanceWrite,
        Permission::FinanceManage,
        Permission::SalesRead,
        Permission::SalesWrite,
        Permission::InventoryRead,
        Permission::InventoryWrite,
        Permission::InventoryManage,
        Permission::PurchasesManage,
        Permission::CostsRead,
    ];

    pub fn parse(text: &str) -> Option<Permission> {
        Permission::GRANTABLE
            .into_iter()
            .find(|p| p.as_str() == text)
    }

    pub fn describe(self) -> &'static str {
        match self {
            Permission::Public => "Anyone, signed in or not",
            Permission::Session => "Any signed-in user",
            Permission::CustomersRead => "See customers, notes, interactions and segments",
            Permission::CustomersWrite => {
                "Add and edit customers, notes, interactions and segments"
            }
            Permission::CustomersImport => "Import customers from a file",
            Permission::CustomersExport => "Export customers and their personal data",
            Permission::CustomersErase => "Erase a customer's personal data for good",
            Permission::ActivityRead => "See, check and export the activity log",
            Permission::UsersRead => "See the staff list and roles",
            Permission::UsersManage => "Add, change and disable staff and roles",
            Permission::SecurityManage => "Encryption keys and sign-in rules (owners only)",
            Permission::FinanceRead => "See the ledger, income, expenses and financial reports",
            Permission::FinanceWrite => {
                "Record income and expenses, post and reverse journal entries"
            }
            Permission::FinanceManage => {
                "Set up the chart of accounts, taxes and invoice numbering; close periods"
            }
            Permission::SalesRead => "See invoices, payments and taxes",
            Permission::SalesWrite => "Make and issue invoices and take payments",
            Permission::InventoryRead => "See products, stock levels and movements",
            Permission::InventoryWrite => "Receive goods, move, adjust and count stock",
            Permission::InventoryManage => {
                "Add and edit products, categories, locations and stock thresholds"
            }
            Permission::PurchasesManage => "Make, send and cancel purchase orders",
            Permission::CostsRead => "See cost prices, margins and the stock valuation",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Public => "public",
            Permission::Session => "session",
            Permission::CustomersRead => "customers.read",
            Permission::CustomersWrite => "customers.write",
            Permission::CustomersImport => "customers.import",
            Permission::CustomersExport => "customers.export",
            Permission::CustomersErase => "customers.erase",
            Permission::ActivityRead => "activity.read",
            Permission::UsersRead => "users.read",
            Permission::UsersManage => "users.manage",
            Permission::SecurityManage => "security.manage",
            Permission::FinanceRead => "finance.read",
            Permission::FinanceWrite => "finance.write",
            Permission::FinanceManage => "finance.manage",
            Permission::SalesRead => "sales.read",
            Permission::SalesWrite => "sales.write",
            Permission::InventoryRead => "inventory.read",
            Permission::InventoryWrite => "inventory.write",
            Permission::InventoryManage => "inventory.manage",
            Permission::PurchasesManage => "purchases.manage",
            Permission::CostsRead => "costs.read",
        }
    }
}

/// The built-in roles of a shop. (Custom roles made of permissions come later.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Reconcile, Hydrate, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Manager,
    Accountant,
    Cashier,
    Staff,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Owner,
        Role::Manager,
        Role::Accountant,
        Role::Cashier,
        Role::Staff,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Manager => "manager",
            Role::Accountant => "accountant",
            Role::Cashier => "cashier",
            Role::Staff => "staff",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }

    /// The one place that says what each role may do. `Public` and `Session` commands are
    /// open to everyone signed in (or not at all, for public ones).
    pub fn allows(self, permission: Permission) -> bool {
        use Permission::*;
        match permission {
            Public | Session => true,
            CustomersRead => true,
            // Cashiers and staff add customers and log visits at the counter.
            CustomersWrite => self != Role::Accountant,
            CustomersImport => matches!(self, Role::Owner | Role::Manager),
            // An export is the whole customer list leaving the building.
            CustomersExport => matches!(self, Role::Owner | Role::Manager | Role::Accountant),
            // Erasing a person's data cannot be undone.
            CustomersErase => matches!(self, Role::Owner | Role::Manager),
            ActivityRead => matches!(self, Role::Owner | Role::Manager | Role::Accountant),
            UsersRead | UsersManage => matches!(self, Role::Owner | Role::Manager),
            // The keys to the whole file: the owner's alone.
            SecurityManage => self == Role::Owner,
            // The books: owners, managers and the accountant; the chart and closing periods
            // are the accountant's and the owner's.
            FinanceRead | FinanceWrite => {
                matches!(self, Role::Owner | Role::Manager | Role::Accountant)
            }
            FinanceManage => matches!(self, Role::Owner | Role::Accountant),
            // Cashiers sell: they make and issue invoices and take payments. Voids, credit
            // notes and refunds take money back and are the books' people's.
            SalesRead | SalesWrite => self != Role::Staff,
            InventoryRead => true,
            // Staff receive deliveries, move stock and count it.
            InventoryWrite => matches!(self, Role::Owner | Role::Manager | Role::Staff),
            InventoryManage => matches!(self, Role::Owner | Role::Manager),
            // What the shop pays its suppliers is the owner's and the accountant's to see.
            PurchasesManage | CostsRead => matches!(self, Role::Owner | Role::Accountant),
        }
    }
}

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

/// Who is calling: every command runs as one.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub user_id: UserId,
    pub name: String,
    pub role: Role,
    /// What this user may do: the built-in role's permissions or the custom role's.
    pub permissions: Vec<Permission>,
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
}

impl Role {
    pub fn permissions(self) -> Vec<Permission> {
        Permission::GRANTABLE
            .into_iter()
            .filter(|p| self.allows(*p))
            .collect()
    }
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
