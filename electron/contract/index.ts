import { z } from 'zod';
import { KioskErrorSchema, type KioskErrorData } from './errors.ts';
import type { CallName, CallRequest, CallResponse } from './calls.ts';
import type { EventName, EventPayload } from './events.ts';

export * from './calls.ts';
export * from './events.ts';
export * from './errors.ts';

/** Largest request a transport accepts, in bytes of JSON. Attachments travel another way. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** Every response crosses the boundary in this envelope, so errors keep their kind over IPC. */
export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: KioskErrorData };
export const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: KioskErrorSchema }),
]);

export * from './ipc.ts';

/** What the renderer sees as `window.kiosk`, whichever shell it runs in. */
export interface KioskBridge {
  readonly shell: 'electron' | 'web';
  invoke(channel: CallName, payload: unknown): Promise<Envelope>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** The typed client the renderer and tests use over any bridge. */
export interface KioskClient {
  call<K extends CallName>(name: K, request: CallRequest<K>): Promise<CallResponse<K>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
