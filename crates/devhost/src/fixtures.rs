//! Named starting points for a throw-away company, made through the real command table only
//! (nothing is written behind the core's back), so a fixture is always something the app
//! itself could have made.

use std::str::FromStr;

use serde_json::{json, Value};
use suanpan_core::Result;

use crate::company::{Company, OWNER_EMAIL, PASSWORD};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixture {
    /// No company yet: the app's first run.
    Empty,
    /// A company and its owner, nothing else.
    Company,
    /// A small tea shop to look at: books, taxes, customers, products, stock.
    Shop,
}

impl FromStr for Fixture {
    type Err = anyhow::Error;

    fn from_str(name: &str) -> anyhow::Result<Fixture> {
        match name {
            "empty" => Ok(Fixture::Empty),
            "company" => Ok(Fixture::Company),
            "shop" => Ok(Fixture::Shop),
            other => anyhow::bail!("no fixture called {other:?}: empty, company or shop"),
        }
    }
}

/// The roles a fixture can sign in, with the name each one's user gets.
pub const ROLES: &[(&str, &str)] = &[
    ("owner", "Owner"),
    ("manager", "Li Manager"),
    ("accountant", "Anna Chen"),
    ("cashier", "Xiao Wang"),
    ("staff", "Sam Staff"),
];

/// Makes the company `fixture` describes. Returns the owner's session (none for `Empty`).
pub fn make(company: &mut Company, fixture: Fixture) -> Result<Option<Value>> {
    if fixture == Fixture::Empty {
        return Ok(None);
    }
    let session = company.call(
        None,
        "setup.init",
        json!({
            "company_name": "测试小店 Test Shop",
            "owner_name": "Owner",
            "owner_email": OWNER_EMAIL,
            "password": PASSWORD,
        }),
    )?;
    if fixture == Fixture::Shop {
        let token = session["token"].as_str().map(str::to_string);
        shop(company, token.as_deref())?;
    }
    Ok(Some(session))
}

/// Adds the user of `role` (unless there) and signs them in: their session.
pub fn sign_in(company: &mut Company, owner: Option<&str>, role: &str) -> Result<Value> {
    let email = format!("{role}@example.com");
    if role != "owner" {
        let name = ROLES
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, name)| *name)
            .unwrap_or(role);
        let users = company.call(owner, "users.list", json!({}))?;
        let exists = users
            .as_array()
            .is_some_and(|all| all.iter().any(|u| u["email"] == email.as_str()));
        if !exists {
            company.call(
                owner,
                "users.create",
                json!({ "name": name, "email": email, "role": role, "password": PASSWORD }),
            )?;
        }
    }
    company.call(
        None,
        "users.auth.login",
        json!({ "email": email, "password": PASSWORD }),
    )
}

fn shop(company: &mut Company, token: Option<&str>) -> Result<()> {
    let mut call = |command: &str, input: Value| company.call(token, command, input);
    call(
        "finances.setup",
        json!({ "template": "prc_small_business" }),
    )?;
    for (name, email, city) in [
        ("王芳", "wang.fang@example.com", "杭州"),
        ("Acme Trading Ltd", "orders@acme.example", "Shanghai"),
        ("李小龙茶馆", "tea@example.cn", "北京"),
    ] {
        call(
            "customers.create",
            json!({ "name": name, "email": email, "address": { "city": city } }),
        )?;
    }
    let floor = call(
        "inventory.locations.create",
        json!({ "name": "店面 Shop floor" }),
    )?;
    let back = call(
        "inventory.locations.create",
        json!({ "name": "后仓 Back room" }),
    )?;
    let tea = call("inventory.categories.create", json!({ "name": "茶 Tea" }))?;
    let products = [
        ("西湖龙井 250g", "TEA-LJ-250", "388.00", "200.00", "6", "40"),
        ("铁观音 200g", "TEA-TGY-200", "168.00", "90.00", "2", "10"),
        ("普洱茶饼 357g", "TEA-PE-357", "268.00", "150.00", "12", "0"),
    ];
    for (name, sku, price, cost, on_floor, in_back) in products {
        let product = call(
            "inventory.products.create",
            json!({ "name": name, "sku": sku, "price": price, "cost": cost,
                    "category_id": tea["id"] }),
        )?;
        for (location, quantity) in [(&floor, on_floor), (&back, in_back)] {
            if quantity != "0" {
                call(
                    "inventory.stock.movements.create",
                    json!({ "product_id": product["id"], "location_id": location["id"],
                            "kind": "receipt", "quantity": quantity, "unit_cost": cost }),
                )?;
            }
        }
        call(
            "inventory.stock.thresholds.set",
            json!({ "product_id": product["id"], "location_id": floor["id"], "minimum": "5" }),
        )?;
    }
    Ok(())
}
