// Every command of the core's table is reachable from a screen, unless it is listed here as one the app does
// not need, with the reason. A command the core has and the UI forgot (as inventory.orders.pdf and
// users.password.change once were) fails this test.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS, type CommandName } from './commands';

/** Commands no screen calls, and why: they serve the CLI, other tools, or reach the user another way. */
const NOT_IN_THE_APP: Partial<Record<CommandName, string>> = {
  'customers.notes.list': 'the app shows notes in the customer timeline (customers.timeline)',
  'customers.interactions.list': 'the app shows interactions in the customer timeline (customers.timeline)',
  'customers.documents.export': "a record's Automerge document, for tools that merge or inspect it (CLI)",
  'customers.documents.apply': "changes to a record's Automerge document from such a tool (CLI)",
  'finances.journal.get': 'the journal list carries every entry in full; one entry by id is for the CLI',
  'inventory.orders.get': 'the order list carries every order in full; one order by id is for the CLI',
};

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every source file of the app, without tests and without the generated command map and types. */
function appSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' ? [] : appSources(path);
    if (!/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) return [];
    if (/api[\\/](commands|bindings)\.ts$/.test(path)) return [];
    return [readFileSync(path, 'utf8')];
  });
}

describe('the command map', () => {
  const sources = appSources(SRC).join('\n');
  const names = Object.keys(COMMANDS) as CommandName[];

  it('has a caller in the app for every command, or a reason why not', () => {
    const uncalled = names.filter((name) => !sources.includes(`'${name}'`) && !NOT_IN_THE_APP[name]);
    expect(uncalled).toEqual([]);
  });

  it('lists as not in the app only commands that exist and that no screen calls', () => {
    const listed = Object.keys(NOT_IN_THE_APP);
    expect(listed.filter((name) => !names.includes(name as CommandName))).toEqual([]);
    expect(listed.filter((name) => sources.includes(`'${name}'`))).toEqual([]);
  });
});
