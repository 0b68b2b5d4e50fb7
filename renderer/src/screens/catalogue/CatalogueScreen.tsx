import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CallResponse, KioskClient } from '../../../../electron/contract/index.ts';
import type {
  BundleGuide as BundleData,
  CatalogueHit,
  MatterGuide as MatterData,
} from '../../../../electron/contract/catalogue.ts';
import { KioskError } from '../../../../electron/contract/errors.ts';
import { isMessageKey, useT, type MessageKey } from '../../i18n/i18n.tsx';
import { HitList } from './HitList.tsx';
import { MatterGuide } from './MatterGuide.tsx';
import { BundleGuide } from './BundleGuide.tsx';
import { FinderPanel } from '../../flows/FinderPanel.tsx';
import './catalogue.css';
import { KioskTextField } from '../../input/KioskTextField.tsx';
import { WaitNotice } from '../../ui/WaitNotice.tsx';

type Audience = 'personal' | 'legal';
type Browse = CallResponse<'catalogue.browse'>;
type Filter =
  | { kind: 'all' }
  | { kind: 'frequent' }
  | { kind: 'theme'; code: string }
  | { kind: 'department'; code: string };
type View = { kind: 'list' } | { kind: 'matter'; guide: MatterData } | { kind: 'bundle'; guide: BundleData };

/** Keystrokes closer than this are one query: every search still answers in a few ms, but the list should not flicker. */
const TYPE_PAUSE_MS = 150;

/**
 * 个人办事 / 法人办事: search (physical keyboard or the on-screen one that fills the same field),
 * browse by 高频, theme and department, and open a 办事指南 or an 一件事. The guide stack is kept
 * here so 返回列表 returns to the same results without asking the core again.
 */
export function CatalogueScreen({
  client,
  audience,
  title,
  onStart,
}: {
  client: KioskClient;
  audience: Audience;
  title: MessageKey;
  /** 开始办理 on a guide: the matter flows take over (renderer/src/flows). */
  onStart?: (target: { kind: 'matter' | 'bundle'; id: string }) => void;
}) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<Filter>({ kind: 'all' });
  const [browse, setBrowse] = useState<Browse | null>(null);
  const [found, setFound] = useState<CallResponse<'catalogue.search'> | null>(null);
  const [views, setViews] = useState<View[]>([{ kind: 'list' }]);
  const [error, setError] = useState<MessageKey | null>(null);
  // A guide the resident tapped and the core has not yet answered (the wait notice shows after 1 s).
  const [opening, setOpening] = useState(0);
  const seq = useRef(0);

  const fail = (e: unknown): void =>
    setError(e instanceof KioskError && isMessageKey(e.messageKey) ? e.messageKey : 'errors.internal');

  useEffect(() => {
    const req =
      filter.kind === 'frequent'
        ? { audience, frequent: true }
        : filter.kind === 'theme'
          ? { audience, theme: filter.code }
          : filter.kind === 'department'
            ? { audience, department: filter.code }
            : { audience };
    let live = true;
    client
      .call('catalogue.browse', req)
      .then((r) => live && setBrowse(r))
      .catch(fail);
    return () => {
      live = false;
    };
  }, [client, audience, filter]);

  useEffect(() => {
    const q = query.trim().slice(0, 50);
    if (!q) return;
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      client
        .call('catalogue.search', { query: q, audience })
        .then((r) => {
          // A slow answer to an older query must not replace the answer to the newer one.
          if (mine === seq.current) setFound(r);
        })
        .catch(fail);
    }, TYPE_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [client, audience, query]);

  const push = (v: View): void => setViews((vs) => [...vs, v]);
  const waitFor = <T,>(p: Promise<T>): Promise<T> => {
    setOpening((n) => n + 1);
    return p.finally(() => setOpening((n) => n - 1));
  };
  const openMatter = (id: string): void =>
    void waitFor(client.call('catalogue.matter', { id }))
      .then((guide) => push({ kind: 'matter', guide }))
      .catch(fail);
  const openBundle = (id: string): void =>
    void waitFor(client.call('catalogue.bundle', { id }))
      .then((guide) => push({ kind: 'bundle', guide }))
      .catch(fail);
  const open = (h: CatalogueHit): void => (h.kind === 'bundle' ? openBundle(h.id) : openMatter(h.id));
  const view = views.at(-1)!;

  if (view.kind !== 'list') {
    return (
      <main className="screen catalogue">
        <button type="button" className="btn cat-back" onClick={() => setViews((vs) => vs.slice(0, -1))}>
          {t('catalogue.back')}
        </button>
        {onStart ? (
          <button
            type="button"
            className="btn btn-primary cat-start"
            data-testid="start-flow"
            onClick={() => onStart({ kind: view.kind, id: view.guide.id })}
          >
            {t('flows.start')}
          </button>
        ) : null}
        {view.kind === 'matter' ? (
          <MatterGuide guide={view.guide} onOpenBundle={openBundle} />
        ) : (
          <BundleGuide guide={view.guide} onOpenMatter={openMatter} />
        )}
        <WaitNotice waiting={opening > 0} />
      </main>
    );
  }

  const submit = (e: FormEvent): void => e.preventDefault();
  const typed = query.trim().slice(0, 50);
  // Only the answer to what is in the field now counts (an older answer may still be held).
  const current = typed && found?.query === typed ? found : null;
  const hits = typed ? (current?.hits ?? []) : (browse?.hits ?? []);
  // Typed and not yet answered, or a guide on its way: the resident is waiting on the core.
  const waiting = opening > 0 || (Boolean(typed) && !current && !error);
  const chip = (active: boolean, label: string, onClick: () => void, key: string) => (
    <button key={key} type="button" className="cat-chip" aria-pressed={active} onClick={onClick}>
      {label}
    </button>
  );
  return (
    <main className="screen catalogue">
      <h1>{t(title)}</h1>
      <form className="cat-search" role="search" onSubmit={submit}>
        <div className="cat-search-row">
          {/* The kiosk's own keyboard (pinyin first): a touch kiosk has no other way to type. */}
          <KioskTextField
            id="cat-query"
            label={<span className="cat-search-label">{t('catalogue.search.label')}</span>}
            maxLength={50}
            placeholder={t('catalogue.search.placeholder')}
            value={query}
            onChange={setQuery}
          />
          {query ? (
            <button type="button" className="btn" onClick={() => setQuery('')}>
              {t('catalogue.search.clear')}
            </button>
          ) : null}
        </div>
      </form>
      {typed ? (
        current && current.expanded.length ? (
          <p className="cat-note">{t('catalogue.search.expanded', { words: current.expanded.join('、') })}</p>
        ) : null
      ) : browse ? (
        <nav className="cat-filters" aria-label={t('catalogue.browse.themes')}>
          {chip(filter.kind === 'all', t('catalogue.browse.all'), () => setFilter({ kind: 'all' }), 'all')}
          {chip(
            filter.kind === 'frequent',
            t('catalogue.browse.frequent'),
            () => setFilter({ kind: 'frequent' }),
            'freq',
          )}
          {browse.themes
            .filter((th) => th.count > 0)
            .map((th) =>
              chip(
                filter.kind === 'theme' && filter.code === th.code,
                th.name,
                () => setFilter({ kind: 'theme', code: th.code }),
                th.code,
              ),
            )}
          {browse.departments.map((d) =>
            chip(
              filter.kind === 'department' && filter.code === d.code,
              d.shortName,
              () => setFilter({ kind: 'department', code: d.code }),
              `dep:${d.code}`,
            ),
          )}
        </nav>
      ) : (
        <p className="lead">{t('catalogue.empty')}</p>
      )}
      {error ? (
        <p className="cat-error" role="alert">
          {t(error)}
        </p>
      ) : null}
      {current && current.hits.length === 0 ? (
        <p className="lead" role="status">
          {t('catalogue.search.none', { query: typed })}
        </p>
      ) : null}
      {audience === 'personal' && onStart ? (
        <FinderPanel
          client={client}
          onFound={(r) => (r.kind === 'bundle' ? openBundle(r.id) : openMatter(r.id))}
        />
      ) : null}
      <HitList hits={hits} onOpen={open} />
      <WaitNotice waiting={waiting} />
    </main>
  );
}
