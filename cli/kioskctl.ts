#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError } from '../electron/core/config/config.ts';
import type { CommandSpec } from './command.ts';
import { commands } from './commands/index.ts';

/** kioskctl: the technician's command-line tool. Thin commands over drivers and core. */
function help(out: (s: string) => void): void {
  out('kioskctl — 办事自助终端 技术员工具 (technician tool)');
  out('');
  out('用法 usage: kioskctl <命令> [选项]');
  for (const c of [...commands].sort((a, b) => a.name.localeCompare(b.name))) {
    out(`  ${c.name.padEnd(22)} ${c.summary}`);
    if (c.usage) out(`  ${''.padEnd(22)} ${c.usage}`);
  }
}

function findCommand(argv: string[]): { spec: CommandSpec; rest: string[] } | null {
  let best: { spec: CommandSpec; rest: string[] } | null = null;
  for (const spec of commands) {
    const words = spec.name.split(' ');
    if (words.every((w, i) => argv[i] === w) && (!best || words.length > best.spec.name.split(' ').length)) {
      best = { spec, rest: argv.slice(words.length) };
    }
  }
  return best;
}

export async function main(argv: string[]): Promise<number> {
  const out = (s: string): void => void process.stdout.write(`${s}\n`);
  const err = (s: string): void => void process.stderr.write(`${s}\n`);
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    help(out);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    err(`未知命令 (unknown command): ${argv.join(' ')}`);
    err('运行 kioskctl help 查看全部命令');
    return 64;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: found.rest,
      options: found.spec.options ?? {},
      allowPositionals: (found.spec.positionals ?? 0) > 0,
      strict: true,
    });
  } catch (e) {
    err(`参数错误 (bad arguments): ${(e as Error).message}`);
    if (found.spec.usage) err(`用法 usage: ${found.spec.usage}`);
    return 64;
  }
  try {
    return await found.spec.run({ values: parsed.values, positionals: parsed.positionals, out, err });
  } catch (e) {
    if (e instanceof ConfigError) err(e.message);
    else err(`失败 (failed): ${(e as Error).message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
