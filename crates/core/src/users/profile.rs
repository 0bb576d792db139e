//! The company's profile: what a legal invoice names of the seller (address, tax id, bank
//! account, phone, e-mail). Kept in the company's document, so it syncs like the rest; printed on
//! invoices, credit notes and purchase orders.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::lock::company;
use super::model::Permission;
use crate::kernel::command::{command, Command, Cx, Empty, Summary};
use crate::kernel::error::Result;
use crate::kernel::validate::{self, Checks};

/// Bounds of the profile's fields, in characters.
const LINE_CHARS_MAX: usize = 200;
const SHORT_CHARS_MAX: usize = 60;

/// The seller's details a legal invoice carries. Every field may be empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Reconcile, Hydrate, TS)]
#[serde(default, deny_unknown_fields)]
pub struct CompanyProfile {
    pub address_line1: String,
    pub address_line2: String,
    pub postal_code: String,
    pub city: String,
    pub region: String,
    pub country: String,
    /// The tax registration number (统一社会信用代码 / VAT number).
    pub tax_id: String,
    pub phone: String,
    pub email: String,
    /// The bank the company is paid into (开户行) and the account there (账号).
    pub bank_name: String,
    pub bank_account: String,
}

impl CompanyProfile {
    /// The lines a document prints under the company's name, in the document's language.
    pub fn document_lines(&self, zh: bool) -> Vec<String> {
        let label = |en: &str, zh_label: &str| {
            if zh {
                zh_label.to_string()
            } else {
                en.to_string()
            }
        };
        let mut lines = Vec::new();
        for line in [&self.address_line1, &self.address_line2] {
            if !line.is_empty() {
                lines.push(line.clone());
            }
        }
        let place: Vec<&str> = [&self.postal_code, &self.city, &self.region]
            .into_iter()
            .map(String::as_str)
            .filter(|p| !p.is_empty())
            .collect();
        if !place.is_empty() {
            lines.push(place.join(" "));
        }
        if !self.country.is_empty() {
            lines.push(self.country.clone());
        }
        if !self.tax_id.is_empty() {
            lines.push(format!("{} {}", label("Tax ID", "税号"), self.tax_id));
        }
        let contact: Vec<&str> = [&self.phone, &self.email]
            .into_iter()
            .map(String::as_str)
            .filter(|p| !p.is_empty())
            .collect();
        if !contact.is_empty() {
            lines.push(contact.join(" · "));
        }
        if !self.bank_name.is_empty() || !self.bank_account.is_empty() {
            lines.push(
                format!(
                    "{} {} {}",
                    label("Bank", "开户行及账号"),
                    self.bank_name,
                    self.bank_account
                )
                .trim_end()
                .to_string(),
            );
        }
        lines
    }
}

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "company.profile.get",
            Permission::Session,
            false,
            "The company's details printed on invoices: address, tax id, bank account, phone, e-mail",
            profile_get,
        ),
        command(
            "company.profile.update",
            Permission::FinanceManage,
            true,
            "Change the company's details printed on invoices",
            profile_update,
        ),
    ]
}

/// The profile of the company in this file (empty before it is filled in).
pub fn profile_of(cx: &mut Cx<'_>) -> Result<CompanyProfile> {
    Ok(company(cx)?.profile)
}

/// The company's name and the lines of its profile, as a document's or report's header prints
/// them (in Chinese or English).
pub fn letterhead(cx: &mut Cx<'_>, zh: bool) -> Result<(String, Vec<String>)> {
    let company = company(cx)?;
    let lines = company.profile.document_lines(zh);
    Ok((company.name, lines))
}

fn profile_get(cx: &mut Cx<'_>, _: Empty) -> Result<CompanyProfile> {
    profile_of(cx)
}

fn profile_update(cx: &mut Cx<'_>, input: CompanyProfile) -> Result<CompanyProfile> {
    // Every field at once: the answer names each refused one.
    let mut checks = Checks::default();
    let mut line = |field: &str, value: &str, max: usize| -> String {
        checks
            .field(validate::optional(field, Some(value), max))
            .flatten()
            .unwrap_or_default()
    };
    let mut profile = CompanyProfile {
        address_line1: line("address_line1", &input.address_line1, LINE_CHARS_MAX),
        address_line2: line("address_line2", &input.address_line2, LINE_CHARS_MAX),
        postal_code: line("postal_code", &input.postal_code, SHORT_CHARS_MAX),
        city: line("city", &input.city, SHORT_CHARS_MAX),
        region: line("region", &input.region, SHORT_CHARS_MAX),
        country: line("country", &input.country, SHORT_CHARS_MAX),
        tax_id: line("tax_id", &input.tax_id, SHORT_CHARS_MAX),
        phone: String::new(),
        email: String::new(),
        bank_name: line("bank_name", &input.bank_name, LINE_CHARS_MAX),
        bank_account: line("bank_account", &input.bank_account, SHORT_CHARS_MAX),
    };
    profile.phone = checks
        .field(validate::phone("phone", Some(&input.phone)))
        .flatten()
        .unwrap_or_default();
    profile.email = checks
        .field(validate::email("email", Some(&input.email)))
        .flatten()
        .unwrap_or_default();
    checks.done()?;
    let mut company = company(cx)?;
    if company.profile != profile {
        company.profile = profile;
        cx.put(&company)?;
        cx.record_change(
            company.id,
            Summary::both("changed the company's details", "修改了公司资料"),
        );
    }
    Ok(company.profile)
}
