import { useSyncExternalStore } from 'react';
import type { StockLevel } from '../../api/bindings';
import { useCan } from '../../shared/session';
import { useCommand } from '../../shared/useCommand';

// One counter for every change made in the inventory area: the page's tabs and the sidebar's low-stock badge
// reload on it (a receipt changes the levels, the movements, an order's status and the badge at once).

let version = 0;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Call after a change to products, stock, locations or orders: everything inventory shows reloads. */
export function inventoryChanged(): void {
  version += 1;
  for (const listener of listeners) listener();
}

/** Add to what an inventory view reloads on. */
export function useInventoryVersion(): number {
  return useSyncExternalStore(
    subscribe,
    () => version,
    () => version,
  );
}

export type LowStock = {
  /** Stock at or below its minimum (oversold included), per product and location; null until loaded. */
  levels: StockLevel[] | null;
  low: number;
  oversold: number;
};

/** The stock that needs looking at, for those who read inventory; reloads on every inventory change and sync. */
export function useLowStock(): LowStock {
  const can = useCan();
  const loaded = useCommand('inventory.stock.low', can('inventory.read') ? {} : null, useInventoryVersion());
  const levels = loaded.output;
  return {
    levels,
    low: levels?.filter((level) => level.low && !level.oversold).length ?? 0,
    oversold: levels?.filter((level) => level.oversold).length ?? 0,
  };
}
