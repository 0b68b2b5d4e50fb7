import { idcardMessagesZh, type IdcardMessageKey } from '../../electron/contract/idcard-messages.ts';

/**
 * Everything that can go wrong reading a card, as kinds a caller can act on. Each carries an i18n key
 * for the resident and a technical message for logs (no personal data in either).
 */
export type IdCardErrorKind =
  | 'no-card'
  | 'read-failed'
  | 'removed-mid-read'
  | 'card-auth'
  | 'card-type'
  | 'invalid-card'
  | 'no-content'
  | 'sam-fault'
  | 'bad-command'
  | 'bad-frame'
  | 'timeout'
  | 'disconnected'
  | 'device-fault';

export class IdCardError extends Error {
  readonly kind: IdCardErrorKind;
  readonly messageKey: IdcardMessageKey;
  /** SW3 of the reply that caused it, when it came from the reader. */
  readonly sw3: number | null;

  constructor(
    kind: IdCardErrorKind,
    messageKey: IdcardMessageKey,
    technical: string,
    sw3: number | null = null,
  ) {
    super(technical);
    this.name = 'IdCardError';
    this.kind = kind;
    this.messageKey = messageKey;
    this.sw3 = sw3;
  }

  /** The Chinese sentence for the resident (what the renderer shows for messageKey). */
  get residentMessage(): string {
    return idcardMessagesZh[this.messageKey];
  }
}

export function isIdCardError(e: unknown): e is IdCardError {
  return e instanceof IdCardError;
}
