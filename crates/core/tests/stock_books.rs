//! Stock in the books: every movement that changes what the stock is worth is booked, so the
//! ledger's inventory account always equals the valuation report (moving average), and what the
//! goods sold cost reaches the profit and loss.

mod common;

use common::Shop;
use proptest::prelude::*;
use serde_json::{json, Value};

struct Books {
    shop: Shop,
    shop_floor: Value,
    back_room: Value,
    tea: Value,
    customer: Value,
}

fn set_up() -> Books {
    let mut shop = Shop::new();
    shop.call("finances.setup", json!({"template": "generic"}));
    let shop_floor = shop.call("inventory.locations.create", json!({"name": "Floor"}));
    let back_room = shop.call("inventory.locations.create", json!({"name": "Back"}));
    let tea = shop.call(
        "inventory.products.create",
        json!({"name": "Tea", "sku": "TEA", "price": "20.00", "cost": "7.00"}),
    );
    let customer = shop.customer("Ada", json!({}));
    Books {
        shop,
        shop_floor,
        back_room,
        tea,
        customer,
    }
}

/// An account's balance in the trial balance, by code ("0.00" when it has no postings).
fn balance(shop: &mut Shop, code: &str) -> String {
    let trial = shop.call("finances.reports.trial_balance", json!({}));
    assert_eq!(trial["total_debit"], trial["total_credit"], "{trial}");
    trial["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == code)
        .map(|r| r["balance"].as_str().unwrap().to_string())
        .unwrap_or_else(|| "0.00".into())
}

const INVENTORY: &str = "1200";
const COGS: &str = "5000";
const PAYABLE: &str = "2000";

fn stock_value(shop: &mut Shop) -> String {
    shop.call("inventory.reports.valuation", json!({}))["total"]
        .as_str()
        .unwrap()
        .to_string()
}

fn sell(books: &mut Books, quantity: &str) -> Value {
    let draft = books.shop.call(
        "finances.invoices.create",
        json!({"customer_id": books.customer["id"], "location_id": books.shop_floor["id"],
               "lines": [{"product_id": books.tea["id"], "description": "", "quantity": quantity,
                          "unit_price": ""}]}),
    );
    books
        .shop
        .call("finances.invoices.issue", json!({"id": draft["id"]}))
}

fn receive(books: &mut Books, quantity: &str, cost: &str) {
    books.shop.call(
        "inventory.stock.movements.create",
        json!({"product_id": books.tea["id"], "location_id": books.shop_floor["id"],
               "kind": "receipt", "quantity": quantity, "unit_cost": cost}),
    );
}

#[test]
fn a_sale_books_its_cost_and_a_delivery_after_an_oversale_books_the_shortfall() {
    let mut books = set_up();
    receive(&mut books, "10", "6.00");
    assert_eq!(balance(&mut books.shop, INVENTORY), "60.00");
    assert_eq!(balance(&mut books.shop, PAYABLE), "60.00");
    // 12 sold with 10 on hand: 10 at 6.00 leave the books now.
    sell(&mut books, "12");
    assert_eq!(balance(&mut books.shop, INVENTORY), "0.00");
    assert_eq!(balance(&mut books.shop, COGS), "60.00");
    let pnl = books
        .shop
        .call("finances.reports.profit_and_loss", json!({}));
    assert_eq!(pnl["net"], "180.00", "{pnl}"); // 240.00 of sales less 60.00
                                               // The next delivery covers the 2 sold short first: their 2 × 9.00 is cost of goods sold.
    receive(&mut books, "10", "9.00");
    assert_eq!(balance(&mut books.shop, PAYABLE), "150.00");
    assert_eq!(balance(&mut books.shop, COGS), "78.00");
    assert_eq!(balance(&mut books.shop, INVENTORY), "72.00");
    assert_eq!(stock_value(&mut books.shop), "72.00");
    // Three broken: a loss at the average cost.
    books.shop.call(
        "inventory.stock.movements.create",
        json!({"product_id": books.tea["id"], "location_id": books.shop_floor["id"],
               "kind": "adjustment", "quantity": "-3", "reason": "broken"}),
    );
    assert_eq!(balance(&mut books.shop, INVENTORY), "45.00");
    assert_eq!(balance(&mut books.shop, COGS), "105.00");
    // Moving stock between rooms changes nothing in the books.
    books.shop.call(
        "inventory.stock.transfer",
        json!({"product_id": books.tea["id"], "from_location_id": books.shop_floor["id"],
               "to_location_id": books.back_room["id"], "quantity": "2"}),
    );
    assert_eq!(balance(&mut books.shop, INVENTORY), "45.00");
    assert_eq!(stock_value(&mut books.shop), "45.00");
}

#[test]
fn without_books_stock_still_moves() {
    let mut shop = Shop::new();
    let floor = shop.call("inventory.locations.create", json!({"name": "Floor"}));
    let tea = shop.call(
        "inventory.products.create",
        json!({"name": "Tea", "price": "20.00"}),
    );
    shop.call(
        "inventory.stock.movements.create",
        json!({"product_id": tea["id"], "location_id": floor["id"], "kind": "receipt",
               "quantity": "4", "unit_cost": "3.00"}),
    );
    assert_eq!(stock_value(&mut shop), "12.00");
}

#[derive(Debug, Clone)]
enum Step {
    Receive(u32, u32),
    Sell(u32),
    Adjust(i32),
    /// A delivery entered late, dated in January 2020: before every other movement, so the
    /// running cost of all after it changes.
    ReceiveBackdated(u32, u32, u32),
    Return(u32),
    Count(u32),
    Transfer(u32),
    VoidLast,
    CreditLast,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1u32..20, 100u32..2000).prop_map(|(q, c)| Step::Receive(q, c)),
        (1u32..12).prop_map(Step::Sell),
        (1u32..20, 100u32..2000, 1u32..29).prop_map(|(q, c, d)| Step::ReceiveBackdated(q, c, d)),
        (-5i32..5)
            .prop_filter("not zero", |q| *q != 0)
            .prop_map(Step::Adjust),
        (1u32..4).prop_map(Step::Return),
        (0u32..15).prop_map(Step::Count),
        (1u32..5).prop_map(Step::Transfer),
        Just(Step::VoidLast),
        Just(Step::CreditLast),
    ]
}

fn run(steps: &[Step]) {
    let mut books = set_up();
    let mut issued: Vec<Value> = Vec::new();
    let tea = books.tea["id"].clone();
    let floor = books.shop_floor["id"].clone();
    for step in steps {
        match step {
            Step::Receive(q, cents) => receive(
                &mut books,
                &q.to_string(),
                &format!("{}.{:02}", cents / 100, cents % 100),
            ),
            Step::Sell(q) => issued.push(sell(&mut books, &q.to_string())),
            Step::ReceiveBackdated(q, cents, day) => {
                books.shop.call(
                    "inventory.stock.movements.create",
                    json!({"product_id": tea, "location_id": floor, "kind": "receipt",
                           "quantity": q.to_string(),
                           "unit_cost": format!("{}.{:02}", cents / 100, cents % 100),
                           "date": format!("2020-01-{day:02}")}),
                );
            }
            Step::Adjust(q) => {
                books.shop.call(
                    "inventory.stock.movements.create",
                    json!({"product_id": tea, "location_id": floor, "kind": "adjustment",
                           "quantity": q.to_string(), "reason": "checked"}),
                );
            }
            Step::Return(q) => {
                books.shop.call(
                    "inventory.stock.movements.create",
                    json!({"product_id": tea, "location_id": floor, "kind": "return",
                           "quantity": q.to_string()}),
                );
            }
            Step::Count(n) => {
                books.shop.call(
                    "inventory.stock.counts.post",
                    json!({"location_id": floor, "lines": [{"product_id": tea, "counted": n.to_string()}]}),
                );
            }
            Step::Transfer(q) => {
                books.shop.call(
                    "inventory.stock.transfer",
                    json!({"product_id": tea, "from_location_id": floor,
                           "to_location_id": books.back_room["id"], "quantity": q.to_string()}),
                );
            }
            Step::CreditLast => {
                if let Some(invoice) = issued.pop() {
                    books.shop.call(
                        "finances.invoices.credit_note",
                        json!({"invoice_id": invoice["id"], "restock": true}),
                    );
                }
            }
            Step::VoidLast => {
                if let Some(invoice) = issued.pop() {
                    books
                        .shop
                        .call("finances.invoices.void", json!({"id": invoice["id"]}));
                }
            }
        }
        assert_eq!(
            balance(&mut books.shop, INVENTORY),
            stock_value(&mut books.shop),
            "after {step:?}"
        );
    }
    // And rebuilt from the documents, the books say the same, and the running cost kept
    // movement by movement (backdated ones too) equals one worked out afresh from the start.
    let before = books.shop.call("finances.reports.trial_balance", json!({}));
    let valued = |shop: &mut Shop| {
        (
            shop.call("inventory.reports.valuation", json!({})),
            shop.call("inventory.reports.valuation", json!({"date": "2020-01-15"})),
        )
    };
    let valuation = valued(&mut books.shop);
    books.shop.core.rebuild().unwrap();
    assert_eq!(
        books.shop.call("finances.reports.trial_balance", json!({})),
        before
    );
    assert_eq!(valued(&mut books.shop), valuation);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever moves the stock (deliveries, sales, voids, losses, finds, counts, transfers,
    /// stock gone below zero and covered again), the inventory account equals the valuation.
    #[test]
    fn the_inventory_account_always_equals_the_stock_valuation(steps in prop::collection::vec(step(), 1..25)) {
        run(&steps);
    }
}

fn on_hand(shop: &mut Shop, product: &Value) -> String {
    shop.call("inventory.products.get", json!({"id": product["id"]}))["on_hand"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A credit note for goods brought back puts them back in stock (and their cost back in the
/// books), never more than the invoice took out; voiding the credit note takes them out again.
#[test]
fn a_restocking_credit_note_puts_the_goods_back_and_its_void_takes_them_out() {
    let mut books = set_up();
    receive(&mut books, "10", "6.00");
    let invoice = sell(&mut books, "5");
    assert_eq!(on_hand(&mut books.shop, &books.tea), "5");
    assert_eq!(balance(&mut books.shop, COGS), "30.00");
    let line = |quantity: &str, price: &str| {
        json!([{"product_id": books.tea["id"], "description": "Tea", "quantity": quantity,
                "unit_price": price}])
    };
    // A credit for a complaint leaves the stock alone.
    books.shop.call(
        "finances.invoices.credit_note",
        json!({"invoice_id": invoice["id"], "lines": line("1", "2.00")}),
    );
    assert_eq!(on_hand(&mut books.shop, &books.tea), "5");
    // Three brought back.
    let note = books.shop.call(
        "finances.invoices.credit_note",
        json!({"invoice_id": invoice["id"], "lines": line("3", "20.00"), "restock": true}),
    );
    assert_eq!(on_hand(&mut books.shop, &books.tea), "8");
    assert_eq!(balance(&mut books.shop, COGS), "12.00");
    assert_eq!(
        balance(&mut books.shop, INVENTORY),
        stock_value(&mut books.shop)
    );
    // Only two are still out on that invoice.
    let err = books.shop.fail(
        "finances.invoices.credit_note",
        json!({"invoice_id": invoice["id"], "lines": line("3", "0.01"), "restock": true}),
    );
    assert_eq!(err.field.as_deref(), Some("lines[0].quantity"), "{err:?}");
    assert_eq!(on_hand(&mut books.shop, &books.tea), "8");
    // Voided, the credit note's goods leave stock again.
    books
        .shop
        .call("finances.invoices.void", json!({"id": note["id"]}));
    assert_eq!(on_hand(&mut books.shop, &books.tea), "5");
    assert_eq!(
        balance(&mut books.shop, INVENTORY),
        stock_value(&mut books.shop)
    );
    assert_eq!(balance(&mut books.shop, COGS), "30.00");
    // Now all five may come back.
    books.shop.call(
        "finances.invoices.credit_note",
        json!({"invoice_id": invoice["id"], "lines": line("5", "0.01"), "restock": true}),
    );
    assert_eq!(on_hand(&mut books.shop, &books.tea), "10");
}
