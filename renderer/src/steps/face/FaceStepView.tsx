import { useCallback, useEffect, useRef, useState } from 'react';
import type { CameraSettings } from '../../../../electron/contract/camera.ts';
import type { FlowView } from '../../../../electron/contract/flows.ts';
import { useT, type MessageKey } from '../../i18n/i18n.tsx';
import { messageOf, type StepProps } from '../../flows/flow-client.ts';
import { CameraError, hasCamera, openCamera, stopStream } from '../../camera/camera-devices.ts';
import { faceEngine } from '../../camera/face-engine.ts';
import { challengeOrder, LivenessChallenge, type LivenessState } from '../../camera/liveness.ts';
import { uploadCapture } from '../../camera/capture-upload.ts';
import { FaceCamera } from './FaceCamera.tsx';
import '../../camera/camera.css';

type Phase =
  | { kind: 'checking' }
  | { kind: 'staff' }
  | { kind: 'no-camera' }
  | { kind: 'consent' }
  | { kind: 'live' }
  | { kind: 'verifying' }
  | { kind: 'camera-error'; message: MessageKey }
  | { kind: 'failed'; message: MessageKey; reason: string; passed: string }
  | { kind: 'result'; outcome: 'match' | 'no-match' | 'pending' | 'not-configured'; mayContinue: boolean };

const randomUnit = (): number => crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;

/**
 * 人脸核验: a separate consent screen first (what, why, how long, who, the non-face alternative);
 * only after 同意 is the camera opened. Then live guidance and an active challenge in random order,
 * the passive scores and the template on one chosen frame, and verification by the core's
 * FaceVerifier. Refusing, a missing or busy camera, a failed check or an unverifiable result all
 * lead to the staff check (人工核验): face recognition is never the only way through.
 */
export function FaceStepView({ client, view, run, demo }: StepProps<FlowView> & { demo: boolean }) {
  const t = useT();
  const [settings, setSettings] = useState<CameraSettings | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const [ticked, setTicked] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    void Promise.all([client.call('camera.settings', {}), hasCamera()])
      .then(([s, cam]) => {
        if (!live) return;
        setSettings(s);
        setPhase(cam ? { kind: 'consent' } : { kind: 'no-camera' });
      })
      .catch(() => live && setPhase({ kind: 'no-camera' }));
    return () => {
      live = false;
    };
  }, [client]);

  // Choosing the staff check stops the camera and withdraws the face consent (nothing of the face
  // is kept for a resident who chose not to use it).
  const assisted = useCallback(() => {
    setPhase({ kind: 'staff' });
    void client
      .call('camera.consent', { granted: false })
      .catch(() => undefined)
      .then(() => run('flow.face', { result: 'assisted' }));
  }, [client, run]);
  const agree = (): void => {
    void client
      .call('camera.consent', { granted: true })
      .then(() => setPhase({ kind: 'live' }))
      .catch((e: unknown) => setPhase({ kind: 'camera-error', message: messageOf(e) }));
  };

  const done = view.face;
  // A new live check (a failed challenge or a no-match): a fresh attempt with a new random order.
  const retryButton = (
    <button
      type="button"
      className="btn btn-primary"
      onClick={() => {
        setAttempt((n) => n + 1);
        setPhase({ kind: 'live' });
      }}
    >
      {t('camera.face.retry')}
    </button>
  );
  const staffButton = (
    <button type="button" className="btn" onClick={assisted}>
      {t('flows.face.assisted')}
    </button>
  );

  return (
    <section className="flow-step camera-face" data-testid="step-face" data-phase={phase.kind}>
      <p className="lead">{t('flows.face.intro')}</p>
      {done === 'passed' ? <p className="flow-ok">{t('flows.face.passed')}</p> : null}
      {done === 'assisted' ? <p className="flow-ok">{t('flows.face.assistedDone')}</p> : null}
      {done === 'pending' ? <p className="flow-ok">{t('camera.face.pendingDone')}</p> : null}

      {phase.kind === 'no-camera' ? (
        <>
          <p className="flow-note" role="status">
            {t('camera.face.noCamera')}
          </p>
          <div className="flow-actions-inline">
            {/* Demo kiosks without any camera keep the stand-in so the journey can be shown. */}
            {demo ? (
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => void run('flow.face', { result: 'passed' })}
              >
                {t('flows.face.demoPass')}
              </button>
            ) : null}
            {staffButton}
          </div>
        </>
      ) : null}

      {phase.kind === 'consent' && settings ? (
        <div
          className="camera-consent"
          data-testid="face-consent"
          role="group"
          aria-labelledby="face-consent-title"
        >
          <h3 id="face-consent-title">{t('camera.face.consent.title')}</h3>
          <ul>
            <li>{t('camera.face.consent.what')}</li>
            <li>{t('camera.face.consent.why', { matter: view.name })}</li>
            <li>{t('camera.face.consent.keep')}</li>
            <li>{t('camera.face.consent.who', { site: settings.controller })}</li>
            <li>{t('camera.face.consent.alternative')}</li>
            <li>{t('camera.face.consent.rights')}</li>
          </ul>
          <label className="camera-tick">
            <input type="checkbox" checked={ticked} onChange={(e) => setTicked(e.target.checked)} />
            {t('camera.face.consent.tick')}
          </label>
          <div className="flow-actions-inline">
            <button type="button" className="btn btn-primary" disabled={!ticked} onClick={agree}>
              {t('camera.face.consent.agree')}
            </button>
            <button type="button" className="btn" onClick={assisted}>
              {t('camera.face.consent.refuse')}
            </button>
          </div>
        </div>
      ) : null}

      {(phase.kind === 'live' || phase.kind === 'verifying') && settings ? (
        <FaceCheck
          key={attempt}
          client={client}
          settings={settings}
          onError={(message) => setPhase({ kind: 'camera-error', message })}
          onFailed={(message, reason, passed) =>
            setPhase({ kind: 'failed', message, reason, passed: passed?.join(',') ?? '' })
          }
          onVerifying={() => setPhase({ kind: 'verifying' })}
          onResult={(outcome, mayContinue) => {
            setPhase({ kind: 'result', outcome, mayContinue });
            if (outcome === 'match') void run('flow.face', { result: 'passed' });
            else if ((outcome === 'pending' || outcome === 'not-configured') && mayContinue)
              void run('flow.face', { result: 'pending' });
          }}
        />
      ) : null}

      {phase.kind === 'verifying' ? (
        <p className="flow-note" role="status">
          {t('camera.face.verifying')}
        </p>
      ) : null}
      {phase.kind === 'live' ? <div className="flow-actions-inline">{staffButton}</div> : null}

      {phase.kind === 'camera-error' || phase.kind === 'failed' ? (
        <>
          <p
            className="flow-error"
            role="alert"
            data-testid="face-problem"
            data-reason={phase.kind === 'failed' ? phase.reason : 'camera'}
            data-passed={phase.kind === 'failed' ? phase.passed : ''}
          >
            {t(phase.message)}
          </p>
          <div className="flow-actions-inline">
            {phase.kind === 'failed' ? retryButton : null}
            {staffButton}
          </div>
        </>
      ) : null}

      {phase.kind === 'result' ? (
        <div data-testid="face-result" data-outcome={phase.outcome}>
          {phase.outcome === 'no-match' ? (
            <p className="flow-error" role="alert">
              {t('camera.face.noMatch')}
            </p>
          ) : phase.outcome === 'pending' ? (
            <p className="flow-note" role="status">
              {t(phase.mayContinue ? 'camera.face.pending' : 'camera.face.pendingStaff')}
            </p>
          ) : phase.outcome === 'not-configured' ? (
            <p className="flow-note" role="status">
              {t(phase.mayContinue ? 'camera.face.notConfiguredPending' : 'camera.face.notConfigured')}
            </p>
          ) : null}
          {phase.outcome === 'no-match' || !phase.mayContinue ? (
            <div className="flow-actions-inline">
              {phase.outcome === 'no-match' ? retryButton : null}
              {staffButton}
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** The camera part: opens the face camera, runs the challenge, then verifies. Unmount stops the camera. */
function FaceCheck({
  client,
  settings,
  onError,
  onFailed,
  onVerifying,
  onResult,
}: {
  client: StepProps<FlowView>['client'];
  settings: CameraSettings;
  onError: (m: MessageKey) => void;
  /** `reason` is for technicians and tests (data-reason), never shown to the resident. */
  onFailed: (m: MessageKey, reason: 'timeout' | 'passive' | 'no-face', passed?: string[]) => void;
  onVerifying: () => void;
  onResult: (outcome: 'match' | 'no-match' | 'pending' | 'not-configured', mayContinue: boolean) => void;
}) {
  const t = useT();
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [state, setState] = useState<LivenessState | null>(null);
  const [loading, setLoading] = useState(true);
  const cb = useRef({ onError, onFailed, onVerifying, onResult });
  useEffect(() => {
    cb.current = { onError, onFailed, onVerifying, onResult };
  });

  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    const engine = faceEngine();
    const challenge = new LivenessChallenge(challengeOrder(randomUnit), settings.liveness);
    const grab = async (): Promise<ImageBitmap | null> => {
      const v = videoRef.current;
      if (!v || v.readyState < 2 || !v.videoWidth) return null;
      return createImageBitmap(v);
    };
    const finish = async (): Promise<void> => {
      cb.current.onVerifying();
      // The template and the passive scores on fresh frames facing the screen. The passive models
      // are small and noisy frame to frame (a half-closed eye lowers `live`), so up to three frames
      // are scored and the best one must clear both thresholds; the template comes from that frame.
      type Full = NonNullable<Awaited<ReturnType<typeof engine.detect>>['face']>;
      const score = (f: Full): number => Math.min(f.real ?? 0, f.live ?? 0);
      let best: Full | null = null;
      for (let i = 0, scored = 0; i < 8 && scored < 3; i++) {
        const b = await grab();
        const f = b ? (await engine.detect(b, true)).face : null;
        if (!f?.embedding) continue;
        scored++;
        if (!best || score(f) > score(best)) best = f;
        if (score(best) >= Math.max(settings.liveness.minReal, settings.liveness.minLive)) break;
      }
      const v = videoRef.current;
      if (!best?.embedding || !v) return cb.current.onFailed('camera.face.failed', 'no-face');
      const real = best.real ?? 0;
      const live = best.live ?? 0;
      if (real < settings.liveness.minReal || live < settings.liveness.minLive)
        return cb.current.onFailed('camera.face.failed', 'passive');
      // The face still kept (sealed, wiped with the session) as the record of who stood here:
      // the resident consented to exactly this on the previous screen.
      const c = document.createElement('canvas');
      c.width = 320;
      c.height = Math.round((v.videoHeight / v.videoWidth) * 320);
      c.getContext('2d')!.drawImage(v, 0, 0, c.width, c.height);
      stopStream(stream);
      const blob = await new Promise<Blob | null>((r) => c.toBlob(r, 'image/jpeg', 0.8));
      if (blob)
        await uploadCapture(client, await blob.arrayBuffer(), {
          kind: 'face',
          materialKey: null,
          width: c.width,
          height: c.height,
        });
      const r = await client.call('camera.face.verify', {
        embedding: best.embedding,
        liveness: { challenges: challenge.state().passed, real, live },
      });
      cb.current.onResult(r.outcome, r.mayContinue);
    };
    const loop = async (): Promise<void> => {
      while (!stopped) {
        const b = await grab();
        if (!b) {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        const r = await engine.detect(b, false);
        if (stopped) return;
        const s = challenge.push({ t: performance.now(), face: r.face });
        setState(s);
        if (s.phase === 'failed') return cb.current.onFailed('camera.face.failed', 'timeout', s.passed);
        if (s.phase === 'done') return finish();
      }
    };
    (async () => {
      try {
        stream = await openCamera('face', settings);
        if (stopped) return stopStream(stream);
        const v = videoRef.current;
        if (v) {
          v.srcObject = stream;
          await v.play().catch(() => undefined);
        }
        await engine.ready;
        if (stopped) return;
        setLoading(false);
        await loop();
      } catch (e) {
        if (stopped) return;
        if (e instanceof CameraError) cb.current.onError(`camera.err.${e.problem}` as MessageKey);
        else
          cb.current.onError(
            e instanceof Error && /engine|worker|model|wasm/i.test(e.message)
              ? 'camera.err.engine'
              : messageOf(e),
          );
      }
    })();
    return () => {
      stopped = true;
      stopStream(stream);
    };
  }, [client, settings]);

  const guidance = state?.guidance ?? 'no-face';
  return (
    <div
      className="camera-live"
      data-testid="face-live"
      data-guidance={loading ? 'loading' : guidance}
      data-passed={state?.passed.join(',') ?? ''}
    >
      <FaceCamera videoRef={videoRef} />
      <p className="camera-guidance" role="status" aria-live="polite" data-testid="face-guidance">
        {loading ? t('camera.face.loading') : t(`camera.guide.${guidance}` as MessageKey)}
      </p>
      {state && state.phase === 'challenge' ? (
        <p className="flow-note">
          {t('camera.face.progress', { n: state.passed.length + 1, count: state.order.length })}
        </p>
      ) : null}
    </div>
  );
}
