import type { CatalogueHit } from '../../../../electron/contract/catalogue.ts';
import { useT } from '../../i18n/i18n.tsx';
import { limitText } from './catalogue-format.ts';

/** One large touch target per result: bundles say how many services they join, matters how to get them done. */
export function HitList({ hits, onOpen }: { hits: CatalogueHit[]; onOpen: (hit: CatalogueHit) => void }) {
  const t = useT();
  return (
    <ul className="cat-hits" aria-label={t('catalogue.search.results', { count: hits.length })}>
      {hits.map((h) => {
        const limit = limitText(t, h.promisedLimit);
        return (
          <li key={`${h.kind}:${h.id}`}>
            <button
              type="button"
              className={`cat-hit cat-hit-${h.kind}`}
              data-testid="catalogue-hit"
              onClick={() => onOpen(h)}
            >
              <span className="cat-hit-name">{h.name}</span>
              <span className="cat-hit-meta">
                {h.kind === 'bundle' ? (
                  <span className="cat-tag cat-tag-bundle">
                    {t('catalogue.hit.bundle', { count: h.memberCount ?? 0 })}
                  </span>
                ) : (
                  <>
                    <span className="cat-tag">{h.department}</span>
                    {limit ? <span>{limit}</span> : null}
                    <span>
                      {h.visits === 0
                        ? t('catalogue.hit.visits0')
                        : t('catalogue.hit.visits', { count: h.visits ?? 0 })}
                    </span>
                    {h.online ? <span>{t('catalogue.hit.online')}</span> : null}
                  </>
                )}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
