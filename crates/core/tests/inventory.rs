//! Inventory through the command table: products, locations, movements, thresholds, purchase
//! orders received in parts, moving average cost, and who sees costs.

mod common;

use common::Shop;
use serde_json::{json, Value};

struct Store {
    shop: Shop,
    floor: Value,
    back: Value,
    tea: Value,
}

fn signed_in(shop: &mut Shop, email: &str, role: &str) -> String {
    shop.call(
        "users.create",
        json!({"name": role, "email": email, "role": role, "password": common::PASSWORD}),
    );
    let session = shop
        .core
        .call(
            None,
            "users.auth.login",
            json!({"email": email, "password": common::PASSWORD}),
        )
        .unwrap();
    session["token"].as_str().unwrap().to_string()
}

fn set_up() -> Store {
    let mut shop = Shop::new();
    shop.call("finances.setup", json!({"template": "prc_small_business"}));
    let floor = shop.call("inventory.locations.create", json!({"name": "店面"}));
    let back = shop.call(
        "inventory.locations.create",
        json!({"name": "后仓", "parent_id": floor["id"]}),
    );
    assert_eq!(back["path"], "店面 / 后仓");
    let drinks = shop.call("inventory.categories.create", json!({"name": "Drinks"}));
    let tea_category = shop.call(
        "inventory.categories.create",
        json!({"name": "Tea", "parent_id": drinks["id"]}),
    );
    let tea = shop.call(
        "inventory.products.create",
        json!({"name": "西湖龙井 250g", "sku": "TEA-LJ-250", "barcode": "6901234567892",
               "price": "388.00", "cost": "200.00", "category_id": tea_category["id"],
               "suppliers": [{"name": "杭州茶厂", "contact": "0571-8888", "lead_time_days": 5}]}),
    );
    Store {
        shop,
        floor,
        back,
        tea,
    }
}

/// Stock on hand of the product at the location, as the levels report it.
fn on_hand(shop: &mut Shop, product: &Value, location: &Value) -> String {
    let levels = shop.call(
        "inventory.stock.levels",
        json!({"product_id": product["id"], "location_id": location["id"]}),
    );
    levels
        .as_array()
        .unwrap()
        .first()
        .map(|l| l["on_hand"].as_str().unwrap().to_string())
        .unwrap_or_else(|| "0".into())
}

/// The sum of every movement of the product at the location, read from the movement list.
/// An account's (debit, credit) row in a trial balance, by its code.
fn trial_row(tb: &Value, code: &str) -> Option<(Value, Value)> {
    tb["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == code)
        .map(|l| (l["debit"].clone(), l["credit"].clone()))
}

fn sum_of_movements(shop: &mut Shop, product: &Value, location: &Value) -> f64 {
    shop.call(
        "inventory.stock.movements.list",
        json!({"product_id": product["id"], "location_id": location["id"]}),
    )
    .as_array()
    .unwrap()
    .iter()
    .map(|m| m["quantity"].as_str().unwrap().parse::<f64>().unwrap())
    .sum()
}

#[test]
fn a_new_product_and_a_new_user_name_every_bad_field_at_once() {
    let Store { mut shop, tea, .. } = set_up();
    let err = shop.fail(
        "inventory.products.create",
        json!({"name": "", "sku": tea["sku"], "unit": "件".repeat(100), "price": "-1"}),
    );
    let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["name", "sku", "unit", "price"], "{}", err.message);

    let err = shop.fail(
        "users.create",
        json!({"name": " ", "email": "owner@", "role": "staff", "password": "short"}),
    );
    let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["name", "email", "password"]);
}

#[test]
fn a_purchase_order_and_a_location_name_every_bad_field_and_line_at_once() {
    let Store {
        mut shop,
        back,
        tea,
        ..
    } = set_up();
    let err = shop.fail(
        "inventory.orders.create",
        json!({"supplier": " ", "location_id": back["id"], "date": "2026-03-10",
               "expected_date": "2026-03-01",
               "lines": [{"product_id": tea["id"], "quantity": "0"},
                         {"product_id": tea["id"], "quantity": "2", "unit_cost": "-1"}]}),
    );
    let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "supplier",
            "expected_date",
            "lines[0].quantity",
            "lines[1].unit_cost"
        ],
        "{err:?}"
    );
    assert_eq!(shop.call("inventory.orders.list", json!({})), json!([]));
    // Changing a draft order checks its expected date against the order's date too.
    let order = shop.call(
        "inventory.orders.create",
        json!({"supplier": "杭州茶厂", "location_id": back["id"], "date": "2026-03-10",
               "lines": [{"product_id": tea["id"], "quantity": "1"}]}),
    );
    let err = shop.fail(
        "inventory.orders.update",
        json!({"id": order["id"], "supplier": "", "expected_date": "2026-03-01"}),
    );
    let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["supplier", "expected_date"], "{err:?}");

    // A stock movement: an adjustment without its reason, an unreadable quantity and a cost
    // only a receipt carries, all named at once.
    let err = shop.fail(
        "inventory.stock.movements.create",
        json!({"product_id": tea["id"], "location_id": back["id"], "kind": "adjustment",
               "quantity": "abc", "unit_cost": "5", "date": "2026-02-30"}),
    );
    let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        ["reason", "quantity", "unit_cost", "date"],
        "{err:?}"
    );

    let err = shop.fail(
        "inventory.locations.create",
        json!({"name": "", "parent_id": tea["id"]}),
    );
    let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["name", "parent_id"], "{err:?}");
}

#[test]
fn products_have_unique_skus_and_checked_barcodes() {
    let Store { mut shop, tea, .. } = set_up();
    let err = shop.fail(
        "inventory.products.create",
        json!({"name": "Other", "sku": "tea-lj-250", "price": "1"}),
    );
    assert_eq!(err.field.as_deref(), Some("sku"), "{err:?}");
    let err = shop.fail(
        "inventory.products.create",
        json!({"name": "Other", "barcode": "6901234567891", "price": "1"}),
    );
    assert_eq!(err.field.as_deref(), Some("barcode"));
    assert!(err.message.contains("check digit should be 2"), "{err:?}");
    let err = shop.fail(
        "inventory.products.create",
        json!({"name": "Other", "barcode": "6901234567892", "price": "1"}),
    );
    assert!(err.message.contains("another product"), "{err:?}");
    // A SKU is made when none is given; the scanner finds products by barcode or SKU.
    let cup = shop.call(
        "inventory.products.create",
        json!({"name": "Cup", "price": "12.5", "unit": "pcs"}),
    );
    assert!(cup["sku"].as_str().unwrap().starts_with("P-"), "{cup}");
    let found = shop.call(
        "inventory.scanning.lookup",
        json!({"code": "6901234567892"}),
    );
    assert_eq!(found["id"], tea["id"]);
    let found = shop.call("inventory.scanning.lookup", json!({"code": cup["sku"]}));
    assert_eq!(found["id"], cup["id"]);
    let err = shop.fail("inventory.scanning.lookup", json!({"code": "0000"}));
    assert_eq!(err.code, suanpan_core::ErrorCode::NotFound);
    // Listing searches name, SKU and barcode, and a category takes in its subcategories.
    let page = shop.call("inventory.products.list", json!({"search": "龙井"}));
    assert_eq!(page["total"], 1);
    let drinks = shop.call("inventory.categories.list", json!({}))[0].clone();
    assert_eq!(drinks["name"], "Drinks");
    let page = shop.call(
        "inventory.products.list",
        json!({"category_id": drinks["id"]}),
    );
    assert_eq!(page["total"], 1, "{page}");
    assert_eq!(page["items"][0]["category_name"], "Tea");
}

#[test]
fn opening_stock_is_booked_at_cost_against_equity_not_owed_to_a_supplier() {
    let Store {
        mut shop,
        back,
        tea,
        ..
    } = set_up();
    let movement = shop.call(
        "inventory.stock.movements.create",
        json!({"product_id": tea["id"], "location_id": back["id"], "kind": "opening",
               "quantity": "8", "unit_cost": "180.00", "date": "2026-01-01"}),
    );
    assert_eq!(movement["kind"], "opening");
    assert_eq!(movement["unit_cost"], "180.00");
    assert_eq!(on_hand(&mut shop, &tea, &back), "8");
    let tb = shop.call("finances.reports.trial_balance", json!({}));
    let balance = |code: &str| trial_row(&tb, code);
    // 库存商品 1,440.00 against the owner's equity (实收资本), nothing owed to suppliers.
    assert_eq!(balance("1405"), Some((json!("1440.00"), json!("0.00"))));
    assert_eq!(balance("3001"), Some((json!("0.00"), json!("1440.00"))));
    assert_eq!(balance("2202"), None, "{tb}");
    // The entry follows the movement: nobody reverses it by hand.
    let journal = shop.call("finances.journal.list", json!({}));
    let entry = journal
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["memo"]
                .as_str()
                .unwrap_or("")
                .starts_with("Opening stock")
        })
        .unwrap_or_else(|| panic!("{journal}"));
    assert_eq!(entry["reversible"], false, "{entry}");
    // Later receipts average with it as with any stock: 8 at 180 and 2 at 230 is 10 at 190.
    shop.call(
        "inventory.stock.movements.create",
        json!({"product_id": tea["id"], "location_id": back["id"], "kind": "receipt",
               "quantity": "2", "unit_cost": "230.00", "date": "2026-01-02"}),
    );
    let valuation = shop.call("inventory.reports.valuation", json!({}));
    assert!(valuation.to_string().contains("1900.00"), "{valuation}");
    // A count is what sets stock later; opening stock takes no negative quantity or reason.
    let err = shop.fail(
        "inventory.stock.movements.create",
        json!({"product_id": tea["id"], "location_id": back["id"], "kind": "opening",
               "quantity": "-1"}),
    );
    assert_eq!(err.field.as_deref(), Some("quantity"), "{err:?}");
}

#[test]
fn a_purchase_order_received_in_parts_moves_stock_cost_and_the_ledger() {
    let Store {
        mut shop,
        floor,
        back,
        tea,
    } = set_up();
    let order = shop.call(
        "inventory.orders.create",
        json!({"supplier": "杭州茶厂", "location_id": back["id"], "expected_date": "2099-01-01",
               "lines": [{"product_id": tea["id"], "quantity": "10", "unit_cost": "180.00"}]}),
    );
    assert_eq!(order["status"], "draft");
    assert_eq!(order["total"], "1800.00");
    // The core says what applies, so no screen decides it again.
    assert_eq!(order["can_receive"], false, "a draft takes no goods");
    assert_eq!(order["can_cancel"], true);
    assert_eq!(order["lines"][0]["to_come"], "10");
    let err = shop.fail(
        "inventory.orders.receive",
        json!({"id": order["id"], "lines": [{"product_id": tea["id"], "quantity": "1"}]}),
    );
    assert_eq!(err.code, suanpan_core::ErrorCode::Conflict, "{err:?}");
    shop.call("inventory.orders.send", json!({"id": order["id"]}));
    let partly = shop.call(
        "inventory.orders.receive",
        json!({"id": order["id"], "lines": [{"product_id": tea["id"], "quantity": "4"}]}),
    );
    assert_eq!(partly["status"], "partially_received");
    assert_eq!(partly["lines"][0]["received"], "4");
    assert_eq!(partly["lines"][0]["to_come"], "6");
    assert_eq!(partly["can_receive"], true);
    assert_eq!(partly["can_cancel"], true);
    // More than is still to come is refused, naming the line.
    let err = shop.fail(
        "inventory.orders.receive",
        json!({"id": order["id"], "lines": [{"product_id": tea["id"], "quantity": "7"}]}),
    );
    assert_eq!(err.field.as_deref(), Some("lines[0].quantity"), "{err:?}");
    // A line left blank or at 0 has nothing arriving; with nothing on any line, nothing is received.
    for nothing in ["", " ", "0", "0.000"] {
        let err = shop.fail(
            "inventory.orders.receive",
            json!({"id": order["id"], "lines": [{"product_id": tea["id"], "quantity": nothing}]}),
        );
        assert_eq!(err.field.as_deref(), Some("lines"), "{nothing:?}: {err:?}");
        assert_eq!(err.reason, Some(suanpan_core::Reason::Required), "{err:?}");
    }
    let err = shop.fail(
        "inventory.orders.receive",
        json!({"id": order["id"], "lines": [{"product_id": tea["id"], "quantity": "-1"}]}),
    );
    assert_eq!(err.field.as_deref(), Some("lines[0].quantity"), "{err:?}");
    let done = shop.call(
        "inventory.orders.receive",
        json!({"id": order["id"], "lines": [{"product_id": tea["id"], "quantity": "6"}]}),
    );
    assert_eq!(done["status"], "received");
    assert_eq!(done["lines"][0]["to_come"], "0");
    assert_eq!(done["can_receive"], false);
    assert_eq!(
        done["can_cancel"], false,
        "received in full: nothing to cancel"
    );
    // The order as a PDF for the supplier, in Chinese.
    let pdf = shop.call(
        "inventory.orders.pdf",
        json!({"id": order["id"], "language": "zh"}),
    );
    assert_eq!(pdf["mime"], "application/pdf");
    assert!(pdf["file_name"].as_str().unwrap().starts_with("PO-"));
    assert_eq!(on_hand(&mut shop, &tea, &back), "10");
    // The books: 1800.00 of goods (库存商品) against accounts payable (应付账款).
    let tb = shop.call("finances.reports.trial_balance", json!({}));
    let balance = |code: &str| trial_row(&tb, code);
    assert_eq!(balance("1405"), Some((json!("1800.00"), json!("0.00"))));
    assert_eq!(balance("2202"), Some((json!("0.00"), json!("1800.00"))));

    // A receipt outside an order at 2.00 more, then a transfer and a broken one.
    shop.call(
        "inventory.stock.movements.create",
        json!({"product_id": tea["id"], "location_id": back["id"], "kind": "receipt",
               "quantity": "10", "unit_cost": "220.00"}),
    );
    shop.call(
        "inventory.stock.transfer",
        json!({"product_id": tea["id"], "from_location_id": back["id"],
               "to_location_id": floor["id"], "quantity": "5"}),
    );
    let err = shop.fail(
        "inventory.stock.movements.create",
        json!({"product_id": tea["id"], "location_id": floor["id"], "kind": "adjustment",
               "quantity": "-1"}),
    );
    assert_eq!(err.field.as_deref(), Some("reason"));
    shop.call(
        "inventory.stock.movements.create",
        json!({"product_id": tea["id"], "location_id": floor["id"], "kind": "adjustment",
               "quantity": "-1", "reason": "破损"}),
    );
    assert_eq!(on_hand(&mut shop, &tea, &back), "15");
    assert_eq!(on_hand(&mut shop, &tea, &floor), "4");
    // Stock is the sum of the movements, at each location.
    assert_eq!(sum_of_movements(&mut shop, &tea, &back), 15.0);
    assert_eq!(sum_of_movements(&mut shop, &tea, &floor), 4.0);
    assert_eq!(
        shop.call("inventory.products.get", json!({"id": tea["id"]}))["on_hand"],
        "19"
    );
    // Moving average: 10 at 180 and 10 at 220 make 200; 19 left are worth 3800.00.
    let valuation = shop.call("inventory.reports.valuation", json!({}));
    assert_eq!(valuation["lines"][0]["average_cost"], "200.00");
    assert_eq!(valuation["total"], "3800.00");
    // First in, first out: the one broken unit left the first layer (180); 9 at 180 and 10 at
    // 220 are left: 3820.00.
    let fifo = shop.call("inventory.reports.valuation", json!({"method": "fifo"}));
    assert_eq!(fifo["total"], "3820.00");
    assert_eq!(fifo["method"], "fifo");
}

#[test]
fn low_stock_and_oversold_stock_are_listed_with_what_to_order() {
    let Store {
        mut shop,
        floor,
        tea,
        ..
    } = set_up();
    shop.call(
        "inventory.stock.thresholds.set",
        json!({"product_id": tea["id"], "location_id": floor["id"], "minimum": "5", "maximum": "20"}),
    );
    let low = shop.call("inventory.stock.low", json!({}));
    assert_eq!(low.as_array().unwrap().len(), 1, "nothing on hand is low");
    assert_eq!(low[0]["low"], true);
    let suggestions = shop.call("inventory.orders.suggestions", json!({}));
    assert_eq!(suggestions[0]["quantity"], "20");
    assert_eq!(suggestions[0]["supplier"], "杭州茶厂");
    shop.call(
        "inventory.stock.movements.create",
        json!({"product_id": tea["id"], "location_id": floor["id"], "kind": "receipt", "quantity": "8"}),
    );
    assert_eq!(
        shop.call("inventory.stock.low", json!({}))
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // More out than in: kept, and shown as oversold.
    shop.call(
        "inventory.stock.movements.create",
        json!({"product_id": tea["id"], "location_id": floor["id"], "kind": "adjustment",
               "quantity": "-10", "reason": "count"}),
    );
    let low = shop.call("inventory.stock.low", json!({}));
    assert_eq!(low[0]["on_hand"], "-2");
    assert_eq!(low[0]["oversold"], true);
    let err = shop.fail(
        "inventory.stock.thresholds.set",
        json!({"product_id": tea["id"], "location_id": floor["id"], "minimum": "5", "maximum": "2"}),
    );
    assert_eq!(err.field.as_deref(), Some("maximum"));
}

#[test]
fn only_owners_and_accountants_see_costs() {
    let Store {
        mut shop,
        floor,
        tea,
        ..
    } = set_up();
    assert_eq!(tea["cost"], "200.00");
    // The owner sees the margin: 388 - 200 = 188, 48.5% of the price.
    assert_eq!(tea["margin"], "188.00");
    assert_eq!(tea["margin_percent"], "48.5");
    let manager = signed_in(&mut shop, "m@example.com", "manager");
    let staff = signed_in(&mut shop, "s@example.com", "staff");
    for token in [&manager, &staff] {
        let product = shop
            .core
            .call(
                Some(token),
                "inventory.products.get",
                json!({"id": tea["id"]}),
            )
            .unwrap();
        assert_eq!(product["cost"], Value::Null, "{product}");
        assert!(product.get("margin").is_none(), "{product}");
    }
    // A manager edits products but cannot set what they cannot see.
    let err = shop
        .core
        .call(
            Some(&manager),
            "inventory.products.update",
            json!({"id": tea["id"], "cost": "1.00"}),
        )
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("cost"), "{err:?}");
    // Staff receive goods; the receipt is at the product's cost, unseen by them.
    let moved = shop
        .core
        .call(
            Some(&staff),
            "inventory.stock.movements.create",
            json!({"product_id": tea["id"], "location_id": floor["id"], "kind": "receipt", "quantity": "2"}),
        )
        .unwrap();
    assert_eq!(moved["unit_cost"], Value::Null);
    let valuation = shop.call("inventory.reports.valuation", json!({}));
    assert_eq!(valuation["total"], "400.00");
}

#[test]
fn a_rebuild_gives_the_same_stock() {
    let Store {
        mut shop,
        floor,
        back,
        tea,
    } = set_up();
    for (location, quantity) in [(&floor, "3"), (&back, "7.5"), (&floor, "2")] {
        shop.call(
            "inventory.stock.movements.create",
            json!({"product_id": tea["id"], "location_id": location["id"], "kind": "receipt", "quantity": quantity}),
        );
    }
    let before = shop.call("inventory.stock.levels", json!({}));
    shop.core.rebuild().unwrap();
    assert_eq!(shop.call("inventory.stock.levels", json!({})), before);
    assert_eq!(on_hand(&mut shop, &tea, &back), "7.5");
}

#[test]
fn selling_on_an_invoice_takes_stock_out_and_a_void_puts_it_back() {
    let Store {
        mut shop,
        floor,
        back,
        tea,
    } = set_up();
    shop.call(
        "inventory.stock.movements.create",
        json!({"product_id": tea["id"], "location_id": floor["id"], "kind": "receipt", "quantity": "6"}),
    );
    shop.call(
        "inventory.stock.thresholds.set",
        json!({"product_id": tea["id"], "location_id": floor["id"], "minimum": "3"}),
    );
    let customer = shop.customer("王先生", json!({}));
    let service = shop.call(
        "inventory.products.create",
        json!({"name": "包装服务", "price": "5", "tracks_stock": false}),
    );
    // The first location (店面) is where sales leave from unless the invoice says otherwise.
    let draft = shop.call(
        "finances.invoices.create",
        json!({"customer_id": customer["id"], "lines": [
            {"product_id": tea["id"], "description": "", "quantity": "4", "unit_price": ""},
            {"product_id": service["id"], "description": "", "quantity": "1", "unit_price": ""}]}),
    );
    assert_eq!(draft["total"], "1557.00");
    assert_eq!(
        on_hand(&mut shop, &tea, &floor),
        "6",
        "a draft moves nothing"
    );
    let issued = shop.call("finances.invoices.issue", json!({"id": draft["id"]}));
    assert_eq!(issued["location_id"], floor["id"]);
    assert_eq!(on_hand(&mut shop, &tea, &floor), "2");
    assert_eq!(issued["short_stock"], json!([]), "enough was there");
    let low = shop.call("inventory.stock.low", json!({}));
    assert_eq!(
        low[0]["product_id"], tea["id"],
        "the low-stock alert is up: {low}"
    );
    let sale = shop.call(
        "inventory.stock.movements.list",
        json!({"product_id": tea["id"]}),
    )[0]
    .clone();
    assert_eq!(sale["kind"], "sale");
    assert_eq!(sale["ref_id"], issued["id"]);
    shop.call("finances.invoices.void", json!({"id": issued["id"]}));
    assert_eq!(on_hand(&mut shop, &tea, &floor), "6");
    // Another location named on the invoice.
    let draft = shop.call(
        "finances.invoices.create",
        json!({"customer_id": customer["id"], "location_id": back["id"], "lines": [
            {"product_id": tea["id"], "description": "", "quantity": "1", "unit_price": ""}]}),
    );
    let issued = shop.call("finances.invoices.issue", json!({"id": draft["id"]}));
    assert_eq!(on_hand(&mut shop, &tea, &back), "-1", "oversold, kept");
    // Issued all the same, and the answer says what went below zero where, to warn.
    assert_eq!(issued["status"], "issued", "{issued}");
    let short = issued["short_stock"].as_array().unwrap();
    assert_eq!(short.len(), 1, "{issued}");
    assert_eq!(short[0]["product_id"], tea["id"]);
    assert_eq!(short[0]["location_id"], back["id"]);
    assert_eq!(short[0]["location_name"], back["name"]);
    assert_eq!(short[0]["on_hand"], "-1");
    // Read again later, the invoice carries no warning: it was for the moment of issuing.
    let again = shop.call("finances.invoices.get", json!({"id": issued["id"]}));
    assert_eq!(again["short_stock"], json!([]));
}

#[test]
fn a_stocktake_posts_what_differs_as_movements_with_its_reason() {
    let Store {
        mut shop,
        floor,
        tea,
        ..
    } = set_up();
    let cup = shop.call(
        "inventory.products.create",
        json!({"name": "Cup", "price": "12"}),
    );
    for (product, quantity) in [(&tea, "10"), (&cup, "4")] {
        shop.call(
            "inventory.stock.movements.create",
            json!({"product_id": product["id"], "location_id": floor["id"], "kind": "receipt", "quantity": quantity}),
        );
    }
    let sheet = shop.call(
        "inventory.stock.counts.sheet",
        json!({"location_id": floor["id"]}),
    );
    assert_eq!(sheet["lines"].as_array().unwrap().len(), 2);
    let pdf = shop.call(
        "inventory.stock.counts.pdf",
        json!({"location_id": floor["id"]}),
    );
    assert_eq!(pdf["mime"], "application/pdf");
    // A bad line posts nothing.
    let err = shop.fail(
        "inventory.stock.counts.post",
        json!({"location_id": floor["id"], "lines": [
            {"product_id": tea["id"], "counted": "9"},
            {"product_id": cup["id"], "counted": "-1"}]}),
    );
    assert_eq!(err.field.as_deref(), Some("lines[1].counted"), "{err:?}");
    assert_eq!(on_hand(&mut shop, &tea, &floor), "10");
    let result = shop.call(
        "inventory.stock.counts.post",
        json!({"location_id": floor["id"], "reason": "月末盘点", "lines": [
            {"product_id": tea["id"], "counted": "9"},
            {"product_id": cup["id"], "counted": "4"}]}),
    );
    assert_eq!(result["matched"], 1);
    assert_eq!(result["variances"][0]["variance"], "-1");
    assert_eq!(on_hand(&mut shop, &tea, &floor), "9");
    let movement = shop.call(
        "inventory.stock.movements.list",
        json!({"product_id": tea["id"]}),
    )[0]
    .clone();
    assert_eq!(movement["kind"], "stocktake");
    assert_eq!(movement["reason"], "stocktake: 月末盘点");
    assert_eq!(sum_of_movements(&mut shop, &tea, &floor), 9.0);
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn products_import_from_csv_all_or_nothing_with_bad_rows_named() {
    let mut shop = Shop::new();
    let csv = "\u{feff}商品名称,货号,条形码,售价,单位,类别\n\
               龙井,LJ-1,6901234567892,388,盒,饮料 / 茶\n\
               碧螺春,BLC-1,,268.5,盒,饮料 / 茶\n\
               茶杯,CUP-1,,12,个,器具\n";
    let preview = shop.call(
        "inventory.products.import_preview",
        json!({"file_name": "products.csv", "base64": b64(csv.as_bytes())}),
    );
    assert_eq!(preview["total_rows"], 3);
    assert_eq!(preview["mapping"]["name"], "商品名称");
    assert_eq!(preview["mapping"]["price"], "售价");
    assert_eq!(preview["mapping"]["barcode"], "条形码");
    let mapping = preview["mapping"].clone();
    let bad = "name,sku,barcode,price\n\
               Good,G-1,,1\n\
               Bad price,B-1,,abc\n\
               Twice,G-1,,2\n\
               Bad code,B-2,6901234567891,3\n";
    let err = shop.fail(
        "inventory.products.import",
        json!({"file_name": "bad.csv", "base64": b64(bad.as_bytes()),
               "mapping": {"name": "name", "sku": "sku", "barcode": "barcode", "price": "price"}}),
    );
    let rows: Vec<(u64, String)> = err
        .details
        .iter()
        .map(|d| (d.row, d.field.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        rows,
        [
            (3, "price".to_string()),
            (4, "sku".to_string()),
            (5, "barcode".to_string())
        ],
        "{err:?}"
    );
    assert_eq!(
        shop.call("inventory.products.list", json!({}))["total"],
        0,
        "nothing was imported"
    );
    let report = shop.call(
        "inventory.products.import",
        json!({"file_name": "products.csv", "base64": b64(csv.as_bytes()), "mapping": mapping}),
    );
    assert_eq!(report["created"], 3);
    assert_eq!(report["categories_created"], 3);
    let tea = shop.call(
        "inventory.scanning.lookup",
        json!({"code": "6901234567892"}),
    );
    assert_eq!(tea["category_name"], "茶");
    assert_eq!(tea["unit"], "盒");
    // Again with a new price: refused unless existing products may be updated.
    let again = "货号,售价\nLJ-1,398\n";
    let input = json!({"file_name": "prices.csv", "base64": b64(again.as_bytes()),
                       "mapping": {"sku": "货号", "price": "售价", "name": "货号"}});
    let err = shop.fail("inventory.products.import", input.clone());
    assert_eq!(err.details[0].field.as_deref(), Some("货号"));
    let mut input = input;
    input["update_existing"] = json!(true);
    let report = shop.call("inventory.products.import", input);
    assert_eq!(report["updated"], 1);
    assert_eq!(
        shop.call("inventory.products.get", json!({"id": tea["id"]}))["price"],
        "398.00"
    );
}

#[test]
fn products_import_from_an_excel_workbook() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, header) in ["Product", "SKU", "Barcode", "Price", "Cost"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, column as u16, *header).unwrap();
    }
    // Numbers as a spreadsheet keeps them: floats, a barcode typed as a number.
    sheet.write_string(1, 0, "Green tea").unwrap();
    sheet.write_string(1, 1, "GT-1").unwrap();
    sheet.write_number(1, 2, 6901234567892.0).unwrap();
    sheet.write_number(1, 3, 0.1 + 19.89).unwrap();
    sheet.write_number(1, 4, 8.0).unwrap();
    sheet.write_string(2, 0, "Oolong").unwrap();
    sheet.write_string(2, 1, "OO-1").unwrap();
    sheet.write_number(2, 3, 25.0).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let mut shop = Shop::new();
    let preview = shop.call(
        "inventory.products.import_preview",
        json!({"file_name": "products.xlsx", "base64": b64(&bytes)}),
    );
    assert_eq!(preview["rows"][0][3], "19.99", "{preview}");
    let report = shop.call(
        "inventory.products.import",
        json!({"file_name": "products.xlsx", "base64": b64(&bytes), "mapping": preview["mapping"]}),
    );
    assert_eq!(report["created"], 2);
    let tea = shop.call(
        "inventory.scanning.lookup",
        json!({"code": "6901234567892"}),
    );
    assert_eq!(tea["price"], "19.99");
    assert_eq!(tea["cost"], "8.00");
    let err = shop.fail(
        "inventory.products.import",
        json!({"file_name": "products.xlsx", "base64": b64(b"PK not really a workbook"), "mapping": preview["mapping"]}),
    );
    assert_eq!(err.field.as_deref(), Some("base64"), "{err:?}");
}

#[test]
fn reports_show_movements_slow_movers_and_export() {
    let Store {
        mut shop,
        floor,
        tea,
        ..
    } = set_up();
    let cup = shop.call(
        "inventory.products.create",
        json!({"name": "Cup", "price": "12", "sku": "CUP"}),
    );
    for product in [&tea, &cup] {
        shop.call(
            "inventory.stock.movements.create",
            json!({"product_id": product["id"], "location_id": floor["id"], "kind": "receipt", "quantity": "5"}),
        );
    }
    let customer = shop.customer("Ada", json!({}));
    let draft = shop.call(
        "finances.invoices.create",
        json!({"customer_id": customer["id"], "lines": [{"product_id": tea["id"], "description": "", "quantity": "2", "unit_price": ""}]}),
    );
    shop.call("finances.invoices.issue", json!({"id": draft["id"]}));
    let summary = shop.call("inventory.reports.movements", json!({}));
    let tea_row = summary
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["product_id"] == tea["id"])
        .unwrap()
        .clone();
    assert_eq!(tea_row["received"], "5");
    assert_eq!(tea_row["sold"], "2");
    assert_eq!(tea_row["net"], "3");
    // The cup never sold: a slow mover; the tea sold today is not.
    let slow = shop.call("inventory.reports.slow_movers", json!({"days": 30}));
    let names: Vec<&str> = slow
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["product_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Cup"]);
    for (report, format) in [
        ("stock_on_hand", "csv"),
        ("movements", "xlsx"),
        ("valuation", "pdf"),
        ("slow_movers", "csv"),
        ("low_stock", "xlsx"),
    ] {
        let file = shop.call(
            "inventory.reports.export",
            json!({"report": report, "format": format}),
        );
        assert!(
            file["file_name"].as_str().unwrap().ends_with(format),
            "{file}"
        );
    }
    let csv = shop.call(
        "inventory.reports.export",
        json!({"report": "stock_on_hand", "format": "csv"}),
    );
    use base64::Engine;
    let text = String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(csv["base64"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert!(
        text.contains("西湖龙井 250g") && text.contains(",3"),
        "{text}"
    );
    let manager = signed_in(&mut shop, "m@example.com", "manager");
    let err = shop
        .core
        .call(
            Some(&manager),
            "inventory.reports.export",
            json!({"report": "valuation", "format": "csv"}),
        )
        .unwrap_err();
    assert_eq!(err.code, suanpan_core::ErrorCode::Forbidden);
}

#[test]
fn a_large_import_reports_its_progress() {
    let mut shop = Shop::new();
    let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::<(String, u64, u64)>::new()));
    let sink = heard.clone();
    shop.core
        .set_progress(Some(Box::new(move |task, done, total| {
            sink.lock().unwrap().push((task.to_string(), done, total));
        })));
    let mut csv = String::from("name,price\n");
    for i in 0..2_500 {
        csv.push_str(&format!("Item {i},{}.50\n", i % 90));
    }
    let report = shop.call(
        "inventory.products.import",
        json!({"file_name": "items.csv", "base64": b64(csv.as_bytes()),
               "mapping": {"name": "name", "price": "price"}}),
    );
    assert_eq!(report["created"], 2_500);
    let heard = heard.lock().unwrap().clone();
    let checks: Vec<u64> = heard
        .iter()
        .filter(|(t, ..)| t == "products.import.check")
        .map(|(_, done, _)| *done)
        .collect();
    assert_eq!(checks, [0, 1_000, 2_000]);
    assert_eq!(
        heard.last().unwrap(),
        &("products.import.write".to_string(), 2_500, 2_500)
    );
}

/// Folding a duplicate into the product to keep: stock moves location by location at the
/// duplicate's average cost (so the total value is unchanged), the kept product takes a barcode
/// it lacked, and the archived duplicate no longer asks to be reordered.
#[test]
fn merging_a_duplicate_moves_its_stock_and_value_and_archives_it() {
    let Store {
        mut shop,
        floor,
        back,
        tea,
    } = set_up();
    let twin = shop.call(
        "inventory.products.create",
        json!({"name": "龙井 250g", "sku": "LJ-250-B", "barcode": "4006381333931", "price": "388.00", "cost": "260.00"}),
    );
    let receive = |shop: &mut Shop, product: &Value, location: &Value, qty: &str, cost: &str| {
        shop.call(
            "inventory.stock.movements.create",
            json!({"product_id": product["id"], "location_id": location["id"], "kind": "receipt",
                   "quantity": qty, "unit_cost": cost}),
        );
    };
    receive(&mut shop, &tea, &floor, "10", "200.00");
    receive(&mut shop, &twin, &floor, "4", "260.00");
    receive(&mut shop, &twin, &back, "6", "260.00");
    shop.call(
        "inventory.stock.thresholds.set",
        json!({"product_id": twin["id"], "location_id": floor["id"], "minimum": "5"}),
    );
    let before = shop.call("inventory.reports.valuation", json!({}));
    assert_eq!(before["total"], "4600.00");

    // Refused: into itself, into an archived product, stock into a service.
    let err = shop.fail(
        "inventory.products.merge",
        json!({"id": twin["id"], "into_id": twin["id"]}),
    );
    assert_eq!(err.field.as_deref(), Some("into_id"));
    let service = shop.call(
        "inventory.products.create",
        json!({"name": "Gift wrapping", "price": "5", "tracks_stock": false}),
    );
    let err = shop.fail(
        "inventory.products.merge",
        json!({"id": twin["id"], "into_id": service["id"]}),
    );
    assert_eq!(err.field.as_deref(), Some("into_id"));
    assert!(err.message.contains("service"), "{}", err.message);

    // The kept product has no barcode of its own in this shop: clear it, so it takes the twin's.
    shop.call(
        "inventory.products.update",
        json!({"id": tea["id"], "barcode": ""}),
    );
    let kept = shop.call(
        "inventory.products.merge",
        json!({"id": twin["id"], "into_id": tea["id"]}),
    );
    assert_eq!(kept["on_hand"], "20");
    assert_eq!(kept["barcode"], "4006381333931");
    assert_eq!(on_hand(&mut shop, &tea, &floor), "14");
    assert_eq!(on_hand(&mut shop, &tea, &back), "6");
    assert_eq!(sum_of_movements(&mut shop, &twin, &floor), 0.0);
    let after = shop.call("inventory.reports.valuation", json!({}));
    assert_eq!(after["total"], "4600.00", "{after}");
    let line = after["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["product_id"] == tea["id"])
        .unwrap()
        .clone();
    assert_eq!(line["average_cost"], "230.00");
    let twin = shop.call("inventory.products.get", json!({"id": twin["id"]}));
    assert_eq!(twin["archived"], true);
    assert_ne!(twin["sku"], "LJ-250-B");
    assert_eq!(
        shop.call("inventory.stock.low", json!({})),
        json!([]),
        "an archived product is not reordered"
    );
    let found = shop.call(
        "inventory.scanning.lookup",
        json!({"code": "4006381333931"}),
    );
    assert_eq!(found["id"], tea["id"]);
    let err = shop.fail(
        "inventory.products.merge",
        json!({"id": service["id"], "into_id": twin["id"]}),
    );
    assert!(err.message.contains("archived"), "{}", err.message);
}

/// An OpenDocument spreadsheet (LibreOffice's .ods) imports like a workbook: Chinese headers
/// mapped, a barcode kept as a number read back whole. (`tests/fixtures/make_products_ods.py`
/// wrote the file.)
#[test]
fn products_import_from_an_opendocument_spreadsheet() {
    let bytes = include_bytes!("fixtures/products.ods");
    let mut shop = Shop::new();
    let preview = shop.call(
        "inventory.products.import_preview",
        json!({"file_name": "商品.ods", "base64": b64(bytes)}),
    );
    assert_eq!(preview["mapping"]["name"], "商品名称", "{preview}");
    assert_eq!(preview["mapping"]["barcode"], "条形码", "{preview}");
    assert_eq!(preview["total_rows"], 2);
    let report = shop.call(
        "inventory.products.import",
        json!({"file_name": "商品.ods", "base64": b64(bytes), "mapping": preview["mapping"]}),
    );
    assert_eq!(report["created"], 2);
    let tea = shop.call(
        "inventory.scanning.lookup",
        json!({"code": "4006381333931"}),
    );
    assert_eq!(tea["name"], "铁观音 100g");
    assert_eq!(tea["price"], "58.50");
    let puer = shop.call("inventory.scanning.lookup", json!({"code": "PE-357"}));
    assert_eq!(puer["price"], "120.00");
}

#[test]
fn names_that_identify_a_place_or_a_category_are_unique_whatever_their_case_or_width() {
    let mut shop = Shop::new();
    shop.call("finances.setup", json!({"template": "prc_small_business"}));
    let floor = shop.call(
        "inventory.locations.create",
        json!({"name": "店面 Shop floor"}),
    );
    for same in [
        "店面 shop FLOOR",
        " 店面  Shop floor ",
        "店面　Ｓｈｏｐ floor",
    ] {
        let err = shop.fail("inventory.locations.create", json!({ "name": same }));
        assert_eq!(
            err.code,
            suanpan_core::ErrorCode::Conflict,
            "{same}: {err:?}"
        );
        assert_eq!(err.field.as_deref(), Some("name"));
        assert!(err
            .message_zh
            .as_deref()
            .unwrap()
            .contains("店面 Shop floor"));
    }
    let back = shop.call("inventory.locations.create", json!({"name": "Back room"}));
    let err = shop.fail(
        "inventory.locations.update",
        json!({"id": back["id"], "name": "店面 SHOP FLOOR"}),
    );
    assert_eq!(err.field.as_deref(), Some("name"), "{err:?}");
    // Renaming a place to its own name in other letters is no clash; an archived one's name is free.
    shop.call(
        "inventory.locations.update",
        json!({"id": floor["id"], "name": "店面 SHOP FLOOR"}),
    );
    shop.call(
        "inventory.locations.update",
        json!({"id": floor["id"], "archived": true}),
    );
    shop.call(
        "inventory.locations.create",
        json!({"name": "店面 Shop floor"}),
    );

    // Categories: unique among their siblings.
    let tea = shop.call("inventory.categories.create", json!({"name": "Tea"}));
    let coffee = shop.call("inventory.categories.create", json!({"name": "Coffee"}));
    shop.call(
        "inventory.categories.create",
        json!({"name": "Green", "parent_id": tea["id"]}),
    );
    shop.call(
        "inventory.categories.create",
        json!({"name": "Green", "parent_id": coffee["id"]}),
    );
    let err = shop.fail(
        "inventory.categories.create",
        json!({"name": "green", "parent_id": tea["id"]}),
    );
    assert_eq!(err.field.as_deref(), Some("name"), "{err:?}");
    let err = shop.fail("inventory.categories.create", json!({"name": "ＴＥＡ"}));
    assert_eq!(err.field.as_deref(), Some("name"), "{err:?}");
}

#[test]
fn a_product_without_a_cost_has_no_margin_rather_than_all_of_its_price() {
    let mut shop = Shop::new();
    shop.call("finances.setup", json!({"template": "prc_small_business"}));
    let plain = shop.call(
        "inventory.products.create",
        json!({"name": "Gift wrap", "price": "5.00"}),
    );
    assert_eq!(plain["cost"], "0.00");
    assert!(plain.get("margin").is_none(), "{plain}");
    assert!(plain.get("margin_percent").is_none(), "{plain}");
    let costed = shop.call(
        "inventory.products.create",
        json!({"name": "Tea", "price": "12.50", "cost": "7.20"}),
    );
    assert_eq!(costed["margin"], "5.30");
    assert_eq!(costed["margin_percent"], "42.4");
}
