import { z } from 'zod';

/**
 * Error kinds survive every boundary (IPC, HTTP, WebSocket) as plain data, so the renderer can react
 * to the kind and show the resident a message from the i18n catalogue, never a stack trace.
 */
export const errorKinds = [
  'bad-request',
  'unknown-channel',
  'too-large',
  'unauthorized',
  'disconnected',
  'timeout',
  'device-fault',
  'bad-frame',
  'rejected',
  'offline',
  'not-found',
  'conflict',
  'internal',
] as const;
export const ErrorKindSchema = z.enum(errorKinds);
export type ErrorKind = z.infer<typeof ErrorKindSchema>;

export const KioskErrorSchema = z.object({
  kind: ErrorKindSchema,
  /** Key into the renderer's i18n catalogue (errors.<kind> unless a more specific one exists). */
  messageKey: z.string().max(120),
  /** Technical detail for logs and technicians; never holds personal data. */
  detail: z.string().max(2000),
});
export type KioskErrorData = z.infer<typeof KioskErrorSchema>;

export class KioskError extends Error {
  readonly kind: ErrorKind;
  readonly messageKey: string;
  constructor(kind: ErrorKind, detail: string, messageKey = `errors.${kind}`) {
    super(detail);
    this.name = 'KioskError';
    this.kind = kind;
    this.messageKey = messageKey;
  }
  toData(): KioskErrorData {
    return { kind: this.kind, messageKey: this.messageKey, detail: this.message.slice(0, 2000) };
  }
  static fromData(data: KioskErrorData): KioskError {
    return new KioskError(data.kind, data.detail, data.messageKey);
  }
}

export function isKioskError(e: unknown): e is KioskError {
  return e instanceof KioskError;
}
