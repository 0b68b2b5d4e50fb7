import { IdCardError, type IdCardErrorKind } from './errors.ts';
import type { IdcardMessageKey } from '../../electron/contract/idcard-messages.ts';

/** SW3 codes seen on the wire (spec §1.4). Host-DLL codes (01, 02, 03, 05, 09) never appear here. */
export const SW3 = {
  OK: 0x90,
  FIND_OK: 0x9f,
  NO_CONTENT: 0x91,
  CHECKSUM: 0x10,
  LENGTH: 0x11,
  BAD_COMMAND: 0x21,
  NOT_PERMITTED: 0x23,
  UNRECOGNISED: 0x24,
  CARD_AUTH_SAM: 0x31,
  SAM_AUTH_CARD: 0x32,
  INFO_VERIFY: 0x33,
  FINGERPRINT: 0x37,
  INFO_LENGTH: 0x3f,
  CARD_TYPE: 0x40,
  READ_FAILED: 0x41,
  RANDOM_FAILED: 0x47,
  SELF_TEST: 0x60,
  NOT_AUTHORISED: 0x66,
  FIND_FAILED: 0x80,
  SELECT_FAILED: 0x81,
} as const;

interface StatusInfo {
  kind: IdCardErrorKind;
  key: IdcardMessageKey;
  technical: string;
}

const table: Record<number, StatusInfo> = {
  [SW3.NO_CONTENT]: {
    kind: 'no-content',
    key: 'idcard.readFailed',
    technical: 'card has no content for this item',
  },
  [SW3.CHECKSUM]: {
    kind: 'bad-frame',
    key: 'idcard.badFrame',
    technical: 'reader saw a checksum error in our request',
  },
  [SW3.LENGTH]: {
    kind: 'bad-frame',
    key: 'idcard.badFrame',
    technical: 'reader saw a length error in our request',
  },
  [SW3.BAD_COMMAND]: {
    kind: 'bad-command',
    key: 'idcard.deviceFault',
    technical: 'reader rejected the command (bad values or combination)',
  },
  [SW3.NOT_PERMITTED]: {
    kind: 'sam-fault',
    key: 'idcard.samFault',
    technical: 'operation not permitted (越权)',
  },
  [SW3.UNRECOGNISED]: {
    kind: 'device-fault',
    key: 'idcard.deviceFault',
    technical: 'reader reported an unrecognised error',
  },
  [SW3.CARD_AUTH_SAM]: {
    kind: 'card-auth',
    key: 'idcard.cardAuth',
    technical: 'card failed to authenticate the SAM',
  },
  [SW3.SAM_AUTH_CARD]: {
    kind: 'card-auth',
    key: 'idcard.cardAuth',
    technical: 'SAM failed to authenticate the card',
  },
  [SW3.INFO_VERIFY]: {
    kind: 'read-failed',
    key: 'idcard.readFailed',
    technical: 'information verification error',
  },
  [SW3.FINGERPRINT]: {
    kind: 'read-failed',
    key: 'idcard.readFailed',
    technical: 'fingerprint verification error (0x37, unconfirmed wire code)',
  },
  [SW3.INFO_LENGTH]: {
    kind: 'read-failed',
    key: 'idcard.readFailed',
    technical: 'information length error (0x3F, unconfirmed wire code)',
  },
  [SW3.CARD_TYPE]: { kind: 'card-type', key: 'idcard.cardType', technical: 'unrecognised card type' },
  [SW3.READ_FAILED]: { kind: 'read-failed', key: 'idcard.readFailed', technical: 'read card failed' },
  [SW3.RANDOM_FAILED]: { kind: 'read-failed', key: 'idcard.readFailed', technical: 'get-random failed' },
  [SW3.SELF_TEST]: {
    kind: 'sam-fault',
    key: 'idcard.samFault',
    technical: 'SAM self-test failed; it accepts no commands',
  },
  [SW3.NOT_AUTHORISED]: { kind: 'sam-fault', key: 'idcard.samFault', technical: 'SAM not authorised' },
  [SW3.FIND_FAILED]: {
    kind: 'no-card',
    key: 'idcard.noCard',
    technical: 'find card failed (no card in the field)',
  },
  [SW3.SELECT_FAILED]: { kind: 'read-failed', key: 'idcard.readFailed', technical: 'select card failed' },
};

export function isSuccess(sw3: number): boolean {
  return sw3 === SW3.OK || sw3 === SW3.FIND_OK;
}

/** The typed error for a non-success SW3 (SW1/SW2 are the card's APDU status, kept for technicians). */
export function statusError(sw3: number, sw1 = 0, sw2 = 0, step = ''): IdCardError {
  const info = table[sw3] ?? {
    kind: 'device-fault' as const,
    key: 'idcard.deviceFault' as const,
    technical: 'unknown status code',
  };
  const code = `SW3=${sw3.toString(16).toUpperCase().padStart(2, '0')}`;
  const apdu = sw1 || sw2 ? ` SW1SW2=${((sw1 << 8) | sw2).toString(16).toUpperCase().padStart(4, '0')}` : '';
  return new IdCardError(
    info.kind,
    info.key,
    `${step ? `${step}: ` : ''}${info.technical} (${code}${apdu})`,
    sw3,
  );
}
