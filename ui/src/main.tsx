import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './global.css';
import { App } from './App';

// In the desktop app every call goes to the core through the shell; in a plain browser (scripts/dev.sh) to
// the development host, the same core on loopback (see api/rpc.ts).
function start() {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

start();
