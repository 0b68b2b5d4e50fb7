import type { z } from 'zod';
import {
  calls,
  isCallName,
  KioskError,
  MAX_PAYLOAD_BYTES,
  type CallName,
  type CallResponse,
  type Calls,
  type Envelope,
} from '../contract/index.ts';
import type { Logger } from './log/logger.ts';

export interface CallContext {
  shell: 'electron' | 'web';
}
export type Handler<K extends CallName> = (
  request: z.output<Calls[K]['request']>,
  ctx: CallContext,
) => CallResponse<K> | Promise<CallResponse<K>>;
export type Handlers = { [K in CallName]: Handler<K> };

export type Dispatch = (channel: unknown, payload: unknown, ctx: CallContext) => Promise<Envelope>;

function payloadSize(payload: unknown): number {
  try {
    const json = JSON.stringify(payload ?? {});
    return json === undefined ? 0 : Buffer.byteLength(json);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * The single door into the core for every transport. Whatever arrives (wrong channel, wrong types,
 * a huge or cyclic payload, a throwing handler) leaves as an envelope; nothing here can crash the core.
 */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (channel, payload, ctx) => {
    try {
      if (!isCallName(channel)) {
        throw new KioskError(
          'unknown-channel',
          `unknown channel ${JSON.stringify(String(channel).slice(0, 80))}`,
        );
      }
      const size = payloadSize(payload);
      if (size > MAX_PAYLOAD_BYTES) {
        throw new KioskError(
          'too-large',
          `payload for ${channel} is ${size} bytes, limit ${MAX_PAYLOAD_BYTES}`,
        );
      }
      const def = calls[channel];
      const req = def.request.safeParse(payload ?? {});
      if (!req.success) {
        // Paths and codes only: the values may be a resident's personal data.
        const issues = req.error.issues.map((i) => `${i.path.join('.') || '(root)'}:${i.code}`).join(', ');
        throw new KioskError('bad-request', `invalid request for ${channel}: ${issues}`);
      }
      const handler = handlers[channel] as Handler<typeof channel>;
      const value = await handler(req.data as never, ctx);
      const res = def.response.safeParse(value);
      if (!res.success)
        throw new KioskError('internal', `handler for ${channel} returned a value outside the contract`);
      return { ok: true, value: res.data };
    } catch (e) {
      if (e instanceof KioskError) {
        if (e.kind === 'internal') log.error({ channel: String(channel), detail: e.message }, 'call failed');
        else log.warn({ channel: String(channel), kind: e.kind, detail: e.message }, 'call rejected');
        return { ok: false, error: e.toData() };
      }
      log.error({ channel: String(channel), err: e }, 'handler threw');
      return { ok: false, error: new KioskError('internal', 'internal error').toData() };
    }
  };
}
