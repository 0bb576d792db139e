import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import type { Category, Location, OrderStatus, Product } from '../../api/bindings';
import { ApiError, toApiError } from '../../api/rpc';
import { reasonText } from '../../shared/errors';

/** How dates cross the wire. */
export const DATE_FORMAT = 'YYYY-MM-DD';

/** Products per page of the products table (the core allows up to 500). */
export const PRODUCTS_PAGE_SIZE = 50;

/** Products offered by a product picker at once: typing narrows them. */
export const PICK_LIMIT = 50;

/** Movements listed at once, newest first (the core allows up to 5000). */
export const MOVEMENTS_LIMIT = 200;

export type { OrderStatus };

/** Each status the core gives a purchase order (its generated type: a new one fails to compile here). */
export const ORDER_STATUS_COLORS: Record<OrderStatus, string> = {
  draft: 'default',
  sent: 'blue',
  partially_received: 'gold',
  received: 'green',
  cancelled: 'red',
};

/** The statuses a purchase order shows, in the order a filter offers them. */
export const ORDER_STATUSES = Object.keys(ORDER_STATUS_COLORS) as OrderStatus[];

export type ProductOption = { value: string; label: string };

/** How a picker names a product: its name and SKU, which tell two teas apart. */
export function productLabel(product: Pick<Product, 'name' | 'sku'>): string {
  return product.sku ? `${product.name} (${product.sku})` : product.name;
}

/**
 * The kinds of movement the core writes: receipts, opening stock, returns and adjustments through
 * `inventory.stock.movements.create`; a stocktake's by `inventory.stock.counts.post`.
 */
export const MOVEMENT_KINDS = ['receipt', 'opening', 'return', 'adjustment', 'transfer', 'sale', 'stocktake'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export function isMovementKind(kind: string): kind is MovementKind {
  return (MOVEMENT_KINDS as readonly string[]).includes(kind);
}

export const MOVEMENT_KIND_COLORS: Record<MovementKind, string> = {
  receipt: 'green',
  opening: 'geekblue',
  return: 'cyan',
  adjustment: 'orange',
  transfer: 'blue',
  sale: 'purple',
  stocktake: 'magenta',
};

/** A tree node for antd's Table (tree data) and TreeSelect. */
export type TreeNode<T> = T & { children?: TreeNode<T>[] };

/**
 * Categories or locations as a tree, in the order given (the core sorts them by path). One whose parent is not in
 * the list (archived away, or a cycle two devices made offline) stands at the top.
 */
export function toTree<T extends { id: string; parent_id: string | null }>(items: readonly T[]): TreeNode<T>[] {
  const byId = new Map<string, TreeNode<T>>(items.map((item) => [item.id, { ...item }]));
  const roots: TreeNode<T>[] = [];
  for (const item of items) {
    const node = byId.get(item.id) as TreeNode<T>;
    const parent = item.parent_id !== null ? byId.get(item.parent_id) : undefined;
    if (parent && !isBelow(byId, parent, item.id)) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** Whether `node` sits under `id` (or is it): attaching `id` there would make a loop. */
function isBelow<T extends { id: string; parent_id: string | null }>(
  byId: Map<string, T>,
  node: T,
  id: string,
): boolean {
  let at: T | undefined = node;
  for (let depth = 0; at && depth < 16; depth += 1) {
    if (at.id === id) return true;
    at = at.parent_id !== null ? byId.get(at.parent_id) : undefined;
  }
  return false;
}

type TreeOption = { value: string; title: string; children?: TreeOption[] };

/** TreeSelect data of categories, by name under their parents. */
export function categoryTreeData(categories: readonly Category[]): TreeOption[] {
  const convert = (node: TreeNode<Category>): TreeOption => ({
    value: node.id,
    title: node.name,
    ...(node.children ? { children: node.children.map(convert) } : {}),
  });
  return toTree(categories).map(convert);
}

/** TreeSelect data of the locations stock may be put in (not archived), by name under their parents. */
export function locationTreeData(locations: readonly Location[]): TreeOption[] {
  const convert = (node: TreeNode<Location>): TreeOption => ({
    value: node.id,
    title: node.name,
    ...(node.children ? { children: node.children.map(convert) } : {}),
  });
  return toTree(locations.filter((location) => !location.archived)).map(convert);
}

/** Select options of the locations stock may move into or out of, by their path ("仓库 / 货架A"). */
export function locationOptions(locations: readonly Location[]): { value: string; label: string }[] {
  return locations
    .filter((location) => !location.archived)
    .map((location) => ({ value: location.id, label: location.path }));
}

/** The one location stock can go to, when there is only one: a form need not ask. */
export function onlyLocation(locations: readonly Location[]): string | undefined {
  const open = locations.filter((location) => !location.archived);
  return open.length === 1 ? open[0].id : undefined;
}

/** `lines[2].quantity` → `['lines', 2, 'quantity']`; `sku` → `['sku']`. */
export function fieldPath(field: string): (string | number)[] {
  return field
    .split(/[.[\]]+/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const QUANTITY_FIELD = /^(quantity|minimum|reorder_quantity|maximum|lines\[\d+\]\.quantity)$/;
const MONEY_FIELD = /^(price|cost|unit_cost|lines\[\d+\]\.unit_cost)$/;
const PRODUCT_FIELD = /^(product_id|lines\[\d+\]\.product_id)$/;
const LOCATION_FIELD = /^(location_id|from_location_id)$/;

/** Why the core refused an inventory field, in the UI language; else what `reasonText` says. */
export function inventoryFieldText(t: TFunction, error: ApiError): string {
  const field = error.field ?? '';
  if (field === 'maximum' && error.reason === 'out_of_range') return t('inventory.errors.maximumBelowMinimum');
  if (QUANTITY_FIELD.test(field)) {
    if (error.reason === 'invalid_value') return t('inventory.errors.quantityInvalid');
    if (error.reason === 'out_of_range') return t('inventory.errors.quantityRange');
  }
  if (/^lines\[\d+\]\.counted$/.test(field) && (error.reason === 'invalid_value' || error.reason === 'out_of_range'))
    return t('inventory.errors.countedInvalid');
  if (MONEY_FIELD.test(field) && error.reason === 'invalid_value') return t('inventory.errors.amountInvalid');
  if (PRODUCT_FIELD.test(field) && error.reason === 'invalid_value') return t('inventory.errors.productNotStocked');
  if (LOCATION_FIELD.test(field) && error.reason === 'invalid_value') return t('inventory.errors.locationArchived');
  if (field === 'to_location_id' && error.reason === 'invalid_value') return t('inventory.errors.sameLocation');
  if (field === 'sku' && error.reason === 'invalid_value') return t('inventory.errors.skuInvalid');
  if (field === 'barcode' && error.reason === 'invalid_value') return t('inventory.errors.barcodeInvalid');
  if (field === 'into_id' && error.reason === 'invalid_value') return t('inventory.errors.mergeTarget');
  if (field === 'reason' && error.reason === 'required') return t('inventory.errors.reasonRequired');
  if (field === 'expected_date' && error.reason === 'out_of_range') return t('inventory.errors.expectedBeforeDate');
  if (/^suppliers\[\d+\]\.lead_time_days$/.test(field) && error.reason === 'out_of_range')
    return t('inventory.errors.leadTimeRange');
  return reasonText(t, error);
}

/**
 * Puts a `validation` error on the form field it names, when the field's first part is one of `fields` (`lines`
 * covers `lines[2].quantity`). `rename` maps the core's name to the form's first (a receipt's lines are the
 * order's lines with something to receive). False when it is not this form's, for the caller to show elsewhere.
 */
export function showInventoryFieldError(
  t: TFunction,
  form: FormInstance,
  error: unknown,
  fields: readonly string[],
  {
    text,
    rename,
  }: { text?: (error: ApiError) => string | null; rename?: (path: (string | number)[]) => (string | number)[] } = {},
): boolean {
  const apiError = toApiError(error);
  if (apiError.code !== 'validation' || !apiError.field) return false;
  // Each refused field when the core refused several at once, else the error's one field.
  const refusals =
    apiError.fields.length > 0
      ? apiError.fields.map(
          (r) =>
            new ApiError('validation', r.message, {
              field: r.field,
              reason: r.reason,
              limit: r.limit,
              messageZh: r.messageZh,
            }),
        )
      : [apiError];
  const shown = refusals.flatMap((refusal) => {
    const parsed = fieldPath(refusal.field ?? '');
    if (!fields.includes(String(parsed[0]))) return [];
    const path = rename ? rename(parsed) : parsed;
    // `suppliers` or `lines` as a whole (too many, none) has no field of its own in the form.
    if (path.length === 1 && (path[0] === 'lines' || path[0] === 'suppliers')) return [];
    return [{ name: path, errors: [text?.(refusal) ?? inventoryFieldText(t, refusal)] }];
  });
  if (shown.length === 0) return false;
  form.setFields(shown);
  return true;
}
