//! The finance commands: setup and the chart of accounts, the journal, income and expenses,
//! closing periods, and the trial balance and profit and loss reports. Every money event posts
//! a balanced journal entry through [`post`], the one place the ledger's rules live.

use crate::kernel::amount::Amount;
use std::collections::HashMap;

use super::model::*;
use super::store;
use super::templates::{self, Role};
use crate::kernel::access::Permission::{self, FinanceManage, FinanceRead, FinanceWrite};
use crate::kernel::command::IdInput;
use crate::kernel::command::{command, Command, Cx, Summary};
use crate::kernel::error::{Error, ErrorCode, Reason, Result};
use crate::kernel::ids::{AccountId, EntryId, FinanceSettingsId};
use crate::kernel::validate;
use crate::kernel::validate::Checks;
use crate::kernel::{money, numbers};

pub(crate) const NAME_CHARS_MAX: usize = 100;

pub(crate) const CODE_CHARS_MAX: usize = 20;

pub(crate) const MEMO_CHARS_MAX: usize = 500;

pub(crate) const LINES_MAX: usize = 200;

/// Entries a journal listing returns at most (a date range narrows it).
pub(crate) const JOURNAL_LIST_MAX: u64 = 5_000;

/// Entries of the closed period a late-posting check reads at most.
pub(crate) const LATE_MAX: u64 = 100_000;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "finances.setup",
            FinanceManage,
            true,
            "Set up the ledger from a chart-of-accounts template",
            setup,
        ),
        command(
            "finances.settings.get",
            FinanceRead,
            false,
            "Base currency, template and the closed period",
            settings_get,
        ),
        command(
            "finances.accounts.list",
            FinanceRead,
            false,
            "The chart of accounts",
            accounts_list,
        ),
        command(
            "finances.accounts.create",
            FinanceManage,
            true,
            "Add an account to the chart",
            account_create,
        ),
        command(
            "finances.accounts.update",
            FinanceManage,
            true,
            "Rename or archive an account",
            account_update,
        ),
        command(
            "finances.journal.list",
            FinanceRead,
            false,
            "Journal entries in a date range",
            journal_list,
        ),
        command(
            "finances.journal.get",
            FinanceRead,
            false,
            "One journal entry",
            journal_get,
        ),
        command(
            "finances.journal.create",
            FinanceWrite,
            true,
            "Post a manual journal entry (debits equal credits)",
            journal_create,
        ),
        command(
            "finances.journal.preview",
            FinanceWrite,
            false,
            "Total the lines of a journal entry being typed (nothing is posted)",
            journal_preview,
        ),
        command(
            "finances.journal.reverse",
            FinanceWrite,
            true,
            "Post the reversal of an entry (entries are never changed)",
            journal_reverse,
        ),
        command(
            "finances.periods.close",
            FinanceManage,
            true,
            "Close the books through a day (reopening: owners)",
            period_close,
        ),
        command(
            "finances.periods.late_postings",
            FinanceRead,
            false,
            "Entries posted into a closed period after it closed (from a device that was offline)",
            late_postings,
        ),
    ]
}

pub(crate) fn not_set_up() -> Error {
    Error::conflict(
        "the ledger is not set up yet: choose a chart of accounts first (finances.setup)",
        "账簿尚未设置：请先选择会计科目表",
    )
}

pub(crate) fn settings_record(cx: &mut Cx<'_>) -> Result<FinanceSettingsRecord> {
    let id = store::settings_id(cx.conn)?.ok_or_else(not_set_up)?;
    cx.get::<FinanceSettingsRecord>(&id)?.ok_or_else(not_set_up)
}

/// A UTC offset in minutes, as time zones have them.
pub(crate) fn utc_offset(field: &str, minutes: i64) -> Result<i64> {
    if (-720..=840).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(Error::invalid(
            field,
            Reason::OutOfRange,
            format!("{field}: minutes from UTC, -720 to 840 (480 for China)"),
        ))
    }
}

pub(crate) fn settings_view(
    cx: &mut Cx<'_>,
    record: &FinanceSettingsRecord,
) -> Result<FinanceSettings> {
    Ok(FinanceSettings {
        base_currency: record.base_currency.clone(),
        template: record.template.clone(),
        closed_through: record.closed(),
        tax_rounding: record.tax_rounding.unwrap_or_default(),
        payment_terms_days: record.payment_terms_days.unwrap_or(30),
        invoice_header: record.invoice_header.clone().unwrap_or_default(),
        has_logo: record.logo_png.is_some(),
        cashier_discount_max_percent: record.cashier_discount_max.map(numbers::format_percent),
        utc_offset_minutes: record.utc_offset_minutes.unwrap_or(0),
        defaults: account_defaults(cx, record)?,
    })
}

/// What an income or expense takes for a field left blank: the template's account for the role
/// while it is in use, else the chart's first of the kind (a chart changed by hand).
pub(crate) fn account_defaults(
    cx: &mut Cx<'_>,
    settings: &FinanceSettingsRecord,
) -> Result<AccountDefaults> {
    let mut by_role = |role: Role, kind: AccountKind| -> Result<Option<AccountId>> {
        if let Some(code) = templates::role_code(&settings.template, role) {
            let id = AccountId::derived(&format!("chart:{}", settings.template), code);
            if cx
                .get::<Account>(&id)?
                .is_some_and(|a| !a.archived && a.kind == kind)
            {
                return Ok(Some(id));
            }
        }
        store::first_of_kind(cx.conn, kind)
    };
    let income_category_id = by_role(Role::Sales, AccountKind::Income)?;
    let expense_category_id = by_role(Role::Expenses, AccountKind::Expense)?;
    let money = money_accounts(cx)?;
    Ok(AccountDefaults {
        income_category_id,
        expense_category_id,
        money_account_id: store::first_by_code(cx.conn, &money)?,
    })
}

pub(crate) fn setup(cx: &mut Cx<'_>, input: SetupInput) -> Result<FinanceSettings> {
    let chart = templates::by_name(input.template.trim()).ok_or_else(|| {
        Error::invalid(
            "template",
            Reason::InvalidValue,
            "template: generic or prc_small_business",
        )
    })?;
    if store::settings_id(cx.conn)?.is_some() || !store::accounts(cx.conn)?.is_empty() {
        return Err(Error::conflict(
            "the ledger is set up already",
            "账簿已经设置过了",
        ));
    }
    let currency = input
        .base_currency
        .as_deref()
        .unwrap_or("CNY")
        .trim()
        .to_ascii_uppercase();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(Error::invalid(
            "base_currency",
            Reason::InvalidValue,
            "base_currency: a three-letter ISO 4217 code such as CNY",
        ));
    }
    let settings = FinanceSettingsRecord {
        // Derived ids: two devices setting up the same chart offline end up with one chart.
        id: FinanceSettingsId::derived("finance-settings", "company"),
        base_currency: currency,
        template: input.template.trim().to_string(),
        closed_through: None,
        period_marks: Vec::new(),
        updated_at_ms: cx.now_ms,
        tax_rounding: None,
        payment_terms_days: None,
        invoice_header: None,
        logo_png: None,
        cashier_discount_max: None,
        utc_offset_minutes: input
            .utc_offset_minutes
            .map(|m| utc_offset("utc_offset_minutes", m))
            .transpose()?,
    };
    cx.put(&settings)?;
    let money_codes: Vec<&str> = [Role::Cash, Role::Bank, Role::Wallet]
        .iter()
        .filter_map(|role| templates::role_code(&settings.template, *role))
        .collect();
    for (code, name, kind) in chart {
        cx.put(&Account {
            id: AccountId::derived(&format!("chart:{}", input.template.trim()), code),
            code: code.to_string(),
            name: name.to_string(),
            kind: *kind,
            archived: false,
            holds_money: money_codes.contains(code),
            created_at_ms: cx.now_ms,
            updated_at_ms: cx.now_ms,
        })?;
    }
    cx.record_change(
        settings.id,
        Summary::both(
            format!(
                "set up the ledger: {} accounts from the {} chart, in {}",
                chart.len(),
                settings.template,
                settings.base_currency
            ),
            format!(
                "建立账簿：{}科目表，{} 个科目，本位币 {}",
                template_zh(&settings.template),
                chart.len(),
                settings.base_currency
            ),
        ),
    );
    settings_view(cx, &settings)
}

pub(crate) fn settings_get(
    cx: &mut Cx<'_>,
    _: crate::kernel::command::Empty,
) -> Result<FinanceSettings> {
    let settings = settings_record(cx)?;
    settings_view(cx, &settings)
}

pub(crate) fn accounts_list(
    cx: &mut Cx<'_>,
    _: crate::kernel::command::Empty,
) -> Result<Vec<Account>> {
    let ids: Vec<AccountId> = store::accounts(cx.conn)?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let money = money_accounts(cx)?;
    ids.iter()
        .map(|id| {
            let mut account = cx
                .get::<Account>(id)?
                .ok_or_else(|| Error::internal(format!("account {id} has no document")))?;
            // Charts set up before the flag existed: their cash and bank accounts hold money.
            account.holds_money = money.contains(id);
            Ok(account)
        })
        .collect()
}

/// The accounts that hold money: the chart's cash, bank and wallet accounts, and every asset
/// marked as holding money. Sorted ids.
pub(crate) fn money_accounts(cx: &mut Cx<'_>) -> Result<Vec<AccountId>> {
    let settings = settings_record(cx)?;
    let mut ids: Vec<AccountId> = [Role::Cash, Role::Bank, Role::Wallet]
        .iter()
        .filter_map(|role| templates::role_code(&settings.template, *role))
        .map(|code| AccountId::derived(&format!("chart:{}", settings.template), code))
        .collect();
    ids.extend(store::money_account_ids(cx.conn)?);
    ids.sort();
    ids.dedup();
    Ok(ids)
}

pub(crate) fn not_money(account: &Account) -> Error {
    Error::invalid(
        "account_id",
        Reason::InvalidValue,
        format!(
            "account_id: {} {} does not hold money (mark it as cash, a bank or a wallet in the chart)",
            account.code, account.name
        ),
    )
}

/// `holds_money` is for assets only.
pub(crate) fn check_holds_money(kind: AccountKind, holds_money: bool) -> Result<()> {
    if holds_money && kind != AccountKind::Asset {
        return Err(Error::invalid(
            "holds_money",
            Reason::InvalidValue,
            "holds_money: only an asset account (cash, a bank, a wallet) holds money",
        ));
    }
    Ok(())
}

pub(crate) fn load_account(cx: &mut Cx<'_>, field: &str, id: AccountId) -> Result<Account> {
    cx.get::<Account>(&id)?.ok_or_else(|| {
        Error::invalid(
            field,
            Reason::InvalidId,
            format!("{field}: no account {id}"),
        )
    })
}

pub(crate) fn account_create(cx: &mut Cx<'_>, input: AccountInput) -> Result<Account> {
    settings_record(cx)?;
    // Every field is checked before any refusal: the answer names each bad one.
    let mut checks = Checks::default();
    let taken = |code: &str| store::code_taken(cx.conn, code);
    let code = checks.field(
        validate::required("code", &input.code, CODE_CHARS_MAX).and_then(|code| {
            if !code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
            {
                Err(Error::invalid(
                    "code",
                    Reason::InvalidValue,
                    "code: digits and letters (with . or -), like 6602",
                ))
            } else if taken(&code)? {
                Err(Error::invalid(
                    "code",
                    Reason::InvalidValue,
                    format!("code {code} is taken by another account"),
                ))
            } else {
                Ok(code)
            }
        }),
    );
    let kind = input.kind;
    let holds_money = input.holds_money.unwrap_or(false);
    checks.field(check_holds_money(kind, holds_money));
    let open_names = open_account_names(cx)?;
    let name = checks.field(
        validate::required("name", &input.name, NAME_CHARS_MAX).and_then(|name| {
            validate::unique_name(&name, None, open_names, ("account", "科目"))?;
            Ok(name)
        }),
    );
    checks.done()?;
    let (Some(code), Some(name)) = (code, name) else {
        return Err(Error::internal("a checked field has no value"));
    };
    let account = Account {
        id: AccountId::new(),
        code,
        name,
        kind,
        archived: false,
        holds_money,
        created_at_ms: cx.now_ms,
        updated_at_ms: cx.now_ms,
    };
    cx.put(&account)?;
    cx.record_change(
        account.id,
        Summary::both(
            format!("added account {} {}", account.code, account.name),
            format!("新增科目 {} {}", account.code, account.name),
        ),
    );
    Ok(account)
}

/// The names of the accounts in use (an archived one's name may be used again).
fn open_account_names(cx: &Cx<'_>) -> Result<Vec<(String, String)>> {
    validate::names_of(
        cx.conn,
        "SELECT id, name FROM finance_accounts WHERE archived = 0",
        [],
    )
}

pub(crate) fn account_update(cx: &mut Cx<'_>, patch: AccountPatch) -> Result<Account> {
    let mut account = load_account(cx, "id", patch.id)?;
    let mut changed = Vec::new();
    if let Some(name) = &patch.name {
        account.name = validate::required("name", name, NAME_CHARS_MAX)?;
        validate::unique_name(
            &account.name,
            Some(&account.id.to_string()),
            open_account_names(cx)?,
            ("account", "科目"),
        )?;
        changed.push(("renamed", "改名"));
    }
    if let Some(archived) = patch.archived {
        if archived != account.archived {
            account.archived = archived;
            changed.push(if archived {
                ("archived", "停用")
            } else {
                ("unarchived", "重新启用")
            });
        }
    }
    if let Some(holds_money) = patch.holds_money {
        if holds_money != account.holds_money {
            check_holds_money(account.kind, holds_money)?;
            account.holds_money = holds_money;
            changed.push(if holds_money {
                ("marked as holding money", "标记为存放资金")
            } else {
                ("marked as not holding money", "标记为不存放资金")
            });
        }
    }
    if changed.is_empty() {
        return Ok(account);
    }
    account.updated_at_ms = cx.now_ms;
    cx.put(&account)?;
    let (en, zh): (Vec<&str>, Vec<&str>) = changed.into_iter().unzip();
    cx.record_change(
        account.id,
        Summary::both(
            format!(
                "{} account {} {}",
                en.join(", "),
                account.code,
                account.name
            ),
            format!("科目 {} {}：{}", account.code, account.name, zh.join("、")),
        ),
    );
    Ok(account)
}

/// A chart of accounts' name in Chinese words, for the activity log (the names the app shows).
fn template_zh(template: &str) -> &str {
    match template {
        "generic" => "通用小型企业",
        "prc_small_business" => "小企业会计准则",
        other => other,
    }
}

/// Where an entry came from, in Chinese words for the activity log (the words the app shows).
fn source_zh(source: &str) -> &str {
    match source {
        "manual" => "手工",
        "income" => "收入",
        "expense" => "支出",
        "reversal" => "冲销",
        "invoice" => "发票",
        "credit_note" => "红字发票",
        "payment" => "收款",
        "credit" => "余额抵用",
        "refund" => "退款",
        "stock" => "存货",
        "opening" => "期初余额",
        other => other,
    }
}

/// Posts a journal entry after checking every rule of the ledger: the books are set up, the
/// day is open, every line is one positive debit or credit to a known (active, unless
/// `archived_ok`) account, and debits equal credits.
#[allow(clippy::too_many_arguments)]
pub(crate) fn post(
    cx: &mut Cx<'_>,
    id: EntryId,
    date: &str,
    memo: &Memo,
    source: &str,
    source_id: Option<String>,
    reverses: Option<EntryId>,
    lines: Vec<LineRecord>,
    archived_ok: bool,
) -> Result<EntryRecord> {
    let settings = settings_record(cx)?;
    let date = money::date("date", date)?;
    if let Some(closed) = &settings.closed() {
        if date.as_str() <= closed.as_str() {
            return Err(Error::invalid(
                "date",
                Reason::OutOfRange,
                format!("date {date} is in a closed period (closed through {closed})"),
            ));
        }
    }
    if lines.len() < 2 || lines.len() > LINES_MAX {
        return Err(Error::invalid(
            "lines",
            Reason::InvalidValue,
            format!("lines: an entry has 2 to {LINES_MAX} lines"),
        )
        .zh(format!("一笔分录有 2 到 {LINES_MAX} 行")));
    }
    for (i, line) in lines.iter().enumerate() {
        let field = format!("lines[{i}]");
        if line.debit.is_positive() == line.credit.is_positive()
            || line.debit.is_negative()
            || line.credit.is_negative()
        {
            return Err(Error::invalid(
                &field,
                Reason::InvalidValue,
                format!("{field}: a debit or a credit above zero, not both"),
            ));
        }
        let account = store::account(cx.conn, &line.account_id.to_string())?.ok_or_else(|| {
            Error::invalid(
                &format!("{field}.account_id"),
                Reason::InvalidId,
                format!("{field}.account_id: no such account"),
            )
        })?;
        if account.archived && !archived_ok {
            return Err(Error::invalid(
                &format!("{field}.account_id"),
                Reason::InvalidValue,
                format!(
                    "{field}: account {} {} is archived",
                    account.code, account.name
                ),
            ));
        }
    }
    let (debits, credits) = sums(&lines);
    if debits != credits {
        return Err(Error::invalid(
            "lines",
            Reason::InvalidValue,
            format!(
                "lines: debits ({}) and credits ({}) differ by {}",
                money::format(debits as i64),
                money::format(credits as i64),
                money::format((debits - credits) as i64)
            ),
        )
        .zh(format!(
            "借方合计（{}）与贷方合计（{}）相差 {}",
            money::format(debits as i64),
            money::format(credits as i64),
            money::format((debits - credits) as i64)
        )));
    }
    let actor = cx
        .actor
        .as_ref()
        .ok_or_else(|| Error::unauthenticated("sign in first"))?;
    let entry = EntryRecord {
        id,
        date,
        memo: validate::multiline("memo", memo.en(), MEMO_CHARS_MAX, false)?,
        memo_zh: memo
            .zh()
            .map(|zh| validate::multiline("memo", zh, MEMO_CHARS_MAX, false))
            .transpose()?
            .filter(|zh| !zh.is_empty()),
        source: source.to_string(),
        source_id,
        reverses,
        lines,
        posted_by: actor.user_id,
        posted_by_name: actor.name.clone(),
        posted_at_ms: cx.now_ms,
    };
    cx.put(&entry)?;
    let amount = super::books::shown(cx, Amount::new(debits as i64));
    cx.record_change(
        entry.id,
        Summary::both(
            format!(
                "posted {} entry of {amount} on {}",
                entry.source, entry.date
            ),
            format!(
                "记账：{}凭证，{amount}，{}",
                source_zh(&entry.source),
                entry.date
            ),
        ),
    );
    Ok(entry)
}

pub(crate) fn sums(lines: &[LineRecord]) -> (i128, i128) {
    lines.iter().fold((0i128, 0i128), |(d, c), line| {
        (
            d + line.debit.minor() as i128,
            c + line.credit.minor() as i128,
        )
    })
}

/// Reads an entry and checks it still balances: a document changed behind the ledger's back
/// (by a faulty device) is refused, not reported.
pub(crate) fn load_entry(cx: &mut Cx<'_>, id: EntryId) -> Result<EntryRecord> {
    let parsed = id;
    let entry = cx
        .get::<EntryRecord>(&parsed)?
        .ok_or_else(|| Error::not_found("journal entry", parsed))?;
    let (debits, credits) = sums(&entry.lines);
    if debits != credits {
        return Err(Error::new(
            ErrorCode::Storage,
            format!("journal entry {parsed} does not balance: its document was damaged"),
        ));
    }
    Ok(entry)
}

/// Entries typed in (manual ones, the opening balances) are corrected by a reversal; the rest
/// record a document, which is voided instead.
fn typed_in(source: &str) -> bool {
    source == "manual" || source == super::opening::SOURCE
}

pub(crate) fn entry_view(cx: &mut Cx<'_>, entry: &EntryRecord) -> Result<JournalEntry> {
    let mut names: HashMap<String, (String, String)> = HashMap::new();
    let mut lines = Vec::with_capacity(entry.lines.len());
    for line in &entry.lines {
        let id = line.account_id.to_string();
        if !names.contains_key(&id) {
            let found = store::account(cx.conn, &id)?
                .map(|a| (a.code, a.name))
                .unwrap_or_else(|| ("?".into(), "(not here yet)".into()));
            names.insert(id.clone(), found);
        }
        let (code, name) = names[&id].clone();
        lines.push(JournalLine {
            account_id: line.account_id,
            account_code: code,
            account_name: name,
            debit: money::format(line.debit),
            credit: money::format(line.credit),
        });
    }
    let reversed_by =
        store::reversed_by(cx.conn, &entry.id.to_string())?.and_then(|id| id.parse().ok());
    Ok(JournalEntry {
        id: entry.id,
        date: entry.date.clone(),
        memo: entry.memo.clone(),
        memo_zh: entry.memo_zh.clone(),
        source: entry.source.clone(),
        source_id: entry.source_id.clone(),
        reverses: entry.reverses,
        reversible: typed_in(&entry.source) && entry.reverses.is_none() && reversed_by.is_none(),
        reversed_by,
        lines,
        total: money::format(entry.lines.iter().map(|line| line.debit).sum::<Amount>()),
        posted_by_name: entry.posted_by_name.clone(),
        posted_at_ms: entry.posted_at_ms,
    })
}

pub(crate) fn check_range(range: &DateRange) -> Result<DateRange> {
    let from = range
        .from
        .as_deref()
        .map(|d| money::date("from", d))
        .transpose()?;
    let to = range
        .to
        .as_deref()
        .map(|d| money::date("to", d))
        .transpose()?;
    if let (Some(from), Some(to)) = (&from, &to) {
        if from > to {
            return Err(Error::invalid(
                "to",
                Reason::OutOfRange,
                format!("to ({to}) is before from ({from})"),
            ));
        }
    }
    Ok(DateRange { from, to })
}

pub(crate) fn journal_list(cx: &mut Cx<'_>, range: DateRange) -> Result<Vec<JournalEntry>> {
    let range = check_range(&range)?;
    let ids = store::entry_ids(cx.conn, &range, JOURNAL_LIST_MAX)?;
    ids.iter()
        .map(|id| {
            let entry = load_entry(cx, *id)?;
            entry_view(cx, &entry)
        })
        .collect()
}

pub(crate) fn journal_get(cx: &mut Cx<'_>, input: IdInput<EntryId>) -> Result<JournalEntry> {
    let entry = load_entry(cx, input.id)?;
    entry_view(cx, &entry)
}

/// The entry form's running totals: the same reading of amounts as posting, but what is not an
/// amount (yet) counts as nothing instead of being refused.
fn journal_preview(_cx: &mut Cx<'_>, input: JournalPreviewInput) -> Result<JournalPreview> {
    let mut unreadable = Vec::new();
    let mut read = |field: String, text: &Option<String>| match text.as_deref() {
        Some(text) if !text.trim().is_empty() => {
            money::parse(&field, text, false).unwrap_or_else(|_| {
                unreadable.push(field);
                0
            })
        }
        _ => 0,
    };
    let (mut debit, mut credit) = (0i64, 0i64);
    for (i, line) in input.lines.iter().take(LINES_MAX).enumerate() {
        debit = debit.saturating_add(read(format!("lines[{i}].debit"), &line.debit));
        credit = credit.saturating_add(read(format!("lines[{i}].credit"), &line.credit));
    }
    Ok(JournalPreview {
        total_debit: money::format(debit),
        total_credit: money::format(credit),
        difference: money::format((debit - credit).abs()),
        balanced: debit == credit && debit > 0,
        unreadable,
    })
}

pub(crate) fn journal_create(cx: &mut Cx<'_>, input: JournalEntryInput) -> Result<JournalEntry> {
    let lines = lines_of(&input.lines)?;
    let entry = post(
        cx,
        EntryId::new(),
        &input.date,
        &Memo::typed(&input.memo),
        "manual",
        None,
        None,
        lines,
        false,
    )?;
    entry_view(cx, &entry)
}

/// The lines of an entry as typed: each side a decimal string, blank for nothing.
pub(crate) fn lines_of(input: &[JournalLineInput]) -> Result<Vec<LineRecord>> {
    // Every line's every amount at once: the answer names each refused one.
    let mut checks = Checks::default();
    let mut lines = Vec::with_capacity(input.len());
    for (i, line) in input.iter().enumerate() {
        let field = format!("lines[{i}]");
        let amount = |side: &str, text: &Option<String>| -> Result<i64> {
            match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                None => Ok(0),
                Some(text) => money::parse(&format!("{field}.{side}"), text, false),
            }
        };
        let debit = checks.field(amount("debit", &line.debit));
        let credit = checks.field(amount("credit", &line.credit));
        if let (Some(debit), Some(credit)) = (debit, credit) {
            lines.push(LineRecord {
                account_id: line.account_id,
                debit: Amount::new(debit),
                credit: Amount::new(credit),
            });
        }
    }
    checks.done()?;
    Ok(lines)
}

/// Posts the mirror image of an entry: what corrects a posted entry, which is never changed.
pub(crate) fn reverse(
    cx: &mut Cx<'_>,
    original: &EntryRecord,
    date: Option<&str>,
    memo: &Memo,
) -> Result<EntryRecord> {
    if let Some(existing) = store::reversed_by(cx.conn, &original.id.to_string())? {
        return Err(Error::conflict(
            format!("entry {} is reversed already (by {existing})", original.id),
            format!("分录 {} 已被冲销（冲销分录 {existing}）", original.id),
        ));
    }
    if original.reverses.is_some() {
        return Err(Error::conflict(
            "this entry is itself a reversal: post a new entry instead",
            "这笔分录本身就是冲销：请另记一笔新分录",
        ));
    }
    let date = match date {
        Some(date) => {
            let date = money::date("date", date)?;
            if date < original.date {
                return Err(Error::invalid(
                    "date",
                    Reason::OutOfRange,
                    format!(
                        "date: a reversal cannot come before the entry it reverses ({})",
                        original.date
                    ),
                ));
            }
            date
        }
        None => {
            // The original's day, or the first open day after a closed period.
            let closed = settings_record(cx)?.closed();
            match closed {
                Some(closed) if closed >= original.date => next_day(&closed),
                _ => original.date.clone(),
            }
        }
    };
    let lines = original
        .lines
        .iter()
        .map(|l| LineRecord {
            account_id: l.account_id,
            debit: l.credit,
            credit: l.debit,
        })
        .collect();
    // The same id on every device: two devices reversing the same entry while offline write one
    // reversal between them, not two.
    post(
        cx,
        EntryId::derived("reversal", &original.id.to_string()),
        &date,
        memo,
        "reversal",
        original.source_id.clone(),
        Some(original.id),
        lines,
        true,
    )
}

/// A memo the app writes itself ("Void: …"), cut to the memo limit: an entry whose memo is
/// near the limit must still be voidable (see [`Memo::both`]).
pub(crate) fn clip(text: &str) -> String {
    text.chars().take(MEMO_CHARS_MAX).collect()
}

pub(crate) fn next_day(date: &str) -> String {
    let parts: Vec<u32> = date.split('-').filter_map(|p| p.parse().ok()).collect();
    let (mut y, mut m, mut d) = (parts[0], parts[1], parts[2] + 1);
    if money::date("date", &format!("{y:04}-{m:02}-{d:02}")).is_err() {
        d = 1;
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    format!("{y:04}-{m:02}-{d:02}")
}

pub(crate) fn journal_reverse(cx: &mut Cx<'_>, input: ReverseInput) -> Result<JournalEntry> {
    let original = load_entry(cx, input.id)?;
    // Manual entries and the opening balances are typed in; the rest record a document.
    if !typed_in(&original.source) {
        return Err(Error::conflict(
            format!(
                "this entry records {} ({}): void that instead",
                original.source,
                original.source_id.clone().unwrap_or_default()
            ),
            "这笔分录由其他单据生成：请作废那张单据",
        ));
    }
    let memo = match input.memo.as_deref() {
        Some(typed) => Memo::typed(typed),
        None => Memo::both(
            format!("Reversal of {}", original.memo),
            format!("冲销：{}", original.memo_in_zh()),
        ),
    };
    let entry = reverse(cx, &original, input.date.as_deref(), &memo)?;
    entry_view(cx, &entry)
}

pub(crate) fn period_close(cx: &mut Cx<'_>, input: ClosePeriodInput) -> Result<FinanceSettings> {
    let mut settings = settings_record(cx)?;
    let through = input
        .through
        .as_deref()
        .map(|d| money::date("through", d))
        .transpose()?;
    let current = settings.closed();
    let reopening = match (&current, &through) {
        (Some(current), Some(new)) => new < current,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let owner = cx
        .actor
        .as_ref()
        .is_some_and(|a| a.permissions.contains(&Permission::SecurityManage));
    if reopening && !owner {
        return Err(Error::forbidden(
            "only an owner may reopen a closed period",
            "只有所有者可以重新打开已结账的期间",
        ));
    }
    if current == through {
        return settings_get(cx, crate::kernel::command::Empty {});
    }
    if settings.period_marks.is_empty() {
        // The single field of an older file becomes the first mark.
        if let Some(old) = &settings.closed_through {
            settings.period_marks.push(PeriodMark {
                through: Some(old.clone()),
                reopen: false,
                at_ms: settings.updated_at_ms,
                by_name: String::new(),
            });
        }
    }
    settings.period_marks.push(PeriodMark {
        through: through.clone(),
        reopen: reopening,
        at_ms: cx.now_ms,
        by_name: cx
            .actor
            .as_ref()
            .map(|a| a.name.clone())
            .unwrap_or_default(),
    });
    settings.closed_through = settings.closed();
    settings.updated_at_ms = cx.now_ms;
    cx.put(&settings)?;
    cx.record_change(
        settings.id,
        match &through {
            Some(day) if reopening => Summary::both(
                format!("reopened the books after {day}"),
                format!("反结账至 {day}"),
            ),
            Some(day) => Summary::both(
                format!("closed the books through {day}"),
                format!("账簿结账至 {day}"),
            ),
            None => Summary::both("reopened every period", "全部反结账"),
        },
    );
    settings_get(cx, crate::kernel::command::Empty {})
}

/// Entries dated in the closed period but posted after the close that covers them, oldest
/// first: what a device that was offline when the books closed posted into them.
pub(crate) fn late(cx: &mut Cx<'_>) -> Result<Vec<(EntryId, i64)>> {
    let settings = settings_record(cx)?;
    let Some(closed) = settings.closed() else {
        return Ok(Vec::new());
    };
    // For each close, the days it covered and when: an entry is late if it was posted after
    // the first close that covered its day.
    let mut closes: Vec<(&str, i64)> = settings
        .period_marks
        .iter()
        .filter(|m| !m.reopen)
        .filter_map(|m| m.through.as_deref().map(|t| (t, m.at_ms)))
        .collect();
    closes.sort_by_key(|c| c.1);
    let Some(first_close_ms) = closes.first().map(|c| c.1) else {
        return Ok(Vec::new());
    };
    let mut late = Vec::new();
    for (id, date, posted_at_ms) in
        store::entries_through(cx.conn, &closed, first_close_ms, LATE_MAX)?
    {
        let covered_at = closes
            .iter()
            .find(|(through, _)| date.as_str() <= *through)
            .map(|(_, at)| *at);
        if let Some(at) = covered_at {
            if posted_at_ms > at {
                late.push((id, at));
            }
        }
    }
    Ok(late)
}

pub(crate) fn late_postings(
    cx: &mut Cx<'_>,
    _: crate::kernel::command::Empty,
) -> Result<Vec<LatePosting>> {
    let mut out = Vec::new();
    for (id, closed_at_ms) in late(cx)? {
        let entry = load_entry(cx, id)?;
        out.push(LatePosting {
            entry: entry_view(cx, &entry)?,
            closed_at_ms,
        });
    }
    Ok(out)
}

pub(crate) fn account_of_kind(
    cx: &mut Cx<'_>,
    field: &str,
    given: Option<AccountId>,
    kinds: &[AccountKind],
) -> Result<Account> {
    let id = match given {
        Some(id) => id,
        None => store::first_of_kind(cx.conn, kinds[0])?.ok_or_else(|| {
            Error::invalid(
                field,
                Reason::Required,
                format!("{field}: the chart has no {} account", kinds[0].as_str()),
            )
        })?,
    };
    let account = load_account(cx, field, id)?;
    if account.archived {
        return Err(Error::invalid(
            field,
            Reason::InvalidValue,
            format!(
                "{field}: account {} {} is archived",
                account.code, account.name
            ),
        ));
    }
    if !kinds.contains(&account.kind) {
        return Err(Error::invalid(
            field,
            Reason::InvalidValue,
            format!(
                "{field}: {} {} is not an account of kind {}",
                account.code,
                account.name,
                kinds
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        ));
    }
    Ok(account)
}
