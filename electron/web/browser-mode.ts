import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../core/config/config.ts';
import { createCore } from '../core/core.ts';
import { StoreError } from '../core/store/errors.ts';
import { KeyFileError } from '../core/secure/key-sealer.ts';
import { createLogger } from '../core/log/logger.ts';
import { startDemoPlatform, type DemoPlatform } from '../core/demo/demo-platform.ts';
import { startBridge } from './bridge-server.ts';
import { openAppWindow } from './open-browser.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIR = path.join(ROOT, 'dist', 'renderer');

/** Line printed once the kiosk serves; scripts and benchmarks wait for it. */
export const READY_PREFIX = 'KIOSK_READY ';

/**
 * Browser mode: the core in this Node process, the renderer in Chromium, the contract over the
 * loopback bridge. Same core and renderer as the Electron shell.
 */
export async function runBrowserMode(argv: string[] = process.argv.slice(2)): Promise<void> {
  const noOpen = argv.includes('--no-open') || process.env.KIOSK_NO_OPEN === '1';
  let core;
  let demoPlatform: DemoPlatform | null = null;
  try {
    const config = loadConfig();
    const log = createLogger({ level: config.log.level });
    demoPlatform = await startDemoPlatform(config, log);
    core = await createCore({ config, shell: 'web', log });
  } catch (e) {
    // E.g. a kiosk whose keys the Electron shell sealed with its keyring: plain Node has none.
    if (e instanceof ConfigError || e instanceof StoreError || e instanceof KeyFileError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const bridge = await startBridge({
    core,
    host: core.config.web.host,
    port: core.config.web.port,
    rendererDir: RENDERER_DIR,
  });
  process.stdout.write(`${READY_PREFIX}${bridge.appUrl}\n`);
  if (core.config.demo) {
    process.stdout.write(
      `演示模式：模拟设备，数据目录 ${core.config.dataDir} (demo mode, simulated devices)\n`,
    );
  }
  if (demoPlatform) {
    process.stdout.write(`演示平台 (dev platform): ${demoPlatform.url}/operator\n`);
    process.stdout.write(
      `远程帮办坐席台 (agent console): ${demoPlatform.url}/video/agent  agent01 / banshi-demo-01\n`,
    );
  }
  if (noOpen || !openAppWindow(bridge.appUrl)) {
    process.stdout.write(`请在浏览器中打开 / open in a browser: ${bridge.appUrl}\n`);
  }
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    void bridge
      .close()
      .then(() => core.close())
      .then(() => demoPlatform?.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
