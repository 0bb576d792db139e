// Generated from the core's command table by crates/core/src/bindings.rs. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test -p suanpan-core bindings` after changing the table.
import type { Account, AccountInput, AccountPatch, ActivityEntry, ActivityExport, ActivityQuery, AgingReport, AsOfInput, AttachmentInput, AttachmentRef, AttentionItem, AuditReport, BalanceSheet, CashFlow, Category, CategoryInput, ClosePeriodInput, CodeInput, CompanyProfile, ConcurrentEdit, ConflictResolve, CountInput, CountResult, CountSheet, CountSheetInput, CreditNoteInput, Customer, CustomerBalance, CustomerDataExport, CustomerId, CustomerIdInput, CustomerInput, CustomerPatch, CustomerQuery, CustomerRef, DateRange, DecodeInput, DecodedCode, Device, DeviceRef, DocumentChanges, Done, Empty, EncryptionStatus, EntryId, ExportResult, FileExport, FinanceSettings, IdInput, ImportFile, ImportInput, ImportPreview, ImportReport, InitInput, Interaction, InteractionInput, InventoryExportInput, Invoice, InvoiceId, InvoiceInput, InvoiceList, InvoicePatch, InvoicePdfInput, InvoicePreview, InvoicePreviewInput, InvoiceQuery, InvoiceSeries, IssueInput, JournalEntry, JournalEntryInput, JournalPreview, JournalPreviewInput, LabelsInput, LatePosting, Location, LocationInput, LocationPatch, LoginInput, MergeInput, MfaEnrollment, MfaRule, MoneyEvent, MoneyEventId, MoneyEventInput, MoneyEventList, Movement, MovementInput, MovementQuery, MovementSummary, NewUserInput, Note, NoteInput, OpeningBalancesInput, OpeningStatus, OrderInput, OrderPatch, OrderPdfInput, OrderQuery, OrderSuggestion, OtpInput, Page, PairingStatus, PasswordChange, PasswordReset, Payment, PaymentId, PaymentInput, PaymentQuery, PeriodInput, PeriodQuery, PermissionInfo, PinInput, PresetInput, Product, ProductClash, ProductId, ProductImportInput, ProductImportReport, ProductInput, ProductPage, ProductPatch, ProductQuery, ProfitAndLoss, PurchaseOrder, PurchaseOrderId, ReceiveInput, RecordDocument, RecoveryCodes, RecoveryKey, Recurring, RecurringInput, RecurringPatch, RecurringRun, RefundInput, ReportExportInput, ReverseInput, Role, RoleInfo, RoleInput, RolePatch, RoleRef, SecuritySettings, Segment, SegmentCount, SegmentId, SegmentInput, SegmentMembersInput, SegmentPatch, SegmentPreviewInput, SeriesPatch, Session, SettingsPatch, SetupInput, SetupStatus, SlowMover, SlowMoversQuery, StartChecklist, StockLevel, StockQuery, SupplierQuery, SupplierSummary, SwitchCandidate, SwitchInput, SyncConnect, SyncKeyShown, SyncReport, SyncStatus, Tax, TaxInput, TaxPatch, TaxPreset, TaxSummary, ThresholdInput, TimelineItem, TransferInput, TrialBalance, UnlockInput, User, UserListItem, UserPatch, UserRef, Valuation, ValuationQuery, VoidInput } from './bindings';

/** Every command of the core's table: what it takes and what it gives. */
export interface Commands {
  'company.profile.get': { input: Empty; output: CompanyProfile };
  'company.profile.update': { input: CompanyProfile; output: CompanyProfile };
  'customers.archive': { input: IdInput<CustomerId>; output: Customer };
  'customers.conflicts.list': { input: IdInput<CustomerId>; output: Array<ConcurrentEdit> };
  'customers.conflicts.resolve': { input: ConflictResolve; output: Array<ConcurrentEdit> };
  'customers.create': { input: CustomerInput; output: Customer };
  'customers.documents.apply': { input: DocumentChanges; output: Customer };
  'customers.documents.export': { input: IdInput<CustomerId>; output: RecordDocument };
  'customers.export': { input: CustomerQuery; output: ExportResult };
  'customers.gdpr.erase': { input: IdInput<CustomerId>; output: Customer };
  'customers.gdpr.export': { input: IdInput<CustomerId>; output: CustomerDataExport };
  'customers.get': { input: IdInput<CustomerId>; output: Customer };
  'customers.import': { input: ImportInput; output: ImportReport };
  'customers.interactions.create': { input: InteractionInput; output: Interaction };
  'customers.interactions.list': { input: CustomerRef; output: Array<Interaction> };
  'customers.list': { input: CustomerQuery; output: Page<Customer> };
  'customers.notes.create': { input: NoteInput; output: Note };
  'customers.notes.list': { input: CustomerRef; output: Array<Note> };
  'customers.segments.create': { input: SegmentInput; output: Segment };
  'customers.segments.delete': { input: IdInput<SegmentId>; output: Done };
  'customers.segments.get': { input: IdInput<SegmentId>; output: Segment };
  'customers.segments.list': { input: Empty; output: Array<Segment> };
  'customers.segments.members': { input: SegmentMembersInput; output: Page<Customer> };
  'customers.segments.preview': { input: SegmentPreviewInput; output: SegmentCount };
  'customers.segments.update': { input: SegmentPatch; output: Segment };
  'customers.tags.list': { input: Empty; output: Array<string> };
  'customers.timeline': { input: CustomerRef; output: Array<TimelineItem> };
  'customers.unarchive': { input: IdInput<CustomerId>; output: Customer };
  'customers.update': { input: CustomerPatch; output: Customer };
  'dashboard.start.get': { input: Empty; output: StartChecklist };
  'finances.accounts.create': { input: AccountInput; output: Account };
  'finances.accounts.list': { input: Empty; output: Array<Account> };
  'finances.accounts.update': { input: AccountPatch; output: Account };
  'finances.attachments.add': { input: AttachmentInput; output: MoneyEvent };
  'finances.attachments.get': { input: AttachmentRef; output: FileExport };
  'finances.attachments.remove': { input: AttachmentRef; output: MoneyEvent };
  'finances.expenses.create': { input: MoneyEventInput; output: MoneyEvent };
  'finances.expenses.list': { input: DateRange; output: MoneyEventList };
  'finances.expenses.void': { input: IdInput<MoneyEventId>; output: MoneyEvent };
  'finances.income.create': { input: MoneyEventInput; output: MoneyEvent };
  'finances.income.list': { input: DateRange; output: MoneyEventList };
  'finances.income.void': { input: IdInput<MoneyEventId>; output: MoneyEvent };
  'finances.invoices.attention': { input: Empty; output: Array<AttentionItem> };
  'finances.invoices.create': { input: InvoiceInput; output: Invoice };
  'finances.invoices.credit_note': { input: CreditNoteInput; output: Invoice };
  'finances.invoices.get': { input: IdInput<InvoiceId>; output: Invoice };
  'finances.invoices.issue': { input: IssueInput; output: Invoice };
  'finances.invoices.list': { input: InvoiceQuery; output: InvoiceList };
  'finances.invoices.pdf': { input: InvoicePdfInput; output: FileExport };
  'finances.invoices.preview': { input: InvoicePreviewInput; output: InvoicePreview };
  'finances.invoices.series.get': { input: Empty; output: InvoiceSeries };
  'finances.invoices.series.update': { input: SeriesPatch; output: InvoiceSeries };
  'finances.invoices.update': { input: InvoicePatch; output: Invoice };
  'finances.invoices.void': { input: VoidInput; output: Invoice };
  'finances.journal.create': { input: JournalEntryInput; output: JournalEntry };
  'finances.journal.get': { input: IdInput<EntryId>; output: JournalEntry };
  'finances.journal.list': { input: DateRange; output: Array<JournalEntry> };
  'finances.journal.preview': { input: JournalPreviewInput; output: JournalPreview };
  'finances.journal.reverse': { input: ReverseInput; output: JournalEntry };
  'finances.opening.create': { input: OpeningBalancesInput; output: JournalEntry };
  'finances.opening.get': { input: Empty; output: OpeningStatus };
  'finances.payments.balance': { input: CustomerIdInput; output: CustomerBalance };
  'finances.payments.create': { input: PaymentInput; output: Payment };
  'finances.payments.list': { input: PaymentQuery; output: Array<Payment> };
  'finances.payments.refund': { input: RefundInput; output: Payment };
  'finances.payments.surplus_to_credit': { input: IdInput<InvoiceId>; output: Payment };
  'finances.payments.void': { input: IdInput<PaymentId>; output: Payment };
  'finances.periods.close': { input: ClosePeriodInput; output: FinanceSettings };
  'finances.periods.late_postings': { input: Empty; output: Array<LatePosting> };
  'finances.recurring.create': { input: RecurringInput; output: Recurring };
  'finances.recurring.list': { input: Empty; output: Array<Recurring> };
  'finances.recurring.run': { input: Empty; output: RecurringRun };
  'finances.recurring.update': { input: RecurringPatch; output: Recurring };
  'finances.reports.ar_aging': { input: AsOfInput; output: AgingReport };
  'finances.reports.balance_sheet': { input: AsOfInput; output: BalanceSheet };
  'finances.reports.cash_flow': { input: PeriodInput; output: CashFlow };
  'finances.reports.export': { input: ReportExportInput; output: FileExport };
  'finances.reports.profit_and_loss': { input: PeriodInput; output: ProfitAndLoss };
  'finances.reports.tax_summary': { input: PeriodInput; output: TaxSummary };
  'finances.reports.trial_balance': { input: PeriodInput; output: TrialBalance };
  'finances.settings.get': { input: Empty; output: FinanceSettings };
  'finances.settings.update': { input: SettingsPatch; output: FinanceSettings };
  'finances.setup': { input: SetupInput; output: FinanceSettings };
  'finances.taxes.create': { input: TaxInput; output: Tax };
  'finances.taxes.install_preset': { input: PresetInput; output: Array<Tax> };
  'finances.taxes.list': { input: Empty; output: Array<Tax> };
  'finances.taxes.presets': { input: Empty; output: Array<TaxPreset> };
  'finances.taxes.update': { input: TaxPatch; output: Tax };
  'inventory.categories.create': { input: CategoryInput; output: Category };
  'inventory.categories.list': { input: Empty; output: Array<Category> };
  'inventory.labels.pdf': { input: LabelsInput; output: FileExport };
  'inventory.locations.create': { input: LocationInput; output: Location };
  'inventory.locations.list': { input: Empty; output: Array<Location> };
  'inventory.locations.update': { input: LocationPatch; output: Location };
  'inventory.orders.cancel': { input: IdInput<PurchaseOrderId>; output: PurchaseOrder };
  'inventory.orders.create': { input: OrderInput; output: PurchaseOrder };
  'inventory.orders.get': { input: IdInput<PurchaseOrderId>; output: PurchaseOrder };
  'inventory.orders.list': { input: OrderQuery; output: Array<PurchaseOrder> };
  'inventory.orders.pdf': { input: OrderPdfInput; output: FileExport };
  'inventory.orders.receive': { input: ReceiveInput; output: PurchaseOrder };
  'inventory.orders.send': { input: IdInput<PurchaseOrderId>; output: PurchaseOrder };
  'inventory.orders.suggestions': { input: StockQuery; output: Array<OrderSuggestion> };
  'inventory.orders.update': { input: OrderPatch; output: PurchaseOrder };
  'inventory.products.clashes': { input: Empty; output: Array<ProductClash> };
  'inventory.products.create': { input: ProductInput; output: Product };
  'inventory.products.generate_barcode': { input: IdInput<ProductId>; output: Product };
  'inventory.products.get': { input: IdInput<ProductId>; output: Product };
  'inventory.products.import': { input: ProductImportInput; output: ProductImportReport };
  'inventory.products.import_preview': { input: ImportFile; output: ImportPreview };
  'inventory.products.list': { input: ProductQuery; output: ProductPage };
  'inventory.products.merge': { input: MergeInput; output: Product };
  'inventory.products.update': { input: ProductPatch; output: Product };
  'inventory.reports.export': { input: InventoryExportInput; output: FileExport };
  'inventory.reports.movements': { input: PeriodQuery; output: Array<MovementSummary> };
  'inventory.reports.slow_movers': { input: SlowMoversQuery; output: Array<SlowMover> };
  'inventory.reports.valuation': { input: ValuationQuery; output: Valuation };
  'inventory.scanning.decode': { input: DecodeInput; output: Array<DecodedCode> };
  'inventory.scanning.lookup': { input: CodeInput; output: Product };
  'inventory.stock.counts.pdf': { input: CountSheetInput; output: FileExport };
  'inventory.stock.counts.post': { input: CountInput; output: CountResult };
  'inventory.stock.counts.sheet': { input: CountSheetInput; output: CountSheet };
  'inventory.stock.levels': { input: StockQuery; output: Array<StockLevel> };
  'inventory.stock.low': { input: StockQuery; output: Array<StockLevel> };
  'inventory.stock.movements.create': { input: MovementInput; output: Movement };
  'inventory.stock.movements.list': { input: MovementQuery; output: Array<Movement> };
  'inventory.stock.thresholds.set': { input: ThresholdInput; output: StockLevel };
  'inventory.stock.transfer': { input: TransferInput; output: Array<Movement> };
  'inventory.suppliers.list': { input: SupplierQuery; output: Array<SupplierSummary> };
  'security.encryption.recovery_key': { input: Empty; output: RecoveryKey };
  'security.encryption.status': { input: Empty; output: EncryptionStatus };
  'security.settings.get': { input: Empty; output: SecuritySettings };
  'security.settings.update': { input: SecuritySettings; output: SecuritySettings };
  'setup.init': { input: InitInput; output: Session };
  'setup.status': { input: Empty; output: SetupStatus };
  'sync.connect': { input: SyncConnect; output: SyncStatus };
  'sync.devices.list': { input: Empty; output: Array<Device> };
  'sync.devices.revoke': { input: DeviceRef; output: Done };
  'sync.key': { input: Empty; output: SyncKeyShown };
  'sync.now': { input: Empty; output: SyncReport };
  'sync.pairing.cancel': { input: Empty; output: Done };
  'sync.pairing.start': { input: Empty; output: PairingStatus };
  'sync.pairing.status': { input: Empty; output: PairingStatus | null };
  'sync.status': { input: Empty; output: SyncStatus };
  'users.activity.export': { input: ActivityQuery; output: ActivityExport };
  'users.activity.list': { input: ActivityQuery; output: Page<ActivityEntry> };
  'users.activity.verify': { input: Empty; output: AuditReport };
  'users.auth.lock': { input: Empty; output: Done };
  'users.auth.login': { input: LoginInput; output: Session };
  'users.auth.logout': { input: Empty; output: Done };
  'users.auth.refresh': { input: Empty; output: Session };
  'users.auth.resume': { input: Empty; output: Session | null };
  'users.auth.switch': { input: SwitchInput; output: Session };
  'users.auth.switch_list': { input: Empty; output: Array<SwitchCandidate> };
  'users.auth.unlock': { input: UnlockInput; output: Session };
  'users.create': { input: NewUserInput; output: User };
  'users.disable': { input: UserRef; output: User };
  'users.enable': { input: UserRef; output: User };
  'users.list': { input: Empty; output: Array<UserListItem> };
  'users.mfa.confirm': { input: OtpInput; output: RecoveryCodes };
  'users.mfa.disable': { input: OtpInput; output: Done };
  'users.mfa.enroll': { input: Empty; output: MfaEnrollment };
  'users.password.change': { input: PasswordChange; output: Done };
  'users.password.reset': { input: PasswordReset; output: Done };
  'users.permissions.list': { input: Empty; output: Array<PermissionInfo> };
  'users.pin.set': { input: PinInput; output: Done };
  'users.profile.get': { input: Empty; output: User };
  'users.roles.create': { input: RoleInput; output: RoleInfo };
  'users.roles.delete': { input: RoleRef; output: Done };
  'users.roles.list': { input: Empty; output: Array<RoleInfo> };
  'users.roles.mfa': { input: MfaRule; output: Done };
  'users.roles.update': { input: RolePatch; output: RoleInfo };
  'users.update': { input: UserPatch; output: User };
}

export type CommandName = keyof Commands;

/** `public`: no session; `session`: any signed-in user; else the permission the caller needs. */
export type CommandPermission = 'public' | 'session' | Permission;

/** The permission each command needs, and whether it changes data (and so is logged). */
export const COMMANDS: { readonly [C in CommandName]: { permission: CommandPermission; writes: boolean } } = {
  'company.profile.get': { permission: 'session', writes: false },
  'company.profile.update': { permission: 'finance.manage', writes: true },
  'customers.archive': { permission: 'customers.write', writes: true },
  'customers.conflicts.list': { permission: 'customers.read', writes: false },
  'customers.conflicts.resolve': { permission: 'customers.write', writes: true },
  'customers.create': { permission: 'customers.write', writes: true },
  'customers.documents.apply': { permission: 'customers.write', writes: true },
  'customers.documents.export': { permission: 'customers.export', writes: true },
  'customers.export': { permission: 'customers.export', writes: true },
  'customers.gdpr.erase': { permission: 'customers.erase', writes: true },
  'customers.gdpr.export': { permission: 'customers.export', writes: true },
  'customers.get': { permission: 'customers.read', writes: false },
  'customers.import': { permission: 'customers.import', writes: true },
  'customers.interactions.create': { permission: 'customers.write', writes: true },
  'customers.interactions.list': { permission: 'customers.read', writes: false },
  'customers.list': { permission: 'customers.read', writes: false },
  'customers.notes.create': { permission: 'customers.write', writes: true },
  'customers.notes.list': { permission: 'customers.read', writes: false },
  'customers.segments.create': { permission: 'customers.write', writes: true },
  'customers.segments.delete': { permission: 'customers.write', writes: true },
  'customers.segments.get': { permission: 'customers.read', writes: false },
  'customers.segments.list': { permission: 'customers.read', writes: false },
  'customers.segments.members': { permission: 'customers.read', writes: false },
  'customers.segments.preview': { permission: 'customers.read', writes: false },
  'customers.segments.update': { permission: 'customers.write', writes: true },
  'customers.tags.list': { permission: 'customers.read', writes: false },
  'customers.timeline': { permission: 'customers.read', writes: false },
  'customers.unarchive': { permission: 'customers.write', writes: true },
  'customers.update': { permission: 'customers.write', writes: true },
  'dashboard.start.get': { permission: 'users.manage', writes: false },
  'finances.accounts.create': { permission: 'finance.manage', writes: true },
  'finances.accounts.list': { permission: 'finance.read', writes: false },
  'finances.accounts.update': { permission: 'finance.manage', writes: true },
  'finances.attachments.add': { permission: 'finance.write', writes: true },
  'finances.attachments.get': { permission: 'finance.read', writes: false },
  'finances.attachments.remove': { permission: 'finance.write', writes: true },
  'finances.expenses.create': { permission: 'finance.write', writes: true },
  'finances.expenses.list': { permission: 'finance.read', writes: false },
  'finances.expenses.void': { permission: 'finance.write', writes: true },
  'finances.income.create': { permission: 'finance.write', writes: true },
  'finances.income.list': { permission: 'finance.read', writes: false },
  'finances.income.void': { permission: 'finance.write', writes: true },
  'finances.invoices.attention': { permission: 'finance.read', writes: false },
  'finances.invoices.create': { permission: 'sales.write', writes: true },
  'finances.invoices.credit_note': { permission: 'finance.write', writes: true },
  'finances.invoices.get': { permission: 'sales.read', writes: false },
  'finances.invoices.issue': { permission: 'sales.write', writes: true },
  'finances.invoices.list': { permission: 'sales.read', writes: false },
  'finances.invoices.pdf': { permission: 'sales.read', writes: true },
  'finances.invoices.preview': { permission: 'sales.read', writes: false },
  'finances.invoices.series.get': { permission: 'sales.read', writes: false },
  'finances.invoices.series.update': { permission: 'finance.manage', writes: true },
  'finances.invoices.update': { permission: 'sales.write', writes: true },
  'finances.invoices.void': { permission: 'finance.write', writes: true },
  'finances.journal.create': { permission: 'finance.write', writes: true },
  'finances.journal.get': { permission: 'finance.read', writes: false },
  'finances.journal.list': { permission: 'finance.read', writes: false },
  'finances.journal.preview': { permission: 'finance.write', writes: false },
  'finances.journal.reverse': { permission: 'finance.write', writes: true },
  'finances.opening.create': { permission: 'finance.manage', writes: true },
  'finances.opening.get': { permission: 'finance.read', writes: false },
  'finances.payments.balance': { permission: 'sales.read', writes: false },
  'finances.payments.create': { permission: 'sales.write', writes: true },
  'finances.payments.list': { permission: 'sales.read', writes: false },
  'finances.payments.refund': { permission: 'finance.write', writes: true },
  'finances.payments.surplus_to_credit': { permission: 'finance.write', writes: true },
  'finances.payments.void': { permission: 'finance.write', writes: true },
  'finances.periods.close': { permission: 'finance.manage', writes: true },
  'finances.periods.late_postings': { permission: 'finance.read', writes: false },
  'finances.recurring.create': { permission: 'finance.write', writes: true },
  'finances.recurring.list': { permission: 'sales.read', writes: false },
  'finances.recurring.run': { permission: 'sales.write', writes: true },
  'finances.recurring.update': { permission: 'finance.write', writes: true },
  'finances.reports.ar_aging': { permission: 'finance.read', writes: false },
  'finances.reports.balance_sheet': { permission: 'finance.read', writes: false },
  'finances.reports.cash_flow': { permission: 'finance.read', writes: false },
  'finances.reports.export': { permission: 'finance.read', writes: true },
  'finances.reports.profit_and_loss': { permission: 'finance.read', writes: false },
  'finances.reports.tax_summary': { permission: 'finance.read', writes: false },
  'finances.reports.trial_balance': { permission: 'finance.read', writes: false },
  'finances.settings.get': { permission: 'finance.read', writes: false },
  'finances.settings.update': { permission: 'finance.manage', writes: true },
  'finances.setup': { permission: 'finance.manage', writes: true },
  'finances.taxes.create': { permission: 'finance.manage', writes: true },
  'finances.taxes.install_preset': { permission: 'finance.manage', writes: true },
  'finances.taxes.list': { permission: 'sales.read', writes: false },
  'finances.taxes.presets': { permission: 'sales.read', writes: false },
  'finances.taxes.update': { permission: 'finance.manage', writes: true },
  'inventory.categories.create': { permission: 'inventory.manage', writes: true },
  'inventory.categories.list': { permission: 'inventory.read', writes: false },
  'inventory.labels.pdf': { permission: 'inventory.read', writes: false },
  'inventory.locations.create': { permission: 'inventory.manage', writes: true },
  'inventory.locations.list': { permission: 'inventory.read', writes: false },
  'inventory.locations.update': { permission: 'inventory.manage', writes: true },
  'inventory.orders.cancel': { permission: 'purchases.manage', writes: true },
  'inventory.orders.create': { permission: 'purchases.manage', writes: true },
  'inventory.orders.get': { permission: 'inventory.read', writes: false },
  'inventory.orders.list': { permission: 'inventory.read', writes: false },
  'inventory.orders.pdf': { permission: 'purchases.manage', writes: false },
  'inventory.orders.receive': { permission: 'inventory.write', writes: true },
  'inventory.orders.send': { permission: 'purchases.manage', writes: true },
  'inventory.orders.suggestions': { permission: 'purchases.manage', writes: false },
  'inventory.orders.update': { permission: 'purchases.manage', writes: true },
  'inventory.products.clashes': { permission: 'inventory.read', writes: false },
  'inventory.products.create': { permission: 'inventory.manage', writes: true },
  'inventory.products.generate_barcode': { permission: 'inventory.manage', writes: true },
  'inventory.products.get': { permission: 'inventory.read', writes: false },
  'inventory.products.import': { permission: 'inventory.manage', writes: true },
  'inventory.products.import_preview': { permission: 'inventory.manage', writes: false },
  'inventory.products.list': { permission: 'inventory.read', writes: false },
  'inventory.products.merge': { permission: 'inventory.manage', writes: true },
  'inventory.products.update': { permission: 'inventory.manage', writes: true },
  'inventory.reports.export': { permission: 'inventory.read', writes: false },
  'inventory.reports.movements': { permission: 'inventory.read', writes: false },
  'inventory.reports.slow_movers': { permission: 'inventory.read', writes: false },
  'inventory.reports.valuation': { permission: 'costs.read', writes: false },
  'inventory.scanning.decode': { permission: 'inventory.read', writes: false },
  'inventory.scanning.lookup': { permission: 'inventory.read', writes: false },
  'inventory.stock.counts.pdf': { permission: 'inventory.read', writes: false },
  'inventory.stock.counts.post': { permission: 'inventory.write', writes: true },
  'inventory.stock.counts.sheet': { permission: 'inventory.read', writes: false },
  'inventory.stock.levels': { permission: 'inventory.read', writes: false },
  'inventory.stock.low': { permission: 'inventory.read', writes: false },
  'inventory.stock.movements.create': { permission: 'inventory.write', writes: true },
  'inventory.stock.movements.list': { permission: 'inventory.read', writes: false },
  'inventory.stock.thresholds.set': { permission: 'inventory.manage', writes: true },
  'inventory.stock.transfer': { permission: 'inventory.write', writes: true },
  'inventory.suppliers.list': { permission: 'inventory.read', writes: false },
  'security.encryption.recovery_key': { permission: 'security.manage', writes: true },
  'security.encryption.status': { permission: 'session', writes: false },
  'security.settings.get': { permission: 'session', writes: false },
  'security.settings.update': { permission: 'security.manage', writes: true },
  'setup.init': { permission: 'public', writes: true },
  'setup.status': { permission: 'public', writes: false },
  'sync.connect': { permission: 'users.manage', writes: true },
  'sync.devices.list': { permission: 'users.manage', writes: false },
  'sync.devices.revoke': { permission: 'users.manage', writes: true },
  'sync.key': { permission: 'security.manage', writes: false },
  'sync.now': { permission: 'session', writes: true },
  'sync.pairing.cancel': { permission: 'security.manage', writes: true },
  'sync.pairing.start': { permission: 'security.manage', writes: true },
  'sync.pairing.status': { permission: 'security.manage', writes: false },
  'sync.status': { permission: 'public', writes: false },
  'users.activity.export': { permission: 'activity.read', writes: true },
  'users.activity.list': { permission: 'activity.read', writes: false },
  'users.activity.verify': { permission: 'activity.read', writes: false },
  'users.auth.lock': { permission: 'session', writes: true },
  'users.auth.login': { permission: 'public', writes: true },
  'users.auth.logout': { permission: 'session', writes: true },
  'users.auth.refresh': { permission: 'session', writes: true },
  'users.auth.resume': { permission: 'public', writes: false },
  'users.auth.switch': { permission: 'session', writes: true },
  'users.auth.switch_list': { permission: 'session', writes: false },
  'users.auth.unlock': { permission: 'session', writes: true },
  'users.create': { permission: 'users.manage', writes: true },
  'users.disable': { permission: 'users.manage', writes: true },
  'users.enable': { permission: 'users.manage', writes: true },
  'users.list': { permission: 'users.read', writes: false },
  'users.mfa.confirm': { permission: 'session', writes: true },
  'users.mfa.disable': { permission: 'session', writes: true },
  'users.mfa.enroll': { permission: 'session', writes: true },
  'users.password.change': { permission: 'session', writes: true },
  'users.password.reset': { permission: 'users.manage', writes: true },
  'users.permissions.list': { permission: 'users.read', writes: false },
  'users.pin.set': { permission: 'session', writes: true },
  'users.profile.get': { permission: 'session', writes: false },
  'users.roles.create': { permission: 'users.manage', writes: true },
  'users.roles.delete': { permission: 'users.manage', writes: true },
  'users.roles.list': { permission: 'users.read', writes: false },
  'users.roles.mfa': { permission: 'security.manage', writes: true },
  'users.roles.update': { permission: 'users.manage', writes: true },
  'users.update': { permission: 'users.manage', writes: true },
};

/** The permissions a role may hold, in the core's order. */
export const PERMISSIONS = [
  'customers.read',
  'customers.write',
  'customers.import',
  'customers.export',
  'customers.erase',
  'activity.read',
  'users.read',
  'users.manage',
  'security.manage',
  'finance.read',
  'finance.write',
  'finance.manage',
  'sales.read',
  'sales.write',
  'inventory.read',
  'inventory.write',
  'inventory.manage',
  'purchases.manage',
  'costs.read',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** What each built-in role holds (custom roles are made of permissions). */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: ['customers.read', 'customers.write', 'customers.import', 'customers.export', 'customers.erase', 'activity.read', 'users.read', 'users.manage', 'security.manage', 'finance.read', 'finance.write', 'finance.manage', 'sales.read', 'sales.write', 'inventory.read', 'inventory.write', 'inventory.manage', 'purchases.manage', 'costs.read'],
  manager: ['customers.read', 'customers.write', 'customers.import', 'customers.export', 'customers.erase', 'activity.read', 'users.read', 'users.manage', 'finance.read', 'finance.write', 'sales.read', 'sales.write', 'inventory.read', 'inventory.write', 'inventory.manage'],
  accountant: ['customers.read', 'customers.export', 'activity.read', 'finance.read', 'finance.write', 'finance.manage', 'sales.read', 'sales.write', 'inventory.read', 'purchases.manage', 'costs.read'],
  cashier: ['customers.read', 'customers.write', 'sales.read', 'sales.write', 'inventory.read'],
  staff: ['customers.read', 'customers.write', 'inventory.read', 'inventory.write'],
};

/** The fewest characters a passphrase for the company file may have (the core refuses fewer). */
export const PASSPHRASE_MIN_CHARS = 8;
