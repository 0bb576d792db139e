//! Who may do what: the permissions commands require, the built-in roles that grant them, and
//! the actor every command runs as. The command runtime checks these; the users area keeps the
//! people, sessions and custom roles.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::UserId;

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

impl Role {
    pub fn permissions(self) -> Vec<Permission> {
        Permission::GRANTABLE
            .into_iter()
            .filter(|p| self.allows(*p))
            .collect()
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

/// Who asks: a session token (the app), a user checked by password (the CLI), or nobody (a
/// new device joining a company: it holds no data and no users yet).
#[derive(Clone, Copy)]
pub enum Caller<'a> {
    Token(&'a str),
    Actor(&'a Actor),
    Nobody,
}
