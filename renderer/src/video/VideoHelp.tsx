import { useCallback, useEffect, useRef, useState } from 'react';
import type { KioskClient } from '../../../electron/contract/index.ts';
import type { ConsentWhat, IceConfig, VideoMessage, VideoStatus } from '../../../electron/contract/video.ts';
import { KioskError } from '../../../electron/contract/errors.ts';
import { isMessageKey, useT, type MessageKey } from '../i18n/i18n.tsx';
import { announce } from '../voice/voice-context.tsx';
import { P2PTransport } from './p2p-transport.ts';
import { openCallMedia } from './call-media.ts';
import type { TransportState, TransportStats } from './call-transport.ts';
import type { ScreenShare } from './screen-share.ts';
import type * as ScreenShareModule from './screen-share.ts';

// rrweb is large and only needed once an agent looks at the screen: kept out of the start-up bundle.
const loadScreenShare = (): Promise<typeof ScreenShareModule> => import('./screen-share.ts');
import { fieldLabel, fillField } from './co-fill.ts';
import { initialBandwidth, nextBandwidth } from './bandwidth.ts';
import './video.css';

interface Proposal {
  id: string;
  field: string;
  value: string;
  label: string;
}

/** Read by the end-to-end tests and the bench (no personal data: counters and ICE path only). */
interface KioskVideoProbe {
  stats(): Promise<TransportStats & { screenBytes: number; restarts: number }>;
  state: TransportState;
}
declare global {
  interface Window {
    videoKiosk?: KioskVideoProbe;
  }
}

const VIDEO_CALL_EVENT = 'kiosk:video-call';
/** For the shell: place a call from anywhere (e.g. the home screen's 呼叫帮办 tile). */
export function requestVideoCall(): void {
  window.dispatchEvent(new Event(VIDEO_CALL_EVENT));
}

const POINTER_MS = 4000;

/**
 * 呼叫帮办 on every screen, and the call itself: queue position and wait, the agent's video, the
 * resident's own picture, consent dialogs, the agent's proposals (filled only on the resident's
 * tap) and pointer. The panel docks at the side and the app frame narrows, so it never covers the
 * form. Media is P2P WebRTC (CallTransport); signalling goes through the core.
 */
export function VideoHelp({
  client,
  onCallOpen,
}: {
  client: KioskClient;
  /** The shell pauses the idle timeout while a resident talks with an agent. */
  onCallOpen?: (open: boolean) => void;
}) {
  const t = useT();
  const [status, setStatus] = useState<VideoStatus | null>(null);
  const [link, setLink] = useState<TransportState>('new');
  const [remote, setRemote] = useState<MediaStream | null>(null);
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [proposals, setProposals] = useState<Proposal[]>([]);
  const [consent, setConsent] = useState<ConsentWhat | null>(null);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const [pointer, setPointer] = useState<{ x: number; y: number; at: number } | null>(null);
  const [agentAway, setAgentAway] = useState(false);
  const [audioOnly, setAudioOnly] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const transport = useRef<P2PTransport | null>(null);
  const screen = useRef<ScreenShare | null>(null);
  const fieldTypes = useRef<Map<string, string>>(new Map());
  const lastTypesFetch = useRef(0);

  const refreshFieldTypes = useCallback(() => {
    if (Date.now() - lastTypesFetch.current < 1000) return;
    lastTypesFetch.current = Date.now();
    client
      .call('flow.current', {})
      .then((r) => {
        const m = new Map(fieldTypes.current);
        for (const f of r.flow?.fields ?? []) m.set(f.key, f.type);
        fieldTypes.current = m;
      })
      .catch(() => undefined);
  }, [client]);

  useEffect(() => {
    void client
      .call('video.status', {})
      .then(setStatus)
      .catch(() => undefined);
    return client.on('video.status', setStatus);
  }, [client]);

  // Screen as video, for what the DOM stream cannot show. In Electron getDisplayMedia is answered
  // with the kiosk window's own frame only (electron/main/display-media.ts); nothing else can be chosen.
  const screenTrack = useRef<MediaStreamTrack | null>(null);
  const [screenVideo, setScreenVideo] = useState(false);
  const shareScreenVideo = useCallback(async (on: boolean): Promise<void> => {
    const tr = transport.current;
    screenTrack.current?.stop();
    screenTrack.current = null;
    setScreenVideo(false);
    if (!tr) return;
    if (!on) return tr.setScreenVideo(null);
    try {
      const s = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 5 }, audio: false });
      const track = s.getVideoTracks()[0];
      if (!track || transport.current !== tr) return s.getTracks().forEach((x) => x.stop());
      track.contentHint = 'detail';
      track.onended = () => {
        if (screenTrack.current !== track) return;
        screenTrack.current = null;
        setScreenVideo(false);
        void tr.setScreenVideo(null);
      };
      screenTrack.current = track;
      await tr.setScreenVideo(track);
      setScreenVideo(true);
    } catch {
      // No screen capture here (or refused): the agent keeps the DOM replay.
    }
  }, []);

  const teardown = useCallback(() => {
    screenTrack.current?.stop();
    screenTrack.current = null;
    setScreenVideo(false);
    screen.current?.stop();
    screen.current = null;
    transport.current?.close();
    transport.current = null;
    setLocal((s) => {
      s?.getTracks().forEach((tr) => tr.stop());
      return null;
    });
    setRemote(null);
    setLink('new');
    setProposals([]);
    setConsent(null);
    setAgentAway(false);
    setAudioOnly(false);
    delete window.videoKiosk;
  }, []);

  const onMessage = useCallback(
    (m: VideoMessage) => {
      switch (m.t) {
        case 'signal':
          void transport.current?.receive(m.data);
          return;
        case 'propose':
          setProposals((p) => [
            ...p.filter((x) => x.field !== m.field),
            { ...m, label: fieldLabel(m.field) },
          ]);
          return;
        case 'pointer':
          setPointer({ x: m.x, y: m.y, at: Date.now() });
          return;
        case 'consent-request':
          setConsent(m.what);
          return;
        case 'identity-decision':
          setNotice(m.decision === 'verified' ? 'video.identity.verified' : 'video.identity.rejected');
          return;
        case 'agent-link':
          setAgentAway(!m.up);
          return;
        case 'screen-video':
          void shareScreenVideo(m.on);
          return;
      }
    },
    [shareScreenVideo],
  );
  useEffect(() => client.on('video.message', onMessage), [client, onMessage]);

  const state = status?.state ?? 'idle';
  const open = state === 'requesting' || state === 'queued' || state === 'active' || state === 'ended';

  // Every status event brings a new ice object (it crossed the bridge): the media effect below must
  // not restart on that, or a status event arriving while the camera opens would cancel the call.
  const iceRef = useRef<IceConfig | null>(null);
  useEffect(() => {
    iceRef.current = status?.ice ?? null;
  }, [status?.ice]);

  // The call starts its media once an agent answered; the kiosk makes the offer.
  useEffect(() => {
    const ice = iceRef.current;
    if (state !== 'active' || transport.current || !ice) return;
    const tr = new P2PTransport(ice, {
      signal: (data) => void client.call('video.signal', { data }).catch(() => undefined),
      state: setLink,
      remoteStream: (s) => setRemote(new MediaStream(s.getTracks())),
      refreshIce: () => client.call('video.ice', {}).catch(() => null),
    });
    transport.current = tr;
    window.videoKiosk = {
      state: 'new',
      stats: async () => ({
        ...(await tr.stats()),
        screenBytes: screen.current?.bytes ?? 0,
        restarts: tr.restarts,
      }),
    };
    openCallMedia(client)
      .then(async (stream) => {
        // Hung up (or transferred) while the camera was opening.
        if (transport.current !== tr) return stream.getTracks().forEach((x) => x.stop());
        setLocal(stream);
        const share = loadScreenShare(); // fetched while the call connects, ready when the agent looks
        await tr.start(stream);
        let starting = false;
        tr.onScreenOpen(() => {
          if (screen.current) return screen.current.snapshot();
          if (starting) return;
          starting = true;
          refreshFieldTypes();
          void share
            .then(({ startScreenShare }) => {
              if (transport.current !== tr || screen.current) return;
              screen.current = startScreenShare({
                send: (part) => tr.sendScreen(part),
                fieldTypes: () => fieldTypes.current,
                onUnknownField: refreshFieldTypes,
              });
            })
            .finally(() => {
              starting = false;
            });
        });
      })
      .catch(() => setError('video.errors.unavailable'));
  }, [state, client, refreshFieldTypes]);

  useEffect(() => {
    if (state === 'idle' || state === 'ended' || state === 'queued') {
      // Queued again after a transfer: the next agent gets a fresh connection.
      if (transport.current) teardown();
    }
  }, [state, teardown]);
  useEffect(() => () => teardown(), [teardown]);

  useEffect(() => {
    if (window.videoKiosk) window.videoKiosk.state = link;
  }, [link]);

  // Audio-only fallback and ICE path sampling, once a second while connected.
  useEffect(() => {
    if (state !== 'active') return;
    let bw = initialBandwidth;
    const timer = setInterval(() => {
      const tr = transport.current;
      if (!tr) return;
      void tr.stats().then((s) => {
        const next = nextBandwidth(bw, s.availableKbps);
        if (next.audioOnly !== bw.audioOnly) {
          void tr.setVideoSending(!next.audioOnly);
          setAudioOnly(next.audioOnly);
        }
        bw = next;
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [state]);

  // A resident talking to an agent is present even without touching the screen: the shell pauses
  // its idle timeout for the call (an ended call counts as over).
  const talking = open && state !== 'ended';
  useEffect(() => {
    onCallOpen?.(talking);
  }, [talking, onCallOpen]);

  // The narrowed frame (see video.css) is what keeps the panel off the form.
  useEffect(() => {
    document.documentElement.dataset.videoCall = open ? 'open' : 'closed';
  }, [open]);

  useEffect(() => {
    if (!pointer) return;
    const timer = setTimeout(() => setPointer(null), POINTER_MS);
    return () => clearTimeout(timer);
  }, [pointer]);

  const call = useCallback((): void => {
    setError(null);
    client.call('video.call', { theme: null }).then(setStatus, (e: unknown) => {
      setError(
        e instanceof KioskError && isMessageKey(e.messageKey) ? e.messageKey : 'video.errors.unavailable',
      );
    });
  }, [client]);

  // The shell's 呼叫帮办 (global bar on every screen, the home tile) asks through requestVideoCall().
  useEffect(() => {
    const onRequest = (): void => {
      if (!open) call();
    };
    window.addEventListener(VIDEO_CALL_EVENT, onRequest);
    return () => window.removeEventListener(VIDEO_CALL_EVENT, onRequest);
  }, [call, open]);
  const statusText =
    state === 'requesting'
      ? t('video.requesting')
      : state === 'queued'
        ? `${t('video.position', { n: status?.position ?? 1 })} · ${
            (status?.waitSec ?? 0) < 30
              ? t('video.waitSoon')
              : t('video.wait', { min: Math.max(1, Math.round((status?.waitSec ?? 0) / 60)) })
          }`
        : state === 'ended'
          ? t('video.ended')
          : !status?.signalling || link === 'reconnecting'
            ? t('video.reconnecting')
            : agentAway
              ? t('video.agentAway')
              : t('video.active', { name: status?.agentName ?? '' });
  // Heard as well as shown: opening the panel is no new screen, so the voice host would say nothing.
  useEffect(() => {
    if (open) announce(statusText);
    else if (error) announce(t(error));
  }, [open, statusText, error, t]);
  const hangup = (): void => {
    void client.call('video.hangup', {}).catch(() => undefined);
    teardown();
  };
  const answerConsent = (granted: boolean): void => {
    if (!consent) return;
    void client.call('video.consent', { what: consent, granted }).catch(() => undefined);
    setConsent(null);
  };
  const answerProposal = async (p: Proposal, accepted: boolean): Promise<void> => {
    setProposals((ps) => ps.filter((x) => x.id !== p.id));
    let ok = accepted;
    if (accepted) {
      ok = await fillField(p.field, p.value);
      if (!ok) setNotice('video.proposal.notHere');
    }
    void client.call('video.proposal', { id: p.id, field: p.field, accepted: ok }).catch(() => undefined);
  };

  return (
    <>
      {!open ? (
        <button
          type="button"
          className="btn btn-primary video-call-button"
          data-testid="video-call"
          onClick={call}
        >
          {t('video.call')}
        </button>
      ) : null}
      {error && !open ? (
        <div className="video-error" role="alert" data-testid="video-error" onClick={() => setError(null)}>
          {t(error)}
        </div>
      ) : null}
      {open ? (
        <aside
          className="video-panel"
          aria-label={t('video.panel')}
          data-testid="video-panel"
          data-state={state}
        >
          <h2 className="video-title">{t('video.panel')}</h2>
          <p className="video-status" aria-live="polite" data-testid="video-status">
            {statusText}
          </p>
          {audioOnly ? <p className="video-note">{t('video.audioOnly')}</p> : null}
          {screenVideo ? (
            <p className="video-note" data-testid="video-screen-video">
              {t('video.screenVideo')}
            </p>
          ) : null}
          {state === 'active' ? (
            <div className="video-media">
              <VideoTile stream={remote} label={t('video.agentVideo')} testId="video-remote" />
              <VideoTile stream={local} label={t('video.selfVideo')} testId="video-local" muted small />
            </div>
          ) : null}
          {proposals.map((p) => (
            <div
              key={p.id}
              className="video-proposal"
              role="group"
              aria-label={t('video.proposal.title')}
              data-testid="video-proposal"
            >
              <h3>{t('video.proposal.title')}</h3>
              <p>{t('video.proposal.body', { field: p.label, value: p.value })}</p>
              <div className="video-actions">
                <button
                  type="button"
                  className="btn btn-secondary"
                  data-testid="video-proposal-reject"
                  onClick={() => void answerProposal(p, false)}
                >
                  {t('video.proposal.reject')}
                </button>
                <button
                  type="button"
                  className="btn btn-primary"
                  data-testid="video-proposal-confirm"
                  onClick={() => void answerProposal(p, true)}
                >
                  {t('video.proposal.confirm')}
                </button>
              </div>
            </div>
          ))}
          {notice ? (
            <p
              className="video-note"
              role="status"
              onClick={() => setNotice(null)}
              data-testid="video-notice"
            >
              {t(notice)}
            </p>
          ) : null}
          <div className="video-actions">
            {state === 'ended' ? (
              <button
                type="button"
                className="btn btn-secondary"
                data-testid="video-close"
                onClick={() => void client.call('video.hangup', {}).catch(() => undefined)}
              >
                {t('video.close')}
              </button>
            ) : (
              <button type="button" className="btn btn-help" data-testid="video-hangup" onClick={hangup}>
                {state === 'active' ? t('video.hangup') : t('video.cancel')}
              </button>
            )}
          </div>
        </aside>
      ) : null}
      {consent ? (
        <div className="dialog-backdrop video-consent-backdrop">
          <div
            className="dialog"
            role="alertdialog"
            aria-modal="true"
            aria-labelledby="video-consent-title"
            aria-describedby="video-consent-body"
            data-testid="video-consent"
          >
            <h2 id="video-consent-title">
              {t(consent === 'recording' ? 'video.consent.recording.title' : 'video.consent.identity.title')}
            </h2>
            <p id="video-consent-body">
              {t(consent === 'recording' ? 'video.consent.recording.body' : 'video.consent.identity.body')}
            </p>
            <div className="dialog-actions">
              <button
                type="button"
                className="btn btn-secondary"
                data-testid="video-consent-refuse"
                onClick={() => answerConsent(false)}
              >
                {t('video.consent.refuse')}
              </button>
              <button
                type="button"
                className="btn btn-primary"
                data-testid="video-consent-agree"
                onClick={() => answerConsent(true)}
              >
                {t('video.consent.agree')}
              </button>
            </div>
          </div>
        </div>
      ) : null}
      {pointer ? (
        <div
          className="video-pointer"
          data-testid="video-pointer"
          role="img"
          aria-label={t('video.pointer')}
          style={{ left: `${pointer.x * 100}%`, top: `${pointer.y * 100}%` }}
        />
      ) : null}
    </>
  );
}

function VideoTile({
  stream,
  label,
  testId,
  muted,
  small,
}: {
  stream: MediaStream | null;
  label: string;
  testId: string;
  muted?: boolean;
  small?: boolean;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return (
    <figure className={small ? 'video-tile video-tile-small' : 'video-tile'}>
      <video ref={ref} autoPlay playsInline muted={muted} data-testid={testId} aria-label={label} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}
