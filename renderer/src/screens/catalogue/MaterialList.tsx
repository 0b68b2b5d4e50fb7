import type { MaterialView } from '../../../../electron/contract/catalogue.ts';
import { useT } from '../../i18n/i18n.tsx';

/** 所需材料: how many originals and copies, whether required, and what may replace or defer it. */
export function MaterialList({ materials }: { materials: (MaterialView & { usedBy?: string[] })[] }) {
  const t = useT();
  return (
    <ol className="cat-materials" data-testid="materials">
      {materials.map((m) => (
        <li key={m.key} className="cat-material">
          <span className="cat-material-name">{m.name}</span>
          <span className="cat-material-meta">
            <span className={m.required ? 'cat-tag cat-tag-required' : 'cat-tag'}>
              {t(m.required ? 'catalogue.material.required' : 'catalogue.material.optional')}
            </span>
            {m.medium === 'electronic' ? (
              <span>{t('catalogue.material.electronic')}</span>
            ) : (
              <>
                {m.originals > 0 ? (
                  <span>{t('catalogue.material.originals', { count: m.originals })}</span>
                ) : null}
                {m.copies > 0 ? <span>{t('catalogue.material.copies', { count: m.copies })}</span> : null}
              </>
            )}
            {m.elicence ? <span>{t('catalogue.material.elicence', { name: m.elicence })}</span> : null}
            {m.deferrable ? <span>{t('catalogue.material.deferrable')}</span> : null}
          </span>
          {m.note ? <span className="cat-material-note">{m.note}</span> : null}
          {m.usedBy && m.usedBy.length > 1 ? (
            <span className="cat-material-note">
              {t('catalogue.bundle.usedBy', { names: m.usedBy.join('、') })}
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
