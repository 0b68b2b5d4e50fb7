import type { IceConfig, SignalData } from '../../../electron/contract/video.ts';

/**
 * The media path of a call, as a port: today plain peer-to-peer WebRTC (p2p-transport.ts); an SFU
 * (LiveKit, Janus) can implement the same shape later without touching the call UI.
 */
export type TransportState = 'new' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface TransportStats {
  framesDecoded: number;
  /** Kiosk camera uplink in kbps since the previous sample (the screen channel is counted by screen-share.ts). */
  cameraKbps: number;
  /** Uplink estimate from the selected candidate pair (null until the browser has one). */
  availableKbps: number | null;
  /** host / srflx / relay, and udp / tcp / tls for relays: logged per call to see the ICE path. */
  localCandidateType: string | null;
  relayProtocol: string | null;
}

export interface CallTransportEvents {
  /** SDP or a candidate for the agent, to go out through the core's signalling socket. */
  signal(data: SignalData): void;
  state(s: TransportState): void;
  remoteStream(s: MediaStream): void;
  /** Fresh TURN credentials before an ICE restart (the old ones may have expired). */
  refreshIce(): Promise<IceConfig | null>;
}

export interface CallTransport {
  /** Starts the call as the offering side with the local camera/mic. */
  start(local: MediaStream): Promise<void>;
  /** SDP or candidate from the agent. */
  receive(data: SignalData): Promise<void>;
  /** Screen share: deflated rrweb event batches in binary parts (frame-parts.ts). */
  sendScreen(part: Uint8Array): boolean;
  onScreenOpen(fn: () => void): void;
  /** Adds or removes the screen as a second video (getDisplayMedia fallback); renegotiates. */
  setScreenVideo(track: MediaStreamTrack | null): Promise<void>;
  /** Stops or resumes sending camera video (audio-only fallback). */
  setVideoSending(on: boolean): Promise<void>;
  stats(): Promise<TransportStats>;
  close(): void;
}
