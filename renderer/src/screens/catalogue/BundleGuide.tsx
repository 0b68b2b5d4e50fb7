import type { BundleGuide as Guide } from '../../../../electron/contract/catalogue.ts';
import { useT } from '../../i18n/i18n.tsx';
import { limitText } from './catalogue-format.ts';
import { MaterialList } from './MaterialList.tsx';

/** 一件事: what is done together, and how much shorter the merged form and paper list are. */
export function BundleGuide({ guide, onOpenMatter }: { guide: Guide; onOpenMatter: (id: string) => void }) {
  const t = useT();
  return (
    <article className="cat-guide" data-testid="bundle-guide">
      <h1>{guide.name}</h1>
      <p className="lead">{guide.intro}</p>
      <section>
        <h2>{t('catalogue.bundle.members', { count: guide.members.length })}</h2>
        <ul className="cat-hits">
          {guide.members.map((m) => (
            <li key={m.id}>
              <button type="button" className="cat-hit" onClick={() => onOpenMatter(m.id)}>
                <span className="cat-hit-name">{m.name}</span>
                <span className="cat-hit-meta">
                  <span className="cat-tag">{m.department}</span>
                  {m.optional ? <span>{t('catalogue.bundle.optional')}</span> : null}
                  {limitText(t, m.promisedLimit) ? <span>{limitText(t, m.promisedLimit)}</span> : null}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <p className="cat-saving" data-testid="bundle-saving">
          {t('catalogue.bundle.saving', { merged: guide.fields.length, total: guide.totalFields })}
        </p>
        <p className="cat-saving">
          {t('catalogue.bundle.materialSaving', {
            merged: guide.materials.length,
            total: guide.totalMaterials,
          })}
        </p>
      </section>
      <section>
        <h2>{t('catalogue.bundle.materials')}</h2>
        <MaterialList materials={guide.materials} />
      </section>
    </article>
  );
}
