import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './global.css';
import { App } from './App';

async function start() {
  // Dev only: an in-memory stand-in for the Rust core, to run the UI in a plain browser.
  // Vite replaces the flag at build time, so the mock is not even bundled in a real build.
  if (import.meta.env.DEV && import.meta.env.VITE_MOCK_IPC === '1') {
    const { installMockBackend } = await import('./dev/mockBackend');
    installMockBackend();
  }
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();
