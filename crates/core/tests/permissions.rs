//! Every command as every built-in role, against one declared matrix. A new command that is
//! not in the matrix fails this test, so no command ships without a decided permission.

mod common;

use common::{Shop, PASSWORD};
use serde_json::json;
use suanpan_core::users::Role;
use suanpan_core::ErrorCode;

/// Which roles may run each command: O owner, M manager, A accountant, C cashier, S staff.
const MATRIX: &[(&str, &str)] = &[
    ("setup.status", "OMACS"),
    ("sync.status", "OMACS"),
    ("inventory.suppliers.list", "OMACS"),
    ("sync.connect", "OM"),
    ("sync.now", "OMACS"),
    ("sync.devices.list", "OM"),
    ("sync.devices.revoke", "OM"),
    ("sync.key", "O"),
    ("sync.pairing.start", "O"),
    ("sync.pairing.status", "O"),
    ("sync.pairing.cancel", "O"),
    ("setup.init", "OMACS"),
    ("users.auth.login", "OMACS"),
    ("users.auth.resume", "OMACS"),
    ("users.auth.logout", "OMACS"),
    ("users.profile.get", "OMACS"),
    ("users.activity.list", "OMA"),
    ("users.activity.verify", "OMA"),
    ("users.activity.export", "OMA"),
    ("users.auth.refresh", "OMACS"),
    ("users.password.change", "OMACS"),
    ("users.mfa.enroll", "OMACS"),
    ("users.mfa.confirm", "OMACS"),
    ("users.mfa.disable", "OMACS"),
    ("users.list", "OM"),
    ("users.create", "OM"),
    ("dashboard.start.get", "OM"),
    ("users.update", "OM"),
    ("users.disable", "OM"),
    ("users.enable", "OM"),
    ("users.permissions.list", "OM"),
    ("users.roles.list", "OM"),
    ("users.roles.create", "OM"),
    ("users.roles.update", "OM"),
    ("users.roles.delete", "OM"),
    ("users.roles.mfa", "O"),
    ("users.auth.lock", "OMACS"),
    ("users.auth.unlock", "OMACS"),
    ("users.auth.switch_list", "OMACS"),
    ("users.auth.switch", "OMACS"),
    ("users.pin.set", "OMACS"),
    ("security.settings.get", "OMACS"),
    ("security.settings.update", "O"),
    ("company.profile.get", "OMACS"),
    ("company.profile.update", "OA"),
    ("security.encryption.status", "OMACS"),
    ("security.encryption.recovery_key", "O"),
    ("users.password.reset", "OM"),
    ("finances.setup", "OA"),
    ("finances.settings.get", "OMA"),
    ("finances.accounts.list", "OMA"),
    ("finances.accounts.create", "OA"),
    ("finances.accounts.update", "OA"),
    ("finances.journal.list", "OMA"),
    ("finances.journal.get", "OMA"),
    ("finances.journal.create", "OMA"),
    ("finances.journal.preview", "OMA"),
    ("finances.journal.reverse", "OMA"),
    ("finances.opening.get", "OMA"),
    ("finances.opening.create", "OA"),
    ("finances.periods.close", "OA"),
    ("finances.periods.late_postings", "OMA"),
    ("finances.income.create", "OMA"),
    ("finances.income.list", "OMA"),
    ("finances.income.void", "OMA"),
    ("finances.expenses.create", "OMA"),
    ("finances.expenses.list", "OMA"),
    ("finances.expenses.void", "OMA"),
    ("finances.reports.trial_balance", "OMA"),
    ("finances.reports.profit_and_loss", "OMA"),
    ("finances.settings.update", "OA"),
    ("finances.taxes.list", "OMAC"),
    ("finances.taxes.create", "OA"),
    ("finances.taxes.update", "OA"),
    ("finances.taxes.presets", "OMAC"),
    ("finances.taxes.install_preset", "OA"),
    ("finances.invoices.list", "OMAC"),
    ("finances.invoices.get", "OMAC"),
    ("finances.invoices.create", "OMAC"),
    ("finances.invoices.update", "OMAC"),
    ("finances.invoices.issue", "OMAC"),
    ("finances.invoices.void", "OMA"),
    ("finances.invoices.credit_note", "OMA"),
    ("finances.invoices.series.get", "OMAC"),
    ("finances.invoices.series.update", "OA"),
    ("finances.payments.create", "OMAC"),
    ("finances.payments.refund", "OMA"),
    ("finances.payments.void", "OMA"),
    ("finances.payments.surplus_to_credit", "OMA"),
    ("finances.payments.list", "OMAC"),
    ("finances.payments.balance", "OMAC"),
    ("finances.reports.balance_sheet", "OMA"),
    ("finances.reports.ar_aging", "OMA"),
    ("finances.reports.tax_summary", "OMA"),
    ("finances.invoices.pdf", "OMAC"),
    ("finances.invoices.attention", "OMA"),
    ("finances.attachments.add", "OMA"),
    ("finances.attachments.get", "OMA"),
    ("finances.attachments.remove", "OMA"),
    ("finances.invoices.preview", "OMAC"),
    ("finances.recurring.list", "OMAC"),
    ("finances.recurring.create", "OMA"),
    ("finances.recurring.update", "OMA"),
    ("finances.recurring.run", "OMAC"),
    ("finances.reports.cash_flow", "OMA"),
    ("finances.reports.export", "OMA"),
    ("customers.create", "OMCS"),
    ("customers.get", "OMACS"),
    ("customers.conflicts.list", "OMACS"),
    ("customers.conflicts.resolve", "OMCS"),
    ("customers.documents.export", "OMA"),
    ("customers.documents.apply", "OMCS"),
    ("customers.update", "OMCS"),
    ("customers.archive", "OMCS"),
    ("customers.unarchive", "OMCS"),
    ("customers.list", "OMACS"),
    ("customers.tags.list", "OMACS"),
    ("customers.notes.create", "OMCS"),
    ("customers.notes.list", "OMACS"),
    ("customers.interactions.create", "OMCS"),
    ("customers.interactions.list", "OMACS"),
    ("customers.timeline", "OMACS"),
    ("customers.segments.create", "OMCS"),
    ("customers.segments.update", "OMCS"),
    ("customers.segments.delete", "OMCS"),
    ("customers.segments.get", "OMACS"),
    ("customers.segments.list", "OMACS"),
    ("customers.segments.preview", "OMACS"),
    ("customers.segments.members", "OMACS"),
    ("customers.gdpr.export", "OMA"),
    ("customers.gdpr.erase", "OM"),
    ("customers.import", "OM"),
    ("customers.export", "OMA"),
    ("inventory.products.list", "OMACS"),
    ("inventory.products.get", "OMACS"),
    ("inventory.products.create", "OM"),
    ("inventory.products.update", "OM"),
    ("inventory.products.clashes", "OMACS"),
    ("inventory.products.merge", "OM"),
    ("inventory.scanning.lookup", "OMACS"),
    ("inventory.categories.list", "OMACS"),
    ("inventory.categories.create", "OM"),
    ("inventory.locations.list", "OMACS"),
    ("inventory.locations.create", "OM"),
    ("inventory.locations.update", "OM"),
    ("inventory.stock.thresholds.set", "OM"),
    ("inventory.stock.levels", "OMACS"),
    ("inventory.stock.low", "OMACS"),
    ("inventory.stock.movements.list", "OMACS"),
    ("inventory.stock.movements.create", "OMS"),
    ("inventory.stock.transfer", "OMS"),
    ("inventory.orders.suggestions", "OA"),
    ("inventory.reports.valuation", "OA"),
    ("inventory.orders.list", "OMACS"),
    ("inventory.orders.get", "OMACS"),
    ("inventory.orders.create", "OA"),
    ("inventory.orders.update", "OA"),
    ("inventory.orders.send", "OA"),
    ("inventory.orders.cancel", "OA"),
    ("inventory.orders.receive", "OMS"),
    ("inventory.orders.pdf", "OA"),
    ("inventory.labels.pdf", "OMACS"),
    ("inventory.products.generate_barcode", "OM"),
    ("inventory.scanning.decode", "OMACS"),
    ("inventory.stock.counts.sheet", "OMACS"),
    ("inventory.stock.counts.pdf", "OMACS"),
    ("inventory.stock.counts.post", "OMS"),
    ("inventory.products.import_preview", "OM"),
    ("inventory.products.import", "OM"),
    ("inventory.reports.slow_movers", "OMACS"),
    ("inventory.reports.movements", "OMACS"),
    ("inventory.reports.export", "OMACS"),
];

fn letter(role: Role) -> char {
    match role {
        Role::Owner => 'O',
        Role::Manager => 'M',
        Role::Accountant => 'A',
        Role::Cashier => 'C',
        Role::Staff => 'S',
    }
}

#[test]
fn every_command_is_in_the_matrix_and_the_core_enforces_it() {
    let table = suanpan_core::commands::table();
    for command in table {
        assert!(
            MATRIX.iter().any(|(name, _)| *name == command.name),
            "{} has no row in the permission matrix: decide who may run it",
            command.name
        );
    }
    let mut shop = Shop::new();
    let mut commands: Vec<_> = table.iter().map(|c| c.name).collect();
    // Locking and logging out end what the other probes use: they go last.
    commands.sort_by_key(|name| match *name {
        "users.auth.lock" => 1,
        "users.auth.logout" => 2,
        _ => 0,
    });

    for role in Role::ALL {
        let email = format!("{}@example.com", role.as_str());
        if role != Role::Owner {
            shop.call(
                "users.create",
                json!({"name": role.as_str(), "email": email, "role": role, "password": PASSWORD}),
            );
        }
        let session = shop
            .core
            .call(
                None,
                "users.auth.login",
                json!({"email": email, "password": PASSWORD}),
            )
            .unwrap();
        let token = session["token"].as_str().unwrap().to_string();
        for name in &commands {
            let allowed = MATRIX
                .iter()
                .find(|(n, _)| n == name)
                .unwrap()
                .1
                .contains(letter(role));
            // `{}` is enough to pass or fail the permission check; most commands then refuse
            // the empty input, which is fine: only `forbidden` means "denied".
            let result = shop.core.call(Some(&token), name, json!({}));
            let denied = matches!(&result, Err(err) if err.code == ErrorCode::Forbidden);
            assert_eq!(
                !denied,
                allowed,
                "{} as {}: expected {}, got {:?}",
                name,
                role.as_str(),
                if allowed { "allowed" } else { "forbidden" },
                result
            );
        }
    }
}

#[test]
fn a_cashier_cannot_run_an_owner_command_and_the_refusal_is_clear() {
    let mut shop = Shop::new();
    shop.call(
        "users.create",
        json!({"name": "小李", "email": "li@example.com", "role": "cashier", "password": PASSWORD}),
    );
    let cashier = shop
        .core
        .authenticate_password("li@example.com", PASSWORD)
        .unwrap();
    let err = shop
        .core
        .call_as(&cashier, "customers.import", json!({"csv": "name\nX\n"}))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    assert!(err.message.contains("customers.import"), "{}", err.message);
    let listed = shop
        .core
        .call_as(&cashier, "customers.list", json!({}))
        .unwrap();
    assert_eq!(listed["total"], 0, "the refused import wrote nothing");
}

#[test]
fn managing_users_keeps_an_owner_and_ends_sessions() {
    let mut shop = Shop::new();
    let manager = shop.call("users.create", json!({"name": "Manager", "email": "m@example.com", "role": "manager", "password": PASSWORD}));
    let staff = shop.call(
        "users.create",
        json!({"name": "Staff", "email": "s@example.com", "role": "staff", "password": PASSWORD}),
    );
    let err = shop.fail(
        "users.create",
        json!({"name": "Dup", "email": "S@example.com", "role": "staff", "password": PASSWORD}),
    );
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::Conflict, Some("email"))
    );

    // A manager may manage staff but never owners, nor make one.
    let as_manager = shop
        .core
        .authenticate_password("m@example.com", PASSWORD)
        .unwrap();
    let err = shop
        .core
        .call_as(
            &as_manager,
            "users.update",
            json!({"id": staff["id"], "role": "owner"}),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    let owner_id = shop.call("users.profile.get", json!({}))["id"].clone();
    let err = shop
        .core
        .call_as(&as_manager, "users.disable", json!({"id": owner_id}))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    shop.core
        .call_as(
            &as_manager,
            "users.update",
            json!({"id": staff["id"], "role": "cashier"}),
        )
        .unwrap();

    // The last owner can be neither disabled nor demoted; nobody disables themselves.
    let err = shop.fail("users.update", json!({"id": owner_id, "role": "manager"}));
    assert_eq!(err.code, ErrorCode::Conflict);
    let err = shop.fail("users.disable", json!({"id": owner_id}));
    assert_eq!(err.code, ErrorCode::Conflict);

    // Disabling ends the user's sessions and stops sign-in.
    let session = shop
        .core
        .call(
            None,
            "users.auth.login",
            json!({"email": "s@example.com", "password": PASSWORD}),
        )
        .unwrap();
    shop.call("users.disable", json!({"id": staff["id"]}));
    let err = shop
        .core
        .call(
            Some(session["token"].as_str().unwrap()),
            "customers.list",
            json!({}),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthenticated);
    let err = shop
        .core
        .call(
            None,
            "users.auth.login",
            json!({"email": "s@example.com", "password": PASSWORD}),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    shop.call("users.enable", json!({"id": staff["id"]}));

    // Only an owner resets a password; the old one stops working.
    let err = shop
        .core
        .call_as(
            &as_manager,
            "users.password.reset",
            json!({"id": staff["id"], "password": "brand-new-pass"}),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    shop.call(
        "users.password.reset",
        json!({"id": manager["id"], "password": "brand-new-pass"}),
    );
    assert!(shop
        .core
        .authenticate_password("m@example.com", PASSWORD)
        .is_err());
    assert!(shop
        .core
        .authenticate_password("m@example.com", "brand-new-pass")
        .is_ok());

    let users = shop.call("users.list", json!({}));
    assert_eq!(users.as_array().unwrap().len(), 3);
}

#[test]
fn failed_sign_ins_lock_the_account_for_a_while_and_are_logged() {
    let (mut shop, now) = Shop::with_clock(1_000_000);
    let login = |shop: &mut Shop, password: &str| {
        shop.core.call(
            None,
            "users.auth.login",
            json!({"email": "owner@example.com", "password": password}),
        )
    };
    for _ in 0..4 {
        let err = login(&mut shop, "wrong-password").unwrap_err();
        assert_eq!(
            serde_json::to_value(err.reason).unwrap(),
            "wrong_credentials"
        );
    }
    assert!(
        login(&mut shop, PASSWORD).is_ok(),
        "four failures do not lock; a success resets the count"
    );
    for _ in 0..5 {
        login(&mut shop, "wrong-password").unwrap_err();
    }
    let err = login(&mut shop, PASSWORD).unwrap_err();
    assert_eq!(
        serde_json::to_value(err.reason).unwrap(),
        "locked",
        "{err:?}"
    );
    assert_eq!(err.limit, Some(15));
    // The CLI's way in is locked too.
    assert!(shop
        .core
        .authenticate_password("owner@example.com", PASSWORD)
        .is_err());

    now.fetch_add(15 * 60 * 1000 + 1, std::sync::atomic::Ordering::SeqCst);
    assert!(
        login(&mut shop, PASSWORD).is_ok(),
        "the lock ends after 15 minutes"
    );

    let log = shop.call(
        "users.activity.list",
        json!({"command": "users.auth.login", "limit": 100}),
    );
    let summaries: Vec<String> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["summary"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        summaries
            .iter()
            .filter(|s| s.starts_with("failed sign-in"))
            .count(),
        11,
        "{summaries:#?}"
    );
    assert!(summaries
        .iter()
        .any(|s| s.contains("locked for 15 minutes")));
    assert_eq!(
        summaries
            .iter()
            .filter(|s| s.ends_with("signed in"))
            .count(),
        2
    );
}

#[test]
fn permission_refusals_are_logged() {
    let mut shop = Shop::new();
    shop.call(
        "users.create",
        json!({"name": "小李", "email": "li@example.com", "role": "cashier", "password": PASSWORD}),
    );
    let cashier = shop
        .core
        .authenticate_password("li@example.com", PASSWORD)
        .unwrap();
    shop.core
        .call_as(&cashier, "customers.export", json!({}))
        .unwrap_err();
    let log = shop.call(
        "users.activity.list",
        json!({"command": "customers.export"}),
    );
    assert_eq!(log["total"], 1);
    assert_eq!(log["items"][0]["user_name"], "小李");
    assert!(log["items"][0]["summary"]
        .as_str()
        .unwrap()
        .starts_with("refused"));
}

fn assert_locked(err: &suanpan_core::Error) {
    assert_eq!(
        serde_json::to_value(err.reason).unwrap(),
        "locked",
        "{err:?}"
    );
}

#[test]
fn wrong_passwords_from_a_live_session_count_towards_the_lockout_and_respect_it() {
    let mut shop = Shop::new();
    let token = shop.token.clone();
    let change = |shop: &mut Shop, current: &str| {
        shop.core.call(
            Some(&token),
            "users.password.change",
            json!({"current_password": current, "new_password": "a-new-horse-77"}),
        )
    };
    // A live session cannot be used to guess the password: five wrong ones lock the account...
    for _ in 0..5 {
        let err = change(&mut shop, "wrong-password").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("current_password"), "{err:?}");
    }
    // ...and then even the right one is refused, here and at sign-in.
    let err = change(&mut shop, PASSWORD).unwrap_err();
    assert_locked(&err);
    let err = shop
        .core
        .call(
            None,
            "users.auth.login",
            json!({"email": "owner@example.com", "password": PASSWORD}),
        )
        .unwrap_err();
    assert_locked(&err);
    let err = shop
        .core
        .call(
            Some(&token),
            "users.pin.set",
            json!({"pin": "24681357", "current_password": PASSWORD}),
        )
        .unwrap_err();
    assert_locked(&err);
    // Each guess is in the activity log.
    let log = shop.call(
        "users.activity.list",
        json!({"command": "users.password.change"}),
    );
    let guesses = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["summary"]
                .as_str()
                .unwrap()
                .starts_with("wrong password, PIN or code for owner@example.com")
        })
        .count();
    assert!(guesses >= 5, "{log}");
}

#[test]
fn those_who_manage_users_need_a_pin_of_six_digits() {
    let mut shop = Shop::new();
    shop.call(
        "users.create",
        json!({"name": "Cash", "email": "cash@example.com", "role": "cashier", "password": PASSWORD}),
    );
    let err = shop.fail(
        "users.pin.set",
        json!({"pin": "2468", "current_password": PASSWORD}),
    );
    assert_eq!(err.field.as_deref(), Some("pin"));
    assert_eq!(err.limit, Some(6), "{err:?}");
    shop.call(
        "users.pin.set",
        json!({"pin": "246813", "current_password": PASSWORD}),
    );
    // A cashier's four digits are enough for a cashier.
    let cashier = shop
        .core
        .call(
            None,
            "users.auth.login",
            json!({"email": "cash@example.com", "password": PASSWORD}),
        )
        .unwrap();
    shop.core
        .call(
            cashier["token"].as_str(),
            "users.pin.set",
            json!({"pin": "1357", "current_password": PASSWORD}),
        )
        .unwrap();
}
