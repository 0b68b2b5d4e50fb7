import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { connectClient } from './api/client.ts';
import { ScannerProvider } from './app/scanner-provider.tsx';
import './ui/tokens.css';
import './ui/app.css';

const root = document.getElementById('root');
if (root) {
  const client = connectClient();
  createRoot(root).render(
    <StrictMode>
      <ScannerProvider client={client}>
        <App client={client} />
      </ScannerProvider>
    </StrictMode>,
  );
}
