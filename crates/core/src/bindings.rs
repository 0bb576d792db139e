//! The TypeScript types of the UI's IPC layer come from the Rust types. The generated file is
//! committed; this test fails when it is stale. Regenerate with
//! `UPDATE_BINDINGS=1 cargo test -p suanpan-core bindings`.

use ts_rs::TS;

/// The finance types of the UI, from both areas that hold them.
mod finance {
    pub use crate::ledger::model::*;
    pub use crate::sales::model::*;
}

use crate::customers::*;
use crate::inventory::model as inv;
use crate::kernel::activity::*;
use crate::kernel::command::Done;
use crate::kernel::error::{ErrorCode, FieldError, Reason, RowError};
use crate::kernel::ids::*;
use crate::users::*;

fn render() -> String {
    let cfg = ts_rs::Config::default();
    let decls = [
        CompanyId::decl(&cfg),
        UserId::decl(&cfg),
        RoleId::decl(&cfg),
        DeviceId::decl(&cfg),
        CustomerId::decl(&cfg),
        NoteId::decl(&cfg),
        InteractionId::decl(&cfg),
        SegmentId::decl(&cfg),
        ActivityId::decl(&cfg),
        AccountId::decl(&cfg),
        EntryId::decl(&cfg),
        MoneyEventId::decl(&cfg),
        TaxId::decl(&cfg),
        InvoiceId::decl(&cfg),
        PaymentId::decl(&cfg),
        RecurringId::decl(&cfg),
        ErrorCode::decl(&cfg),
        Reason::decl(&cfg),
        RowError::decl(&cfg),
        FieldError::decl(&cfg),
        crate::kernel::error::Error::decl(&cfg),
        Done::decl(&cfg),
        crate::kernel::command::Empty::decl(&cfg),
        Role::decl(&cfg),
        UserStatus::decl(&cfg),
        User::decl(&cfg),
        Session::decl(&cfg),
        SetupStatus::decl(&cfg),
        InitInput::decl(&cfg),
        NewUserInput::decl(&cfg),
        UserPatch::decl(&cfg),
        UserRef::decl(&cfg),
        PasswordReset::decl(&cfg),
        PasswordChange::decl(&cfg),
        UserListItem::decl(&cfg),
        LoginInput::decl(&cfg),
        MfaEnrollment::decl(&cfg),
        OtpInput::decl(&cfg),
        RecoveryCodes::decl(&cfg),
        ActivityEntry::decl(&cfg),
        ActivityQuery::decl(&cfg),
        BrokenLink::decl(&cfg),
        AuditReport::decl(&cfg),
        crate::users::ops::ActivityExport::decl(&cfg),
        crate::users::profile::CompanyProfile::decl(&cfg),
        crate::kernel::store::crypt::KeySource::decl(&cfg),
        roles::RoleInfo::decl(&cfg),
        roles::PermissionInfo::decl(&cfg),
        roles::RoleInput::decl(&cfg),
        roles::RolePatch::decl(&cfg),
        roles::RoleRef::decl(&cfg),
        roles::MfaRule::decl(&cfg),
        lock::UnlockInput::decl(&cfg),
        lock::SwitchInput::decl(&cfg),
        lock::PinInput::decl(&cfg),
        lock::SwitchCandidate::decl(&cfg),
        lock::SecuritySettings::decl(&cfg),
        crate::sync::SyncReport::decl(&cfg),
        crate::sync::device::SyncConnect::decl(&cfg),
        crate::sync::device::SyncStatus::decl(&cfg),
        crate::sync::device::DeviceRef::decl(&cfg),
        crate::sync::device::SyncKeyShown::decl(&cfg),
        suanpan_wire::Device::decl(&cfg),
        crate::kernel::runtime::Page::<()>::decl(&cfg),
        crate::sync::pairing::PairingStatus::decl(&cfg),
        crate::sync::pairing::PairingState::decl(&cfg),
        crate::security::EncryptionStatus::decl(&cfg),
        crate::security::RecoveryKey::decl(&cfg),
        finance::AccountKind::decl(&cfg),
        finance::Account::decl(&cfg),
        finance::JournalEntry::decl(&cfg),
        finance::OpeningStatus::decl(&cfg),
        crate::dashboard::StartStepKey::decl(&cfg),
        crate::dashboard::StartStep::decl(&cfg),
        crate::dashboard::StartChecklist::decl(&cfg),
        finance::JournalLine::decl(&cfg),
        finance::JournalLineInput::decl(&cfg),
        finance::JournalEntryInput::decl(&cfg),
        finance::OpeningBalancesInput::decl(&cfg),
        finance::JournalPreviewInput::decl(&cfg),
        finance::JournalPreviewLine::decl(&cfg),
        finance::JournalPreview::decl(&cfg),
        finance::ReverseInput::decl(&cfg),
        finance::DateRange::decl(&cfg),
        finance::MoneyEvent::decl(&cfg),
        finance::MoneyEventKind::decl(&cfg),
        finance::MoneyEventList::decl(&cfg),
        finance::MoneyEventInput::decl(&cfg),
        finance::FinanceSettings::decl(&cfg),
        finance::AccountDefaults::decl(&cfg),
        finance::SetupInput::decl(&cfg),
        finance::AccountInput::decl(&cfg),
        finance::AccountPatch::decl(&cfg),
        finance::ClosePeriodInput::decl(&cfg),
        finance::TrialBalanceRow::decl(&cfg),
        finance::TrialBalance::decl(&cfg),
        finance::ProfitAndLoss::decl(&cfg),
        finance::SettingsPatch::decl(&cfg),
        finance::TaxComponent::decl(&cfg),
        finance::Tax::decl(&cfg),
        finance::TaxComponentInput::decl(&cfg),
        finance::TaxInput::decl(&cfg),
        finance::TaxPatch::decl(&cfg),
        finance::TaxPreset::decl(&cfg),
        finance::PresetTax::decl(&cfg),
        finance::PresetInput::decl(&cfg),
        finance::InvoiceLine::decl(&cfg),
        finance::Invoice::decl(&cfg),
        finance::InvoiceStatus::decl(&cfg),
        finance::InvoiceKind::decl(&cfg),
        finance::PaymentKind::decl(&cfg),
        finance::PaymentMethod::decl(&cfg),
        finance::AttentionKind::decl(&cfg),
        crate::kernel::numbers::Rounding::decl(&cfg),
        finance::InvoiceLineInput::decl(&cfg),
        finance::InvoiceInput::decl(&cfg),
        finance::InvoicePatch::decl(&cfg),
        finance::IssueInput::decl(&cfg),
        finance::VoidInput::decl(&cfg),
        finance::CreditNoteInput::decl(&cfg),
        finance::InvoiceQuery::decl(&cfg),
        finance::InvoiceList::decl(&cfg),
        finance::InvoiceSeries::decl(&cfg),
        finance::SeriesPatch::decl(&cfg),
        finance::Payment::decl(&cfg),
        finance::PaymentInput::decl(&cfg),
        finance::RefundInput::decl(&cfg),
        finance::PaymentQuery::decl(&cfg),
        finance::CustomerIdInput::decl(&cfg),
        finance::CustomerBalance::decl(&cfg),
        finance::AsOfInput::decl(&cfg),
        finance::BalanceSheet::decl(&cfg),
        finance::AgingRow::decl(&cfg),
        finance::AgingReport::decl(&cfg),
        finance::TaxSummaryRow::decl(&cfg),
        finance::TaxSummary::decl(&cfg),
        finance::PriorPeriod::decl(&cfg),
        finance::PeriodInput::decl(&cfg),
        finance::CashFlow::decl(&cfg),
        finance::CashFlowLine::decl(&cfg),
        finance::CashFlowPrior::decl(&cfg),
        finance::FileExport::decl(&cfg),
        finance::InvoicePdfInput::decl(&cfg),
        finance::ReportExportInput::decl(&cfg),
        finance::InvoicePreviewInput::decl(&cfg),
        finance::PricedLine::decl(&cfg),
        finance::InvoicePreview::decl(&cfg),
        finance::Recurring::decl(&cfg),
        finance::RecurringInput::decl(&cfg),
        finance::RecurringPatch::decl(&cfg),
        finance::RecurringRun::decl(&cfg),
        finance::RecurringSkip::decl(&cfg),
        finance::AttentionItem::decl(&cfg),
        finance::LatePosting::decl(&cfg),
        finance::PriorTotals::decl(&cfg),
        finance::TaxSummaryPrior::decl(&cfg),
        finance::Attachment::decl(&cfg),
        finance::AttachmentInput::decl(&cfg),
        finance::AttachmentRef::decl(&cfg),
        Address::decl(&cfg),
        Customer::decl(&cfg),
        CustomerInput::decl(&cfg),
        CustomerPatch::decl(&cfg),
        CustomerStatus::decl(&cfg),
        CustomerSort::decl(&cfg),
        CustomerQuery::decl(&cfg),
        IdInput::<CustomerId>::decl(&cfg),
        CustomerRef::decl(&cfg),
        ConflictResolve::decl(&cfg),
        RecordDocument::decl(&cfg),
        DocumentChanges::decl(&cfg),
        crate::kernel::store::concurrent::ConcurrentEdit::decl(&cfg),
        crate::kernel::store::concurrent::EditedValue::decl(&cfg),
        Note::decl(&cfg),
        NoteInput::decl(&cfg),
        InteractionKind::decl(&cfg),
        Interaction::decl(&cfg),
        InteractionInput::decl(&cfg),
        TimelineItem::decl(&cfg),
        Match::decl(&cfg),
        ConditionField::decl(&cfg),
        ConditionOp::decl(&cfg),
        Condition::decl(&cfg),
        Rule::decl(&cfg),
        Criteria::decl(&cfg),
        Segment::decl(&cfg),
        SegmentInput::decl(&cfg),
        SegmentPatch::decl(&cfg),
        SegmentPreviewInput::decl(&cfg),
        SegmentCount::decl(&cfg),
        SegmentMembersInput::decl(&cfg),
        ImportInput::decl(&cfg),
        ImportReport::decl(&cfg),
        ExportResult::decl(&cfg),
        CustomerDataExport::decl(&cfg),
        ProductId::decl(&cfg),
        CategoryId::decl(&cfg),
        LocationId::decl(&cfg),
        MovementId::decl(&cfg),
        PurchaseOrderId::decl(&cfg),
        inv::Supplier::decl(&cfg),
        inv::SupplierQuery::decl(&cfg),
        inv::SupplierSummary::decl(&cfg),
        inv::Product::decl(&cfg),
        inv::ProductInput::decl(&cfg),
        inv::ProductPatch::decl(&cfg),
        inv::ProductQuery::decl(&cfg),
        inv::ProductPage::decl(&cfg),
        inv::ProductClash::decl(&cfg),
        inv::MergeInput::decl(&cfg),
        inv::CodeInput::decl(&cfg),
        inv::Category::decl(&cfg),
        inv::CategoryInput::decl(&cfg),
        inv::Location::decl(&cfg),
        inv::LocationInput::decl(&cfg),
        inv::LocationPatch::decl(&cfg),
        inv::Movement::decl(&cfg),
        inv::MovementInput::decl(&cfg),
        inv::TransferInput::decl(&cfg),
        inv::MovementQuery::decl(&cfg),
        inv::StockQuery::decl(&cfg),
        inv::StockLevel::decl(&cfg),
        inv::ShortStock::decl(&cfg),
        inv::ThresholdInput::decl(&cfg),
        inv::OrderSuggestion::decl(&cfg),
        inv::ValuationLine::decl(&cfg),
        inv::Valuation::decl(&cfg),
        inv::ValuationQuery::decl(&cfg),
        inv::OrderLine::decl(&cfg),
        inv::PurchaseOrder::decl(&cfg),
        inv::OrderStatus::decl(&cfg),
        inv::MovementKind::decl(&cfg),
        inv::OrderLineInput::decl(&cfg),
        inv::OrderInput::decl(&cfg),
        inv::OrderPatch::decl(&cfg),
        inv::OrderQuery::decl(&cfg),
        inv::ReceiveLineInput::decl(&cfg),
        inv::ReceiveInput::decl(&cfg),
        crate::inventory::orders::OrderPdfInput::decl(&cfg),
        crate::inventory::labels::LabelsInput::decl(&cfg),
        crate::inventory::import::ImportFile::decl(&cfg),
        crate::inventory::import::ImportPreview::decl(&cfg),
        crate::inventory::import::ProductImportInput::decl(&cfg),
        crate::inventory::import::ProductImportReport::decl(&cfg),
        inv::SlowMoversQuery::decl(&cfg),
        inv::SlowMover::decl(&cfg),
        inv::PeriodQuery::decl(&cfg),
        inv::MovementSummary::decl(&cfg),
        inv::InventoryExportInput::decl(&cfg),
        inv::CountSheetInput::decl(&cfg),
        inv::CountLine::decl(&cfg),
        inv::CountSheet::decl(&cfg),
        inv::CountedLine::decl(&cfg),
        inv::CountInput::decl(&cfg),
        inv::CountVariance::decl(&cfg),
        inv::CountResult::decl(&cfg),
        crate::inventory::labels::DecodeInput::decl(&cfg),
        crate::inventory::labels::DecodedCode::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by crates/core/src/bindings.rs. Do not edit by hand:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p suanpan-core bindings` after changing them.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The UI's map of every command of the table to its input and output types, the permission it
/// needs and whether it changes data; and the permissions and what each built-in role holds.
fn render_commands(bindings: &str) -> String {
    use std::collections::BTreeSet;
    let cfg = ts_rs::Config::default();
    let declared: BTreeSet<&str> = bindings
        .lines()
        .filter_map(|l| l.strip_prefix("export type "))
        .filter_map(|l| l.split([' ', '<']).next())
        .collect();
    let mut used = BTreeSet::new();
    let mut map = String::new();
    let mut facts = String::new();
    let mut table: Vec<_> = crate::commands::table().iter().collect();
    table.sort_by_key(|c| c.name);
    for command in table {
        let input = (command.input_type)(&cfg);
        let output = (command.output_type)(&cfg);
        for ty in [&input, &output] {
            for word in ty.split(|c: char| !c.is_ascii_alphanumeric()) {
                if word.starts_with(|c: char| c.is_ascii_uppercase())
                    && !matches!(word, "Array" | "Record")
                {
                    assert!(
                        declared.contains(word),
                        "{}: the type {word} is not in bindings.ts: add it to render()",
                        command.name
                    );
                    used.insert(word.to_string());
                }
            }
        }
        map.push_str(&format!(
            "  '{}': {{ input: {input}; output: {output} }};\n",
            command.name
        ));
        facts.push_str(&format!(
            "  '{}': {{ permission: '{}', writes: {} }},\n",
            command.name,
            command.permission.as_str(),
            command.writes
        ));
    }
    used.insert("Role".into());
    let permissions: Vec<String> = Role::Owner
        .permissions()
        .iter()
        .map(|p| format!("  '{}',\n", p.as_str()))
        .collect();
    let roles: Vec<String> = Role::ALL
        .iter()
        .map(|role| {
            let held: Vec<String> = role
                .permissions()
                .iter()
                .map(|p| format!("'{}'", p.as_str()))
                .collect();
            format!("  {}: [{}],\n", role.as_str(), held.join(", "))
        })
        .collect();
    let imports: Vec<String> = used.into_iter().collect();
    format!(
        "// Generated from the core's command table by crates/core/src/bindings.rs. Do not edit by hand:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p suanpan-core bindings` after changing the table.\n\
         import type {{ {} }} from './bindings';\n\n\
         /** Every command of the core's table: what it takes and what it gives. */\n\
         export interface Commands {{\n{map}}}\n\n\
         export type CommandName = keyof Commands;\n\n\
         /** `public`: no session; `session`: any signed-in user; else the permission the caller needs. */\n\
         export type CommandPermission = 'public' | 'session' | Permission;\n\n\
         /** The permission each command needs, and whether it changes data (and so is logged). */\n\
         export const COMMANDS: {{ readonly [C in CommandName]: {{ permission: CommandPermission; writes: boolean }} }} = {{\n{facts}}};\n\n\
         /** The permissions a role may hold, in the core's order. */\n\
         export const PERMISSIONS = [\n{}] as const;\n\n\
         export type Permission = (typeof PERMISSIONS)[number];\n\n\
         /** What each built-in role holds (custom roles are made of permissions). */\n\
         export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {{\n{}}};\n\n\
         /** The fewest characters a passphrase for the company file may have (the core refuses fewer). */\n\
         export const PASSPHRASE_MIN_CHARS = {};\n",
        imports.join(", "),
        permissions.concat(),
        roles.concat(),
        crate::store::crypt::PASSPHRASE_MIN_CHARS,
    )
}

const REFERENCE_START: &str = "<!-- command reference: generated from the core's table by crates/core/src/bindings.rs; do not edit -->";
const REFERENCE_END: &str = "<!-- end of the command reference -->";

/// docs/commands.md's reference of every command, from the table itself.
fn render_reference() -> String {
    let cfg = ts_rs::Config::default();
    let mut table: Vec<_> = crate::commands::table().iter().collect();
    table.sort_by_key(|c| c.name);
    let mut out = format!(
        "{REFERENCE_START}\n\
         | command | permission | changes data | input | output | what it does |\n\
         |---|---|---|---|---|---|\n"
    );
    for c in table {
        let permission = match c.permission.as_str() {
            p @ ("public" | "session") => p.to_string(),
            p => format!("`{p}`"),
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | `{}` | `{}` | {} |\n",
            c.name,
            permission,
            if c.writes { "yes" } else { "" },
            (c.input_type)(&cfg).replace('|', "\\|"),
            (c.output_type)(&cfg).replace('|', "\\|"),
            c.description.replace('|', "\\|"),
        ));
    }
    out.push_str(REFERENCE_END);
    out
}

#[test]
fn the_command_reference_in_the_docs_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/commands.md");
    let doc = std::fs::read_to_string(&path).expect("docs/commands.md");
    let (Some(start), Some(end)) = (doc.find(REFERENCE_START), doc.find(REFERENCE_END)) else {
        panic!("docs/commands.md has no generated command reference between its markers");
    };
    let fresh = format!(
        "{}{}{}",
        &doc[..start],
        render_reference(),
        &doc[end + REFERENCE_END.len()..]
    );
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("write docs/commands.md");
        return;
    }
    assert!(
        doc == fresh,
        "docs/commands.md's command reference is stale: run `UPDATE_BINDINGS=1 cargo test -p suanpan-core bindings`"
    );
}

/// The hand-written tables of docs/commands.md say for each command the permission it needs:
/// they must say what the table says.
#[test]
fn the_docs_name_each_command_with_its_permission() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/commands.md");
    let doc = std::fs::read_to_string(&path).expect("docs/commands.md");
    let written = &doc[..doc.find(REFERENCE_START).unwrap_or(doc.len())];
    let mut wrong = Vec::new();
    for line in written.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(first), Some(second)) = (cells.get(1), cells.get(2)) else {
            continue;
        };
        let Some(name) = first
            .strip_prefix('`')
            .and_then(|rest| rest.split('`').next())
        else {
            continue;
        };
        // Rows of permission tables (✓ per role) name permissions, not commands.
        let Ok(command) = crate::commands::find(name) else {
            continue;
        };
        let says = second
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(|c| c == '`' || c == ',');
        // A role table's row (✓ per role) for a permission named like a command.
        let names_a_permission = says == "public" || says == "session" || says.contains('.');
        if names_a_permission && says != command.permission.as_str() {
            wrong.push(format!(
                "{name}: the docs say {says}, the table {}",
                command.permission.as_str()
            ));
        }
    }
    assert!(wrong.is_empty(), "docs/commands.md is wrong: {wrong:#?}");
}

#[test]
fn the_command_map_is_up_to_date() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/api/commands.ts");
    let fresh = render_commands(&render());
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("write the command map");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/api/commands.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p suanpan-core bindings`"
    );
}

#[test]
fn bindings_are_up_to_date() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/api/bindings.ts");
    let fresh = render();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("write bindings");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/api/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p suanpan-core bindings`"
    );
}
