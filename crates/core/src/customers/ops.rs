use super::model::*;
use super::{csv, segments, store};
use crate::kernel::access::Permission;
use crate::kernel::command::{command, Command, Cx, Done, Empty, Summary};
use crate::kernel::error::{Error, Reason, Result, RowError};
use crate::kernel::ids::{CustomerId, InteractionId, NoteId, SegmentId};
use crate::kernel::runtime::Page;
use crate::kernel::store::concurrent::{self, ConcurrentEdit};
use crate::kernel::store::docs::{self, Record};
use crate::kernel::validate::{self, Checks};
use base64::Engine as _;

pub fn commands() -> Vec<Command> {
    use Permission::*;
    vec![
        command(
            "customers.create",
            CustomersWrite,
            true,
            "Create a customer",
            create,
        ),
        command(
            "customers.get",
            CustomersRead,
            false,
            "One customer by id",
            get,
        ),
        command(
            "customers.update",
            CustomersWrite,
            true,
            "Change a customer's fields",
            update,
        ),
        command(
            "customers.archive",
            CustomersWrite,
            true,
            "Archive a customer (hidden from lists, kept in full)",
            archive,
        ),
        command(
            "customers.unarchive",
            CustomersWrite,
            true,
            "Bring an archived customer back",
            unarchive,
        ),
        command(
            "customers.list",
            CustomersRead,
            false,
            "Search, filter, sort and page customers",
            list,
        ),
        command(
            "customers.tags.list",
            CustomersRead,
            false,
            "Every tag in use",
            tags,
        ),
        command(
            "customers.notes.create",
            CustomersWrite,
            true,
            "Add a note to a customer",
            note_create,
        ),
        command(
            "customers.notes.list",
            CustomersRead,
            false,
            "A customer's notes, newest first",
            note_list,
        ),
        command(
            "customers.interactions.create",
            CustomersWrite,
            true,
            "Record a call, email, visit, meeting or sale",
            interaction_create,
        ),
        command(
            "customers.interactions.list",
            CustomersRead,
            false,
            "A customer's interactions, newest first",
            interaction_list,
        ),
        command(
            "customers.timeline",
            CustomersRead,
            false,
            "Notes and interactions of a customer, newest first",
            timeline,
        ),
        command(
            "customers.segments.create",
            CustomersWrite,
            true,
            "Create a rule-based segment",
            segment_create,
        ),
        command(
            "customers.segments.update",
            CustomersWrite,
            true,
            "Change a segment",
            segment_update,
        ),
        command(
            "customers.segments.delete",
            CustomersWrite,
            true,
            "Delete a segment (customers are untouched)",
            segment_delete,
        ),
        command(
            "customers.segments.get",
            CustomersRead,
            false,
            "One segment with its member count",
            segment_get,
        ),
        command(
            "customers.segments.list",
            CustomersRead,
            false,
            "Every segment with its member count",
            segment_list,
        ),
        command(
            "customers.segments.preview",
            CustomersRead,
            false,
            "Member count for criteria not yet saved",
            segment_preview,
        ),
        command(
            "customers.segments.members",
            CustomersRead,
            false,
            "A page of a segment's members",
            segment_members,
        ),
        command(
            "customers.conflicts.list",
            CustomersRead,
            false,
            "Fields of a customer that two devices changed at the same time (who, what)",
            conflicts_list,
        ),
        command(
            "customers.conflicts.resolve",
            CustomersWrite,
            true,
            "Confirm the value kept for a field changed at the same time on two devices",
            conflicts_resolve,
        ),
        command(
            "customers.documents.export",
            CustomersExport,
            true,
            "A customer's Automerge document, for another Automerge client (JS, mobile) to load",
            document_export,
        ),
        command(
            "customers.documents.apply",
            CustomersWrite,
            true,
            "Apply Automerge changes another client made to a customer's document; checked like an edit",
            document_apply,
        ),
        command(
            "customers.gdpr.export",
            CustomersExport,
            true,
            "Everything held about one customer, as JSON (GDPR access request)",
            gdpr_export,
        ),
        command(
            "customers.gdpr.erase",
            CustomersErase,
            true,
            "Erase a customer's personal data here and from the document history",
            gdpr_erase,
        ),
        command(
            "customers.import",
            CustomersImport,
            true,
            "Import customers from CSV text: all rows or none",
            import,
        ),
        command(
            "customers.export",
            CustomersExport,
            true,
            "Export customers matching a query as CSV text",
            export,
        ),
    ]
}

/// The checked, normalised fields of a customer: the one place customer rules live, used by
/// create, update and import alike.
struct Fields {
    name: String,
    email: Option<String>,
    phone: Option<String>,
    address: Address,
    tax_id: Option<String>,
    tags: Vec<String>,
}

fn check_address(checks: &mut Checks, address: &Address) -> Address {
    let mut part = |field: &str, value: &str| -> String {
        checks
            .field(validate::optional(
                field,
                Some(value),
                ADDRESS_PART_CHARS_MAX,
            ))
            .flatten()
            .unwrap_or_default()
    };
    let (city, region) = (
        part("address.city", &address.city),
        part("address.region", &address.region),
    );
    let (postal_code, country) = (
        part("address.postal_code", &address.postal_code),
        part("address.country", &address.country),
    );
    // Street lines may span lines (spreadsheets hold them with Alt+Enter); the rest may not.
    let mut street = |field: &str, value: &str| -> String {
        checks
            .field(validate::multiline(
                field,
                value,
                ADDRESS_PART_CHARS_MAX,
                false,
            ))
            .unwrap_or_default()
    };
    Address {
        line1: street("address.line1", &address.line1),
        line2: street("address.line2", &address.line2),
        city,
        region,
        postal_code,
        country,
    }
}

fn check_tags(tags: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let Some(tag) = validate::optional("tags", Some(tag), TAG_CHARS_MAX)? else {
            continue;
        };
        if tag.contains(csv::TAG_SEPARATOR) {
            return Err(Error::invalid(
                "tags",
                Reason::InvalidValue,
                format!("a tag cannot contain '{}'", csv::TAG_SEPARATOR),
            ));
        }
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    if out.len() > TAGS_MAX {
        return Err(Error::invalid(
            "tags",
            Reason::TooMany,
            format!("a customer has at most {TAGS_MAX} tags"),
        )
        .with_limit(TAGS_MAX));
    }
    Ok(out)
}

/// Every field at once: the answer names each refused one.
fn check(input: &CustomerInput) -> Result<Fields> {
    let mut checks = Checks::default();
    let name = checks.field(validate::required("name", &input.name, NAME_CHARS_MAX));
    let email = checks.field(validate::email("email", input.email.as_deref()));
    let phone = checks.field(validate::phone("phone", input.phone.as_deref()));
    let address = check_address(&mut checks, &input.address.clone().unwrap_or_default());
    let tax_id = checks.field(validate::optional(
        "tax_id",
        input.tax_id.as_deref(),
        TAX_ID_CHARS_MAX,
    ));
    let tags = checks.field(check_tags(input.tags.as_deref().unwrap_or_default()));
    checks.done()?;
    Ok(Fields {
        name: name.unwrap_or_default(),
        email: email.flatten(),
        phone: phone.flatten(),
        address,
        tax_id: tax_id.flatten(),
        tags: tags.unwrap_or_default(),
    })
}

fn new_customer(fields: Fields, now_ms: i64) -> Customer {
    Customer {
        id: CustomerId::new(),
        name: fields.name,
        email: fields.email,
        phone: fields.phone,
        address: fields.address,
        tax_id: fields.tax_id,
        tags: fields.tags,
        archived: false,
        erased: false,
        created_at_ms: now_ms,
        updated_at_ms: now_ms,
    }
}

fn create(cx: &mut Cx<'_>, input: CustomerInput) -> Result<Customer> {
    let customer = new_customer(check(&input)?, cx.now_ms);
    cx.put(&customer)?;
    cx.record_change(
        customer.id,
        Summary::both(
            format!("created customer {}", customer.name),
            format!("新增客户 {}", customer.name),
        ),
    );
    Ok(customer)
}

/// A customer's field in Chinese words, for the activity log (the words the app shows).
fn field_zh(field: &str) -> &str {
    match field {
        "name" => "名称",
        "email" => "邮箱",
        "phone" => "电话",
        "address" => "地址",
        "tax_id" => "税号",
        "tags" => "标签",
        other => other,
    }
}

/// A kind of interaction in Chinese words, for the activity log (the words the app shows).
fn interaction_zh(kind: InteractionKind) -> &'static str {
    match kind {
        InteractionKind::Call => "电话",
        InteractionKind::Email => "邮件",
        InteractionKind::Visit => "拜访",
        InteractionKind::Meeting => "会议",
        InteractionKind::Sale => "销售",
        InteractionKind::Other => "其他",
    }
}

fn load(cx: &mut Cx<'_>, id: CustomerId) -> Result<Customer> {
    cx.get::<Customer>(&id)?
        .ok_or_else(|| Error::not_found("customer", id))
}

/// A customer that may still be written to: not erased. Only the erasure command sets `erased`,
/// nothing clears it, and nothing writes into an erased customer again (a refill would sync the
/// person back to every device).
fn load_writable(cx: &mut Cx<'_>, id: CustomerId) -> Result<Customer> {
    let customer = load(cx, id)?;
    if customer.erased {
        return Err(Error::conflict(
            "this customer's personal data was erased; it cannot be filled in again",
            "该客户的个人资料已被抹除，不能再次填写",
        ));
    }
    Ok(customer)
}

fn get(cx: &mut Cx<'_>, input: IdInput<CustomerId>) -> Result<Customer> {
    load(cx, input.id)
}

fn update(cx: &mut Cx<'_>, patch: CustomerPatch) -> Result<Customer> {
    let mut customer = load_writable(cx, patch.id)?;
    // Every field at once: the answer names each refused one, and nothing changes unless all pass.
    let mut checks = Checks::default();
    let mut changed = Vec::new();
    if let Some(name) = &patch.name {
        if let Some(name) = checks.field(validate::required("name", name, NAME_CHARS_MAX)) {
            customer.name = name;
        }
        changed.push("name");
    }
    if let Some(email) = &patch.email {
        if let Some(email) = checks.field(validate::email("email", Some(email))) {
            customer.email = email;
        }
        changed.push("email");
    }
    if let Some(phone) = &patch.phone {
        if let Some(phone) = checks.field(validate::phone("phone", Some(phone))) {
            customer.phone = phone;
        }
        changed.push("phone");
    }
    if let Some(address) = &patch.address {
        customer.address = check_address(&mut checks, address);
        changed.push("address");
    }
    if let Some(tax_id) = &patch.tax_id {
        if let Some(tax_id) =
            checks.field(validate::optional("tax_id", Some(tax_id), TAX_ID_CHARS_MAX))
        {
            customer.tax_id = tax_id;
        }
        changed.push("tax_id");
    }
    if let Some(tags) = &patch.tags {
        if let Some(tags) = checks.field(check_tags(tags)) {
            customer.tags = tags;
        }
        changed.push("tags");
    }
    checks.done()?;
    if changed.is_empty() {
        return Ok(customer);
    }
    customer.updated_at_ms = cx.now_ms;
    cx.put(&customer)?;
    let changed_zh: Vec<&str> = changed.iter().map(|field| field_zh(field)).collect();
    cx.record_change(
        customer.id,
        Summary::both(
            format!("updated {} of {}", changed.join(", "), customer.name),
            format!("修改了 {} 的{}", customer.name, changed_zh.join("、")),
        ),
    );
    Ok(customer)
}

fn document_export(cx: &mut Cx<'_>, input: IdInput<CustomerId>) -> Result<RecordDocument> {
    let customer = load(cx, input.id)?;
    let id = customer.id.to_string();
    let bytes = docs::export(cx.conn, &id)?.ok_or_else(|| Error::not_found("customer", &id))?;
    cx.record_change(
        customer.id,
        Summary::both(
            format!("exported the document of {}", customer.name),
            format!("导出了 {} 的文档", customer.name),
        ),
    );
    Ok(RecordDocument {
        id: customer.id,
        kind: Customer::KIND.to_string(),
        bytes: base64::engine::general_purpose::STANDARD.encode(bytes),
    })
}

fn document_apply(cx: &mut Cx<'_>, input: DocumentChanges) -> Result<Customer> {
    let stored = load_writable(cx, input.id)?;
    let changes = base64::engine::general_purpose::STANDARD
        .decode(input.changes.trim())
        .map_err(|_| {
            Error::validation(
                "changes",
                "changes: not base64",
                "changes：不是 base64 编码",
            )
        })?;
    let now_ms = cx.now_ms;
    let id = stored.id.to_string();
    let applied = docs::apply_changes::<Customer>(cx.conn, cx.docs, &id, &changes, now_ms, |c| {
        // The same rules as an edit here; a value they tidy is saved tidied.
        let fields = check(&CustomerInput {
            name: c.name.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            address: Some(c.address.clone()),
            tax_id: c.tax_id.clone(),
            tags: Some(c.tags.clone()),
        })?;
        let tidy = Customer {
            name: fields.name,
            email: fields.email,
            phone: fields.phone,
            address: fields.address,
            tax_id: fields.tax_id,
            tags: fields.tags,
            // Archiving and erasing have commands of their own (and permissions, and for erasure
            // a rewrite without history): a client's document cannot flip them.
            archived: stored.archived,
            erased: stored.erased,
            ..c.clone()
        };
        Ok((tidy != *c).then_some(Customer {
            updated_at_ms: now_ms,
            ..tidy
        }))
    })?;
    cx.record_change(
        applied.id,
        Summary::both(
            format!("applied changes from another client to {}", applied.name),
            format!("合并了另一客户端对 {} 的修改", applied.name),
        ),
    );
    Ok(applied)
}

fn conflicts_list(cx: &mut Cx<'_>, input: IdInput<CustomerId>) -> Result<Vec<ConcurrentEdit>> {
    let customer = load(cx, input.id)?;
    concurrent::of(cx.conn, &customer.id.to_string())
}

fn conflicts_resolve(cx: &mut Cx<'_>, input: ConflictResolve) -> Result<Vec<ConcurrentEdit>> {
    let customer = load_writable(cx, input.id)?;
    let id = customer.id.to_string();
    let field = validate::required("field", &input.field, 100)?;
    let listed = concurrent::of(cx.conn, &id)?;
    let Some(edit) = listed.iter().find(|e| e.field == field) else {
        return Err(Error::validation(
            "field",
            format!("{field} of {} was not changed concurrently", customer.name),
            format!("{} 的 {field} 没有被同时修改", customer.name),
        ));
    };
    let kept = edit
        .values
        .iter()
        .find(|v| v.kept)
        .map(|v| v.value.to_string());
    let remaining = cx.settle::<Customer>(&customer.id, &field)?;
    let kept = kept.unwrap_or_default();
    cx.record_change(
        customer.id,
        Summary::both(
            format!("confirmed {field} of {} as {kept}", customer.name),
            format!("确认 {} 的{}为 {kept}", customer.name, field_zh(&field)),
        ),
    );
    Ok(remaining)
}

fn set_archived(cx: &mut Cx<'_>, id: CustomerId, archived: bool) -> Result<Customer> {
    let mut customer = load_writable(cx, id)?;
    if customer.archived == archived {
        return Ok(customer);
    }
    customer.archived = archived;
    customer.updated_at_ms = cx.now_ms;
    cx.put(&customer)?;
    let (verb, verb_zh) = if archived {
        ("archived", "归档")
    } else {
        ("unarchived", "恢复")
    };
    cx.record_change(
        customer.id,
        Summary::both(
            format!("{verb} customer {}", customer.name),
            format!("{verb_zh}客户 {}", customer.name),
        ),
    );
    Ok(customer)
}

fn archive(cx: &mut Cx<'_>, input: IdInput<CustomerId>) -> Result<Customer> {
    set_archived(cx, input.id, true)
}

fn unarchive(cx: &mut Cx<'_>, input: IdInput<CustomerId>) -> Result<Customer> {
    set_archived(cx, input.id, false)
}

fn list(cx: &mut Cx<'_>, query: CustomerQuery) -> Result<Page<Customer>> {
    let (offset, limit) =
        validate::page(query.offset, query.limit, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX)?;
    store::list(cx.conn, &query, offset, limit)
}

fn tags(cx: &mut Cx<'_>, _: Empty) -> Result<Vec<String>> {
    store::tags(cx.conn)
}

fn existing_customer(cx: &mut Cx<'_>, id: CustomerId) -> Result<CustomerId> {
    if !store::customer_exists(cx.conn, id)? {
        return Err(Error {
            field: Some("customer_id".into()),
            ..Error::not_found("customer", id)
        });
    }
    Ok(id)
}

fn note_create(cx: &mut Cx<'_>, input: NoteInput) -> Result<Note> {
    let customer_id = existing_customer(cx, input.customer_id)?;
    load_writable(cx, customer_id)?;
    let text = validate::multiline("text", &input.text, NOTE_CHARS_MAX, true)?;
    let actor = cx.actor()?.clone();
    let note = Note {
        id: NoteId::new(),
        customer_id,
        author_id: actor.user_id,
        author_name: actor.name,
        text,
        created_at_ms: cx.now_ms,
    };
    cx.put(&note)?;
    cx.record_change(customer_id, Summary::both("added a note", "添加了一条备注"));
    Ok(note)
}

fn note_list(cx: &mut Cx<'_>, input: CustomerRef) -> Result<Vec<Note>> {
    let id = existing_customer(cx, input.customer_id)?;
    store::notes(cx.conn, id, TIMELINE_ITEMS_MAX)
}

fn interaction_create(cx: &mut Cx<'_>, input: InteractionInput) -> Result<Interaction> {
    let customer_id = existing_customer(cx, input.customer_id)?;
    load_writable(cx, customer_id)?;
    let description = validate::multiline(
        "description",
        input.description.as_deref().unwrap_or(""),
        DESCRIPTION_CHARS_MAX,
        false,
    )?;
    // Year 1900 to 2200: anything outside is a typo, not history.
    if !(-2_208_988_800_000..=7_258_118_400_000).contains(&input.occurred_at_ms) {
        return Err(Error::invalid(
            "occurred_at_ms",
            Reason::OutOfRange,
            "occurred_at_ms is not a plausible date",
        ));
    }
    let actor = cx.actor()?.clone();
    let interaction = Interaction {
        id: InteractionId::new(),
        customer_id,
        kind: input.kind,
        occurred_at_ms: input.occurred_at_ms,
        description,
        user_id: actor.user_id,
        user_name: actor.name,
        created_at_ms: cx.now_ms,
    };
    cx.put(&interaction)?;
    cx.record_change(
        customer_id,
        Summary::both(
            format!("recorded a {}", interaction.kind.as_str()),
            format!("记录互动：{}", interaction_zh(interaction.kind)),
        ),
    );
    Ok(interaction)
}

fn interaction_list(cx: &mut Cx<'_>, input: CustomerRef) -> Result<Vec<Interaction>> {
    let id = existing_customer(cx, input.customer_id)?;
    store::interactions(cx.conn, id, TIMELINE_ITEMS_MAX)
}

fn timeline(cx: &mut Cx<'_>, input: CustomerRef) -> Result<Vec<TimelineItem>> {
    let id = existing_customer(cx, input.customer_id)?;
    let mut items: Vec<TimelineItem> = store::notes(cx.conn, id, TIMELINE_ITEMS_MAX)?
        .into_iter()
        .map(TimelineItem::Note)
        .chain(
            store::interactions(cx.conn, id, TIMELINE_ITEMS_MAX)?
                .into_iter()
                .map(TimelineItem::Interaction),
        )
        .collect();
    items.sort_by_key(|item| std::cmp::Reverse(item.at_ms()));
    items.truncate(TIMELINE_ITEMS_MAX as usize);
    Ok(items)
}

fn member_count(cx: &mut Cx<'_>, criteria: &Criteria) -> Result<u64> {
    let mut filter = store::Filter::default();
    segments::append_criteria(&mut filter, criteria)?;
    store::count(cx.conn, &filter)
}

fn segment_view(cx: &mut Cx<'_>, record: &SegmentRecord) -> Result<Segment> {
    let criteria: Criteria = serde_json::from_str(&record.criteria_json)
        .map_err(|e| Error::internal(format!("segment {} criteria unreadable: {e}", record.id)))?;
    Ok(Segment {
        id: record.id,
        name: record.name.clone(),
        description: record.description.clone(),
        member_count: member_count(cx, &criteria)?,
        criteria,
        created_at_ms: record.created_at_ms,
        updated_at_ms: record.updated_at_ms,
    })
}

fn criteria_json(criteria: &Criteria) -> Result<String> {
    let criteria = segments::validate(criteria)?;
    serde_json::to_string(&criteria).map_err(|e| Error::internal(e.to_string()))
}

fn segment_create(cx: &mut Cx<'_>, input: SegmentInput) -> Result<Segment> {
    let record = SegmentRecord {
        id: SegmentId::new(),
        name: validate::required("name", &input.name, SEGMENT_NAME_CHARS_MAX)?,
        description: validate::multiline(
            "description",
            input.description.as_deref().unwrap_or(""),
            SEGMENT_DESCRIPTION_CHARS_MAX,
            false,
        )?,
        criteria_json: criteria_json(&input.criteria)?,
        deleted: false,
        created_at_ms: cx.now_ms,
        updated_at_ms: cx.now_ms,
    };
    cx.put(&record)?;
    cx.record_change(
        record.id,
        Summary::both(
            format!("created segment {}", record.name),
            format!("新建客户分组 {}", record.name),
        ),
    );
    segment_view(cx, &record)
}

fn load_segment(cx: &mut Cx<'_>, id: SegmentId) -> Result<SegmentRecord> {
    match cx.get::<SegmentRecord>(&id)? {
        Some(record) if !record.deleted => Ok(record),
        _ => Err(Error::not_found("segment", id)),
    }
}

fn segment_update(cx: &mut Cx<'_>, patch: SegmentPatch) -> Result<Segment> {
    let mut record = load_segment(cx, patch.id)?;
    if let Some(name) = &patch.name {
        record.name = validate::required("name", name, SEGMENT_NAME_CHARS_MAX)?;
    }
    if let Some(description) = &patch.description {
        record.description = validate::multiline(
            "description",
            description,
            SEGMENT_DESCRIPTION_CHARS_MAX,
            false,
        )?;
    }
    if let Some(criteria) = &patch.criteria {
        record.criteria_json = criteria_json(criteria)?;
    }
    record.updated_at_ms = cx.now_ms;
    cx.put(&record)?;
    cx.record_change(
        record.id,
        Summary::both(
            format!("updated segment {}", record.name),
            format!("修改客户分组 {}", record.name),
        ),
    );
    segment_view(cx, &record)
}

fn segment_delete(cx: &mut Cx<'_>, input: IdInput<SegmentId>) -> Result<Done> {
    let mut record = load_segment(cx, input.id)?;
    // A tombstone, not a removal: the deletion must reach other devices when they sync.
    record.deleted = true;
    record.updated_at_ms = cx.now_ms;
    cx.put(&record)?;
    cx.record_change(
        record.id,
        Summary::both(
            format!("deleted segment {}", record.name),
            format!("删除客户分组 {}", record.name),
        ),
    );
    Ok(Done {})
}

fn segment_get(cx: &mut Cx<'_>, input: IdInput<SegmentId>) -> Result<Segment> {
    let record = load_segment(cx, input.id)?;
    segment_view(cx, &record)
}

fn segment_list(cx: &mut Cx<'_>, _: Empty) -> Result<Vec<Segment>> {
    let mut out = Vec::new();
    for id in store::segment_ids(cx.conn)? {
        let record = load_segment(cx, id)?;
        out.push(segment_view(cx, &record)?);
    }
    Ok(out)
}

fn segment_preview(cx: &mut Cx<'_>, input: SegmentPreviewInput) -> Result<SegmentCount> {
    let criteria = segments::validate(&input.criteria)?;
    Ok(SegmentCount {
        member_count: member_count(cx, &criteria)?,
    })
}

fn segment_members(cx: &mut Cx<'_>, input: SegmentMembersInput) -> Result<Page<Customer>> {
    let record = load_segment(cx, input.id)?;
    let (offset, limit) =
        validate::page(input.offset, input.limit, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX)?;
    let query = CustomerQuery {
        segment_id: Some(record.id),
        status: Some(CustomerStatus::All),
        ..CustomerQuery::default()
    };
    store::list(cx.conn, &query, offset, limit)
}

fn import(cx: &mut Cx<'_>, input: ImportInput) -> Result<ImportReport> {
    let rows = csv::parse(&input.csv)?;
    // Check every row before writing any: all rows go in, or none.
    let mut checked = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    for (row, input) in &rows {
        match check(input) {
            Ok(fields) => checked.push(fields),
            Err(err) => {
                let field = err.field.as_deref().map(csv_column);
                errors.push(RowError {
                    row: *row,
                    message: format!("row {row}: {}", err.message),
                    field,
                    reason: err.reason,
                    limit: err.limit.map(u64::from),
                });
                if errors.len() >= csv::ROW_ERRORS_MAX {
                    break;
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::rows(
            format!("{} rows have errors; nothing was imported", errors.len()),
            format!("有 {} 行有错误；什么都没有导入", errors.len()),
            errors,
        ));
    }
    for fields in checked {
        let customer = new_customer(fields, cx.now_ms);
        cx.put(&customer)?;
    }
    let imported = rows.len() as u64;
    cx.record_change(
        "customers",
        Summary::both(
            format!("imported {imported} customers from CSV"),
            format!("从 CSV 导入 {imported} 位客户"),
        ),
    );
    Ok(ImportReport { imported })
}

/// The CSV column a customer field comes from, for row errors.
fn csv_column(field: &str) -> String {
    match field.strip_prefix("address.") {
        Some("line1") => "address_line1".into(),
        Some("line2") => "address_line2".into(),
        Some(part) => part.into(),
        None => field.into(),
    }
}

pub const EXPORT_ROWS_MAX: u64 = 1_000_000;

fn export(cx: &mut Cx<'_>, query: CustomerQuery) -> Result<ExportResult> {
    let filter = store::query_filter(cx.conn, &query)?;
    let customers = store::select(cx.conn, &filter, &query, Some((0, EXPORT_ROWS_MAX)))?;
    let count = customers.len() as u64;
    // The customer list leaving the building is worth a line in the log.
    cx.record_change(
        "customers",
        Summary::both(
            format!("exported {count} customers to CSV"),
            format!("导出 {count} 位客户到 CSV"),
        ),
    );
    Ok(ExportResult {
        count,
        csv: csv::write(&customers)?,
    })
}

fn gdpr_export(cx: &mut Cx<'_>, input: IdInput<CustomerId>) -> Result<CustomerDataExport> {
    let customer = load(cx, input.id)?;
    let notes = store::notes(cx.conn, customer.id, TIMELINE_ITEMS_MAX)?;
    let interactions = store::interactions(cx.conn, customer.id, TIMELINE_ITEMS_MAX)?;
    let activity = crate::kernel::activity::for_target(cx.conn, &customer.id.to_string())?;
    cx.record_change(
        customer.id,
        Summary::both(
            "exported the customer's personal data",
            "导出了客户的个人数据",
        ),
    );
    Ok(CustomerDataExport {
        customer,
        notes,
        interactions,
        activity,
    })
}

/// Erases who the customer is: contact details, address, tax id, tags, and the text of their
/// notes and interactions. Each document is rewritten without its history, so the old values
/// are gone from this device's store too; the record stays (archived) so that anything that
/// refers to it still resolves. When sync arrives, the `erased` flag is what tells other
/// devices to rewrite their copies.
fn gdpr_erase(cx: &mut Cx<'_>, input: IdInput<CustomerId>) -> Result<Customer> {
    let mut customer = load(cx, input.id)?;
    if customer.erased {
        return Ok(customer);
    }
    // What the log may name the customer by, taken out of it below.
    let words: Vec<String> = [Some(customer.name.clone()), customer.email.clone()]
        .into_iter()
        .chain([customer.phone.clone(), customer.tax_id.clone()])
        .flatten()
        .collect();
    let mut targets = vec![customer.id.to_string()];
    customer.name = ERASED_NAME.to_string();
    customer.email = None;
    customer.phone = None;
    customer.address = Address::default();
    customer.tax_id = None;
    customer.tags.clear();
    customer.archived = true;
    customer.erased = true;
    customer.updated_at_ms = cx.now_ms;
    cx.replace(&customer)?;
    for mut note in store::notes(cx.conn, customer.id, u64::MAX >> 1)? {
        note.text = String::new();
        cx.replace(&note)?;
        targets.push(note.id.to_string());
    }
    for mut interaction in store::interactions(cx.conn, customer.id, u64::MAX >> 1)? {
        interaction.description = String::new();
        cx.replace(&interaction)?;
        targets.push(interaction.id.to_string());
    }
    // No trace left behind: not in the log, not in the search index's old segments, and (once
    // committed) not in a free page or the write-ahead log.
    crate::kernel::activity::redact(cx.conn, &targets, &words)?;
    crate::kernel::store::compact_search_indexes(cx.conn)?;
    cx.scrub_after_commit();
    cx.record_change(
        customer.id,
        Summary::both(
            "erased the customer's personal data",
            "清除了客户的个人数据",
        ),
    );
    Ok(customer)
}
