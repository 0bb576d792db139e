//! Inventory records (Automerge documents) and what the commands take and give.
//!
//! Quantities are integers in thousandths (`1.5` kg is 1500); money is in minor units. Stock is
//! never stored: it is the sum of movements, and a movement is never changed once written.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::kernel::amount::Amount;
use crate::kernel::ids::{
    CategoryId, LocationId, MovementId, ProductId, PurchaseOrderId, TaxId, ThresholdId,
};
use crate::kernel::states::word_enum;

word_enum!(
    /// Where a purchase order is, as stored (received and partly received are read from the
    /// receipts against a sent order).
    pub OrderState "a purchase order's state" {
        Draft = "draft",
        Sent = "sent",
        Cancelled = "cancelled",
    }
);

word_enum!(
    /// Why stock changed: goods received, sold, returned by a customer, adjusted (broken,
    /// found), moved between locations, set by a stock count, or on the shelves when the books
    /// started (opening stock, at cost against equity rather than owed to a supplier).
    pub MovementKind "a stock movement's kind" {
        Receipt = "receipt",
        Opening = "opening",
        Sale = "sale",
        Return = "return",
        Adjustment = "adjustment",
        Transfer = "transfer",
        Stocktake = "stocktake",
    }
);

word_enum!(
    /// A purchase order's status as people see it.
    pub OrderStatus "a purchase order's status" {
        Draft = "draft",
        Sent = "sent",
        PartiallyReceived = "partially_received",
        Received = "received",
        Cancelled = "cancelled",
    }
);

impl OrderStatus {
    /// Goods may still arrive against it: it was sent and not all has come.
    pub fn takes_goods(self) -> bool {
        matches!(self, OrderStatus::Sent | OrderStatus::PartiallyReceived)
    }

    /// It may still be cancelled: not received in full, not cancelled already.
    pub fn cancellable(self) -> bool {
        matches!(
            self,
            OrderStatus::Draft | OrderStatus::Sent | OrderStatus::PartiallyReceived
        )
    }
}

#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct SupplierRecord {
    pub name: String,
    pub contact: String,
    /// Days from order to delivery.
    pub lead_time_days: i64,
}

#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct ProductRecord {
    pub id: ProductId,
    pub name: String,
    pub description: String,
    pub category_id: Option<CategoryId>,
    /// Unique among products (case-insensitive).
    pub sku: String,
    /// EAN-13, UPC-A or an internal Code 128 text; empty when there is none.
    pub barcode: String,
    /// `pcs`, `kg`, `box`…
    pub unit: String,
    /// Selling price, minor units.
    pub price: Amount,
    /// Standard purchase cost, minor units (stock is valued at its moving average instead).
    pub cost: Amount,
    pub tax_id: Option<TaxId>,
    /// A service has no stock.
    pub tracks_stock: bool,
    pub archived: bool,
    pub suppliers: Vec<SupplierRecord>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct CategoryRecord {
    pub id: CategoryId,
    pub name: String,
    pub parent_id: Option<CategoryId>,
    pub created_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct LocationRecord {
    pub id: LocationId,
    pub name: String,
    pub parent_id: Option<LocationId>,
    pub archived: bool,
    pub created_at_ms: i64,
}

/// One change of stock of one product at one location. Written once, never changed: two
/// devices moving stock offline both count after sync.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct MovementRecord {
    pub id: MovementId,
    pub product_id: ProductId,
    pub location_id: LocationId,
    pub kind: MovementKind,
    /// Thousandths; positive in, negative out.
    pub quantity: i64,
    /// Per unit, minor units: what a receipt cost (it moves the average cost); 0 otherwise.
    pub unit_cost: Amount,
    /// The day it belongs to.
    pub date: String,
    /// What caused it: a purchase order, an invoice, a transfer's other half.
    pub ref_id: Option<String>,
    pub reason: String,
    pub created_by_name: String,
    pub created_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct ThresholdRecord {
    pub id: ThresholdId,
    pub product_id: ProductId,
    pub location_id: LocationId,
    /// Thousandths. At or below it, stock is low.
    pub minimum: i64,
    pub reorder_quantity: Option<i64>,
    pub maximum: Option<i64>,
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct OrderLineRecord {
    pub product_id: ProductId,
    pub quantity: i64,
    pub unit_cost: Amount,
}

/// A purchase order. What has been received is read from its receipt movements, never stored,
/// so two devices receiving parts of it offline both count.
#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct PurchaseOrderRecord {
    pub id: PurchaseOrderId,
    pub supplier: String,
    pub supplier_contact: String,
    pub date: String,
    pub expected_date: Option<String>,
    /// Where it is received by default.
    pub location_id: LocationId,
    pub lines: Vec<OrderLineRecord>,
    pub status: OrderState,
    pub notes: String,
    pub created_by_name: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

// ---------------------------------------------------------------------------------------------
// Views and inputs

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Supplier {
    pub name: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    #[ts(type = "number")]
    pub lead_time_days: i64,
}

/// `inventory.suppliers.list`: who supplies the shop's products.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SupplierQuery {
    /// Part of the name, any case.
    #[serde(default)]
    #[ts(optional)]
    pub search: Option<String>,
}

/// A supplier as the products name it: the same name in any case is one supplier.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SupplierSummary {
    pub name: String,
    pub contact: String,
    /// Active products it supplies.
    #[ts(type = "number")]
    pub products: u64,
    /// The shortest lead time any of them gives.
    #[ts(type = "number")]
    pub lead_time_days: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Product {
    pub id: ProductId,
    pub name: String,
    pub description: String,
    pub category_id: Option<CategoryId>,
    pub category_name: Option<String>,
    pub sku: String,
    pub barcode: String,
    pub unit: String,
    pub price: String,
    /// `null` for users who may not see costs.
    pub cost: Option<String>,
    /// Price less cost, and that as a percentage of the price: only for users who may see
    /// costs, and only when a cost is given (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub margin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub margin_percent: Option<String>,
    pub tax_id: Option<TaxId>,
    pub tracks_stock: bool,
    pub archived: bool,
    pub suppliers: Vec<Supplier>,
    /// On hand at every location together.
    pub on_hand: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    #[ts(type = "number")]
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ProductInput {
    pub name: String,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub category_id: Option<CategoryId>,
    /// Made from the name when left out.
    #[serde(default)]
    #[ts(optional)]
    pub sku: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub barcode: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub unit: Option<String>,
    pub price: String,
    #[serde(default)]
    #[ts(optional)]
    pub cost: Option<String>,
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub tax_id: Option<TaxId>,
    #[serde(default)]
    #[ts(optional)]
    pub tracks_stock: Option<bool>,
    #[serde(default)]
    #[ts(optional)]
    pub suppliers: Option<Vec<Supplier>>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ProductPatch {
    pub id: ProductId,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
    /// `""` takes the product out of its category.
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_clears")]
    #[ts(optional)]
    pub category_id: Option<Option<CategoryId>>,
    #[serde(default)]
    #[ts(optional)]
    pub sku: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub barcode: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub unit: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub price: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub cost: Option<String>,
    /// `""` for no tax.
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_clears")]
    #[ts(optional)]
    pub tax_id: Option<Option<TaxId>>,
    #[serde(default)]
    #[ts(optional)]
    pub archived: Option<bool>,
    #[serde(default)]
    #[ts(optional)]
    pub suppliers: Option<Vec<Supplier>>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ProductQuery {
    /// Part of the name, the SKU or the barcode.
    #[serde(default)]
    #[ts(optional)]
    pub search: Option<String>,
    /// This category and the ones under it.
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub category_id: Option<CategoryId>,
    #[serde(default)]
    #[ts(optional)]
    pub include_archived: Option<bool>,
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub limit: Option<u64>,
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub offset: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProductPage {
    pub items: Vec<Product>,
    #[ts(type = "number")]
    pub total: u64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CodeInput {
    /// A barcode or SKU as a scanner typed it.
    pub code: String,
}

/// A SKU or barcode that more than one product carries: two devices offline each gave it to
/// a product of their own. Settled by giving all but one product another code.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProductClash {
    /// `sku` or `barcode`.
    pub field: String,
    pub code: String,
    pub products: Vec<Product>,
    /// The product a merge keeps unless someone picks another: of the active ones (those that
    /// hold stock first, as a service takes none) the one with the most on hand, the first of
    /// equals; with only archived ones, the first (a merge into it is then refused).
    pub keep_id: ProductId,
}

/// `inventory.products.merge`: the duplicate (`id`) goes, `into_id` stays.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MergeInput {
    pub id: ProductId,
    pub into_id: ProductId,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Category {
    pub id: CategoryId,
    pub name: String,
    pub parent_id: Option<CategoryId>,
    /// `Drinks / Tea / Green`.
    pub path: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CategoryInput {
    pub name: String,
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub parent_id: Option<CategoryId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Location {
    pub id: LocationId,
    pub name: String,
    pub parent_id: Option<LocationId>,
    pub path: String,
    pub archived: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LocationInput {
    pub name: String,
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub parent_id: Option<LocationId>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LocationPatch {
    pub id: LocationId,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub archived: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Movement {
    pub id: MovementId,
    pub product_id: ProductId,
    pub product_name: String,
    pub location_id: LocationId,
    pub location_name: String,
    pub kind: MovementKind,
    pub quantity: String,
    /// `null` for users who may not see costs, and for movements that carry none.
    pub unit_cost: Option<String>,
    pub date: String,
    pub ref_id: Option<String>,
    pub reason: String,
    pub created_by_name: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
}

/// A stock adjustment, a return, or a receipt outside a purchase order.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MovementInput {
    pub product_id: ProductId,
    pub location_id: LocationId,
    /// `receipt`, `opening` (stock on hand when the books start), `return` or `adjustment`
    /// (sales come from invoices, transfers and counts have their own commands).
    pub kind: MovementKind,
    /// Signed for an adjustment (`-2` for two broken); above zero otherwise.
    pub quantity: String,
    /// A receipt's or opening stock's cost per unit (default: the product's cost).
    #[serde(default)]
    #[ts(optional)]
    pub unit_cost: Option<String>,
    /// Default: today.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    /// Required for an adjustment: broken, expired, found…
    #[serde(default)]
    #[ts(optional)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TransferInput {
    pub product_id: ProductId,
    pub from_location_id: LocationId,
    pub to_location_id: LocationId,
    pub quantity: String,
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MovementQuery {
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub product_id: Option<ProductId>,
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub location_id: Option<LocationId>,
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub limit: Option<u64>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct StockQuery {
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub product_id: Option<ProductId>,
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub location_id: Option<LocationId>,
}

/// A product an invoice sold more of than the books had at its location: on hand is now below
/// zero (sold before the delivery was received, or a count is due).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ShortStock {
    pub product_id: ProductId,
    pub product_name: String,
    pub location_id: LocationId,
    pub location_name: String,
    /// On hand there now, below zero (e.g. "-3").
    pub on_hand: String,
}

/// Stock of one product at one location, with its threshold.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StockLevel {
    pub product_id: ProductId,
    pub product_name: String,
    pub sku: String,
    pub unit: String,
    pub location_id: LocationId,
    pub location_name: String,
    pub on_hand: String,
    pub minimum: Option<String>,
    pub reorder_quantity: Option<String>,
    pub maximum: Option<String>,
    /// At or below the minimum.
    pub low: bool,
    /// Below zero: more was sold or moved out than was here (movements made offline on two
    /// devices, or a count that was off). Nothing is lost; someone should look.
    pub oversold: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ThresholdInput {
    pub product_id: ProductId,
    pub location_id: LocationId,
    pub minimum: String,
    #[serde(default)]
    #[ts(optional)]
    pub reorder_quantity: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub maximum: Option<String>,
}

/// What to order: low stock brought back up to its maximum (or by the reorder quantity).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OrderSuggestion {
    pub product_id: ProductId,
    pub product_name: String,
    pub location_id: LocationId,
    pub location_name: String,
    pub on_hand: String,
    pub minimum: String,
    pub quantity: String,
    /// The product's first supplier.
    pub supplier: Option<String>,
    /// `null` for users who may not see costs.
    pub unit_cost: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ValuationLine {
    pub product_id: ProductId,
    pub product_name: String,
    pub sku: String,
    pub on_hand: String,
    /// Value per unit on hand (the moving average, or what the FIFO layers left average to).
    pub average_cost: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Valuation {
    /// The day it is valued at (inclusive).
    pub date: String,
    /// `average` (moving average cost) or `fifo` (first in, first out).
    pub method: String,
    pub lines: Vec<ValuationLine>,
    pub total: String,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ValuationQuery {
    /// Default: today.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    /// `average` (default) or `fifo`.
    #[serde(default)]
    #[ts(optional)]
    pub method: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OrderLine {
    pub product_id: ProductId,
    pub product_name: String,
    pub sku: String,
    pub unit: String,
    pub quantity: String,
    pub received: String,
    /// What has not arrived yet (never below zero).
    pub to_come: String,
    pub unit_cost: String,
    pub total: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PurchaseOrder {
    pub id: PurchaseOrderId,
    pub supplier: String,
    pub supplier_contact: String,
    pub date: String,
    pub expected_date: Option<String>,
    pub location_id: LocationId,
    pub location_name: String,
    pub lines: Vec<OrderLine>,
    pub status: OrderStatus,
    /// Goods may be received against it.
    pub can_receive: bool,
    /// It may be cancelled.
    pub can_cancel: bool,
    pub total: String,
    pub notes: String,
    pub created_by_name: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct OrderLineInput {
    pub product_id: ProductId,
    pub quantity: String,
    /// Default: the product's cost.
    #[serde(default)]
    #[ts(optional)]
    pub unit_cost: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct OrderInput {
    pub supplier: String,
    #[serde(default)]
    #[ts(optional)]
    pub supplier_contact: Option<String>,
    /// Default: today.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub expected_date: Option<String>,
    pub location_id: LocationId,
    pub lines: Vec<OrderLineInput>,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct OrderPatch {
    pub id: PurchaseOrderId,
    #[serde(default)]
    #[ts(optional)]
    pub supplier: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub supplier_contact: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub expected_date: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub lines: Option<Vec<OrderLineInput>>,
    #[serde(default)]
    #[ts(optional)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct OrderQuery {
    #[serde(default)]
    #[ts(optional)]
    pub status: Option<OrderStatus>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReceiveLineInput {
    pub product_id: ProductId,
    /// What arrived now; blank or 0: nothing of this line this time (a receipt with nothing on
    /// any line is refused, field `lines`).
    pub quantity: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReceiveInput {
    pub id: PurchaseOrderId,
    pub lines: Vec<ReceiveLineInput>,
    /// Default: the order's location.
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub location_id: Option<LocationId>,
    /// Default: today.
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CountSheetInput {
    pub location_id: LocationId,
    /// Every active stocked product, not only those with stock here.
    #[serde(default)]
    #[ts(optional)]
    pub all_products: Option<bool>,
    /// The PDF leaves out what the books expect, so the count is not led by it (default true).
    #[serde(default)]
    #[ts(optional)]
    pub blind: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CountLine {
    pub product_id: ProductId,
    pub product_name: String,
    pub sku: String,
    pub barcode: String,
    pub unit: String,
    /// On hand here by the movements this device has.
    pub expected: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CountSheet {
    pub location_id: LocationId,
    pub location_name: String,
    pub lines: Vec<CountLine>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CountedLine {
    pub product_id: ProductId,
    pub counted: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CountInput {
    pub location_id: LocationId,
    pub lines: Vec<CountedLine>,
    #[serde(default)]
    #[ts(optional)]
    pub date: Option<String>,
    /// Why the count differs, if known (shown on every adjustment).
    #[serde(default)]
    #[ts(optional)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CountVariance {
    pub product_id: ProductId,
    pub product_name: String,
    pub expected: String,
    pub counted: String,
    /// Counted minus expected: what the stocktake movement adds (or takes).
    pub variance: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CountResult {
    pub location_id: LocationId,
    pub date: String,
    pub variances: Vec<CountVariance>,
    /// Lines counted as the books expected.
    #[ts(type = "number")]
    pub matched: u64,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SlowMoversQuery {
    /// No sale in this many days (default 90).
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SlowMover {
    pub product_id: ProductId,
    pub product_name: String,
    pub sku: String,
    pub on_hand: String,
    /// The day it last sold, if ever.
    pub last_sale: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PeriodQuery {
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
}

/// What moved, product by product, in a period (quantities).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MovementSummary {
    pub product_id: ProductId,
    pub product_name: String,
    pub sku: String,
    pub received: String,
    pub sold: String,
    pub returned: String,
    pub adjusted: String,
    pub counted: String,
    pub net: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct InventoryExportInput {
    /// `stock_on_hand`, `low_stock`, `movements`, `valuation` or `slow_movers`.
    pub report: String,
    /// `csv`, `xlsx` or `pdf`.
    pub format: String,
    /// `zh` (default) or `en`.
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(default, deserialize_with = "crate::kernel::ids::blank_is_none")]
    #[ts(optional)]
    pub location_id: Option<LocationId>,
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub days: Option<u32>,
    /// The valuation's method: `average` (default) or `fifo`.
    #[serde(default)]
    #[ts(optional)]
    pub method: Option<String>,
}
