import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectToBrowserHost } from './host-bridge';
import './styles.css';

// In Electron the preload has put window.crm in place; in a plain browser the host serves us.
if (!('crm' in window)) {
  Object.defineProperty(window, 'crm', { value: connectToBrowserHost(), configurable: false, writable: false });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
