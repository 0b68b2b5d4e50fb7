/**
 * What can go wrong between a scanner and a decoded code. Every failure of the parsers is one of
 * these kinds (never a RangeError from a bad index), so a garbled report is logged and dropped and the
 * next scan still works.
 */
export type ScanErrorKind =
  | 'short-report'
  | 'wrong-report-id'
  | 'bad-length'
  | 'too-long'
  | 'symbology-changed'
  | 'incomplete'
  | 'not-text';

export class ScanError extends Error {
  readonly kind: ScanErrorKind;
  constructor(kind: ScanErrorKind, message: string) {
    super(message);
    this.name = 'ScanError';
    this.kind = kind;
  }
}
