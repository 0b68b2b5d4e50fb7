import { afterEach, describe, expect, it } from 'vitest';
import { callFails, callOk, makeTestCore, type TestCore } from '../helpers/test-core.ts';
import type { FlowView } from '../../../electron/contract/flows.ts';
import { readStoredApplication } from './stored-application.ts';

// The flow feature inside a real core: SQLite file, demo card reader and printer, sync with no
// platform configured (the kiosk must accept applications offline).
let t: TestCore | null = null;
afterEach(async () => {
  await t?.cleanup();
  t = null;
});

const call = <T = FlowView>(name: string, payload: object = {}): Promise<T> =>
  callOk<T>(t!.core, name, payload);
const callErr = (name: string, payload: object = {}) => callFails(t!.core, name, payload);

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(120, 7),
]).toString('base64');

async function insertCard(index: number): Promise<void> {
  await call('idcard.simulate.insert', { card: index });
  await call('idcard.watch', { on: true });
  for (let i = 0; i < 100; i++) {
    const cur = await call<{ card: unknown }>('idcard.current');
    if (cur.card) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('card not read');
}

describe('flow feature in the core', () => {
  it('a single matter start to evaluation: stored sealed with outbox rows, receipt printed, session ended', async () => {
    t = await makeTestCore();
    await call('session.start');
    await insertCard(2); // 李秀英, 1949: of pension age
    let v = await call('flow.start', { kind: 'matter', id: 'renshe.resident-pension-certification' });
    expect(v.step.kind).toBe('identify');
    expect(v.identity.applicant).toMatchObject({ name: '李秀英', source: 'card' });
    expect(v.identity.applicant!.idMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(v.identity.manualAllowed).toBe(false);
    v = await call('flow.next');
    expect(v.step.kind).toBe('face');
    await call('flow.face', { result: 'passed' });
    v = await call('flow.next');
    expect(v.step.kind).toBe('form');
    expect(v.fields.find((f) => f.key === 'applicant.name')).toMatchObject({ value: '李秀英', locked: true });
    v = await call('flow.next', { values: { 'applicant.phone': '12345' } });
    expect(v.errors).toEqual({ 'applicant.phone': 'flows.err.phone' });
    v = await call('flow.next', { values: { 'applicant.phone': '13912345678' } });
    expect(v.step.kind).toBe('sign');
    await call('flow.sign', { png: PNG });
    v = await call('flow.next');
    expect(v.step.kind).toBe('review');
    expect(v.review[0]!.items).toContainEqual({ label: '联系电话', value: '13912345678' });

    const sub = await call<{
      receiptNo: string;
      print: { printed: boolean; receipt: { qrPayload: string } | null };
    }>('flow.submit');
    expect(sub.receiptNo).toMatch(/^R\d{8}-[0-9A-F]{8}$/);
    expect(sub.print?.printed).toBe(true);

    const stored = readStoredApplication(t.dataDir, sub.receiptNo)!;
    expect(stored.state).toBe('queued');
    expect(stored.record.flow.id).toBe('renshe.resident-pension-certification');
    expect(stored.record.applicant).toMatchObject({ name: '李秀英', idType: '111', source: 'card' });
    expect(stored.record.fields['applicant.phone']).toBe('13912345678');
    expect(stored.record.face?.result).toBe('passed');
    expect(stored.record.subApplications).toHaveLength(1);
    expect(stored.attachments).toEqual([{ kind: 'signature', mime: 'image/png', size: 128 }]);
    expect(stored.outbox.map((o) => o.type)).toEqual(['apply', 'material']);

    // The draft is gone from resume once submitted.
    expect((await call<{ flow: unknown }>('flow.current')).flow).toBeNull();

    // 差评 needs a reason; with one it is stored and queued behind the application.
    expect(await callErr('flow.evaluate', { grade: 'dissatisfied' })).toMatchObject({
      messageKey: 'flows.err.reason',
    });
    const ended = new Promise<string>((resolve) =>
      t!.core.subscribe((n, p) => n === 'session.ended' && resolve((p as { reason: string }).reason)),
    );
    expect(
      await call('flow.evaluate', { grade: 'dissatisfied', reasons: ['slow'], callbackPhone: '13912345678' }),
    ).toEqual({
      stored: true,
    });
    expect(await ended).toBe('finished');
    const after = readStoredApplication(t.dataDir, sub.receiptNo)!;
    expect(after.outbox.map((o) => o.type)).toEqual(['apply', 'material', 'evaluate']);
    expect(after.evaluations[0]).toMatchObject({
      satisfaction: 'dissatisfied',
      satisfactionCode: '4',
      channel: '5',
      channelKind: 'hall-other-terminal',
      indicators: ['slow'],
      callbackPhone: '13912345678',
      projectNo: sub.receiptNo,
    });

    // 办件查询 by receipt number finds it without personal data.
    await call('session.start');
    const q = await call<{ applications: { receiptNo: string; name: string; state: string }[] }>(
      'flow.query',
      {
        receiptNo: sub.receiptNo,
      },
    );
    expect(q.applications).toEqual([
      expect.objectContaining({
        receiptNo: sub.receiptNo,
        name: '城乡居民养老保险待遇资格认证',
        state: 'queued',
      }),
    ]);
    // The receipt QR path (applications.lookup, used by the scanner's query screen) finds it masked.
    const look = await call<{ application: Record<string, unknown> }>('applications.lookup', {
      receiptNo: sub.receiptNo,
    });
    expect(look.application).toMatchObject({
      receiptNo: sub.receiptNo,
      matters: ['城乡居民养老保险待遇资格认证'],
      state: 'submitted',
      applicantMasked: '李**',
      timeLimit: '即时办结',
    });
    expect(look.application.idMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    // …and by the same card in a new session.
    await insertCard(2);
    const byCard = await call<{ applications: { receiptNo: string }[] }>('flow.query', { byCard: true });
    expect(byCard.applications.map((a) => a.receiptNo)).toEqual([sub.receiptNo]);
  });

  it('resume: flow.current returns the same step and answers; an idle wipe drops the draft', async () => {
    t = await makeTestCore();
    await call('session.start');
    await call('flow.start', { kind: 'matter', id: 'yibao.chronic-disease' });
    await call('flow.identify', {
      role: 'applicant',
      source: 'manual',
      name: '王五',
      idNumber: '11010519491231002X',
    });
    await call('flow.next');
    await call('flow.answer', { values: { 'applicant.phone': '13800000000' } });
    const resumed = (await call<{ flow: FlowView }>('flow.current')).flow;
    expect(resumed.step.kind).toBe('form');
    expect(resumed.fields.find((f) => f.key === 'applicant.phone')?.value).toBe('13800000000');

    await call('session.end', { reason: 'idle' });
    await call('session.start');
    expect((await call<{ flow: unknown }>('flow.current')).flow).toBeNull();
    expect(await callErr('flow.next')).toMatchObject({ kind: 'not-found' });
  });

  it('智能导办 leads from a plain question to a matter or bundle that exists', async () => {
    t = await makeTestCore();
    const root = await call<{ question: string; options: { label: string; next: string }[] }>('flow.finder', {
      node: null,
    });
    expect(root.question).toBe('您想办理哪方面的事情？');
    const birth = root.options.find((o) => o.label.includes('宝宝出生'))!;
    const leaf = await call<{ result: { kind: string; id: string; name: string } }>('flow.finder', {
      node: birth.next,
    });
    expect(leaf.result).toEqual({ kind: 'bundle', id: 'bundle.newborn', name: '新生儿出生一件事' });
    const pension = await call<{ options: { next: string }[] }>('flow.finder', { node: 'pension' });
    const cert = await call<{ result: { id: string } }>('flow.finder', { node: pension.options[0]!.next });
    expect(cert.result.id).toBe('renshe.resident-pension-certification');
  });

  it('refuses a manual ID with a wrong check digit, unknown fields, and submit before review', async () => {
    t = await makeTestCore();
    await call('session.start');
    await call('flow.start', { kind: 'matter', id: 'yibao.chronic-disease' });
    const v = await call('flow.identify', {
      role: 'applicant',
      source: 'manual',
      name: '王五',
      idNumber: '110105194912310021',
    });
    expect(v.errors).toEqual({ applicant: 'flows.err.idCheck' });
    expect(await callErr('flow.answer', { values: { 'not.a.field': 'x' } })).toMatchObject({
      kind: 'bad-request',
    });
    expect(await callErr('flow.submit')).toMatchObject({ messageKey: 'flows.notReady' });
  });
});
