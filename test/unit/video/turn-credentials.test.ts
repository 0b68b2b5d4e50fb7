import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iceConfig, turnCredential } from '../../../platform/video/turn-credentials.ts';

describe('TURN REST credentials (coturn use-auth-secret)', () => {
  it('username carries the expiry; password is base64 HMAC-SHA1 of it under the shared secret', () => {
    const c = turnCredential('s3cret', 'kiosk-abc', 1_800_000_000);
    expect(c.username).toBe('1800000000:kiosk-abc');
    expect(c.credential).toBe(crypto.createHmac('sha1', 's3cret').update(c.username).digest('base64'));
    expect(turnCredential('other', 'kiosk-abc', 1_800_000_000).credential).not.toBe(c.credential);
  });

  it('issues short-lived per-call servers, relay-only when asked, and host-only without TURN', () => {
    const now = 1_700_000_000_000;
    const ice = iceConfig({ urls: ['turn:127.0.0.1:3478'], secret: 's', ttlSec: 300 }, 'kiosk-1', now, true);
    expect(ice.iceTransportPolicy).toBe('relay');
    expect(ice.expiresAt).toBe(now + 300_000);
    expect(ice.iceServers[0]!.username).toBe(`${now / 1000 + 300}:kiosk-1`);
    expect(iceConfig(undefined, 'k', now, true)).toEqual({
      iceServers: [],
      iceTransportPolicy: 'all',
      expiresAt: now + 600_000,
    });
  });
});
