import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Profile, SigningKey, TrustedKey } from './package-crypto.ts';

/**
 * Where the demo catalogue source and the DEMO-ONLY development platform keys live. Source tree:
 * electron/core/catalogue → ../../../resources/catalogue; a bundle may set KIOSK_CATALOGUE_SOURCE.
 */
export function demoSourceDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    env.KIOSK_CATALOGUE_SOURCE,
    path.join(here, '../../../resources/catalogue'),
    path.join(here, '../../resources/catalogue'),
    path.join(here, '../resources/catalogue'),
  ].filter((p): p is string => Boolean(p));
  return candidates.find((p) => fs.existsSync(path.join(p, 'catalogue.json'))) ?? null;
}

/** File name of the prebuilt, signed demo package next to the source (kept in step by a unit test). */
export const PREBUILT_DEMO_PACKAGE = 'demo-catalogue.pkg';

export function prebuiltDemoPackage(sourceDir = demoSourceDir()): string | null {
  if (!sourceDir) return null;
  const file = path.join(sourceDir, PREBUILT_DEMO_PACKAGE);
  return fs.existsSync(file) ? file : null;
}

/** The development platform's key pair. Public in the repository: demo mode only, never production. */
export function loadDevSigningKey(profile: Profile = 'sm2', sourceDir = demoSourceDir()): SigningKey {
  if (!sourceDir) throw new Error('demo catalogue source not found (set KIOSK_CATALOGUE_SOURCE)');
  const raw = JSON.parse(
    fs.readFileSync(path.join(sourceDir, 'dev-keys', `platform-${profile}.json`), 'utf8'),
  ) as SigningKey;
  return { profile: raw.profile, keyId: raw.keyId, privateKey: raw.privateKey, publicKey: raw.publicKey };
}

export function devTrustedKeys(sourceDir = demoSourceDir()): TrustedKey[] {
  if (!sourceDir) return [];
  return (['sm2', 'ed25519'] as const).map((p) => {
    const k = loadDevSigningKey(p, sourceDir);
    return { profile: k.profile, keyId: k.keyId, publicKey: k.publicKey };
  });
}
