//! Tax rates: list, create, change, and install a country's preset rates. They belong to the
//! books (each rate posts to a tax account); sales prices with them and products carry a
//! default one.

use super::model::*;
use super::ops::settings_record;
use super::store;
use super::templates::{self};
use crate::kernel::access::Permission::{FinanceManage, SalesRead};
use crate::kernel::command::{command, Command, Cx, Empty, Summary};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::TaxId;
use crate::kernel::validate::Checks;
use crate::kernel::{numbers, validate};

pub(crate) const NAME_CHARS_MAX: usize = 100;

pub fn commands() -> Vec<Command> {
    vec![
        command(
            "finances.taxes.list",
            SalesRead,
            false,
            "Tax rates and groups",
            taxes_list,
        ),
        command(
            "finances.taxes.create",
            FinanceManage,
            true,
            "Add a tax rate or a group of rates",
            tax_create,
        ),
        command(
            "finances.taxes.update",
            FinanceManage,
            true,
            "Rename or archive a tax",
            tax_update,
        ),
        command(
            "finances.taxes.presets",
            SalesRead,
            false,
            "The tax presets (PRC VAT, EU VAT, US sales tax)",
            tax_presets,
        ),
        command(
            "finances.taxes.install_preset",
            FinanceManage,
            true,
            "Add a preset's taxes",
            tax_install_preset,
        ),
    ]
}

pub(crate) const COMPONENTS_MAX: usize = 5;

pub(crate) fn tax_view(record: &TaxRecord) -> Tax {
    Tax {
        id: record.id,
        name: record.name.clone(),
        rate: numbers::format_percent(record.components.iter().map(|c| c.rate).sum()),
        components: record
            .components
            .iter()
            .map(|c| TaxComponent {
                name: c.name.clone(),
                rate: numbers::format_percent(c.rate),
            })
            .collect(),
        preset: record.preset.clone(),
        archived: record.archived,
    }
}

pub(crate) fn load_tax(cx: &mut Cx<'_>, field: &str, id: TaxId) -> Result<TaxRecord> {
    cx.get::<TaxRecord>(&id)?
        .ok_or_else(|| Error::invalid(field, Reason::InvalidId, format!("{field}: no tax {id}")))
}

pub(crate) fn taxes_list(cx: &mut Cx<'_>, _: Empty) -> Result<Vec<Tax>> {
    let ids = store::tax_ids(cx.conn)?;
    let mut taxes = Vec::with_capacity(ids.len());
    for id in ids {
        let record = cx
            .get::<TaxRecord>(&id)?
            .ok_or_else(|| Error::internal(format!("tax {id} has no document")))?;
        taxes.push(tax_view(&record));
    }
    Ok(taxes)
}

/// The names of the taxes in use (an archived one's name may be used again).
fn open_tax_names(cx: &Cx<'_>) -> Result<Vec<(String, String)>> {
    validate::names_of(
        cx.conn,
        "SELECT id, name FROM finance_taxes WHERE archived = 0",
        [],
    )
}

/// The rates a new tax is made of: one `rate`, or a group's `components` (not both).
fn tax_components(input: &TaxInput) -> Result<Vec<TaxComponentRecord>> {
    Ok(match (&input.rate, &input.components) {
        (Some(rate), None) => vec![TaxComponentRecord {
            name: String::new(),
            rate: numbers::percent("rate", rate, 100)?,
        }],
        (None, Some(components)) => {
            if components.is_empty() || components.len() > COMPONENTS_MAX {
                return Err(Error::invalid(
                    "components",
                    Reason::TooMany,
                    format!("components: 1 to {COMPONENTS_MAX} rates"),
                ));
            }
            components
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    Ok(TaxComponentRecord {
                        name: validate::required(
                            &format!("components[{i}].name"),
                            &c.name,
                            NAME_CHARS_MAX,
                        )?,
                        rate: numbers::percent(&format!("components[{i}].rate"), &c.rate, 100)?,
                    })
                })
                .collect::<Result<_>>()?
        }
        _ => {
            return Err(Error::invalid(
                "rate",
                Reason::Required,
                "rate: give a rate, or components for a group (not both)",
            ))
        }
    })
}

pub(crate) fn tax_create(cx: &mut Cx<'_>, input: TaxInput) -> Result<Tax> {
    settings_record(cx)?;
    // Every field is checked before any refusal: the answer names each bad one.
    let mut checks = Checks::default();
    let open_names = open_tax_names(cx)?;
    let name = checks.field(
        validate::required("name", &input.name, NAME_CHARS_MAX).and_then(|name| {
            validate::unique_name(&name, None, open_names, ("tax", "税率"))?;
            Ok(name)
        }),
    );
    let components = checks.field(tax_components(&input));
    checks.done()?;
    let (Some(name), Some(mut components)) = (name, components) else {
        return Err(Error::internal("a checked field has no value"));
    };
    // A single rate is one component named as the tax.
    if input.rate.is_some() {
        components[0].name = name.clone();
    }
    let record = TaxRecord {
        id: TaxId::new(),
        name,
        components,
        preset: None,
        archived: false,
        created_at_ms: cx.now_ms,
        updated_at_ms: cx.now_ms,
    };
    cx.put(&record)?;
    let view = tax_view(&record);
    cx.record_change(
        record.id,
        Summary::both(
            format!("added tax {} ({}%)", view.name, view.rate),
            format!("新增税率 {}（{}%）", view.name, view.rate),
        ),
    );
    Ok(view)
}

pub(crate) fn tax_update(cx: &mut Cx<'_>, patch: TaxPatch) -> Result<Tax> {
    let mut record = load_tax(cx, "id", patch.id)?;
    let mut changed = Vec::new();
    if let Some(name) = &patch.name {
        record.name = validate::required("name", name, NAME_CHARS_MAX)?;
        validate::unique_name(
            &record.name,
            Some(&record.id.to_string()),
            open_tax_names(cx)?,
            ("tax", "税率"),
        )?;
        changed.push(("renamed", "改名"));
    }
    if let Some(archived) = patch.archived {
        if archived != record.archived {
            record.archived = archived;
            changed.push(if archived {
                ("archived", "停用")
            } else {
                ("unarchived", "恢复使用")
            });
        }
    }
    if !changed.is_empty() {
        record.updated_at_ms = cx.now_ms;
        cx.put(&record)?;
        let (en, zh): (Vec<&str>, Vec<&str>) = changed.into_iter().unzip();
        cx.record_change(
            record.id,
            Summary::both(
                format!("{} tax {}", en.join(", "), record.name),
                format!("税率 {}：{}", record.name, zh.join("、")),
            ),
        );
    }
    Ok(tax_view(&record))
}

pub(crate) fn tax_presets(_: &mut Cx<'_>, _: Empty) -> Result<Vec<TaxPreset>> {
    Ok(templates::TAX_PRESETS
        .iter()
        .map(|(name, title, taxes)| TaxPreset {
            name: name.to_string(),
            title: title.to_string(),
            taxes: taxes
                .iter()
                .map(|(tax_name, components)| PresetTax {
                    name: tax_name.to_string(),
                    rate: numbers::format_percent(
                        components
                            .iter()
                            .map(|(_, rate)| numbers::percent("rate", rate, 100).unwrap_or(0))
                            .sum(),
                    ),
                    components: components
                        .iter()
                        .map(|(n, r)| TaxComponent {
                            name: n.to_string(),
                            rate: r.to_string(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect())
}

pub(crate) fn tax_install_preset(cx: &mut Cx<'_>, input: PresetInput) -> Result<Vec<Tax>> {
    settings_record(cx)?;
    let preset = input.preset.trim();
    let (_, title, taxes) = templates::TAX_PRESETS
        .iter()
        .find(|(name, _, _)| *name == preset)
        .ok_or_else(|| {
            Error::invalid(
                "preset",
                Reason::InvalidValue,
                "preset: prc_vat, eu_vat or us_sales",
            )
        })?;
    let mut added = 0;
    for (name, components) in taxes.iter() {
        // The same ids on every device: a preset installed on two devices offline is one set.
        let id = TaxId::derived("tax-preset", &format!("{preset}:{name}"));
        if cx.get::<TaxRecord>(&id)?.is_some() {
            continue;
        }
        let components = components
            .iter()
            .map(|(n, r)| {
                Ok(TaxComponentRecord {
                    name: n.to_string(),
                    rate: numbers::percent("rate", r, 100)?,
                })
            })
            .collect::<Result<_>>()?;
        cx.put(&TaxRecord {
            id,
            name: name.to_string(),
            components,
            preset: Some(preset.to_string()),
            archived: false,
            created_at_ms: cx.now_ms,
            updated_at_ms: cx.now_ms,
        })?;
        added += 1;
    }
    let settings_id = settings_record(cx)?.id;
    cx.record_change(
        settings_id,
        Summary::both(
            format!("added {added} taxes from the {title} preset"),
            format!("从预设 {title} 添加了 {added} 个税率"),
        ),
    );
    taxes_list(cx, Empty {})
}
