//! Custom roles made of permissions, the rule that nobody hands out what they do not hold,
//! and two-step sign-in required per role.

mod common;

use std::sync::atomic::Ordering;

use common::{Shop, PASSWORD};
use serde_json::{json, Value};
use suanpan_core::users::mfa::code_at;
use suanpan_core::ErrorCode;

fn add_user(shop: &mut Shop, email: &str, assignment: Value) -> Value {
    let mut input = json!({"name": email, "email": email, "password": PASSWORD, "role": "staff"});
    for (k, v) in assignment.as_object().unwrap() {
        input[k] = v.clone();
    }
    shop.call("users.create", input)
}

fn login(shop: &mut Shop, email: &str) -> Value {
    shop.core
        .call(
            None,
            "users.auth.login",
            json!({"email": email, "password": PASSWORD}),
        )
        .unwrap()
}

fn token(session: &Value) -> Option<&str> {
    session["token"].as_str()
}

#[test]
fn a_custom_role_grants_exactly_its_permissions() {
    let mut shop = Shop::new();
    let role = shop.call(
        "users.roles.create",
        json!({"name": "Front desk", "description": "Counter staff who may export",
               "permissions": ["customers.export", "customers.read", "customers.read"]}),
    );
    let id = role["key"].as_str().unwrap().to_string();
    assert_eq!(
        role["permissions"],
        json!(["customers.read", "customers.export"])
    );
    assert_eq!(role["built_in"], false);
    let user = add_user(&mut shop, "desk@example.com", json!({"custom_role_id": id}));
    assert_eq!(user["custom_role_id"], id.as_str());
    assert_eq!(user["role"], "staff");

    let session = login(&mut shop, "desk@example.com");
    assert_eq!(
        session["permissions"],
        json!(["customers.read", "customers.export"])
    );
    let t = token(&session).map(str::to_string);
    let t = t.as_deref();
    assert!(shop.core.call(t, "customers.export", json!({})).is_ok());
    let err = shop
        .core
        .call(t, "customers.create", json!({"name": "X"}))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    assert!(err.message.contains("customers.write"), "{}", err.message);

    // A change to the role takes effect on the next call of a live session.
    shop.call(
        "users.roles.update",
        json!({"id": id, "permissions": ["customers.read", "customers.write"]}),
    );
    assert!(shop
        .core
        .call(t, "customers.create", json!({"name": "X"}))
        .is_ok());
    assert_eq!(
        shop.core
            .call(t, "customers.export", json!({}))
            .unwrap_err()
            .code,
        ErrorCode::Forbidden
    );

    let roles = shop.call("users.roles.list", json!({}));
    let listed: Vec<(&str, u64)> = roles
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap(), r["users"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        listed,
        vec![
            ("owner", 1),
            ("manager", 0),
            ("accountant", 0),
            ("cashier", 0),
            ("staff", 0),
            ("Front desk", 1)
        ]
    );

    let err = shop.fail("users.roles.delete", json!({"id": id}));
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(err.message.contains("1 user"), "{}", err.message);
    shop.call("users.update", json!({"id": user["id"], "role": "cashier"}));
    let moved = shop.call("users.list", json!({}));
    let moved = moved
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "desk@example.com")
        .unwrap();
    assert_eq!(
        moved["custom_role_id"],
        Value::Null,
        "a built-in role clears the custom one"
    );
    shop.call("users.roles.delete", json!({"id": id}));
    assert_eq!(
        shop.call("users.roles.list", json!({}))
            .as_array()
            .unwrap()
            .len(),
        5
    );
    let log = shop.call(
        "users.activity.list",
        json!({"command": "users.roles.create"}),
    );
    assert!(log["items"][0]["summary"]
        .as_str()
        .unwrap()
        .contains("Front desk"));
}

#[test]
fn bad_role_input_names_the_field() {
    let mut shop = Shop::new();
    let err = shop.fail(
        "users.roles.create",
        json!({"name": "X", "permissions": ["customers.read", "customers.fly"]}),
    );
    assert_eq!(err.field.as_deref(), Some("permissions[1]"));
    let err = shop.fail(
        "users.roles.create",
        json!({"name": "X", "permissions": ["security.manage"]}),
    );
    assert_eq!(err.field.as_deref(), Some("permissions[0]"));
    assert!(err.message.contains("owners only"), "{}", err.message);
    let err = shop.fail(
        "users.roles.create",
        json!({"name": "Cashier", "permissions": []}),
    );
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::Conflict, Some("name"))
    );
    shop.call(
        "users.roles.create",
        json!({"name": "Stock", "permissions": []}),
    );
    let err = shop.fail(
        "users.roles.create",
        json!({"name": "stock", "permissions": []}),
    );
    assert_eq!(err.code, ErrorCode::Conflict);
    let err = shop.fail(
        "users.create",
        json!({"name": "N", "email": "n@example.com", "password": PASSWORD, "role": "staff",
               "custom_role_id": "01900000-0000-7000-8000-000000000000"}),
    );
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::NotFound, Some("custom_role_id"))
    );
    let role = shop.call(
        "users.roles.create",
        json!({"name": "Owner-ish", "permissions": []}),
    );
    let err = shop.fail(
        "users.create",
        json!({"name": "N", "email": "n@example.com", "password": PASSWORD, "role": "owner",
               "custom_role_id": role["key"]}),
    );
    assert_eq!(err.field.as_deref(), Some("role"));
}

#[test]
fn nobody_hands_out_what_they_do_not_hold() {
    let mut shop = Shop::new();
    let hr = shop.call(
        "users.roles.create",
        json!({"name": "HR", "permissions": ["users.read", "users.manage", "customers.read"]}),
    );
    add_user(
        &mut shop,
        "hr@example.com",
        json!({"custom_role_id": hr["key"]}),
    );
    let session = login(&mut shop, "hr@example.com");
    let t = token(&session).map(str::to_string);
    let t = t.as_deref();
    let forbidden = |shop: &mut Shop, command: &str, input: Value| {
        let err = shop.core.call(t, command, input).unwrap_err();
        assert_eq!(err.code, ErrorCode::Forbidden, "{command}: {err:?}");
    };
    forbidden(
        &mut shop,
        "users.roles.create",
        json!({"name": "Exporter", "permissions": ["customers.export"]}),
    );
    forbidden(
        &mut shop,
        "users.create",
        json!({"name": "M", "email": "m@example.com", "password": PASSWORD, "role": "manager"}),
    );
    forbidden(
        &mut shop,
        "users.roles.update",
        json!({"id": hr["key"], "permissions": ["users.read", "users.manage", "customers.read", "activity.read"]}),
    );
    // Within what HR holds, it works.
    let reader = shop
        .core
        .call(
            t,
            "users.roles.create",
            json!({"name": "Reader", "permissions": ["customers.read"]}),
        )
        .unwrap();
    shop.core
        .call(
            t,
            "users.create",
            json!({"name": "R", "email": "r@example.com", "password": PASSWORD,
                   "role": "staff", "custom_role_id": reader["key"]}),
        )
        .unwrap();
    // Every refusal is in the log.
    let log = shop.call("users.activity.list", json!({"limit": 100}));
    let refusals = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["summary"].as_str().unwrap().starts_with("refused"))
        .count();
    assert_eq!(refusals, 3);
}

#[test]
fn a_role_can_require_two_step_sign_in() {
    let (mut shop, now) = Shop::with_clock(1_800_000_000_000);
    add_user(&mut shop, "cash@example.com", json!({"role": "cashier"}));
    shop.call(
        "users.roles.mfa",
        json!({"role": "cashier", "required": true}),
    );
    let roles = shop.call("users.roles.list", json!({}));
    assert_eq!(roles[3]["mfa_required"], true);

    let session = login(&mut shop, "cash@example.com");
    assert_eq!(session["mfa_setup_required"], true);
    assert_eq!(session["permissions"], json!([]));
    let t = token(&session).unwrap().to_string();
    let err = shop
        .core
        .call(Some(&t), "customers.list", json!({}))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);

    let enrollment = shop
        .core
        .call(Some(&t), "users.mfa.enroll", json!({}))
        .unwrap();
    let secret = enrollment["secret"].as_str().unwrap();
    let code = code_at(secret, now.load(Ordering::SeqCst)).unwrap();
    shop.core
        .call(Some(&t), "users.mfa.confirm", json!({"code": code}))
        .unwrap();
    let refreshed = shop
        .core
        .call(Some(&t), "users.auth.refresh", json!({}))
        .unwrap();
    assert_eq!(refreshed["mfa_setup_required"], false);
    assert!(shop
        .core
        .call(Some(&t), "customers.list", json!({}))
        .is_ok());

    let err = shop.fail("users.roles.mfa", json!({"role": "cook", "required": true}));
    assert_eq!(err.field.as_deref(), Some("role"));
    shop.call(
        "users.roles.mfa",
        json!({"role": "cashier", "required": false}),
    );
    assert_eq!(
        shop.call("users.roles.list", json!({}))[3]["mfa_required"],
        false
    );
}

// ---- the shop counter: idle lock and quick switch by PIN ----

fn set_pin(shop: &mut Shop, token: Option<&str>, pin: &str) {
    shop.core
        .call(
            token,
            "users.pin.set",
            json!({"pin": pin, "current_password": PASSWORD}),
        )
        .unwrap();
}

#[test]
fn a_locked_session_refuses_everything_but_unlock_and_switch() {
    let mut shop = Shop::new();
    assert_eq!(
        shop.call("security.settings.get", json!({})),
        json!({"idle_lock_minutes": 10})
    );
    shop.call("security.settings.update", json!({"idle_lock_minutes": 5}));
    let err = shop.fail(
        "security.settings.update",
        json!({"idle_lock_minutes": 1000}),
    );
    assert_eq!(err.field.as_deref(), Some("idle_lock_minutes"));

    let token = shop.token.clone();
    set_pin(&mut shop, Some(&token), "246813");
    shop.call("users.auth.lock", json!({}));
    let err = shop
        .core
        .call(Some(&token), "customers.list", json!({}))
        .unwrap_err();
    assert_eq!(
        (err.code, serde_json::to_value(err.reason).unwrap()),
        (ErrorCode::Unauthenticated, json!("session_locked"))
    );
    let err = shop
        .core
        .call(Some(&token), "users.auth.unlock", json!({"pin": "1111"}))
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("pin"));
    let session = shop
        .core
        .call(Some(&token), "users.auth.unlock", json!({"pin": "246813"}))
        .unwrap();
    assert_eq!(session["token"], token.as_str());
    assert!(shop
        .core
        .call(Some(&token), "customers.list", json!({}))
        .is_ok());
    // The password works too.
    shop.call("users.auth.lock", json!({}));
    shop.core
        .call(
            Some(&token),
            "users.auth.unlock",
            json!({"password": PASSWORD}),
        )
        .unwrap();
    let log = shop.call("users.activity.list", json!({"limit": 50}));
    let summaries: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["summary"].as_str().unwrap())
        .collect();
    assert!(summaries.iter().any(|s| s.contains("screen locked")));
    assert!(summaries.iter().any(|s| s.contains("unlocked the screen")));
    assert!(summaries.iter().any(|s| s.starts_with("failed sign-in")));
}

#[test]
fn staff_switch_by_pin_and_wrong_pins_lock_the_account() {
    let mut shop = Shop::new();
    let cashier = add_user(&mut shop, "cash@example.com", json!({"role": "cashier"}));
    let cashier_session = login(&mut shop, "cash@example.com");
    set_pin(&mut shop, token(&cashier_session), "1357");
    let err = shop
        .core
        .call(
            token(&cashier_session),
            "users.pin.set",
            json!({"pin": "12a4", "current_password": PASSWORD}),
        )
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("pin"));

    // The owner's screen locks; the cashier takes the counter over.
    let owner_token = shop.token.clone();
    shop.call("users.auth.lock", json!({}));
    let list = shop
        .core
        .call(Some(&owner_token), "users.auth.switch_list", json!({}))
        .unwrap();
    assert_eq!(
        list,
        json!([{"id": cashier["id"], "name": "cash@example.com"}])
    );
    let switched = shop
        .core
        .call(
            Some(&owner_token),
            "users.auth.switch",
            json!({"user_id": cashier["id"], "pin": "1357"}),
        )
        .unwrap();
    assert_eq!(switched["user"]["email"], "cash@example.com");
    assert!(
        shop.core
            .call(Some(&owner_token), "customers.list", json!({}))
            .is_err(),
        "the previous session ended"
    );
    let cashier_token = switched["token"].as_str().unwrap().to_string();
    assert!(shop
        .core
        .call(Some(&cashier_token), "customers.list", json!({}))
        .is_ok());

    // Five wrong PINs lock the cashier's account, for PINs and passwords alike.
    shop.core
        .call(Some(&cashier_token), "users.auth.lock", json!({}))
        .unwrap();
    for _ in 0..5 {
        let err = shop
            .core
            .call(
                Some(&cashier_token),
                "users.auth.switch",
                json!({"user_id": cashier["id"], "pin": "0000"}),
            )
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Unauthenticated);
    }
    let err = shop
        .core
        .call(
            Some(&cashier_token),
            "users.auth.switch",
            json!({"user_id": cashier["id"], "pin": "1357"}),
        )
        .unwrap_err();
    assert_eq!(serde_json::to_value(err.reason).unwrap(), json!("locked"));
    let err = shop
        .core
        .call(
            None,
            "users.auth.login",
            json!({"email": "cash@example.com", "password": PASSWORD}),
        )
        .unwrap_err();
    assert_eq!(serde_json::to_value(err.reason).unwrap(), json!("locked"));
}

#[test]
fn the_session_says_which_roles_it_may_give_and_custom_roles_never_hold_security() {
    let mut shop = Shop::new();
    let owner = login(&mut shop, "owner@example.com");
    assert_eq!(
        owner["assignable_roles"],
        json!(["owner", "manager", "accountant", "cashier", "staff"])
    );
    add_user(&mut shop, "m@example.com", json!({"role": "manager"}));
    add_user(&mut shop, "c@example.com", json!({"role": "cashier"}));
    let manager = login(&mut shop, "m@example.com");
    assert_eq!(
        manager["assignable_roles"],
        json!(["manager", "accountant", "cashier", "staff"]),
        "only an owner manages owners"
    );
    let cashier = login(&mut shop, "c@example.com");
    assert_eq!(
        cashier["assignable_roles"],
        json!([]),
        "without users.manage"
    );
    // What the session lists is what the core does: a manager cannot make an owner.
    let err = shop
        .core
        .call(
            token(&manager),
            "users.create",
            json!({"name": "O", "email": "o2@example.com", "password": PASSWORD, "role": "owner"}),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden, "{err:?}");

    // The permission list says which a custom role may hold; the one it may not is refused.
    let listed = shop.call("users.permissions.list", json!({}));
    let closed: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["custom_roles"] == false)
        .map(|p| p["permission"].as_str().unwrap())
        .collect();
    assert_eq!(closed, ["security.manage"]);
    let err = shop.fail(
        "users.roles.create",
        json!({"name": "Keys", "permissions": closed}),
    );
    assert_eq!(err.field.as_deref(), Some("permissions[0]"), "{err:?}");
}
