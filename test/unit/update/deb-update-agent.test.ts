import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyUpdate,
  fileSm3,
  kioskctlHealthCheck,
  type CommandResult,
  type UpdateAgentDeps,
} from '../../../electron/core/update/deb-update-agent.ts';
import {
  compareVersions,
  signManifest,
  type UpdateManifest,
} from '../../../electron/core/update/update-manifest.ts';

const sm2 = (
  createRequire(import.meta.url)('sm-crypto') as {
    sm2: { generateKeyPairHex(): { publicKey: string; privateKey: string } };
  }
).sm2;
const signer = sm2.generateKeyPairHex();
const stranger = sm2.generateKeyPairHex();

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/**
 * A machine with dpkg and systemd played by a command runner: it records every command, keeps the
 * installed version, and lets a test decide whether dpkg fails and whether the new version comes up.
 */
function machine(opts: { installed: string | null; dpkgFails?: string[]; unhealthy?: string[] }) {
  const commands: string[] = [];
  let installed = opts.installed;
  const versionsByFile = new Map<string, string>();
  const run = async (cmd: string, args: string[]): Promise<CommandResult> => {
    commands.push([cmd, ...args.map((a) => path.basename(a))].join(' '));
    if (cmd === 'dpkg') {
      const file = args.at(-1)!;
      const v = versionsByFile.get(fs.readFileSync(file, 'utf8')) ?? 'unknown';
      if (opts.dpkgFails?.includes(v)) return { code: 1, stdout: '', stderr: 'dpkg: error processing' };
      installed = v;
    }
    return { code: 0, stdout: '', stderr: '' };
  };
  const deps = (stateDir: string, logs: string[]): UpdateAgentDeps => ({
    run,
    publicKey: signer.publicKey,
    stateDir,
    installedVersion: async () => installed,
    healthCheck: async (v) => installed === v && !opts.unhealthy?.includes(v),
    log: (event, d) => logs.push(`${event} ${JSON.stringify(d)}`),
  });
  return { commands, deps, versionsByFile, installed: () => installed };
}

async function release(dir: string, version: string, m: ReturnType<typeof machine>, key = signer) {
  const deb = path.join(dir, `banshi-kiosk_${version}_amd64.deb`);
  const body = `!<arch> fake deb ${version} ${'x'.repeat(100)}`;
  fs.writeFileSync(deb, body);
  m.versionsByFile.set(body, version);
  const manifest: UpdateManifest = {
    format: 'banshi-kiosk-deb/1',
    version,
    arch: 'amd64',
    size: fs.statSync(deb).size,
    sm3: await fileSm3(deb),
  };
  return {
    debFile: deb,
    manifestJson: JSON.stringify(manifest),
    signature: signManifest(manifest, key.privateKey, key.publicKey),
    arch: 'amd64',
  };
}

function tmp(): { dl: string; state: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-update-'));
  dirs.push(root);
  fs.mkdirSync(path.join(root, 'dl'));
  return { dl: path.join(root, 'dl'), state: path.join(root, 'state') };
}

describe('deb update agent', () => {
  it('installs a correctly signed newer package, health-checks it, and keeps it for the next rollback', async () => {
    const { dl, state } = tmp();
    const m = machine({ installed: '1.0.0' });
    const logs: string[] = [];
    const out = await applyUpdate(await release(dl, '1.1.0', m), m.deps(state, logs));
    expect(out).toEqual({ result: 'installed', version: '1.1.0' });
    expect(m.commands).toEqual([
      'systemctl stop banshi-kiosk.service',
      'dpkg -i staged-1.1.0.deb',
      'systemctl start banshi-kiosk.service',
    ]);
    expect(fs.existsSync(path.join(state, 'current.deb'))).toBe(true);
  });

  it('refuses a package signed by anyone else, a tampered package, a downgrade, or another arch, without running a command', async () => {
    const { dl, state } = tmp();
    const m = machine({ installed: '1.0.0' });
    const deps = m.deps(state, []);
    expect(await applyUpdate(await release(dl, '1.1.0', m, stranger), deps)).toEqual({
      result: 'refused',
      reason: 'bad-signature',
    });
    const good = await release(dl, '1.2.0', m);
    const bytes = fs.readFileSync(good.debFile);
    bytes[10] = bytes[10]! ^ 1;
    fs.writeFileSync(good.debFile, bytes);
    expect(await applyUpdate(good, deps)).toEqual({ result: 'refused', reason: 'bad-digest' });
    expect(await applyUpdate(await release(dl, '0.9.0', m), deps)).toEqual({
      result: 'refused',
      reason: 'not-newer',
    });
    expect(await applyUpdate({ ...(await release(dl, '1.3.0', m)), arch: 'arm64' }, deps)).toEqual({
      result: 'refused',
      reason: 'arch',
    });
    const edited = await release(dl, '1.4.0', m);
    const mf = JSON.parse(edited.manifestJson) as UpdateManifest;
    expect(
      await applyUpdate({ ...edited, manifestJson: JSON.stringify({ ...mf, version: '9.9.9' }) }, deps),
    ).toEqual({
      result: 'refused',
      reason: 'bad-signature',
    });
    expect(await applyUpdate({ ...edited, manifestJson: '{"format":' }, deps)).toEqual({
      result: 'refused',
      reason: 'bad-manifest',
    });
    expect(m.commands).toEqual([]);
  });

  it('rolls back to the previous package when the new version fails its health check, and never retries it', async () => {
    const { dl, state } = tmp();
    const m = machine({ installed: '1.0.0', unhealthy: ['1.2.0'] });
    const logs: string[] = [];
    expect(await applyUpdate(await release(dl, '1.1.0', m), m.deps(state, logs))).toMatchObject({
      result: 'installed',
    });
    m.commands.length = 0;
    const bad = await release(dl, '1.2.0', m);
    expect(await applyUpdate(bad, m.deps(state, logs))).toEqual({
      result: 'rolled-back',
      version: '1.2.0',
      to: '1.1.0',
      reason: 'health-check',
    });
    expect(m.installed()).toBe('1.1.0');
    expect(m.commands).toEqual([
      'systemctl stop banshi-kiosk.service',
      'dpkg -i staged-1.2.0.deb',
      'systemctl start banshi-kiosk.service',
      'systemctl stop banshi-kiosk.service',
      'dpkg -i --force-downgrade current.deb',
      'systemctl start banshi-kiosk.service',
    ]);
    expect(logs.at(-1)).toContain('update.rollback');
    expect(await applyUpdate(bad, m.deps(state, logs))).toEqual({ result: 'refused', reason: 'known-bad' });
  });

  it('rolls back when dpkg itself fails, and says so plainly when there is nothing to roll back to', async () => {
    const { dl, state } = tmp();
    const m = machine({ installed: '1.0.0', dpkgFails: ['1.1.0'] });
    expect(await applyUpdate(await release(dl, '1.1.0', m), m.deps(state, []))).toEqual({
      result: 'failed',
      reason: 'dpkg exit 1; no previous package to roll back to',
    });
    expect(m.commands.at(-1)).toBe('systemctl restart banshi-kiosk.service');
  });
});

describe('default health check', () => {
  it('waits for the new version to record its start, then requires kioskctl health not to report a fault', async () => {
    let polls = 0;
    const check = kioskctlHealthCheck({
      kioskctl: ['runuser', '-u', 'kiosk', '--', 'kioskctl'],
      sleep: async () => undefined,
      attempts: 5,
      run: async (_cmd, args) => {
        if (args.includes('audit')) {
          polls++;
          const version = polls < 3 ? '1.0.0' : '1.1.0';
          return { code: 0, stdout: JSON.stringify([{ details: { version } }]), stderr: '' };
        }
        return { code: 2, stdout: '{}', stderr: '' };
      },
    });
    expect(await check('1.1.0')).toBe(false);
    expect(polls).toBe(3);
  });

  it('compares versions numerically', () => {
    expect(compareVersions('1.10.0', '1.9.9')).toBe(1);
    expect(compareVersions('2.0.0-rc.1', '2.0.0')).toBe(-1);
    expect(compareVersions('2.0.0', '2.0.0')).toBe(0);
  });
});
