import { z } from 'zod';

/**
 * Remote video 帮办 (issue 10) between renderer and core. The core holds the call: it asks the
 * platform for a call (signed with the kiosk's enrolled identity), keeps the signalling socket and
 * resumes it with the call token after a cut. The renderer holds the media (RTCPeerConnection) and
 * passes SDP/ICE through `video.signal`; everything the agent sends arrives as `video.message`.
 */

/** SDP or one ICE candidate, passed through untouched between the two browsers. */
export const SignalDataSchema = z.union([
  z.object({ sdp: z.object({ type: z.enum(['offer', 'answer']), sdp: z.string().max(60_000) }) }),
  z.object({
    candidate: z
      .object({
        candidate: z.string().max(1000),
        sdpMid: z.string().max(64).nullable().optional(),
        sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
      })
      .nullable(),
  }),
]);
export type SignalData = z.infer<typeof SignalDataSchema>;

export const IceConfigSchema = z.object({
  iceServers: z
    .array(
      z.object({
        urls: z.array(z.string().max(200)).max(8),
        username: z.string().max(200).optional(),
        credential: z.string().max(200).optional(),
      }),
    )
    .max(8),
  iceTransportPolicy: z.enum(['all', 'relay']),
  /** When the TURN credentials stop working (ms since epoch): fetch fresh ones before an ICE restart. */
  expiresAt: z.number().int(),
});
export type IceConfig = z.infer<typeof IceConfigSchema>;

export const ConsentWhatSchema = z.enum(['recording', 'identity']);
export type ConsentWhat = z.infer<typeof ConsentWhatSchema>;

export const VideoStatusSchema = z.object({
  /** idle: no call; requesting: asking the platform; queued: waiting for an agent; active: talking. */
  state: z.enum(['idle', 'requesting', 'queued', 'active', 'ended']),
  callId: z.string().nullable(),
  /** 1 = next in line. */
  position: z.number().int().min(0),
  waitSec: z.number().int().min(0),
  agentName: z.string().nullable(),
  /** False while the signalling socket is down and being resumed (the call itself is kept). */
  signalling: z.boolean(),
  ice: IceConfigSchema.nullable(),
  /** i18n-free reason code when state is ended (agent-hangup, kiosk-hangup, kiosk-lost, …). */
  endedReason: z.string().nullable(),
  /**
   * The agent's remote identity decision in this call (after the resident's consent), for the flow
   * to put into the application; null until the agent decided.
   */
  identityDecision: z.enum(['verified', 'rejected']).nullable(),
});
export type VideoStatus = z.infer<typeof VideoStatusSchema>;

export const VideoMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('signal'), data: SignalDataSchema }),
  /** The agent proposes a value; the renderer fills the field only on the resident's tap. */
  z.object({
    t: z.literal('propose'),
    id: z.string().max(64),
    field: z.string().max(120),
    value: z.string().max(200),
  }),
  /** The agent points at (x, y), fractions of the kiosk's viewport. */
  z.object({ t: z.literal('pointer'), x: z.number().min(0).max(1), y: z.number().min(0).max(1) }),
  z.object({ t: z.literal('consent-request'), what: ConsentWhatSchema }),
  z.object({ t: z.literal('identity-decision'), decision: z.enum(['verified', 'rejected']) }),
  z.object({ t: z.literal('agent-link'), up: z.boolean() }),
  /** The agent asks for (or stops) the kiosk screen as video (getDisplayMedia, the kiosk window only). */
  z.object({ t: z.literal('screen-video'), on: z.boolean() }),
]);
export type VideoMessage = z.infer<typeof VideoMessageSchema>;

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

export const videoCalls = {
  /** 呼叫帮办: queue a call (matter theme for skills routing, when the resident is in a matter). */
  'video.call': {
    request: z.object({ theme: z.string().max(60).nullable().default(null) }).strict(),
    response: VideoStatusSchema,
  },
  'video.status': { request: Empty, response: VideoStatusSchema },
  /** Fresh TURN credentials from the platform, asked for right before an ICE restart. */
  'video.ice': { request: Empty, response: IceConfigSchema },
  /** SDP/ICE from the renderer's peer connection to the agent (queued while signalling is down). */
  'video.signal': { request: z.object({ data: SignalDataSchema }).strict(), response: Ok },
  'video.hangup': { request: Empty, response: Ok },
  /** The resident's answer to a consent request (audited on kiosk and platform). */
  'video.consent': {
    request: z.object({ what: ConsentWhatSchema, granted: z.boolean() }).strict(),
    response: Ok,
  },
  /** The resident confirmed or rejected a proposal (the renderer fills the field itself on confirm). */
  'video.proposal': {
    request: z.object({ id: z.string().max(64), field: z.string().max(120), accepted: z.boolean() }).strict(),
    response: Ok,
  },
} as const;

export const videoEvents = {
  'video.status': VideoStatusSchema,
  'video.message': VideoMessageSchema,
} as const;
