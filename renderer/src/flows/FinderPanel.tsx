import { useState } from 'react';
import type { CallResponse, KioskClient } from '../../../electron/contract/index.ts';
import { useT, type MessageKey } from '../i18n/i18n.tsx';
import { messageOf } from './flow-client.ts';
import { WaitNotice } from '../ui/WaitNotice.tsx';

type Node = CallResponse<'flow.finder'>;

/**
 * 智能导办: a few plain questions lead a resident who does not know a matter's name to its guide.
 * The tree is in the core (electron/core/flows/flow-finder.ts) and only offers what the catalogue has.
 */
export function FinderPanel({
  client,
  onFound,
}: {
  client: KioskClient;
  onFound: (r: NonNullable<Node['result']>) => void;
}) {
  const t = useT();
  const [node, setNode] = useState<Node | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [asking, setAsking] = useState(false);
  const go = (id: string | null): void => {
    setAsking(true);
    void client
      .call('flow.finder', { node: id })
      .then((n) => {
        setNode(n);
        if (n.result) onFound(n.result);
      })
      .catch((e: unknown) => setError(messageOf(e)))
      .finally(() => setAsking(false));
  };

  if (!node) {
    return (
      <>
        <button
          type="button"
          className="btn finder-start"
          data-testid="finder-start"
          onClick={() => go(null)}
        >
          {t('flows.finder.start')}
        </button>
        <WaitNotice waiting={asking} />
      </>
    );
  }
  return (
    <section className="finder" data-testid="finder" aria-label={t('flows.finder.title')}>
      {node.question ? <h2>{node.question}</h2> : null}
      {node.result ? <p className="lead">{t('flows.finder.result', { name: node.result.name })}</p> : null}
      <div className="flow-choices">
        {node.options.map((o) => (
          <button key={o.next} type="button" className="btn" onClick={() => go(o.next)}>
            {o.label}
          </button>
        ))}
      </div>
      {error ? <p role="alert">{t(error)}</p> : null}
      <WaitNotice waiting={asking} />
    </section>
  );
}
