// Generated from the Rust types by crates/core/src/bindings.rs. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test -p suanpan-core bindings` after changing them.

export type CompanyId = string;

export type UserId = string;

export type RoleId = string;

export type DeviceId = string;

export type CustomerId = string;

export type NoteId = string;

export type InteractionId = string;

export type SegmentId = string;

export type ActivityId = string;

export type AccountId = string;

export type EntryId = string;

export type MoneyEventId = string;

export type TaxId = string;

export type InvoiceId = string;

export type PaymentId = string;

export type RecurringId = string;

export type ErrorCode = "validation" | "not_found" | "unauthenticated" | "forbidden" | "conflict" | "unknown_command" | "bad_json" | "storage" | "locked" | "internal";

export type Reason = "required" | "too_long" | "too_short" | "too_many" | "single_line" | "invalid_email" | "invalid_phone" | "invalid_id" | "invalid_date" | "invalid_value" | "unknown_field" | "out_of_range" | "wrong_credentials" | "locked" | "mfa_required" | "wrong_otp" | "session_locked" | "passphrase_required" | "wrong_passphrase" | "relay_offline" | "relay_refused" | "missing_column" | "unclosed_quote" | "wrong_field_count" | "negative" | "too_many_decimals" | "too_large";

export type RowError = { row: number, field: string | null, message: string, reason?: Reason, limit?: number, };

export type FieldError = { field: string, message: string, reason?: Reason, limit?: number, message_zh?: string, };

export type ApiErrorBody = { code: ErrorCode, message: string, field?: string, details?: Array<RowError>, 
/**
 * Every refused field of a form checked as a whole, this error's own field first; empty
 * when only one field was refused (`field` says which).
 */
fields?: Array<FieldError>, reason?: Reason, limit?: number, 
/**
 * `message` in Simplified Chinese, for a refusal whose `reason` does not say it all (a
 * conflict, a rule of the area): naming the field or record as `message` does.
 */
message_zh?: string, };

export type Done = Record<symbol, never>;

export type Empty = Record<string, never>;

export type Role = "owner" | "manager" | "accountant" | "cashier" | "staff";

export type UserStatus = "active" | "disabled";

export type User = { id: UserId, name: string, email: string, role: Role, 
/**
 * Set when the user has a custom role (`role` is then `staff`).
 */
custom_role_id: RoleId | null, status: UserStatus, mfa_enabled: boolean, 
/**
 * Has a quick-switch PIN.
 */
pin_set: boolean, };

export type Session = { token: string, user: User, expires_at_ms: number, 
/**
 * What the user's role may do, so the UI can hide the rest (the core still checks).
 */
permissions: Array<string>, 
/**
 * The user's role requires two-step sign-in and it is not set up yet: until it is, the
 * session may do nothing but set it up (and `permissions` is empty).
 */
mfa_setup_required: boolean, 
/**
 * The built-in roles this user may give and whose holders they may change (only an owner
 * manages owners); empty without users.manage.
 */
assignable_roles: Array<Role>, };

export type SetupStatus = { initialized: boolean, company_name: string | null, };

export type InitInput = { company_name: string, owner_name: string, owner_email: string, password: string, };

export type NewUserInput = { name: string, email: string, role: Role, 
/**
 * A custom role instead of `role` (which must then be `staff`).
 */
custom_role_id?: RoleId, password: string, };

export type UserPatch = { id: UserId, name?: string, 
/**
 * A built-in role; clears a custom role unless `custom_role_id` is given too.
 */
role?: Role, 
/**
 * A custom role (the built-in role becomes `staff`).
 */
custom_role_id?: RoleId, };

export type UserRef = { id: UserId, };

export type PasswordReset = { id: UserId, password: string, };

export type PasswordChange = { current_password: string, new_password: string, };

export type UserListItem = { last_login_at_ms: number | null, id: UserId, name: string, email: string, role: Role, 
/**
 * Set when the user has a custom role (`role` is then `staff`).
 */
custom_role_id: RoleId | null, status: UserStatus, mfa_enabled: boolean, 
/**
 * Has a quick-switch PIN.
 */
pin_set: boolean, };

export type LoginInput = { email: string, password: string, remember?: boolean, 
/**
 * A code from the authenticator app, or a recovery code, when the user has MFA.
 */
otp?: string, };

export type MfaEnrollment = { 
/**
 * Base32, for typing into an authenticator app by hand.
 */
secret: string, 
/**
 * `otpauth://` URL, shown as a QR code.
 */
otpauth_url: string, };

export type OtpInput = { code: string, };

export type RecoveryCodes = { 
/**
 * Shown once: each works once instead of an authenticator code.
 */
recovery_codes: Array<string>, };

export type ActivityEntry = { id: ActivityId, user_id: UserId | null, user_name: string, command: string, target_id: string | null, at_ms: number, device_id: DeviceId, summary: string, 
/**
 * The summary in Chinese, where the change said it.
 */
summary_zh: string | null, };

export type ActivityQuery = { user_id?: UserId, command?: string, 
/**
 * Entries at or after this time.
 */
from_ms?: number, 
/**
 * Entries before this time.
 */
to_ms?: number, offset?: number, limit?: number, };

export type BrokenLink = { 
/**
 * The position (1, 2, ...) of the first entry that does not fit.
 */
seq: number, id: string | null, at_ms: number | null, problem: string, };

export type AuditReport = { intact: boolean, checked: number, first_broken: BrokenLink | null, };

export type ActivityExport = { csv: string, count: number, };

export type CompanyProfile = { address_line1: string, address_line2: string, postal_code: string, city: string, region: string, country: string, 
/**
 * The tax registration number (统一社会信用代码 / VAT number).
 */
tax_id: string, phone: string, email: string, 
/**
 * The bank the company is paid into (开户行) and the account there (账号).
 */
bank_name: string, bank_account: string, };

export type KeySource = "keychain" | "passphrase";

export type RoleInfo = { 
/**
 * The built-in role's name (`owner`, …) or the custom role's id.
 */
key: string, name: string, description: string, built_in: boolean, permissions: Array<string>, 
/**
 * Its users must use two-step sign-in.
 */
mfa_required: boolean, 
/**
 * Active and disabled users holding it.
 */
users: number, };

export type PermissionInfo = { permission: string, description: string, 
/**
 * A custom role may hold it (security.manage stays with owners).
 */
custom_roles: boolean, };

export type RoleInput = { name: string, description?: string, permissions: Array<string>, };

export type RolePatch = { id: RoleId, name?: string, description?: string, permissions?: Array<string>, };

export type RoleRef = { id: RoleId, };

export type MfaRule = { 
/**
 * A built-in role's name or a custom role's id.
 */
role: string, required: boolean, };

export type UnlockInput = { pin?: string, password?: string, };

export type SwitchInput = { user_id: UserId, pin: string, };

export type PinInput = { 
/**
 * 4 to 8 digits; `null` clears the PIN.
 */
pin: string | null, current_password: string, };

export type SwitchCandidate = { id: UserId, name: string, };

export type SecuritySettings = { 
/**
 * Minutes without use before the app locks; 0 never locks.
 */
idle_lock_minutes: number, };

export type SyncReport = { pushed: number, pulled: number, 
/**
 * Entries that changed a document here.
 */
applied: number, 
/**
 * Entries still waiting for what they build on.
 */
waiting: number, 
/**
 * Entries that failed authentication (not sealed with this company's key): skipped.
 */
rejected: number, cursor: number, 
/**
 * Attached files sent to the relay and fetched from it.
 */
files_sent: number, files_received: number, 
/**
 * Files that records here refer to and the relay does not have yet.
 */
files_waiting: number, 
/**
 * Files no record here refers to any more, which the relay was told it may delete.
 */
files_forgotten: number, };

export type SyncConnect = { relay_url: string, 
/**
 * The company's account on the relay.
 */
email: string, password: string, device_name: string, 
/**
 * Create the relay account (the first device); otherwise join it.
 */
create?: boolean, 
/**
 * Joining: the company's sync key, from `sync key` on a device that has it.
 */
key?: string, 
/**
 * Joining instead by the pairing code a connected device shows (`CCCC-SSSSSS`): the key
 * then comes from that device, through the relay, sealed.
 */
pairing_code?: string, };

export type SyncStatus = { configured: boolean, relay_url: string | null, device_id: string | null, 
/**
 * Changes made here not yet acknowledged by the relay.
 */
pending: number, 
/**
 * Changes from others waiting for what they build on.
 */
waiting: number, last_synced_at_ms: number | null, };

export type DeviceRef = { device_id: string, };

export type SyncKeyShown = { 
/**
 * 64 hex digits.
 */
key: string, };

export type Device = { id: string, name: string, created_at_ms: number, last_seen_ms: number, revoked: boolean, };

export type Page<T> = { total: number, items: Array<T>, };

export type PairingStatus = { 
/**
 * `waiting`: for the new device; `sent`: the sealed key is on its way; `done`: the new
 * device took it; `expired`: the code ran out (start again).
 */
state: PairingState, 
/**
 * The code to type on the new device, `CCCC-SSSSSS`.
 */
code: string, expires_at_ms: number, };

export type PairingState = "waiting" | "sent" | "done" | "expired";

export type EncryptionStatus = { encrypted: boolean, 
/**
 * `null` when not encrypted (an in-memory store).
 */
key_source: KeySource | null, };

export type RecoveryKey = { recovery_key: string, };

export type AccountKind = "asset" | "liability" | "equity" | "income" | "expense";

export type Account = { id: AccountId, 
/**
 * The account's number in the chart (`1001`, `6602`): unique, and it orders the chart.
 */
code: string, name: string, kind: AccountKind, archived: boolean, 
/**
 * Cash, a bank account or an e-wallet: where payments land, and what the cash flow
 * statement follows. The chart's own cash, bank and wallet accounts always are.
 */
holds_money: boolean, created_at_ms: number, updated_at_ms: number, };

export type JournalEntry = { id: EntryId, date: string, memo: string, 
/**
 * The memo in Chinese, when the app wrote it (null for an entry a person typed): what a
 * journal read in Chinese shows instead of `memo`.
 */
memo_zh: string | null, source: string, source_id: string | null, reverses: EntryId | null, 
/**
 * The entry that reverses this one, if any.
 */
reversed_by: EntryId | null, 
/**
 * Whether `finances.journal.reverse` takes it: typed in (manual, opening balances), not
 * reversed and not a reversal.
 */
reversible: boolean, lines: Array<JournalLine>, 
/**
 * The sum of its debits (which equals the sum of its credits).
 */
total: string, posted_by_name: string, posted_at_ms: number, };

export type OpeningStatus = { entry: JournalEntry | null, also_standing: Array<JournalEntry>, };

export type StartStepKey = "company" | "books" | "taxes" | "opening" | "products" | "customers" | "staff" | "devices";

export type StartStep = { key: StartStepKey, done: boolean, };

export type StartChecklist = { steps: Array<StartStep>, 
/**
 * How many steps are done.
 */
done: number, };

export type JournalLine = { account_id: AccountId, account_code: string, account_name: string, 
/**
 * Decimal strings; "0.00" on the other side.
 */
debit: string, credit: string, };

export type JournalLineInput = { account_id: AccountId, debit?: string, credit?: string, };

export type JournalEntryInput = { date: string, memo: string, lines: Array<JournalLineInput>, };

export type OpeningBalancesInput = { date: string, lines: Array<JournalLineInput>, 
/**
 * The equity account that takes the difference (default: the chart's first equity account,
 * owner's equity / 实收资本).
 */
equity_account_id?: AccountId, };

export type JournalPreviewInput = { lines: Array<JournalPreviewLine>, };

export type JournalPreviewLine = { account_id?: AccountId, debit?: string, credit?: string, };

export type JournalPreview = { total_debit: string, total_credit: string, 
/**
 * How far debits and credits are apart, never negative.
 */
difference: string, 
/**
 * Debits equal credits and are more than nothing.
 */
balanced: boolean, 
/**
 * The amounts typed that are not amounts the entry could post (`lines[1].credit`), so the
 * form can say so at once.
 */
unreadable: Array<string>, };

export type ReverseInput = { id: EntryId, 
/**
 * The reversal's date (default: the original's date, or the first open day after it).
 */
date?: string, memo?: string, };

export type DateRange = { 
/**
 * First day included (`YYYY-MM-DD`); none: from the beginning.
 */
from?: string, 
/**
 * Last day included; none: up to today and beyond.
 */
to?: string, };

export type MoneyEvent = { id: MoneyEventId, kind: MoneyEventKind, date: string, amount: string, category_id: AccountId, category_name: string, account_id: AccountId, account_name: string, party: string, description: string, entry_id: EntryId, voided: boolean, created_by_name: string, created_at_ms: number, 
/**
 * The tax inside the amount ("0.00" without one).
 */
tax: string, tax_id: TaxId | null, attachments: Array<Attachment>, 
/**
 * Only in what `finances.expenses.create` answers: when paying it left the cash or bank
 * account below zero, that account's balance now (e.g. "-22389.02"). The expense is kept
 * (money may have come in that is not recorded yet, such as opening balances); the screen
 * warns. Otherwise null.
 */
overdrawn: string | null, };

export type MoneyEventKind = "income" | "expense";

export type MoneyEventList = { events: Array<MoneyEvent>, 
/**
 * The sum of the amounts, voided records left out.
 */
total: string, };

export type MoneyEventInput = { date: string, amount: string, 
/**
 * The income or expense account; default: the chart's first of that kind.
 */
category_id?: AccountId, 
/**
 * Cash or bank account; default: the chart's first asset account (cash).
 */
account_id?: AccountId, party?: string, description?: string, 
/**
 * Expenses: the tax included in the amount (input tax, posted to its own account).
 */
tax_id?: TaxId, };

export type FinanceSettings = { base_currency: string, template: string, closed_through: string | null, tax_rounding: Rounding, payment_terms_days: number, invoice_header: string, has_logo: boolean, 
/**
 * The most a cashier may take off an invoice line, as a percentage; none: no cap.
 */
cashier_discount_max_percent: string | null, 
/**
 * The shop's offset from UTC, in minutes: the day "today" is.
 */
utc_offset_minutes: number, 
/**
 * What an income or expense takes for a field left blank (the form shows it).
 */
defaults: AccountDefaults, };

export type AccountDefaults = { 
/**
 * Sales (主营业务收入; Sales).
 */
income_category_id: AccountId | null, 
/**
 * General running costs (管理费用; Other expenses), not the cost of goods sold.
 */
expense_category_id: AccountId | null, 
/**
 * The first account that holds money: cash.
 */
money_account_id: AccountId | null, };

export type SetupInput = { 
/**
 * `generic` or `prc_small_business` (小企业会计准则).
 */
template: string, 
/**
 * ISO 4217, e.g. CNY (the default).
 */
base_currency?: string, 
/**
 * The shop's offset from UTC in minutes (the app sends the computer's).
 */
utc_offset_minutes?: number, };

export type AccountInput = { code: string, name: string, kind: AccountKind, 
/**
 * An asset that holds money (a second bank account, a till): see [`Account::holds_money`].
 */
holds_money?: boolean, };

export type AccountPatch = { id: AccountId, name?: string, archived?: boolean, holds_money?: boolean, };

export type ClosePeriodInput = { 
/**
 * Close every day up to and including this one; `null` reopens everything (owners).
 */
through: string | null, };

export type TrialBalanceRow = { account_id: AccountId, code: string, name: string, kind: AccountKind, debit: string, credit: string, 
/**
 * Debits minus credits for assets and expenses, credits minus debits for the rest.
 */
balance: string, 
/**
 * The balance in the period compared with, when a comparison was asked for.
 */
prior_balance: string | null, };

export type TrialBalance = { from: string | null, to: string | null, rows: Array<TrialBalanceRow>, total_debit: string, total_credit: string, 
/**
 * The period compared with (rows carry `prior_balance`).
 */
prior: PriorTotals | null, };

export type ProfitAndLoss = { from: string | null, to: string | null, 
/**
 * The period compared with: as long as this one, just before it.
 */
prior: PriorPeriod | null, income: Array<TrialBalanceRow>, expenses: Array<TrialBalanceRow>, total_income: string, total_expenses: string, 
/**
 * Income minus expenses.
 */
net: string, };

export type SettingsPatch = { tax_rounding?: Rounding, payment_terms_days?: number, invoice_header?: string, 
/**
 * A PNG logo as base64; an empty string removes it.
 */
logo_png?: string, 
/**
 * The most a cashier may discount a line, in percent; "" removes the cap.
 */
cashier_discount_max_percent?: string, 
/**
 * The shop's offset from UTC in minutes (-720 to 840).
 */
utc_offset_minutes?: number, };

export type TaxComponent = { name: string, 
/**
 * A percentage: "13", "8.875".
 */
rate: string, };

export type Tax = { id: TaxId, name: string, 
/**
 * The total percentage of its components.
 */
rate: string, components: Array<TaxComponent>, preset: string | null, archived: boolean, };

export type TaxComponentInput = { name: string, rate: string, };

export type TaxInput = { name: string, rate?: string, components?: Array<TaxComponentInput>, };

export type TaxPatch = { id: TaxId, name?: string, archived?: boolean, };

export type TaxPreset = { name: string, title: string, taxes: Array<PresetTax>, };

export type PresetTax = { name: string, rate: string, components: Array<TaxComponent>, };

export type PresetInput = { 
/**
 * `prc_vat`, `eu_vat` or `us_sales`.
 */
preset: string, };

export type InvoiceLine = { description: string, quantity: string, unit_price: string, 
/**
 * A percentage.
 */
discount: string, tax_id: TaxId | null, tax_name: string, tax_rate: string, net: string, tax: string, product_id: ProductId | null, };

export type Invoice = { id: InvoiceId, kind: InvoiceKind, credits: InvoiceId | null, number: string | null, customer_id: CustomerId, customer_name: string, issue_date: string, due_date: string, prices_include_tax: boolean, tax_rounding: Rounding, lines: Array<InvoiceLine>, subtotal: string, tax: string, total: string, 
/**
 * Paid by payments, applied credit and credit notes.
 */
paid: string, 
/**
 * What the customer still owes on it.
 */
outstanding: string, notes: string, status: InvoiceStatus, entry_id: EntryId | null, created_by_name: string, created_at_ms: number, 
/**
 * The invoice's currency (the base currency unless it is foreign).
 */
currency: string, 
/**
 * Base units per unit of `currency`; "1" in the base currency.
 */
exchange_rate: string, 
/**
 * The total in the base currency, as the ledger holds it.
 */
base_total: string, 
/**
 * The stock location its products leave from.
 */
location_id: LocationId | null, 
/**
 * A payment may be taken against it: it is issued and something is owed.
 */
takes_payment: boolean, 
/**
 * Something is paid and something is still owed (also when it is overdue, which its
 * status says first).
 */
part_paid: boolean, 
/**
 * A credit note may be issued against it: it is issued (paid or not).
 */
takes_credit_note: boolean, 
/**
 * Only in what `finances.invoices.issue` answers: the products this invoice left below
 * zero where its goods left from (a warning; the invoice is issued). Empty otherwise.
 */
short_stock: Array<ShortStock>, };

export type InvoiceStatus = "draft" | "issued" | "partially_paid" | "paid" | "overdue" | "void";

export type InvoiceKind = "invoice" | "credit_note";

export type PaymentKind = "payment" | "refund" | "credit" | "credit_note" | "surplus";

export type PaymentMethod = "cash" | "card" | "bank_transfer" | "wechat_pay" | "alipay" | "other" | "credit" | "credit_note";

export type AttentionKind = "payment_on_void" | "overpaid" | "overcredited" | "negative_credit" | "unreversed_void" | "posting_differs" | "posting_date_differs" | "does_not_add_up" | "number_lost";

export type Rounding = "line" | "document";

export type InvoiceLineInput = { 
/**
 * May be empty for a product (its name is used).
 */
description: string, quantity: string, 
/**
 * May be empty for a product (its price is used).
 */
unit_price: string, 
/**
 * A percentage off, 0 to 100.
 */
discount?: string, tax_id?: TaxId, 
/**
 * A product from the list: its name, price and tax are the defaults, and issuing takes
 * it out of stock.
 */
product_id?: ProductId, };

export type InvoiceInput = { customer_id: CustomerId, 
/**
 * Default: today.
 */
issue_date?: string, 
/**
 * Default: the issue date plus the company's payment terms.
 */
due_date?: string, prices_include_tax?: boolean, lines: Array<InvoiceLineInput>, 
/**
 * ISO 4217; default: the base currency.
 */
currency?: string, 
/**
 * Base units per unit of the currency (up to 6 decimals); needed for a foreign currency.
 */
exchange_rate?: string, notes?: string, 
/**
 * The stock location its products leave from (default: the first location).
 */
location_id?: LocationId, };

export type InvoicePatch = { id: InvoiceId, customer_id?: CustomerId, issue_date?: string, due_date?: string, prices_include_tax?: boolean, lines?: Array<InvoiceLineInput>, 
/**
 * ISO 4217; default: the base currency.
 */
currency?: string, 
/**
 * Base units per unit of the currency (up to 6 decimals); needed for a foreign currency.
 */
exchange_rate?: string, notes?: string, 
/**
 * The stock location its products leave from (default: the first location).
 */
location_id?: LocationId | null, };

export type IssueInput = { id: InvoiceId, 
/**
 * Default: the draft's issue date.
 */
issue_date?: string, };

export type VoidInput = { id: InvoiceId, 
/**
 * The reversal's date; default: the invoice's date or the first open day after it.
 */
date?: string, };

export type CreditNoteInput = { 
/**
 * The issued invoice it credits.
 */
invoice_id: InvoiceId, 
/**
 * Default: today.
 */
date?: string, 
/**
 * Lines credited (as on an invoice); default: every line of the invoice, in full.
 */
lines?: Array<InvoiceLineInput>, 
/**
 * The customer brought the goods back: the credited product lines go back into stock where
 * they were sold from (at most what the invoice took out and has not had back). Default:
 * no (a credit for a complaint leaves the stock as it is).
 */
restock?: boolean, notes?: string, };

export type InvoiceQuery = { from?: string, to?: string, customer_id?: CustomerId, 
/**
 * One of the statuses an invoice shows.
 */
status?: InvoiceStatus, 
/**
 * Default and most: 500.
 */
limit?: number, };

export type InvoiceList = { invoices: Array<Invoice>, 
/**
 * More invoices matched than were returned: narrow the range.
 */
truncated: boolean, };

export type InvoiceSeries = { prefix: string, yearly_reset: boolean, 
/**
 * What the next invoice issued today on this device will be numbered.
 */
next_number: string, 
/**
 * The other devices' prefixes (now and before) this device knows of.
 */
other_prefixes: Array<string>, };

export type SeriesPatch = { prefix?: string, yearly_reset?: boolean, };

export type Payment = { id: PaymentId, kind: PaymentKind, customer_id: CustomerId, customer_name: string, invoice_id: InvoiceId | null, invoice_number: string | null, date: string, amount: string, method: PaymentMethod, reference: string, account_id: AccountId | null, to_invoice: string, to_credit: string, entry_id: EntryId, voided: boolean, created_by_name: string, created_at_ms: number, };

export type PaymentInput = { 
/**
 * The invoice paid; without one the payment is kept as the customer's credit.
 */
invoice_id?: InvoiceId, 
/**
 * Needed without an invoice.
 */
customer_id?: CustomerId, 
/**
 * Default: today.
 */
date?: string, amount: string, 
/**
 * `cash`, `card`, `bank_transfer`, `wechat_pay`, `alipay`, `other`, or `credit` to apply
 * the customer's credit.
 */
method: PaymentMethod, reference?: string, 
/**
 * Cash or bank account; default by method.
 */
account_id?: AccountId, 
/**
 * For an invoice in a foreign currency: the day's rate (default: the invoice's). The
 * difference to the invoice's rate is an exchange gain or loss.
 */
exchange_rate?: string, };

export type RefundInput = { customer_id: CustomerId, date?: string, amount: string, method: PaymentMethod, reference?: string, account_id?: AccountId, };

export type PaymentQuery = { from?: string, to?: string, customer_id?: CustomerId, invoice_id?: InvoiceId, };

export type CustomerIdInput = { customer_id: CustomerId, };

export type CustomerBalance = { customer_id: CustomerId, 
/**
 * Owed on issued invoices.
 */
receivable: string, 
/**
 * Credit the customer holds (overpayments and credit notes beyond what was owed).
 */
credit: string, };

export type AsOfInput = { 
/**
 * Default: today.
 */
as_of?: string, 
/**
 * A second day to show beside it (the end of the prior period).
 */
compare_to?: string, };

export type BalanceSheet = { as_of: string, compare_to: string | null, assets: Array<TrialBalanceRow>, liabilities: Array<TrialBalanceRow>, equity: Array<TrialBalanceRow>, 
/**
 * Income minus expenses of every day up to `as_of`: the profit not yet moved into
 * retained earnings.
 */
earnings: string, total_assets: string, total_liabilities: string, 
/**
 * Equity accounts plus earnings.
 */
total_equity: string, 
/**
 * Liabilities plus equity: the side that equals the assets.
 */
total_liabilities_and_equity: string, 
/**
 * The same totals on `compare_to`.
 */
prior_earnings: string | null, prior_total_assets: string | null, prior_total_liabilities: string | null, prior_total_equity: string | null, prior_total_liabilities_and_equity: string | null, };

export type AgingRow = { customer_id: CustomerId, customer_name: string, 
/**
 * Not yet due, then 1–30, 31–60, 61–90 and over 90 days past due.
 */
current: string, days_30: string, days_60: string, days_90: string, over_90: string, total: string, };

export type AgingReport = { as_of: string, rows: Array<AgingRow>, total: AgingRow, };

export type TaxSummaryRow = { tax_id: TaxId | null, name: string, rate: string, 
/**
 * Sales (net) and the tax on them, less credit notes.
 */
sales: string, output_tax: string, 
/**
 * Expenses (net) and the tax paid on them.
 */
purchases: string, input_tax: string, };

export type TaxSummary = { from: string | null, to: string | null, rows: Array<TaxSummaryRow>, output_tax: string, input_tax: string, 
/**
 * Output minus input: what is owed for the period (negative: to reclaim).
 */
net: string, 
/**
 * The same totals for the period before, when a comparison was asked for.
 */
prior: TaxSummaryPrior | null, };

export type PriorPeriod = { from: string, to: string, total_income: string, total_expenses: string, net: string, };

export type PeriodInput = { from?: string, to?: string, 
/**
 * Compare with the period of the same length just before (needs from and to).
 */
compare?: boolean, };

export type CashFlow = { from: string | null, to: string | null, opening: string, lines: Array<CashFlowLine>, net: string, closing: string, prior: CashFlowPrior | null, };

export type CashFlowLine = { 
/**
 * `customer_receipts`, `customer_refunds`, `other_income`, `expenses`, `other`.
 */
category: string, 
/**
 * Money in minus money out.
 */
amount: string, prior_amount: string | null, };

export type CashFlowPrior = { from: string, to: string, opening: string, net: string, closing: string, };

export type FileExport = { file_name: string, mime: string, base64: string, };

export type InvoicePdfInput = { id: InvoiceId, 
/**
 * `en` or `zh` (the default: the document's language follows the shop, Chinese).
 */
language?: string, };

export type ReportExportInput = { 
/**
 * `profit_and_loss`, `balance_sheet`, `trial_balance`, `cash_flow`, `ar_aging` or
 * `tax_summary`.
 */
report: string, 
/**
 * `csv`, `xlsx` or `pdf`.
 */
format: string, from?: string, to?: string, as_of?: string, compare?: boolean, compare_to?: string, language?: string, };

export type InvoicePreviewInput = { prices_include_tax?: boolean, lines: Array<InvoiceLineInput>, };

export type PricedLine = { net: string, tax: string, };

export type InvoicePreview = { lines: Array<PricedLine>, subtotal: string, tax: string, total: string, };

export type Recurring = { id: RecurringId, customer_id: CustomerId, customer_name: string, interval: string, start_date: string, end_date: string | null, 
/**
 * The day the next invoice is due to be made; none when the schedule has ended.
 */
next_date: string | null, count: number, prices_include_tax: boolean, lines: Array<InvoiceLine>, total: string, notes: string, issue: boolean, active: boolean, 
/**
 * Whether this device is the one that makes its invoices.
 */
runs_here: boolean, 
/**
 * An invoice is due to be made here now: `finances.recurring.run` would make it.
 */
due: boolean, };

export type RecurringInput = { customer_id: CustomerId, 
/**
 * `monthly`, `quarterly` or `yearly`.
 */
interval: string, start_date: string, end_date?: string, prices_include_tax?: boolean, lines: Array<InvoiceLineInput>, notes?: string, 
/**
 * Issue each invoice when it is made (default: leave it a draft).
 */
issue?: boolean, };

export type RecurringPatch = { id: RecurringId, active?: boolean, 
/**
 * A new last day; `""` removes it.
 */
end_date?: string, issue?: boolean, 
/**
 * Make this device the one that makes its invoices.
 */
take_over?: boolean, };

export type RecurringRun = { 
/**
 * The invoices made by this run.
 */
invoices: Array<Invoice>, 
/**
 * Schedules that could not make their invoice, and why; the others ran.
 */
skipped: Array<RecurringSkip>, };

export type RecurringSkip = { recurring_id: RecurringId, customer_name: string, 
/**
 * The day of the invoice it could not make.
 */
date: string, reason: string, };

export type AttentionItem = { kind: AttentionKind, invoice_id: InvoiceId | null, customer_name: string, message: string, };

export type LatePosting = { entry: JournalEntry, 
/**
 * When the period it falls in was closed.
 */
closed_at_ms: number, };

export type PriorTotals = { from: string, to: string, total_debit: string, total_credit: string, };

export type TaxSummaryPrior = { from: string, to: string, output_tax: string, input_tax: string, net: string, };

export type Attachment = { hash: string, file_name: string, 
/**
 * `image/png`, `image/jpeg`, `image/webp` or `application/pdf`.
 */
mime: string, size: number, };

export type AttachmentInput = { 
/**
 * The income or expense it belongs to.
 */
owner_id: MoneyEventId, file_name: string, 
/**
 * The file's bytes, base64.
 */
base64: string, };

export type AttachmentRef = { owner_id: MoneyEventId, hash: string, };

export type Address = { line1: string, line2: string, city: string, region: string, postal_code: string, country: string, };

export type Customer = { id: CustomerId, name: string, email: string | null, phone: string | null, address: Address, tax_id: string | null, tags: Array<string>, archived: boolean, 
/**
 * Personal data erased on request (GDPR): the record stays, without who it was.
 */
erased: boolean, created_at_ms: number, updated_at_ms: number, };

export type CustomerInput = { name: string, email?: string, phone?: string, address?: Address, tax_id?: string, tags?: Array<string>, };

export type CustomerPatch = { id: CustomerId, name?: string, email?: string, phone?: string, address?: Address, tax_id?: string, tags?: Array<string>, };

export type CustomerStatus = "active" | "archived" | "all";

export type CustomerSort = "name" | "created_at" | "updated_at";

export type CustomerQuery = { search?: string, status?: CustomerStatus, tag?: string, city?: string, segment_id?: SegmentId, sort?: CustomerSort, descending?: boolean, offset?: number, limit?: number, };

export type IdInput<T> = { id: T, };

export type CustomerRef = { customer_id: CustomerId, };

export type ConflictResolve = { id: CustomerId, field: string, };

export type RecordDocument = { id: CustomerId, kind: string, bytes: string, };

export type DocumentChanges = { id: CustomerId, changes: string, };

export type ConcurrentEdit = { 
/**
 * The field's path in the record, dot-separated (`phone`, `address.city`).
 */
field: string, values: Array<EditedValue>, };

export type EditedValue = { value: unknown, 
/**
 * Whether this is the value the record shows (the same on every device).
 */
kept: boolean, 
/**
 * The user who set it, when the change says (changes from older versions do not).
 */
by: string | null, device_id: string | null, at_ms: number | null, };

export type Note = { id: NoteId, customer_id: CustomerId, author_id: UserId, author_name: string, text: string, created_at_ms: number, };

export type NoteInput = { customer_id: CustomerId, text: string, };

export type InteractionKind = "call" | "email" | "visit" | "meeting" | "sale" | "other";

export type Interaction = { id: InteractionId, customer_id: CustomerId, kind: InteractionKind, occurred_at_ms: number, description: string, user_id: UserId, user_name: string, created_at_ms: number, };

export type InteractionInput = { customer_id: CustomerId, kind: InteractionKind, occurred_at_ms: number, description?: string, };

export type TimelineItem = { "type": "note" } & Note | { "type": "interaction" } & Interaction;

export type Match = "all" | "any";

export type ConditionField = "name" | "email" | "phone" | "tax_id" | "city" | "region" | "country" | "tag" | "created_at";

export type ConditionOp = "equals" | "contains" | "has" | "lacks" | "before" | "after";

export type Condition = { field: ConditionField, op: ConditionOp, value: string, };

export type Rule = Condition | Criteria;

export type Criteria = { match: Match, rules: Array<Rule>, };

export type Segment = { id: SegmentId, name: string, description: string, criteria: Criteria, member_count: number, created_at_ms: number, updated_at_ms: number, };

export type SegmentInput = { name: string, description?: string, criteria: Criteria, };

export type SegmentPatch = { id: SegmentId, name?: string, description?: string, criteria?: Criteria, };

export type SegmentPreviewInput = { criteria: Criteria, };

export type SegmentCount = { member_count: number, };

export type SegmentMembersInput = { id: SegmentId, offset?: number, limit?: number, };

export type ImportInput = { csv: string, };

export type ImportReport = { imported: number, };

export type ExportResult = { csv: string, count: number, };

export type CustomerDataExport = { customer: Customer, notes: Array<Note>, interactions: Array<Interaction>, activity: Array<ActivityEntry>, };

export type ProductId = string;

export type CategoryId = string;

export type LocationId = string;

export type MovementId = string;

export type PurchaseOrderId = string;

export type Supplier = { name: string, contact: string, lead_time_days: number, };

export type SupplierQuery = { 
/**
 * Part of the name, any case.
 */
search?: string, };

export type SupplierSummary = { name: string, contact: string, 
/**
 * Active products it supplies.
 */
products: number, 
/**
 * The shortest lead time any of them gives.
 */
lead_time_days: number, };

export type Product = { id: ProductId, name: string, description: string, category_id: CategoryId | null, category_name: string | null, sku: string, barcode: string, unit: string, price: string, 
/**
 * `null` for users who may not see costs.
 */
cost: string | null, 
/**
 * Price less cost, and that as a percentage of the price: only for users who may see
 * costs, and only when a cost is given (absent otherwise).
 */
margin?: string, margin_percent?: string, tax_id: TaxId | null, tracks_stock: boolean, archived: boolean, suppliers: Array<Supplier>, 
/**
 * On hand at every location together.
 */
on_hand: string, created_at_ms: number, updated_at_ms: number, };

export type ProductInput = { name: string, description?: string, category_id?: CategoryId, 
/**
 * Made from the name when left out.
 */
sku?: string, barcode?: string, unit?: string, price: string, cost?: string, tax_id?: TaxId, tracks_stock?: boolean, suppliers?: Array<Supplier>, };

export type ProductPatch = { id: ProductId, name?: string, description?: string, 
/**
 * `""` takes the product out of its category.
 */
category_id?: CategoryId | null, sku?: string, barcode?: string, unit?: string, price?: string, cost?: string, 
/**
 * `""` for no tax.
 */
tax_id?: TaxId | null, archived?: boolean, suppliers?: Array<Supplier>, };

export type ProductQuery = { 
/**
 * Part of the name, the SKU or the barcode.
 */
search?: string, 
/**
 * This category and the ones under it.
 */
category_id?: CategoryId, include_archived?: boolean, limit?: number, offset?: number, };

export type ProductPage = { items: Array<Product>, total: number, };

export type ProductClash = { 
/**
 * `sku` or `barcode`.
 */
field: string, code: string, products: Array<Product>, 
/**
 * The product a merge keeps unless someone picks another: of the active ones (those that
 * hold stock first, as a service takes none) the one with the most on hand, the first of
 * equals; with only archived ones, the first (a merge into it is then refused).
 */
keep_id: ProductId, };

export type MergeInput = { id: ProductId, into_id: ProductId, };

export type CodeInput = { 
/**
 * A barcode or SKU as a scanner typed it.
 */
code: string, };

export type Category = { id: CategoryId, name: string, parent_id: CategoryId | null, 
/**
 * `Drinks / Tea / Green`.
 */
path: string, };

export type CategoryInput = { name: string, parent_id?: CategoryId, };

export type Location = { id: LocationId, name: string, parent_id: LocationId | null, path: string, archived: boolean, };

export type LocationInput = { name: string, parent_id?: LocationId, };

export type LocationPatch = { id: LocationId, name?: string, archived?: boolean, };

export type Movement = { id: MovementId, product_id: ProductId, product_name: string, location_id: LocationId, location_name: string, kind: MovementKind, quantity: string, 
/**
 * `null` for users who may not see costs, and for movements that carry none.
 */
unit_cost: string | null, date: string, ref_id: string | null, reason: string, created_by_name: string, created_at_ms: number, };

export type MovementInput = { product_id: ProductId, location_id: LocationId, 
/**
 * `receipt`, `opening` (stock on hand when the books start), `return` or `adjustment`
 * (sales come from invoices, transfers and counts have their own commands).
 */
kind: MovementKind, 
/**
 * Signed for an adjustment (`-2` for two broken); above zero otherwise.
 */
quantity: string, 
/**
 * A receipt's or opening stock's cost per unit (default: the product's cost).
 */
unit_cost?: string, 
/**
 * Default: today.
 */
date?: string, 
/**
 * Required for an adjustment: broken, expired, found…
 */
reason?: string, };

export type TransferInput = { product_id: ProductId, from_location_id: LocationId, to_location_id: LocationId, quantity: string, date?: string, reason?: string, };

export type MovementQuery = { product_id?: ProductId, location_id?: LocationId, from?: string, to?: string, limit?: number, };

export type StockQuery = { product_id?: ProductId, location_id?: LocationId, };

export type StockLevel = { product_id: ProductId, product_name: string, sku: string, unit: string, location_id: LocationId, location_name: string, on_hand: string, minimum: string | null, reorder_quantity: string | null, maximum: string | null, 
/**
 * At or below the minimum.
 */
low: boolean, 
/**
 * Below zero: more was sold or moved out than was here (movements made offline on two
 * devices, or a count that was off). Nothing is lost; someone should look.
 */
oversold: boolean, };

export type ShortStock = { product_id: ProductId, product_name: string, location_id: LocationId, location_name: string, 
/**
 * On hand there now, below zero (e.g. "-3").
 */
on_hand: string, };

export type ThresholdInput = { product_id: ProductId, location_id: LocationId, minimum: string, reorder_quantity?: string, maximum?: string, };

export type OrderSuggestion = { product_id: ProductId, product_name: string, location_id: LocationId, location_name: string, on_hand: string, minimum: string, quantity: string, 
/**
 * The product's first supplier.
 */
supplier: string | null, 
/**
 * `null` for users who may not see costs.
 */
unit_cost: string | null, };

export type ValuationLine = { product_id: ProductId, product_name: string, sku: string, on_hand: string, 
/**
 * Value per unit on hand (the moving average, or what the FIFO layers left average to).
 */
average_cost: string, value: string, };

export type Valuation = { 
/**
 * The day it is valued at (inclusive).
 */
date: string, 
/**
 * `average` (moving average cost) or `fifo` (first in, first out).
 */
method: string, lines: Array<ValuationLine>, total: string, };

export type ValuationQuery = { 
/**
 * Default: today.
 */
date?: string, 
/**
 * `average` (default) or `fifo`.
 */
method?: string, };

export type OrderLine = { product_id: ProductId, product_name: string, sku: string, unit: string, quantity: string, received: string, 
/**
 * What has not arrived yet (never below zero).
 */
to_come: string, unit_cost: string, total: string, };

export type PurchaseOrder = { id: PurchaseOrderId, supplier: string, supplier_contact: string, date: string, expected_date: string | null, location_id: LocationId, location_name: string, lines: Array<OrderLine>, status: OrderStatus, 
/**
 * Goods may be received against it.
 */
can_receive: boolean, 
/**
 * It may be cancelled.
 */
can_cancel: boolean, total: string, notes: string, created_by_name: string, created_at_ms: number, };

export type OrderStatus = "draft" | "sent" | "partially_received" | "received" | "cancelled";

export type MovementKind = "receipt" | "opening" | "sale" | "return" | "adjustment" | "transfer" | "stocktake";

export type OrderLineInput = { product_id: ProductId, quantity: string, 
/**
 * Default: the product's cost.
 */
unit_cost?: string, };

export type OrderInput = { supplier: string, supplier_contact?: string, 
/**
 * Default: today.
 */
date?: string, expected_date?: string, location_id: LocationId, lines: Array<OrderLineInput>, notes?: string, };

export type OrderPatch = { id: PurchaseOrderId, supplier?: string, supplier_contact?: string, expected_date?: string, lines?: Array<OrderLineInput>, notes?: string, };

export type OrderQuery = { status?: OrderStatus, };

export type ReceiveLineInput = { product_id: ProductId, 
/**
 * What arrived now; blank or 0: nothing of this line this time (a receipt with nothing on
 * any line is refused, field `lines`).
 */
quantity: string, };

export type ReceiveInput = { id: PurchaseOrderId, lines: Array<ReceiveLineInput>, 
/**
 * Default: the order's location.
 */
location_id?: LocationId, 
/**
 * Default: today.
 */
date?: string, };

export type OrderPdfInput = { id: PurchaseOrderId, 
/**
 * `zh` (default) or `en`.
 */
language?: string, };

export type LabelsInput = { product_ids: Array<ProductId>, 
/**
 * Labels per product (default 1).
 */
copies?: number, 
/**
 * `auto` (the product's retail code as EAN-13/UPC-A, else Code 128), `code128` or `qr`.
 */
symbology?: string, };

export type ImportFile = { 
/**
 * The name it came with: `.csv` is read as text, anything else as a workbook.
 */
file_name: string, base64: string, };

export type ImportPreview = { headers: Array<string>, 
/**
 * Field → header, for the headers that name a field.
 */
mapping: { [key in string]: string }, rows: Array<Array<string>>, total_rows: number, };

export type ProductImportInput = { file_name: string, base64: string, 
/**
 * Field (`name`, `sku`, `barcode`, `price`, `cost`, `unit`, `category`, `description`) →
 * the header of the column it comes from. `name` and `price` are needed.
 */
mapping: { [key in string]: string }, 
/**
 * A row whose SKU is a product's already changes that product instead of being refused.
 */
update_existing?: boolean, };

export type ProductImportReport = { created: number, updated: number, categories_created: number, };

export type SlowMoversQuery = { 
/**
 * No sale in this many days (default 90).
 */
days?: number, };

export type SlowMover = { product_id: ProductId, product_name: string, sku: string, on_hand: string, 
/**
 * The day it last sold, if ever.
 */
last_sale: string | null, };

export type PeriodQuery = { from?: string, to?: string, };

export type MovementSummary = { product_id: ProductId, product_name: string, sku: string, received: string, sold: string, returned: string, adjusted: string, counted: string, net: string, };

export type InventoryExportInput = { 
/**
 * `stock_on_hand`, `low_stock`, `movements`, `valuation` or `slow_movers`.
 */
report: string, 
/**
 * `csv`, `xlsx` or `pdf`.
 */
format: string, 
/**
 * `zh` (default) or `en`.
 */
language?: string, from?: string, to?: string, location_id?: LocationId, days?: number, 
/**
 * The valuation's method: `average` (default) or `fifo`.
 */
method?: string, };

export type CountSheetInput = { location_id: LocationId, 
/**
 * Every active stocked product, not only those with stock here.
 */
all_products?: boolean, 
/**
 * The PDF leaves out what the books expect, so the count is not led by it (default true).
 */
blind?: boolean, };

export type CountLine = { product_id: ProductId, product_name: string, sku: string, barcode: string, unit: string, 
/**
 * On hand here by the movements this device has.
 */
expected: string, };

export type CountSheet = { location_id: LocationId, location_name: string, lines: Array<CountLine>, };

export type CountedLine = { product_id: ProductId, counted: string, };

export type CountInput = { location_id: LocationId, lines: Array<CountedLine>, date?: string, 
/**
 * Why the count differs, if known (shown on every adjustment).
 */
reason?: string, };

export type CountVariance = { product_id: ProductId, product_name: string, expected: string, counted: string, 
/**
 * Counted minus expected: what the stocktake movement adds (or takes).
 */
variance: string, };

export type CountResult = { location_id: LocationId, date: string, variances: Array<CountVariance>, 
/**
 * Lines counted as the books expected.
 */
matched: number, };

export type DecodeInput = { 
/**
 * A PNG, JPEG or WebP picture, as base64.
 */
base64: string, };

export type DecodedCode = { text: string, 
/**
 * `EAN_13`, `UPC_A`, `CODE_128`, `QR_CODE`…
 */
format: string, 
/**
 * The product whose barcode or SKU it is, if any.
 */
product: Product | null, 
/**
 * Why no product is given for a code that names several (a clash made offline).
 */
problem: string | null, };
