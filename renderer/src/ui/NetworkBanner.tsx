import { useEffect, useState } from 'react';
import type { KioskClient, SyncStatus } from '../../../electron/contract/index.ts';
import { useT } from '../i18n/i18n.tsx';

/**
 * The kiosk never shows a dead "no network" page: every matter works offline. When the platform is
 * unreachable a resident is told plainly, in the flow of the page, that what they fill in is kept
 * here and sent by itself later; the strip goes away on its own when sync reaches the platform again.
 */
export function NetworkBanner({ client }: { client: KioskClient }) {
  const t = useT();
  const [state, setState] = useState<SyncStatus['state'] | null>(null);
  useEffect(() => {
    let live = true;
    client
      .call('sync.status', {})
      .then((s) => live && setState(s.state))
      .catch(() => undefined);
    const off = client.on('sync.status', (s) => setState(s.state));
    return () => {
      live = false;
      off();
    };
  }, [client]);
  // 'not-configured' is a kiosk without a platform (demo, training): nothing is lost, nothing to say.
  if (state !== 'offline') return null;
  return (
    <p className="network-banner" role="status" data-testid="network-banner">
      {t('status.offline')}
    </p>
  );
}
