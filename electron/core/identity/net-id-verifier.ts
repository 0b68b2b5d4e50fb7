import { z } from 'zod';
import type { PlatformClient } from '../sync/platform-client.ts';
import type { Identity } from '../flows/flow-types.ts';
import type { NetIdRefusal } from '../flows/flow-feature.ts';

/**
 * 网证 (the national network identity credential) at the identify step. The kiosk cannot tell a
 * genuine code from a forged one: only the issuing service can, so the code goes to our platform,
 * which asks it (the dev platform checks its own register) and answers the identity it vouches for.
 * The code itself is personal data: it is held by the scanner feature for the session only and
 * sent once, over the signed channel. Offline, the resident is told plainly and offered the card.
 */
const Answer = z.object({
  name: z.string().min(1).max(40),
  idNumber: z.string().regex(/^\d{17}[\dX]$/),
});

export function createNetIdVerifier(o: {
  client: () => PlatformClient | null;
  /** The raw code of a scan, while the session that scanned it lasts. */
  codeOf: (scanId: string) => string | null;
}): (scanId: string) => Promise<Identity | NetIdRefusal> {
  return async (scanId) => {
    const code = o.codeOf(scanId);
    // No held code: not a 网证 scan of this session (or it was scanned while offline).
    if (!code) return 'flows.err.netIdInvalid';
    const client = o.client();
    if (!client) return 'flows.err.netIdOffline';
    let r: Awaited<ReturnType<PlatformClient['json']>>;
    try {
      r = await client.json({
        method: 'POST',
        path: '/v1/identity/net-id/verify',
        body: Buffer.from(JSON.stringify({ code })),
        timeoutMs: 8000,
      });
    } catch {
      return 'flows.err.netIdOffline';
    }
    if (r.status === 404 || r.status === 410 || r.status === 422) return 'flows.err.netIdInvalid';
    if (r.status !== 200) return 'flows.err.netIdOffline';
    const a = Answer.safeParse(r.data);
    if (!a.success) return 'flows.err.netIdOffline';
    return {
      source: 'net-id',
      name: a.data.name,
      idNumber: a.data.idNumber,
      gender: null,
      birthDate: null,
      address: null,
    };
  };
}
