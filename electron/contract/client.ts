import {
  calls,
  events,
  KioskError,
  EnvelopeSchema,
  type CallName,
  type CallRequest,
  type CallResponse,
  type EventName,
  type EventPayload,
  type KioskBridge,
  type KioskClient,
} from './index.ts';

/**
 * Wraps a raw bridge (preload object or web bridge) into the typed client: requests are checked
 * before they leave, responses and events are checked when they arrive, errors become KioskError.
 */
export function createClient(bridge: KioskBridge): KioskClient {
  return {
    async call<K extends CallName>(name: K, request: CallRequest<K>): Promise<CallResponse<K>> {
      const def = calls[name];
      const req = def.request.safeParse(request);
      if (!req.success)
        throw new KioskError('bad-request', `request for ${name} does not match the contract`);
      const raw = await bridge.invoke(name, req.data);
      const env = EnvelopeSchema.safeParse(raw);
      if (!env.success) throw new KioskError('internal', `malformed envelope for ${name}`);
      if (!env.data.ok) throw KioskError.fromData(env.data.error);
      const res = def.response.safeParse(env.data.value);
      if (!res.success) throw new KioskError('internal', `response for ${name} does not match the contract`);
      return res.data as CallResponse<K>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return bridge.on(event, (payload) => {
        const parsed = events[event].safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<E>);
      });
    },
  };
}
