//! TOTP sign-in with recovery codes, on a controlled clock.

mod common;

use std::sync::atomic::Ordering;

use common::{Shop, PASSWORD};
use serde_json::json;
use suanpan_core::users::mfa::code_at;
use suanpan_core::ErrorCode;

fn reason(err: &suanpan_core::Error) -> String {
    serde_json::to_value(err.reason)
        .unwrap()
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[test]
fn totp_enrolment_sign_in_and_recovery_codes() {
    let (mut shop, now) = Shop::with_clock(1_800_000_000_000);
    let enrollment = shop.call("users.mfa.enroll", json!({}));
    let secret = enrollment["secret"].as_str().unwrap().to_string();
    let url = enrollment["otpauth_url"].as_str().unwrap();
    assert!(
        url.starts_with("otpauth://totp/Suanpan:owner%40example.com?"),
        "{url}"
    );
    assert!(url.contains(&format!("secret={secret}")), "{url}");

    let err = shop.fail("users.mfa.confirm", json!({"code": "000000"}));
    assert_eq!(
        (err.field.as_deref(), reason(&err).as_str()),
        (Some("code"), "wrong_otp")
    );
    let t = now.load(Ordering::SeqCst);
    let codes = shop.call(
        "users.mfa.confirm",
        json!({"code": code_at(&secret, t).unwrap()}),
    );
    let codes: Vec<String> = serde_json::from_value(codes["recovery_codes"].clone()).unwrap();
    assert_eq!(codes.len(), 10);
    assert_eq!(
        shop.call("users.profile.get", json!({}))["mfa_enabled"],
        true
    );

    let login = |shop: &mut Shop, otp: Option<&str>| {
        let mut input = json!({"email": "owner@example.com", "password": PASSWORD});
        if let Some(otp) = otp {
            input["otp"] = json!(otp);
        }
        shop.core.call(None, "users.auth.login", input)
    };
    let err = login(&mut shop, None).unwrap_err();
    assert_eq!(
        (err.code, reason(&err).as_str(), err.field.as_deref()),
        (ErrorCode::Unauthenticated, "mfa_required", Some("otp"))
    );
    let err = login(&mut shop, Some("123456")).unwrap_err();
    assert_eq!(reason(&err), "wrong_otp");

    now.fetch_add(95_000, Ordering::SeqCst); // three steps later
    let t = now.load(Ordering::SeqCst);
    assert!(login(&mut shop, Some(&code_at(&secret, t).unwrap())).is_ok());
    let stale = code_at(&secret, t - 95_000).unwrap();
    assert_eq!(
        reason(&login(&mut shop, Some(&stale)).unwrap_err()),
        "wrong_otp",
        "an old code has expired"
    );

    // A recovery code works once.
    assert!(login(&mut shop, Some(&codes[3])).is_ok());
    assert_eq!(
        reason(&login(&mut shop, Some(&codes[3])).unwrap_err()),
        "wrong_otp",
        "a recovery code is single-use"
    );
    assert!(
        login(&mut shop, Some(&codes[4].to_uppercase())).is_ok(),
        "recovery codes ignore case"
    );

    // The CLI asks for the app's code too.
    assert!(shop
        .core
        .authenticate("owner@example.com", PASSWORD, None)
        .is_err());
    assert!(shop
        .core
        .authenticate(
            "owner@example.com",
            PASSWORD,
            Some(&code_at(&secret, t).unwrap())
        )
        .is_ok());

    let err = shop.fail("users.mfa.disable", json!({"code": "999999"}));
    assert_eq!(err.field.as_deref(), Some("code"));
    shop.call(
        "users.mfa.disable",
        json!({"code": code_at(&secret, t).unwrap()}),
    );
    assert!(login(&mut shop, None).is_ok(), "MFA is off again");
}

#[test]
fn the_totp_secret_is_kept_out_of_the_projection() {
    let (mut shop, _clock) = Shop::with_clock(1_800_000_000_000);
    let secret = shop.call("users.mfa.enroll", json!({}))["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let row: String = shop
        .core
        .connection()
        .query_row(
            "SELECT group_concat(name || email || role || status, '') FROM users",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!row.contains(&secret));
}
