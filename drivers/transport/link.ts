/**
 * A link is one open byte-stream connection to a device (a serial port, a USB interface, a HID
 * device, a TCP socket). It knows nothing about reconnecting; ReconnectingTransport does that for
 * every kind of link alike.
 */
export interface Link {
  /** Resolves once the bytes are handed to the OS/device (serial: drained). */
  write(data: Uint8Array): Promise<void>;
  /** Idempotent. After close() the link never calls onData/onClose again. */
  close(): Promise<void>;
}

export interface LinkHandlers {
  onData(chunk: Buffer): void;
  /** The device went away by itself (unplug, far end closed). Not called for close(). */
  onClose(err?: Error): void;
}

/** Opens one link; rejects when the device is not there (yet). Called again on every reconnect. */
export type LinkOpener = (handlers: LinkHandlers) => Promise<Link>;

export type TransportState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface TransportStateEvent {
  state: TransportState;
  /** Technical detail for logs (never personal data): the last error or the device path. */
  detail: string;
  /** Consecutive failed open attempts since the link was last open. */
  attempt: number;
}

/** The generic duplex byte stream drivers talk to. */
export interface ByteTransport {
  readonly state: TransportState;
  readonly description: string;
  start(): void;
  stop(): Promise<void>;
  write(data: Uint8Array): Promise<void>;
  onData(fn: (chunk: Buffer) => void): () => void;
  onState(fn: (ev: TransportStateEvent) => void): () => void;
  /** Resolves when open; rejects with TransportError('timeout') after timeoutMs. */
  waitOpen(timeoutMs: number): Promise<void>;
}

export type TransportErrorKind = 'disconnected' | 'timeout' | 'closed';

export class TransportError extends Error {
  readonly kind: TransportErrorKind;
  constructor(kind: TransportErrorKind, message: string) {
    super(message);
    this.name = 'TransportError';
    this.kind = kind;
  }
}
