import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type KioskConfig } from '../../electron/core/config/config.ts';
import { openStore } from '../../electron/core/store/store.ts';
import { CatalogueService } from '../../electron/core/catalogue/catalogue-service.ts';
import { CatalogueImportError } from '../../electron/core/catalogue/catalogue-import.ts';
import { trustedKeysFor } from '../../electron/core/catalogue/catalogue-feature.ts';
import { buildCataloguePackage } from '../../electron/core/catalogue/package-build.ts';
import {
  demoSourceDir,
  loadDevSigningKey,
  prebuiltDemoPackage,
} from '../../electron/core/catalogue/demo-source.ts';
import type { CommandContext, CommandSpec } from '../command.ts';

/** Opens the kiosk's database beside a running kiosk (WAL + IMMEDIATE transactions make that safe). */
function withCatalogue<T>(fn: (svc: CatalogueService, config: KioskConfig) => T): T {
  const config = loadConfig();
  const store = openStore(path.join(config.dataDir, 'kiosk.db'));
  try {
    const trusted = trustedKeysFor({ config });
    return fn(new CatalogueService(store.db, { trusted: () => trusted, now: () => new Date() }), config);
  } finally {
    store.close();
  }
}

/** In demo mode an empty catalogue is filled the way the kiosk fills it on first start. */
function ensureDemo(svc: CatalogueService, config: KioskConfig, ctx: CommandContext): void {
  if (!config.demo || !svc.isEmpty()) return;
  const prebuilt = config.catalogue.demoPackage ?? prebuiltDemoPackage();
  const dir = demoSourceDir();
  if (!prebuilt && !dir) return;
  const r = svc.importPackage(
    prebuilt ? fs.readFileSync(prebuilt) : buildCataloguePackage(dir!, loadDevSigningKey('sm2', dir!)),
  );
  ctx.err(`（演示模式）已导入演示事项目录 版本 ${r.version}`);
}

const UNIT: Record<string, string> = { instant: '即办', workday: '个工作日', day: '天', month: '个月' };

export const catalogueCommands: CommandSpec[] = [
  {
    name: 'catalogue info',
    summary: '显示当前事项目录的版本、签名方式、条目数和最近的导入记录 (catalogue info)',
    options: { json: { type: 'boolean' } },
    async run(ctx) {
      const info = withCatalogue((svc) => svc.info());
      if (ctx.values.json) {
        ctx.out(JSON.stringify(info));
        return 0;
      }
      if (!info.state) ctx.out('事项目录为空（尚未导入任何目录包）');
      else {
        const s = info.state;
        ctx.out(`事项目录 版本 ${s.version}（${s.kind === 'full' ? '全量' : '增量'}包，${s.province}）`);
        ctx.out(`  签名: ${s.profile.toUpperCase()} 密钥 ${s.keyId}`);
        ctx.out(`  生成于 ${s.createdAt}，导入于 ${s.importedAt}`);
      }
      const c = info.counts;
      ctx.out(
        `  事项 ${c.matters} · 一件事 ${c.bundles} · 部门 ${c.departments} · 主题 ${c.themes} · 区划 ${c.regions}`,
      );
      for (const l of info.lastImports) {
        ctx.out(
          `  ${l.at} ${l.outcome === 'accepted' ? '已导入' : '已拒绝'} v${l.version ?? '—'} ${l.reason}: ${l.detail}`,
        );
      }
      return 0;
    },
  },
  {
    name: 'catalogue import',
    summary: '验证并导入签名的事项目录包；无效的包被拒绝，原目录继续使用 (import a package)',
    usage: 'kioskctl catalogue import <文件> [--json]',
    positionals: 1,
    options: { json: { type: 'boolean' } },
    async run(ctx) {
      const file = ctx.positionals[0];
      if (!file) {
        ctx.err('请指定目录包文件 (missing package file)');
        return 64;
      }
      let raw: Buffer;
      try {
        raw = fs.readFileSync(file);
      } catch (e) {
        ctx.err(`无法读取 ${file}: ${(e as Error).message}`);
        return 66;
      }
      try {
        const r = withCatalogue((svc) => svc.importPackage(raw));
        if (ctx.values.json) ctx.out(JSON.stringify({ ok: true, ...r }));
        else
          ctx.out(
            `已导入事项目录 版本 ${r.version}：事项 ${r.matters}，一件事 ${r.bundles}（${Math.round(r.ms)} ms）`,
          );
        return 0;
      } catch (e) {
        if (!(e instanceof CatalogueImportError)) throw e;
        if (ctx.values.json) ctx.out(JSON.stringify({ ok: false, reason: e.reason, detail: e.detail }));
        ctx.err(e.message);
        ctx.err('原事项目录未改变，继续使用 (the previous catalogue is still in use)');
        return 2;
      }
    },
  },
  {
    name: 'catalogue search',
    summary: '按中文、拼音、首字母或俗称搜索事项 (search matters)',
    usage: 'kioskctl catalogue search <关键词> [--json] [--audience personal|legal]',
    positionals: 1,
    options: { json: { type: 'boolean' }, audience: { type: 'string' }, limit: { type: 'string' } },
    async run(ctx) {
      const query = ctx.positionals[0] ?? '';
      const audience = ctx.values.audience as string | undefined;
      if (audience !== undefined && audience !== 'personal' && audience !== 'legal') {
        ctx.err('--audience 只能是 personal 或 legal');
        return 64;
      }
      const limit = Math.min(50, Math.max(1, Number(ctx.values.limit ?? 20) || 20));
      const r = withCatalogue((svc, config) => {
        ensureDemo(svc, config, ctx);
        return svc.search(query, audience, limit);
      });
      if (ctx.values.json) {
        ctx.out(JSON.stringify(r));
        return 0;
      }
      if (r.expanded.length) ctx.out(`同时搜索: ${r.expanded.join('、')}`);
      if (r.hits.length === 0) ctx.out(`未找到与“${query}”相关的事项`);
      for (const h of r.hits) {
        const tag = h.kind === 'bundle' ? `[一件事·${h.memberCount}项]` : `[${h.department}]`;
        const limitText = h.promisedLimit
          ? h.promisedLimit.unit === 'instant'
            ? '即办'
            : `${h.promisedLimit.value}${UNIT[h.promisedLimit.unit]}`
          : '';
        ctx.out(`${tag} ${h.name}  ${limitText}  (${h.matchedBy} ${h.score}) ${h.id}`);
      }
      return 0;
    },
  },
  {
    name: 'catalogue build',
    summary: '用开发平台密钥把 resources/catalogue 打包签名（仅限演示）(build the demo package)',
    usage: 'kioskctl catalogue build --out <文件> [--profile sm2|ed25519] [--version N] [--source 目录]',
    options: {
      out: { type: 'string' },
      profile: { type: 'string' },
      version: { type: 'string' },
      source: { type: 'string' },
    },
    async run(ctx) {
      const out = ctx.values.out as string | undefined;
      const profile = (ctx.values.profile as string | undefined) ?? 'sm2';
      const source = (ctx.values.source as string | undefined) ?? demoSourceDir();
      if (!out || (profile !== 'sm2' && profile !== 'ed25519') || !source) {
        ctx.err('用法: kioskctl catalogue build --out <文件> [--profile sm2|ed25519] [--version N]');
        return 64;
      }
      const version = ctx.values.version ? Number(ctx.values.version) : undefined;
      const text = buildCataloguePackage(
        source,
        loadDevSigningKey(profile, demoSourceDir() ?? source),
        version ? { version } : {},
      );
      fs.writeFileSync(out, text);
      ctx.out(
        `已生成演示目录包 ${out}（${(text.length / 1024).toFixed(0)} KB，${profile.toUpperCase()} 开发密钥签名，仅限演示）`,
      );
      return 0;
    },
  },
];
