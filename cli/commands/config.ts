import path from 'node:path';
import { loadConfig } from '../../electron/core/config/config.ts';
import { loadMigrations } from '../../electron/core/store/migrations.ts';
import type { CommandSpec } from '../command.ts';

export const configCommands: CommandSpec[] = [
  {
    name: 'config check',
    summary: '检查终端配置是否有效，并显示生效的配置 (validate configuration)',
    options: { json: { type: 'boolean' } },
    async run({ values, out }) {
      const config = loadConfig();
      const latest = loadMigrations().at(-1)?.version ?? 0;
      const summary = {
        configFile: config.configFile,
        demo: config.demo,
        kioskId: config.kioskId,
        siteName: config.siteName,
        dataDir: config.dataDir,
        database: path.join(config.dataDir, 'kiosk.db'),
        schemaVersion: latest,
        idleSeconds: config.ui.idleSeconds,
        countdownSeconds: config.ui.countdownSeconds,
        devices: config.devices.mode,
        platform: config.platform.url,
      };
      if (values.json) out(JSON.stringify(summary));
      else {
        out(
          config.demo ? '配置有效（未找到配置文件，使用演示模式默认值）' : `配置有效：${config.configFile}`,
        );
        for (const [k, v] of Object.entries(summary)) out(`  ${k}: ${v === null ? '—' : String(v)}`);
      }
      return 0;
    },
  },
];
