import { enableCompileCache } from './compile-cache.ts';

// Browser-mode entry: enable the compile cache before the core is imported (see compile-cache.ts).
enableCompileCache();
const { runBrowserMode } = await import('./browser-mode.ts');
await runBrowserMode();
