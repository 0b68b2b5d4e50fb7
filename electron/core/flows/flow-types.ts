import type { LicenceRef } from '../../contract/flows.ts';
import type { LicenceType } from '../../contract/lookups.ts';

/**
 * A flow is data: ordered steps, fields keyed by the data dictionary, materials keyed by the
 * material library, each optionally guarded by a condition. `buildFlow` makes one from catalogue
 * entries (a matter, or a bundle's members merged); `FlowRun` walks it for one resident.
 */

/** What a condition may look at: an answer (by dictionary key) or a derived fact (`$…`). */
export type Condition =
  | { key: string; eq?: string | boolean | number; ne?: string | boolean | number; in?: string[] }
  | { key: string; gte?: number; lt?: number }
  | { key: string; present: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export type FieldType =
  'name' | 'id-number' | 'phone' | 'enum' | 'date' | 'address' | 'region' | 'text' | 'number' | 'credit-code';

export interface FieldSpec {
  key: string;
  label: string;
  type: FieldType | string;
  group: string;
  required: boolean;
  personal: boolean;
  /** JSON Schema subset from the data dictionary: pattern, minLength, maxLength, enum, minimum, format. */
  schema: Record<string, unknown>;
  /** Member matters that ask for this field (one for a single matter). */
  usedBy: string[];
  when?: Condition;
}

export interface MaterialSpec {
  key: string;
  name: string;
  required: boolean;
  deferrable: boolean;
  /** Name of the 电子证照 that can stand in for the paper, when one exists. */
  elicence: string | null;
  /** The e-licence the platform's lookup serves for it (from `elicence`), when it serves one. */
  licenceType: LicenceType | null;
  usedBy: string[];
  when?: Condition;
  /** Satisfied by the flow itself: the card read (居民身份证) or the 告知承诺 step (承诺书). */
  coveredBy?: 'card' | 'promise';
}

export type StepKind = 'identify' | 'face' | 'form' | 'materials' | 'promise' | 'sign' | 'review';

export interface StepSpec {
  id: string;
  kind: StepKind;
  /** Section title for form steps (申请人信息 …); i18n key otherwise is derived from kind. */
  title: string;
  fields: string[];
  when?: Condition;
}

export interface MemberSpec {
  id: string;
  name: string;
  implCode: string;
  /** 即办件 = 1, 承诺件 = 2 (GB/T 39046 A.6). */
  typeCode: '1' | '2';
  timeLimit: string;
  fields: string[];
  materials: string[];
  optional: boolean;
}

export interface FlowDef {
  kind: 'matter' | 'bundle';
  id: string;
  name: string;
  members: MemberSpec[];
  steps: StepSpec[];
  fields: Record<string, FieldSpec>;
  materials: MaterialSpec[];
  faceRequired: boolean;
  /** Manual ID entry (with the check digit) is offered only when no member needs face or card proof. */
  manualIdAllowed: boolean;
  commitment: boolean;
  /** Sum over members before merging, for the "asked once" comparison. */
  totals: { fields: number; materials: number };
}

/** Card facts the engine keeps: never the photo, never more than a form could ask. */
export interface Identity {
  source: 'card' | 'manual' | 'net-id';
  name: string;
  idNumber: string;
  gender: string | null;
  birthDate: string | null;
  address: string | null;
}

export type MaterialState =
  | { status: 'missing' }
  | { status: 'photo'; mime: string; bytes: number; takenAt: string }
  | { status: 'deferred'; promisedDate: string }
  | { status: 'elicence'; licence: LicenceRef }
  | { status: 'covered'; by: 'card' | 'promise' };
