import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sm3HexPure, nativeSm3Available } from '../audit/sm3.ts';
import {
  compareVersions,
  UpdateManifestSchema,
  verifyManifest,
  type UpdateManifest,
} from './update-manifest.ts';

/**
 * The root-owned update agent for deb installs (spec §4.7, pain point 8): the kiosk session never
 * installs anything and never prompts. The agent verifies our SM2 signature, installs with dpkg,
 * checks that the new version actually started and is healthy, and reinstalls the previous
 * package when it is not. Every command and check is injected, so the whole ladder is unit-tested.
 */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}
export type RunCommand = (cmd: string, args: string[]) => Promise<CommandResult>;

export interface UpdateAgentDeps {
  run: RunCommand;
  /** Pinned SM2 public key of the province's release signer (04‖x‖y hex). */
  publicKey: string;
  /** Where the agent keeps the installed package (for rollback) and versions that failed. */
  stateDir: string;
  installedVersion: () => Promise<string | null>;
  /** True when `version` is running and healthy; the default asks kioskctl as the kiosk user. */
  healthCheck: (version: string) => Promise<boolean>;
  log: (event: string, details: Record<string, string | number | boolean | null>) => void;
  service?: string;
  allowDowngrade?: boolean;
}

export type UpdateOutcome =
  | { result: 'installed'; version: string }
  | { result: 'rolled-back'; version: string; to: string | null; reason: string }
  | {
      result: 'refused';
      reason: 'bad-manifest' | 'bad-signature' | 'bad-digest' | 'not-newer' | 'known-bad' | 'arch';
    }
  | { result: 'failed'; reason: string };

export interface UpdateCandidate {
  debFile: string;
  manifestJson: string;
  signature: string;
  /** dpkg's name for this machine's architecture. */
  arch: string;
}

const CURRENT = 'current.deb';
const FAILED = 'failed-versions.json';

export async function fileSm3(file: string): Promise<string> {
  if (nativeSm3Available) {
    const h = crypto.createHash('sm3');
    for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
    return h.digest('hex');
  }
  return sm3HexPure(fs.readFileSync(file));
}

function readFailed(stateDir: string): string[] {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(stateDir, FAILED), 'utf8')) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function markFailed(stateDir: string, version: string): void {
  const list = [...new Set([...readFailed(stateDir), version])].slice(-20);
  fs.writeFileSync(path.join(stateDir, FAILED), JSON.stringify(list));
}

/** Checks a candidate without touching the system: manifest, signature, arch, version, digest. */
export async function checkCandidate(
  c: UpdateCandidate,
  deps: Pick<UpdateAgentDeps, 'publicKey' | 'stateDir' | 'installedVersion' | 'allowDowngrade'>,
): Promise<{ ok: true; manifest: UpdateManifest } | Extract<UpdateOutcome, { result: 'refused' }>> {
  let manifest: UpdateManifest;
  try {
    manifest = UpdateManifestSchema.parse(JSON.parse(c.manifestJson));
  } catch {
    return { result: 'refused', reason: 'bad-manifest' };
  }
  if (!verifyManifest(manifest, c.signature.trim(), deps.publicKey))
    return { result: 'refused', reason: 'bad-signature' };
  if (manifest.arch !== c.arch) return { result: 'refused', reason: 'arch' };
  if (readFailed(deps.stateDir).includes(manifest.version)) return { result: 'refused', reason: 'known-bad' };
  const installed = await deps.installedVersion();
  if (installed && !deps.allowDowngrade && compareVersions(manifest.version, installed) <= 0) {
    return { result: 'refused', reason: 'not-newer' };
  }
  let size: number;
  try {
    size = fs.statSync(c.debFile).size;
  } catch {
    return { result: 'refused', reason: 'bad-digest' };
  }
  if (size !== manifest.size || (await fileSm3(c.debFile)) !== manifest.sm3) {
    return { result: 'refused', reason: 'bad-digest' };
  }
  return { ok: true, manifest };
}

export async function applyUpdate(c: UpdateCandidate, deps: UpdateAgentDeps): Promise<UpdateOutcome> {
  const service = deps.service ?? 'banshi-kiosk.service';
  fs.mkdirSync(deps.stateDir, { recursive: true, mode: 0o700 });
  const checked = await checkCandidate(c, deps);
  if (!('ok' in checked)) {
    deps.log('update.refused', { reason: checked.reason });
    return checked;
  }
  const { manifest } = checked;
  const previous = await deps.installedVersion();
  const previousDeb = path.join(deps.stateDir, CURRENT);
  const canRollBack = fs.existsSync(previousDeb);
  // Copy before installing: the file we verified is the file dpkg gets, even if the download dir changes.
  const staged = path.join(deps.stateDir, `staged-${manifest.version}.deb`);
  fs.copyFileSync(c.debFile, staged);
  if ((await fileSm3(staged)) !== manifest.sm3) {
    fs.rmSync(staged, { force: true });
    return { result: 'refused', reason: 'bad-digest' };
  }

  deps.log('update.install', { version: manifest.version, from: previous, canRollBack });
  await deps.run('systemctl', ['stop', service]);
  const install = await deps.run('dpkg', ['-i', staged]);
  let reason: string | null = install.code === 0 ? null : `dpkg exit ${install.code}`;
  if (!reason) {
    await deps.run('systemctl', ['start', service]);
    if (!(await deps.healthCheck(manifest.version))) reason = 'health-check';
  }
  if (!reason) {
    fs.renameSync(staged, previousDeb);
    deps.log('update.installed', { version: manifest.version });
    return { result: 'installed', version: manifest.version };
  }

  markFailed(deps.stateDir, manifest.version);
  fs.rmSync(staged, { force: true });
  if (!canRollBack) {
    deps.log('update.failed', { version: manifest.version, reason, rollback: 'unavailable' });
    await deps.run('systemctl', ['restart', service]);
    return { result: 'failed', reason: `${reason}; no previous package to roll back to` };
  }
  await deps.run('systemctl', ['stop', service]);
  const back = await deps.run('dpkg', ['-i', '--force-downgrade', previousDeb]);
  await deps.run('systemctl', ['start', service]);
  const healthyAgain = back.code === 0 && (previous ? await deps.healthCheck(previous) : true);
  deps.log('update.rollback', { version: manifest.version, to: previous, reason, healthy: healthyAgain });
  if (!healthyAgain)
    return { result: 'failed', reason: `${reason}; rollback to ${previous ?? '?'} also failed` };
  return { result: 'rolled-back', version: manifest.version, to: previous, reason };
}

/**
 * The default health check: the new version must write its own `app.start` audit record (so the
 * core started and migrated its database) and `kioskctl health` must not report a fault. Polled,
 * because the kiosk takes a while to start after `systemctl start`.
 */
export function kioskctlHealthCheck(opts: {
  run: RunCommand;
  kioskctl: string[];
  sleep: (ms: number) => Promise<void>;
  attempts?: number;
  intervalMs?: number;
}): (version: string) => Promise<boolean> {
  return async (version) => {
    for (let i = 0; i < (opts.attempts ?? 30); i++) {
      const list = await opts.run(opts.kioskctl[0]!, [
        ...opts.kioskctl.slice(1),
        'audit',
        'list',
        '--kind',
        'app.start',
        '--limit',
        '1',
        '--json',
      ]);
      let started: boolean;
      try {
        const recs = JSON.parse(list.stdout) as { details: { version?: string } }[];
        started = recs[0]?.details.version === version;
      } catch {
        started = false;
      }
      if (started) {
        const health = await opts.run(opts.kioskctl[0]!, [...opts.kioskctl.slice(1), 'health', '--json']);
        return health.code === 0;
      }
      await opts.sleep(opts.intervalMs ?? 3000);
    }
    return false;
  };
}
