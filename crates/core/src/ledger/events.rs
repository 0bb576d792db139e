//! Income and expenses: each posts a balanced journal entry; a void reverses it.

use super::model::*;
use super::ops::*;
use super::store;
use super::templates;
use crate::kernel::access::Permission::{FinanceRead, FinanceWrite};
use crate::kernel::amount::Amount;
use crate::kernel::command::{command, Command, Cx, IdInput};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::{AccountId, EntryId, MoneyEventId};
use crate::kernel::tax;
use crate::kernel::validate::Checks;
use crate::kernel::{money, validate};

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "finances.income.create",
            FinanceWrite,
            true,
            "Record income received; posts to the ledger",
            income_create,
        ),
        command(
            "finances.income.list",
            FinanceRead,
            false,
            "Income in a date range",
            income_list,
        ),
        command(
            "finances.income.void",
            FinanceWrite,
            true,
            "Void income: posts the reversal",
            income_void,
        ),
        command(
            "finances.expenses.create",
            FinanceWrite,
            true,
            "Record an expense paid; posts to the ledger",
            expense_create,
        ),
        command(
            "finances.expenses.list",
            FinanceRead,
            false,
            "Expenses in a date range",
            expense_list,
        ),
        command(
            "finances.expenses.void",
            FinanceWrite,
            true,
            "Void an expense: posts the reversal",
            expense_void,
        ),
    ]
}

pub(crate) fn money_event_create(
    cx: &mut Cx<'_>,
    kind: MoneyEventKind,
    input: MoneyEventInput,
) -> Result<MoneyEvent> {
    // Every field is checked before any refusal: the answer names each bad one.
    let mut checks = Checks::default();
    let date = checks.field(money::date("date", &input.date));
    let amount = checks.field(
        money::parse("amount", &input.amount, false).and_then(|minor| {
            if minor == 0 {
                Err(Error::invalid(
                    "amount",
                    Reason::OutOfRange,
                    "amount must be above zero",
                ))
            } else {
                Ok(Amount::new(minor))
            }
        }),
    );
    let income = kind == MoneyEventKind::Income;
    let category_kind = if income {
        AccountKind::Income
    } else {
        AccountKind::Expense
    };
    // Left out: the core's default (sales; general expenses, not the cost of goods sold), the
    // one the form shows.
    let settings = settings_record(cx)?;
    let defaults = account_defaults(cx, &settings)?;
    let default_category = if income {
        defaults.income_category_id
    } else {
        defaults.expense_category_id
    };
    let category = checks.field(account_of_kind(
        cx,
        "category_id",
        input.category_id.or(default_category),
        &[category_kind],
    ));
    // Money comes into or goes out of an asset (cash, bank); a liability (a card) pays too.
    let money_kinds: &[AccountKind] = if income {
        &[AccountKind::Asset]
    } else {
        &[AccountKind::Asset, AccountKind::Liability]
    };
    // Left out: the first account that holds money (cash, in the templates).
    let money = money_accounts(cx)?;
    let given = input.account_id.or(defaults.money_account_id);
    let account = checks.field(
        account_of_kind(cx, "account_id", given, money_kinds).and_then(|account| {
            if account.kind == AccountKind::Asset && !money.contains(&account.id) {
                Err(not_money(&account))
            } else {
                Ok(account)
            }
        }),
    );
    let party = checks
        .field(validate::optional(
            "party",
            input.party.as_deref(),
            NAME_CHARS_MAX,
        ))
        .flatten()
        .unwrap_or_default();
    let description = checks
        .field(validate::multiline(
            "description",
            input.description.as_deref().unwrap_or(""),
            MEMO_CHARS_MAX,
            false,
        ))
        .unwrap_or_default();
    checks.done()?;
    let (Some(date), Some(amount), Some(category), Some(account)) =
        (date, amount, category, account)
    else {
        return Err(Error::internal("a checked field has no value"));
    };
    // Tax inside the amount: output tax on income, input tax (reclaimable) on an expense.
    let (tax, tax_id, tax_account) = match input.tax_id {
        None => (Amount::ZERO, None, None),
        Some(id) => {
            let record = super::taxes::load_tax(cx, "tax_id", id)?;
            if record.archived {
                return Err(Error::invalid(
                    "tax_id",
                    Reason::InvalidValue,
                    format!("tax_id: tax {} is archived", record.name),
                ));
            }
            let rate = record.components.iter().map(|c| c.rate).sum();
            let tax = Amount::new(
                tax::tax_of(amount.minor() as i128, rate, tax::Prices::Inclusive) as i64,
            );
            let role = if income {
                templates::Role::OutputTax
            } else {
                templates::Role::InputTax
            };
            let account = super::books::role_account(cx, role)?;
            (tax, Some(record.id), Some(account))
        }
    };
    let id = MoneyEventId::new();
    let tax_line = |debit: bool| {
        tax_account.map(|account_id| LineRecord {
            account_id,
            debit: if debit { tax } else { Amount::ZERO },
            credit: if debit { Amount::ZERO } else { tax },
        })
    };
    let lines: Vec<LineRecord> = if income {
        [
            Some(LineRecord {
                account_id: account.id,
                debit: amount,
                credit: Amount::ZERO,
            }),
            Some(LineRecord {
                account_id: category.id,
                debit: Amount::ZERO,
                credit: amount - tax,
            }),
            tax_line(false),
        ]
        .into_iter()
        .flatten()
        .collect()
    } else {
        [
            Some(LineRecord {
                account_id: category.id,
                debit: amount - tax,
                credit: Amount::ZERO,
            }),
            tax_line(true),
            Some(LineRecord {
                account_id: account.id,
                debit: Amount::ZERO,
                credit: amount,
            }),
        ]
        .into_iter()
        .flatten()
        .collect()
    };
    // What it was for (the description, else the account), and who paid or was paid.
    let what = if description.is_empty() {
        &category.name
    } else {
        &description
    };
    let memo = match (party.is_empty(), income) {
        (true, _) => Memo::both(what, what),
        (false, true) => Memo::both(format!("{what} · {party}"), format!("{what}，收自 {party}")),
        (false, false) => Memo::both(
            format!("{what} · {party}"),
            format!("{what}，支付给 {party}"),
        ),
    };
    let entry = post(
        cx,
        EntryId::derived("posting", &id.to_string()),
        &date,
        &memo,
        kind.as_str(),
        Some(id.to_string()),
        None,
        super::books::nonzero(lines),
        false,
    )?;
    let actor_name = cx
        .actor
        .as_ref()
        .map(|a| a.name.clone())
        .unwrap_or_default();
    let record = MoneyEventRecord {
        id,
        kind,
        date,
        amount,
        category_id: category.id,
        account_id: account.id,
        party,
        description,
        entry_id: entry.id,
        void_entry_id: None,
        created_by_name: actor_name,
        created_at_ms: cx.now_ms,
        updated_at_ms: cx.now_ms,
        tax,
        tax_id,
        attachments: Vec::new(),
    };
    cx.put(&record)?;
    let mut view = event_view(cx, &record)?;
    if !income && account.kind == AccountKind::Asset {
        // Warn, not refuse: the cash may really be there and not recorded yet.
        let balance = store::balance_of(cx.conn, account.id)?;
        if balance < 0 {
            view.overdrawn = Some(money::format(balance));
        }
    }
    Ok(view)
}

pub(crate) fn event_view(cx: &mut Cx<'_>, record: &MoneyEventRecord) -> Result<MoneyEvent> {
    let name = |cx: &mut Cx<'_>, id: &AccountId| -> Result<String> {
        Ok(store::account(cx.conn, &id.to_string())?
            .map(|a| format!("{} {}", a.code, a.name))
            .unwrap_or_else(|| "(not here yet)".into()))
    };
    Ok(MoneyEvent {
        id: record.id,
        kind: record.kind,
        date: record.date.clone(),
        amount: money::format(record.amount),
        category_id: record.category_id,
        category_name: name(cx, &record.category_id)?,
        account_id: record.account_id,
        account_name: name(cx, &record.account_id)?,
        party: record.party.clone(),
        description: record.description.clone(),
        entry_id: record.entry_id,
        voided: record.void_entry_id.is_some(),
        created_by_name: record.created_by_name.clone(),
        created_at_ms: record.created_at_ms,
        tax: money::format(record.tax),
        tax_id: record.tax_id,
        attachments: record
            .attachments
            .iter()
            .map(|a| Attachment {
                hash: a.hash.clone(),
                file_name: a.file_name.clone(),
                mime: a.mime.clone(),
                size: a.size,
            })
            .collect(),
        overdrawn: None,
    })
}

pub(crate) fn income_create(cx: &mut Cx<'_>, input: MoneyEventInput) -> Result<MoneyEvent> {
    money_event_create(cx, MoneyEventKind::Income, input)
}

pub(crate) fn expense_create(cx: &mut Cx<'_>, input: MoneyEventInput) -> Result<MoneyEvent> {
    money_event_create(cx, MoneyEventKind::Expense, input)
}

pub(crate) fn events_list(
    cx: &mut Cx<'_>,
    kind: MoneyEventKind,
    range: DateRange,
) -> Result<MoneyEventList> {
    let range = check_range(&range)?;
    let ids = store::money_event_ids(cx.conn, kind, &range)?;
    let mut events = Vec::with_capacity(ids.len());
    let mut total = Amount::ZERO;
    for id in &ids {
        let record = cx
            .get::<MoneyEventRecord>(id)?
            .ok_or_else(|| Error::internal(format!("{kind} {id} has no document")))?;
        if record.void_entry_id.is_none() {
            total += record.amount;
        }
        events.push(event_view(cx, &record)?);
    }
    Ok(MoneyEventList {
        events,
        total: money::format(total),
    })
}

pub(crate) fn income_list(cx: &mut Cx<'_>, range: DateRange) -> Result<MoneyEventList> {
    events_list(cx, MoneyEventKind::Income, range)
}

pub(crate) fn expense_list(cx: &mut Cx<'_>, range: DateRange) -> Result<MoneyEventList> {
    events_list(cx, MoneyEventKind::Expense, range)
}

pub(crate) fn income_void(cx: &mut Cx<'_>, input: IdInput<MoneyEventId>) -> Result<MoneyEvent> {
    event_void(cx, MoneyEventKind::Income, input)
}

pub(crate) fn expense_void(cx: &mut Cx<'_>, input: IdInput<MoneyEventId>) -> Result<MoneyEvent> {
    event_void(cx, MoneyEventKind::Expense, input)
}

pub(crate) fn event_void(
    cx: &mut Cx<'_>,
    kind: MoneyEventKind,
    input: IdInput<MoneyEventId>,
) -> Result<MoneyEvent> {
    let id = input.id;
    let mut record = cx
        .get::<MoneyEventRecord>(&id)?
        .filter(|r| r.kind == kind)
        .ok_or_else(|| Error::not_found(kind.as_str(), id))?;
    if record.void_entry_id.is_some() {
        return Err(voided_already(&record));
    }
    let original = load_entry(cx, record.entry_id)?;
    let reversal = reverse(cx, &original, None, &Memo::void_of(&original))?;
    record.void_entry_id = Some(reversal.id);
    record.updated_at_ms = cx.now_ms;
    cx.put(&record)?;
    event_view(cx, &record)
}

/// A second void of an income or expense, naming it (date, amount, party) in both languages.
fn voided_already(record: &MoneyEventRecord) -> Error {
    let amount = money::format(record.amount);
    let date = &record.date;
    let party = record.party.trim();
    let income = record.kind == MoneyEventKind::Income;
    let en_party = if party.is_empty() {
        String::new()
    } else {
        format!(" ({party})")
    };
    let zh_party = match (party.is_empty(), income) {
        (true, _) => String::new(),
        (false, true) => format!(" 收自 {party} 的"),
        (false, false) => format!(" 支付给 {party} 的"),
    };
    Error::conflict(
        format!(
            "the {} of {amount} on {date}{en_party} is voided already",
            record.kind
        ),
        format!(
            "{date}{} {amount} {}已经作废了",
            if zh_party.is_empty() {
                " 的"
            } else {
                zh_party.as_str()
            },
            if income { "收入" } else { "支出" }
        ),
    )
}
