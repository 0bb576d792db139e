// Vitest's global set-up: builds and starts the development host (crates/devhost), the real core behind the
// same command table as the desktop app, on a free loopback port, for every test file to talk to.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    devHost: string;
  }
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function hostBinary(): string {
  if (process.env.SUANPAN_DEVHOST) return process.env.SUANPAN_DEVHOST;
  // Always through cargo, so the tests never run an out-of-date core (a no-op when it is built).
  const build = spawnSync('cargo', ['build', '--quiet', '-p', 'suanpan-devhost'], { cwd: ROOT, stdio: 'inherit' });
  if (build.error || build.status !== 0)
    throw new Error('could not build the development host: run `cargo build -p suanpan-devhost` to see why');
  const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');
  const binary = join(target, 'debug', process.platform === 'win32' ? 'suanpan-devhost.exe' : 'suanpan-devhost');
  if (!existsSync(binary)) throw new Error(`the development host is not at ${binary}`);
  return binary;
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  const host = spawn(hostBinary(), ['--port', '0', '--fixture', 'empty'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((found, failed) => {
    host.once('error', failed);
    host.once('exit', (code) => failed(new Error(`the development host stopped (${code}) before it listened`)));
    const lines = createInterface({ input: host.stdout });
    lines.on('line', (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) found(match[1]);
    });
  });
  project.provide('devHost', url);
  return () => {
    host.kill();
    console.log(`UI tests took ${((Date.now() - started) / 1000).toFixed(1)} s on the real core at ${url}`);
  };
}
