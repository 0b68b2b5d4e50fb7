import type { LicenceRef } from '../../contract/flows.ts';
import { licenceExpired } from './flow-elicence.ts';
import { ageOn, birthDateOfId, holds, type Facts } from './flow-conditions.ts';
import type { FieldSpec, FlowDef, Identity, MaterialSpec, MaterialState, StepSpec } from './flow-types.ts';
import { validateField, validateIdNumber, validatePromisedDate, type ErrorKey } from './flow-validate.ts';

export interface FlowRunOptions {
  /** Today's date at the kiosk (YYYY-MM-DD), from the injected clock. */
  today: () => string;
  /** Now as ISO 8601, from the injected clock. */
  nowIso: () => string;
  /** First two digits of the kiosk's province (行政区划), for "户籍 in this province". */
  homeProvince: string | null;
}

export interface Photo {
  mime: string;
  data: Buffer;
}

export type StepErrors = Record<string, ErrorKey>;

/** Which dictionary keys the card fills, and from which card fact. */
const PREFILL: Record<string, (i: Identity) => string | null> = {
  'applicant.name': (i) => i.name,
  'applicant.idNumber': (i) => i.idNumber,
  'applicant.gender': (i) => i.gender,
  'applicant.birthDate': (i) => i.birthDate ?? birthDateOfId(i.idNumber),
  'applicant.hukouAddress': (i) => i.address,
};

/**
 * One resident's walk through a flow. Pure state in memory: the core keeps it for the session only
 * (nothing of it is written until submit) and drops it on wipe. Answers survive going back and
 * forth and survive a field being hidden by a condition; only visible fields are submitted.
 */
export class FlowRun {
  readonly def: FlowDef;
  private readonly o: FlowRunOptions;
  readonly answers = new Map<string, string>();
  readonly materials = new Map<string, MaterialState>();
  readonly photos = new Map<string, Photo>();
  /** E-licences found but not accepted (expired), kept to show the resident why; by material key. */
  readonly refusedLicences = new Map<string, LicenceRef>();
  applicant: Identity | null = null;
  agent: Identity | null = null;
  proxy = false;
  face: { result: 'passed' | 'assisted' | 'pending'; at: string } | null = null;
  promise: { acceptedAt: string } | null = null;
  signature: { png: Buffer; signedAt: string } | null = null;
  private cursor: string;
  private readonly visited = new Set<string>();
  private reviewReturn = false;

  constructor(def: FlowDef, o: FlowRunOptions) {
    this.def = def;
    this.o = o;
    this.cursor = def.steps[0]!.id;
    this.visited.add(this.cursor);
  }

  facts(): Facts {
    const f: Record<string, string | number | boolean | null> = {};
    for (const [k, v] of this.answers) f[k] = v;
    f.$proxy = this.proxy;
    const a = this.applicant;
    const birth =
      this.answers.get('applicant.birthDate') ?? a?.birthDate ?? (a ? birthDateOfId(a.idNumber) : null);
    f['$applicant.age'] = birth ? ageOn(birth, this.o.today()) : null;
    f.$localHukou =
      a && this.o.homeProvince && /^\d{2}/.test(a.idNumber)
        ? a.idNumber.slice(0, 2) === this.o.homeProvince
        : null;
    f['$identity.source'] = a?.source ?? null;
    return f;
  }

  get step(): StepSpec {
    return this.def.steps.find((s) => s.id === this.cursor)!;
  }

  visibleSteps(): StepSpec[] {
    const facts = this.facts();
    return this.def.steps.filter((s) => {
      if (!holds(s.when, facts)) return false;
      if (s.kind === 'form') return s.fields.some((k) => holds(this.def.fields[k]?.when, facts));
      // A page listing only what the card or the commitment already covers would be a wasted tap.
      if (s.kind === 'materials')
        return this.visibleMaterials(facts).some(
          (m) => this.materialState(m).status !== 'covered' && m.coveredBy !== 'promise',
        );
      return true;
    });
  }

  visibleFields(step: StepSpec, facts = this.facts()): FieldSpec[] {
    return step.fields.map((k) => this.def.fields[k]!).filter((f) => f && holds(f.when, facts));
  }

  visibleMaterials(facts = this.facts()): MaterialSpec[] {
    return this.def.materials.filter((m) => holds(m.when, facts));
  }

  materialState(m: MaterialSpec): MaterialState {
    if (m.coveredBy === 'card' && this.applicant?.source === 'card') return { status: 'covered', by: 'card' };
    if (m.coveredBy === 'promise' && this.promise) return { status: 'covered', by: 'promise' };
    return this.materials.get(m.key) ?? { status: 'missing' };
  }

  /** Stores answers for known keys; unknown keys are refused so a tampered renderer adds nothing. */
  setAnswers(values: Record<string, string | null>): void {
    for (const [k, v] of Object.entries(values)) {
      if (!this.def.fields[k]) throw new RangeError(`unknown field ${k}`);
      if (this.isLocked(k)) continue;
      if (v === null || v.trim() === '') this.answers.delete(k);
      else this.answers.set(k, v.trim().slice(0, 2000));
    }
  }

  /** Name and ID number read from the chip are not retyped: they stay as the card says. */
  isLocked(key: string): boolean {
    const verified = this.applicant?.source === 'card' || this.applicant?.source === 'net-id';
    return verified && (key === 'applicant.name' || key === 'applicant.idNumber');
  }

  identify(role: 'applicant' | 'agent', who: Identity): ErrorKey | null {
    if (who.source === 'manual') {
      if (role === 'applicant' && !this.def.manualIdAllowed) return 'flows.err.identity';
      const bad = validateIdNumber(who.idNumber, this.o.today());
      if (bad) return bad;
      if ([...who.name.trim()].length < 2) return 'flows.err.tooShort';
    }
    const clean: Identity = { ...who, idNumber: who.idNumber.trim().toUpperCase(), name: who.name.trim() };
    if (role === 'agent') {
      if (this.applicant && this.applicant.idNumber === clean.idNumber) return 'flows.err.agentSame';
      this.agent = clean;
      return null;
    }
    this.applicant = clean;
    for (const [key, get] of Object.entries(PREFILL)) {
      if (!this.def.fields[key]) continue;
      const v = get(clean);
      // Card facts replace what the card owns; a resident's own edits elsewhere are kept.
      if (v && (this.isLocked(key) || !this.answers.has(key))) this.answers.set(key, v);
    }
    return null;
  }

  setProxy(on: boolean): void {
    this.proxy = on;
    if (!on) this.agent = null;
  }

  setMaterial(key: string, state: MaterialState, photo?: Photo): ErrorKey | null {
    const m = this.def.materials.find((x) => x.key === key);
    if (!m) throw new RangeError(`unknown material ${key}`);
    if (state.status === 'deferred') {
      if (!m.deferrable) return 'flows.err.promisedDate';
      const bad = validatePromisedDate(state.promisedDate, this.o.today());
      if (bad) return bad;
    }
    if (state.status === 'elicence') {
      // Only a licence the platform gave for this material's licence type stands in for it, and
      // only while valid: an expired one proves nothing and is kept for display only.
      if (!m.licenceType || state.licence.type !== m.licenceType) return 'flows.err.materialMissing';
      if (licenceExpired(state.licence, this.o.today())) {
        this.refusedLicences.set(key, state.licence);
        return 'flows.err.elicenceExpired';
      }
    }
    this.refusedLicences.delete(key);
    if (state.status === 'photo') {
      if (!photo) return 'flows.err.materialMissing';
      this.photos.set(key, photo);
    } else {
      this.photos.get(key)?.data.fill(0);
      this.photos.delete(key);
    }
    if (state.status === 'missing') this.materials.delete(key);
    else this.materials.set(key, state);
    return null;
  }

  validate(step: StepSpec): StepErrors {
    const errors: StepErrors = {};
    const facts = this.facts();
    switch (step.kind) {
      case 'identify':
        if (!this.applicant) errors.applicant = 'flows.err.identity';
        if (this.proxy && !this.agent) errors.agent = 'flows.err.identity';
        break;
      case 'face':
        if (!this.face) errors.face = 'flows.err.identity';
        break;
      case 'form':
        for (const f of this.visibleFields(step, facts)) {
          const e = validateField(f, this.answers.get(f.key), this.o.today());
          if (e) errors[f.key] = e;
        }
        break;
      case 'materials':
        for (const m of this.visibleMaterials(facts)) {
          if (m.coveredBy === 'promise') continue;
          if (m.required && this.materialState(m).status === 'missing')
            errors[m.key] = 'flows.err.materialMissing';
        }
        break;
      case 'promise':
        if (!this.promise) errors.promise = 'flows.err.promise';
        break;
      case 'sign':
        if (!this.signature) errors.signature = 'flows.err.signature';
        break;
      case 'review':
        for (const s of this.visibleSteps()) if (s.kind !== 'review') Object.assign(errors, this.validate(s));
        break;
    }
    return errors;
  }

  /** Validates the current step and moves to the next visible one (or back to review after an edit). */
  next(): { moved: boolean; errors: StepErrors } {
    const errors = this.validate(this.step);
    if (Object.keys(errors).length) return { moved: false, errors };
    const steps = this.visibleSteps();
    const review = steps.find((s) => s.kind === 'review')!;
    let target: StepSpec | undefined;
    if (this.reviewReturn && this.firstInvalidBefore(review) === null) target = review;
    else target = steps[steps.findIndex((s) => s.id === this.cursor) + 1];
    if (!target) return { moved: false, errors };
    if (target.kind === 'review') this.reviewReturn = false;
    this.moveTo(target.id);
    return { moved: true, errors };
  }

  back(): boolean {
    const steps = this.visibleSteps();
    const i = steps.findIndex((s) => s.id === this.cursor);
    if (i <= 0) return false;
    this.reviewReturn = false;
    this.moveTo(steps[i - 1]!.id);
    return true;
  }

  /** From the review page: edit one section, then come straight back to review. */
  goto(stepId: string): boolean {
    const s = this.visibleSteps().find((x) => x.id === stepId);
    if (!s || !this.visited.has(stepId)) return false;
    this.reviewReturn = this.step.kind === 'review';
    this.moveTo(stepId);
    return true;
  }

  private firstInvalidBefore(review: StepSpec): StepSpec | null {
    for (const s of this.visibleSteps()) {
      if (s.id === review.id) return null;
      if (Object.keys(this.validate(s)).length) return s;
    }
    return null;
  }

  private moveTo(id: string): void {
    this.cursor = id;
    this.visited.add(id);
  }

  /** Zeroes the binary parts before the run is dropped (photos and signature are personal data). */
  wipe(): void {
    for (const p of this.photos.values()) p.data.fill(0);
    this.photos.clear();
    this.signature?.png.fill(0);
    this.signature = null;
    this.answers.clear();
    this.materials.clear();
    this.refusedLicences.clear();
    this.applicant = null;
    this.agent = null;
  }
}
