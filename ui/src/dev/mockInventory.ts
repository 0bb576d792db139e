// DEV ONLY: the inventory commands for the browser mock (see mockBackend.ts). A small imitation of
// crates/core/src/inventory: products, categories, locations, stock as the sum of its movements, thresholds,
// purchase orders and what has arrived of them, the moving average valuation. The core stays the only source of
// truth for inventory's rules.
import type {
  Category,
  CountLine,
  CountVariance,
  DecodedCode,
  FileExport,
  ImportPreview,
  Location,
  Movement,
  MovementSummary,
  OrderLine,
  OrderSuggestion,
  Product,
  ProductClash,
  PurchaseOrder,
  RowError,
  SlowMover,
  StockLevel,
  Supplier,
  Valuation,
  ValuationLine,
  Invoice,
} from '../api/bindings';
import { formatCents, isAmount, toCents } from '../features/finance/money';
import { formatQuantity, isQuantity, toThousandths } from '../features/inventory/quantity';

type Json = Record<string, unknown>;

/** The permission each inventory command needs (crates/core/src/inventory). */
export const INVENTORY_PERMISSIONS: Record<string, string> = {
  'inventory.products.list': 'inventory.read',
  'inventory.products.get': 'inventory.read',
  'inventory.products.create': 'inventory.manage',
  'inventory.products.update': 'inventory.manage',
  'inventory.products.generate_barcode': 'inventory.manage',
  'inventory.products.import_preview': 'inventory.manage',
  'inventory.products.import': 'inventory.manage',
  'inventory.products.clashes': 'inventory.read',
  'inventory.products.merge': 'inventory.manage',
  'inventory.scanning.lookup': 'inventory.read',
  'inventory.scanning.decode': 'inventory.read',
  'inventory.labels.pdf': 'inventory.read',
  'inventory.categories.list': 'inventory.read',
  'inventory.categories.create': 'inventory.manage',
  'inventory.locations.list': 'inventory.read',
  'inventory.locations.create': 'inventory.manage',
  'inventory.locations.update': 'inventory.manage',
  'inventory.stock.levels': 'inventory.read',
  'inventory.stock.low': 'inventory.read',
  'inventory.stock.movements.list': 'inventory.read',
  'inventory.stock.movements.create': 'inventory.write',
  'inventory.stock.transfer': 'inventory.write',
  'inventory.stock.thresholds.set': 'inventory.manage',
  'inventory.stock.counts.sheet': 'inventory.read',
  'inventory.stock.counts.pdf': 'inventory.read',
  'inventory.stock.counts.post': 'inventory.write',
  'inventory.orders.suggestions': 'purchases.manage',
  'inventory.reports.valuation': 'costs.read',
  'inventory.reports.movements': 'inventory.read',
  'inventory.reports.slow_movers': 'inventory.read',
  'inventory.reports.export': 'inventory.read',
  'inventory.orders.list': 'inventory.read',
  'inventory.orders.get': 'inventory.read',
  'inventory.orders.create': 'purchases.manage',
  'inventory.orders.update': 'purchases.manage',
  'inventory.orders.send': 'purchases.manage',
  'inventory.orders.cancel': 'purchases.manage',
  'inventory.orders.receive': 'inventory.write',
};

// The core's bounds (crates/core/src/inventory/ops.rs, orders.rs, stock.rs).
const NAME_CHARS_MAX = 200;
const SKU_CHARS_MAX = 64;
const REASON_CHARS_MAX = 200;
const SUPPLIERS_MAX = 20;
const LINES_MAX = 200;
const PAGE_MAX = 500;
const MOVEMENTS_MAX = 5_000;
const LABEL_PRODUCTS_MAX = 500;
const LABEL_COPIES_MAX = 100;
const IMPORT_ROWS_MAX = 10_000;
const PREVIEW_ROWS = 10;
const SLOW_DAYS_MAX = 3_650;

/** What the core's import reads into a product, and the headers it recognises for each (crates/core/src/inventory). */
const IMPORT_FIELDS: Record<string, string[]> = {
  name: ['name', 'product', '名称', '商品名称', '品名'],
  sku: ['sku', 'code', '编码', '货号'],
  barcode: ['barcode', 'ean', '条码', '条形码'],
  price: ['price', 'retail price', '售价', '价格', '零售价'],
  cost: ['cost', 'cost price', '成本', '进价'],
  unit: ['unit', '单位'],
  category: ['category', '分类', '类别'],
  description: ['description', '描述', '说明'],
};

/** Where a long command has got to: `call_with_progress` sends these as `progress` events. */
export type ProgressReport = (task: string, done: number, total: number) => void;

type ProductRecord = Omit<Product, 'cost' | 'on_hand' | 'category_name'> & { cost_cents: bigint };
type MovementRecord = {
  id: string;
  product_id: string;
  location_id: string;
  kind: string;
  /** Thousandths, signed. */
  quantity: bigint;
  unit_cost_cents: bigint;
  date: string;
  ref_id: string | null;
  reason: string;
  created_by_name: string;
  created_at_ms: number;
};
type ThresholdRecord = { minimum: bigint; reorder: bigint | null; maximum: bigint | null };
type OrderLineRecord = { product_id: string; quantity: bigint; unit_cost_cents: bigint };
type OrderRecord = Omit<PurchaseOrder, 'lines' | 'status' | 'total' | 'location_name'> & {
  lines: OrderLineRecord[];
  /** Stored: draft, sent or cancelled; received and partly received are read from the receipts. */
  status: 'draft' | 'sent' | 'cancelled';
};

const invalid = (field: string, reason: string, message: string) => ({ code: 'validation', field, reason, message });
const conflict = (message: string) => ({ code: 'conflict', message });

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function text(field: string, value: unknown, max: number, required = false): string {
  const trimmed = String(value ?? '').trim();
  if (required && !trimmed) throw invalid(field, 'required', `${field} must not be empty`);
  if ([...trimmed].length > max) throw { ...invalid(field, 'too_long', `${field}: at most ${max}`), limit: max };
  return trimmed;
}

/** Above zero (or, `signed`, anything but zero), with at most three decimals. */
function quantity(field: string, value: unknown, signed = false): bigint {
  const plain = String(value ?? '').trim();
  if (!isQuantity(plain, signed)) throw invalid(field, 'invalid_value', `${field}: '${plain}' is not a quantity`);
  const thousandths = toThousandths(plain);
  if (thousandths === 0n || (!signed && thousandths < 0n))
    throw invalid(field, 'out_of_range', `${field} must be above zero`);
  return thousandths;
}

/** Zero or more: a threshold. */
function count(field: string, value: unknown): bigint {
  const plain = String(value ?? '').trim();
  if (!isQuantity(plain)) throw invalid(field, 'invalid_value', `${field}: '${plain}' is not a quantity`);
  return toThousandths(plain);
}

function money(field: string, value: unknown): bigint {
  const plain = String(value ?? '').trim();
  if (!isAmount(plain)) throw invalid(field, 'invalid_value', `${field}: '${plain}' is not an amount like 1234.50`);
  return toCents(plain);
}

function day(field: string, value: unknown): string {
  const plain = String(value ?? '').trim();
  if (!plain) return today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(plain)) throw invalid(field, 'invalid_date', `${field}: '${plain}' is not a date`);
  return plain;
}

/** Quantity (thousandths) times a per-unit amount (cents), rounded half up. */
function times(thousandths: bigint, cents: bigint): bigint {
  const product = thousandths * cents;
  const rounded = ((product < 0n ? -product : product) + 500n) / 1000n;
  return product < 0n ? -rounded : rounded;
}

/** The GS1 check digit of all but the last digit of a retail code. */
function checkDigit(body: string): number {
  const sum = [...body].reverse().reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10;
}

function checkBarcode(value: unknown): string {
  const code = String(value ?? '').trim();
  if (!code) return '';
  if (/^\d+$/.test(code) && [8, 12, 13, 14].includes(code.length)) {
    const expected = checkDigit(code.slice(0, -1));
    if (Number(code.slice(-1)) !== expected)
      throw invalid('barcode', 'invalid_value', `barcode: its check digit should be ${expected}`);
    return code;
  }
  if (code.length > 48 || !/^[ -~]+$/.test(code))
    throw invalid('barcode', 'invalid_value', 'barcode: a retail code or an internal code of up to 48 characters');
  return code;
}

function toBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(base64: string): string {
  const binary = atob(base64);
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

const MIME: Record<string, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** A stand-in file: the browser mock writes no real PDFs or workbooks, only says what they would hold. */
function fileOf(name: string, format: string, body: string): FileExport {
  return { file_name: `${name}.${format}`, mime: MIME[format] ?? 'application/octet-stream', base64: toBase64(body) };
}

/** CSV rows as the core reads them: commas, double quotes around fields that hold commas, quotes or line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const plain = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < plain.length; i++) {
    const c = plain[i];
    if (quoted) {
      if (c === '"' && plain[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && plain[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((cell) => cell.trim()));
}

function readSheet(input: Json): string[][] {
  const name = String(input.file_name ?? '').trim();
  if (!/\.(csv|xlsx|xls|ods)$/i.test(name))
    throw invalid('file_name', 'invalid_value', 'file_name: a .csv, .xlsx, .xls or .ods file');
  if (!/\.csv$/i.test(name))
    throw invalid('file_name', 'invalid_value', 'the browser mock reads CSV files only; the app reads workbooks too');
  let rows: string[][];
  try {
    rows = parseCsv(fromBase64(String(input.base64 ?? '')));
  } catch {
    throw invalid('base64', 'invalid_value', 'base64: not a file');
  }
  if (rows.length === 0) throw invalid('file_name', 'missing_column', 'the file has no header row');
  if (rows.length - 1 > IMPORT_ROWS_MAX)
    throw { ...invalid('file_name', 'too_many', `at most ${IMPORT_ROWS_MAX} rows`), limit: IMPORT_ROWS_MAX };
  return rows;
}

function suggestMapping(headers: string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const [field, names] of Object.entries(IMPORT_FIELDS)) {
    const header = headers.find((h) => names.includes(h.trim().toLowerCase()));
    if (header !== undefined) mapping[field] = header;
  }
  return mapping;
}

/** `mode` `empty`: nothing yet; otherwise a tea shop with stock, one item low, one oversold and two orders. */
export function createInventoryMock(mode: string | null) {
  const categories: Omit<Category, 'path'>[] = [];
  const locations: Omit<Location, 'path'>[] = [];
  const products: ProductRecord[] = [];
  const movements: MovementRecord[] = [];
  const thresholds = new Map<string, ThresholdRecord>();
  const orders: OrderRecord[] = [];

  function pathOf<T extends { id: string; name: string; parent_id: string | null }>(items: T[], id: string): string {
    const names: string[] = [];
    let at = items.find((item) => item.id === id);
    while (at && names.length < 9) {
      names.unshift(at.name);
      const parent: string | null = at.parent_id;
      at = parent ? items.find((item) => item.id === parent) : undefined;
    }
    return names.join(' / ');
  }

  const categoryView = (c: Omit<Category, 'path'>): Category => ({ ...c, path: pathOf(categories, c.id) });
  const locationView = (l: Omit<Location, 'path'>): Location => ({ ...l, path: pathOf(locations, l.id) });

  function onHand(productId: string, locationId?: string): bigint {
    return movements
      .filter((m) => m.product_id === productId && (!locationId || m.location_id === locationId))
      .reduce((sum, m) => sum + m.quantity, 0n);
  }

  function productView(record: ProductRecord, costs: boolean): Product {
    const { cost_cents, ...rest } = record;
    return {
      ...rest,
      suppliers: record.suppliers.map((s) => ({ ...s })),
      category_name: categories.find((c) => c.id === record.category_id)?.name ?? null,
      cost: costs ? formatCents(cost_cents) : null,
      on_hand: formatQuantity(onHand(record.id)),
      ...(costs ? marginOf(money('price', record.price), cost_cents) : {}),
    };
  }

  /** The core's margin: price less cost, and that in tenths of a percent of the price, half away from zero. */
  function marginOf(price: bigint, cost: bigint): { margin: string; margin_percent?: string } {
    const margin = formatCents(price - cost);
    if (price <= 0n) return { margin };
    const twice = ((price - cost) * 2000n) / price;
    const tenths = (twice + (twice > 0n ? 1n : twice < 0n ? -1n : 0n)) / 2n;
    const abs = tenths < 0n ? -tenths : tenths;
    return { margin, margin_percent: `${tenths < 0n ? '-' : ''}${abs / 10n}.${abs % 10n}` };
  }

  function product(field: string, id: unknown): ProductRecord {
    const found = products.find((p) => p.id === id);
    if (!found) throw invalid(field, 'invalid_id', `${field}: no product ${String(id)}`);
    return found;
  }

  function stocked(field: string, id: unknown): ProductRecord {
    const found = product(field, id);
    if (!found.tracks_stock) throw invalid(field, 'invalid_value', `${field}: ${found.name} is a service`);
    return found;
  }

  function location(field: string, id: unknown, open = true): Omit<Location, 'path'> {
    const found = locations.find((l) => l.id === id);
    if (!found) throw invalid(field, 'invalid_id', `${field}: no location ${String(id)}`);
    if (open && found.archived) throw invalid(field, 'invalid_value', `${field}: ${found.name} is archived`);
    return found;
  }

  function checkSku(sku: string, own: string | null) {
    if (!/^[A-Za-z0-9\-_./]+$/.test(sku))
      throw invalid('sku', 'invalid_value', 'sku: letters, digits and - _ . / (no spaces)');
    if (products.some((p) => p.sku === sku && p.id !== own))
      throw invalid('sku', 'invalid_value', `sku ${sku} belongs to another product`);
  }

  function checkBarcodeFree(code: string, own: string | null) {
    if (code && products.some((p) => p.barcode === code && p.id !== own))
      throw invalid('barcode', 'invalid_value', `barcode ${code} belongs to another product`);
  }

  /** `ops::generated_sku`: `P-` and the id's last eight hex digits. */
  function generatedSku(id: string): string {
    return `P-${id.replaceAll('-', '').slice(-8).toUpperCase()}`;
  }

  /**
   * The product a scanned or typed code names, as `ops::product_by_code` finds it: those with it as their barcode,
   * else those with it as their SKU (in any case). After a clash made offline a code can name several: an active one
   * is taken over archived ones, and several active ones are refused until the clash is settled.
   */
  function byCode(code: string): ProductRecord | null {
    const byId = (a: ProductRecord, b: ProductRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    let found = products.filter((p) => p.barcode === code).sort(byId);
    if (found.length === 0) found = products.filter((p) => p.sku.toLowerCase() === code.toLowerCase()).sort(byId);
    if (found.length > 1 && found.some((p) => !p.archived)) found = found.filter((p) => !p.archived);
    if (found.length > 1)
      throw conflict(
        `${code} is the code of ${found.length} products (${found.map((p) => `${p.sku} ${p.name}`).join(', ')}), ` +
          'given on two devices offline: give all but one another code under Inventory → Products',
      );
    return found[0] ?? null;
  }

  /**
   * SKUs (in any case) and barcodes that more than one product carries, as `store::clashes` lists them: SKUs first,
   * then barcodes, each by its code, with the products by id.
   */
  function clashes(costs: boolean): ProductClash[] {
    const groups = new Map<string, { field: 'sku' | 'barcode'; records: ProductRecord[] }>();
    const add = (field: 'sku' | 'barcode', key: string, record: ProductRecord) => {
      const group = groups.get(`${field}|${key}`) ?? { field, records: [] };
      group.records.push(record);
      groups.set(`${field}|${key}`, group);
    };
    for (const p of products) {
      add('sku', p.sku.toLowerCase(), p);
      if (p.barcode) add('barcode', p.barcode, p);
    }
    const binary = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return [...groups.values()]
      .filter((group) => group.records.length > 1)
      .map(({ field, records }) => ({
        field,
        // The SKU as the core's `min(sku)` gives it: the first of its spellings in byte order.
        code: field === 'sku' ? records.map((p) => p.sku).sort(binary)[0] : records[0].barcode,
        products: [...records].sort((a, b) => binary(a.id, b.id)).map((p) => productView(p, costs)),
      }))
      .sort((a, b) => binary(b.field, a.field) || binary(a.code, b.code));
  }

  /**
   * Folds the duplicate `id` into `into_id`, as `stock::merge` does: its stock at every location moves across (an
   * adjustment out and one in, at its average cost), the kept product takes its barcode if it has none, and the
   * duplicate gives up its codes (a generated SKU, no barcode) and is archived.
   */
  function merge(input: Json, by: string, costs: boolean): Product {
    const from = product('id', input.id);
    const into = product('into_id', input.into_id);
    if (from.id === into.id)
      throw invalid('into_id', 'invalid_value', 'into_id: a product other than the one folded into it');
    if (into.archived) throw invalid('into_id', 'invalid_value', `into_id: ${into.name} is archived; restore it first`);
    const stock = locations
      .map((l) => [l.id, onHand(from.id, l.id)] as const)
      .filter(([, quantity]) => quantity !== 0n)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (stock.length > 0 && !into.tracks_stock)
      throw invalid('into_id', 'invalid_value', `into_id: ${into.name} is a service and holds no stock`);
    const [qty, value] = average(
      movements
        .filter((m) => m.product_id === from.id)
        .sort((a, b) => a.date.localeCompare(b.date) || a.created_at_ms - b.created_at_ms),
    );
    const unitCost = qty > 0n ? (value * 1000n) / qty : 0n;
    const label = (p: ProductRecord) => `${p.sku} ${p.name}`;
    const date = today();
    for (const [locationId, quantity] of stock) {
      const [outId, inId] = [crypto.randomUUID(), crypto.randomUUID()];
      move(from, locationId, 'adjustment', -quantity, 0n, date, inId, `merged into ${label(into)}`, by, outId);
      const cost = quantity > 0n ? unitCost : 0n;
      move(into, locationId, 'adjustment', quantity, cost, date, outId, `merged from ${label(from)}`, by, inId);
    }
    if (!into.barcode && from.barcode) {
      into.barcode = from.barcode;
      into.updated_at_ms = Date.now();
    }
    from.barcode = '';
    from.sku = generatedSku(from.id);
    from.archived = true;
    from.updated_at_ms = Date.now();
    return productView(into, costs);
  }

  function categoryRef(field: string, id: unknown): string | null {
    const plain = String(id ?? '').trim();
    if (!plain) return null;
    if (!categories.some((c) => c.id === plain)) throw invalid(field, 'invalid_id', `${field}: no category ${plain}`);
    return plain;
  }

  function suppliersOf(value: unknown): Supplier[] {
    const list = Array.isArray(value) ? (value as Json[]) : [];
    if (list.length > SUPPLIERS_MAX)
      throw { ...invalid('suppliers', 'too_many', `suppliers: at most ${SUPPLIERS_MAX}`), limit: SUPPLIERS_MAX };
    return list.map((s, i) => {
      const days = Number(s.lead_time_days ?? 0);
      if (!Number.isInteger(days) || days < 0 || days > 365)
        throw invalid(`suppliers[${i}].lead_time_days`, 'out_of_range', 'lead_time_days: 0 to 365 days');
      return {
        name: text(`suppliers[${i}].name`, s.name, NAME_CHARS_MAX, true),
        contact: text(`suppliers[${i}].contact`, s.contact, NAME_CHARS_MAX),
        lead_time_days: days,
      };
    });
  }

  function costField(value: unknown, costs: boolean): bigint | null {
    const plain = String(value ?? '').trim();
    if (!plain) return null;
    if (!costs) throw invalid('cost', 'invalid_value', 'cost: only owners and accountants see and set cost prices');
    return money('cost', plain);
  }

  function levels(input: Json): StockLevel[] {
    const pairs = new Set<string>();
    for (const m of movements) pairs.add(`${m.product_id}|${m.location_id}`);
    for (const key of thresholds.keys()) pairs.add(key);
    return [...pairs]
      .map((key) => key.split('|') as [string, string])
      .filter(
        ([p, l]) => (!input.product_id || p === input.product_id) && (!input.location_id || l === input.location_id),
      )
      .flatMap(([productId, locationId]) => {
        const record = products.find((p) => p.id === productId);
        const place = locations.find((l) => l.id === locationId);
        if (!record?.tracks_stock || !place) return [];
        const here = onHand(productId, locationId);
        const threshold = thresholds.get(`${productId}|${locationId}`);
        const q = (v: bigint | null | undefined) => (v === null || v === undefined ? null : formatQuantity(v));
        return [
          {
            product_id: productId,
            product_name: record.name,
            sku: record.sku,
            unit: record.unit,
            location_id: locationId,
            location_name: place.name,
            on_hand: formatQuantity(here),
            minimum: q(threshold?.minimum),
            reorder_quantity: q(threshold?.reorder),
            maximum: q(threshold?.maximum),
            low: threshold !== undefined && here <= threshold.minimum,
            oversold: here < 0n,
          },
        ];
      })
      .sort((a, b) => a.product_name.localeCompare(b.product_name) || a.location_name.localeCompare(b.location_name));
  }

  function movementView(m: MovementRecord, costs: boolean): Movement {
    return {
      id: m.id,
      product_id: m.product_id,
      product_name: products.find((p) => p.id === m.product_id)?.name ?? '',
      location_id: m.location_id,
      location_name: locations.find((l) => l.id === m.location_id)?.name ?? '',
      kind: m.kind,
      quantity: formatQuantity(m.quantity),
      unit_cost: costs && m.kind === 'receipt' ? formatCents(m.unit_cost_cents) : null,
      date: m.date,
      ref_id: m.ref_id,
      reason: m.reason,
      created_by_name: m.created_by_name,
      created_at_ms: m.created_at_ms,
    };
  }

  function move(
    record: ProductRecord,
    locationId: string,
    kind: string,
    thousandths: bigint,
    unitCost: bigint,
    date: string,
    refId: string | null,
    reason: string,
    by: string,
    id: string = crypto.randomUUID(),
  ): MovementRecord {
    const movement: MovementRecord = {
      id,
      product_id: record.id,
      location_id: locationId,
      kind,
      quantity: thousandths,
      unit_cost_cents: unitCost,
      date,
      ref_id: refId,
      reason,
      created_by_name: by,
      created_at_ms: Date.now(),
    };
    movements.push(movement);
    return movement;
  }

  /** Received so far per product: the receipts written against the order. */
  function receivedOf(order: OrderRecord): Map<string, bigint> {
    const received = new Map<string, bigint>();
    for (const m of movements)
      if (m.ref_id === order.id && m.kind === 'receipt')
        received.set(m.product_id, (received.get(m.product_id) ?? 0n) + m.quantity);
    return received;
  }

  function statusOf(order: OrderRecord, received: Map<string, bigint>): string {
    if (order.status !== 'sent') return order.status;
    const ordered = new Map<string, bigint>();
    for (const line of order.lines) ordered.set(line.product_id, (ordered.get(line.product_id) ?? 0n) + line.quantity);
    const all = [...ordered].every(([id, q]) => (received.get(id) ?? 0n) >= q);
    const any = [...ordered].some(([id]) => (received.get(id) ?? 0n) > 0n);
    return all ? 'received' : any ? 'partially_received' : 'sent';
  }

  function orderView(order: OrderRecord, costs: boolean): PurchaseOrder {
    const received = receivedOf(order);
    const left = new Map(received);
    let total = 0n;
    const lines: OrderLine[] = order.lines.map((line) => {
      const record = products.find((p) => p.id === line.product_id);
      // Arrivals fill the product's lines in order.
      const pool = left.get(line.product_id) ?? 0n;
      const got = pool < line.quantity ? (pool > 0n ? pool : 0n) : line.quantity;
      left.set(line.product_id, pool - got);
      const amount = times(line.quantity, line.unit_cost_cents);
      total += amount;
      return {
        product_id: line.product_id,
        product_name: record?.name ?? '',
        sku: record?.sku ?? '',
        unit: record?.unit ?? '',
        quantity: formatQuantity(line.quantity),
        received: formatQuantity(got),
        unit_cost: costs ? formatCents(line.unit_cost_cents) : '',
        total: costs ? formatCents(amount) : '',
      };
    });
    return {
      ...order,
      lines,
      location_name: locations.find((l) => l.id === order.location_id)?.name ?? '',
      status: statusOf(order, received),
      total: costs ? formatCents(total) : '',
    };
  }

  function orderOf(id: unknown): OrderRecord {
    const found = orders.find((o) => o.id === id);
    if (!found) throw { code: 'not_found', message: `purchase order ${String(id)} not found` };
    return found;
  }

  function orderLines(value: unknown): OrderLineRecord[] {
    const list = Array.isArray(value) ? (value as Json[]) : [];
    if (list.length === 0 || list.length > LINES_MAX)
      throw { ...invalid('lines', 'too_many', `lines: an order has 1 to ${LINES_MAX} lines`), limit: LINES_MAX };
    return list.map((line, i) => {
      const record = stocked(`lines[${i}].product_id`, line.product_id);
      if (record.archived) throw invalid(`lines[${i}].product_id`, 'invalid_value', `${record.name} is archived`);
      const cost = String(line.unit_cost ?? '').trim();
      return {
        product_id: record.id,
        quantity: quantity(`lines[${i}].quantity`, line.quantity),
        unit_cost_cents: cost ? money(`lines[${i}].unit_cost`, cost) : record.cost_cents,
      };
    });
  }

  /** Stock and its value at moving average cost after `history`, as `stock::average` does (transfers move no value). */
  function average(history: MovementRecord[]): [bigint, bigint] {
    let [qty, value, lastUnit] = [0n, 0n, 0n];
    for (const m of history) {
      if (m.kind === 'transfer') continue;
      const unit = qty > 0n ? (value * 1000n) / qty : lastUnit;
      const after = qty + m.quantity;
      if (m.quantity > 0n) {
        const cost = m.kind === 'receipt' ? m.unit_cost_cents : unit;
        value = qty < 0n ? times(after > 0n ? after : 0n, cost) : value + times(m.quantity, cost);
      } else if (after <= 0n) {
        value = 0n;
      } else {
        value -= (value * -m.quantity) / qty;
      }
      qty = after;
      if (qty > 0n) lastUnit = (value * 1000n) / qty;
    }
    return [qty, value];
  }

  /** Stock and its value first in, first out: what is left are the latest layers bought (transfers move no value). */
  function fifo(history: MovementRecord[]): [bigint, bigint] {
    const layers: { qty: bigint; cost: bigint }[] = [];
    let lastCost = 0n;
    let qty = 0n;
    for (const m of history) {
      if (m.kind === 'transfer') continue;
      qty += m.quantity;
      if (m.quantity > 0n) {
        const cost = m.kind === 'receipt' ? m.unit_cost_cents : lastCost;
        if (m.kind === 'receipt') lastCost = m.unit_cost_cents;
        layers.push({ qty: m.quantity, cost });
      } else {
        let out = -m.quantity;
        while (out > 0n && layers.length > 0) {
          const take = layers[0].qty < out ? layers[0].qty : out;
          layers[0].qty -= take;
          out -= take;
          if (layers[0].qty === 0n) layers.shift();
        }
      }
    }
    const value = qty > 0n ? layers.reduce((sum, layer) => sum + times(layer.qty, layer.cost), 0n) : 0n;
    return [qty, value];
  }

  function valuation(input: Json): Valuation {
    const date = day('date', input.date);
    const method = String(input.method ?? '').trim() || 'average';
    if (method !== 'average' && method !== 'fifo') throw invalid('method', 'invalid_value', 'method: average or fifo');
    let total = 0n;
    const lines: ValuationLine[] = products
      .filter((p) => p.tracks_stock)
      .flatMap((p) => {
        const history = movements
          .filter((m) => m.product_id === p.id && m.date <= date)
          .sort((a, b) => a.date.localeCompare(b.date) || a.created_at_ms - b.created_at_ms);
        const [qty, value] = method === 'fifo' ? fifo(history) : average(history);
        if (qty === 0n && value === 0n) return [];
        total += value;
        return [
          {
            product_id: p.id,
            product_name: p.name,
            sku: p.sku,
            on_hand: formatQuantity(qty),
            average_cost: formatCents(qty > 0n ? (value * 1000n) / qty : 0n),
            value: formatCents(value),
          },
        ];
      })
      .sort((a, b) => a.product_name.localeCompare(b.product_name));
    return { date, method, lines, total: formatCents(total) };
  }

  function suggestions(input: Json, costs: boolean): OrderSuggestion[] {
    return levels(input)
      .filter((level) => level.low || level.oversold)
      .flatMap((level) => {
        const record = product('product_id', level.product_id);
        if (record.archived) return [];
        const here = toThousandths(level.on_hand);
        const threshold = thresholds.get(`${level.product_id}|${level.location_id}`);
        const minimum = threshold?.minimum ?? 0n;
        const wanted =
          threshold?.maximum != null
            ? threshold.maximum - here
            : threshold?.reorder != null
              ? [threshold.reorder, minimum - here].reduce((a, b) => (a > b ? a : b))
              : 2n * minimum - here;
        if (wanted <= 0n) return [];
        return [
          {
            product_id: level.product_id,
            product_name: level.product_name,
            location_id: level.location_id,
            location_name: level.location_name,
            on_hand: level.on_hand,
            minimum: formatQuantity(minimum),
            quantity: formatQuantity(wanted),
            supplier: record.suppliers[0]?.name ?? null,
            unit_cost: costs ? formatCents(record.cost_cents) : null,
          },
        ];
      });
  }

  function countSheet(input: Json): { place: Omit<Location, 'path'>; lines: CountLine[] } {
    const place = location('location_id', input.location_id);
    const lines = products
      .filter((p) => p.tracks_stock && !p.archived)
      .filter(
        (p) =>
          input.all_products === true || movements.some((m) => m.product_id === p.id && m.location_id === place.id),
      )
      .map((p) => ({
        product_id: p.id,
        product_name: p.name,
        sku: p.sku,
        barcode: p.barcode,
        unit: p.unit,
        expected: formatQuantity(onHand(p.id, place.id)),
      }))
      .sort((a, b) => a.product_name.localeCompare(b.product_name));
    return { place, lines };
  }

  function postCount(input: Json, by: string) {
    const place = location('location_id', input.location_id);
    const date = day('date', input.date);
    const reason = text('reason', input.reason, REASON_CHARS_MAX);
    const lines = Array.isArray(input.lines) ? (input.lines as Json[]) : [];
    if (lines.length === 0 || lines.length > LINES_MAX)
      throw { ...invalid('lines', 'too_many', `lines: 1 to ${LINES_MAX} products counted`), limit: LINES_MAX };
    const seen = new Set<string>();
    // Checked whole before anything is written, as the core's transaction would.
    const counted = lines.map((line, i) => {
      const record = stocked(`lines[${i}].product_id`, line.product_id);
      if (seen.has(record.id))
        throw invalid(`lines[${i}].product_id`, 'invalid_value', `${record.name} is counted twice`);
      seen.add(record.id);
      return { record, counted: count(`lines[${i}].counted`, line.counted) };
    });
    const variances: CountVariance[] = [];
    let matched = 0;
    for (const line of counted) {
      const expected = onHand(line.record.id, place.id);
      const variance = line.counted - expected;
      if (variance === 0n) {
        matched += 1;
        continue;
      }
      move(line.record, place.id, 'stocktake', variance, 0n, date, null, reason || 'stocktake', by);
      variances.push({
        product_id: line.record.id,
        product_name: line.record.name,
        expected: formatQuantity(expected),
        counted: formatQuantity(line.counted),
        variance: formatQuantity(variance),
      });
    }
    return { location_id: place.id, date, variances, matched };
  }

  function movementSummary(input: Json): MovementSummary[] {
    const from = input.from ? day('from', input.from) : '0000-01-01';
    const to = input.to ? day('to', input.to) : '9999-12-31';
    const sums = new Map<string, Record<string, bigint>>();
    for (const m of movements) {
      if (m.date < from || m.date > to) continue;
      const sum = sums.get(m.product_id) ?? {
        receipt: 0n,
        sale: 0n,
        return: 0n,
        adjustment: 0n,
        stocktake: 0n,
        net: 0n,
      };
      if (m.kind in sum) sum[m.kind] += m.quantity;
      sum.net += m.quantity;
      sums.set(m.product_id, sum);
    }
    return [...sums]
      .map(([id, sum]) => {
        const record = products.find((p) => p.id === id);
        return {
          product_id: id,
          product_name: record?.name ?? '',
          sku: record?.sku ?? '',
          received: formatQuantity(sum.receipt),
          sold: formatQuantity(-sum.sale),
          returned: formatQuantity(sum.return),
          adjusted: formatQuantity(sum.adjustment),
          counted: formatQuantity(sum.stocktake),
          net: formatQuantity(sum.net),
        };
      })
      .sort((a, b) => a.product_name.localeCompare(b.product_name));
  }

  function slowMovers(input: Json): SlowMover[] {
    const days = Number(input.days ?? 90);
    if (!Number.isInteger(days) || days < 1 || days > SLOW_DAYS_MAX)
      throw invalid('days', 'out_of_range', `days: 1 to ${SLOW_DAYS_MAX}`);
    const since = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    return products
      .filter((p) => p.tracks_stock && !p.archived && onHand(p.id) > 0n)
      .flatMap((p) => {
        const sales = movements.filter((m) => m.product_id === p.id && m.kind === 'sale').map((m) => m.date);
        const last = sales.length > 0 ? (sales.sort().at(-1) ?? null) : null;
        if (last !== null && last >= since) return [];
        return [
          {
            product_id: p.id,
            product_name: p.name,
            sku: p.sku,
            on_hand: formatQuantity(onHand(p.id)),
            last_sale: last,
          },
        ];
      })
      .sort((a, b) => a.product_name.localeCompare(b.product_name));
  }

  function importProducts(input: Json, by: string, costs: boolean, progress: ProgressReport) {
    const [headers, ...rows] = readSheet(input);
    const mapping = (typeof input.mapping === 'object' && input.mapping !== null ? input.mapping : {}) as Record<
      string,
      unknown
    >;
    for (const [field, header] of Object.entries(mapping)) {
      if (!(field in IMPORT_FIELDS)) throw invalid(`mapping.${field}`, 'unknown_field', `mapping: no field ${field}`);
      if (!headers.includes(String(header)))
        throw invalid(
          `mapping.${field}`,
          'invalid_value',
          `mapping.${field}: the file has no column ${String(header)}`,
        );
    }
    for (const field of ['name', 'price'])
      if (!mapping[field]) throw invalid(`mapping.${field}`, 'required', `mapping.${field}: which column holds it?`);
    if (mapping.cost && !costs)
      throw invalid('mapping.cost', 'invalid_value', 'mapping.cost: only owners and accountants set cost prices');
    const column = (field: string) => (mapping[field] ? headers.indexOf(String(mapping[field])) : -1);
    const cell = (row: string[], field: string) => (column(field) >= 0 ? (row[column(field)] ?? '').trim() : '');
    const update = input.update_existing === true;
    const details: RowError[] = [];
    const skus = new Set<string>();
    rows.forEach((row, i) => {
      const at = i + 2;
      const problem = (field: string, reason: string, message: string) =>
        details.push({
          row: at,
          field: String(mapping[field]),
          message: `row ${at}: ${message}`,
          reason: reason as RowError['reason'],
        });
      if (!cell(row, 'name')) problem('name', 'required', 'the name must not be empty');
      if (!isAmount(cell(row, 'price')))
        problem('price', 'invalid_value', `'${cell(row, 'price')}' is not a price like 12.50`);
      const cost = cell(row, 'cost');
      if (cost && !isAmount(cost)) problem('cost', 'invalid_value', `'${cost}' is not a cost like 7.20`);
      const sku = cell(row, 'sku');
      if (sku) {
        const existing = products.some((p) => p.sku.toLowerCase() === sku.toLowerCase());
        if (!/^[A-Za-z0-9\-_./]+$/.test(sku)) problem('sku', 'invalid_value', 'SKU: letters, digits and - _ . / only');
        else if (skus.has(sku.toLowerCase())) problem('sku', 'invalid_value', `SKU ${sku} is in the file twice`);
        else if (existing && !update) problem('sku', 'invalid_value', `SKU ${sku} belongs to a product already`);
        skus.add(sku.toLowerCase());
      }
      try {
        checkBarcode(cell(row, 'barcode'));
      } catch (error) {
        problem('barcode', 'invalid_value', String((error as { message?: string }).message));
      }
      progress('products.import.check', i + 1, rows.length);
    });
    if (details.length > 0)
      throw {
        code: 'validation',
        message: `${new Set(details.map((d) => d.row)).size} rows have problems; nothing was imported`,
        details,
      };
    let [created, updated, categoriesCreated] = [0, 0, 0];
    rows.forEach((row, i) => {
      const categoryName = cell(row, 'category');
      let categoryId: string | null = null;
      if (categoryName) {
        let category = categories.find((c) => c.name === categoryName);
        if (!category) {
          category = { id: crypto.randomUUID(), name: categoryName, parent_id: null };
          categories.push(category);
          categoriesCreated += 1;
        }
        categoryId = category.id;
      }
      const fields: Json = { name: cell(row, 'name'), price: cell(row, 'price') };
      for (const field of ['sku', 'barcode', 'unit', 'description', 'cost'])
        if (cell(row, field)) fields[field] = cell(row, field);
      if (categoryId) fields.category_id = categoryId;
      const sku = cell(row, 'sku');
      const existing = sku ? products.find((p) => p.sku.toLowerCase() === sku.toLowerCase()) : undefined;
      if (existing) {
        call('inventory.products.update', { ...fields, id: existing.id }, by, () => costs);
        updated += 1;
      } else {
        call('inventory.products.create', fields, by, () => costs);
        created += 1;
      }
      progress('products.import.write', i + 1, rows.length);
    });
    return { created, updated, categories_created: categoriesCreated };
  }

  function call(
    command: string,
    input: Json,
    by: string,
    can: (permission: string) => boolean,
    progress: ProgressReport = () => {},
  ): unknown {
    const costs = can('costs.read');
    switch (command) {
      case 'inventory.products.list': {
        const search = String(input.search ?? '')
          .trim()
          .toLowerCase();
        let inCategories: Set<string> | null = null;
        if (input.category_id) {
          inCategories = new Set([String(input.category_id)]);
          for (let grew = true; grew;) {
            grew = false;
            for (const c of categories)
              if (c.parent_id && inCategories.has(c.parent_id) && !inCategories.has(c.id)) {
                inCategories.add(c.id);
                grew = true;
              }
          }
        }
        const matching = products
          .filter(
            (p) =>
              (input.include_archived || !p.archived) &&
              (!inCategories || (p.category_id !== null && inCategories.has(p.category_id))) &&
              (!search ||
                p.name.toLowerCase().includes(search) ||
                p.sku.toLowerCase().includes(search) ||
                p.barcode.includes(search)),
          )
          .sort((a, b) => a.name.localeCompare(b.name));
        const limit = Math.min(Math.max(Number(input.limit ?? 100), 1), PAGE_MAX);
        const offset = Number(input.offset ?? 0);
        return {
          total: matching.length,
          items: matching.slice(offset, offset + limit).map((p) => productView(p, costs)),
        };
      }
      case 'inventory.products.get':
        return productView(product('id', input.id), costs);
      case 'inventory.scanning.lookup': {
        const code = text('code', input.code, SKU_CHARS_MAX, true);
        const found = byCode(code);
        if (!found) throw { code: 'not_found', message: `no product has the barcode or SKU ${code}` };
        return productView(found, costs);
      }
      case 'inventory.scanning.decode': {
        const base64 = String(input.base64 ?? '').trim();
        if (!base64) throw invalid('base64', 'required', 'base64: the picture');
        // The browser mock reads no pictures: every one shows the first two barcodes it knows, and one it does not.
        const texts = [...new Set(products.filter((p) => p.barcode).map((p) => p.barcode))].slice(0, 2);
        const found = texts.map((text): DecodedCode => {
          const format = /^\d{13}$/.test(text) ? 'EAN_13' : 'CODE_128';
          try {
            const record = byCode(text);
            return { text, format, product: record && productView(record, costs), problem: null };
          } catch (error) {
            // A code that names several products: the core gives none, and says why.
            return { text, format, product: null, problem: (error as { message: string }).message };
          }
        });
        return [...found, { text: 'https://example.com/menu', format: 'QR_CODE', product: null, problem: null }];
      }
      case 'inventory.labels.pdf': {
        const ids = Array.isArray(input.product_ids) ? input.product_ids : [];
        if (ids.length === 0 || ids.length > LABEL_PRODUCTS_MAX)
          throw {
            ...invalid('product_ids', 'too_many', `product_ids: 1 to ${LABEL_PRODUCTS_MAX}`),
            limit: LABEL_PRODUCTS_MAX,
          };
        const names = ids.map((id, i) => product(`product_ids[${i}]`, id).name);
        const copies = Number(input.copies ?? 1);
        if (!Number.isInteger(copies) || copies < 1 || copies > LABEL_COPIES_MAX)
          throw invalid('copies', 'out_of_range', `copies: 1 to ${LABEL_COPIES_MAX}`);
        const symbology = String(input.symbology ?? 'auto');
        if (!['auto', 'code128', 'qr'].includes(symbology))
          throw invalid('symbology', 'invalid_value', 'symbology: auto, code128 or qr');
        return fileOf('labels', 'pdf', `${copies} × ${symbology} labels: ${names.join(', ')}`);
      }
      case 'inventory.products.generate_barcode': {
        const record = product('id', input.id);
        if (record.barcode) throw conflict(`${record.name} has a barcode already`);
        record.barcode = `SP${record.id.replaceAll('-', '').slice(-10).toUpperCase()}`;
        record.updated_at_ms = Date.now();
        return productView(record, costs);
      }
      case 'inventory.products.import_preview': {
        const [headers, ...rows] = readSheet(input);
        const preview: ImportPreview = {
          headers,
          mapping: suggestMapping(headers),
          rows: rows.slice(0, PREVIEW_ROWS),
          total_rows: rows.length,
        };
        return preview;
      }
      case 'inventory.products.import':
        return importProducts(input, by, costs, progress);
      case 'inventory.products.clashes':
        return clashes(costs);
      case 'inventory.products.merge':
        return merge(input, by, costs);
      case 'inventory.stock.counts.sheet': {
        const { place, lines } = countSheet(input);
        return { location_id: place.id, location_name: place.name, lines };
      }
      case 'inventory.stock.counts.pdf': {
        const { place, lines } = countSheet(input);
        const blind = input.blind !== false;
        const body = lines.map((l) => `${l.sku} ${l.product_name} ${blind ? '____' : l.expected}`).join('\n');
        return fileOf(`count-sheet-${place.name}`, 'pdf', body);
      }
      case 'inventory.stock.counts.post':
        return postCount(input, by);
      case 'inventory.reports.movements':
        return movementSummary(input);
      case 'inventory.reports.slow_movers':
        return slowMovers(input);
      case 'inventory.reports.export': {
        const report = String(input.report ?? '');
        const format = String(input.format ?? '');
        const reports = ['stock_on_hand', 'low_stock', 'movements', 'valuation', 'slow_movers'];
        if (!reports.includes(report)) throw invalid('report', 'invalid_value', `report: one of ${reports.join(', ')}`);
        if (!(format in MIME)) throw invalid('format', 'invalid_value', 'format: csv, xlsx or pdf');
        if (report === 'valuation' && !costs) throw { code: 'forbidden', message: `${by} may not do costs.read` };
        const rows =
          report === 'stock_on_hand'
            ? levels(input)
            : report === 'low_stock'
              ? levels(input).filter((level) => level.low || level.oversold)
              : report === 'movements'
                ? movementSummary(input)
                : report === 'valuation'
                  ? valuation(input).lines
                  : slowMovers(input);
        return fileOf(report.replaceAll('_', '-'), format, JSON.stringify(rows));
      }
      case 'inventory.products.create': {
        const id = crypto.randomUUID();
        const name = text('name', input.name, NAME_CHARS_MAX, true);
        const sku = text('sku', input.sku, SKU_CHARS_MAX) || generatedSku(id);
        checkSku(sku, null);
        const barcode = checkBarcode(input.barcode);
        checkBarcodeFree(barcode, null);
        const record: ProductRecord = {
          id,
          name,
          description: String(input.description ?? '').trim(),
          category_id: categoryRef('category_id', input.category_id),
          sku,
          barcode,
          unit: text('unit', input.unit, 20) || 'pcs',
          price: formatCents(money('price', input.price)),
          cost_cents: costField(input.cost, costs) ?? 0n,
          tax_id: String(input.tax_id ?? '').trim() || null,
          tracks_stock: input.tracks_stock !== false,
          archived: false,
          suppliers: suppliersOf(input.suppliers),
          created_at_ms: Date.now(),
          updated_at_ms: Date.now(),
        };
        products.push(record);
        return productView(record, costs);
      }
      case 'inventory.products.update': {
        const record = product('id', input.id);
        if (input.name !== undefined) record.name = text('name', input.name, NAME_CHARS_MAX, true);
        if (input.description !== undefined) record.description = String(input.description).trim();
        if (input.category_id !== undefined) record.category_id = categoryRef('category_id', input.category_id);
        if (input.sku !== undefined) {
          const sku = text('sku', input.sku, SKU_CHARS_MAX, true);
          checkSku(sku, record.id);
          record.sku = sku;
        }
        if (input.barcode !== undefined) {
          const barcode = checkBarcode(input.barcode);
          checkBarcodeFree(barcode, record.id);
          record.barcode = barcode;
        }
        if (input.unit !== undefined) record.unit = text('unit', input.unit, 20, true);
        if (input.price !== undefined) record.price = formatCents(money('price', input.price));
        const cost = costField(input.cost, costs);
        if (cost !== null) record.cost_cents = cost;
        if (input.tax_id !== undefined) record.tax_id = String(input.tax_id).trim() || null;
        if (input.suppliers !== undefined) record.suppliers = suppliersOf(input.suppliers);
        if (input.archived !== undefined) record.archived = Boolean(input.archived);
        record.updated_at_ms = Date.now();
        return productView(record, costs);
      }
      case 'inventory.categories.list':
        return categories.map(categoryView).sort((a, b) => a.path.localeCompare(b.path));
      case 'inventory.categories.create': {
        const category = {
          id: crypto.randomUUID(),
          name: text('name', input.name, NAME_CHARS_MAX, true),
          parent_id: categoryRef('parent_id', input.parent_id),
        };
        categories.push(category);
        return categoryView(category);
      }
      case 'inventory.locations.list':
        return locations.map(locationView).sort((a, b) => a.path.localeCompare(b.path));
      case 'inventory.locations.create': {
        const parent = String(input.parent_id ?? '').trim();
        const place = {
          id: crypto.randomUUID(),
          name: text('name', input.name, NAME_CHARS_MAX, true),
          parent_id: parent ? location('parent_id', parent, false).id : null,
          archived: false,
        };
        locations.push(place);
        return locationView(place);
      }
      case 'inventory.locations.update': {
        const place = location('id', input.id, false);
        if (input.name !== undefined) place.name = text('name', input.name, NAME_CHARS_MAX, true);
        if (input.archived !== undefined) place.archived = Boolean(input.archived);
        return locationView(place);
      }
      case 'inventory.stock.levels':
        return levels(input);
      case 'inventory.stock.low':
        return levels(input).filter((level) => level.low || level.oversold);
      case 'inventory.stock.movements.list': {
        const from = input.from ? day('from', input.from) : '0000-01-01';
        const to = input.to ? day('to', input.to) : '9999-12-31';
        const limit = Math.min(Math.max(Number(input.limit ?? 500), 1), MOVEMENTS_MAX);
        return movements
          .filter(
            (m) =>
              (!input.product_id || m.product_id === input.product_id) &&
              (!input.location_id || m.location_id === input.location_id) &&
              m.date >= from &&
              m.date <= to,
          )
          .sort((a, b) => b.date.localeCompare(a.date) || b.created_at_ms - a.created_at_ms)
          .slice(0, limit)
          .map((m) => movementView(m, costs));
      }
      case 'inventory.stock.movements.create': {
        const record = stocked('product_id', input.product_id);
        const place = location('location_id', input.location_id);
        const kind = String(input.kind ?? '').trim();
        const reason = text('reason', input.reason, REASON_CHARS_MAX);
        let thousandths: bigint;
        if (kind === 'receipt' || kind === 'return') thousandths = quantity('quantity', input.quantity);
        else if (kind === 'adjustment') {
          if (!reason)
            throw invalid('reason', 'required', 'reason: say why stock is adjusted (broken, expired, found…)');
          thousandths = quantity('quantity', input.quantity, true);
        } else throw invalid('kind', 'invalid_value', 'kind: receipt, return or adjustment');
        const costText = String(input.unit_cost ?? '').trim();
        let unitCost = 0n;
        if (kind === 'receipt') {
          if (costText && !costs)
            throw invalid('unit_cost', 'invalid_value', 'unit_cost: only owners and accountants set cost prices');
          unitCost = costText ? money('unit_cost', costText) : record.cost_cents;
        } else if (costText) throw invalid('unit_cost', 'invalid_value', 'unit_cost: only a receipt carries a cost');
        const movement = move(record, place.id, kind, thousandths, unitCost, day('date', input.date), null, reason, by);
        return movementView(movement, costs);
      }
      case 'inventory.stock.transfer': {
        const record = stocked('product_id', input.product_id);
        const from = location('from_location_id', input.from_location_id);
        const to = location('to_location_id', input.to_location_id);
        if (from.id === to.id)
          throw invalid('to_location_id', 'invalid_value', 'to_location_id: another location than the one it leaves');
        const thousandths = quantity('quantity', input.quantity);
        const date = day('date', input.date);
        const reason = text('reason', input.reason, REASON_CHARS_MAX);
        const [outId, inId] = [crypto.randomUUID(), crypto.randomUUID()];
        const out = move(record, from.id, 'transfer', -thousandths, 0n, date, inId, reason, by, outId);
        const into = move(record, to.id, 'transfer', thousandths, 0n, date, outId, reason, by, inId);
        return [movementView(out, costs), movementView(into, costs)];
      }
      case 'inventory.stock.thresholds.set': {
        const record = stocked('product_id', input.product_id);
        const place = location('location_id', input.location_id, false);
        const minimum = count('minimum', input.minimum);
        const optional = (field: string, value: unknown) =>
          String(value ?? '').trim() ? quantity(field, value) : null;
        const reorder = optional('reorder_quantity', input.reorder_quantity);
        const maximum = optional('maximum', input.maximum);
        if (maximum !== null && maximum < minimum)
          throw invalid('maximum', 'out_of_range', 'maximum: at least the minimum');
        thresholds.set(`${record.id}|${place.id}`, { minimum, reorder, maximum });
        return levels({ product_id: record.id, location_id: place.id })[0];
      }
      case 'inventory.orders.suggestions':
        return suggestions(input, costs);
      case 'inventory.reports.valuation':
        return valuation(input);
      case 'inventory.orders.list': {
        const wanted = String(input.status ?? '').trim();
        return orders
          .map((order) => orderView(order, costs))
          .filter((order) => !wanted || order.status === wanted)
          .sort((a, b) => b.date.localeCompare(a.date) || b.created_at_ms - a.created_at_ms);
      }
      case 'inventory.orders.get':
        return orderView(orderOf(input.id), costs);
      case 'inventory.orders.create': {
        const supplier = text('supplier', input.supplier, NAME_CHARS_MAX, true);
        const place = location('location_id', input.location_id);
        const date = day('date', input.date);
        const expected = String(input.expected_date ?? '').trim() ? day('expected_date', input.expected_date) : null;
        if (expected && expected < date)
          throw invalid('expected_date', 'out_of_range', "expected_date: on or after the order's date");
        const order: OrderRecord = {
          id: crypto.randomUUID(),
          supplier,
          supplier_contact: text('supplier_contact', input.supplier_contact, NAME_CHARS_MAX),
          date,
          expected_date: expected,
          location_id: place.id,
          lines: orderLines(input.lines),
          status: 'draft',
          notes: String(input.notes ?? '').trim(),
          created_by_name: by,
          created_at_ms: Date.now(),
        };
        orders.push(order);
        return orderView(order, costs);
      }
      case 'inventory.orders.update': {
        const order = orderOf(input.id);
        if (order.status !== 'draft')
          throw conflict(`this purchase order is ${order.status}; only a draft can be changed`);
        if (input.supplier !== undefined) order.supplier = text('supplier', input.supplier, NAME_CHARS_MAX, true);
        if (input.supplier_contact !== undefined)
          order.supplier_contact = text('supplier_contact', input.supplier_contact, NAME_CHARS_MAX);
        if (input.expected_date !== undefined)
          order.expected_date = String(input.expected_date).trim() ? day('expected_date', input.expected_date) : null;
        if (input.lines !== undefined) order.lines = orderLines(input.lines);
        if (input.notes !== undefined) order.notes = String(input.notes).trim();
        return orderView(order, costs);
      }
      case 'inventory.orders.send': {
        const order = orderOf(input.id);
        if (order.status !== 'draft')
          throw conflict(`this purchase order is ${order.status}; only a draft can be sent`);
        order.status = 'sent';
        return orderView(order, costs);
      }
      case 'inventory.orders.cancel': {
        const order = orderOf(input.id);
        const status = statusOf(order, receivedOf(order));
        if (status === 'received')
          throw conflict('this purchase order has been received in full; there is nothing to cancel');
        order.status = 'cancelled';
        return orderView(order, costs);
      }
      case 'inventory.orders.receive': {
        const order = orderOf(input.id);
        if (order.status !== 'sent')
          throw conflict(`this purchase order is ${order.status}; goods are received against a sent order`);
        const place = location('location_id', String(input.location_id ?? '').trim() || order.location_id);
        const date = day('date', input.date);
        const lines = Array.isArray(input.lines) ? (input.lines as Json[]) : [];
        if (lines.length === 0 || lines.length > LINES_MAX)
          throw invalid('lines', 'too_many', `lines: 1 to ${LINES_MAX} products received`);
        const ordered = new Map<string, { quantity: bigint; cost: bigint }>();
        for (const line of order.lines) {
          const entry = ordered.get(line.product_id) ?? { quantity: 0n, cost: line.unit_cost_cents };
          ordered.set(line.product_id, { ...entry, quantity: entry.quantity + line.quantity });
        }
        const received = receivedOf(order);
        // Checked whole before anything is written, as the core's transaction would.
        const arriving = lines.map((line, i) => {
          const record = product(`lines[${i}].product_id`, line.product_id);
          const onOrder = ordered.get(record.id);
          if (!onOrder) throw invalid(`lines[${i}].product_id`, 'invalid_value', `${record.name} is not on this order`);
          const thousandths = quantity(`lines[${i}].quantity`, line.quantity);
          const soFar = received.get(record.id) ?? 0n;
          if (soFar + thousandths > onOrder.quantity)
            throw invalid(
              `lines[${i}].quantity`,
              'out_of_range',
              `lines[${i}].quantity: ${formatQuantity(onOrder.quantity - soFar)} of ${record.name} are still to come`,
            );
          received.set(record.id, soFar + thousandths);
          return { record, thousandths, cost: onOrder.cost };
        });
        for (const { record, thousandths, cost } of arriving)
          move(
            record,
            place.id,
            'receipt',
            thousandths,
            cost,
            date,
            order.id,
            `purchase order to ${order.supplier}`,
            by,
          );
        return orderView(order, costs);
      }
      default:
        throw { code: 'unknown_command', message: `unknown command ${command}` };
    }
  }

  /**
   * A product another device made while offline, arriving by sync: its codes are not checked against this device's,
   * as two devices offline can each give one code to a product of their own.
   */
  function synced(input: Json): Product {
    const { sku, barcode, ...rest } = input;
    const made = call('inventory.products.create', rest, 'Owner', () => true) as Product;
    const record = products.find((p) => p.id === made.id) as ProductRecord;
    if (sku !== undefined) record.sku = String(sku);
    if (barcode !== undefined) record.barcode = String(barcode);
    return productView(record, true);
  }

  /** An EAN-13 barcode for the shop's own prefix (690 is China's): twelve digits and their check digit. */
  function ean13(body: string): string {
    return `${body}${checkDigit(body)}`;
  }

  if (mode !== 'empty') {
    const owner = 'Owner';
    const all = () => true;
    const run = <T>(command: string, input: Json, by = owner) => call(command, input, by, all) as T;
    const tea = run<Category>('inventory.categories.create', { name: '茶叶' });
    const green = run<Category>('inventory.categories.create', { name: '绿茶', parent_id: tea.id });
    const coffee = run<Category>('inventory.categories.create', { name: '咖啡' });
    const snacks = run<Category>('inventory.categories.create', { name: '零食' });
    const shop = run<Location>('inventory.locations.create', { name: '门店' });
    const back = run<Location>('inventory.locations.create', { name: '后仓' });
    const warehouse = run<Location>('inventory.locations.create', { name: '仓库' });
    run<Location>('inventory.locations.create', { name: 'A 货架', parent_id: warehouse.id });
    const supplier = (name: string, days: number) => [{ name, contact: '138 0013 8000', lead_time_days: days }];
    const longjing = run<Product>('inventory.products.create', {
      name: '西湖龙井 250g',
      category_id: green.id,
      sku: 'TEA-LJ-250',
      barcode: ean13('690123456789'),
      unit: '罐',
      price: '168.00',
      cost: '98.00',
      suppliers: supplier('杭州茶厂', 5),
    });
    const puer = run<Product>('inventory.products.create', {
      name: '普洱茶饼 357g',
      category_id: tea.id,
      sku: 'TEA-PE-357',
      barcode: ean13('690123456790'),
      unit: '饼',
      price: '228.00',
      cost: '120.00',
      suppliers: supplier('云南茶业', 10),
    });
    const dripBag = run<Product>('inventory.products.create', {
      name: '挂耳咖啡（10 包）',
      category_id: coffee.id,
      sku: 'COF-DRIP-10',
      barcode: ean13('690123456791'),
      unit: '盒',
      price: '59.00',
      cost: '28.50',
      suppliers: supplier('上海咖啡烘焙', 3),
    });
    const nuts = run<Product>('inventory.products.create', {
      name: '每日坚果礼盒',
      category_id: snacks.id,
      sku: 'SNK-NUT-30',
      unit: '盒',
      price: '129.00',
      cost: '76.00',
    });
    run<Product>('inventory.products.create', {
      name: '礼品包装',
      sku: 'SVC-WRAP',
      unit: '次',
      price: '10.00',
      tracks_stock: false,
    });
    const receive = (p: Product, l: Location, qty: string, date?: string) =>
      run('inventory.stock.movements.create', {
        product_id: p.id,
        location_id: l.id,
        kind: 'receipt',
        quantity: qty,
        date,
      });
    receive(longjing, shop, '6');
    receive(longjing, back, '20');
    receive(puer, shop, '12');
    receive(dripBag, shop, '5');
    receive(nuts, back, '30');
    // Sold on the till and on a phone that were both offline: seven boxes left where five were.
    move(
      products.find((p) => p.id === dripBag.id) as ProductRecord,
      shop.id,
      'sale',
      -4000n,
      0n,
      today(),
      null,
      '',
      '小王',
    );
    move(
      products.find((p) => p.id === dripBag.id) as ProductRecord,
      shop.id,
      'sale',
      -3000n,
      0n,
      today(),
      null,
      '',
      '李经理',
    );
    run('inventory.stock.thresholds.set', {
      product_id: longjing.id,
      location_id: shop.id,
      minimum: '10',
      maximum: '24',
    });
    run('inventory.stock.thresholds.set', {
      product_id: dripBag.id,
      location_id: shop.id,
      minimum: '4',
      reorder_quantity: '12',
    });
    run('inventory.stock.thresholds.set', { product_id: puer.id, location_id: shop.id, minimum: '3' });
    const sent = run<PurchaseOrder>('inventory.orders.create', {
      supplier: '杭州茶厂',
      supplier_contact: '138 0013 8000',
      location_id: back.id,
      lines: [
        { product_id: longjing.id, quantity: '24' },
        { product_id: puer.id, quantity: '6' },
      ],
    });
    run('inventory.orders.send', { id: sent.id });
    run('inventory.orders.receive', { id: sent.id, lines: [{ product_id: longjing.id, quantity: '10' }] });
    run('inventory.orders.create', {
      supplier: '上海咖啡烘焙',
      location_id: shop.id,
      lines: [{ product_id: dripBag.id, quantity: '12' }],
      notes: '周五前送到',
    });
    if (mode === 'clash') {
      // The till, offline, added Longjing again under the same barcode and sold two; and a phone added the nuts
      // under the same SKU in lower case and received six.
      const till = synced({
        name: '龙井茶 250g',
        category_id: green.id,
        sku: 'LJ-250',
        barcode: longjing.barcode,
        unit: '罐',
        price: '168.00',
      });
      move(
        products.find((p) => p.id === till.id) as ProductRecord,
        shop.id,
        'sale',
        -2000n,
        0n,
        today(),
        null,
        '',
        '小王',
      );
      const phone = synced({ name: '每日坚果', sku: nuts.sku.toLowerCase(), unit: '盒', price: '129.00' });
      receive(phone, shop, '6');
    }
  }

  /**
   * An invoice issued takes its stocked products out where it sells from (the first location unless it names one);
   * voided, they come back. Ids come from the invoice and its line, as in the core, so nothing moves twice.
   */
  function invoiceMoved(event: 'issue' | 'void', invoice: Invoice) {
    invoice.lines.forEach((line, i) => {
      const record = products.find((p) => p.id === line.product_id);
      if (!record?.tracks_stock) return;
      const sale = movements.find((m) => m.id === `sale:${invoice.id}:${i}`);
      const id = event === 'issue' ? `sale:${invoice.id}:${i}` : `void:${invoice.id}:${i}`;
      if (movements.some((m) => m.id === id) || (event === 'void' && !sale)) return;
      const where = sale?.location_id ?? invoice.location_id ?? locations[0]?.id;
      if (!where) return;
      const quantity = toThousandths(line.quantity);
      const by = invoice.created_by_name;
      const label = `invoice ${invoice.number ?? ''}`;
      if (event === 'issue') move(record, where, 'sale', -quantity, 0n, invoice.issue_date, invoice.id, label, by, id);
      else move(record, where, 'return', quantity, 0n, today(), invoice.id, `void of ${label}`, by, id);
    });
  }

  return { call, synced, invoiceMoved };
}
