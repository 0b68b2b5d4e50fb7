import { z } from 'zod';
import type { PlatformClient } from '../sync/platform-client.ts';
import type { CryptoProfile } from '../sync/crypto-adapter.ts';
import {
  LicenceSchema,
  PolicySchema,
  type Licence,
  type LicenceType,
  type Policy,
} from '../../contract/lookups.ts';

/**
 * The kiosk side of the online-only helpers: policy matching (政策匹配) and e-licence lookup (电子证照)
 * over the signed platform channel. There is no offline copy: a policy list or a licence shown
 * from a cache could be out of date, and a resident acts on what the kiosk tells them. So no
 * client (not enrolled), no answer in time, or an answer we cannot read each give a plain refusal
 * key for the screen, never a partial list.
 *
 * The ID number never leaves the kiosk: the platform is asked by its digest under the enrolled
 * crypto profile (SM3 for 国密, SHA-256 otherwise), the same digest its register is keyed by. The
 * digest is a pseudonym, not anonymity (ID numbers are few enough to enumerate), so it is handled
 * as personal data: sent only over the signed, CA-pinned channel and logged by neither side. A
 * province wanting more would key it (an HMAC under a key issued at enrolment).
 */
export type LookupRefusal =
  /** Not enrolled, no answer, a 5xx or an answer we cannot read. */
  | 'lookups.err.offline'
  /** The platform cannot answer now (503) or offers no such helper (404: a province without it). */
  | 'lookups.err.unavailable'
  /** The platform refused the question (4xx): a kiosk bug or a mismatch; staff should look. */
  | 'lookups.err.refused';

export interface PolicyQuery {
  areaCode: string;
  tags: string[];
  age?: number;
  categories?: string[];
}

export interface LookupClient {
  policies(q: PolicyQuery): Promise<Policy[] | LookupRefusal>;
  licences(q: {
    licenceType: LicenceType | 'all';
    idNumber: string;
    consentReceipt: string;
  }): Promise<Licence[] | LookupRefusal>;
}

const PoliciesAnswer = z.object({ policies: z.array(PolicySchema).max(50) });
const LicencesAnswer = z.object({ licences: z.array(LicenceSchema).max(100) });

/** Digest of an ID number as the platform's register keys it: trimmed, check letter upper-case. */
export function holderIdDigest(profile: CryptoProfile, idNumber: string): string {
  return profile.digest(idNumber.trim().toUpperCase());
}

export function createLookupClient(o: {
  client: () => PlatformClient | null;
  /** The enrolled signing profile, whose digest the platform expects. */
  profile: () => CryptoProfile | null;
  timeoutMs?: number;
}): LookupClient {
  const timeoutMs = o.timeoutMs ?? 8000;
  async function ask<T>(path: string, body: unknown, answer: z.ZodType<T>): Promise<T | LookupRefusal> {
    const client = o.client();
    if (!client) return 'lookups.err.offline';
    let r: Awaited<ReturnType<PlatformClient['json']>>;
    try {
      r = await client.json({
        method: 'POST',
        path,
        body: Buffer.from(JSON.stringify(body)),
        timeoutMs,
      });
    } catch {
      // Network, timeout, TLS pin or a 2xx that is not JSON: all mean "no usable answer".
      return 'lookups.err.offline';
    }
    if (r.status === 503 || r.status === 404) return 'lookups.err.unavailable';
    if (r.status >= 400 && r.status < 500) return 'lookups.err.refused';
    if (r.status !== 200) return 'lookups.err.offline';
    const a = answer.safeParse(r.data);
    return a.success ? a.data : 'lookups.err.offline';
  }
  return {
    async policies(q) {
      const a = await ask('/v1/policies/match', q, PoliciesAnswer);
      return typeof a === 'string' ? a : a.policies;
    },
    async licences(q) {
      const profile = o.profile();
      if (!profile || !o.client()) return 'lookups.err.offline';
      const a = await ask(
        '/v1/licences/lookup',
        {
          licenceType: q.licenceType,
          holderIdDigest: holderIdDigest(profile, q.idNumber),
          digestAlg: profile.hashName,
          consentReceipt: q.consentReceipt,
        },
        LicencesAnswer,
      );
      return typeof a === 'string' ? a : a.licences;
    },
  };
}
