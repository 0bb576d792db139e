//! Finance documents that leave the app: the invoice PDF, the cash flow statement, and every
//! report exported as CSV, Excel or PDF. Reports are read through the same functions as on
//! screen; this module only lays them out.

use base64::Engine;

use super::invoices::{invoice_view, load_invoice};
use super::model::*;
use super::reports::{ar_aging, tax_summary};
use crate::customers::Customer;
use crate::kernel::access::Permission::{FinanceRead, SalesRead};
use crate::kernel::command::{command, Command, Cx, Summary};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::export::{export_table, file, file_stem, language, png_size, t, Lang, Table};
use crate::kernel::money;
use crate::kernel::pdf::{self, Align, Sheet, MARGIN, PAGE_WIDTH};
use crate::ledger::books::{balance_sheet, today};
use crate::ledger::model::*;
use crate::ledger::ops::settings_record;
use crate::ledger::reports::{balances, period, profit_and_loss};
use crate::ledger::store as ledger_store;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "finances.invoices.pdf",
            SalesRead,
            true,
            "The invoice as a PDF, in English or Chinese",
            invoice_pdf,
        ),
        command(
            "finances.reports.cash_flow",
            FinanceRead,
            false,
            "Cash in and out by what moved it (direct method)",
            cash_flow,
        ),
        command(
            "finances.reports.export",
            FinanceRead,
            true,
            "A financial report as CSV, Excel or PDF",
            report_export,
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// The invoice PDF

pub(crate) fn invoice_pdf(cx: &mut Cx<'_>, input: InvoicePdfInput) -> Result<FileExport> {
    let lang = language(input.language.as_deref())?;
    let settings = settings_record(cx)?;
    let record = load_invoice(cx, input.id)?;
    let view = invoice_view(cx, &record)?;
    let customer = cx.get::<Customer>(&record.customer_id)?;
    let company = crate::users::store::company(cx.conn)?
        .map(|(_, name)| name)
        .unwrap_or_default();
    let credit_note = record.kind == "credit_note";
    let title = match (credit_note, record.status.as_str()) {
        (true, _) => t(lang, "CREDIT NOTE", "红字发票（贷项通知单）"),
        (false, "draft") => t(lang, "DRAFT INVOICE", "发票（草稿）"),
        (false, "void") => t(lang, "INVOICE (VOID)", "发票（已作废）"),
        _ => t(lang, "INVOICE", "发票"),
    };
    let number = record.number.clone().unwrap_or_default();
    let mut sheet = Sheet::new(&format!("{title} {number}"), t(lang, "en", "zh-CN"));

    // Logo and company on the left, the document's title and number on the right.
    let top = sheet.y;
    let mut left_y = top;
    if let Some(logo) = &settings.logo_png {
        if let Ok(png) = base64::engine::general_purpose::STANDARD.decode(logo) {
            if let Some((w, h)) = png_size(&png) {
                let scale = (140.0 / w as f32).min(56.0 / h as f32);
                let (width, height) = (w as f32 * scale, h as f32 * scale);
                sheet.image_png(MARGIN, top, width, height, png);
                left_y += height + 8.0;
            }
        }
    }
    sheet.text_at(MARGIN, left_y + 14.0, 14.0, &company, Align::Left);
    left_y += 20.0;
    // The seller's details a legal invoice needs (address, tax id, bank), then the shop's own lines.
    let seller = crate::users::profile::profile_of(cx)?.document_lines(lang == Lang::Zh);
    for line in seller
        .iter()
        .map(String::as_str)
        .chain(settings.invoice_header.as_deref().unwrap_or("").lines())
    {
        sheet.grey_text_at(MARGIN, left_y + 9.0, 9.0, line);
        left_y += 12.0;
    }
    let right = PAGE_WIDTH - MARGIN;
    sheet.text_at(right, top + 18.0, 18.0, title, Align::Right);
    let mut right_y = top + 36.0;
    let mut fact = |sheet: &mut Sheet, label: &str, value: &str| {
        sheet.text_at(right - 90.0, right_y, 9.0, label, Align::Right);
        sheet.text_at(right, right_y, 9.0, value, Align::Right);
        right_y += 13.0;
    };
    if !number.is_empty() {
        fact(&mut sheet, t(lang, "Number", "编号"), &number);
    }
    fact(
        &mut sheet,
        t(lang, "Issue date", "开票日期"),
        &record.issue_date,
    );
    if !credit_note {
        fact(&mut sheet, t(lang, "Due date", "到期日"), &record.due_date);
    } else if let Some(id) = record.credits {
        let original = cx.get::<InvoiceRecord>(&id)?;
        let original_number = original.and_then(|o| o.number).unwrap_or_default();
        fact(
            &mut sheet,
            t(lang, "For invoice", "原发票"),
            &original_number,
        );
    }
    let currency = record
        .currency
        .clone()
        .unwrap_or_else(|| settings.base_currency.clone());
    fact(&mut sheet, t(lang, "Currency", "币种"), &currency);
    if let Some(rate) = record.exchange_rate {
        fact(
            &mut sheet,
            t(lang, "Exchange rate", "汇率"),
            &format!(
                "1 {currency} = {} {}",
                crate::kernel::tax::format_rate(rate),
                settings.base_currency
            ),
        );
    }
    sheet.y = left_y.max(right_y) + 12.0;

    // Who it is made out to.
    sheet.grey_text_at(MARGIN, sheet.y + 9.0, 9.0, t(lang, "Bill to", "购买方"));
    sheet.gap(14.0);
    sheet.line(11.0, &record.customer_name);
    if let Some(customer) = customer.filter(|c| !c.erased) {
        let a = &customer.address;
        for part in [
            a.line1.clone(),
            a.line2.clone(),
            [a.postal_code.as_str(), a.city.as_str(), a.region.as_str()]
                .iter()
                .filter(|p| !p.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
            a.country.clone(),
        ] {
            if !part.trim().is_empty() {
                sheet.line(9.0, &part);
            }
        }
        if let Some(tax_id) = customer.tax_id.filter(|t| !t.is_empty()) {
            sheet.line(9.0, &format!("{} {tax_id}", t(lang, "Tax ID", "税号")));
        }
    }
    sheet.gap(10.0);

    // The lines.
    let columns: [(f32, Align, &str); 6] = [
        (MARGIN + 4.0, Align::Left, t(lang, "Description", "项目")),
        (330.0, Align::Right, t(lang, "Qty", "数量")),
        (395.0, Align::Right, t(lang, "Unit price", "单价")),
        (435.0, Align::Right, t(lang, "Disc.", "折扣")),
        (480.0, Align::Right, t(lang, "Tax", "税率")),
        (right - 4.0, Align::Right, t(lang, "Amount", "金额")),
    ];
    let header = move |sheet: &mut Sheet| {
        sheet.band(18.0);
        for (x, align, label) in columns {
            sheet.text_at(x, sheet.y + 12.5, 8.5, label, align);
        }
        sheet.y += 22.0;
    };
    header(&mut sheet);
    sheet.running_header = Some(Box::new(header));
    for line in &view.lines {
        let wrapped = pdf::wrap(&line.description, 9.0, 240.0);
        sheet.need(wrapped.len() as f32 * 12.0 + 6.0);
        let baseline = sheet.y + 9.0;
        let discount = if line.discount == "0" {
            String::new()
        } else {
            format!("{}%", line.discount)
        };
        let tax = if line.tax_name.is_empty() {
            String::new()
        } else {
            format!("{}%", line.tax_rate)
        };
        let (unit_price, net) = (money::grouped(&line.unit_price), money::grouped(&line.net));
        let cells = [
            line.quantity.as_str(),
            unit_price.as_str(),
            discount.as_str(),
            tax.as_str(),
            net.as_str(),
        ];
        for ((x, align, _), value) in columns[1..].iter().zip(cells) {
            sheet.text_at(*x, baseline, 9.0, value, *align);
        }
        for (i, text) in wrapped.iter().enumerate() {
            sheet.text_at(
                MARGIN + 4.0,
                baseline + i as f32 * 12.0,
                9.0,
                text,
                Align::Left,
            );
        }
        sheet.y += wrapped.len() as f32 * 12.0 + 6.0;
    }
    sheet.running_header = None;
    sheet.rule();
    sheet.gap(8.0);

    // Totals, with the tax per rate.
    let mut rates: Vec<(String, i64)> = Vec::new();
    for line in &record.lines {
        if line.tax_name.is_empty() {
            continue;
        }
        let rate = format!("{}%", crate::kernel::tax::format_percent(line.tax_rate));
        let label = if line.tax_name.contains(&rate) {
            line.tax_name.clone()
        } else {
            format!("{} {rate}", line.tax_name)
        };
        match rates.iter_mut().find(|(l, _)| *l == label) {
            Some(slot) => slot.1 += line.tax.minor(),
            None => rates.push((label, line.tax.minor())),
        }
    }
    let total_row = |sheet: &mut Sheet, label: &str, value: &str, size: f32| {
        sheet.need(size * 1.6);
        sheet.text_at(right - 110.0, sheet.y + size, size, label, Align::Right);
        sheet.text_at(right - 4.0, sheet.y + size, size, value, Align::Right);
        sheet.y += size * 1.6;
    };
    total_row(
        &mut sheet,
        t(lang, "Subtotal", "不含税金额"),
        &money::grouped(&view.subtotal),
        9.5,
    );
    for (label, tax) in &rates {
        total_row(
            &mut sheet,
            label,
            &money::grouped(&money::format(*tax)),
            9.5,
        );
    }
    if rates.is_empty() {
        total_row(
            &mut sheet,
            t(lang, "Tax", "税额"),
            &money::grouped(&view.tax),
            9.5,
        );
    }
    total_row(
        &mut sheet,
        t(lang, "Total", "价税合计"),
        &money::display(&view.total, &currency, currency == settings.base_currency),
        12.0,
    );
    if record.exchange_rate.is_some() {
        total_row(
            &mut sheet,
            t(lang, "In base currency", "折合本位币"),
            &money::display(&view.base_total, &settings.base_currency, true),
            9.5,
        );
    }
    if !credit_note && record.status == "issued" {
        total_row(
            &mut sheet,
            t(lang, "Paid", "已付"),
            &money::grouped(&view.paid),
            9.5,
        );
        total_row(
            &mut sheet,
            t(lang, "Balance due", "应付余额"),
            &money::grouped(&view.outstanding),
            11.0,
        );
    }
    if record.prices_include_tax {
        sheet.gap(4.0);
        sheet.line(8.0, t(lang, "Prices include tax.", "单价含税。"));
    }
    if !record.notes.is_empty() {
        sheet.gap(10.0);
        sheet.grey_text_at(MARGIN, sheet.y + 9.0, 9.0, t(lang, "Notes", "备注"));
        sheet.gap(14.0);
        for text in pdf::wrap(&record.notes, 9.0, PAGE_WIDTH - 2.0 * MARGIN) {
            sheet.line(9.0, &text);
        }
    }
    let bytes = sheet.finish()?;
    let stem = if number.is_empty() {
        format!("draft-{}", &record.id.to_string()[..8])
    } else {
        file_stem(&number)
    };
    let summary = if number.is_empty() {
        Summary::both("exported invoice (draft) as PDF", "导出发票草稿为 PDF")
    } else {
        Summary::both(
            format!("exported invoice {number} as PDF"),
            format!("导出发票 {number} 为 PDF"),
        )
    };
    cx.record_change(record.id, summary);
    Ok(file(format!("{stem}.pdf"), "application/pdf", &bytes))
}

// ---------------------------------------------------------------------------------------------
// Cash flow

pub(crate) const CASH_CATEGORIES: [&str; 5] = [
    "customer_receipts",
    "customer_refunds",
    "other_income",
    "expenses",
    "other",
];

pub(crate) fn category_of(source: &str) -> &'static str {
    match source {
        "payment" => "customer_receipts",
        "refund" => "customer_refunds",
        "income" => "other_income",
        "expense" => "expenses",
        _ => "other",
    }
}

/// (opening, [amount per category], closing) over a range.
pub(crate) fn cash_over(
    cx: &mut Cx<'_>,
    accounts: &[crate::kernel::ids::AccountId],
    range: &DateRange,
) -> Result<(i64, [i64; 5])> {
    let opening = match &range.from {
        Some(from) => ledger_store::cash_before(cx.conn, accounts, from)?,
        None => 0,
    };
    let mut amounts = [0i64; 5];
    for (source, amount) in ledger_store::cash_by_source(cx.conn, accounts, range)? {
        let category = category_of(&source);
        let i = CASH_CATEGORIES
            .iter()
            .position(|c| *c == category)
            .unwrap_or(4);
        amounts[i] += amount;
    }
    Ok((opening, amounts))
}

pub(crate) fn cash_flow(cx: &mut Cx<'_>, input: PeriodInput) -> Result<CashFlow> {
    let (range, prior_range) = period(&input)?;
    let accounts = crate::ledger::ops::money_accounts(cx)?;
    let (opening, amounts) = cash_over(cx, &accounts, &range)?;
    let prior = match &prior_range {
        Some(prior_range) => Some(cash_over(cx, &accounts, prior_range)?),
        None => None,
    };
    let net: i64 = amounts.iter().sum();
    let lines = CASH_CATEGORIES
        .iter()
        .enumerate()
        .map(|(i, category)| CashFlowLine {
            category: category.to_string(),
            amount: money::format(amounts[i]),
            prior_amount: prior.map(|(_, p)| money::format(p[i])),
        })
        .collect();
    Ok(CashFlow {
        from: range.from.clone(),
        to: range.to.clone(),
        opening: money::format(opening),
        lines,
        net: money::format(net),
        closing: money::format(opening + net),
        prior: match (prior, prior_range) {
            (Some((opening, amounts)), Some(r)) => {
                let net: i64 = amounts.iter().sum();
                Some(CashFlowPrior {
                    from: r.from.unwrap_or_default(),
                    to: r.to.unwrap_or_default(),
                    opening: money::format(opening),
                    net: money::format(net),
                    closing: money::format(opening + net),
                })
            }
            _ => None,
        },
    })
}

// ---------------------------------------------------------------------------------------------
// Report exports

pub(crate) fn account_rows(table: &mut Table, rows: &[TrialBalanceRow], compare: bool) {
    for row in rows {
        let mut cells = vec![row.code.clone(), row.name.clone(), row.balance.clone()];
        if compare {
            cells.push(row.prior_balance.clone().unwrap_or_default());
        }
        table.row(cells);
    }
}

pub(crate) fn range_text(lang: Lang, from: &Option<String>, to: &Option<String>) -> String {
    match (from, to) {
        (Some(from), Some(to)) => format!("{from} – {to}"),
        (Some(from), None) => format!("{} {from}", t(lang, "from", "自")),
        (None, Some(to)) => format!("{} {to}", t(lang, "to", "至")),
        (None, None) => t(lang, "all dates", "全部日期").to_string(),
    }
}

pub(crate) fn build_table(cx: &mut Cx<'_>, input: &ReportExportInput, lang: Lang) -> Result<Table> {
    let period_input = PeriodInput {
        from: input.from.clone(),
        to: input.to.clone(),
        compare: input.compare,
    };
    let compare = input.compare.unwrap_or(false);
    let code = t(lang, "Code", "科目编码");
    let account = t(lang, "Account", "科目名称");
    let amount = t(lang, "Amount", "金额");
    let prior = t(lang, "Prior period", "上期");
    match input.report.as_str() {
        "profit_and_loss" => {
            let report = profit_and_loss(cx, period_input)?;
            let mut headers = vec![code, account, amount];
            if compare {
                headers.push(prior);
            }
            let mut table = Table::new(
                t(lang, "Profit and loss", "利润表"),
                range_text(lang, &report.from, &report.to),
                &headers,
                &[false, false, true, true],
            );
            let extra = |value: Option<String>| if compare { vec![value.unwrap_or_default()] } else { vec![] };
            account_rows(&mut table, &report.income, compare);
            let mut cells = vec![String::new(), t(lang, "Total income", "收入合计").into(), report.total_income.clone()];
            cells.extend(extra(report.prior.as_ref().map(|p| p.total_income.clone())));
            table.total(cells);
            account_rows(&mut table, &report.expenses, compare);
            let mut cells = vec![String::new(), t(lang, "Total expenses", "费用合计").into(), report.total_expenses.clone()];
            cells.extend(extra(report.prior.as_ref().map(|p| p.total_expenses.clone())));
            table.total(cells);
            let mut cells = vec![String::new(), t(lang, "Net profit", "净利润").into(), report.net.clone()];
            cells.extend(extra(report.prior.as_ref().map(|p| p.net.clone())));
            table.total(cells);
            Ok(table)
        }
        "balance_sheet" => {
            let report = balance_sheet(
                cx,
                AsOfInput {
                    as_of: input.as_of.clone(),
                    compare_to: input.compare_to.clone(),
                },
            )?;
            let compare = report.compare_to.is_some();
            let mut headers = vec![code, account, amount];
            if compare {
                headers.push(prior);
            }
            let mut table = Table::new(
                t(lang, "Balance sheet", "资产负债表"),
                match &report.compare_to {
                    Some(day) => format!("{} ({} {day})", report.as_of, t(lang, "compared with", "对比")),
                    None => report.as_of.clone(),
                },
                &headers,
                &[false, false, true, true],
            );
            let extra = |value: &Option<String>| if compare { vec![value.clone().unwrap_or_default()] } else { vec![] };
            account_rows(&mut table, &report.assets, compare);
            let mut cells = vec![String::new(), t(lang, "Total assets", "资产合计").into(), report.total_assets.clone()];
            cells.extend(extra(&report.prior_total_assets));
            table.total(cells);
            account_rows(&mut table, &report.liabilities, compare);
            let mut cells = vec![String::new(), t(lang, "Total liabilities", "负债合计").into(), report.total_liabilities.clone()];
            cells.extend(extra(&report.prior_total_liabilities));
            table.total(cells);
            account_rows(&mut table, &report.equity, compare);
            let mut cells = vec![String::new(), t(lang, "Earnings not yet closed", "未结转利润").into(), report.earnings.clone()];
            cells.extend(extra(&report.prior_earnings));
            table.row(cells);
            let mut cells = vec![String::new(), t(lang, "Total equity", "所有者权益合计").into(), report.total_equity.clone()];
            cells.extend(extra(&report.prior_total_equity));
            table.total(cells);
            Ok(table)
        }
        "trial_balance" => {
            settings_record(cx)?;
            let (range, _) = period(&period_input)?;
            let all = balances(cx, &range)?;
            let mut table = Table::new(
                t(lang, "Trial balance", "试算平衡表"),
                range_text(lang, &range.from, &range.to),
                &[code, account, t(lang, "Debit", "借方"), t(lang, "Credit", "贷方"), t(lang, "Balance", "余额")],
                &[false, false, true, true, true],
            );
            for (row, _) in &all.rows {
                table.row(vec![row.code.clone(), row.name.clone(), row.debit.clone(), row.credit.clone(), row.balance.clone()]);
            }
            table.total(vec![
                String::new(),
                t(lang, "Total", "合计").into(),
                money::format(all.debit as i64),
                money::format(all.credit as i64),
                String::new(),
            ]);
            Ok(table)
        }
        "cash_flow" => {
            let report = cash_flow(cx, period_input)?;
            let mut headers = vec![t(lang, "Cash flow", "现金流量"), amount];
            if compare {
                headers.push(prior);
            }
            let mut table = Table::new(
                t(lang, "Cash flow statement", "现金流量表"),
                range_text(lang, &report.from, &report.to),
                &headers,
                &[false, true, true],
            );
            let label = |category: &str| match category {
                "customer_receipts" => t(lang, "Received from customers", "销售收款"),
                "customer_refunds" => t(lang, "Refunded to customers", "退款给客户"),
                "other_income" => t(lang, "Other income received", "其他收入收款"),
                "expenses" => t(lang, "Paid for expenses", "支付费用"),
                _ => t(lang, "Other movements", "其他"),
            };
            let prior_of = |value: Option<String>| if compare { vec![value.unwrap_or_default()] } else { vec![] };
            let mut cells = vec![t(lang, "Opening cash", "期初现金").to_string(), report.opening.clone()];
            cells.extend(prior_of(report.prior.as_ref().map(|p| p.opening.clone())));
            table.row(cells);
            for line in &report.lines {
                let mut cells = vec![label(&line.category).to_string(), line.amount.clone()];
                cells.extend(prior_of(line.prior_amount.clone()));
                table.row(cells);
            }
            let mut cells = vec![t(lang, "Net change", "现金净变动").to_string(), report.net.clone()];
            cells.extend(prior_of(report.prior.as_ref().map(|p| p.net.clone())));
            table.total(cells);
            let mut cells = vec![t(lang, "Closing cash", "期末现金").to_string(), report.closing.clone()];
            cells.extend(prior_of(report.prior.as_ref().map(|p| p.closing.clone())));
            table.total(cells);
            Ok(table)
        }
        "ar_aging" => {
            let report = ar_aging(
                cx,
                AsOfInput {
                    as_of: input.as_of.clone(),
                    compare_to: None,
                },
            )?;
            let mut table = Table::new(
                t(lang, "Accounts receivable aging", "应收账款账龄"),
                report.as_of.clone(),
                &[
                    t(lang, "Customer", "客户"),
                    t(lang, "Current", "未到期"),
                    "1–30",
                    "31–60",
                    "61–90",
                    "90+",
                    t(lang, "Total", "合计"),
                ],
                &[false, true, true, true, true, true, true],
            );
            let cells = |r: &AgingRow, name: String| {
                vec![name, r.current.clone(), r.days_30.clone(), r.days_60.clone(), r.days_90.clone(), r.over_90.clone(), r.total.clone()]
            };
            for row in &report.rows {
                table.row(cells(row, row.customer_name.clone()));
            }
            table.total(cells(&report.total, t(lang, "Total", "合计").into()));
            Ok(table)
        }
        "tax_summary" => {
            let report = tax_summary(cx, period_input)?;
            let mut table = Table::new(
                t(lang, "Tax summary", "税额汇总"),
                range_text(lang, &report.from, &report.to),
                &[
                    t(lang, "Tax", "税种"),
                    t(lang, "Rate %", "税率%"),
                    t(lang, "Sales", "销售额"),
                    t(lang, "Output tax", "销项税额"),
                    t(lang, "Purchases", "采购额"),
                    t(lang, "Input tax", "进项税额"),
                ],
                &[false, false, true, true, true, true],
            );
            for row in &report.rows {
                table.row(vec![row.name.clone(), row.rate.clone(), row.sales.clone(), row.output_tax.clone(), row.purchases.clone(), row.input_tax.clone()]);
            }
            table.total(vec![t(lang, "Total", "合计").into(), String::new(), String::new(), report.output_tax.clone(), String::new(), report.input_tax.clone()]);
            table.total(vec![t(lang, "Net tax owed", "应纳税额").into(), String::new(), String::new(), report.net.clone(), String::new(), String::new()]);
            if let Some(prior) = &report.prior {
                table.row(vec![
                    format!("{} {} – {}", t(lang, "Prior period", "上期"), prior.from, prior.to),
                    String::new(),
                    String::new(),
                    prior.output_tax.clone(),
                    String::new(),
                    prior.input_tax.clone(),
                ]);
            }
            Ok(table)
        }
        _ => Err(Error::invalid(
            "report",
            Reason::InvalidValue,
            "report: profit_and_loss, balance_sheet, trial_balance, cash_flow, ar_aging or tax_summary",
        )),
    }
}

/// A report's name in Chinese words, for the activity log (the titles its table has in Chinese).
fn report_zh(report: &str) -> &str {
    match report.trim() {
        "profit_and_loss" => "利润表",
        "balance_sheet" => "资产负债表",
        "trial_balance" => "试算平衡表",
        "cash_flow" => "现金流量表",
        "ar_aging" => "应收账款账龄",
        "tax_summary" => "税额汇总",
        other => other,
    }
}

pub(crate) fn report_export(cx: &mut Cx<'_>, input: ReportExportInput) -> Result<FileExport> {
    let lang = language(input.language.as_deref())?;
    let format = input.format.trim().to_string();
    if !["csv", "xlsx", "pdf"].contains(&format.as_str()) {
        return Err(Error::invalid(
            "format",
            Reason::InvalidValue,
            "format: csv, xlsx or pdf",
        ));
    }
    let mut table = build_table(cx, &input, lang)?;
    let (name, details) = crate::users::profile::letterhead(cx, lang == Lang::Zh)?;
    table.company(&name, details);
    let day = today(cx);
    let exported = export_table(&table, &format, lang, &input.report, &day)?;
    let settings_id = settings_record(cx)?.id;
    cx.record_change(
        settings_id,
        Summary::both(
            format!("exported the {} report as {format}", input.report),
            format!("导出{}（{format}）", report_zh(&input.report)),
        ),
    );
    Ok(exported)
}
