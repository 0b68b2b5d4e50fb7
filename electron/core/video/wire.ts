import { z } from 'zod';
import { ConsentWhatSchema, IceConfigSchema, SignalDataSchema } from '../../contract/video.ts';

export { ConsentWhatSchema, IceConfigSchema, SignalDataSchema };
export type { ConsentWhat, IceConfig, SignalData } from '../../contract/video.ts';

/**
 * The signalling wire between kiosk core, dev platform and agent console (JSON over WebSocket at
 * /video/ws). One module for both ends, like signer.ts, so they cannot drift apart. Media never
 * passes here: SDP and ICE candidates do, plus the structured help messages (proposal, pointer,
 * consent) that the spec asks for instead of remote control.
 */

export const CallStateSchema = z.enum(['queued', 'offered', 'active', 'ended']);

const FieldKey = z.string().min(1).max(120);

/** Kiosk → platform. */
export const KioskToPlatformSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('signal'), data: SignalDataSchema }),
  z.object({ t: z.literal('hangup') }),
  z.object({ t: z.literal('consent'), what: ConsentWhatSchema, granted: z.boolean() }),
  z.object({ t: z.literal('proposal-result'), id: z.string().max(64), accepted: z.boolean() }),
  /** Sent only after the resident consented to remote identity verification. */
  z.object({
    t: z.literal('identity'),
    card: z.object({ name: z.string().max(60), idMasked: z.string().max(30) }).nullable(),
  }),
]);
export type KioskToPlatform = z.infer<typeof KioskToPlatformSchema>;

/** Platform → kiosk. */
export const PlatformToKioskSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('welcome'),
    callId: z.string(),
    state: CallStateSchema,
    position: z.number().int().min(0),
    waitSec: z.number().int().min(0),
    agentName: z.string().nullable(),
    ice: IceConfigSchema,
  }),
  z.object({ t: z.literal('queue'), position: z.number().int().min(0), waitSec: z.number().int().min(0) }),
  z.object({ t: z.literal('answered'), agentName: z.string() }),
  z.object({ t: z.literal('signal'), data: SignalDataSchema }),
  z.object({
    t: z.literal('propose'),
    id: z.string().max(64),
    field: FieldKey,
    value: z.string().max(200),
  }),
  z.object({
    t: z.literal('pointer'),
    x: z.number().min(0).max(1),
    y: z.number().min(0).max(1),
  }),
  z.object({ t: z.literal('consent-request'), what: ConsentWhatSchema }),
  z.object({ t: z.literal('identity-decision'), decision: z.enum(['verified', 'rejected']) }),
  z.object({ t: z.literal('agent-link'), up: z.boolean() }),
  /** The agent asks for (or stops) the screen as video: what rrweb cannot show (canvas, native UI). */
  z.object({ t: z.literal('screen-video'), on: z.boolean() }),
  z.object({ t: z.literal('ended'), reason: z.string().max(40) }),
]);
export type PlatformToKiosk = z.infer<typeof PlatformToKioskSchema>;

/** Agent console → platform. */
export const AgentToPlatformSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('available'),
    on: z.boolean(),
    skills: z.array(z.string().max(60)).max(50).optional(),
  }),
  z.object({ t: z.literal('answer'), callId: z.string().max(64) }),
  z.object({ t: z.literal('signal'), data: SignalDataSchema }),
  z.object({ t: z.literal('propose'), id: z.string().max(64), field: FieldKey, value: z.string().max(200) }),
  z.object({ t: z.literal('pointer'), x: z.number().min(0).max(1), y: z.number().min(0).max(1) }),
  z.object({ t: z.literal('consent-request'), what: ConsentWhatSchema }),
  z.object({ t: z.literal('identity-decision'), decision: z.enum(['verified', 'rejected']) }),
  z.object({ t: z.literal('notes'), text: z.string().max(2000) }),
  z.object({ t: z.literal('screen-video'), on: z.boolean() }),
  /** Back to the queue for another agent (the simplest transfer: this agent is skipped once). */
  z.object({ t: z.literal('transfer') }),
  z.object({ t: z.literal('hangup') }),
]);
export type AgentToPlatform = z.infer<typeof AgentToPlatformSchema>;

/** The answer to the kiosk's signed POST /v1/video/calls. */
export const CallTicketSchema = z.object({
  callId: z.string(),
  /** Bearer secret for the signalling socket; with the device signature it resumes the call. */
  token: z.string().min(32).max(128),
  wsPath: z.string(),
  ice: IceConfigSchema,
});
export type CallTicket = z.infer<typeof CallTicketSchema>;
