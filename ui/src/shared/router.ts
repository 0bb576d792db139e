import { useSyncExternalStore } from 'react';

// A hash router is enough for a desktop app with a handful of screens, and it keeps deep links
// (e.g. `#/customers/<id>`) working in the Tauri webview without server-side routing.

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function currentPath(): string {
  return window.location.hash.replace(/^#\/?/, '');
}

/** The current route as path segments, e.g. `['customers', '0190…']`. */
export function useRoute(): string[] {
  const path = useSyncExternalStore(subscribe, currentPath, () => '');
  return path.split('/').filter(Boolean).map(decodeURIComponent);
}

export function navigate(...segments: string[]): void {
  window.location.hash = '/' + segments.map(encodeURIComponent).join('/');
}
