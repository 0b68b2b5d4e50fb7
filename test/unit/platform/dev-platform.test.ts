import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { drain, makeRig, sampleApplication, type Rig } from '../sync/helpers.ts';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const op = async (r: Rig, p: string, body?: unknown) => {
  const res = await fetch(`${r.platform.url}${p}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, text: await res.text() };
};

describe('dev platform', () => {
  it('operator page and API: applications with materials and evaluations, status changes, kiosk health and queue', async () => {
    rig = await makeRig();
    const key = rig.svc.submit(sampleApplication(1, [10_000, 20_000])).key;
    rig.svc.evaluate(key, { satisfaction: 'satisfied' });
    await drain(rig.svc);
    const page = await op(rig, '/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('开发平台');
    const overview = JSON.parse((await op(rig, '/operator/api/overview')).text) as {
      applications: {
        key: string;
        status: string;
        platformNo: string;
        materials: unknown[];
        evaluations: { satisfaction: string }[];
      }[];
      kiosks: { id: string; lastSeenAt: string | null }[];
    };
    const app = overview.applications.find((a) => a.key === key)!;
    expect(app.materials).toHaveLength(2);
    expect(app.evaluations).toEqual([expect.objectContaining({ satisfaction: 'satisfied' })]);
    expect(overview.kiosks).toEqual([
      expect.objectContaining({ id: 'TEST-0001', lastSeenAt: expect.any(String) }),
    ]);

    expect(
      (await op(rig, `/operator/api/applications/${key}/status`, { status: 'accepted', note: '受理' }))
        .status,
    ).toBe(200);
    expect((await op(rig, `/operator/api/applications/${key}/status`, { status: 'teleported' })).status).toBe(
      400,
    );
    // The kiosk sees the new status through its signed lookups (receipts by platform number).
    const r = await rig.svc.client!.json<{ status: string }>({
      method: 'GET',
      path: `/v1/receipts/${app.platformNo}`,
    });
    expect(r.data).toMatchObject({ status: 'accepted' });

    // Heartbeat carries queue depth; operator commands come back once.
    expect((await op(rig, '/operator/api/kiosks/TEST-0001/commands', { command: 'sync-now' })).status).toBe(
      201,
    );
    const hb = () =>
      rig!.svc.client!.json<{ commands: { command: string }[] }>({
        method: 'POST',
        path: '/v1/heartbeats',
        body: Buffer.from(JSON.stringify({ version: '0.1.0', queue: { depth: 0 } })),
      });
    expect((await hb()).data?.commands.map((c) => c.command)).toEqual(['sync-now']);
    expect((await hb()).data?.commands).toEqual([]);

    // An e-licence lookup shows on the operator page's access log: kiosk, type, receipt, nothing
    // that names the resident.
    const digest = rig.svc.identity!.profile.digest('11010519491231002X');
    const lookup = await rig.svc.client!.json({
      method: 'POST',
      path: '/v1/licences/lookup',
      body: Buffer.from(
        JSON.stringify({
          licenceType: 'all',
          holderIdDigest: digest,
          digestAlg: 'sm3',
          consentReceipt: 'consent-42',
        }),
      ),
    });
    expect(lookup.status).toBe(200);
    const after = (await op(rig, '/operator/api/overview')).text;
    expect(JSON.parse(after)).toMatchObject({
      licenceAccess: [{ kioskId: 'TEST-0001', licenceType: 'all', consentReceipt: 'consent-42' }],
    });
    expect(after).not.toContain(digest);
    expect(after).not.toContain('11010519491231002X');
    expect((await op(rig, '/')).text).toContain('电子证照调取记录');
  });

  it('one record per key whatever the retries; same key with different content is a 409', async () => {
    rig = await makeRig();
    const key = rig.svc.submit(sampleApplication(1, [5_000])).key;
    await drain(rig.svc);
    const payload = rig.platform.db.prepare('SELECT payload FROM application WHERE key = ?').get(key) as {
      payload: string;
    };
    const post = (body: string) =>
      rig!.svc.client!.request({
        method: 'POST',
        path: '/v1/applications',
        headers: { 'idempotency-key': key, 'content-type': 'application/json' },
        body: Buffer.from(body),
      });
    for (let i = 0; i < 3; i++) expect((await post(payload.payload)).status).toBe(200);
    const changed = JSON.parse(payload.payload) as { application: Record<string, unknown> };
    changed.application.extra = 1;
    expect((await post(JSON.stringify(changed))).status).toBe(409);
    expect(rig.platform.db.prepare('SELECT COUNT(*) AS n FROM application').get()).toEqual({ n: 1 });
    expect((await post('{not json')).status).toBe(400);
  });

  it('enrolment codes are single use and expire; catalogue packages are served when published', async () => {
    rig = await makeRig();
    const code = JSON.parse((await op(rig, '/operator/api/enrolment-codes', {})).text) as { code: string };
    expect(code.code).toMatch(/^\d{8}$/);
    const enrol = (kioskId: string, c: string) =>
      fetch(`${rig!.platform.url}/v1/enrolments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          code: c,
          kioskId,
          profile: 'intl',
          publicKey: 'MCowBQYDK2VwAyEA'.padEnd(60, 'A'),
        }),
      }).then((r) => r.status);
    expect(await enrol('K-0002', code.code)).toBe(201);
    expect(await enrol('K-0003', code.code)).toBe(403);
    const expired = rig.platform.createEnrolmentCode(-1);
    expect(await enrol('K-0004', expired)).toBe(403);

    const cat = () => rig!.svc.client!.request({ method: 'GET', path: '/v1/catalogue/packages/latest' });
    expect((await cat()).status).toBe(404);
    const dir = path.join(rig.dir, 'platform', 'catalogue');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'catalogue-2026.11.21.pkg'), Buffer.from('PKG'));
    const got = await cat();
    expect(got.status).toBe(200);
    expect(got.body.toString()).toBe('PKG');
    // The kiosk fetches it once, then hears 304 until a new package is published.
    const imported: string[] = [];
    const onPackage = (raw: Buffer): void => void imported.push(raw.toString());
    expect(await rig.svc.fetchCatalogue(onPackage)).toBe('updated');
    expect(await rig.svc.fetchCatalogue(onPackage)).toBe('unchanged');
    fs.writeFileSync(path.join(dir, 'catalogue-2026.11.22.pkg'), Buffer.from('PKG2'));
    expect(await rig.svc.fetchCatalogue(onPackage)).toBe('updated');
    expect(imported).toEqual(['PKG', 'PKG2']);
    // An import that throws (bad signature) is retried next time: the ETag is not remembered.
    fs.writeFileSync(path.join(dir, 'catalogue-2026.11.23.pkg'), Buffer.from('BAD'));
    await expect(
      rig.svc.fetchCatalogue(() => {
        throw new Error('bad signature');
      }),
    ).rejects.toThrow('bad signature');
    expect(await rig.svc.fetchCatalogue(onPackage)).toBe('updated');
  });

  it('api/openapi.yaml specifies every endpoint the dev platform serves', () => {
    // A small reader for the two levels we need (path, method), so the test needs no YAML library.
    const text = fs.readFileSync('api/openapi.yaml', 'utf8');
    expect(text).toMatch(/^openapi: 3\.1\.0$/m);
    const spec: { paths: Record<string, Record<string, true>> } = { paths: {} };
    let cur: string | null = null;
    for (const line of text.slice(text.indexOf('\npaths:')).split('\n')) {
      const pm = /^ {2}(\/\S+):$/.exec(line);
      if (pm) spec.paths[(cur = pm[1]!)] = {};
      const mm = /^ {4}(get|post|put|patch|delete|head):$/.exec(line);
      if (mm && cur) spec.paths[cur]![mm[1]!] = true;
    }
    const served: [string, string][] = [
      ['/v1/health', 'get'],
      ['/v1/enrolments', 'post'],
      ['/v1/applications', 'post'],
      ['/v1/applications/{key}', 'get'],
      ['/v1/applications/{key}/materials/{id}', 'get'],
      ['/v1/sessions', 'post'],
      ['/v1/applications/{key}/evaluations', 'post'],
      ['/v1/applications/{key}/evaluations/{id}', 'get'],
      ['/v1/receipts/{platformNo}', 'get'],
      ['/v1/heartbeats', 'post'],
      ['/v1/catalogue/packages/latest', 'get'],
      ['/v1/face/verifications', 'post'],
      ['/v1/face/references', 'post'],
      ['/v1/identity/net-id/verify', 'post'],
      ['/v1/video/calls', 'post'],
      ['/v1/video/calls/{callId}/ice', 'post'],
      ['/video/ws', 'get'],
      ['/files', 'post'],
      ['/files/{uploadId}', 'head'],
      ['/files/{uploadId}', 'patch'],
    ];
    for (const [p, m] of served) expect(spec.paths[p]?.[m], `${m} ${p}`).toBeDefined();
  });
});
