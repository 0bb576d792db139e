//! The ledger's reports: balances over a period, the trial balance, and the profit and loss
//! with the prior period beside it.

use super::model::*;
use super::ops::*;
use super::store;
use crate::kernel::access::Permission::FinanceRead;
use crate::kernel::command::{command, Command, Cx};
use crate::kernel::error::{Error, ErrorCode, Reason, Result};
use crate::kernel::money;
use std::collections::HashMap;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "finances.reports.trial_balance",
            FinanceRead,
            false,
            "Debits, credits and balance of every account in a date range",
            trial_balance,
        ),
        command(
            "finances.reports.profit_and_loss",
            FinanceRead,
            false,
            "Income, expenses and net profit in a date range",
            profit_and_loss,
        ),
    ]
}

/// Every account's movements over a range, from one query: the rows, each with its balance as
/// a number for sums, and the total debits and credits of all lines.
pub(crate) struct Balances {
    pub rows: Vec<(TrialBalanceRow, i64)>,
    pub debit: i128,
    pub credit: i128,
}

pub(crate) fn balances(cx: &mut Cx<'_>, range: &DateRange) -> Result<Balances> {
    let totals = store::totals(cx.conn, range)?;
    let (debit, credit) = totals.iter().fold((0i128, 0i128), |(d, c), (_, dd, cc)| {
        (d + *dd as i128, c + *cc as i128)
    });
    let by_account: HashMap<&str, (i64, i64)> = totals
        .iter()
        .map(|(id, d, c)| (id.as_str(), (*d, *c)))
        .collect();
    let mut rows = Vec::new();
    for account in store::accounts(cx.conn)? {
        let Some(&(debit, credit)) = by_account.get(account.id.to_string().as_str()) else {
            continue;
        };
        let balance = if account.kind.debit_normal() {
            debit - credit
        } else {
            credit - debit
        };
        let row = TrialBalanceRow {
            account_id: account.id,
            code: account.code,
            name: account.name,
            kind: account.kind,
            debit: money::format(debit),
            credit: money::format(credit),
            balance: money::format(balance),
            prior_balance: None,
        };
        rows.push((row, balance));
    }
    Ok(Balances {
        rows,
        debit,
        credit,
    })
}

pub(crate) fn trial_balance(cx: &mut Cx<'_>, input: PeriodInput) -> Result<TrialBalance> {
    settings_record(cx)?;
    let (range, prior_range) = period(&input)?;
    let Balances {
        rows,
        debit,
        credit,
    } = balances(cx, &range)?;
    // Every posted entry balanced; so must their sum. A difference means damaged books.
    if debit != credit {
        return Err(Error::new(
            ErrorCode::Storage,
            format!(
                "the ledger does not balance: debits {} and credits {}",
                money::format(debit as i64),
                money::format(credit as i64)
            ),
        ));
    }
    let mut rows: Vec<TrialBalanceRow> = rows.into_iter().map(|(row, _)| row).collect();
    let prior = match prior_range {
        Some(prior_range) => {
            let prior = balances(cx, &prior_range)?;
            merge_prior(
                &mut rows,
                prior.rows.into_iter().map(|(row, _)| row).collect(),
            );
            Some((prior_range, prior.debit, prior.credit))
        }
        None => None,
    };
    Ok(TrialBalance {
        from: range.from,
        to: range.to,
        rows,
        total_debit: money::format(debit as i64),
        total_credit: money::format(credit as i64),
        prior: prior.map(|(r, debit, credit)| PriorTotals {
            from: r.from.unwrap_or_default(),
            to: r.to.unwrap_or_default(),
            total_debit: money::format(debit as i64),
            total_credit: money::format(credit as i64),
        }),
    })
}

/// The period of the same length just before `from..=to`.
pub(crate) fn prior_range(from: &str, to: &str) -> (String, String) {
    let days = money::day_number(to) - money::day_number(from) + 1;
    let prior_to = money::add_days(from, -1);
    let prior_from = money::add_days(from, -days);
    (prior_from, prior_to)
}

pub(crate) fn period(input: &PeriodInput) -> Result<(DateRange, Option<DateRange>)> {
    let range = check_range(&DateRange {
        from: input.from.clone(),
        to: input.to.clone(),
    })?;
    let prior = match (input.compare.unwrap_or(false), &range.from, &range.to) {
        (false, _, _) => None,
        (true, Some(from), Some(to)) => {
            let (from, to) = prior_range(from, to);
            Some(DateRange {
                from: Some(from),
                to: Some(to),
            })
        }
        (true, _, _) => {
            return Err(Error::invalid(
                "compare",
                Reason::Required,
                "compare: a comparison needs both from and to",
            ))
        }
    };
    Ok((range, prior))
}

pub(crate) fn profit_and_loss(cx: &mut Cx<'_>, input: PeriodInput) -> Result<ProfitAndLoss> {
    settings_record(cx)?;
    let (range, prior_range) = period(&input)?;
    let of_kind = |rows: &[(TrialBalanceRow, i64)], kind| -> (Vec<TrialBalanceRow>, i64) {
        let picked: Vec<_> = rows.iter().filter(|(row, _)| row.kind == kind).collect();
        let total = picked.iter().map(|(_, balance)| balance).sum();
        (
            picked.into_iter().map(|(row, _)| row.clone()).collect(),
            total,
        )
    };
    let rows = balances(cx, &range)?.rows;
    let (mut income, total_income) = of_kind(&rows, AccountKind::Income);
    let (mut expenses, total_expenses) = of_kind(&rows, AccountKind::Expense);
    let prior = match prior_range {
        None => None,
        Some(prior_range) => {
            let prior_rows = balances(cx, &prior_range)?.rows;
            let (prior_income, prior_total_income) = of_kind(&prior_rows, AccountKind::Income);
            let (prior_expenses, prior_total_expenses) = of_kind(&prior_rows, AccountKind::Expense);
            merge_prior(&mut income, prior_income);
            merge_prior(&mut expenses, prior_expenses);
            Some(PriorPeriod {
                from: prior_range.from.clone().unwrap_or_default(),
                to: prior_range.to.clone().unwrap_or_default(),
                total_income: money::format(prior_total_income),
                total_expenses: money::format(prior_total_expenses),
                net: money::format(prior_total_income - prior_total_expenses),
            })
        }
    };
    Ok(ProfitAndLoss {
        from: range.from,
        to: range.to,
        prior,
        income,
        expenses,
        total_income: money::format(total_income),
        total_expenses: money::format(total_expenses),
        net: money::format(total_income - total_expenses),
    })
}

/// Puts each prior balance beside the current row of the same account; accounts with a
/// prior balance only get a row of their own (zero now).
pub(crate) fn merge_prior(rows: &mut Vec<TrialBalanceRow>, prior: Vec<TrialBalanceRow>) {
    for row in rows.iter_mut() {
        row.prior_balance = Some(money::format(0));
    }
    for old in prior {
        match rows.iter_mut().find(|r| r.account_id == old.account_id) {
            Some(row) => row.prior_balance = Some(old.balance),
            None => rows.push(TrialBalanceRow {
                debit: money::format(0),
                credit: money::format(0),
                balance: money::format(0),
                prior_balance: Some(old.balance.clone()),
                ..old
            }),
        }
    }
    rows.sort_by(|a, b| a.code.cmp(&b.code));
}
