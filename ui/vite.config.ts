import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The Tauri shell loads `ui/dist` (see tauri.conf.json); `npm run dev` serves on 5173 for `tauri dev`.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: 'dist',
    target: 'es2022',
    // antd is one large vendor chunk; the app is loaded from disk, so size only matters for startup parse time.
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    restoreMocks: true,
    // Form tests drive antd through jsdom; on a busy 2-core CI machine one can take several
    // seconds, and the 5 s default then fails tests that are right.
    testTimeout: 30_000,
  },
});
