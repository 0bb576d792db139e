//! Payments against invoices and customer credit: take, refund, void, list, and what a customer
//! owes or holds.

use super::invoices::*;
use super::model::*;
use super::store;
use crate::customers::Customer;
use crate::kernel::access::Permission::{FinanceWrite, SalesRead, SalesWrite};
use crate::kernel::amount::{Amount, Doc};
use crate::kernel::command::IdInput;
use crate::kernel::command::{command, Command, Cx, Summary};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::{AccountId, CustomerId, EntryId, InvoiceId, PaymentId};
use crate::kernel::money;
use crate::kernel::tax::{self};
use crate::kernel::validate::{self, Checks};
use crate::ledger::books::*;
use crate::ledger::model::*;
use crate::ledger::ops::*;
use crate::ledger::templates::Role;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "finances.payments.create",
            SalesWrite,
            true,
            "Record a payment (against an invoice, or as customer credit)",
            payment_create,
        ),
        command(
            "finances.payments.refund",
            FinanceWrite,
            true,
            "Pay a customer's credit back",
            payment_refund,
        ),
        command(
            "finances.payments.void",
            FinanceWrite,
            true,
            "Void a payment or refund (posts the reversal)",
            payment_void,
        ),
        command(
            "finances.payments.surplus_to_credit",
            FinanceWrite,
            true,
            "Move what an invoice was paid past its total to the customer's credit",
            surplus_to_credit,
        ),
        command(
            "finances.payments.list",
            SalesRead,
            false,
            "Payments, refunds and applied credit",
            payments_list,
        ),
        command(
            "finances.payments.balance",
            SalesRead,
            false,
            "What a customer owes and the credit they hold",
            customer_balance,
        ),
    ]
}

/// How money changed hands, as a person gave it (not customer credit, not a credit note).
pub(crate) fn method(field: &str, given: PaymentMethod) -> Result<PaymentMethod> {
    match PaymentMethod::MONEY.iter().find(|m| **m == given) {
        Some(method) => Ok(*method),
        None => Err(Error::invalid(
            field,
            Reason::InvalidValue,
            format!(
                "{field}: one of {}",
                PaymentMethod::MONEY.map(|m| m.as_str()).join(", ")
            ),
        )),
    }
}

/// Where a payment's money goes: the account given, or the method's usual one.
pub(crate) fn money_account(
    cx: &mut Cx<'_>,
    given: Option<AccountId>,
    method: PaymentMethod,
) -> Result<AccountId> {
    if let Some(id) = given {
        let account = account_of_kind(cx, "account_id", Some(id), &[AccountKind::Asset])?;
        // Money lands in cash, a bank or a wallet: not in the receivable it is paying off, nor
        // in another asset the cash flow statement would not follow.
        if !crate::ledger::ops::money_accounts(cx)?.contains(&account.id) {
            return Err(crate::ledger::ops::not_money(&account));
        }
        return Ok(account.id);
    }
    let role = match method {
        PaymentMethod::Cash => Role::Cash,
        PaymentMethod::WechatPay | PaymentMethod::Alipay => Role::Wallet,
        _ => Role::Bank,
    };
    role_account(cx, role)
}

pub(crate) fn positive_amount(text: &str) -> Result<i64> {
    let amount = money::parse("amount", text, false)?;
    if amount == 0 {
        return Err(Error::invalid(
            "amount",
            Reason::OutOfRange,
            "amount must be above zero",
        ));
    }
    Ok(amount)
}

/// The invoice a payment goes against: issued and open.
fn open_invoice(cx: &mut Cx<'_>, id: InvoiceId) -> Result<InvoiceRecord> {
    let invoice = load_invoice(cx, id)?;
    if !invoice.is_open_invoice() {
        return Err(Error::invalid(
            "invoice_id",
            Reason::InvalidValue,
            format!(
                "invoice_id: payments go against an issued invoice (this one is {})",
                invoice.status
            ),
        ));
    }
    Ok(invoice)
}

/// Who pays: the invoice's customer (the one given must be it), or the customer given for a
/// payment on account.
fn payer(
    cx: &mut Cx<'_>,
    invoice: Option<&InvoiceRecord>,
    given: Option<CustomerId>,
) -> Result<CustomerId> {
    match (invoice, given) {
        (Some(invoice), Some(given)) if given != invoice.customer_id => Err(Error::invalid(
            "customer_id",
            Reason::InvalidValue,
            "customer_id: the invoice is made out to another customer",
        )),
        (Some(invoice), _) => Ok(invoice.customer_id),
        (None, Some(given)) => Ok(load_customer(cx, "customer_id", given)?.id),
        (None, None) => Err(Error::invalid(
            "invoice_id",
            Reason::Required,
            "invoice_id or customer_id: whose payment is it?",
        )),
    }
}

pub(crate) fn payment_create(cx: &mut Cx<'_>, input: PaymentInput) -> Result<Payment> {
    settings_record(cx)?;
    // Every field at once: the answer names each refused one.
    let mut checks = Checks::default();
    // In the invoice's currency (the base currency for a payment on account).
    let amount = checks.field(positive_amount(&input.amount).map(Amount::<Doc>::new));
    let date = checks.field(match input.date.as_deref() {
        Some(date) => money::date("date", date),
        None => Ok(today(cx)),
    });
    let applying_credit = input.method == PaymentMethod::Credit;
    let method = checks.field(if applying_credit {
        Ok(PaymentMethod::Credit)
    } else {
        method("method", input.method)
    });
    let reference = checks.field(validate::optional(
        "reference",
        input.reference.as_deref(),
        REFERENCE_CHARS_MAX,
    ));
    let invoice = checks.field(match input.invoice_id {
        Some(id) => open_invoice(cx, id).map(Some),
        None => Ok(None),
    });
    let customer_id = invoice
        .as_ref()
        .and_then(|invoice| checks.field(payer(cx, invoice.as_ref(), input.customer_id)));
    checks.done()?;
    let (Some(amount), Some(date), Some(method), Some(reference), Some(invoice), Some(customer_id)) =
        (amount, date, method, reference, invoice, customer_id)
    else {
        return Err(Error::internal(
            "a payment field passed its check without a value",
        ));
    };
    let reference = reference.unwrap_or_default();
    let outstanding = match &invoice {
        Some(invoice) => (invoice.total
            - Amount::new(store::paid_on(cx.conn, &invoice.id.to_string())?))
        .max(Amount::ZERO),
        None => Amount::ZERO,
    };
    let receivable = role_account(cx, Role::Receivable)?;
    let credit_account = role_account(cx, Role::CustomerCredit)?;
    let id = PaymentId::new();
    let foreign = invoice
        .as_ref()
        .and_then(|i| i.exchange_rate.map(|rate| (i, rate)));
    if foreign.is_none() && input.exchange_rate.is_some() {
        return Err(Error::invalid(
            "exchange_rate",
            Reason::InvalidValue,
            "exchange_rate: only for a payment on an invoice in a foreign currency",
        ));
    }
    let mut base_to_invoice = None;
    let mut paid_rate = None;
    let (kind, account_id, to_invoice, to_credit, lines) = if let Some((invoice, invoice_rate)) =
        foreign
    {
        // In the invoice's currency, up to what is owed (customer credit is kept in the base
        // currency); the receivable comes off at the invoice's rate, the money comes in at the
        // day's, and the difference is an exchange gain or loss.
        if applying_credit {
            return Err(Error::invalid(
                "method",
                Reason::InvalidValue,
                "method: customer credit is in the base currency; it cannot pay a foreign-currency invoice",
            ));
        }
        if amount > outstanding {
            return Err(Error::invalid(
                "amount",
                Reason::OutOfRange,
                format!(
                    "amount: {} {} is owed on this invoice",
                    invoice.currency.as_deref().unwrap_or_default(),
                    money::format(outstanding)
                ),
            ));
        }
        let rate = match input
            .exchange_rate
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            Some(rate) => tax::exchange_rate("exchange_rate", rate)?,
            None => invoice_rate,
        };
        let cash = amount.to_base(rate);
        let cleared = if amount == outstanding {
            // The last payment clears what is left, so rounding leaves nothing behind.
            invoice.base_amounts().2
                - Amount::new(store::base_cleared(cx.conn, &invoice.id.to_string())?)
        } else {
            amount.to_base(invoice_rate)
        };
        let account = money_account(cx, input.account_id, method)?;
        let mut lines = vec![
            line(account, cash, Amount::ZERO),
            line(receivable, Amount::ZERO, cleared),
        ];
        if cash > cleared {
            lines.push(line(
                role_account(cx, Role::ExchangeGain)?,
                Amount::ZERO,
                cash - cleared,
            ));
        } else if cleared > cash {
            lines.push(line(
                role_account(cx, Role::ExchangeLoss)?,
                cleared - cash,
                Amount::ZERO,
            ));
        }
        base_to_invoice = Some(cleared);
        paid_rate = Some(rate);
        (
            "payment",
            Some(account),
            amount,
            Amount::ZERO,
            nonzero(lines),
        )
    } else if applying_credit {
        let Some(invoice) = &invoice else {
            return Err(Error::invalid(
                "invoice_id",
                Reason::Required,
                "invoice_id: credit is applied to an invoice",
            ));
        };
        // Customer credit is kept in the base currency, and so is this invoice (a foreign one
        // was refused above).
        let amount = amount.as_base();
        let available = Amount::new(store::customer_credit(cx.conn, &customer_id.to_string())?);
        if amount > available {
            return Err(Error::invalid(
                "amount",
                Reason::OutOfRange,
                format!(
                    "amount: {} holds {} of credit",
                    invoice.customer_name,
                    money::format(available.max(Amount::ZERO))
                ),
            ));
        }
        if amount > outstanding.as_base() {
            return Err(Error::invalid(
                "amount",
                Reason::OutOfRange,
                format!(
                    "amount: {} is owed on this invoice",
                    money::format(outstanding)
                ),
            ));
        }
        (
            "credit",
            None,
            amount.as_doc(),
            -amount.as_doc(),
            vec![
                line(credit_account, amount, Amount::ZERO),
                line(receivable, Amount::ZERO, amount),
            ],
        )
    } else {
        let account = money_account(cx, input.account_id, method)?;
        // A base-currency invoice, or money on account: the amounts are the books' amounts.
        let to_invoice = amount.min(outstanding);
        let to_credit = amount - to_invoice;
        (
            "payment",
            Some(account),
            to_invoice,
            to_credit,
            nonzero(vec![
                line(account, amount.as_base(), Amount::ZERO),
                line(receivable, Amount::ZERO, to_invoice.as_base()),
                line(credit_account, Amount::ZERO, to_credit.as_base()),
            ]),
        )
    };
    let customer_name = match &invoice {
        Some(invoice) => invoice.customer_name.clone(),
        None => load_customer(cx, "customer_id", customer_id)?.name,
    };
    let memo = match &invoice {
        Some(invoice) => {
            let number = invoice.number.as_deref().unwrap_or("");
            Memo::both(
                format!("Payment for invoice {number} · {customer_name}"),
                // Paid out of the customer's credit, or money received.
                if kind == "credit" {
                    format!("余额抵用，发票 {number}，客户 {customer_name}")
                } else {
                    format!("收款，发票 {number}，客户 {customer_name}")
                },
            )
        }
        None => Memo::both(
            format!("Payment on account · {customer_name}"),
            format!("预收款，客户 {customer_name}"),
        ),
    };
    let entry = post(
        cx,
        EntryId::derived("posting", &id.to_string()),
        &date,
        &memo,
        kind,
        Some(id.to_string()),
        None,
        lines,
        false,
    )?;
    let record = PaymentRecord {
        id,
        kind: if kind == "credit" {
            PaymentKind::Credit
        } else {
            PaymentKind::Payment
        },
        customer_id,
        invoice_id: invoice.as_ref().map(|i| i.id),
        date,
        amount,
        method,
        reference,
        account_id,
        to_invoice,
        to_credit,
        entry_id: entry.id,
        void_entry_id: None,
        created_by_name: actor_name(cx),
        created_at_ms: cx.now_ms,
        updated_at_ms: cx.now_ms,
        base_to_invoice,
        exchange_rate: paid_rate,
    };
    cx.put(&record)?;
    let currency = invoice.as_ref().and_then(|i| i.currency.clone());
    let paid = shown_in(cx, amount, currency.as_deref());
    let (kept, kept_zh) = if to_credit.is_positive() {
        let kept = shown_in(cx, to_credit, currency.as_deref());
        (
            format!(" ({kept} kept as credit)"),
            format!("（{kept} 转为客户余额）"),
        )
    } else {
        (String::new(), String::new())
    };
    let (what, what_zh) = if applying_credit {
        ("credit applied", "余额抵用")
    } else {
        ("a payment", "收款")
    };
    cx.record_change(
        record.id,
        Summary::both(
            format!("recorded {what} of {paid} from {customer_name}{kept}"),
            format!("{what_zh} {paid}，客户 {customer_name}{kept_zh}"),
        ),
    );
    payment_view(cx, &record)
}

/// An invoice paid past its total, typically by the same payment taken on two devices that
/// were offline: the surplus comes off the invoice (which is then paid exactly) and goes to
/// the customer's credit, where it can be applied to another invoice or refunded. The books
/// move it from the receivable to customer credit. Its id is derived from the invoice and what
/// was paid on it, so two devices settling the same surplus offline make one record.
pub(crate) fn surplus_to_credit(cx: &mut Cx<'_>, input: IdInput<InvoiceId>) -> Result<Payment> {
    settings_record(cx)?;
    let invoice = load_invoice(cx, input.id)?;
    if !invoice.is_open_invoice() {
        return Err(Error::invalid(
            "id",
            Reason::InvalidValue,
            format!(
                "id: only an issued invoice's overpayment goes to credit (this one is {})",
                invoice.status
            ),
        ));
    }
    if invoice.exchange_rate.is_some() {
        return Err(Error::invalid(
            "id",
            Reason::InvalidValue,
            "id: customer credit is kept in the base currency; refund what a foreign-currency invoice was overpaid",
        ));
    }
    let paid = Amount::<Doc>::new(store::paid_on(cx.conn, &invoice.id.to_string())?);
    let surplus = paid - invoice.total;
    if !surplus.is_positive() {
        return Err(Error::conflict(
            "this invoice is not paid past its total: there is nothing to move to credit",
            "这张发票没有多收的款项，无需转为客户余额",
        ));
    }
    let id = PaymentId::derived("surplus", &format!("{}:{}", invoice.id, paid.minor()));
    if cx.get::<PaymentRecord>(&id)?.is_some() {
        return Err(Error::conflict(
            "this overpayment was moved to credit already",
            "这笔多收的款项已经转为客户余额了",
        ));
    }
    let date = today(cx);
    let receivable = role_account(cx, Role::Receivable)?;
    let credit_account = role_account(cx, Role::CustomerCredit)?;
    let number = invoice.number.as_deref().unwrap_or("");
    let entry = post(
        cx,
        EntryId::derived("posting", &id.to_string()),
        &date,
        &Memo::both(
            format!(
                "Overpaid on invoice {number} to credit · {}",
                invoice.customer_name
            ),
            format!("多收转余额，发票 {number}，客户 {}", invoice.customer_name),
        ),
        "credit",
        Some(id.to_string()),
        None,
        vec![
            line(receivable, surplus.as_base(), Amount::ZERO),
            line(credit_account, Amount::ZERO, surplus.as_base()),
        ],
        false,
    )?;
    let record = PaymentRecord {
        id,
        kind: PaymentKind::Surplus,
        customer_id: invoice.customer_id,
        invoice_id: Some(invoice.id),
        date,
        amount: surplus,
        method: PaymentMethod::Credit,
        reference: String::new(),
        account_id: None,
        to_invoice: -surplus,
        to_credit: surplus,
        entry_id: entry.id,
        void_entry_id: None,
        created_by_name: actor_name(cx),
        created_at_ms: cx.now_ms,
        updated_at_ms: cx.now_ms,
        base_to_invoice: None,
        exchange_rate: None,
    };
    cx.put(&record)?;
    let moved = shown(cx, surplus.as_base());
    cx.record_change(
        record.id,
        Summary::both(
            format!(
                "moved {moved} paid past the total of invoice {number} to {}'s credit",
                invoice.customer_name
            ),
            format!(
                "发票 {number} 多收的 {moved} 转为 {} 的客户余额",
                invoice.customer_name
            ),
        ),
    );
    payment_view(cx, &record)
}

pub(crate) fn payment_refund(cx: &mut Cx<'_>, input: RefundInput) -> Result<Payment> {
    settings_record(cx)?;
    let customer = load_customer(cx, "customer_id", input.customer_id)?;
    // Credit is paid back in the base currency it is kept in.
    let amount = Amount::new(positive_amount(&input.amount)?);
    let date = match input.date.as_deref() {
        Some(date) => money::date("date", date)?,
        None => today(cx),
    };
    let method = method("method", input.method)?;
    let reference =
        validate::optional("reference", input.reference.as_deref(), REFERENCE_CHARS_MAX)?
            .unwrap_or_default();
    let available = Amount::new(store::customer_credit(cx.conn, &customer.id.to_string())?);
    if amount > available {
        return Err(Error::invalid(
            "amount",
            Reason::OutOfRange,
            format!(
                "amount: {} holds {} of credit to refund",
                customer.name,
                money::format(available.max(Amount::ZERO))
            ),
        ));
    }
    let account = money_account(cx, input.account_id, method)?;
    let credit_account = role_account(cx, Role::CustomerCredit)?;
    let id = PaymentId::new();
    let entry = post(
        cx,
        EntryId::derived("posting", &id.to_string()),
        &date,
        &Memo::both(
            format!("Refund · {}", customer.name),
            format!("退款，客户 {}", customer.name),
        ),
        "refund",
        Some(id.to_string()),
        None,
        vec![
            line(credit_account, amount, Amount::ZERO),
            line(account, Amount::ZERO, amount),
        ],
        false,
    )?;
    let record = PaymentRecord {
        id,
        kind: PaymentKind::Refund,
        customer_id: customer.id,
        invoice_id: None,
        date,
        // A refund's record is written in the currency it was paid in: the base currency.
        amount: amount.as_doc(),
        method,
        reference,
        account_id: Some(account),
        to_invoice: Amount::ZERO,
        to_credit: -amount.as_doc(),
        entry_id: entry.id,
        void_entry_id: None,
        created_by_name: actor_name(cx),
        created_at_ms: cx.now_ms,
        updated_at_ms: cx.now_ms,
        base_to_invoice: None,
        exchange_rate: None,
    };
    cx.put(&record)?;
    let refunded = shown(cx, amount);
    cx.record_change(
        record.id,
        Summary::both(
            format!("refunded {refunded} to {}", customer.name),
            format!("退款 {refunded}，客户 {}", customer.name),
        ),
    );
    payment_view(cx, &record)
}

pub(crate) fn payment_void(cx: &mut Cx<'_>, input: IdInput<PaymentId>) -> Result<Payment> {
    let id = input.id;
    let mut record = cx
        .get::<PaymentRecord>(&id)?
        .ok_or_else(|| Error::not_found("payment", id))?;
    if record.kind == PaymentKind::CreditNote {
        return Err(Error::conflict(
            "this is a credit note's application: void the credit note instead",
            "这是红字发票的核销：请作废那张红字发票",
        ));
    }
    if record.void_entry_id.is_some() {
        return Err(Error::conflict(
            "the payment is voided already",
            "这笔收款已经作废了",
        ));
    }
    if record.to_credit.is_positive()
        && store::customer_credit(cx.conn, &record.customer_id.to_string())?
            < record.to_credit.minor()
    {
        return Err(Error::conflict(
            "the credit this payment left was used (refunded or applied): void that first",
            "这笔收款留下的余额已被使用（退款或核销）：请先作废那笔",
        ));
    }
    let original = load_entry(cx, record.entry_id)?;
    let reversal = reverse(cx, &original, None, &Memo::void_of(&original))?;
    record.void_entry_id = Some(reversal.id);
    record.updated_at_ms = cx.now_ms;
    cx.put(&record)?;
    // A payment on an invoice is in the invoice's currency; the rest in the base currency.
    let currency = match record.invoice_id {
        Some(id) => cx.get::<InvoiceRecord>(&id)?.and_then(|i| i.currency),
        None => None,
    };
    let voided = shown_in(cx, record.amount, currency.as_deref());
    cx.record_change(
        record.id,
        Summary::both(
            format!("voided a {} of {voided}", record.kind),
            format!("作废{} {voided}", kind_zh(record.kind)),
        ),
    );
    payment_view(cx, &record)
}

/// A payment's kind in Chinese words, for the activity log (the words the app shows).
fn kind_zh(kind: PaymentKind) -> &'static str {
    match kind {
        PaymentKind::Payment => "收款",
        PaymentKind::Refund => "退款",
        PaymentKind::Credit => "余额抵用",
        PaymentKind::CreditNote => "红字发票核销",
        PaymentKind::Surplus => "多收转余额",
    }
}

pub(crate) fn payment_view(cx: &mut Cx<'_>, record: &PaymentRecord) -> Result<Payment> {
    let customer_name = match cx.get::<Customer>(&record.customer_id)? {
        Some(customer) => customer.name,
        None => "(not here yet)".into(),
    };
    let invoice_number = match record.invoice_id {
        Some(id) => cx.get::<InvoiceRecord>(&id)?.and_then(|i| i.number),
        None => None,
    };
    Ok(Payment {
        id: record.id,
        kind: record.kind,
        customer_id: record.customer_id,
        customer_name,
        invoice_id: record.invoice_id,
        invoice_number,
        date: record.date.clone(),
        amount: money::format(record.amount),
        method: record.method,
        reference: record.reference.clone(),
        account_id: record.account_id,
        to_invoice: money::format(record.to_invoice),
        to_credit: money::format(record.to_credit),
        entry_id: record.entry_id,
        voided: record.void_entry_id.is_some(),
        created_by_name: record.created_by_name.clone(),
        created_at_ms: record.created_at_ms,
    })
}

pub(crate) fn payments_list(cx: &mut Cx<'_>, query: PaymentQuery) -> Result<Vec<Payment>> {
    let range = check_range(&DateRange {
        from: query.from.clone(),
        to: query.to.clone(),
    })?;
    let query = PaymentQuery {
        from: range.from,
        to: range.to,
        customer_id: query.customer_id,
        invoice_id: query.invoice_id,
    };
    let ids = store::payment_ids(cx.conn, &query)?;
    let mut payments = Vec::with_capacity(ids.len());
    for id in ids {
        let record = cx
            .get::<PaymentRecord>(&id)?
            .ok_or_else(|| Error::internal(format!("payment {id} has no document")))?;
        payments.push(payment_view(cx, &record)?);
    }
    Ok(payments)
}

pub(crate) fn customer_balance(cx: &mut Cx<'_>, input: CustomerIdInput) -> Result<CustomerBalance> {
    let customer_id = input.customer_id;
    let id = customer_id.to_string();
    let receivable: i64 = store::open_invoices(cx.conn, "9999-12-31")?
        .into_iter()
        .filter(|row| row.customer_id == id)
        .map(|row| row.owed)
        .sum();
    Ok(CustomerBalance {
        customer_id,
        receivable: money::format(receivable),
        credit: money::format(store::customer_credit(cx.conn, &id)?),
    })
}
