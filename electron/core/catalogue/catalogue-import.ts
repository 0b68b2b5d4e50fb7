import type Database from 'better-sqlite3';
import type { z } from 'zod';
import {
  CatalogueDataSchema,
  CatalogueDeltaSchema,
  ManifestSchema,
  type CatalogueData,
  type CatalogueDelta,
  type Manifest,
} from './package-schema.ts';
import { digestHex, verifyText, type TrustedKey } from './package-crypto.ts';
import { decodePackage, PACKAGE_MAGIC } from './package-format.ts';
import { rebuildSearch, writeDelta, writeFull } from './catalogue-write.ts';
import { findDanglingReferences, currentIds } from './catalogue-references.ts';

/** Why a package was refused; technicians see the reason in `kioskctl catalogue info` and the log. */
export const rejectReasons = [
  'bad-format',
  'unknown-key',
  'bad-signature',
  'digest-mismatch',
  'older-version',
  'base-mismatch',
  'schema',
  'dangling-reference',
  'write-failed',
] as const;
export type RejectReason = (typeof rejectReasons)[number];

const REASON_TEXT: Record<RejectReason, string> = {
  'bad-format': '文件不是事项目录包',
  'unknown-key': '签名密钥不受信任',
  'bad-signature': '签名验证失败',
  'digest-mismatch': '内容摘要与签名清单不符（包被改动或不完整）',
  'older-version': '版本不高于当前目录',
  'base-mismatch': '增量包的基础版本与当前目录不符',
  schema: '内容格式错误',
  'dangling-reference': '内容引用了不存在的条目',
  'write-failed': '写入数据库失败',
};

export class CatalogueImportError extends Error {
  readonly reason: RejectReason;
  readonly detail: string;
  constructor(reason: RejectReason, detail: string) {
    super(`目录包被拒绝：${REASON_TEXT[reason]} (${reason}): ${detail}`);
    this.name = 'CatalogueImportError';
    this.reason = reason;
    this.detail = detail;
  }
}

export interface CatalogueState {
  version: number;
  kind: 'full' | 'delta';
  province: string;
  profile: 'sm2' | 'ed25519';
  keyId: string;
  digest: string;
  createdAt: string;
  importedAt: string;
}

export function readState(db: Database.Database): CatalogueState | null {
  const row = db
    .prepare(
      `SELECT version, kind, province, profile, key_id AS keyId, digest, created_at AS createdAt,
       imported_at AS importedAt FROM cat_state WHERE id = 1`,
    )
    .get() as CatalogueState | undefined;
  return row ?? null;
}

function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 8)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

export interface VerifiedPackage {
  manifest: Manifest;
  payloadText: string;
}

/** Checks format, key, signature and digest: everything that does not need the database. */
export function verifyPackage(raw: string | Buffer, trusted: readonly TrustedKey[]): VerifiedPackage {
  const parts = decodePackage(raw);
  if (!parts) throw new CatalogueImportError('bad-format', `not a ${PACKAGE_MAGIC} package`);
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(parts.manifest);
  } catch {
    throw new CatalogueImportError('bad-format', 'manifest is not JSON');
  }
  const manifest = ManifestSchema.safeParse(manifestJson);
  if (!manifest.success)
    throw new CatalogueImportError('bad-format', `manifest: ${issuesText(manifest.error)}`);
  const m = manifest.data;
  const key = trusted.find((k) => k.keyId === m.keyId && k.profile === m.profile);
  if (!key) throw new CatalogueImportError('unknown-key', `no trusted ${m.profile} key "${m.keyId}"`);
  if (!verifyText(parts.manifest, parts.signature, key)) {
    throw new CatalogueImportError('bad-signature', `${m.profile} signature by "${m.keyId}" does not verify`);
  }
  const bytes = parts.payload;
  if (bytes.length !== m.payloadBytes || digestHex(m.digestAlg, bytes) !== m.digest) {
    throw new CatalogueImportError(
      'digest-mismatch',
      `payload ${m.digestAlg} digest differs from the manifest`,
    );
  }
  return { manifest: m, payloadText: bytes.toString('utf8') };
}

export interface ImportResult {
  version: number;
  kind: 'full' | 'delta';
  matters: number;
  bundles: number;
  ms: number;
}

export interface ImportOptions {
  trusted: readonly TrustedKey[];
  now: () => Date;
}

function logAttempt(
  db: Database.Database,
  at: string,
  version: number | null,
  outcome: 'accepted' | 'rejected',
  reason: string,
  detail: string,
): void {
  db.prepare('INSERT INTO cat_import_log (at, version, outcome, reason, detail) VALUES (?, ?, ?, ?, ?)').run(
    at,
    version,
    outcome,
    reason,
    detail.slice(0, 2000),
  );
}

/**
 * Verifies and imports a package. Everything is checked before the first write; the write itself is
 * one transaction (delete old rows, insert new, rebuild search, bump cat_state), so a failure at any
 * point leaves the previous catalogue serving, untouched.
 */
export function importPackage(
  db: Database.Database,
  raw: string | Buffer,
  opts: ImportOptions,
): ImportResult {
  const started = performance.now();
  const at = opts.now().toISOString();
  let version: number | null = null;
  try {
    const verified: { manifest: Manifest; payloadText: string | null } = verifyPackage(raw, opts.trusted);
    const { manifest } = verified;
    version = manifest.version;
    const state = readState(db);
    if (state && manifest.version <= state.version) {
      throw new CatalogueImportError(
        'older-version',
        `package version ${manifest.version} is not newer than the catalogue in use (${state.version})`,
      );
    }
    if (manifest.kind === 'delta' && (!state || manifest.baseVersion !== state.version)) {
      throw new CatalogueImportError(
        'base-mismatch',
        `delta built on ${manifest.baseVersion ?? '—'}, catalogue in use is ${state?.version ?? 'empty'}`,
      );
    }
    let payloadJson: unknown;
    try {
      payloadJson = JSON.parse(verified.payloadText!);
    } catch {
      throw new CatalogueImportError('schema', 'payload is not JSON');
    }
    // At provincial scale the text, the JSON tree and zod's validated copy are each hundreds of MB:
    // drop each as soon as the next exists, or the garbage collector dominates the import.
    verified.payloadText = null;
    let data: CatalogueData | null = null;
    let delta: CatalogueDelta | null = null;
    if (manifest.kind === 'full') {
      const p = CatalogueDataSchema.safeParse(payloadJson);
      if (!p.success) throw new CatalogueImportError('schema', issuesText(p.error));
      data = p.data;
    } else {
      const p = CatalogueDeltaSchema.safeParse(payloadJson);
      if (!p.success) throw new CatalogueImportError('schema', issuesText(p.error));
      delta = p.data;
    }
    payloadJson = undefined;
    const dangling = data
      ? findDanglingReferences(data, null)
      : findDanglingReferences(delta!.upsert, delta!, currentIds(db));
    if (dangling.length) {
      throw new CatalogueImportError('dangling-reference', dangling.slice(0, 8).join('; '));
    }

    const swap = db.transaction(() => {
      // Rows are replaced wholesale (a matter is deleted and re-inserted while bundles point at it), so
      // foreign keys are checked at commit, when the new catalogue is complete.
      db.pragma('defer_foreign_keys = ON');
      if (data) writeFull(db, data);
      else writeDelta(db, delta!);
      // Belt and braces: the JS check above explains the problem; this proves the rows agree.
      const fk = db.pragma('foreign_key_check') as unknown[];
      if (fk.length)
        throw new CatalogueImportError('dangling-reference', `${fk.length} foreign-key violations`);
      rebuildSearch(db);
      db.prepare(
        `INSERT OR REPLACE INTO cat_state (id, version, kind, province, profile, key_id, digest, created_at,
         imported_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        manifest.version,
        manifest.kind,
        manifest.province,
        manifest.profile,
        manifest.keyId,
        manifest.digest,
        manifest.createdAt,
        at,
      );
      logAttempt(db, at, manifest.version, 'accepted', 'ok', `${manifest.kind} package`);
    });
    try {
      swap.immediate();
    } catch (e) {
      if (e instanceof CatalogueImportError) throw e;
      throw new CatalogueImportError('write-failed', (e as Error).message);
    }
    const counts = db
      .prepare(
        'SELECT (SELECT count(*) FROM cat_matter) AS matters, (SELECT count(*) FROM cat_bundle) AS bundles',
      )
      .get() as { matters: number; bundles: number };
    return { version: manifest.version, kind: manifest.kind, ...counts, ms: performance.now() - started };
  } catch (e) {
    const err =
      e instanceof CatalogueImportError ? e : new CatalogueImportError('write-failed', (e as Error).message);
    try {
      logAttempt(db, at, version, 'rejected', err.reason, err.detail);
    } catch {
      // A read-only or broken database must not hide the real reason from the caller.
    }
    throw err;
  }
}
