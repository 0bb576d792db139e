// The suite runs with `isolate: false` (vite.config.ts): test files in a worker share its modules. A `vi.mock` of a
// module another file already loaded would not take, and the test would pass or fail by the order files ran in.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return /\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('tests that share their modules', () => {
  it('mock no module (a module that needs a stand-in in jsdom offers a seam instead)', () => {
    const mocking = testFiles(SRC).filter((path) => /\bvi\.(mock|doMock)\(/.test(readFileSync(path, 'utf8')));
    expect(mocking.map((path) => path.slice(SRC.length + 1))).toEqual([]);
  });
});
