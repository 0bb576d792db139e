// DEV ONLY (VITE_MOCK_IPC=1): a small in-memory imitation of the Rust core behind `invoke`, so the UI
// can be run and looked at in a plain browser. It is never bundled into a real build (see main.tsx).
// It imitates the documented shapes, not the core's rules: the core stays the only source of truth.
//
// URL switches: ?mock=firstrun (no company yet), ?mock=login (no remembered session),
// ?customers=N (seeded customers, default 100000), ?import=bad (the import dialog rejects rows),
// ?audit=broken (verifying the activity log finds an altered entry), ?store=locked (the company
// file waits for its passphrase, open-sesame-9, or the recovery key Settings shows), ?store=new (no
// keychain: the user chooses a passphrase), ?store=failed (the file cannot be opened). Seeded users
// sign in with their email and correct-horse-9; with two-step sign-in on, 123456 is the
// authenticator's code. The screen locks after ?idle=N minutes (default 10; 0 never); 小王's PIN is
// 1234 and 李经理's 2468 (unlock, or take over the counter). ?mfa=cashier (any role key) requires
// two-step sign-in of that role, so 小王 (till@example.com) is asked to set it up after signing in.
// Sync: this computer starts without a relay (Settings → Sync connects it: any http(s) address; one
// containing "offline" cannot be reached; joining takes any 64-hex-digit sync key and the
// relay password relay-secret-9). ?sync=on starts connected, ?sync=offline connected with the relay out
// of reach. A round sends the changes made since the last one and, every third round, receives two.
// With ?mock=firstrun, "Join an existing company" connects with no session and the first round receives
// the company (the seeded users and customers), as a fresh install joining another device's company does.
// Finance starts with the books not set up (mockFinance.ts): the owner or the accountant (Anna Chen) sets them
// up; ?finance=seeded starts with them set up, a few entries of today, the PRC VAT rates and two invoices
// (mockInvoicing.ts; this device numbers INV-TEST-00001…) and two recurring invoices (mockRecurring.ts: three
// of one are due, which the app makes on signing in; the other runs on the till until taken over);
// ?finance=late also closes the books through yesterday, into which the offline till posted after the close
// (a late posting, shown where the books are closed). 小王 the cashier sees Finance's invoices alone.
// Inventory (mockInventory.ts) starts with a tea shop's products, three locations, stock with one item low and one
// oversold (sold offline on two devices), a partly received purchase order and a draft; ?inventory=empty starts
// with nothing; ?inventory=clash adds two products other devices made offline, one with Longjing's barcode and one
// with the nuts' SKU (Products shows the clashes, to edit or merge).
// Saving a file (an invoice's PDF, a report's export) runs its command and pretends the user picked
// /home/owner/Documents/<the file's name>.
// A long command (a product import, CSV only here) reports its progress as the shell does, in `progress` events.
import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
import type {
  ActivityEntry,
  Condition,
  Criteria,
  Customer,
  CustomerQuery,
  Interaction,
  Note,
  PermissionInfo,
  Product,
  Reason,
  Role,
  RoleInfo,
  RowError,
  Rule,
  Segment,
  Session,
  TimelineItem,
  User,
} from '../api/bindings';
import { createFinanceMock, FINANCE_PERMISSIONS } from './mockFinance';
import { createInventoryMock, INVENTORY_PERMISSIONS } from './mockInventory';

/** What the core grants each role (`Role::permissions`, docs/commands.md). */
const ROLE_PERMISSIONS: Record<Role, string[]> = {
  owner: [
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
  ],
  manager: [
    'customers.read',
    'customers.write',
    'customers.import',
    'customers.export',
    'customers.erase',
    'activity.read',
    'users.read',
    'users.manage',
    'finance.read',
    'finance.write',
    'sales.read',
    'sales.write',
    'inventory.read',
    'inventory.write',
    'inventory.manage',
  ],
  accountant: [
    'customers.read',
    'customers.export',
    'activity.read',
    'finance.read',
    'finance.write',
    'finance.manage',
    'sales.read',
    'sales.write',
    'inventory.read',
    'purchases.manage',
    'costs.read',
  ],
  cashier: ['customers.read', 'customers.write', 'sales.read', 'sales.write', 'inventory.read'],
  staff: ['customers.read', 'customers.write', 'inventory.read', 'inventory.write'],
};
const ROLES: Role[] = ['owner', 'manager', 'accountant', 'cashier', 'staff'];

/** `Permission::GRANTABLE` with `Permission::describe` (crates/core/src/users/model.rs). */
const PERMISSION_INFO: PermissionInfo[] = [
  { permission: 'customers.read', description: 'See customers, notes, interactions and segments' },
  { permission: 'customers.write', description: 'Add and change customers, notes, interactions and segments' },
  { permission: 'customers.import', description: 'Import customers from a file' },
  { permission: 'customers.export', description: 'Export customers and their personal data' },
  { permission: 'customers.erase', description: "Erase a customer's personal data for good" },
  { permission: 'activity.read', description: 'See, check and export the activity log' },
  { permission: 'users.read', description: 'See the staff list and roles' },
  { permission: 'users.manage', description: 'Add, change and disable staff and roles' },
  { permission: 'security.manage', description: 'Encryption keys and sign-in rules (owners only)' },
  { permission: 'finance.read', description: 'See the ledger, income, expenses and financial reports' },
  { permission: 'finance.write', description: 'Record income and expenses, post and reverse journal entries' },
  {
    permission: 'finance.manage',
    description: 'Set up the chart of accounts, taxes and invoice numbering; close periods',
  },
  { permission: 'sales.read', description: 'See invoices, payments and taxes' },
  { permission: 'sales.write', description: 'Make and issue invoices and take payments' },
  { permission: 'inventory.read', description: 'See products, stock levels and movements' },
  { permission: 'inventory.write', description: 'Receive goods, move, adjust and count stock' },
  {
    permission: 'inventory.manage',
    description: 'Add and edit products, categories, locations and stock thresholds',
  },
  { permission: 'purchases.manage', description: 'Make, send and cancel purchase orders' },
  { permission: 'costs.read', description: 'See cost prices, margins and the stock valuation' },
];

/** `lock::ALLOWED_WHILE_LOCKED`. */
const ALLOWED_WHILE_LOCKED = ['users.auth.unlock', 'users.auth.switch', 'users.auth.switch_list', 'users.auth.logout'];
const PIN_DIGITS_MIN = 4;
const PIN_DIGITS_MAX = 8;
const IDLE_LOCK_MINUTES_MAX = 240;
/** Wrong PINs and passwords before a lockout, and how long it lasts. */
const FAILURES_MAX = 5;
const LOCKOUT_MINUTES = 15;

type CustomRole = { id: string; name: string; description: string; permissions: string[] };

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

type Json = Record<string, unknown>;

class MockError {
  code: string;
  message: string;
  field?: string;
  details?: RowError[];
  reason?: Reason;
  limit?: number;
  constructor(code: string, message: string, field?: string) {
    this.code = code;
    this.message = message;
    if (field) this.field = field;
  }
}

/** A refused value, as the core reports it: English message, plus the reason (and limit) the UI translates. */
function invalid(field: string, reason: Reason, message: string, limit?: number): MockError {
  const error = new MockError('validation', message, field);
  error.reason = reason;
  if (limit !== undefined) error.limit = limit;
  return error;
}

// The core's bounds (crates/core/src/customers/model.rs, users/ops.rs, validate.rs).
const NAME_CHARS_MAX = 200;
const ADDRESS_PART_CHARS_MAX = 200;
const TAX_ID_CHARS_MAX = 64;
const TAGS_MAX = 50;
const EMAIL_CHARS_MAX = 254;
const PASSWORD_CHARS_MIN = 8;
const NOTE_CHARS_MAX = 10_000;

/** The mock has no clock-based codes: this one always passes as the authenticator's. */
const MOCK_OTP = '123456';
const MOCK_TOTP_SECRET = 'JBSWY3DPEHPK3PXP';
const SEGMENT_NAME_CHARS_MAX = 100;
/** `crypt::PASSPHRASE_MIN_CHARS`. */
const DB_PASSPHRASE_CHARS_MIN = 8;
/** What opens the company file under ?store=locked (e2e/spec.mjs's dry runs type it too). */
const MOCK_DB_PASSPHRASE = 'open-sesame-9';
const MOCK_RECOVERY_KEY = `x'${'5a'.repeat(32)}'`;
/** The company's sync key once connected (`sync_key`), and the relay account's password for joining. */
const MOCK_SYNC_KEY = '3c'.repeat(32);
const MOCK_RELAY_PASSWORD = 'relay-secret-9';
/** The code `sync_pair_start` shows, and how long it lasts (the core's 10 minutes). */
const MOCK_PAIRING_CODE = '1234-567890';
const PAIRING_MS = 10 * 60_000;
/** Reads of a pairing's state before an imagined new device answers, and before it confirms. */
const PAIRING_READS_TO_SEND = 5;
const PAIRING_READS_TO_DONE = 8;

type MockPairing = { code: string; expires_at_ms: number; reads: number };

/** A pairing as the core would see it after `reads` reads of its state: a new device answers, then takes the key. */
function pairingState(pairing: MockPairing): 'waiting' | 'sent' | 'done' | 'expired' {
  if (pairing.reads >= PAIRING_READS_TO_DONE) return 'done';
  if (Date.now() >= pairing.expires_at_ms) return 'expired';
  return pairing.reads >= PAIRING_READS_TO_SEND ? 'sent' : 'waiting';
}

/** The relay's minimum for a new account's password (docs/sync-protocol.md). */
const RELAY_PASSWORD_CHARS_MIN = 10;

/** Like the core's `validate::optional`/`required`: trims, bounds, and for `required` refuses blank. */
function checkText(field: string, value: unknown, max_chars: number, required = false): void {
  const text = String(value ?? '').trim();
  if (required && !text) throw invalid(field, 'required', `${field} must not be empty`);
  const count = [...text].length;
  if (count > max_chars)
    throw invalid(
      field,
      'too_long',
      `${field} is ${count} characters long; at most ${max_chars} are allowed`,
      max_chars,
    );
}

const DAY_MS = 86_400_000;
const LATENCY_MS = 60;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', 'Smith', 'García', 'Müller', 'Nguyen'];
const GIVEN = ['小明', '伟', '芳', '娜', '强', '静', 'Anna', 'James', 'Chloé', 'Yuki', 'Omar', 'Li'];
const SHOPS = ['茶庄', 'Trading', '五金店', 'Bakery', '便利店', 'Studio', '花店', 'Supplies', ''];
const CITIES = ['上海', '北京', '杭州', '深圳', 'Shanghai', 'Singapore', 'London', 'Berlin', '成都', '广州'];
const TAGS = ['vip', 'wholesale', '老客户', 'online', 'supplier', '茶叶', 'newsletter'];

function pick<T>(items: readonly T[], n: number): T {
  return items[n % items.length];
}

function seedCustomers(count: number, now_ms: number): Customer[] {
  const special = ['<script>alert(1)</script>', 'O\'Brien "Quotes" & Co', '李伟 <b>Tea</b> 🍵', 'Café 🍰 “Zoë”'];
  const customers: Customer[] = [];
  for (let i = 0; i < count; i++) {
    const name =
      i < special.length
        ? special[i]
        : `${pick(SURNAMES, i)}${pick(GIVEN, Math.floor(i / SURNAMES.length) + i)} ${pick(SHOPS, Math.floor(i / 5))}`.trim();
    const created_at_ms = now_ms - ((i * 7919) % 900) * DAY_MS - i;
    customers.push({
      id: `c-${i.toString().padStart(6, '0')}`,
      name,
      email: i % 5 === 4 ? null : `customer${i}@example.com`,
      phone:
        i % 3 === 2
          ? null
          : `+86 138 ${String(1000 + (i % 9000)).padStart(4, '0')} ${String(i % 10000).padStart(4, '0')}`,
      address: {
        line1: `${(i % 300) + 1} ${pick(['Nanjing Rd', '长安街', 'High St', 'Orchard Rd'], i)}`,
        line2: '',
        city: pick(CITIES, i * 11),
        region: '',
        postal_code: String(100000 + (i % 899999)),
        country: pick(['CN', 'CN', 'SG', 'GB', 'DE'], i),
      },
      tax_id: i % 4 === 0 ? `91310000${String(i).padStart(10, '0')}` : null,
      tags: TAGS.filter((_, t) => (i + t * 3) % 7 === 0),
      archived: i % 17 === 16,
      erased: false,
      created_at_ms,
      updated_at_ms: created_at_ms + ((i * 31) % 200) * DAY_MS,
    });
  }
  return customers;
}

function contains(haystack: string | null, needle: string): boolean {
  return (haystack ?? '').toLowerCase().includes(needle.toLowerCase());
}

function fieldValue(customer: Customer, field: Condition['field']): string {
  switch (field) {
    case 'city':
    case 'country':
    case 'region':
      return customer.address[field];
    case 'name':
      return customer.name;
    case 'email':
    case 'phone':
    case 'tax_id':
      return customer[field] ?? '';
    default:
      return '';
  }
}

function matchesRule(customer: Customer, rule: Rule): boolean {
  if ('rules' in rule) return matchesCriteria(customer, rule);
  const { field, op, value } = rule;
  if (field === 'tag') return op === 'has' ? customer.tags.includes(value) : !customer.tags.includes(value);
  if (field === 'created_at') {
    const day_ms = Date.parse(`${value}T00:00:00Z`);
    return op === 'before' ? customer.created_at_ms < day_ms : customer.created_at_ms >= day_ms + DAY_MS;
  }
  const actual = fieldValue(customer, field);
  return op === 'equals' ? actual.toLowerCase() === value.toLowerCase() : contains(actual, value);
}

function matchesCriteria(customer: Customer, criteria: Criteria): boolean {
  if (customer.archived) return false; // Archived customers are never segment members.
  if (criteria.rules.length === 0) return true;
  return criteria.match === 'all'
    ? criteria.rules.every((rule) => matchesRule(customer, rule))
    : criteria.rules.some((rule) => matchesRule(customer, rule));
}

function checkCriteria(criteria: Criteria, path = 'criteria'): void {
  criteria.rules.forEach((rule, index) => {
    const here = `${path}.rules[${index}]`;
    if ('rules' in rule) return checkCriteria(rule, here);
    const value = rule.value.trim();
    if (!value) throw invalid(`${here}.value`, 'required', 'a condition needs a value');
    if (rule.field === 'created_at' && !/^\d{4}-\d{2}-\d{2}$/.test(value))
      throw invalid(`${here}.value`, 'invalid_date', 'a date must be written YYYY-MM-DD');
  });
}

export function installMockBackend(): void {
  const params = new URLSearchParams(window.location.search);
  const now_ms = Date.now();
  /** The company file: open (its key in the keychain, as on most desktops) unless ?store= says otherwise. */
  const storeSwitch = params.get('store');
  let store: 'open' | 'locked' | 'new' | 'failed' =
    storeSwitch === 'locked' || storeSwitch === 'new' || storeSwitch === 'failed' ? storeSwitch : 'open';
  const keySource = store === 'open' ? 'keychain' : 'passphrase';
  const owner: User = {
    id: 'u-owner',
    name: '陈老板 (Owner)',
    email: 'owner@example.com',
    role: 'owner',
    custom_role_id: null,
    status: 'active',
    mfa_enabled: false,
    pin_set: false,
  };
  const users: User[] = [
    owner,
    {
      id: 'u-2',
      name: '李经理',
      email: 'manager@example.com',
      role: 'manager',
      custom_role_id: null,
      status: 'active',
      mfa_enabled: false,
      pin_set: false,
    },
    {
      id: 'u-3',
      name: 'Anna Chen',
      email: 'accounts@example.com',
      role: 'accountant',
      custom_role_id: null,
      status: 'active',
      mfa_enabled: false,
      pin_set: false,
    },
    {
      id: 'u-4',
      name: '小王',
      email: 'till@example.com',
      role: 'cashier',
      custom_role_id: null,
      status: 'active',
      mfa_enabled: false,
      pin_set: false,
    },
    {
      id: 'u-5',
      name: 'James Liu',
      email: 'james@example.com',
      role: 'staff',
      custom_role_id: 'r-1',
      status: 'disabled',
      mfa_enabled: false,
      pin_set: false,
    },
  ];
  const passwords = new Map(users.map((user) => [user.id, 'correct-horse-9']));
  const customRoles: CustomRole[] = [
    {
      id: 'r-1',
      name: 'Counter lead',
      description: 'Runs the till and sends the weekly customer list',
      permissions: ['customers.read', 'customers.write', 'customers.export'],
    },
  ];
  /** Role keys (built-in names or custom role ids) whose users must use two-step sign-in. */
  const mfaRequiredRoles = new Set<string>(params.get('mfa') ? [String(params.get('mfa'))] : []);
  let idleLockMinutes = Number(params.get('idle') ?? 10);
  const pins = new Map<string, string>([
    ['u-4', '1234'],
    ['u-2', '2468'],
  ]);
  for (const user of users) user.pin_set = pins.has(user.id);
  const lockedSessions = new Set<string>();
  /** Wrong PINs or passwords in a row, per user: the fifth locks them out for a while. */
  const failures = new Map<string, { count: number; until_ms: number }>();
  /** Session token → the user it belongs to. */
  const sessionUsers = new Map<string, User>();
  let companyName: string | null = params.get('mock') === 'firstrun' ? null : '算盘茶庄 Tea House';
  let remembered: Session | null =
    params.get('mock') === 'login' || companyName === null
      ? null
      : {
          token: 'mock-token',
          user: owner,
          expires_at_ms: now_ms + 30 * DAY_MS,
          permissions: ROLE_PERMISSIONS.owner,
          mfa_setup_required: false,
        };
  const sessions = new Set<string>(remembered ? [remembered.token] : []);
  if (remembered) sessionUsers.set(remembered.token, owner);
  const customers = seedCustomers(companyName === null ? 0 : Number(params.get('customers') ?? 100_000), now_ms);
  const byId = new Map(customers.map((c) => [c.id, c]));
  const notes: Note[] = [];
  /** Two-step sign-in: the mock accepts MOCK_OTP as the authenticator's code; recovery codes work once. */
  const pendingMfa = new Set<string>();
  const recoveryCodes = new Map<string, Set<string>>();
  /** Whether `code` is the user's authenticator code or an unused recovery code (which it then uses up). */
  function otpAccepted(user: User, code: unknown): boolean {
    if (code === MOCK_OTP) return true;
    const codes = recoveryCodes.get(user.id);
    return typeof code === 'string' && codes !== undefined && codes.delete(code.toLowerCase());
  }
  function wrongOtp(field: string): MockError {
    const error = new MockError('unauthenticated', 'the code is wrong or has expired', field);
    error.reason = 'wrong_otp';
    return error;
  }
  const interactions: Interaction[] = [];
  const segments: Segment[] = [];
  const activity: ActivityEntry[] = [];
  /** This computer's side of sync (the shell's `sync_*` commands) and the relay account's devices. */
  const syncSwitch = params.get('sync');
  const sync = {
    relay_url: syncSwitch === 'on' || syncSwitch === 'offline' ? 'https://relay.example.com' : (null as string | null),
    reachable: syncSwitch !== 'offline',
    device_id: 'd-0190f3a2-7c41-7b1e-9a55-3f2e8c1d0b6a',
    /** Changes made here since the last round. */
    pending: 0,
    rounds: 0,
    last_synced_at_ms: syncSwitch === 'on' || syncSwitch === 'offline' ? now_ms - 3 * 60_000 : (null as number | null),
    cursor: 0,
  };
  /** The pairing started here (`sync_pair_start`), if any. */
  let pairing: MockPairing | null = null;
  const syncDevices = [
    {
      id: sync.device_id,
      name: 'Counter laptop',
      created_at_ms: now_ms - 40 * DAY_MS,
      last_seen_ms: now_ms - 3 * 60_000,
      revoked: false,
    },
    {
      id: 'd-0190f3a2-9d02-7aa0-8e11-6b7c5d4e3f21',
      name: 'Office PC',
      created_at_ms: now_ms - 30 * DAY_MS,
      last_seen_ms: now_ms - 2 * 3_600_000,
      revoked: false,
    },
    {
      id: 'd-0190f3a2-1e5b-7c3d-b2a4-0f9e8d7c6b5a',
      name: 'Old till',
      created_at_ms: now_ms - 300 * DAY_MS,
      last_seen_ms: now_ms - 120 * DAY_MS,
      revoked: true,
    },
  ];

  if (customers.length > 2) {
    const first = customers[2];
    notes.push({
      id: 'n-1',
      customer_id: first.id,
      author_id: owner.id,
      author_name: owner.name,
      text: 'Prefers 龙井 green tea. <i>Not HTML</i> — ships on Fridays.',
      created_at_ms: now_ms - 2 * DAY_MS,
    });
    interactions.push(
      {
        id: 'i-1',
        customer_id: first.id,
        kind: 'call',
        occurred_at_ms: now_ms - 5 * DAY_MS,
        description: 'Asked about the autumn price list.',
        user_id: owner.id,
        user_name: owner.name,
        created_at_ms: now_ms - 5 * DAY_MS,
      },
      {
        id: 'i-2',
        customer_id: first.id,
        kind: 'sale',
        occurred_at_ms: now_ms - DAY_MS,
        description: '20 kg 龙井, paid by bank transfer.',
        user_id: owner.id,
        user_name: owner.name,
        created_at_ms: now_ms - DAY_MS,
      },
    );
    const vip: Criteria = { match: 'all', rules: [{ field: 'tag', op: 'has', value: 'vip' }] };
    const local: Criteria = {
      match: 'any',
      rules: [
        { field: 'city', op: 'equals', value: '上海' },
        {
          match: 'all',
          rules: [
            { field: 'city', op: 'equals', value: 'Shanghai' },
            { field: 'tag', op: 'lacks', value: 'online' },
          ],
        },
      ],
    };
    segments.push(
      {
        id: 's-1',
        name: 'VIP customers',
        description: 'Everyone tagged vip',
        criteria: vip,
        member_count: 0,
        created_at_ms: now_ms - 9 * DAY_MS,
        updated_at_ms: now_ms - 3 * DAY_MS,
      },
      {
        id: 's-2',
        name: '上海本地客户',
        description: '',
        criteria: local,
        member_count: 0,
        created_at_ms: now_ms - 8 * DAY_MS,
        updated_at_ms: now_ms - 8 * DAY_MS,
      },
    );
    for (let i = 0; i < 137; i++) {
      const command = pick(
        [
          'customers.create',
          'customers.update',
          'customers.notes.create',
          'customers.segments.create',
          'users.auth.login',
        ],
        i,
      );
      activity.push({
        id: `a-${i}`,
        user_id: owner.id,
        user_name: owner.name,
        command,
        target_id: command.startsWith('customers') ? customers[i % customers.length].id : null,
        at_ms: now_ms - i * 3_600_000,
        device_id: 'dev-laptop',
        summary:
          command === 'users.auth.login'
            ? 'Signed in'
            : `${command.split('.').slice(1).join(' ')} ${customers[i % customers.length].name}`,
      });
    }
    // As e2e/run.sh does through the CLI: a cashier tried an owner's command and the core refused and logged it.
    activity.unshift({
      id: 'a-refused',
      user_id: 'u-cash',
      user_name: 'Cash',
      command: 'users.create',
      target_id: null,
      at_ms: now_ms - 60_000,
      device_id: 'dev-cli',
      summary: 'refused: Cash may not do users.create',
    });
  }

  const finance = createFinanceMock(
    params.get('finance'),
    (id) => {
      const customer = byId.get(String(id));
      return customer && !customer.erased ? customer : null;
    },
    // An invoice line's product, from the inventory below (looked up when a line names one, after both exist).
    (id) => {
      try {
        return inventory.call('inventory.products.get', { id }, 'system', () => true) as Product;
      } catch {
        return null;
      }
    },
    (event, invoice) => inventory.invoiceMoved(event, invoice),
  );

  const inventory = createInventoryMock(params.get('inventory'));

  function log(command: string, target_id: string | null, summary: string) {
    // Every logged change is one the next sync round sends.
    if (sync.relay_url) sync.pending += 1;
    activity.unshift({
      id: crypto.randomUUID(),
      user_id: owner.id,
      user_name: owner.name,
      command,
      target_id,
      at_ms: Date.now(),
      device_id: 'dev-laptop',
      summary,
    });
  }

  function requireSession(token: unknown) {
    if (typeof token !== 'string' || !sessions.has(token)) throw new MockError('unauthenticated', 'no session');
  }

  function me(token: unknown): User {
    return sessionUsers.get(String(token)) ?? owner;
  }

  /** What `user` may do: their custom role's permissions, else their built-in role's. */
  function rolePermissions(user: User): string[] {
    if (!user.custom_role_id) return ROLE_PERMISSIONS[user.role];
    return customRoles.find((role) => role.id === user.custom_role_id)?.permissions ?? [];
  }

  function mfaSetupRequired(user: User): boolean {
    return !user.mfa_enabled && mfaRequiredRoles.has(user.custom_role_id ?? user.role);
  }

  /** What the session may do: nothing but set up two-step sign-in while the role requires it and it is off. */
  function permissionsOf(user: User): string[] {
    return mfaSetupRequired(user) ? [] : rolePermissions(user);
  }

  function sessionOf(token: string, user: User): Session {
    return {
      token,
      user,
      expires_at_ms: Date.now() + DAY_MS,
      permissions: permissionsOf(user),
      mfa_setup_required: mfaSetupRequired(user),
    };
  }

  function startSession(user: User): Session {
    const session = sessionOf(crypto.randomUUID(), user);
    sessions.add(session.token);
    sessionUsers.set(session.token, user);
    return session;
  }

  /** The caller, when their role grants `permission`. */
  function allow(token: unknown, permission: string): User {
    const user = me(token);
    if (!permissionsOf(user).includes(permission))
      throw new MockError('forbidden', `${user.name} may not do ${permission}`);
    return user;
  }

  /** `roles::check_may_grant`: only owners hand out permissions they do not hold themselves. */
  function checkMayGrant(caller: User, permissions: string[]) {
    if (caller.role === 'owner' && !caller.custom_role_id) return;
    const missing = permissions.find((p) => !rolePermissions(caller).includes(p));
    if (missing) throw new MockError('forbidden', `${caller.name} may not hand out ${missing}, which they do not hold`);
  }

  /** The role a user is given (`users.create`, `users.update`): its permissions, checked like the core does. */
  function assignRole(caller: User, role: Role, customRoleId: unknown): string | null {
    if (customRoleId === undefined || customRoleId === null) {
      if (role === 'owner' && caller.role !== 'owner') throw new MockError('forbidden', 'only an owner makes owners');
      checkMayGrant(caller, ROLE_PERMISSIONS[role]);
      return null;
    }
    if (role !== 'staff')
      throw invalid('role', 'invalid_value', 'a user with a custom role has the built-in role staff');
    const custom = customRoles.find((r) => r.id === customRoleId);
    if (!custom) {
      const error = new MockError('not_found', 'role not found', 'custom_role_id');
      throw error;
    }
    checkMayGrant(caller, custom.permissions);
    return custom.id;
  }

  function roleInfos(): RoleInfo[] {
    const holders = (key: string) => users.filter((u) => (u.custom_role_id ?? u.role) === key).length;
    return [
      ...ROLES.map((role) => ({
        key: role,
        name: role,
        description: '',
        built_in: true,
        permissions: ROLE_PERMISSIONS[role],
        mfa_required: mfaRequiredRoles.has(role),
        users: holders(role),
      })),
      ...[...customRoles]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((role) => ({
          key: role.id,
          name: role.name,
          description: role.description,
          built_in: false,
          permissions: role.permissions,
          mfa_required: mfaRequiredRoles.has(role.id),
          users: holders(role.id),
        })),
    ];
  }

  /** `parse_permissions`: known ones, no `security.manage`, in the core's order. */
  function checkPermissions(value: unknown): string[] {
    const names = Array.isArray(value) ? value.map(String) : [];
    names.forEach((name, i) => {
      if (!PERMISSION_INFO.some((p) => p.permission === name))
        throw invalid(`permissions[${i}]`, 'invalid_value', `permissions[${i}]: unknown permission '${name}'`);
      if (name === 'security.manage')
        throw invalid(`permissions[${i}]`, 'invalid_value', 'security.manage belongs to owners only');
    });
    return PERMISSION_INFO.map((p) => p.permission).filter((p) => names.includes(p));
  }

  function checkRoleName(value: unknown, except?: string): string {
    checkText('name', value, 100, true);
    const name = String(value).trim();
    const taken =
      ROLES.some((r) => r === name.toLowerCase()) ||
      customRoles.some((r) => r.id !== except && r.name.toLowerCase() === name.toLowerCase());
    if (taken) throw new MockError('conflict', `a role named ${name} exists already`, 'name');
    return name;
  }

  function customRole(id: unknown): CustomRole {
    const role = customRoles.find((r) => r.id === id);
    if (!role) throw new MockError('not_found', 'role not found');
    return role;
  }

  /** A wrong PIN or password: counts towards the lockout, named on `field`. */
  function wrongCredentials(user: User, field: 'pin' | 'password'): MockError {
    const failure = failures.get(user.id) ?? { count: 0, until_ms: 0 };
    failure.count += 1;
    if (failure.count >= FAILURES_MAX) failure.until_ms = Date.now() + LOCKOUT_MINUTES * 60_000;
    failures.set(user.id, failure);
    const error = new MockError('unauthenticated', `the ${field === 'pin' ? 'PIN' : 'password'} is wrong`, field);
    error.reason = 'wrong_credentials';
    return error;
  }

  function checkNotLockedOut(user: User) {
    const until_ms = failures.get(user.id)?.until_ms ?? 0;
    if (until_ms <= Date.now()) return;
    const minutes = Math.ceil((until_ms - Date.now()) / 60_000);
    const error = new MockError('unauthenticated', `too many failed attempts; try again in ${minutes} minutes`, 'pin');
    error.reason = 'locked';
    error.limit = minutes;
    throw error;
  }

  function verifyPin(user: User, pin: unknown) {
    const expected = pins.get(user.id);
    if (expected === undefined) {
      const error = new MockError('unauthenticated', `${user.name} has no PIN set`);
      error.reason = 'invalid_value';
      throw error;
    }
    if (pin !== expected) throw wrongCredentials(user, 'pin');
  }

  /** The user `id`, when `caller` may change them: only an owner touches an owner. */
  function changeable(caller: User, id: unknown): User {
    const user = users.find((u) => u.id === id);
    if (!user) throw new MockError('not_found', 'user not found');
    if (user.role === 'owner' && caller.role !== 'owner')
      throw new MockError('forbidden', 'only an owner changes an owner');
    return user;
  }

  function keepAnOwner(leaving: User) {
    if (!users.some((u) => u.id !== leaving.id && u.role === 'owner' && u.status === 'active'))
      throw new MockError('conflict', 'the company needs an active owner');
  }

  function checkPassword(value: unknown) {
    if ([...String(value ?? '')].length < PASSWORD_CHARS_MIN)
      throw invalid(
        'password',
        'too_short',
        `password must have at least ${PASSWORD_CHARS_MIN} characters`,
        PASSWORD_CHARS_MIN,
      );
  }

  function activityRows(input: Json): ActivityEntry[] {
    return activity.filter(
      (a) =>
        (!input.command || a.command === input.command) &&
        (input.from_ms === undefined || a.at_ms >= Number(input.from_ms)) &&
        (input.to_ms === undefined || a.at_ms < Number(input.to_ms)),
    );
  }

  function getCustomer(id: unknown): Customer {
    const customer = byId.get(String(id));
    if (!customer) throw new MockError('not_found', 'customer not found');
    return customer;
  }

  /** The core's order of checks; `creating` makes the name required, as `CustomerInput` does. */
  function checkCustomer(input: Json, creating: boolean) {
    if (creating || input.name !== undefined) checkText('name', input.name, NAME_CHARS_MAX, true);
    if (typeof input.email === 'string' && input.email.trim()) {
      checkText('email', input.email, EMAIL_CHARS_MAX);
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email.trim()))
        throw invalid('email', 'invalid_email', `email '${input.email.trim()}' is not a valid email address`);
    }
    if (typeof input.phone === 'string' && input.phone.trim()) {
      const phone = input.phone.trim();
      if (!/^\+?[\d\s().-]+(\s*(x|ext)\.?\s*\d+)?$/i.test(phone) || phone.replace(/\D/g, '').length < 5)
        throw invalid('phone', 'invalid_phone', `phone '${phone}' is not a valid phone number`);
    }
    const address = (input.address ?? {}) as Json;
    for (const part of ['line1', 'line2', 'city', 'region', 'postal_code', 'country']) {
      checkText(`address.${part}`, address[part], ADDRESS_PART_CHARS_MAX);
    }
    checkText('tax_id', input.tax_id, TAX_ID_CHARS_MAX);
    const tags = Array.isArray(input.tags) ? new Set(input.tags.map((tag) => String(tag).trim()).filter(Boolean)) : [];
    if ([...tags].length > TAGS_MAX)
      throw invalid('tags', 'too_many', `a customer has at most ${TAGS_MAX} tags`, TAGS_MAX);
  }

  function list(query: CustomerQuery): { total: number; items: Customer[] } {
    const status = query.status ?? 'active';
    let rows = customers.filter((c) => (status === 'all' ? true : status === 'archived' ? c.archived : !c.archived));
    if (query.search) {
      const s = query.search;
      rows = rows.filter(
        (c) => contains(c.name, s) || contains(c.email, s) || contains(c.phone, s) || contains(c.tax_id, s),
      );
    }
    if (query.tag) rows = rows.filter((c) => c.tags.includes(query.tag ?? ''));
    if (query.city) rows = rows.filter((c) => contains(c.address.city, query.city ?? ''));
    if (query.segment_id) {
      const segment = segments.find((s) => s.id === query.segment_id);
      rows = segment ? rows.filter((c) => matchesCriteria(c, segment.criteria)) : [];
    }
    const sort = query.sort ?? 'name';
    const key = (c: Customer) => (sort === 'name' ? c.name : sort === 'created_at' ? c.created_at_ms : c.updated_at_ms);
    rows = [...rows].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const order = typeof x === 'string' ? x.localeCompare(String(y)) : x - Number(y);
      return query.descending ? -order : order;
    });
    const offset = query.offset ?? 0;
    const limit = Math.min(query.limit ?? 50, 500);
    return { total: rows.length, items: rows.slice(offset, offset + limit) };
  }

  function withCount(segment: Segment): Segment {
    return { ...segment, member_count: customers.filter((c) => matchesCriteria(c, segment.criteria)).length };
  }

  function storeStatus(): Json {
    if (store === 'open') return { state: 'open', key_source: keySource };
    if (store === 'failed')
      return {
        state: 'failed',
        error: { code: 'storage', message: 'suanpan.db: file is not a database (mock: ?store=failed)' },
      };
    return { state: store };
  }

  function lockedError(reason: Reason, message: string): MockError {
    const error = new MockError('locked', message, 'passphrase');
    error.reason = reason;
    return error;
  }

  function unlockStore(passphrase: string): Json {
    if (store === 'new') {
      if ([...passphrase].length < DB_PASSPHRASE_CHARS_MIN)
        throw invalid(
          'passphrase',
          'too_short',
          `the passphrase needs at least ${DB_PASSPHRASE_CHARS_MIN} characters`,
          DB_PASSPHRASE_CHARS_MIN,
        );
      store = 'open';
    } else if (store === 'locked') {
      if (passphrase !== MOCK_DB_PASSPHRASE && passphrase !== MOCK_RECOVERY_KEY)
        throw lockedError('wrong_passphrase', 'this passphrase (or key) does not open the company file');
      store = 'open';
    }
    return storeStatus();
  }

  function syncStatus(): Json {
    return {
      configured: sync.relay_url !== null,
      relay_url: sync.relay_url,
      device_id: sync.relay_url ? sync.device_id : null,
      pending: sync.pending,
      waiting: 0,
      last_synced_at_ms: sync.last_synced_at_ms,
    };
  }

  function unreachable(url: string): MockError {
    return Object.assign(new MockError('storage', `cannot reach the relay at ${url}: connection refused (mock)`), {
      reason: 'relay_offline' as const,
    });
  }

  /** The caller, if signed in and (unless `permission` is null) allowed; the company file must be open. */
  function syncCaller(token: unknown, permission: string | null): User {
    if (store !== 'open') throw lockedError('passphrase_required', 'the company file is locked: unlock it first');
    requireSession(token);
    if (lockedSessions.has(String(token))) {
      const error = new MockError('unauthenticated', 'the screen is locked: unlock it or switch user first');
      error.reason = 'session_locked';
      throw error;
    }
    return permission ? allow(token, permission) : me(token);
  }

  function connectedRelay(): string {
    if (!sync.relay_url) throw new MockError('conflict', 'this device is not connected to a relay');
    if (!sync.reachable) throw unreachable(sync.relay_url);
    return sync.relay_url;
  }

  /** A device with no company may connect without a session, to join: its first round brings the company. */
  function joining(token: unknown): boolean {
    if (store !== 'open') throw lockedError('passphrase_required', 'the company file is locked: unlock it first');
    return companyName === null && (token === null || token === undefined);
  }

  function syncConnect(token: unknown, input: Json): Json {
    if (!joining(token)) syncCaller(token, 'users.manage');
    else if (input.create === true)
      throw new MockError('conflict', 'this device has no company yet: join an existing relay account instead');
    const url = String(input.relay_url ?? '').trim();
    if (!/^https?:\/\//.test(url))
      throw new MockError('validation', 'relay_url: an http:// or https:// address', 'relay_url');
    const create = input.create === true;
    if (!create && input.pairing_code !== undefined) {
      // Any well-formed code joins, as if the connected device had sent the key at once.
      if (!/^\d{4}-?\d{6}$/.test(String(input.pairing_code).replace(/\s+/g, '')))
        throw new MockError(
          'validation',
          'pairing_code: the 10 digits shown on the connected device, like 1234-567890',
          'pairing_code',
        );
    } else if (!create) {
      if (input.key === undefined)
        throw new MockError('validation', "key: the company's sync key is needed to join", 'key');
      if (!/^[0-9a-f]{64}$/i.test(String(input.key).trim()))
        throw new MockError('validation', 'key: the sync key is not 32 bytes', 'key');
    }
    if (url.includes('offline')) throw unreachable(url);
    if (create && [...String(input.password ?? '')].length < RELAY_PASSWORD_CHARS_MIN)
      throw Object.assign(
        new MockError('validation', `relay: password must have at least ${RELAY_PASSWORD_CHARS_MIN} characters`),
        { reason: 'relay_refused' as const },
      );
    if (!create && input.password !== MOCK_RELAY_PASSWORD)
      throw Object.assign(new MockError('unauthenticated', 'relay: the email or password is wrong'), {
        reason: 'relay_refused' as const,
      });
    sync.relay_url = url.replace(/\/+$/, '');
    sync.reachable = true;
    syncDevices[0].name = String(input.device_name ?? '').trim() || 'This computer';
    syncDevices[0].last_seen_ms = Date.now();
    log(
      'sync.connect',
      null,
      `${create ? 'created' : 'joined'} the relay account at ${url} as device ${sync.device_id}`,
    );
    return syncStatus();
  }

  /** The company, its users (already here, with their passwords) and its customers, as another device sent them. */
  function receiveCompany(): number {
    companyName = '算盘茶庄 Tea House';
    const received = seedCustomers(Number(params.get('customers') ?? 100_000), Date.now());
    for (const customer of received) {
      customers.push(customer);
      byId.set(customer.id, customer);
    }
    return received.length + users.length + 1;
  }

  function syncNow(token: unknown): Json {
    const firstRound = joining(token);
    if (!firstRound) syncCaller(token, null);
    connectedRelay();
    sync.rounds += 1;
    const pulled = firstRound ? receiveCompany() : sync.rounds % 3 === 0 ? 2 : 0;
    const report = { pushed: sync.pending, pulled, applied: pulled, waiting: 0, rejected: 0, cursor: 0 };
    sync.cursor += sync.pending + pulled;
    report.cursor = sync.cursor;
    sync.pending = 0;
    sync.last_synced_at_ms = Date.now();
    syncDevices[0].last_seen_ms = sync.last_synced_at_ms;
    return report;
  }

  function call(token: unknown, command: string, input: Json): unknown {
    if (store !== 'open') throw lockedError('passphrase_required', 'the company file is locked: unlock it first');
    switch (command) {
      case 'setup.status':
        return { initialized: companyName !== null, company_name: companyName };
      case 'setup.init': {
        if (companyName !== null) throw new MockError('conflict', 'already set up');
        checkText('company_name', input.company_name, NAME_CHARS_MAX, true);
        checkText('owner_name', input.owner_name, NAME_CHARS_MAX, true);
        checkText('owner_email', input.owner_email, EMAIL_CHARS_MAX, true);
        if (!String(input.owner_email).includes('@'))
          throw invalid('owner_email', 'invalid_email', `owner_email '${String(input.owner_email)}' is not valid`);
        if ([...String(input.password ?? '')].length < PASSWORD_CHARS_MIN)
          throw invalid(
            'password',
            'too_short',
            `password must have at least ${PASSWORD_CHARS_MIN} characters`,
            PASSWORD_CHARS_MIN,
          );
        companyName = String(input.company_name).trim();
        owner.name = String(input.owner_name).trim();
        owner.email = String(input.owner_email).trim();
        passwords.set(owner.id, String(input.password));
        sessions.add('mock-token');
        sessionUsers.set('mock-token', owner);
        return sessionOf('mock-token', owner);
      }
      case 'users.auth.login': {
        const user = users.find((u) => u.email === input.email && u.status === 'active');
        if (!user || input.password !== passwords.get(user.id)) {
          const wrong = new MockError('unauthenticated', 'the email or password is wrong', 'password');
          wrong.reason = 'wrong_credentials';
          throw wrong;
        }
        if (user.mfa_enabled && !input.otp) {
          const needed = new MockError('unauthenticated', 'enter the code from your authenticator app', 'otp');
          needed.reason = 'mfa_required';
          throw needed;
        }
        if (user.mfa_enabled && !otpAccepted(user, input.otp)) throw wrongOtp('otp');
        const session = startSession(user);
        if (input.remember) remembered = session;
        return session;
      }
      case 'users.auth.resume':
        return remembered;
      case 'users.auth.logout':
        requireSession(token);
        sessions.delete(String(token));
        remembered = null;
        return {};
    }
    requireSession(token);
    if (lockedSessions.has(String(token)) && !ALLOWED_WHILE_LOCKED.includes(command)) {
      const error = new MockError('unauthenticated', 'the screen is locked: unlock it or switch user first');
      error.reason = 'session_locked';
      throw error;
    }
    switch (command) {
      case 'users.profile.get':
        return me(token);
      case 'users.auth.refresh':
        return sessionOf(String(token), me(token));
      case 'users.auth.lock':
        lockedSessions.add(String(token));
        log(command, me(token).id, `${me(token).name}'s screen locked`);
        return {};
      case 'users.auth.unlock': {
        const user = me(token);
        checkNotLockedOut(user);
        if (typeof input.pin === 'string') verifyPin(user, input.pin);
        else if (typeof input.password === 'string') {
          if (input.password !== passwords.get(user.id)) throw wrongCredentials(user, 'password');
        } else throw invalid('pin', 'required', 'give your PIN or your password');
        failures.delete(user.id);
        lockedSessions.delete(String(token));
        log(command, user.id, `${user.email} unlocked the screen`);
        return sessionOf(String(token), user);
      }
      case 'users.auth.switch_list':
        return users
          .filter((u) => u.status === 'active' && pins.has(u.id) && !u.mfa_enabled)
          .map((u) => ({ id: u.id, name: u.name }));
      case 'users.auth.switch': {
        const user = users.find((u) => u.id === input.user_id);
        if (!user) throw new MockError('not_found', 'user not found', 'user_id');
        if (user.status !== 'active') throw new MockError('forbidden', 'this account is disabled');
        checkNotLockedOut(user);
        verifyPin(user, input.pin);
        failures.delete(user.id);
        const from = me(token);
        sessions.delete(String(token));
        lockedSessions.delete(String(token));
        if (remembered?.token === token) remembered = null;
        log(command, user.id, `${user.email} took over the counter from ${from.name} by PIN`);
        return startSession(user);
      }
      case 'users.pin.set': {
        const user = me(token);
        if (input.current_password !== passwords.get(user.id)) {
          const error = invalid('current_password', 'wrong_credentials', 'the password is wrong');
          throw error;
        }
        if (input.pin === null) pins.delete(user.id);
        else {
          const pin = String(input.pin ?? '');
          if (!/^\d*$/.test(pin)) throw invalid('pin', 'invalid_value', 'a PIN is digits only');
          if (pin.length < PIN_DIGITS_MIN)
            throw invalid('pin', 'too_short', `a PIN has at least ${PIN_DIGITS_MIN} digits`, PIN_DIGITS_MIN);
          if (pin.length > PIN_DIGITS_MAX)
            throw invalid('pin', 'too_long', `a PIN has at most ${PIN_DIGITS_MAX} digits`, PIN_DIGITS_MAX);
          pins.set(user.id, pin);
        }
        user.pin_set = pins.has(user.id);
        log(command, user.id, `${user.email} ${user.pin_set ? 'set' : 'cleared'} their PIN`);
        return {};
      }
      case 'security.settings.get':
        return { idle_lock_minutes: idleLockMinutes };
      case 'security.settings.update': {
        allow(token, 'security.manage');
        const minutes = Number(input.idle_lock_minutes);
        if (!Number.isInteger(minutes) || minutes < 0 || minutes > IDLE_LOCK_MINUTES_MAX)
          throw invalid(
            'idle_lock_minutes',
            'out_of_range',
            `idle_lock_minutes is 0 (never) to ${IDLE_LOCK_MINUTES_MAX}`,
            IDLE_LOCK_MINUTES_MAX,
          );
        log(command, null, `idle lock ${idleLockMinutes} -> ${minutes} minutes`);
        idleLockMinutes = minutes;
        return { idle_lock_minutes: minutes };
      }
      case 'users.permissions.list':
        allow(token, 'users.read');
        return PERMISSION_INFO;
      case 'users.roles.list':
        allow(token, 'users.read');
        return roleInfos();
      case 'users.roles.create': {
        const caller = allow(token, 'users.manage');
        const name = checkRoleName(input.name);
        checkText('description', input.description, 500);
        const permissions = checkPermissions(input.permissions);
        checkMayGrant(caller, permissions);
        const role: CustomRole = {
          id: crypto.randomUUID(),
          name,
          description: String(input.description ?? '').trim(),
          permissions,
        };
        customRoles.push(role);
        log(command, role.id, `created role ${role.name} with ${permissions.join(', ')}`);
        return roleInfos().find((info) => info.key === role.id);
      }
      case 'users.roles.update': {
        const caller = allow(token, 'users.manage');
        const role = customRole(input.id);
        checkMayGrant(caller, role.permissions);
        if (input.name !== undefined) role.name = checkRoleName(input.name, role.id);
        if (input.description !== undefined) {
          checkText('description', input.description, 500);
          role.description = String(input.description).trim();
        }
        if (input.permissions !== undefined) {
          const permissions = checkPermissions(input.permissions);
          checkMayGrant(caller, permissions);
          role.permissions = permissions;
        }
        log(command, role.id, `updated role ${role.name}`);
        return roleInfos().find((info) => info.key === role.id);
      }
      case 'users.roles.delete': {
        const caller = allow(token, 'users.manage');
        const role = customRole(input.id);
        checkMayGrant(caller, role.permissions);
        const holders = users.filter((u) => u.custom_role_id === role.id).length;
        if (holders > 0)
          throw new MockError(
            'conflict',
            `${holders} user(s) hold the role ${role.name}; give them another role first`,
          );
        customRoles.splice(customRoles.indexOf(role), 1);
        mfaRequiredRoles.delete(role.id);
        log(command, role.id, `deleted role ${role.name}`);
        return {};
      }
      case 'users.roles.mfa': {
        allow(token, 'security.manage');
        const key = String(input.role ?? '').trim();
        if (!ROLES.includes(key as Role) && !customRoles.some((r) => r.id === key))
          throw invalid('role', 'invalid_value', `no role ${key}`);
        if (input.required) mfaRequiredRoles.add(key);
        else mfaRequiredRoles.delete(key);
        log(command, null, `role ${key} ${input.required ? 'now requires' : 'no longer requires'} two-step sign-in`);
        return {};
      }
      case 'security.encryption.status':
        return { encrypted: true, key_source: keySource };
      case 'security.encryption.recovery_key':
        allow(token, 'security.manage');
        log(command, null, "revealed the company file's recovery key");
        return { recovery_key: MOCK_RECOVERY_KEY };
      case 'users.mfa.enroll': {
        const user = me(token);
        if (user.mfa_enabled) throw new MockError('conflict', 'two-step sign-in is already on');
        pendingMfa.add(user.id);
        return {
          secret: MOCK_TOTP_SECRET,
          otpauth_url: `otpauth://totp/Suanpan:${encodeURIComponent(user.email)}?secret=${MOCK_TOTP_SECRET}&issuer=Suanpan`,
        };
      }
      case 'users.mfa.confirm': {
        const user = me(token);
        if (!pendingMfa.has(user.id)) throw new MockError('conflict', 'no enrolment to confirm');
        if (input.code !== MOCK_OTP) throw wrongOtp('code');
        pendingMfa.delete(user.id);
        const codes = Array.from({ length: 10 }, () => {
          const hex = crypto.randomUUID().replace(/-/g, '');
          return `${hex.slice(0, 5)}-${hex.slice(5, 10)}`;
        });
        recoveryCodes.set(user.id, new Set(codes));
        user.mfa_enabled = true;
        log(command, user.id, 'Turned on two-step sign-in');
        return { recovery_codes: codes };
      }
      case 'users.mfa.disable': {
        const user = me(token);
        if (!user.mfa_enabled) throw new MockError('conflict', 'two-step sign-in is off');
        if (!otpAccepted(user, input.code)) throw wrongOtp('code');
        user.mfa_enabled = false;
        recoveryCodes.delete(user.id);
        log(command, user.id, 'Turned off two-step sign-in');
        return {};
      }
      case 'users.list':
        allow(token, 'users.read');
        return users;
      case 'users.create': {
        const caller = allow(token, 'users.manage');
        checkText('name', input.name, NAME_CHARS_MAX, true);
        checkText('email', input.email, EMAIL_CHARS_MAX, true);
        const email = String(input.email).trim();
        if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
          throw invalid('email', 'invalid_email', `email '${email}' is not a valid email address`);
        if (users.some((u) => u.email.toLowerCase() === email.toLowerCase()))
          throw new MockError('conflict', 'another user has this email', 'email');
        const role = input.role as Role;
        const customRoleId = assignRole(caller, role, input.custom_role_id);
        checkPassword(input.password);
        const user: User = {
          id: crypto.randomUUID(),
          name: String(input.name).trim(),
          email,
          role,
          custom_role_id: customRoleId,
          status: 'active',
          mfa_enabled: false,
          pin_set: false,
        };
        users.push(user);
        passwords.set(user.id, String(input.password));
        log('users.create', user.id, `created user ${user.email}`);
        return user;
      }
      case 'users.update': {
        const caller = allow(token, 'users.manage');
        const user = changeable(caller, input.id);
        if (input.name !== undefined) checkText('name', input.name, NAME_CHARS_MAX, true);
        const changesRole = input.role !== undefined || input.custom_role_id !== undefined;
        const role = input.custom_role_id !== undefined ? 'staff' : ((input.role as Role | undefined) ?? user.role);
        const customRoleId = changesRole ? assignRole(caller, role, input.custom_role_id) : user.custom_role_id;
        if (user.role === 'owner' && role !== 'owner') keepAnOwner(user);
        if (input.name !== undefined) user.name = String(input.name).trim();
        user.role = role;
        user.custom_role_id = customRoleId;
        log('users.update', user.id, `updated user ${user.email}`);
        return user;
      }
      case 'users.disable':
      case 'users.enable': {
        const caller = allow(token, 'users.manage');
        const user = changeable(caller, input.id);
        if (command === 'users.disable') {
          if (user.id === caller.id) throw new MockError('conflict', 'you cannot disable your own account');
          if (user.role === 'owner') keepAnOwner(user);
          user.status = 'disabled';
          for (const [t, u] of sessionUsers) if (u.id === user.id) sessions.delete(t);
        } else {
          user.status = 'active';
        }
        log(command, user.id, `${command === 'users.disable' ? 'disabled' : 'enabled'} user ${user.email}`);
        return user;
      }
      case 'users.password.reset': {
        const caller = allow(token, 'users.manage');
        if (caller.role !== 'owner') throw new MockError('forbidden', 'only an owner resets passwords');
        const user = changeable(caller, input.id);
        checkPassword(input.password);
        passwords.set(user.id, String(input.password));
        for (const [t, u] of sessionUsers) if (u.id === user.id && t !== token) sessions.delete(t);
        log('users.password.reset', user.id, `reset the password of ${user.email}`);
        return {};
      }
      case 'users.activity.list': {
        allow(token, 'activity.read');
        const rows = activityRows(input);
        const offset = Number(input.offset ?? 0);
        return { total: rows.length, items: rows.slice(offset, offset + Number(input.limit ?? 50)) };
      }
      case 'users.activity.export': {
        allow(token, 'activity.read');
        const rows = activityRows(input);
        const header = 'at,user,command,target_id,device_id,summary';
        const lines = rows.map((a) =>
          [new Date(a.at_ms).toISOString(), a.user_name, a.command, a.target_id ?? '', a.device_id, a.summary]
            .map(csvField)
            .join(','),
        );
        return { csv: [header, ...lines].join('\r\n') + '\r\n', count: rows.length };
      }
      case 'users.activity.verify': {
        allow(token, 'activity.read');
        if (params.get('audit') === 'broken' && activity.length > 3) {
          // Oldest first, as the chain runs: the 3rd entry was "edited" after the fact.
          const entry = activity[activity.length - 3];
          return {
            intact: false,
            checked: 2,
            first_broken: { seq: 3, id: entry.id, at_ms: entry.at_ms, problem: 'hash does not match the entry' },
          };
        }
        return { intact: true, checked: activity.length, first_broken: null };
      }
      case 'customers.list':
        return list(input as CustomerQuery);
      case 'customers.export': {
        const { total } = list({ ...(input as CustomerQuery), offset: 0, limit: 0 });
        return { csv: '', count: total };
      }
      case 'customers.get':
        return getCustomer(input.id);
      case 'customers.create': {
        checkCustomer(input, true);
        const name = String(input.name);
        const now = Date.now();
        const customer: Customer = {
          id: crypto.randomUUID(),
          name: name.trim(),
          email: (input.email as string) || null,
          phone: (input.phone as string) || null,
          address: {
            line1: '',
            line2: '',
            city: '',
            region: '',
            postal_code: '',
            country: '',
            ...(input.address as Json),
          },
          tax_id: (input.tax_id as string) || null,
          tags: (input.tags as string[]) ?? [],
          archived: false,
          erased: false,
          created_at_ms: now,
          updated_at_ms: now,
        };
        customers.unshift(customer);
        byId.set(customer.id, customer);
        log(command, customer.id, `Created ${customer.name}`);
        return customer;
      }
      case 'customers.update': {
        checkCustomer(input, false);
        const customer = getCustomer(input.id);
        const { id: _id, ...patch } = input;
        for (const key of ['email', 'phone', 'tax_id'] as const) if (patch[key] === '') patch[key] = null;
        Object.assign(customer, patch, { updated_at_ms: Date.now() });
        log(command, customer.id, `Updated ${customer.name}`);
        return customer;
      }
      case 'customers.archive':
      case 'customers.unarchive': {
        const customer = getCustomer(input.id);
        customer.archived = command === 'customers.archive';
        customer.updated_at_ms = Date.now();
        log(command, customer.id, `${customer.archived ? 'Archived' : 'Restored'} ${customer.name}`);
        return customer;
      }
      case 'customers.gdpr.export': {
        allow(token, 'customers.export');
        const customer = getCustomer(input.id);
        log(command, customer.id, `Exported personal data of ${customer.name}`);
        return {
          customer,
          notes: notes.filter((n) => n.customer_id === customer.id),
          interactions: interactions.filter((i) => i.customer_id === customer.id),
          activity: activity.filter((a) => a.target_id === customer.id),
        };
      }
      case 'customers.gdpr.erase': {
        allow(token, 'customers.erase');
        const customer = getCustomer(input.id);
        Object.assign(customer, {
          name: '—',
          email: null,
          phone: null,
          address: { line1: '', line2: '', city: '', region: '', postal_code: '', country: '' },
          tax_id: null,
          tags: [],
          archived: true,
          erased: true,
          updated_at_ms: Date.now(),
        });
        for (const note of notes) if (note.customer_id === customer.id) note.text = '';
        for (const item of interactions) if (item.customer_id === customer.id) item.description = '';
        log(command, customer.id, 'Erased personal data');
        return customer;
      }
      case 'customers.tags.list':
        return [...new Set(customers.flatMap((c) => c.tags))].sort();
      case 'customers.notes.create': {
        const customer = getCustomer(input.customer_id);
        checkText('text', input.text, NOTE_CHARS_MAX, true);
        const note: Note = {
          id: crypto.randomUUID(),
          customer_id: customer.id,
          author_id: owner.id,
          author_name: owner.name,
          text: String(input.text),
          created_at_ms: Date.now(),
        };
        notes.push(note);
        log(command, customer.id, `Note on ${customer.name}`);
        return note;
      }
      case 'customers.interactions.create': {
        const customer = getCustomer(input.customer_id);
        const interaction: Interaction = {
          id: crypto.randomUUID(),
          customer_id: customer.id,
          kind: input.kind as Interaction['kind'],
          occurred_at_ms: Number(input.occurred_at_ms),
          description: String(input.description ?? ''),
          user_id: owner.id,
          user_name: owner.name,
          created_at_ms: Date.now(),
        };
        interactions.push(interaction);
        log(command, customer.id, `${interaction.kind} with ${customer.name}`);
        return interaction;
      }
      case 'customers.notes.list':
        return notes.filter((n) => n.customer_id === input.customer_id);
      case 'customers.interactions.list':
        return interactions.filter((i) => i.customer_id === input.customer_id);
      case 'customers.timeline': {
        getCustomer(input.customer_id);
        const items: TimelineItem[] = [
          ...notes.filter((n) => n.customer_id === input.customer_id).map((n) => ({ type: 'note' as const, ...n })),
          ...interactions
            .filter((i) => i.customer_id === input.customer_id)
            .map((i) => ({ type: 'interaction' as const, ...i })),
        ];
        const at = (item: TimelineItem) => (item.type === 'note' ? item.created_at_ms : item.occurred_at_ms);
        return items.sort((a, b) => at(b) - at(a));
      }
      case 'customers.segments.list':
        return segments.map(withCount);
      case 'customers.segments.get': {
        const segment = segments.find((s) => s.id === input.id);
        if (!segment) throw new MockError('not_found', 'segment not found');
        return withCount(segment);
      }
      case 'customers.segments.preview': {
        const criteria = input.criteria as Criteria;
        checkCriteria(criteria);
        return { member_count: customers.filter((c) => matchesCriteria(c, criteria)).length };
      }
      case 'customers.segments.create':
      case 'customers.segments.update': {
        if (command === 'customers.segments.create' || input.name !== undefined)
          checkText('name', input.name, SEGMENT_NAME_CHARS_MAX, true);
        if (input.criteria) checkCriteria(input.criteria as Criteria);
        const now = Date.now();
        if (command === 'customers.segments.create') {
          const segment: Segment = {
            id: crypto.randomUUID(),
            name: String(input.name ?? ''),
            description: String(input.description ?? ''),
            criteria: input.criteria as Criteria,
            member_count: 0,
            created_at_ms: now,
            updated_at_ms: now,
          };
          segments.push(segment);
          log(command, segment.id, `Created segment ${segment.name}`);
          return withCount(segment);
        }
        const segment = segments.find((s) => s.id === input.id);
        if (!segment) throw new MockError('not_found', 'segment not found');
        const { id: _id, ...patch } = input;
        Object.assign(segment, patch, { updated_at_ms: now });
        log(command, segment.id, `Updated segment ${segment.name}`);
        return withCount(segment);
      }
      case 'customers.segments.delete': {
        const index = segments.findIndex((s) => s.id === input.id);
        if (index < 0) throw new MockError('not_found', 'segment not found');
        segments.splice(index, 1);
        return {};
      }
      case 'customers.segments.members': {
        const segment = segments.find((s) => s.id === input.id);
        if (!segment) throw new MockError('not_found', 'segment not found');
        return list({
          status: 'all',
          segment_id: segment.id,
          offset: Number(input.offset ?? 0),
          limit: Number(input.limit ?? 50),
        });
      }
      default:
        if (Object.hasOwn(FINANCE_PERMISSIONS, command)) {
          const caller = allow(token, FINANCE_PERMISSIONS[command]);
          return finance.call(command, input, caller.name, (p) => permissionsOf(caller).includes(p));
        }
        if (Object.hasOwn(INVENTORY_PERMISSIONS, command)) {
          const caller = allow(token, INVENTORY_PERMISSIONS[command]);
          return inventory.call(command, input, caller.name, (p) => permissionsOf(caller).includes(p));
        }
        throw new MockError('unknown_command', `unknown command ${command}`);
    }
  }

  mockIPC(
    async (cmd, payload) => {
      await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
      const args = (payload ?? {}) as Json;
      if (cmd === 'store_status') return storeStatus();
      if (cmd === 'unlock_store') return unlockStore(String(args.passphrase ?? ''));
      if (cmd === 'call') return call(args.token, String(args.command), (args.input ?? {}) as Json);
      if (cmd === 'sync_status') return syncStatus();
      if (cmd === 'sync_connect') return syncConnect(args.token, (args.input ?? {}) as Json);
      if (cmd === 'sync_now') return syncNow(args.token);
      if (cmd === 'sync_devices') {
        syncCaller(args.token, 'users.manage');
        connectedRelay();
        return syncDevices.map((device) => ({ ...device }));
      }
      if (cmd === 'sync_revoke') {
        syncCaller(args.token, 'users.manage');
        connectedRelay();
        const device = syncDevices.find((d) => d.id === args.deviceId);
        if (!device)
          throw Object.assign(new MockError('not_found', 'relay: no such device'), {
            reason: 'relay_refused' as const,
          });
        device.revoked = true;
        log('sync.revoke', null, `revoked device ${device.id}`);
        return {};
      }
      if (cmd === 'sync_key') {
        syncCaller(args.token, 'security.manage');
        if (!sync.relay_url) throw new MockError('conflict', 'this device is not connected to a relay');
        log('sync.key', null, "revealed the company's sync key");
        return { key: MOCK_SYNC_KEY };
      }
      if (cmd === 'sync_pair_start') {
        syncCaller(args.token, 'security.manage');
        connectedRelay();
        pairing = { code: MOCK_PAIRING_CODE, expires_at_ms: Date.now() + PAIRING_MS, reads: 0 };
        log('sync.pair', null, 'started pairing a new device');
        return { state: 'waiting', code: pairing.code, expires_at_ms: pairing.expires_at_ms };
      }
      if (cmd === 'sync_pair_status') {
        syncCaller(args.token, 'security.manage');
        if (!pairing) return null;
        pairing.reads += 1;
        return { state: pairingState(pairing), code: pairing.code, expires_at_ms: pairing.expires_at_ms };
      }
      if (cmd === 'sync_pair_cancel') {
        syncCaller(args.token, 'security.manage');
        pairing = null;
        return {};
      }
      if (cmd === 'import_customers_dialog') {
        requireSession(args.token);
        if (params.get('import') === 'bad') {
          const error = new MockError('validation', '4 rows have problems; nothing was imported');
          error.details = [
            {
              row: 3,
              field: 'email',
              message: "row 3: email 'wang@' is not a valid email address",
              reason: 'invalid_email',
            },
            { row: 7, field: 'name', message: 'row 7: name must not be empty', reason: 'required' },
            {
              row: 9,
              field: 'address_line1',
              message: 'row 9: address.line1 is 214 characters long; at most 200 are allowed',
              reason: 'too_long',
              limit: 200,
            },
            {
              row: 12,
              field: null,
              message: 'row 12 has 4 fields but the header has 11',
              reason: 'wrong_field_count',
              limit: 11,
            },
          ];
          throw error;
        }
        return { imported: 0 };
      }
      if (cmd === 'export_customers_dialog') {
        requireSession(args.token);
        const { total } = list({ ...(args.query as CustomerQuery), offset: 0, limit: 0 });
        return { path: '/home/owner/customers.csv', count: total };
      }
      if (cmd === 'call_with_progress') {
        const command = String(args.command);
        if (!Object.hasOwn(INVENTORY_PERMISSIONS, command))
          return call(args.token, command, (args.input ?? {}) as Json);
        const caller = allow(args.token, INVENTORY_PERMISSIONS[command]);
        const reports: { task: string; done: number; total: number }[] = [];
        let outcome: { value: unknown } | { error: unknown };
        try {
          outcome = {
            value: inventory.call(
              command,
              (args.input ?? {}) as Json,
              caller.name,
              (p) => permissionsOf(caller).includes(p),
              (task, done, total) => reports.push({ task, done, total }),
            ),
          };
        } catch (error) {
          outcome = { error };
        }
        // As the shell does: a few events a second, and the last of each task.
        for (const [i, report] of reports.entries()) {
          const last = i === reports.length - 1 || reports[i + 1].task !== report.task;
          if (!last && i % Math.max(1, Math.floor(reports.length / 8)) !== 0) continue;
          await emit('progress', report);
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
        if ('error' in outcome) throw outcome.error;
        return outcome.value;
      }
      if (cmd === 'save_file_dialog') {
        // As the shell does: the command makes the file, then the user picks where it goes (here: Documents).
        const file = call(args.token, String(args.command), (args.input ?? {}) as Json) as { file_name?: unknown };
        return { path: `/home/owner/Documents/${String(file.file_name ?? 'export')}`, count: 1 };
      }
      throw new MockError('unknown_command', `unknown IPC ${cmd}`);
    },
    { shouldMockEvents: true },
  );
}
