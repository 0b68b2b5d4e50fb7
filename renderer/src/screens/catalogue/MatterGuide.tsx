import type { MatterGuide as Guide } from '../../../../electron/contract/catalogue.ts';
import { useT } from '../../i18n/i18n.tsx';
import { limitText } from './catalogue-format.ts';
import { MaterialList } from './MaterialList.tsx';

/** 办事指南: conditions, materials, time limits, fees and visits, in the order a resident asks about them. */
export function MatterGuide({ guide, onOpenBundle }: { guide: Guide; onOpenBundle: (id: string) => void }) {
  const t = useT();
  const legal = limitText(t, guide.legalLimit);
  const promised = limitText(t, guide.promisedLimit);
  const flags = [
    guide.flags.commitment && t('catalogue.flag.commitment'),
    guide.flags.deferral && t('catalogue.flag.deferral'),
    guide.flags.faceCheck && t('catalogue.flag.face'),
    guide.flags.offlineCapable && t('catalogue.flag.offline'),
  ].filter((x): x is string => Boolean(x));
  return (
    <article className="cat-guide" data-testid="matter-guide">
      <h1>{guide.name}</h1>
      <p className="lead">
        {t('catalogue.guide.department')}：{guide.bodyName}
      </p>
      {flags.length ? (
        <p className="cat-flags">
          {flags.map((f) => (
            <span key={f} className="cat-tag">
              {f}
            </span>
          ))}
        </p>
      ) : null}
      {guide.bundles.map((b) => (
        <button key={b.id} type="button" className="btn cat-bundle-link" onClick={() => onOpenBundle(b.id)}>
          {t('catalogue.guide.inBundles', { name: b.name })}
        </button>
      ))}
      <section>
        <h2>{t('catalogue.guide.conditions')}</h2>
        <p>{guide.conditions}</p>
      </section>
      <section>
        <h2>{t('catalogue.guide.materials')}</h2>
        <MaterialList materials={guide.materials} />
      </section>
      <section className="cat-facts">
        <h2>{t('catalogue.guide.limits')}</h2>
        {promised ? <p>{t('catalogue.guide.promisedLimit', { text: promised })}</p> : null}
        {legal ? <p>{t('catalogue.guide.legalLimit', { text: legal })}</p> : null}
        {guide.limitNote ? <p className="cat-note">{guide.limitNote}</p> : null}
        <h2>{t('catalogue.guide.fee')}</h2>
        <p>{guide.fee.charged ? guide.fee.note : t('catalogue.guide.free')}</p>
        <h2>{t('catalogue.guide.visits')}</h2>
        <p>
          {t('catalogue.guide.visitsCount', { count: guide.visits })}
          {guide.visitsReason ? `（${guide.visitsReason}）` : ''}
        </p>
      </section>
      <section>
        <h2>{t('catalogue.guide.process')}</h2>
        <ol className="cat-steps">
          {guide.process.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
      </section>
      {guide.resultName ? (
        <section>
          <h2>{t('catalogue.guide.result')}</h2>
          <p>{guide.resultName}</p>
        </section>
      ) : null}
      {guide.faq.length ? (
        <section>
          <h2>{t('catalogue.guide.faq')}</h2>
          <dl className="cat-faq">
            {guide.faq.map((f) => (
              <div key={f.q}>
                <dt>{f.q}</dt>
                <dd>{f.a}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      {guide.place || guide.phone ? (
        <section>
          {guide.place ? (
            <p>
              {t('catalogue.guide.place')}：{guide.place}
            </p>
          ) : null}
          {guide.phone ? (
            <p>
              {t('catalogue.guide.phone')}：{guide.phone}
            </p>
          ) : null}
        </section>
      ) : null}
      {guide.basis ? (
        <section>
          <h2>{t('catalogue.guide.basis')}</h2>
          <p className="cat-note">{guide.basis}</p>
        </section>
      ) : null}
    </article>
  );
}
