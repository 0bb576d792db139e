import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The Tauri shell loads `ui/dist` (see tauri.conf.json); `npm run dev` serves on 5173 for `tauri dev`.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    // In a browser (not the desktop app) the UI calls the development host, scripts/dev.sh starts it.
    proxy: {
      '/__suanpan': {
        target: 'http://127.0.0.1:7311',
        changeOrigin: true,
        rewrite: (path) => path.replace(/^\/__suanpan/, ''),
      },
    },
  },
  build: {
    outDir: 'dist',
    target: 'es2022',
    // antd is one large vendor chunk; the app is loaded from disk, so size only matters for startup parse time.
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    // The tests talk to the real core: this starts it (crates/devhost) once for all test files.
    globalSetup: ['./src/test/devHost.ts'],
    // Both cores: the test files mostly wait on jsdom and antd, the core answers in milliseconds.
    maxWorkers: 2,
    // React and antd allocate many short-lived objects per render; a larger young generation lets V8 collect
    // them less often (about a tenth off the slowest files).
    execArgv: ['--max-semi-space-size=64'],
    // Test files share a worker's modules (antd, the app) instead of loading them afresh per file: the suite takes
    // about two thirds of the time. So a test may not `vi.mock` a module (another file loaded the real one); a
    // module that needs a stand-in in jsdom offers a seam (see `openPdfWith`), and each test leaves the language
    // and the route as it found them.
    isolate: false,
    css: false,
    restoreMocks: true,
    // Form tests drive antd through jsdom; on a busy 2-core CI machine one can take several
    // seconds, and the 5 s default then fails tests that are right.
    testTimeout: 30_000,
  },
});
