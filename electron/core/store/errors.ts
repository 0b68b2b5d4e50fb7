/** Store failures the app reacts to by kind (refuse to start, show technician page), not by message. */
export type StoreErrorKind = 'from-future' | 'diverged' | 'bad-migration' | 'corrupted' | 'readonly';

export class StoreError extends Error {
  readonly kind: StoreErrorKind;
  constructor(kind: StoreErrorKind, message: string) {
    super(message);
    this.name = 'StoreError';
    this.kind = kind;
  }
}
