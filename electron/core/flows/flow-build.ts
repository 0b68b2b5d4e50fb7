import type { BundleGuide, MatterGuide } from '../../contract/catalogue.ts';
import type { CallResponse } from '../../contract/index.ts';
import { licenceTypeOf } from './flow-elicence.ts';
import type { Condition, FieldSpec, FlowDef, MaterialSpec, MemberSpec, StepSpec } from './flow-types.ts';

type Form = CallResponse<'catalogue.form'>;

/** The catalogue as the flow builder reads it (the CatalogueService satisfies this). */
export interface CatalogueSource {
  matter(id: string): MatterGuide;
  bundle(id: string): BundleGuide;
  form(kind: 'matter' | 'bundle', id: string): Form;
}

/**
 * Conditions the catalogue package does not carry yet, as data keyed by dictionary and material
 * keys. They apply wherever the key appears, so a bundle inherits them from its members.
 */
export const FLOW_RULES: {
  materials: Record<string, { when?: Condition; coveredBy?: 'card' | 'promise' }>;
  /** Fields added when a trigger field is in the flow; asked only when the condition holds. */
  extraFields: { trigger: string; field: string; required: boolean; when: Condition }[];
} = {
  materials: {
    // Read from the chip on this kiosk: the card itself is the material (在本机刷证读取后无需提交复印件).
    idcard: { coveredBy: 'card' },
    // The 告知承诺 step is the signed commitment.
    'commitment-letter': { coveredBy: 'promise' },
    // Only someone acting for another person brings the authorisation.
    'agent-authorization': { when: { key: '$proxy', eq: true } },
    // 16周岁以下可不提供照片.
    'photo-receipt': { when: { key: '$applicant.age', gte: 16 } },
    // A 居住证 is what a resident without local 户籍 shows instead.
    'residence-permit': { when: { key: '$localHukou', eq: false } },
  },
  extraFields: [
    // Delivery by post needs an address; collected only if the resident chose post.
    {
      trigger: 'matter.pickup',
      field: 'applicant.address',
      required: true,
      when: { key: 'matter.pickup', eq: '邮政寄递' },
    },
    // 个人 or 法人 for matters that serve both: the enterprise fields only for 法人.
    {
      trigger: 'applicant.type',
      field: 'company.name',
      required: true,
      when: { key: 'applicant.type', eq: '法人' },
    },
    {
      trigger: 'applicant.type',
      field: 'company.creditCode',
      required: true,
      when: { key: 'applicant.type', eq: '法人' },
    },
  ],
};

const APPLICANT_TYPE: Omit<FieldSpec, 'usedBy' | 'group'> = {
  key: 'applicant.type',
  label: '申请人类型',
  type: 'enum',
  required: true,
  personal: false,
  schema: { type: 'string', enum: ['个人', '法人'] },
};

export function timeLimitText(limit: MatterGuide['promisedLimit']): string {
  if (!limit || limit.unit === 'instant') return '即时办结';
  const unit = { workday: '个工作日', day: '天', month: '个月', instant: '' }[limit.unit];
  return `${limit.value}${unit}`;
}

interface Section {
  title: string;
  fields: string[];
}

/** Builds a single matter's flow, or a bundle's flow with its members merged. */
export function buildFlow(src: CatalogueSource, kind: 'matter' | 'bundle', id: string): FlowDef {
  const memberRefs =
    kind === 'matter'
      ? [{ id, optional: false }]
      : src.bundle(id).members.map((m) => ({ id: m.id, optional: m.optional }));
  const guides = memberRefs.map((m) => ({ ref: m, guide: src.matter(m.id), form: src.form('matter', m.id) }));
  const name = kind === 'matter' ? guides[0]!.guide.name : src.bundle(id).name;
  return mergeMembers(kind, id, name, guides);
}

/**
 * The merge rules of 一件事: a field is one dictionary key (asked once, required when any member
 * requires it); a material is one library key (attached once, required when any member requires
 * it, deferrable only when every member that uses it allows 容缺); member-specific questions stay.
 */
export function mergeMembers(
  kind: 'matter' | 'bundle',
  id: string,
  name: string,
  guides: { ref: { id: string; optional: boolean }; guide: MatterGuide; form: Form }[],
): FlowDef {
  const fields: Record<string, FieldSpec> = {};
  const materials = new Map<string, MaterialSpec>();
  const sections: Section[] = [];
  const members: MemberSpec[] = [];
  let totalFields = 0;
  let totalMaterials = 0;
  const groupOf = new Map<string, string>();
  for (const { form } of guides)
    for (const s of form.layout) for (const f of s.fields) if (!groupOf.has(f)) groupOf.set(f, s.title);

  const place = (key: string, title: string): void => {
    if (sections.some((s) => s.fields.includes(key))) return;
    let sec = sections.find((s) => s.title === title);
    if (!sec) sections.push((sec = { title, fields: [] }));
    sec.fields.push(key);
  };

  for (const { ref, guide, form } of guides) {
    const mine: string[] = [];
    for (const fv of form.fields) {
      totalFields++;
      mine.push(fv.key);
      const prev = fields[fv.key];
      if (prev) {
        prev.required ||= fv.required;
        prev.usedBy.push(guide.id);
        continue;
      }
      fields[fv.key] = {
        key: fv.key,
        label: fv.label,
        type: fv.type,
        group: groupOf.get(fv.key) ?? '办理信息',
        required: fv.required,
        personal: fv.personal,
        schema: stripTitle(form.schema.properties[fv.key] ?? {}),
        usedBy: [guide.id],
      };
    }
    for (const s of form.layout) for (const f of s.fields) place(f, s.title);
    const mats: string[] = [];
    for (const m of guide.materials) {
      totalMaterials++;
      mats.push(m.key);
      const prev = materials.get(m.key);
      if (prev) {
        prev.required ||= m.required;
        prev.deferrable &&= m.deferrable;
        prev.elicence ??= m.elicence;
        prev.licenceType ??= licenceTypeOf(prev.elicence);
        prev.usedBy.push(guide.id);
        continue;
      }
      const rule = FLOW_RULES.materials[m.key];
      materials.set(m.key, {
        key: m.key,
        name: m.name,
        required: m.required,
        deferrable: m.deferrable,
        elicence: m.elicence,
        licenceType: licenceTypeOf(m.elicence),
        usedBy: [guide.id],
        ...(rule?.when ? { when: rule.when } : {}),
        ...(rule?.coveredBy ? { coveredBy: rule.coveredBy } : {}),
      });
    }
    members.push({
      id: guide.id,
      name: guide.name,
      implCode: guide.implCode,
      typeCode: !guide.promisedLimit || guide.promisedLimit.unit === 'instant' ? '1' : '2',
      timeLimit: timeLimitText(guide.promisedLimit),
      fields: mine,
      materials: mats,
      optional: ref.optional,
    });
  }

  // 个人/法人 question first, for matters that serve both.
  if (guides.some((g) => g.guide.audience === 'both') && !fields['applicant.type']) {
    fields['applicant.type'] = { ...APPLICANT_TYPE, group: '申请人信息', usedBy: members.map((m) => m.id) };
    const sec = sections.find((s) => s.title === '申请人信息');
    if (sec) sec.fields.unshift('applicant.type');
    else sections.unshift({ title: '申请人信息', fields: ['applicant.type'] });
  }
  for (const x of FLOW_RULES.extraFields) {
    if (!fields[x.trigger]) continue;
    const existing = fields[x.field];
    if (existing) {
      // Asked anyway by some member: stays unconditional unless every member had it optional.
      if (!existing.required) existing.when = x.when;
      if (!existing.required) existing.required = x.required;
      continue;
    }
    fields[x.field] = {
      key: x.field,
      label: EXTRA_LABELS[x.field] ?? x.field,
      type: EXTRA_TYPES[x.field] ?? 'text',
      group: fields[x.trigger]!.group,
      required: x.required,
      personal: true,
      schema: EXTRA_SCHEMAS[x.field] ?? { type: 'string', maxLength: 120 },
      usedBy: [...fields[x.trigger]!.usedBy],
      when: x.when,
    };
    const sec = sections.find((s) => s.fields.includes(x.trigger))!;
    sec.fields.splice(sec.fields.indexOf(x.trigger) + 1, 0, x.field);
  }

  const faceRequired = guides.some((g) => g.guide.flags.faceCheck);
  const commitment = guides.some((g) => g.guide.flags.commitment);
  const mats = [...materials.values()];
  const steps: StepSpec[] = [{ id: 'identify', kind: 'identify', title: '', fields: [] }];
  if (faceRequired) steps.push({ id: 'face', kind: 'face', title: '', fields: [] });
  sections.forEach((s, i) =>
    steps.push({ id: `form-${i + 1}`, kind: 'form', title: s.title, fields: s.fields }),
  );
  if (mats.some((m) => !m.coveredBy || m.coveredBy === 'card')) {
    steps.push({ id: 'materials', kind: 'materials', title: '', fields: [] });
  }
  if (commitment) steps.push({ id: 'promise', kind: 'promise', title: '', fields: [] });
  steps.push({ id: 'sign', kind: 'sign', title: '', fields: [] });
  steps.push({ id: 'review', kind: 'review', title: '', fields: [] });
  return {
    kind,
    id,
    name,
    members,
    steps,
    fields,
    materials: mats,
    faceRequired,
    manualIdAllowed: !faceRequired,
    commitment,
    totals: { fields: totalFields, materials: totalMaterials },
  };
}

const EXTRA_LABELS: Record<string, string> = {
  'applicant.address': '邮寄地址',
  'company.name': '单位名称',
  'company.creditCode': '统一社会信用代码',
};
const EXTRA_TYPES: Record<string, string> = {
  'applicant.address': 'address',
  'company.name': 'text',
  'company.creditCode': 'credit-code',
};
const EXTRA_SCHEMAS: Record<string, Record<string, unknown>> = {
  'applicant.address': { type: 'string', maxLength: 120 },
  'company.name': { type: 'string', minLength: 4, maxLength: 100 },
  'company.creditCode': { type: 'string' },
};

function stripTitle(p: Record<string, unknown>): Record<string, unknown> {
  const { title: _t, ...rest } = p;
  return rest;
}
