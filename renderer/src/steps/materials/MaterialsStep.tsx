import { lazy, Suspense, useEffect, useState } from 'react';
import type { CameraSettings } from '../../../../electron/contract/camera.ts';
import type { FlowView } from '../../../../electron/contract/flows.ts';
import { useT, type MessageKey } from '../../i18n/i18n.tsx';
import { canvasBase64, errorKey, type StepProps } from '../../flows/flow-client.ts';
import { hasCamera } from '../../camera/camera-devices.ts';
import { flowCopy } from '../../camera/flow-copy.ts';
import type { CapturedPage } from './DocumentCapture.tsx';

// The capture panel (and its worker) loads when a resident opens it, not with the start-up bundle.
const DocumentCapture = lazy(() =>
  import('./DocumentCapture.tsx').then((m) => ({ default: m.DocumentCapture })),
);

type Material = FlowView['materials'][number];

/** Tomorrow + n days as YYYY-MM-DD in the kiosk's local time (the default 容缺 date). */
function daysAhead(n: number): string {
  const d = new Date(Date.now() + n * 86_400_000);
  const p = (x: number): string => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * Demo stand-in used only on a demo kiosk with no camera at all: draws a labelled page so the whole
 * submit path (sealed attachment, outbox row) runs with real bytes.
 */
function demoPhoto(name: string): string {
  const c = document.createElement('canvas');
  c.width = 480;
  c.height = 320;
  const g = c.getContext('2d')!;
  g.fillStyle = '#fafafa';
  g.fillRect(0, 0, c.width, c.height);
  g.fillStyle = '#333';
  g.font = '28px sans-serif';
  g.fillText(`演示拍照：${name}`, 24, 160);
  return canvasBase64(c, 'image/jpeg');
}

export function MaterialsStep({ client, view, run, demo }: StepProps<FlowView> & { demo: boolean }) {
  const t = useT();
  const [deferring, setDeferring] = useState<string | null>(null);
  const [date, setDate] = useState(daysAhead(7));
  const [camera, setCamera] = useState<CameraSettings | null>(null);
  const [shooting, setShooting] = useState<string | null>(null);
  const [problem, setProblem] = useState<MessageKey | null>(null);
  // 从电子证照调取: the material whose consent question is open, and the one being fetched.
  const [consenting, setConsenting] = useState<string | null>(null);
  const [fetching, setFetching] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void hasCamera().then((has) => {
      if (!has) return;
      void client
        .call('camera.settings', {})
        .then((s) => live && setCamera(s))
        .catch(() => undefined);
    });
    return () => {
      live = false;
    };
  }, [client]);

  // The pages stay sealed in the core (camera store); the flow gets the first page as the
  // material's photo, re-encoded if needed to fit the flow call.
  const handOver = async (key: string, pages: CapturedPage[]): Promise<void> => {
    setShooting(null);
    const first = pages[0];
    if (!first) return;
    await run('flow.material', {
      key,
      action: 'photo',
      mime: 'image/jpeg',
      data: await flowCopy(first.jpeg),
    });
  };

  const status = (m: Material): string => {
    if (m.status === 'deferred') return t('flows.materials.status.deferred', { date: m.promisedDate ?? '' });
    if (m.status === 'covered')
      return t(`flows.materials.status.covered.${m.coveredBy ?? 'card'}` as MessageKey);
    return t(`flows.materials.status.${m.status}` as MessageKey);
  };

  const fetchLicence = (key: string): void => {
    setConsenting(null);
    setFetching(key);
    void run('flow.material', { key, action: 'elicence', consent: true }).finally(() => setFetching(null));
  };

  const shown = view.materials.filter((m) => m.coveredBy !== 'promise');
  return (
    <section className="flow-step" data-testid="step-materials">
      <p className="lead">{t('flows.materials.intro')}</p>
      {view.kind === 'bundle' ? (
        <p className="flow-note" data-testid="materials-merged">
          {t('flows.materials.merged', { merged: view.totals.materials, total: view.totals.memberMaterials })}
        </p>
      ) : null}
      {problem ? (
        <p className="flow-error" role="alert" data-testid="camera-problem">
          {t(problem)}
        </p>
      ) : null}
      <ul className="flow-materials">
        {shown.map((m) => {
          const err = errorKey(view.errors[m.key]);
          return (
            <li key={m.key} data-testid="material" data-material={m.key} data-status={m.status}>
              <div className="flow-material-head">
                <strong>{m.name}</strong>
                {!m.required ? <span className="flow-optional">{t('flows.materials.optional')}</span> : null}
                <span className="flow-material-status">{status(m)}</span>
              </div>
              {m.status === 'covered' ? null : m.status !== 'missing' ? (
                <button
                  type="button"
                  className="btn"
                  onClick={() => void run('flow.material', { key: m.key, action: 'clear' })}
                >
                  {t('flows.materials.clear')}
                </button>
              ) : (
                <div className="flow-actions-inline">
                  {camera ? (
                    <button
                      type="button"
                      className="btn btn-primary"
                      data-testid="material-camera"
                      onClick={() => {
                        setProblem(null);
                        setShooting(m.key);
                      }}
                    >
                      {t('camera.doc.open')}
                    </button>
                  ) : demo ? (
                    <button
                      type="button"
                      className="btn btn-primary"
                      onClick={() =>
                        void run('flow.material', {
                          key: m.key,
                          action: 'photo',
                          mime: 'image/jpeg',
                          data: demoPhoto(m.name),
                        })
                      }
                    >
                      {t('flows.materials.photoDemo')}
                    </button>
                  ) : null}
                  {m.licenceType ? (
                    <button
                      type="button"
                      className="btn"
                      data-testid="material-elicence"
                      disabled={fetching !== null}
                      aria-expanded={consenting === m.key}
                      onClick={() => setConsenting(m.key)}
                    >
                      {t('flows.materials.elicence')}
                    </button>
                  ) : null}
                  {m.deferrable ? (
                    <button type="button" className="btn" onClick={() => setDeferring(m.key)}>
                      {t('flows.materials.defer')}
                    </button>
                  ) : null}
                </div>
              )}
              {m.licence ? <LicenceCard licence={m.licence} /> : null}
              {consenting === m.key ? (
                <div className="flow-consent" role="group" data-testid="elicence-consent">
                  <p>{t('flows.materials.elicenceConsent', { licence: m.licence?.name ?? m.name })}</p>
                  <div className="flow-actions-inline">
                    <button type="button" className="btn btn-primary" onClick={() => fetchLicence(m.key)}>
                      {t('flows.materials.elicenceAgree')}
                    </button>
                    <button type="button" className="btn" onClick={() => setConsenting(null)}>
                      {t('flows.materials.elicenceDecline')}
                    </button>
                  </div>
                </div>
              ) : null}
              {fetching === m.key ? (
                <p className="flow-note" role="status" aria-busy="true">
                  {t('flows.materials.elicenceBusy')}
                </p>
              ) : null}
              {shooting === m.key && camera ? (
                <Suspense fallback={<p aria-busy="true" />}>
                  <DocumentCapture
                    client={client}
                    settings={camera}
                    name={m.name}
                    materialKey={m.key}
                    onDone={(pages) => void handOver(m.key, pages)}
                    onCancel={(p) => {
                      setShooting(null);
                      setProblem(p);
                    }}
                  />
                </Suspense>
              ) : null}
              {deferring === m.key ? (
                <div className="flow-defer">
                  <label>
                    {t('flows.materials.deferDate')}
                    <input className="flow-input" value={date} onChange={(e) => setDate(e.target.value)} />
                  </label>
                  <button
                    type="button"
                    className="btn btn-primary"
                    onClick={() =>
                      void run('flow.material', { key: m.key, action: 'defer', promisedDate: date }).then(
                        () => setDeferring(null),
                      )
                    }
                  >
                    {t('flows.materials.deferOk')}
                  </button>
                </div>
              ) : null}
              {err ? (
                <p className="flow-error" role="alert">
                  {t(err)}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * The e-licence standing in for a material, as the platform described it (no image exists): the
 * resident sees what will be submitted, or why an expired one is not accepted.
 */
function LicenceCard({ licence }: { licence: NonNullable<Material['licence']> }) {
  const t = useT();
  const expired = licence.status !== 'valid';
  return (
    <dl className="flow-licence" data-testid="material-licence" data-licence-status={licence.status}>
      <dt>{licence.name}</dt>
      <dd>{t('flows.materials.licence.number', { number: licence.number })}</dd>
      <dd>{t('flows.materials.licence.issuer', { issuer: licence.issuer })}</dd>
      <dd className={expired ? 'flow-error' : undefined}>
        {expired
          ? t('flows.materials.licence.expired', { date: licence.validUntil ?? '' })
          : licence.validUntil
            ? t('flows.materials.licence.validUntil', { date: licence.validUntil })
            : t('flows.materials.licence.longTerm')}
      </dd>
    </dl>
  );
}
