import type { Feature, CoreDeps } from '../features/feature.ts';
import { AUDIT_KINDS } from '../audit/audit-kinds.ts';
import type { PlatformClient } from '../sync/platform-client.ts';
import type { CryptoProfile } from '../sync/crypto-adapter.ts';
import type { IdCardData } from '../../contract/idcard.ts';
import { createLookupClient, type LookupClient } from './lookups-client.ts';

/**
 * Contract calls `lookups.policies` and `lookups.licences`. The licence holder is whoever's ID card
 * was read in this session: the renderer never hands the core an ID number to look up, so a screen
 * cannot ask about someone who is not standing at the kiosk. Each licence lookup is preceded by the
 * resident's consent, recorded in the kiosk's audit log under a receipt the platform logs too (type
 * and count only, nothing personal).
 */
export function createLookupsFeature(
  deps: CoreDeps,
  o: {
    client: () => PlatformClient | null;
    profile: () => CryptoProfile | null;
    currentCard: () => Promise<IdCardData | null>;
    timeoutMs?: number;
  },
): Feature<'lookups.policies' | 'lookups.licences'> & { client: LookupClient } {
  const client = createLookupClient(o);
  return {
    client,
    handlers: {
      async 'lookups.policies'(req) {
        const r = await client.policies({
          areaCode: req.areaCode,
          tags: req.tags,
          ...(req.age !== undefined ? { age: req.age } : {}),
          ...(req.categories !== undefined ? { categories: req.categories } : {}),
        });
        return typeof r === 'string' ? { ok: false, messageKey: r } : { ok: true, policies: r };
      },
      async 'lookups.licences'(req) {
        const card = await o.currentCard();
        if (!card || card.idNumber === '') return { ok: false, messageKey: 'lookups.err.noCard' };
        // Not enrolled: nothing can be asked, so no consent is recorded for it.
        if (!o.client()) return { ok: false, messageKey: 'lookups.err.offline' };
        // The consent is on the audit chain before anything is asked; its record number is the
        // receipt the platform logs, so the two trails can be put side by side.
        const consent = deps.audit.append(
          AUDIT_KINDS.consentDecision,
          { purpose: 'e-licence-lookup', licenceType: req.licenceType, granted: true },
          { actor: 'resident' },
        );
        const consentReceipt = `consent-${consent.seq}`;
        const r = await client.licences({
          licenceType: req.licenceType,
          idNumber: card.idNumber,
          consentReceipt,
        });
        deps.audit.append(AUDIT_KINDS.licenceLookup, {
          consentReceipt,
          outcome: typeof r === 'string' ? r : 'answered',
          found: typeof r === 'string' ? 0 : r.length,
        });
        return typeof r === 'string'
          ? { ok: false, messageKey: r }
          : { ok: true, licences: r, consentReceipt };
      },
    },
  };
}
