import type { FlowRun } from './flow-run.ts';
import type { LicenceRef } from '../../contract/flows.ts';
import type { SubmitAttachment } from '../sync/outbox.ts';

/** 证件类型 (GA/T 2000.156): 111 居民身份证. Other card types map at the sync boundary. */
const ID_TYPE_RESIDENT = '111';

export interface MaterialRecord {
  key: string;
  name: string;
  status: 'photo' | 'deferred' | 'elicence' | 'covered' | 'missing';
  /** 容缺: the date the resident promised to bring it. */
  promisedDate?: string;
  coveredBy?: 'card' | 'promise';
  /** Position of the photo among the submission's attachments (1-based), when photographed. */
  attachment?: number;
  /** Every page's position when the material has several (a booklet, a two-sided certificate). */
  pages?: number[];
  /**
   * 电子证照免提交: the e-licence that stands in for the paper, as a reference the receiving
   * department checks against the licence service (type, masked number, issuer, validity).
   */
  licence?: Omit<LicenceRef, 'status'>;
  usedBy: string[];
}

/** The 办件 record the kiosk stores and relays (GB/T 39046 Table 5 in the kiosk's own words). */
export interface ApplicationRecord {
  schema: 'banshi.application/1';
  receiptNo: string;
  flow: { kind: 'matter' | 'bundle'; id: string; name: string };
  submittedAt: string;
  /** 申请人类型 (好差评 userProp): 1 个人, 2 法人. */
  applicantKind: '1' | '2';
  applicant: { name: string; idType: string; idNumber: string; source: 'card' | 'manual' | 'net-id' };
  agent: { name: string; idType: string; idNumber: string; source: 'card' | 'manual' | 'net-id' } | null;
  face: { result: 'passed' | 'assisted' | 'pending'; at: string } | null;
  /** 远程身份核验: the 帮办 agent's decision on the card data and live video, with consent. */
  remoteIdentity: { decision: 'verified' | 'rejected' } | null;
  fields: Record<string, string>;
  materials: MaterialRecord[];
  promise: { acceptedAt: string } | null;
  signature: { attachment: number; signedAt: string } | null;
  subApplications: {
    matterId: string;
    implCode: string;
    name: string;
    typeCode: '1' | '2';
    timeLimit: string;
    fields: Record<string, string>;
    materials: string[];
  }[];
}

/**
 * Turns a finished run into what sync stores: the record (visible answers only; hidden ones were
 * answered but do not apply) and the attachments (photos, then the signature PNG).
 */
export function buildSubmission(
  run: FlowRun,
  receiptNo: string,
  submittedAt: string,
  /** All captured pages of a material (the document camera's store), in order; [] when none. */
  pagesOf: (materialKey: string) => { mime: string; data: Buffer }[] = () => [],
): { record: ApplicationRecord; attachments: SubmitAttachment[] } {
  const facts = run.facts();
  const attachments: SubmitAttachment[] = [];
  const fields: Record<string, string> = {};
  for (const s of run.visibleSteps()) {
    if (s.kind !== 'form') continue;
    for (const f of run.visibleFields(s, facts)) {
      const v = run.answers.get(f.key);
      if (v !== undefined) fields[f.key] = v;
    }
  }
  const materials: MaterialRecord[] = run.visibleMaterials(facts).map((m) => {
    const st = run.materialState(m);
    const rec: MaterialRecord = { key: m.key, name: m.name, status: st.status, usedBy: [...m.usedBy] };
    if (st.status === 'deferred') rec.promisedDate = st.promisedDate;
    if (st.status === 'covered') rec.coveredBy = st.by;
    if (st.status === 'elicence') {
      const { status: _valid, ...licence } = st.licence;
      rec.licence = licence;
    }
    const photo = run.photos.get(m.key);
    const pages = st.status === 'photo' ? pagesOf(m.key) : [];
    if (pages.length > 1) {
      // Every page the resident captured goes; the step's single photo is the first of them.
      rec.pages = pages.map((p) => {
        attachments.push({ kind: m.key, mime: p.mime, data: p.data });
        return attachments.length;
      });
      rec.attachment = rec.pages[0];
    } else if (st.status === 'photo' && photo) {
      attachments.push({ kind: m.key, mime: photo.mime, data: photo.data });
      rec.attachment = attachments.length;
    }
    return rec;
  });
  let signature: ApplicationRecord['signature'] = null;
  if (run.signature) {
    attachments.push({ kind: 'signature', mime: 'image/png', data: run.signature.png });
    signature = { attachment: attachments.length, signedAt: run.signature.signedAt };
  }
  const a = run.applicant!;
  const record: ApplicationRecord = {
    schema: 'banshi.application/1',
    receiptNo,
    flow: { kind: run.def.kind, id: run.def.id, name: run.def.name },
    submittedAt,
    applicantKind: fields['applicant.type'] === '法人' ? '2' : '1',
    applicant: { name: a.name, idType: ID_TYPE_RESIDENT, idNumber: a.idNumber, source: a.source },
    agent: run.agent
      ? {
          name: run.agent.name,
          idType: ID_TYPE_RESIDENT,
          idNumber: run.agent.idNumber,
          source: run.agent.source,
        }
      : null,
    face: run.face,
    remoteIdentity: null,
    fields,
    materials,
    promise: run.promise,
    signature,
    subApplications: run.def.members.map((m) => ({
      matterId: m.id,
      implCode: m.implCode,
      name: m.name,
      typeCode: m.typeCode,
      timeLimit: m.timeLimit,
      fields: Object.fromEntries(m.fields.filter((k) => k in fields).map((k) => [k, fields[k]!])),
      materials: m.materials.filter((k) => materials.some((r) => r.key === k)),
    })),
  };
  return { record, attachments };
}
