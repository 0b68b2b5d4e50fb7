import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { meetsTarget, type Benchmark, type Figure } from './bench.ts';

/**
 * npm run bench [-- --json] [-- --only area,area]: runs every test/bench/*.bench.ts and prints each
 * figure with its target and whether it meets it. --json prints one object per line for machines.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? (args[onlyIdx + 1] ?? '').split(',').filter(Boolean) : [];
const progress = (line: string): void => void process.stderr.write(`${line}\n`);

const files = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const rows: (Figure & { pass: boolean | null })[] = [];
let failedAreas = 0;
for (const file of files) {
  const bench = (await import(pathToFileURL(path.join(here, file)).href)).default as Benchmark;
  if (only.length && !only.includes(bench.area)) continue;
  progress(`▶ ${bench.area} (${file})`);
  try {
    const figures = await bench.run((l) => progress(`  ${l}`));
    for (const f of figures) {
      const row = { ...f, pass: meetsTarget(f.value, f.target) };
      rows.push(row);
      if (json) process.stdout.write(`${JSON.stringify(row)}\n`);
    }
  } catch (e) {
    failedAreas++;
    progress(`  ✗ ${bench.area} failed: ${(e as Error).stack ?? String(e)}`);
  }
}

if (!json) {
  const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 3 : 1));
  const header = ['figure', 'value', 'unit', 'target', 'value/target', 'meets'];
  const table = rows.map((r) => {
    const t = r.target ? Number(/-?[\d.]+/.exec(r.target)?.[0]) : NaN;
    return [
      r.name,
      fmt(r.value),
      r.unit,
      r.target ?? '—',
      Number.isFinite(t) && t !== 0 ? (r.value / t).toFixed(2) : '—',
      r.pass === null ? '—' : r.pass ? 'yes' : 'NO',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  process.stdout.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of table) process.stdout.write(`${line(r)}\n`);
}
process.exitCode = failedAreas > 0 ? 1 : 0;
