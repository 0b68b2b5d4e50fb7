import path from 'node:path';
import { parseArgs } from 'node:util';
import { startDevPlatform } from './dev-platform.ts';
import { videoOptionsFromEnv } from './video/video-env.ts';

/**
 * npm run platform [-- --port 8790 --data-dir DIR]: the dev platform as its own process.
 * Prints one enrolment code so a kiosk can be enrolled at once (kioskctl enroll --code …).
 */
const { values } = parseArgs({
  options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, host: { type: 'string' } },
});
const port = Number(values.port ?? process.env.PLATFORM_PORT ?? 8790);
const dataDir = path.resolve(values['data-dir'] ?? process.env.PLATFORM_DATA_DIR ?? '.kiosk-data/platform');
const p = await startDevPlatform({
  port,
  dataDir,
  ...(values.host ? { host: values.host } : {}),
  log: (l) => process.stderr.write(`${l}\n`),
  video: videoOptionsFromEnv(process.env),
});
process.stdout.write(`开发平台已启动 dev platform: ${p.url}  运营页面 operator page: ${p.url}/\n`);
process.stdout.write(`登记码 enrolment code: ${p.createEnrolmentCode()}\n`);
process.stdout.write(
  `远程帮办坐席台 agent console: ${p.url}/video/agent  (演示账号 demo: agent01 / banshi-demo-01)\n`,
);
const stop = (): void => void p.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
