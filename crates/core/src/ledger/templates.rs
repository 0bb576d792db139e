//! Charts of accounts a company starts from: (code, name, kind).

use super::model::AccountKind::{self, *};

pub const GENERIC: &[(&str, &str, AccountKind)] = &[
    ("1000", "Cash", Asset),
    ("1010", "Bank", Asset),
    ("1100", "Accounts receivable", Asset),
    ("1200", "Inventory", Asset),
    ("1300", "Input VAT", Asset),
    ("1500", "Equipment", Asset),
    ("2000", "Accounts payable", Liability),
    ("2100", "Output VAT", Liability),
    ("2200", "Wages payable", Liability),
    ("2900", "Customer credit", Liability),
    ("3000", "Owner's equity", Equity),
    ("3100", "Retained earnings", Equity),
    ("4000", "Sales", Income),
    ("4100", "Service income", Income),
    ("4900", "Other income", Income),
    ("5000", "Cost of goods sold", Expense),
    ("6000", "Rent", Expense),
    ("6100", "Wages", Expense),
    ("6200", "Utilities", Expense),
    ("6300", "Office supplies", Expense),
    ("6400", "Bank fees", Expense),
    ("6900", "Other expenses", Expense),
];

/// 小企业会计准则 (PRC Small Business Accounting Standard, 2013): the accounts a small shop uses,
/// with the standard's codes and names.
pub const PRC_SMALL_BUSINESS: &[(&str, &str, AccountKind)] = &[
    ("1001", "库存现金", Asset),
    ("1002", "银行存款", Asset),
    ("1012", "其他货币资金", Asset),
    ("1122", "应收账款", Asset),
    ("1123", "预付账款", Asset),
    ("1221", "其他应收款", Asset),
    ("1403", "原材料", Asset),
    ("1405", "库存商品", Asset),
    ("1601", "固定资产", Asset),
    ("1602", "累计折旧", Asset),
    ("2001", "短期借款", Liability),
    ("2202", "应付账款", Liability),
    ("2203", "预收账款", Liability),
    ("2211", "应付职工薪酬", Liability),
    ("2221", "应交税费", Liability),
    ("2241", "其他应付款", Liability),
    ("3001", "实收资本", Equity),
    ("3002", "资本公积", Equity),
    ("3101", "盈余公积", Equity),
    ("3103", "本年利润", Equity),
    ("3104", "利润分配", Equity),
    ("5001", "主营业务收入", Income),
    ("5051", "其他业务收入", Income),
    ("5301", "营业外收入", Income),
    ("5401", "主营业务成本", Expense),
    ("5402", "其他业务成本", Expense),
    ("5403", "税金及附加", Expense),
    ("5601", "销售费用", Expense),
    ("5602", "管理费用", Expense),
    ("5603", "财务费用", Expense),
    ("5711", "营业外支出", Expense),
    ("5801", "所得税费用", Expense),
];

pub fn by_name(name: &str) -> Option<&'static [(&'static str, &'static str, AccountKind)]> {
    match name {
        "generic" => Some(GENERIC),
        "prc_small_business" => Some(PRC_SMALL_BUSINESS),
        _ => None,
    }
}

/// An account the ledger posts to on its own: where an invoice's receivable, its sales and its
/// tax go, where a payment's money lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Cash,
    Bank,
    /// WeChat Pay and Alipay balances (其他货币资金 in the PRC chart).
    Wallet,
    Receivable,
    Sales,
    OutputTax,
    InputTax,
    CustomerCredit,
    /// Exchange differences on foreign-currency invoices (汇兑损益 goes to 财务费用).
    ExchangeGain,
    ExchangeLoss,
    /// Goods held for sale (库存商品).
    Inventory,
    /// What the shop owes its suppliers (应付账款).
    Payable,
    /// What the goods sold cost, and stock lost or found (主营业务成本).
    Cogs,
    /// Where an expense goes when no category is picked: the shop's general running costs
    /// (管理费用; Other expenses), never the cost of goods sold.
    Expenses,
}

impl Role {
    pub fn describe(self) -> &'static str {
        match self {
            Role::Cash => "cash",
            Role::Bank => "bank",
            Role::Wallet => "e-wallet",
            Role::Receivable => "accounts receivable",
            Role::Sales => "sales",
            Role::OutputTax => "output tax",
            Role::InputTax => "input tax",
            Role::CustomerCredit => "customer credit",
            Role::ExchangeGain => "exchange gain",
            Role::ExchangeLoss => "exchange loss",
            Role::Inventory => "inventory",
            Role::Payable => "accounts payable",
            Role::Cogs => "cost of goods sold",
            Role::Expenses => "general expenses",
        }
    }

    pub fn describe_zh(self) -> &'static str {
        match self {
            Role::Cash => "现金",
            Role::Bank => "银行存款",
            Role::Wallet => "电子钱包",
            Role::Receivable => "应收账款",
            Role::Sales => "销售收入",
            Role::OutputTax => "销项税",
            Role::InputTax => "进项税",
            Role::CustomerCredit => "客户预收款",
            Role::ExchangeGain => "汇兑收益",
            Role::ExchangeLoss => "汇兑损失",
            Role::Inventory => "库存商品",
            Role::Payable => "应付账款",
            Role::Cogs => "主营业务成本",
            Role::Expenses => "管理费用",
        }
    }
}

/// The code of the template's account for a role. In the PRC chart VAT, output and input, is
/// one account, 应交税费 (input tax is its debit side).
pub fn role_code(template: &str, role: Role) -> Option<&'static str> {
    let code = match (template, role) {
        ("generic", Role::Cash) => "1000",
        ("generic", Role::Bank | Role::Wallet) => "1010",
        ("generic", Role::Receivable) => "1100",
        ("generic", Role::Sales) => "4000",
        ("generic", Role::OutputTax) => "2100",
        ("generic", Role::InputTax) => "1300",
        ("generic", Role::CustomerCredit) => "2900",
        ("generic", Role::ExchangeGain) => "4900",
        ("generic", Role::ExchangeLoss) => "6900",
        ("generic", Role::Inventory) => "1200",
        ("generic", Role::Payable) => "2000",
        ("generic", Role::Cogs) => "5000",
        ("generic", Role::Expenses) => "6900",
        ("prc_small_business", Role::Cash) => "1001",
        ("prc_small_business", Role::Bank) => "1002",
        ("prc_small_business", Role::Wallet) => "1012",
        ("prc_small_business", Role::Receivable) => "1122",
        ("prc_small_business", Role::Sales) => "5001",
        ("prc_small_business", Role::OutputTax | Role::InputTax) => "2221",
        ("prc_small_business", Role::CustomerCredit) => "2203",
        ("prc_small_business", Role::ExchangeGain | Role::ExchangeLoss) => "5603",
        ("prc_small_business", Role::Inventory) => "1405",
        ("prc_small_business", Role::Payable) => "2202",
        ("prc_small_business", Role::Cogs) => "5401",
        ("prc_small_business", Role::Expenses) => "5602",
        _ => return None,
    };
    Some(code)
}

/// A tax preset: (name, title, taxes as (name, components as (name, percent))).
pub type Preset = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static [(&'static str, &'static str)])],
);

pub const TAX_PRESETS: &[Preset] = &[
    (
        "prc_vat",
        "PRC VAT 增值税",
        &[
            ("增值税 13%", &[("增值税", "13")]),
            ("增值税 9%", &[("增值税", "9")]),
            ("增值税 6%", &[("增值税", "6")]),
            ("小规模纳税人 3%", &[("增值税", "3")]),
            ("小规模纳税人 1%", &[("增值税", "1")]),
            ("免税 0%", &[("增值税", "0")]),
        ],
    ),
    (
        "eu_vat",
        "EU VAT",
        &[
            ("VAT standard 20%", &[("VAT", "20")]),
            ("VAT reduced 10%", &[("VAT", "10")]),
            ("VAT reduced 5%", &[("VAT", "5")]),
            ("VAT zero 0%", &[("VAT", "0")]),
        ],
    ),
    (
        "us_sales",
        "US sales tax",
        &[
            ("State sales tax 6%", &[("State", "6")]),
            (
                "State + local sales tax 8.875%",
                &[("State", "4"), ("City", "4.5"), ("District", "0.375")],
            ),
        ],
    ),
];
