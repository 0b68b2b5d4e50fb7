import type { videoCalls, VideoStatus } from '../../contract/video.ts';
import { KioskError } from '../../contract/errors.ts';
import type { CoreDeps, Feature } from '../features/feature.ts';
import { AUDIT_KINDS } from '../audit/audit-kinds.ts';
import type { KioskIdentity } from '../sync/enrolment.ts';
import type { PlatformClient } from '../sync/platform-client.ts';
import { signRequest } from '../sync/signer.ts';
import { SignallingClient } from './signalling-client.ts';
import { CallTicketSchema, IceConfigSchema, type KioskToPlatform, type PlatformToKiosk } from './wire.ts';

type VideoCallName = keyof typeof videoCalls;

/** What the video feature needs of sync: the enrolled identity and its signed HTTP client. */
export interface VideoPlatformLink {
  identity: KioskIdentity | null;
  client: PlatformClient | null;
}

const IDLE: VideoStatus = {
  state: 'idle',
  callId: null,
  position: 0,
  waitSec: 0,
  agentName: null,
  signalling: false,
  ice: null,
  endedReason: null,
  identityDecision: null,
};

function maskId(id: string): string {
  return id.length <= 10
    ? '*'.repeat(id.length)
    : `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/**
 * Remote video 帮办, kiosk core side: the call ticket from the platform (signed with the enrolled
 * device identity), the signalling socket with resume, consent audit, and hang-up when the
 * resident's session is wiped. Media stays in the renderer (renderer/src/video/).
 */
export function createVideoFeature(
  deps: CoreDeps,
  o: {
    link: () => VideoPlatformLink;
    currentCard: () => Promise<{ name: string; idNumber: string } | null>;
  },
): Feature<VideoCallName> & { identityDecision(): 'verified' | 'rejected' | null } {
  let status: VideoStatus = IDLE;
  // The agent's identity decision outlives the call (residents hang up, then submit) but not the
  // resident: it belongs to the session it was made in and goes with the wipe.
  let decided: { sessionId: string; decision: 'verified' | 'rejected' } | null = null;
  let sig: SignallingClient | null = null;

  const set = (patch: Partial<VideoStatus>): VideoStatus => {
    status = { ...status, ...patch };
    deps.bus.emit('video.status', status);
    return status;
  };
  const stop = (state: 'idle' | 'ended', reason: string | null): void => {
    sig?.close();
    sig = null;
    set({ ...IDLE, state, callId: state === 'ended' ? status.callId : null, endedReason: reason });
  };
  const send = (m: KioskToPlatform): void => {
    if (!sig) throw new KioskError('conflict', 'no video call in progress', 'video.errors.noCall');
    sig.send(m);
  };

  const onMessage = (m: PlatformToKiosk): void => {
    switch (m.t) {
      case 'welcome':
        set({
          state: m.state === 'active' ? 'active' : m.state === 'ended' ? 'ended' : 'queued',
          position: m.position,
          waitSec: m.waitSec,
          agentName: m.agentName ?? status.agentName,
          ice: m.ice,
        });
        return;
      case 'queue':
        if (status.state === 'queued') set({ position: m.position, waitSec: m.waitSec });
        return;
      case 'answered':
        set({ state: 'active', agentName: m.agentName, position: 0, waitSec: 0 });
        deps.audit.append('video.answered', { callId: status.callId });
        return;
      case 'ended':
        deps.audit.append('video.ended', { callId: status.callId, reason: m.reason });
        if (m.reason === 'transferred') {
          // Back in the queue for another agent: the call and its socket stay.
          set({ state: 'queued', agentName: null });
          deps.bus.emit('video.message', { t: 'agent-link', up: false });
          return;
        }
        return stop('ended', m.reason);
      case 'identity-decision':
        deps.audit.append('video.identity-decision', { callId: status.callId, decision: m.decision });
        set({ identityDecision: m.decision });
        {
          const session = deps.sessions.current();
          decided = session ? { sessionId: session.id, decision: m.decision } : null;
        }
        deps.bus.emit('video.message', m);
        return;
      case 'consent-request':
        deps.audit.append('video.consent-asked', { callId: status.callId, purpose: m.what });
        deps.bus.emit('video.message', m);
        return;
      default:
        deps.bus.emit('video.message', m);
    }
  };

  const handlers: Feature<VideoCallName>['handlers'] = {
    'video.status': () => status,
    'video.call': async (req) => {
      if (sig && status.state !== 'ended') return status;
      const { identity, client } = o.link();
      if (!identity || !client)
        throw new KioskError('offline', 'kiosk is not enrolled with a platform', 'video.errors.unavailable');
      set({ ...IDLE, state: 'requesting' });
      let ticket;
      try {
        const r = await client.json<unknown>({
          method: 'POST',
          path: '/v1/video/calls',
          body: Buffer.from(JSON.stringify({ theme: req.theme })),
          timeoutMs: 8000,
        });
        const parsed = CallTicketSchema.safeParse(r.data);
        if (r.status !== 201 || !parsed.success) throw new Error(`platform answered ${r.status}`);
        ticket = parsed.data;
      } catch (e) {
        set(IDLE);
        deps.log.warn({ err: (e as Error).message }, 'video call not placed');
        throw new KioskError(
          'offline',
          `video call not placed: ${(e as Error).message}`,
          'video.errors.unavailable',
        );
      }
      deps.audit.append('video.call', { callId: ticket.callId, theme: req.theme });
      const base = new URL(identity.platformUrl);
      const wsUrl = `${base.protocol === 'https:' ? 'wss:' : 'ws:'}//${base.host}${ticket.wsPath}?call=${ticket.callId}`;
      set({ state: 'queued', callId: ticket.callId, ice: ticket.ice });
      // A hung-up call's socket lingers a moment; nothing it still says may touch the next call.
      const mine = (): boolean => sig === socket;
      const socket: SignallingClient = new SignallingClient({
        url: wsUrl,
        ca: identity.ca,
        headers: (pathWithQuery) => ({
          ...signRequest(identity.profile, identity.keys, {
            method: 'GET',
            url: pathWithQuery,
            body: null,
            kioskId: identity.kioskId,
            now: deps.clock.now(),
          }),
          'x-call-token': ticket.token,
        }),
        onMessage: (m) => mine() && onMessage(m),
        onLink: (up) => {
          if (!mine()) return;
          set({ signalling: up });
          if (!up) deps.log.info({ callId: ticket.callId }, 'video signalling down; resuming');
        },
        onGone: (code) => mine() && stop('ended', code === 410 ? 'gone' : 'refused'),
      });
      sig = socket;
      return status;
    },
    'video.ice': async () => {
      const { client } = o.link();
      if (!client || !status.callId || !status.ice)
        throw new KioskError('conflict', 'no video call in progress', 'video.errors.noCall');
      try {
        const r = await client.json<unknown>({
          method: 'POST',
          path: `/v1/video/calls/${status.callId}/ice`,
          body: Buffer.alloc(0),
          timeoutMs: 3000,
        });
        const parsed = IceConfigSchema.safeParse(r.data);
        if (r.status === 200 && parsed.success) {
          set({ ice: parsed.data });
          return parsed.data;
        }
      } catch {
        // Unreachable platform (the very cut being repaired): the last credentials may still work.
      }
      return status.ice;
    },
    'video.signal': (req) => {
      send({ t: 'signal', data: req.data });
      return { ok: true };
    },
    'video.hangup': () => {
      if (sig) {
        sig.send({ t: 'hangup' });
        deps.audit.append('video.ended', { callId: status.callId, reason: 'kiosk-hangup' });
      }
      // Give the hang-up a moment on the wire before the socket closes.
      const s = sig;
      sig = null;
      setTimeout(() => s?.close(), 200);
      set({ ...IDLE });
      return { ok: true };
    },
    'video.consent': async (req) => {
      deps.audit.append(AUDIT_KINDS.consentDecision, {
        matter: null,
        purpose: `video.${req.what}`,
        granted: req.granted,
      });
      send({ t: 'consent', what: req.what, granted: req.granted });
      if (req.what === 'identity' && req.granted) {
        const card = await o.currentCard().catch(() => null);
        send({ t: 'identity', card: card ? { name: card.name, idMasked: maskId(card.idNumber) } : null });
      }
      return { ok: true };
    },
    'video.proposal': (req) => {
      // Which field and the answer only; the proposed value may be personal and is not kept.
      deps.audit.append('video.proposal', {
        callId: status.callId,
        field: req.field,
        accepted: req.accepted,
      });
      send({ t: 'proposal-result', id: req.id, accepted: req.accepted });
      return { ok: true };
    },
  };

  let unhook: (() => void) | null = null;
  return {
    handlers,
    identityDecision: () =>
      decided && decided.sessionId === deps.sessions.current()?.id ? decided.decision : null,
    start() {
      // A call belongs to the resident who placed it: the wipe hangs it up.
      unhook = deps.sessions.onWipe(() => {
        decided = null;
        if (sig) void handlers['video.hangup']({}, { shell: 'web' });
      });
    },
    close() {
      unhook?.();
      sig?.close();
      sig = null;
    },
  };
}
