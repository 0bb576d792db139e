// The one typed wrapper around the Tauri shell's IPC. Every call into the core goes through here.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { COMMANDS, type CommandName, type Commands } from './commands';
import type {
  CustomerQuery,
  ErrorCode,
  FileExport,
  ImportReport,
  InventoryExportInput,
  InvoicePdfInput,
  KeySource,
  LabelsInput,
  PairingStatus,
  Reason,
  ReportExportInput,
  RowError,
  SyncConnect,
  SyncKeyShown,
  SyncReport,
  SyncStatus,
} from './bindings';

export type { Empty, Page } from './bindings';

/** The languages the core writes documents in (an invoice's PDF, a report's export). */
export type DocumentLanguage = 'en' | 'zh';

/** The reports `finances.reports.export` writes, and the formats it writes them in. */
export type ReportName =
  'profit_and_loss' | 'balance_sheet' | 'trial_balance' | 'cash_flow' | 'ar_aging' | 'tax_summary';
export type ExportFormat = 'csv' | 'xlsx' | 'pdf';

/** `InvoicePdfInput` with the languages the core knows. */
export type InvoicePdfRequest = InvoicePdfInput & { language?: DocumentLanguage };

/** `ReportExportInput` with the reports, formats and languages the core knows. */
export type ReportExportRequest = ReportExportInput & {
  report: ReportName;
  format: ExportFormat;
  language?: DocumentLanguage;
};

/** The reports `inventory.reports.export` writes (valuation only for costs.read). */
export type InventoryReportName = 'stock_on_hand' | 'low_stock' | 'movements' | 'valuation' | 'slow_movers';

/** How stock is valued: moving average cost, or first in, first out. */
export type ValuationMethod = 'average' | 'fifo';

/** `InventoryExportInput` with the reports, formats, languages and valuation methods the core knows. */
export type InventoryExportRequest = InventoryExportInput & {
  report: InventoryReportName;
  format: ExportFormat;
  language?: DocumentLanguage;
  method?: ValuationMethod;
};

/** The codes `inventory.labels.pdf` prints: `auto` is the retail code as EAN-13/UPC-A, else Code 128. */
export type LabelSymbology = 'auto' | 'code128' | 'qr';

/** `LabelsInput` with the symbologies the core knows. */
export type LabelsRequest = LabelsInput & { symbology?: LabelSymbology };

export const PAGE_SIZE_MAX = 500;

// The command map is generated from the core's table (ui/src/api/commands.ts): every command with its input
// and output types, the permission it needs, and the roles' permissions.
export { COMMANDS, PERMISSIONS, ROLE_PERMISSIONS } from './commands';
export type { CommandName, CommandPermission, Commands, Permission } from './commands';
export type Input<C extends CommandName> = Commands[C]['input'];
export type Output<C extends CommandName> = Commands[C]['output'];

/** Every command name, for pickers such as the activity log filter. */
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** Every error code, at run time; the Record type keeps the list in step with the Rust enum. */
const ERROR_CODES_RECORD: Record<ErrorCode, true> = {
  validation: true,
  not_found: true,
  unauthenticated: true,
  forbidden: true,
  conflict: true,
  unknown_command: true,
  bad_json: true,
  storage: true,
  locked: true,
  internal: true,
};
export const ERROR_CODES = Object.keys(ERROR_CODES_RECORD) as ErrorCode[];

/** Every validation reason, at run time; the Record type keeps the list in step with the Rust enum. */
const REASONS_RECORD: Record<Reason, true> = {
  required: true,
  too_long: true,
  too_short: true,
  too_many: true,
  single_line: true,
  invalid_email: true,
  invalid_phone: true,
  invalid_id: true,
  invalid_date: true,
  invalid_value: true,
  unknown_field: true,
  out_of_range: true,
  wrong_credentials: true,
  locked: true,
  mfa_required: true,
  wrong_otp: true,
  session_locked: true,
  passphrase_required: true,
  wrong_passphrase: true,
  relay_offline: true,
  relay_refused: true,
  missing_column: true,
  unclosed_quote: true,
  wrong_field_count: true,
  negative: true,
  too_many_decimals: true,
  too_large: true,
};
export const REASONS = Object.keys(REASONS_RECORD) as Reason[];

export type { ErrorCode, KeySource, Reason, RowError };

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  /** Per-row problems of a rejected import (row 1 is the CSV header). */
  readonly details: RowError[];
  /** Absent when the core gave none, or one this UI does not know: then `message` (English) is all there is. */
  readonly reason: Reason | undefined;
  /** The max length, max count, min length or expected field count that `reason` refers to. */
  readonly limit: number | undefined;
  /** `message` in Simplified Chinese, where the core's refusal says more than its `reason`. */
  readonly messageZh: string | undefined;
  /** Every refused field when the core checked a form as a whole and refused several (this error's first). */
  readonly fields: FieldRefusal[];

  constructor(
    code: ErrorCode,
    message: string,
    {
      field,
      details = [],
      reason,
      limit,
      messageZh,
      fields = [],
    }: {
      field?: string;
      details?: RowError[];
      reason?: Reason;
      limit?: number;
      messageZh?: string;
      fields?: FieldRefusal[];
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.field = field;
    this.details = details;
    this.reason = reason;
    this.limit = limit;
    this.messageZh = messageZh;
    this.fields = fields;
  }
}

/** One refused field of a form the core refused as a whole. */
export type FieldRefusal = { field: string; message: string; messageZh?: string; reason?: Reason; limit?: number };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES_RECORD, value);
}

/** `reason` and `limit` as the core sent them; a reason newer than this UI is dropped, not passed on unchecked. */
function toWhy(body: Record<string, unknown>): { reason?: Reason; limit?: number } {
  const why: { reason?: Reason; limit?: number } = {};
  if (typeof body.reason === 'string' && Object.hasOwn(REASONS_RECORD, body.reason)) why.reason = body.reason as Reason;
  if (typeof body.limit === 'number' && Number.isFinite(body.limit)) why.limit = body.limit;
  return why;
}

function toRowErrors(value: unknown): RowError[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((d) => ({
    row: typeof d.row === 'number' ? d.row : 0,
    field: typeof d.field === 'string' ? d.field : null,
    message: typeof d.message === 'string' ? d.message : '',
    ...toWhy(d),
  }));
}

function toFieldRefusals(value: unknown): FieldRefusal[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isRecord)
    .filter((f) => typeof f.field === 'string')
    .map((f) => ({
      field: f.field as string,
      message: typeof f.message === 'string' ? f.message : '',
      messageZh: typeof f.message_zh === 'string' ? f.message_zh : undefined,
      ...toWhy(f),
    }));
}

/**
 * Turns whatever the IPC rejected with into an ApiError. The shell sends
 * `{code, message, field?, details?, reason?, limit?}`; the core's envelope `{error: {...}}` is accepted
 * too. Anything else (a Tauri-level string error, a thrown Error) becomes `internal` so the UI never
 * shows "unknown".
 */
export function toApiError(reason: unknown): ApiError {
  if (reason instanceof ApiError) return reason;
  const body = isRecord(reason) && isRecord(reason.error) ? reason.error : reason;
  if (isRecord(body) && typeof body.code === 'string') {
    const message = typeof body.message === 'string' ? body.message : body.code;
    const code = isErrorCode(body.code) ? body.code : 'internal';
    return new ApiError(code, message, {
      field: typeof body.field === 'string' ? body.field : undefined,
      details: toRowErrors(body.details),
      messageZh: typeof body.message_zh === 'string' ? body.message_zh : undefined,
      fields: toFieldRefusals(body.fields),
      ...toWhy(body),
    });
  }
  if (reason instanceof Error) return new ApiError('internal', reason.message);
  return new ApiError('internal', typeof reason === 'string' ? reason : JSON.stringify(reason));
}

/**
 * Where the core answers when the UI runs outside the desktop app: the development host
 * (`crates/devhost`), in a browser through Vite's proxy, or in the UI's tests at the address their global
 * set-up started it on, for the throw-away `company` a test made.
 */
export type DevHost = { url: string; company?: string };
let devHost: DevHost = { url: '/__suanpan' };

/** Points calls made outside the desktop app at a development host (and one of its companies). */
export function setDevHost(host: DevHost): void {
  devHost = host;
}

/** Whether the Tauri shell (or a test's stand-in for its IPC) is there to `invoke`. */
export function inDesktopApp(): boolean {
  const internals = (globalThis as { __TAURI_INTERNALS__?: { invoke?: unknown } }).__TAURI_INTERNALS__;
  return typeof internals?.invoke === 'function';
}

async function postToHost<T>(path: string, body: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${devHost.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, company: devHost.company }),
    });
  } catch {
    throw new ApiError('storage', 'The development host does not answer: start it with scripts/dev.sh.', {
      reason: 'relay_offline',
    });
  }
  const answer = (await response.json()) as unknown;
  if (!response.ok) throw toApiError(answer);
  return answer as T;
}

/** Hands a file the core made to the browser as a download. */
function download(file: FileExport): void {
  if (typeof URL.createObjectURL !== 'function') return;
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.file_name;
  link.click();
  URL.revokeObjectURL(url);
}

/** The shell's IPC commands as the development host serves them (it has no native dialogs and no relay). */
async function overHost<T>(cmd: string, args: Record<string, unknown>): Promise<T> {
  switch (cmd) {
    case 'call':
    case 'call_with_progress':
      return postToHost<T>('/call', {
        command: args.command,
        input: args.input,
        token: args.token,
        request_id: args.requestId,
      });
    case 'store_status':
    case 'unlock_store':
      return postToHost<T>('/store_status', {});
    case 'save_file_dialog': {
      const file = await postToHost<FileExport>('/call', {
        command: args.command,
        input: args.input,
        token: args.token,
      });
      download(file);
      return { path: file.file_name, count: 1 } as T;
    }
    default:
      throw new ApiError('internal', `${cmd} needs the desktop app.`);
  }
}

async function invokeOrThrow<T>(cmd: string, args: Record<string, unknown>): Promise<T> {
  try {
    return inDesktopApp() ? await invoke<T>(cmd, args) : await overHost<T>(cmd, args);
  } catch (reason) {
    throw toApiError(reason);
  }
}

/**
 * Listens to one of the shell's events (`progress`, `sync-remote`). Outside the desktop app nothing sends
 * them, and the returned function (which stops listening) does nothing.
 */
export async function onShellEvent<T>(event: string, handler: (payload: T) => void): Promise<() => void> {
  if (!inDesktopApp()) return () => undefined;
  return listen<T>(event, (e) => handler(e.payload));
}

/**
 * What makes a call safe to send twice: the caller's id for one submit. The core answers a repeat of a
 * command that changes data with the first answer instead of a second record (see `useSubmit`).
 */
export type Once = { requestId?: string };

/** Calls one core command. `token` is the session token, or null for public commands. */
export function rpc<C extends CommandName>(
  command: C,
  input: Input<C>,
  token: string | null = null,
  once: Once = {},
): Promise<Output<C>> {
  return invokeOrThrow<Output<C>>('call', { token, command, input, requestId: once.requestId });
}

export type ExportDialogResult = { path: string; count: number };

/** Opens the native file dialog (titled `title`, in the UI language) and imports the chosen CSV. Null when the user cancelled. */
export function importCustomersDialog(token: string | null, title: string): Promise<ImportReport | null> {
  return invokeOrThrow<ImportReport | null>('import_customers_dialog', { token, title });
}

/**
 * Opens the native save dialog (titled `title`, in the UI language) and writes the customers matching
 * `query`. Null when the user cancelled.
 */
export function exportCustomersDialog(
  token: string | null,
  query: CustomerQuery,
  title: string,
): Promise<ExportDialogResult | null> {
  return invokeOrThrow<ExportDialogResult | null>('export_customers_dialog', { token, query, title });
}

/** The commands that make a file for `saveFileDialog`: an invoice's PDF, a report as CSV, Excel or PDF. */
export type FileCommand = {
  [C in CommandName]: Output<C> extends FileExport ? C : never;
}[CommandName];

/** Where `saveFileDialog` wrote the file (`count` is always 1). */
export type SavedFile = { path: string; count: number };

/**
 * Runs `command` (one that makes a file) with `input`, opens the native save dialog (titled `title`, in the
 * UI language) offering the file's name, and writes it there. Null when the user cancelled.
 */
export function saveFileDialog<C extends FileCommand>(
  token: string | null,
  command: C,
  input: Input<C>,
  title: string,
): Promise<SavedFile | null> {
  return invokeOrThrow<SavedFile | null>('save_file_dialog', { token, command, input, title });
}

/** How far a long command has come, as `call_with_progress` reports it in `progress` events. */
export type Progress = { task: string; done: number; total: number };

/** The Tauri event `call_with_progress` sends while it works. */
export const PROGRESS_EVENT = 'progress';

/**
 * Calls one core command off the shell's main thread (a product import); while it runs, the shell emits
 * `progress` events (`Progress`) that `listen(PROGRESS_EVENT, …)` hears.
 */
export function callWithProgress<C extends CommandName>(
  token: string | null,
  command: C,
  input: Input<C>,
): Promise<Output<C>> {
  return invokeOrThrow<Output<C>>('call_with_progress', { token, command, input });
}

/**
 * Whether the company file is open. It is encrypted: where no OS keychain holds its key it stays shut
 * (`locked`) until the user gives its passphrase or recovery key, or (`new`) chooses a passphrase for it.
 */
export type StoreStatus =
  | { state: 'open'; key_source: KeySource | null }
  | { state: 'locked' }
  | { state: 'new' }
  | { state: 'failed'; error: ApiError };

/** The shell's answer, as sent: `failed` carries the core's error body, not yet an ApiError. */
type StoreStatusBody = Exclude<StoreStatus, { state: 'failed' }> | { state: 'failed'; error: unknown };

function toStoreStatus(body: StoreStatusBody): StoreStatus {
  return body.state === 'failed' ? { state: 'failed', error: toApiError(body.error) } : body;
}

/** Asks the shell whether the company file is open; until it is, every `rpc` is refused with `locked`. */
export async function storeStatus(): Promise<StoreStatus> {
  return toStoreStatus(await invokeOrThrow<StoreStatusBody>('store_status', {}));
}

/**
 * Opens the company file with `passphrase` (or its recovery key); for a `new` one, encrypts it with
 * `passphrase`. Rejects with `locked`/`wrong_passphrase`, or `validation`/`too_short` for a new one.
 */
export async function unlockStore(passphrase: string): Promise<StoreStatus> {
  return toStoreStatus(await invokeOrThrow<StoreStatusBody>('unlock_store', { passphrase }));
}

// Sync between a shop's devices through a relay server: the `sync.*` commands of the core's table.

/** `sync.status`: whether this device is connected to a relay, what waits, and when it last synced. */
export type SyncStatusBody = SyncStatus;
/** One sync round's counts, as `sync.now` reports them. */
export type SyncReportBody = SyncReport;
/**
 * `sync.connect`'s input: `create` makes the company's relay account (first device); joining needs `key` or
 * `pairing_code`, never both. A wrong, used or expired pairing code is a `validation` error on `pairing_code`.
 */
export type SyncConnectBody = SyncConnect;

/** One device of the company's relay account. */
export type SyncDeviceBody = {
  id: string;
  name: string;
  created_at_ms: number;
  last_seen_ms: number;
  revoked: boolean;
};

/** Whether this device is connected to a relay. Needs no session. */
export function syncStatus(): Promise<SyncStatusBody> {
  return rpc('sync.status', {});
}

/** Connects this device to a relay (needs users.manage; none on a device without a company yet). */
export function syncConnect(token: string | null, input: SyncConnectBody): Promise<SyncStatusBody> {
  return rpc('sync.connect', input, token);
}

/** One sync round now. Rejects with `storage` ("cannot reach the relay at …") when offline. */
export function syncNow(token: string | null): Promise<SyncReportBody> {
  return rpc('sync.now', {}, token);
}

/** The company's devices on the relay (needs users.manage). */
export function syncDevices(token: string | null): Promise<SyncDeviceBody[]> {
  return rpc('sync.devices.list', {}, token);
}

/** Cuts a (lost) device off the relay (needs users.manage). */
export async function syncRevoke(token: string | null, deviceId: string): Promise<void> {
  await rpc('sync.devices.revoke', { device_id: deviceId }, token);
}

/** The company's sync key, to join another device (owners: security.manage; logged by the core). */
export function syncKey(token: string | null): Promise<SyncKeyShown> {
  return rpc('sync.key', {}, token);
}

/**
 * Starts pairing a new device (owners: security.manage; logged by the core): the code to show, valid 10
 * minutes. Starting again replaces the code shown before.
 */
export function syncPairStart(token: string | null): Promise<PairingStatus> {
  return rpc('sync.pairing.start', {}, token);
}

/**
 * Where the pairing started here stands; null when none is under way. Call it about every second while the
 * code is shown: this call is what sends the new device the sealed key once it has answered.
 */
export function syncPairStatus(token: string | null): Promise<PairingStatus | null> {
  return rpc('sync.pairing.status', {}, token);
}

/** Gives up the pairing started here: its code no longer works. */
export async function syncPairCancel(token: string | null): Promise<void> {
  await rpc('sync.pairing.cancel', {}, token);
}

/**
 * Whether the relay, not this device's core, refused (reason `relay_refused`): an `unauthenticated` of
 * that kind means a wrong relay password or a revoked device, never that the user's own session ended.
 */
export function isRelayRefusal(error: ApiError): boolean {
  return error.reason === 'relay_refused';
}

/** Whether a sync failed because the relay could not be reached (reason `relay_offline`). */
export function isRelayUnreachable(error: ApiError): boolean {
  return error.reason === 'relay_offline';
}
