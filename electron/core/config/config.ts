import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { LocaleSchema } from '../../contract/index.ts';
import { TechnicianConfigSchema } from '../technician/technician-config.ts';
import { ServiceConfigSchema } from '../schedule/service-schedule.ts';
import { SetupConfigSchema } from '../setup/setup-config.ts';
import { PrintingConfigSchema } from '../printing/printing-config.ts';
import { CatalogueConfigSchema } from '../catalogue/catalogue-config.ts';
import { SpeechConfigSchema } from '../speech/speech-config.ts';
import { IdcardConfigSchema } from '../devices/idcard-config.ts';
import { ScannerConfigSchema } from '../scanner/scanner-config.ts';
import { SyncConfigSchema } from '../sync/sync-config.ts';
import { CameraConfigSchema, cameraEnvOverrides } from '../camera/camera-config.ts';

/**
 * Kiosk configuration: a JSON file plus KIOSK_* environment overrides, validated with safe defaults.
 * With no file at all the kiosk runs in demo mode (simulated devices, demo catalogue, dev platform).
 */
export const ConfigSchema = z
  .object({
    kioskId: z
      .string()
      .regex(/^[A-Za-z0-9-]{3,40}$/)
      .default('DEMO-0001'),
    siteName: z.string().min(1).max(60).default('演示网点'),
    dataDir: z.string().min(1),
    ui: z
      .object({
        idleSeconds: z.number().int().min(10).max(3600).default(60),
        countdownSeconds: z.number().int().min(5).max(120).default(15),
        defaultLocale: LocaleSchema.default('zh-CN'),
        locales: z.array(LocaleSchema).min(1).default(['zh-CN', 'en', 'ug', 'bo']),
      })
      .strict()
      .default({
        idleSeconds: 60,
        countdownSeconds: 15,
        defaultLocale: 'zh-CN',
        locales: ['zh-CN', 'en', 'ug', 'bo'],
      }),
    web: z
      .object({
        host: z.enum(['127.0.0.1', '::1', 'localhost']).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(0),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 0 }),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .strict()
      .default({ level: 'info' }),
    devices: z
      .object({ mode: z.enum(['simulated', 'configured']).default('simulated') })
      .strict()
      .default({ mode: 'simulated' }),
    platform: z
      .object({ url: z.url().nullable().default(null) })
      .strict()
      .default({ url: null }),
    technician: TechnicianConfigSchema,
    service: ServiceConfigSchema,
    setup: SetupConfigSchema,
    printing: PrintingConfigSchema,
    catalogue: CatalogueConfigSchema,
    speech: SpeechConfigSchema,
    idcard: IdcardConfigSchema,
    scanner: ScannerConfigSchema,
    sync: SyncConfigSchema,
    camera: CameraConfigSchema,
  })
  .strict();

export type KioskConfig = z.output<typeof ConfigSchema> & { demo: boolean; configFile: string | null };

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  return (
    env.KIOSK_DATA_DIR ??
    path.join(env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'banshi-kiosk')
  );
}

function intEnv(env: NodeJS.ProcessEnv, key: string): number | undefined {
  const raw = env[key];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`配置错误：环境变量 ${key} 应为整数 (got "${raw}")`);
  return Number(raw);
}

/** Reads, merges and validates configuration. Throws ConfigError with a message a technician can act on. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Record<string, unknown> = {},
): KioskConfig {
  const dataDir = defaultDataDir(env);
  const configFile = env.KIOSK_CONFIG ?? path.join(dataDir, 'config.json');
  let fromFile: Record<string, unknown> = {};
  let found = false;
  if (fs.existsSync(configFile)) {
    found = true;
    try {
      fromFile = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(`配置文件无法读取 ${configFile}: ${(e as Error).message}`);
    }
    if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
      throw new ConfigError(`配置文件 ${configFile} 应为 JSON 对象`);
    }
  } else if (env.KIOSK_CONFIG) {
    throw new ConfigError(`找不到配置文件 KIOSK_CONFIG=${configFile}`);
  }

  const merged: Record<string, unknown> = { ...fromFile, dataDir: (fromFile.dataDir as string) ?? dataDir };
  const ui = { ...((fromFile.ui as object) ?? {}) } as Record<string, unknown>;
  const idle = intEnv(env, 'KIOSK_IDLE_SECONDS');
  const countdown = intEnv(env, 'KIOSK_COUNTDOWN_SECONDS');
  if (idle !== undefined) ui.idleSeconds = idle;
  if (countdown !== undefined) ui.countdownSeconds = countdown;
  merged.ui = ui;
  const web = { ...((fromFile.web as object) ?? {}) } as Record<string, unknown>;
  const port = intEnv(env, 'KIOSK_WEB_PORT');
  if (port !== undefined) web.port = port;
  merged.web = web;
  if (env.KIOSK_LOG_LEVEL) merged.log = { ...((fromFile.log as object) ?? {}), level: env.KIOSK_LOG_LEVEL };
  if (env.KIOSK_ID) merged.kioskId = env.KIOSK_ID;
  if (env.KIOSK_PLATFORM_URL) merged.platform = { url: env.KIOSK_PLATFORM_URL };
  merged.camera = cameraEnvOverrides(merged.camera, env);
  Object.assign(merged, overrides);

  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(
      `配置无效 (invalid configuration${found ? ` in ${configFile}` : ''}):\n${lines.join('\n')}`,
    );
  }
  return { ...parsed.data, demo: !found, configFile: found ? configFile : null };
}
