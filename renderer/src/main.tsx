import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { connectClient } from './api/client.ts';
import { ScannerProvider } from './app/scanner-provider.tsx';
import { preloadFaceEngine } from './camera/face-engine.ts';
import { installPressFeedback } from './ui/press-feedback.ts';
import './ui/tokens.css';
import './ui/app.css';

const root = document.getElementById('root');
if (root) {
  const client = connectClient();
  // Face models load once, in the background, while the attract screen shows (only with a camera).
  preloadFaceEngine();
  installPressFeedback();
  createRoot(root).render(
    <StrictMode>
      <ScannerProvider client={client}>
        <App client={client} />
      </ScannerProvider>
    </StrictMode>,
  );
}
