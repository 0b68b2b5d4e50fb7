import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
  LICENCE_NAMES,
  LicenceTypeSchema,
  MatchRequestSchema,
  LicenceRequestSchema,
  type Licence,
  type LicenceType,
  type Policy,
} from '../electron/contract/lookups.ts';
import { HttpError, sendJson } from './http-util.ts';

/**
 * The dev platform's online-only helpers (POST /v1/policies/match, POST /v1/licences/lookup): what
 * a province's adapter would answer from its policy library (政策库) and the e-licence service
 * (电子证照库). The demo data lives in resources/lookups/; the licence register is keyed by the
 * digest of the holder's ID number (the digest of the kiosk's enrolled profile: SM3 for 国密,
 * SHA-256 otherwise), so neither the register nor a request carries an ID number.
 */
const DEFAULT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'lookups');

const AreaCode = z.string().regex(/^\d{6}$/);
const SeedPolicy = z.object({
  id: z.string().min(1).max(40),
  title: z.string().min(1).max(120),
  summary: z.string().min(1).max(500),
  url: z.url(),
  areaCode: AreaCode,
  tags: z.array(z.string().min(1).max(20)).min(1).max(20),
  minAge: z.number().int().min(0).max(150).optional(),
  maxAge: z.number().int().min(0).max(150).optional(),
  /** 人员类别 (低保, 残疾人, 退役军人 …): the resident must be in one of them. */
  categories: z.array(z.string().min(1).max(20)).max(20).optional(),
});
type SeedPolicy = z.infer<typeof SeedPolicy>;
const Digest = z.string().regex(/^[0-9a-f]{64}$/);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const SeedHolder = z.object({
  idDigests: z.object({ sm3: Digest, sha256: Digest }),
  licences: z.array(
    z.object({
      type: LicenceTypeSchema,
      number: z.string().min(1).max(60),
      validUntil: Day.nullable(),
      issuer: z.string().min(1).max(80),
      issuedOn: Day,
    }),
  ),
});
type SeedLicence = z.infer<typeof SeedHolder>['licences'][number];

export interface LookupData {
  policies: SeedPolicy[];
  /** `sm3:<hex>` or `sha256:<hex>` → that holder's licences. */
  holders: Map<string, SeedLicence[]>;
}

/** Reads and checks the demo data; a broken file is a clear error, not a half-answered lookup. */
export function loadLookupData(dir: string = DEFAULT_DIR): LookupData {
  const read = (f: string): unknown => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  const policies = z.object({ policies: z.array(SeedPolicy) }).parse(read('policies.json')).policies;
  const holders = new Map<string, SeedLicence[]>();
  for (const h of z.object({ holders: z.array(SeedHolder) }).parse(read('licences.json')).holders) {
    holders.set(`sm3:${h.idDigests.sm3}`, h.licences);
    holders.set(`sha256:${h.idDigests.sha256}`, h.licences);
  }
  return { policies, holders };
}

let cached: LookupData | null = null;
function data(): LookupData {
  if (cached) return cached;
  try {
    return (cached = loadLookupData());
  } catch {
    // The kiosk shows "service unavailable, ask staff" for a 503: the data is the operator's to fix.
    throw new HttpError(503, 'policy and licence data unavailable on this platform');
  }
}

/** "110100" → "1101": a policy of a province or city covers every county under it. */
const areaPrefix = (code: string): string => code.replace(/(00)+$/, '');

export function matchPolicies(
  policies: readonly SeedPolicy[],
  q: z.infer<typeof MatchRequestSchema>,
): Policy[] {
  const wanted = new Set(q.tags);
  const scored: { p: Policy; tags: number; met: boolean; specificity: number }[] = [];
  for (const p of policies) {
    const prefix = areaPrefix(p.areaCode);
    if (!q.areaCode.startsWith(prefix)) continue;
    const matchedTags = p.tags.filter((t) => wanted.has(t));
    if (wanted.size > 0 && matchedTags.length === 0) continue;
    // A fact the kiosk gave and the policy excludes drops it; a fact not given leaves it to be
    // checked by staff ('check'), because a resident who did not say their age may still qualify.
    let met = true;
    if (p.minAge !== undefined || p.maxAge !== undefined) {
      if (q.age === undefined) met = false;
      else if (q.age < (p.minAge ?? 0) || q.age > (p.maxAge ?? 150)) continue;
    }
    if (p.categories) {
      if (q.categories === undefined) met = false;
      else if (!p.categories.some((c) => q.categories!.includes(c))) continue;
    }
    scored.push({
      p: {
        id: p.id,
        title: p.title,
        summary: p.summary,
        url: p.url,
        areaCode: p.areaCode,
        matchedTags,
        eligibility: met ? 'met' : 'check',
      },
      tags: matchedTags.length,
      met,
      specificity: prefix.length,
    });
  }
  // Deterministic: more shared tags, then known-eligible, then the more local policy, then the id.
  scored.sort(
    (a, b) =>
      b.tags - a.tags ||
      Number(b.met) - Number(a.met) ||
      b.specificity - a.specificity ||
      (a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0),
  );
  return scored.slice(0, q.limit).map((s) => s.p);
}

/** 营业执照's 统一社会信用代码 is public (公示); other numbers show only their ends. */
const PUBLIC_NUMBERS: ReadonlySet<LicenceType> = new Set(['business-licence']);
export function maskNumber(n: string): string {
  const chars = [...n];
  if (chars.length <= 6) return '*'.repeat(chars.length);
  return chars.slice(0, 2).join('') + '*'.repeat(chars.length - 6) + chars.slice(-4).join('');
}

function licenceView(l: SeedLicence, today: string): Licence {
  const masked = !PUBLIC_NUMBERS.has(l.type);
  return {
    type: l.type,
    name: LICENCE_NAMES[l.type],
    number: masked ? maskNumber(l.number) : l.number,
    numberMasked: masked,
    validUntil: l.validUntil,
    issuedOn: l.issuedOn,
    issuer: l.issuer,
    status: l.validUntil !== null && l.validUntil < today ? 'expired' : 'valid',
  };
}

function parseBody<T>(schema: z.ZodType<T>, body: Buffer, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not JSON');
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new HttpError(400, `invalid ${what}: ${i?.path.join('.') || '(body)'}: ${i?.message ?? ''}`);
  }
  return r.data;
}

/**
 * Handles /v1/policies/* and /v1/licences/* for a kiosk the caller already authenticated (the
 * signature check in dev-platform.ts runs before this).
 */
export function handleLookup(
  db: Database.Database,
  kioskId: string,
  method: string,
  p: string,
  body: Buffer,
  res: http.ServerResponse,
  now: number,
): void {
  if (p === '/v1/policies/match' && method === 'POST') {
    const q = parseBody(MatchRequestSchema, body, 'policy match request');
    return sendJson(res, 200, { policies: matchPolicies(data().policies, q) });
  }
  if (p === '/v1/licences/lookup' && method === 'POST') {
    const q = parseBody(LicenceRequestSchema, body, 'licence lookup request');
    const d = data();
    // The digest must be of the algorithm this kiosk enrolled with: an SM3 digest looked up in the
    // SHA-256 column would simply not be found, so say so instead of answering "no licences".
    const profile = (
      db.prepare('SELECT profile FROM kiosk WHERE id = ?').get(kioskId) as { profile: string } | undefined
    )?.profile;
    if (q.digestAlg !== (profile === 'gm' ? 'sm3' : 'sha256'))
      throw new HttpError(400, `invalid licence lookup request: digestAlg must match the kiosk's profile`);
    // Validity dates are Beijing dates (UTC+8, no daylight saving).
    const today = new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
    const licences = (d.holders.get(`${q.digestAlg}:${q.holderIdDigest}`) ?? [])
      .filter((l) => q.licenceType === 'all' || l.type === q.licenceType)
      .map((l) => licenceView(l, today));
    // Logged before answering: an access the kiosk saw must be in the trail, even if the log write
    // is all that survives a crash.
    db.prepare(
      'INSERT INTO licence_access (kiosk_id, at, licence_type, found, consent_receipt) VALUES (?, ?, ?, ?, ?)',
    ).run(kioskId, now, q.licenceType, licences.length, q.consentReceipt);
    return sendJson(res, 200, { licences });
  }
  throw new HttpError(404, 'no such endpoint');
}
