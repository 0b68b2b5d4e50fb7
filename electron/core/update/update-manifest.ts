import { createRequire } from 'node:module';
import { z } from 'zod';

/**
 * What we sign for a deb release. dpkg verifies no signatures (electron-builder's deb updater trusts
 * any package), so the agent checks ours: an SM2 signature (GM/T 0003, SM3 with the Z value) over
 * this manifest's canonical text, which pins the package's SM3 digest, size, version and arch.
 */
export const UpdateManifestSchema = z
  .object({
    format: z.literal('banshi-kiosk-deb/1'),
    version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/),
    arch: z.enum(['amd64', 'arm64', 'loong64', 'loongarch64']),
    size: z.number().int().positive(),
    sm3: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type UpdateManifest = z.infer<typeof UpdateManifestSchema>;

const SM2_USER_ID = '1234567812345678';
const require = createRequire(import.meta.url);
const sm2 = (
  require('sm-crypto') as {
    sm2: {
      doSignature(m: string, priv: string, o: { hash: boolean; userId: string; publicKey?: string }): string;
      doVerifySignature(m: string, sig: string, pub: string, o: { hash: boolean; userId: string }): boolean;
    };
  }
).sm2;

/** The exact text that is signed: fixed key order, one field per line, so JSON whitespace cannot matter. */
export function manifestText(m: UpdateManifest): string {
  return [m.format, m.version, m.arch, String(m.size), m.sm3].join('\n');
}

export function signManifest(m: UpdateManifest, privateKey: string, publicKey: string): string {
  return sm2.doSignature(manifestText(m), privateKey, { hash: true, userId: SM2_USER_ID, publicKey });
}

export function verifyManifest(m: UpdateManifest, signature: string, publicKey: string): boolean {
  if (!/^[0-9a-f]{128}$/i.test(signature) || !/^04[0-9a-f]{128}$/i.test(publicKey)) return false;
  try {
    return sm2.doVerifySignature(manifestText(m), signature, publicKey, { hash: true, userId: SM2_USER_ID });
  } catch {
    return false;
  }
}

/** Numeric comparison of x.y.z (a pre-release sorts before its release). */
export function compareVersions(a: string, b: string): number {
  const [ma, pa] = a.split('-', 2) as [string, string | undefined];
  const [mb, pb] = b.split('-', 2) as [string, string | undefined];
  const na = ma.split('.').map(Number);
  const nb = mb.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (na[i] ?? 0) - (nb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (pa === pb) return 0;
  if (pa === undefined) return 1;
  if (pb === undefined) return -1;
  return pa < pb ? -1 : 1;
}
