import type { idcardZhCN } from './idcard.zh-CN.ts';

export const idcardEn: Record<keyof typeof idcardZhCN, string> = {
  'idcard.prompt': 'Please place your ID card on the reader',
  'idcard.reading': 'Reading your ID card, please keep it still',
  'idcard.readOk': 'Card read',
  'idcard.noCard': 'No ID card detected. Please place your ID card on the reader',
  'idcard.readFailed': 'Could not read the card. Lay it flat on the reader and keep it still',
  'idcard.removedMidRead': 'The card was moved away. Please place it again and keep it still',
  'idcard.cardAuth': 'The card could not be verified. Place it again; if it fails again, ask staff',
  'idcard.cardType': 'This card is not recognised. Please use an ID card or residence permit',
  'idcard.invalidCard': 'The card data failed verification. Please ask staff',
  'idcard.samFault': 'The card reader has a fault. Please ask staff',
  'idcard.badFrame': 'Card reader communication error, retrying. Please keep the card still',
  'idcard.timeout': 'The card reader did not respond. Please try again shortly',
  'idcard.disconnected': 'The card reader is not connected. Please ask staff',
  'idcard.deviceFault': 'The card reader reported an error. Please ask staff',
  'idcard.notSimulated': 'Inserting a demo card only works in demo mode',
};
