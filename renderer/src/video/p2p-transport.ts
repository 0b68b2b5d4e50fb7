import type { IceConfig, SignalData } from '../../../electron/contract/video.ts';
import type { CallTransport, CallTransportEvents, TransportStats } from './call-transport.ts';

/** Camera at 480p/15 fps, capped: enough to see a face and a document on a village uplink. */
const CAMERA_MAX_BPS = 600_000;
/** Screen as video: a few frames a second is enough to read a form, at the spec's 400–800 kbps. */
const SCREEN_MAX_BPS = 600_000;
/** After `disconnected`, wait this long for ICE to come back by itself before restarting it. */
const RESTART_GRACE_MS = 1200;

/**
 * Plain P2P WebRTC. The kiosk is always the offering side, so an ICE restart is always the kiosk's
 * new offer and the two ends never glare. Reconnection: `disconnected` starts a short timer, then
 * restartIce() with fresh TURN credentials; `failed` restarts at once. Offers made while the
 * signalling socket is down are queued by the core and delivered when it resumes.
 */
export class P2PTransport implements CallTransport {
  readonly pc: RTCPeerConnection;
  private readonly ev: CallTransportEvents;
  private screen: RTCDataChannel | null = null;
  private screenOpen: (() => void)[] = [];
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private videoSender: RTCRtpSender | null = null;
  private screenSender: RTCRtpSender | null = null;
  private lastSample: { at: number; camera: number } | null = null;
  private remote = new MediaStream();
  restarts = 0;
  private inbox: Promise<void> = Promise.resolve();

  constructor(ice: IceConfig, ev: CallTransportEvents) {
    this.ev = ev;
    this.pc = new RTCPeerConnection({
      iceServers: ice.iceServers,
      iceTransportPolicy: ice.iceTransportPolicy,
    });
    this.pc.onicecandidate = (e) =>
      ev.signal({ candidate: e.candidate ? (e.candidate.toJSON() as never) : null });
    this.pc.onnegotiationneeded = () => void this.offer();
    this.pc.ontrack = (e) => {
      this.remote.addTrack(e.track);
      ev.remoteStream(this.remote);
    };
    this.pc.onconnectionstatechange = () => {
      const s = this.pc.connectionState;
      if (s === 'connected') {
        this.clearRestart();
        ev.state('connected');
      } else if (s === 'disconnected') {
        ev.state('reconnecting');
        this.scheduleRestart(RESTART_GRACE_MS);
      } else if (s === 'failed') {
        ev.state('reconnecting');
        this.scheduleRestart(0);
      } else if (s === 'closed') ev.state('closed');
      else ev.state('connecting');
    };
  }

  async start(local: MediaStream): Promise<void> {
    // Reliable and ordered: a lost DOM mutation would leave the agent's replay wrong until the next snapshot.
    this.screen = this.pc.createDataChannel('screen', { ordered: true });
    this.screen.onopen = () => this.screenOpen.forEach((f) => f());
    for (const t of local.getTracks()) {
      const sender = this.pc.addTrack(t, local);
      if (t.kind === 'video') this.videoSender = sender;
    }
    if (this.videoSender) {
      const p = this.videoSender.getParameters();
      p.encodings = [{ ...(p.encodings?.[0] ?? {}), maxBitrate: CAMERA_MAX_BPS, maxFramerate: 15 }];
      await this.videoSender.setParameters(p).catch(() => undefined);
    }
  }

  onScreenOpen(fn: () => void): void {
    if (this.screen?.readyState === 'open') fn();
    this.screenOpen.push(fn);
  }

  sendScreen(part: Uint8Array): boolean {
    if (this.screen?.readyState !== 'open') return false;
    this.screen.send(part as Uint8Array<ArrayBuffer>);
    return true;
  }

  /**
   * Signals are applied strictly in arrival order: a candidate handed to addIceCandidate before the
   * answer it belongs to has been applied is rejected, and a lost relay candidate can sink a
   * relay-only call (the TURN permission for the peer is never created).
   */
  receive(data: SignalData): Promise<void> {
    this.inbox = this.inbox.then(() => this.apply(data)).catch(() => undefined);
    return this.inbox;
  }

  private async apply(data: SignalData): Promise<void> {
    if ('sdp' in data) {
      // Only answers come to the offering side; a stale one (after a newer restart offer) is dropped.
      if (data.sdp.type === 'answer' && this.pc.signalingState === 'have-local-offer')
        await this.pc.setRemoteDescription(data.sdp);
    } else if (data.candidate) {
      await this.pc.addIceCandidate(data.candidate).catch(() => undefined);
    }
  }

  async setScreenVideo(track: MediaStreamTrack | null): Promise<void> {
    if (this.screenSender) {
      this.pc.removeTrack(this.screenSender);
      this.screenSender = null;
    }
    if (!track) return;
    // A stream of its own, so the agent tells the screen from the camera by stream id.
    this.screenSender = this.pc.addTrack(track, new MediaStream([track]));
    const p = this.screenSender.getParameters();
    p.encodings = [{ ...(p.encodings?.[0] ?? {}), maxBitrate: SCREEN_MAX_BPS, maxFramerate: 5 }];
    await this.screenSender.setParameters(p).catch(() => undefined);
  }

  async setVideoSending(on: boolean): Promise<void> {
    if (!this.videoSender) return;
    const p = this.videoSender.getParameters();
    if (!p.encodings?.length) return;
    p.encodings = p.encodings.map((e) => ({ ...e, active: on }));
    await this.videoSender.setParameters(p).catch(() => undefined);
  }

  async stats(): Promise<TransportStats> {
    const report = await this.pc.getStats();
    let framesDecoded = 0;
    let camera = 0;
    let availableKbps: number | null = null;
    let localCandidateType: string | null = null;
    let relayProtocol: string | null = null;
    let pairId: string | undefined;
    report.forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') framesDecoded += Number(s.framesDecoded ?? 0);
      if (s.type === 'outbound-rtp' && s.kind === 'video') camera += Number(s.bytesSent ?? 0);
      if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string')
        pairId = s.selectedCandidatePairId;
    });
    const pair = pairId ? (report.get(pairId) as Record<string, unknown> | undefined) : undefined;
    if (pair) {
      if (typeof pair.availableOutgoingBitrate === 'number')
        availableKbps = pair.availableOutgoingBitrate / 1000;
      const local = report.get(String(pair.localCandidateId)) as Record<string, unknown> | undefined;
      localCandidateType = (local?.candidateType as string | undefined) ?? null;
      relayProtocol = (local?.relayProtocol as string | undefined) ?? null;
    }
    const now = performance.now();
    const last = this.lastSample;
    this.lastSample = { at: now, camera };
    const secs = last ? (now - last.at) / 1000 : 0;
    return {
      framesDecoded,
      cameraKbps: last && secs > 0 ? ((camera - last.camera) * 8) / 1000 / secs : 0,
      availableKbps,
      localCandidateType,
      relayProtocol,
    };
  }

  close(): void {
    this.clearRestart();
    this.pc.close();
  }

  private async offer(): Promise<void> {
    try {
      const offer = await this.pc.createOffer();
      if (this.pc.signalingState !== 'stable') return;
      await this.pc.setLocalDescription(offer);
      const d = this.pc.localDescription;
      if (d && d.type === 'offer') this.ev.signal({ sdp: { type: 'offer', sdp: d.sdp } });
    } catch {
      // A negotiation overtaken by a newer one; the newer one carries the changes.
    }
  }

  private scheduleRestart(ms: number): void {
    if (this.restartTimer) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      const s = this.pc.connectionState;
      if (s !== 'disconnected' && s !== 'failed') return;
      void this.ev.refreshIce().then((ice) => {
        if (ice)
          this.pc.setConfiguration({
            iceServers: ice.iceServers,
            iceTransportPolicy: ice.iceTransportPolicy,
          });
        this.restarts++;
        if (this.pc.signalingState === 'have-local-offer') {
          // The previous offer's answer was lost in the cut: roll back and offer again with new ICE.
          void this.pc.setLocalDescription({ type: 'rollback' }).then(() => this.pc.restartIce());
        } else this.pc.restartIce();
        // Keep trying while the link is still down (each restart gathers afresh).
        this.scheduleRestart(3000);
      });
    }, ms);
  }

  private clearRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }
}
