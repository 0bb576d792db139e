//! The start checklist: each step of setting up a shop is ticked from the data itself.

mod common;

use common::Shop;
use serde_json::json;

/// Every step, in the checklist's order.
const STEPS: [&str; 8] = [
    "company",
    "books",
    "taxes",
    "opening",
    "products",
    "customers",
    "staff",
    "devices",
];

/// The keys of the steps done, in the checklist's order.
fn done(shop: &mut Shop) -> Vec<String> {
    let list = shop.call("dashboard.start.get", json!({}));
    let steps = list["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 8, "{list}");
    let done: Vec<String> = steps
        .iter()
        .filter(|s| s["done"] == true)
        .map(|s| s["key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(list["done"], json!(done.len()), "{list}");
    done
}

#[test]
fn the_start_checklist_ticks_each_step_as_the_shop_is_set_up() {
    let mut shop = Shop::new();
    let list = shop.call("dashboard.start.get", json!({}));
    let keys: Vec<&str> = list["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, STEPS);
    assert!(done(&mut shop).is_empty(), "a new company has done nothing");

    shop.call(
        "company.profile.update",
        json!({"address_line1": "体育西路 1 号", "address_line2": "", "postal_code": "", "city": "广州",
               "region": "", "country": "", "tax_id": "", "phone": "", "email": "", "bank_name": "",
               "bank_account": ""}),
    );
    assert_eq!(done(&mut shop), ["company"]);

    // The chart is one step, a tax rate to charge the next.
    shop.call("finances.setup", json!({"template": "prc_small_business"}));
    assert_eq!(done(&mut shop), ["company", "books"]);
    shop.call(
        "finances.taxes.install_preset",
        json!({"preset": "prc_vat"}),
    );
    assert_eq!(done(&mut shop), ["company", "books", "taxes"]);

    // Opening stock counts as opening balances as much as an opening entry does.
    let location = shop.call("inventory.locations.create", json!({"name": "店面"}));
    let tea = shop.call(
        "inventory.products.create",
        json!({"name": "龙井", "price": "88", "cost": "40"}),
    );
    assert_eq!(done(&mut shop), ["company", "books", "taxes", "products"]);
    shop.call(
        "inventory.stock.movements.create",
        json!({"product_id": tea["id"], "location_id": location["id"], "kind": "opening", "quantity": "5"}),
    );
    assert_eq!(
        done(&mut shop),
        ["company", "books", "taxes", "opening", "products"]
    );

    shop.customer("王先生", json!({}));
    let clerk = shop.call(
        "users.create",
        json!({"name": "Clerk", "email": "clerk@example.com", "role": "cashier", "password": "correct-horse-9"}),
    );
    assert_eq!(done(&mut shop), STEPS[..7]);
    // Staff who can no longer sign in are not staff invited.
    shop.call("users.disable", json!({"id": clerk["id"]}));
    assert_eq!(done(&mut shop), STEPS[..6]);
    // Who may see it (owners and managers) is in permissions.rs.
}
