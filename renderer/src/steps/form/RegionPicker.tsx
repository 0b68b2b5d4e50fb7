import { useEffect, useState } from 'react';
import type { KioskClient } from '../../../../electron/contract/index.ts';
import { useT } from '../../i18n/i18n.tsx';

type Region = { code: string; name: string; level: number };

/** 行政区划 picker: large buttons level by level from the catalogue's region table. */
export function RegionPicker({
  client,
  value,
  onChange,
  label,
}: {
  client: KioskClient;
  value: string | null;
  onChange: (code: string, path: string) => void;
  label: string;
}) {
  const t = useT();
  const [path, setPath] = useState<Region[]>([]);
  const [options, setOptions] = useState<Region[]>([]);
  const parent = path.at(-1)?.code ?? null;

  useEffect(() => {
    let live = true;
    client
      .call('catalogue.regions', { parent })
      .then((r) => live && setOptions(r.regions))
      .catch(() => live && setOptions([]));
    return () => {
      live = false;
    };
  }, [client, parent]);

  return (
    <div className="region-picker" role="group" aria-label={label}>
      <p className="region-path">
        {path.length ? path.map((r) => r.name).join(' / ') : value ? value : t('flows.region.choose')}
        {path.length ? (
          <button type="button" className="btn" onClick={() => setPath([])}>
            {t('flows.region.change')}
          </button>
        ) : null}
      </p>
      <div className="flow-choices">
        {options.map((r) => (
          <button
            key={r.code}
            type="button"
            className="btn"
            onClick={() => {
              const next = [...path, r];
              setPath(next);
              // Any level from 区县 down is a valid answer; deeper levels refine it.
              if (r.level >= 3) onChange(r.code, next.map((x) => x.name).join(''));
            }}
          >
            {r.name}
          </button>
        ))}
      </div>
    </div>
  );
}
