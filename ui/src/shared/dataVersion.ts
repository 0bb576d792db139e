import { createContext, useContext } from 'react';

/**
 * How many sync rounds have brought changes from other devices since the shell started. Its own context (not
 * `SyncContext`), so a page that lists data re-renders when this changes, not on every round; 0 outside a
 * `SyncProvider`.
 */
export const DataVersionContext = createContext(0);

/** Add to what a page reloads on: it changes after a sync round that applied changes from another device. */
export function useDataVersion(): number {
  return useContext(DataVersionContext);
}
