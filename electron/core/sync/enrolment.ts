import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { createProfile, type CryptoProfile, type KeyPair, type ProfileName } from './crypto-adapter.ts';
import { PlatformClient } from './platform-client.ts';
import {
  fileModeSealer,
  openSealedKey,
  SEALER_KINDS,
  SIGN_KEY,
  writeFileDurable,
  type KeySealer,
  type OnRewrap,
} from '../secure/key-sealer.ts';

/**
 * Enrolment: the kiosk makes its signing key pair (never leaves the kiosk), presents a one-time
 * code from the platform operator, and the platform records the public key against the kiosk id.
 * The private key is sealed like the data key, in <dataDir>/keys/sign-key.<sealer>.
 */
export interface KioskIdentity {
  kioskId: string;
  platformUrl: string;
  profile: CryptoProfile;
  keys: KeyPair;
  ca: Buffer | undefined;
}

export class EnrolmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnrolmentError';
  }
}

const keysDir = (dataDir: string): string => path.join(dataDir, 'keys');
const keyFile = (dataDir: string, kind: string): string =>
  path.join(keysDir(dataDir), `${SIGN_KEY.name}.${kind}`);

export async function enrol(opts: {
  db: Database.Database;
  dataDir: string;
  platformUrl: string;
  code: string;
  kioskId: string;
  profile?: ProfileName;
  caFile?: string | null;
  sealer?: KeySealer;
  now?: () => number;
}): Promise<KioskIdentity> {
  const sealer = opts.sealer ?? fileModeSealer;
  const profileName = opts.profile ?? 'gm';
  const profile = createProfile(profileName);
  const keys = profile.generateKeyPair();
  const ca = opts.caFile ? fs.readFileSync(opts.caFile) : undefined;
  const client = new PlatformClient({
    baseUrl: opts.platformUrl,
    kioskId: opts.kioskId,
    profile,
    keys,
    ...(ca ? { ca } : {}),
    now: opts.now ?? Date.now,
    sessions: false,
  });
  try {
    const r = await client.json<{ kioskId?: string }>({
      method: 'POST',
      path: '/v1/enrolments',
      body: Buffer.from(
        JSON.stringify({
          code: opts.code,
          kioskId: opts.kioskId,
          profile: profileName,
          publicKey: keys.publicKey,
        }),
      ),
    });
    if (r.status !== 201) {
      throw new EnrolmentError(
        r.status === 403
          ? '登记码无效、已过期或已被其他终端使用 (enrolment code refused)'
          : `平台拒绝登记 (platform answered ${r.status})`,
      );
    }
  } finally {
    client.close();
  }
  // The old key is void once the platform took the new one. A copy under another sealer (kioskctl
  // enrolled on a keyring kiosk, or the other way round) would later read as a conflicting second key.
  for (const kind of SEALER_KINDS)
    if (kind !== sealer.kind) fs.rmSync(keyFile(opts.dataDir, kind), { force: true });
  writeFileDurable(
    keyFile(opts.dataDir, sealer.kind),
    sealer.seal(Buffer.from(JSON.stringify({ profile: profileName, ...keys }))),
  );
  opts.db
    .prepare(
      `INSERT OR REPLACE INTO sync_enrolment (id, platform_url, kiosk_id, profile, public_key, ca_file, enrolled_at)
       VALUES (1, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      opts.platformUrl,
      opts.kioskId,
      profileName,
      keys.publicKey,
      opts.caFile ?? null,
      (opts.now ?? Date.now)(),
    );
  return { kioskId: opts.kioskId, platformUrl: opts.platformUrl, profile, keys, ca };
}

/**
 * The enrolled identity, or null if never enrolled. A signing key still in the plain file is moved
 * under `sealer` (see openSealedKey); one only the keyring can open, with no keyring, is a
 * KeyFileError.
 */
export function loadIdentity(
  db: Database.Database,
  dataDir: string,
  sealer: KeySealer = fileModeSealer,
  onRewrap?: OnRewrap,
): KioskIdentity | null {
  const row = db.prepare('SELECT * FROM sync_enrolment WHERE id = 1').get() as
    | {
        platform_url: string;
        kiosk_id: string;
        profile: ProfileName;
        public_key: string;
        ca_file: string | null;
      }
    | undefined;
  if (!row) return null;
  const sealed = openSealedKey(keysDir(dataDir), SIGN_KEY, sealer, onRewrap);
  if (!sealed)
    throw new EnrolmentError(
      `签名私钥丢失，请重新登记 (signing key ${keyFile(dataDir, sealer.kind)} missing: enrol again)`,
    );
  const k = JSON.parse(sealed.toString('utf8')) as KeyPair & { profile: ProfileName };
  if (k.publicKey !== row.public_key)
    throw new EnrolmentError('签名密钥与登记记录不符，请重新登记 (key does not match enrolment)');
  return {
    kioskId: row.kiosk_id,
    platformUrl: row.platform_url,
    profile: createProfile(row.profile),
    keys: { publicKey: k.publicKey, privateKey: k.privateKey },
    ca: row.ca_file ? fs.readFileSync(row.ca_file) : undefined,
  };
}
