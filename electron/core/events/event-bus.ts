import { events, type EventName, type EventPayload } from '../../contract/index.ts';

export type EventListener = (name: EventName, payload: unknown) => void;

/** Core-side event fan-out to every connected shell; payloads are checked against the contract. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const parsed = events[name].parse(payload);
    for (const l of this.listeners) {
      try {
        l(name, parsed);
      } catch {
        // One broken subscriber (a closed socket) must not stop the others.
      }
    }
  }
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
