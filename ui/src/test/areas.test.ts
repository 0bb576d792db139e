// The UI's `features/` follow the core's areas, and their imports run one way, as the core's do
// (docs/architecture.md): a screen of one area may use another's only along an edge written here. `shared/` is
// the UI's kernel: it imports no feature.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Which areas each area's screens may import (besides `shared/` and `api/`, which every area uses). */
const ALLOWED: Record<string, readonly string[]> = {
  activity: [],
  auth: ['settings', 'sync'],
  customers: [],
  // The start page does each step of setting up in place, with the forms of the step's own area.
  dashboard: ['customers', 'inventory', 'ledger', 'settings', 'sync', 'users'],
  // The finance page puts the ledger's and the sales screens under one heading.
  finance: ['ledger', 'sales'],
  inventory: ['ledger', 'scanning'],
  ledger: [],
  sales: ['inventory', 'ledger', 'scanning'],
  scanning: ['ledger'],
  segments: [],
  settings: ['sync'],
  // The shell assembles the pages.
  shell: [
    'activity',
    'auth',
    'customers',
    'dashboard',
    'finance',
    'inventory',
    'sales',
    'scanning',
    'segments',
    'settings',
    'sync',
    'users',
  ],
  sync: [],
  users: [],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    // Tests may render a page of the area that composes theirs.
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** `features/<area>/…` → the area; `shared/…` → 'shared'; anything else → null. */
function roomOf(path: string): string | null {
  const parts = relative(SRC, path).split(sep);
  if (parts[0] === 'features') return parts[1] ?? null;
  return parts[0] === 'shared' ? 'shared' : null;
}

function edges(): { from: string; to: string; file: string }[] {
  const found: { from: string; to: string; file: string }[] = [];
  for (const file of [...sourceFiles(join(SRC, 'features')), ...sourceFiles(join(SRC, 'shared'))]) {
    const from = roomOf(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const to = roomOf(normalize(join(dirname(file), match[1])));
      if (from && to && to !== from) found.push({ from, to, file: relative(SRC, file) });
    }
  }
  return found;
}

describe('the rooms of the UI', () => {
  it('has an entry in the graph for every area folder', () => {
    const areas = readdirSync(join(SRC, 'features'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(areas).toEqual(Object.keys(ALLOWED).sort());
  });

  it('imports along the written edges only, and shared/ imports no area', () => {
    const found = edges();
    expect(found.length, 'the test reads the imports').toBeGreaterThan(10);
    const wrong = found
      .filter(({ from, to }) => to !== 'shared' && !(ALLOWED[from] ?? []).includes(to))
      .map(({ from, to, file }) => `${file}: ${from} → ${to}`);
    expect(wrong).toEqual([]);
  });
});
