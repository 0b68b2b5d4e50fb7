import type { flowsCalls, FlowView } from '../../contract/flows.ts';
import type { CallName, CallRequest, CallResponse } from '../../contract/index.ts';
import type { IdCardData } from '../../contract/idcard.ts';
import { KioskError } from '../../contract/errors.ts';
import type { CoreDeps, Feature } from '../features/feature.ts';
import type { SyncService } from '../sync/sync-service.ts';
import { buildFlow, type CatalogueSource } from './flow-build.ts';
import { FlowRun } from './flow-run.ts';
import type { FlowDef, Identity } from './flow-types.ts';
import { buildSubmission } from './flow-submission.ts';
import { evaluationProfile, isBadGrade, queueEvaluation } from './flow-evaluation.ts';
import { finderNode } from './flow-finder.ts';
import { maskName } from './receipt-directory.ts';
import { pickLicence } from './flow-elicence.ts';
import type { LicenceType } from '../../contract/lookups.ts';

type FlowCalls = keyof typeof flowsCalls & CallName;

export interface FlowFeatureOptions {
  catalogue: CatalogueSource & {
    regions(parent: string | null): CallResponse<'catalogue.regions'>;
    info(): CallResponse<'catalogue.info'>;
  };
  /** Settles once the demo catalogue (if any) is imported: a flow built before would find nothing. */
  catalogueReady?: Promise<void>;
  /** The card read during this session (the ID card feature holds it; it never round-trips the renderer). */
  currentCard: () => Promise<IdCardData | null>;
  sync: Pick<SyncService, 'submit' | 'outbox'>;
  printReceipt: (req: CallRequest<'printing.receipt'>) => Promise<CallResponse<'printing.receipt'>>;
  /**
   * A scanned 网证 code, verified by the platform: the identity it names, or the i18n key of why not
   * (offline, not valid). Absent: 网证 is not accepted at this kiosk.
   */
  verifyNetId?: (scanId: string) => Promise<Identity | NetIdRefusal>;
  /** All pages the document camera captured for a material, in order (its own sealed store). */
  materialPages?: (materialKey: string) => { mime: string; data: Buffer }[];
  /** The 帮办 agent's identity decision in this session's call, if one was made. */
  remoteIdentity?: () => 'verified' | 'rejected' | null;
  /**
   * The contract call lookups.licences with the resident's consent: the e-licences of the card read
   * in this session (the lookups feature records the consent on the audit chain). Absent: no
   * e-licence lookup at this kiosk.
   */
  lookupLicences?: (licenceType: LicenceType) => Promise<CallResponse<'lookups.licences'>>;
}

export type NetIdRefusal = 'flows.err.netIdOffline' | 'flows.err.netIdInvalid';

interface Draft {
  sessionId: string;
  runId: string;
  run: FlowRun;
  errors: Record<string, string>;
  submitted: { receiptNo: string; appKey: string } | null;
  evaluated: boolean;
}

/** China Standard Time: the kiosk's dates (today, 容缺 deadlines, ages) are local calendar dates. */
const CST_MS = 8 * 3600_000;
const localDate = (ms: number): string => new Date(ms + CST_MS).toISOString().slice(0, 10);
const localIso = (ms: number): string => new Date(ms + CST_MS).toISOString().replace(/\.\d{3}Z$/, '+08:00');

export function maskId(id: string): string {
  return id.length <= 10
    ? '*'.repeat(id.length)
    : `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

function identityOfCard(c: IdCardData): Identity {
  return {
    source: 'card',
    name: c.name,
    idNumber: c.idNumber,
    gender: c.gender || null,
    birthDate: c.birthDate,
    address: c.address,
  };
}

/**
 * Matter flows in the core: one draft per resident session, in memory only, dropped on wipe (idle,
 * 重新开始, finished). Submit hands the application to sync's transactional submit (works with
 * no platform at all), records a receipt row for 办件查询 and prints the receipt.
 */
export function createFlowFeature(
  deps: CoreDeps,
  o: FlowFeatureOptions,
): Feature<FlowCalls> & { drafts(): number } {
  let draft: Draft | null = null;
  // Flow definitions are immutable data of one catalogue version: built once per matter, not per
  // resident (a thousand residents a day start the same few matters). A new catalogue clears them.
  const defs = new Map<string, FlowDef>();
  let province: string | null | undefined;
  const unsubscribe = deps.bus.subscribe((name) => {
    if (name === 'catalogue.updated') {
      defs.clear();
      province = undefined;
    }
  });
  const homeProvince = (): string | null => {
    if (province !== undefined) return province;
    try {
      const top = o.catalogue.regions(null).regions;
      province = top.length === 1 ? top[0]!.code.slice(0, 2) : null;
    } catch {
      province = null;
    }
    return province;
  };
  const flowDef = (kind: 'matter' | 'bundle', id: string): FlowDef => {
    const key = `${kind}:${id}`;
    let def = defs.get(key);
    if (!def) {
      def = buildFlow(o.catalogue, kind, id);
      if (defs.size >= 64) defs.delete(defs.keys().next().value!);
      defs.set(key, def);
    }
    return def;
  };

  const drop = (): void => {
    draft?.run.wipe();
    draft = null;
  };
  const unhook = deps.sessions.onWipe(() => drop());

  const session = (): string => {
    const s = deps.sessions.current();
    if (!s) throw new KioskError('conflict', 'no resident session', 'flows.noSession');
    return s.id;
  };
  const mine = (): Draft => {
    const sid = session();
    if (!draft || draft.sessionId !== sid)
      throw new KioskError('not-found', 'no flow in this session', 'flows.noFlow');
    return draft;
  };
  const editable = (): Draft => {
    const d = mine();
    if (d.submitted)
      throw new KioskError('conflict', 'application already submitted', 'flows.alreadySubmitted');
    return d;
  };

  const view = (d: Draft): FlowView => {
    const { run } = d;
    const facts = run.facts();
    const steps = run.visibleSteps();
    const step = run.step;
    const who = (i: Identity | null) =>
      i ? { name: i.name, idMasked: maskId(i.idNumber), source: i.source } : null;
    const fields =
      step.kind === 'form'
        ? run.visibleFields(step, facts).map((f) => ({
            key: f.key,
            label: f.label,
            type: f.type,
            required: f.required,
            // A card-read ID number is shown masked: nobody behind the resident reads it off the screen.
            value:
              f.type === 'id-number' && run.isLocked(f.key)
                ? maskId(run.answers.get(f.key) ?? '')
                : (run.answers.get(f.key) ?? null),
            locked: run.isLocked(f.key),
            options: Array.isArray(f.schema.enum) ? (f.schema.enum as string[]) : null,
            maxLength: typeof f.schema.maxLength === 'number' ? f.schema.maxLength : null,
          }))
        : [];
    const materials = run.visibleMaterials(facts).map((m) => {
      const st = run.materialState(m);
      return {
        key: m.key,
        name: m.name,
        required: m.required,
        deferrable: m.deferrable,
        elicence: m.elicence,
        licenceType: m.licenceType,
        licence: st.status === 'elicence' ? st.licence : (run.refusedLicences.get(m.key) ?? null),
        status: st.status,
        promisedDate: st.status === 'deferred' ? st.promisedDate : null,
        coveredBy: st.status === 'covered' ? st.by : (m.coveredBy ?? null),
        usedBy: m.usedBy.length,
      };
    });
    const review =
      step.kind === 'review'
        ? steps
            .filter((s) => s.kind === 'form')
            .map((s) => ({
              stepId: s.id,
              kind: s.kind,
              title: s.title,
              items: run.visibleFields(s, facts).map((f) => {
                const v = run.answers.get(f.key) ?? '';
                return { label: f.label, value: f.type === 'id-number' && v ? maskId(v) : v };
              }),
            }))
        : [];
    return {
      runId: d.runId,
      kind: run.def.kind,
      id: run.def.id,
      name: run.def.name,
      members: run.def.members.map((m) => ({ id: m.id, name: m.name, timeLimit: m.timeLimit })),
      step: {
        id: step.id,
        kind: step.kind,
        title: step.title,
        index: steps.findIndex((s) => s.id === step.id),
        count: steps.length,
      },
      steps: steps.map((s) => ({ id: s.id, kind: s.kind, title: s.title })),
      fields,
      materials,
      identity: {
        applicant: who(run.applicant),
        agent: who(run.agent),
        proxy: run.proxy,
        manualAllowed: run.def.manualIdAllowed,
        netIdAllowed: o.verifyNetId !== undefined,
      },
      face: run.face?.result ?? null,
      promiseAccepted: run.promise !== null,
      signedAt: run.signature?.signedAt ?? null,
      review,
      errors: { ...d.errors },
      totals: {
        fields: Object.keys(run.def.fields).length,
        materials: run.def.materials.length,
        memberFields: run.def.totals.fields,
        memberMaterials: run.def.totals.materials,
      },
    };
  };

  const act = (fn: (d: Draft) => Record<string, string> | void): FlowView => {
    const d = editable();
    d.errors = fn(d) ?? {};
    return view(d);
  };
  const badKey = (e: unknown): never => {
    if (e instanceof RangeError) throw new KioskError('bad-request', e.message);
    throw e;
  };

  /**
   * 从电子证照调取 for one material: the licence of the card read in this session, fetched with the
   * resident's consent. Refusals (offline, not found, expired, not the applicant's card) come back
   * as the material's message, and the photo path stays open.
   */
  const fetchLicence = async (key: string): Promise<FlowView> => {
    const d = editable();
    const m = d.run.def.materials.find((x) => x.key === key);
    if (!m) throw new KioskError('bad-request', `unknown material ${key}`);
    const refuse = (messageKey: string): FlowView => act(() => ({ [key]: messageKey }));
    if (!m.licenceType) return refuse('flows.err.materialMissing');
    // The lookup asks about whoever's card was read last; that must be the applicant, or a
    // 代办 agent's card would fetch the agent's licences into the applicant's application.
    const card = await o.currentCard();
    const applicant = d.run.applicant;
    if (!card || applicant?.source !== 'card' || card.idNumber.trim().toUpperCase() !== applicant.idNumber)
      return refuse('flows.err.elicenceHolder');
    if (!o.lookupLicences) return refuse('lookups.err.unavailable');
    const answer = await o.lookupLicences(m.licenceType);
    // The resident may have started over (or left) while the platform answered.
    if (draft !== d || d.submitted) throw new KioskError('conflict', 'flow changed', 'flows.noFlow');
    if (!answer.ok) return refuse(answer.messageKey);
    const picked = pickLicence(answer.licences, m.licenceType, localDate(deps.clock.now()));
    if (!picked) return refuse('flows.err.elicenceNotFound');
    return act((x) => {
      const e = x.run.setMaterial(key, {
        status: 'elicence',
        licence: {
          ...picked.licence,
          fetchedAt: localIso(deps.clock.now()),
          consentReceipt: answer.consentReceipt,
        },
      });
      return e ? { [key]: e } : {};
    });
  };

  const idHash = (id: string): string =>
    // Keyed with the kiosk's data key: the index finds a card's applications, yet a copied
    // database without the key cannot be searched for a known ID number.
    o.sync.outbox.profile.digest(Buffer.concat([o.sync.outbox.dataKey, Buffer.from(`flow-receipt:${id}`)]));

  return {
    drafts: () => (draft ? 1 : 0),
    close() {
      unsubscribe();
      unhook();
      drop();
    },
    handlers: {
      'flow.start': async ({ kind, id }) => {
        const sid = session();
        await o.catalogueReady;
        let def;
        try {
          def = flowDef(kind, id);
        } catch (e) {
          if (e instanceof KioskError) throw new KioskError('not-found', e.message, 'flows.notFound');
          throw e;
        }
        drop();
        const run = new FlowRun(def, {
          today: () => localDate(deps.clock.now()),
          nowIso: () => localIso(deps.clock.now()),
          homeProvince: homeProvince(),
        });
        draft = { sessionId: sid, runId: deps.newId(), run, errors: {}, submitted: null, evaluated: false };
        // The card may already be in the reader (刷证办): the resident need not present it twice.
        const card = await o.currentCard();
        if (card && draft?.run === run) run.identify('applicant', identityOfCard(card));
        return view(draft);
      },
      'flow.current': () => {
        const s = deps.sessions.current();
        return { flow: draft && s && draft.sessionId === s.id && !draft.submitted ? view(draft) : null };
      },
      'flow.answer': ({ values }) => {
        // Saving as the resident types (leaving a field) keeps the messages of the last 下一步,
        // except for the fields just changed: they are judged again on the next 下一步.
        const d = editable();
        try {
          d.run.setAnswers(values);
        } catch (e) {
          badKey(e);
        }
        for (const k of Object.keys(values)) delete d.errors[k];
        return view(d);
      },
      'flow.next': ({ values }) =>
        act((d) => {
          try {
            if (values) d.run.setAnswers(values);
          } catch (e) {
            badKey(e);
          }
          return d.run.next().errors;
        }),
      'flow.back': () => act((d) => void d.run.back()),
      'flow.goto': ({ step }) => act((d) => void d.run.goto(step)),
      'flow.proxy': ({ on }) => act((d) => void d.run.setProxy(on)),
      'flow.identify': async (req) => {
        const card = req.source === 'card' ? await o.currentCard() : null;
        const net =
          req.source === 'net-id'
            ? o.verifyNetId
              ? await o.verifyNetId(req.scanId)
              : ('flows.err.identity' as const)
            : null;
        return act((d) => {
          let who: Identity;
          if (req.source === 'net-id') {
            if (typeof net === 'string' || net === null) return { [req.role]: net ?? 'flows.err.identity' };
            who = net;
          } else if (req.source === 'card') {
            if (!card) return { [req.role]: 'flows.err.noCard' };
            who = identityOfCard(card);
          } else {
            who = {
              source: 'manual',
              name: req.name,
              idNumber: req.idNumber,
              gender: null,
              birthDate: null,
              address: null,
            };
          }
          const e = d.run.identify(req.role, who);
          return e ? { [req.role]: e } : {};
        });
      },
      'flow.face': ({ result }) =>
        act((d) => {
          d.run.face = { result, at: localIso(deps.clock.now()) };
        }),
      'flow.material': async (req) => {
        if (req.action === 'elicence') return fetchLicence(req.key);
        return act((d) => {
          let e: string | null = null;
          try {
            if (req.action === 'photo') {
              const data = Buffer.from(req.data, 'base64');
              if (data.length < 8) return { [req.key]: 'flows.err.materialMissing' };
              const takenAt = localIso(deps.clock.now());
              e = d.run.setMaterial(
                req.key,
                { status: 'photo', mime: req.mime, bytes: data.length, takenAt },
                { mime: req.mime, data },
              );
            } else if (req.action === 'defer') {
              e = d.run.setMaterial(req.key, { status: 'deferred', promisedDate: req.promisedDate });
            } else {
              e = d.run.setMaterial(req.key, { status: 'missing' });
            }
          } catch (x) {
            badKey(x);
          }
          return e ? { [req.key]: e } : {};
        });
      },
      'flow.promise': () =>
        act((d) => {
          d.run.promise = { acceptedAt: localIso(deps.clock.now()) };
        }),
      'flow.sign': ({ png }) =>
        act((d) => {
          const data = Buffer.from(png, 'base64');
          // A PNG starts with its 8-byte signature; anything else is not a signature image.
          if (data.length < 64 || data.readUInt32BE(0) !== 0x89504e47)
            return { signature: 'flows.err.signature' };
          d.run.signature?.png.fill(0);
          d.run.signature = { png: data, signedAt: localIso(deps.clock.now()) };
        }),
      'flow.submit': async () => {
        const d = editable();
        const { run } = d;
        if (run.step.kind !== 'review')
          throw new KioskError('conflict', 'submit only from the review step', 'flows.notReady');
        const errors = run.validate(run.step);
        if (Object.keys(errors).length) {
          d.errors = errors;
          throw new KioskError('rejected', 'application incomplete', 'flows.incomplete');
        }
        const now = deps.clock.now();
        const receiptNo = `R${localDate(now).replaceAll('-', '')}-${deps.newId().replaceAll('-', '').slice(0, 8).toUpperCase()}`;
        const sub = buildSubmission(run, receiptNo, localIso(now), o.materialPages);
        const remote = o.remoteIdentity?.() ?? null;
        if (remote) sub.record.remoteIdentity = { decision: remote };
        const owed = sub.record.materials
          .filter((m) => m.status === 'deferred')
          .map((m) => ({ name: m.name, promisedDate: m.promisedDate! }));
        // sync's submit and the receipt index in one transaction (better-sqlite3 nests it as a
        // savepoint): an application is never stored without the row that finds it again.
        const res = deps.db.transaction(() => {
          const r = o.sync.submit({
            matterCode: run.def.id,
            application: sub.record as unknown as Record<string, unknown>,
            attachments: sub.attachments,
          });
          deps.db
            .prepare(
              `INSERT INTO flow_receipt (receipt_no, app_key, flow_name, matters, owed, id_hash, time_limit, created_at,
                                         applicant_masked, id_masked)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              receiptNo,
              r.key,
              run.def.name,
              JSON.stringify(run.def.members.map((m) => m.name)),
              JSON.stringify(owed),
              idHash(run.applicant!.idNumber),
              run.def.members
                .map((m) => m.timeLimit)
                .join('；')
                .slice(0, 40),
              now,
              maskName(run.applicant!.name),
              maskId(run.applicant!.idNumber),
            );
          return r;
        })();
        d.submitted = { receiptNo, appKey: res.key };
        deps.log.info({ flow: run.def.id, materials: sub.attachments.length }, 'application submitted');
        let print: CallResponse<'printing.receipt'> | null = null;
        try {
          print = await o.printReceipt({
            receiptNo,
            matters: run.def.members.map((m) => m.name.slice(0, 80)),
            applicantName: run.applicant!.name.slice(0, 40),
            idNumber: run.applicant!.idNumber,
            acceptedAt: localIso(now),
            timeLimit:
              run.def.members.length === 1 ? run.def.members[0]!.timeLimit : longestLimit(run.def.members),
            owedMaterials: owed.map((m) => `${m.name}（${m.promisedDate}前补交）`.slice(0, 80)),
          });
        } catch (e) {
          // The application is safe in the store; the receipt can be reprinted from 办件查询.
          deps.log.warn({ err: (e as Error).message }, 'receipt print failed after submit');
        }
        const matters = run.def.members.map((m) => m.name);
        // Nothing of the form is needed any more: keep only the receipt link for the evaluation.
        run.wipe();
        return { receiptNo, matters, owed, print };
      },
      'flow.evaluate': (req) => {
        const d = mine();
        if (!d.submitted)
          throw new KioskError('conflict', 'nothing submitted to evaluate', 'flows.notSubmitted');
        if (d.evaluated) throw new KioskError('conflict', 'already evaluated', 'flows.alreadyEvaluated');
        if (isBadGrade(req.grade) && req.reasons.length === 0 && !req.comment.trim()) {
          throw new KioskError(
            'bad-request',
            'a reason is required for 不满意 / 非常不满意',
            'flows.err.reason',
          );
        }
        queueEvaluation(
          o.sync.outbox,
          d.submitted.appKey,
          {
            grade: req.grade,
            reasons: req.reasons,
            comment: req.comment.trim(),
            receiptNo: d.submitted.receiptNo,
            ...(req.callbackPhone ? { callbackPhone: req.callbackPhone } : {}),
          },
          evaluationProfile(o.catalogue.info().state?.province ?? null),
        );
        d.evaluated = true;
        // Submitted and evaluated: the visit is over (the thank-you screen shows without data).
        deps.clock.setTimeout(() => deps.sessions.end('finished'), 0);
        return { stored: true };
      },
      'flow.cancel': () => {
        const had = draft !== null;
        drop();
        return { dropped: had };
      },
      'flow.query': async (req) => {
        type Row = {
          receipt_no: string;
          flow_name: string;
          matters: string;
          owed: string;
          created_at: number;
          state: string | null;
          job_state: string | null;
        };
        const sql = `SELECT r.receipt_no, r.flow_name, r.matters, r.owed, r.created_at, a.state,
                       (SELECT j.state FROM print_jobs j WHERE j.receipt_no = r.receipt_no ORDER BY j.created_at DESC LIMIT 1) AS job_state
                     FROM flow_receipt r LEFT JOIN sync_application a ON a.key = r.app_key`;
        let rows: Row[];
        if ('receiptNo' in req)
          rows = deps.db.prepare(`${sql} WHERE r.receipt_no = ?`).all(req.receiptNo) as Row[];
        else {
          const card = await o.currentCard();
          if (!card) throw new KioskError('conflict', 'no card read in this session', 'flows.err.noCard');
          rows = deps.db
            .prepare(`${sql} WHERE r.id_hash = ? ORDER BY r.created_at DESC LIMIT 20`)
            .all(idHash(card.idNumber)) as Row[];
        }
        return {
          applications: rows.map((r) => ({
            receiptNo: r.receipt_no,
            name: r.flow_name,
            matters: JSON.parse(r.matters) as string[],
            submittedAt: localIso(r.created_at),
            // A purged application (confirmed, retention passed) was accepted by the platform.
            state: (r.state ?? 'confirmed') as 'queued' | 'confirmed' | 'rejected',
            owed: JSON.parse(r.owed) as { name: string; promisedDate: string }[],
            reprintable: r.job_state !== null && r.job_state !== 'done',
          })),
        };
      },
      'flow.finder': async ({ node }) => {
        await o.catalogueReady;
        const exists = (kind: 'matter' | 'bundle', id: string): string | null => {
          try {
            return kind === 'matter' ? o.catalogue.matter(id).name : o.catalogue.bundle(id).name;
          } catch {
            return null;
          }
        };
        const n = finderNode(node ?? 'root', exists);
        if (!n) throw new KioskError('not-found', `finder node ${node}`, 'flows.notFound');
        return n;
      },
    },
  };
}

/** A bundle's receipt states the longest member limit (the whole 一件事 is done when the last is). */
function longestLimit(members: { timeLimit: string }[]): string {
  const days = (s: string): number => {
    const m = /^(\d+)(个工作日|天|个月)$/.exec(s);
    if (!m) return 0;
    return Number(m[1]) * (m[2] === '个月' ? 30 : m[2] === '个工作日' ? 1.4 : 1);
  };
  return [...members].sort((a, b) => days(b.timeLimit) - days(a.timeLimit))[0]!.timeLimit;
}
