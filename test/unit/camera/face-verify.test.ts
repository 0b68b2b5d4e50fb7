import { afterEach, describe, expect, it } from 'vitest';
import { makeRig, type Rig } from '../sync/helpers.ts';
import {
  faceSubject,
  idCardPhotoVerifier,
  platformFaceVerifier,
} from '../../../electron/core/camera/face-verifier.ts';
import { faceSimilarity, registerFaceReference } from '../../../platform/face-verify.ts';

// The platform FaceVerifier against the real dev platform (HTTP server, own SQLite), over the
// kiosk's signed client from an enrolled sync service.
let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const ID = '11010519491231002X';
/**
 * Templates shaped like faceres output (1024 values, non-negative, L2 norm ≈ 10, as measured on the
 * e2e sample photo: the same face in two crops scores 1.00, mirrored 0.91, another woman 0.47).
 */
function template(seed: number): number[] {
  let x = seed;
  const rnd = (): number => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: 1024 }, () => Math.max(0, (rnd() + rnd() + rnd() - 1.5) * 0.75));
}
const reference = template(1);
const sameFace = reference.map((v, i) => Math.max(0, v + (((i * 7919) % 13) - 6) * 0.004)); // another frame
const otherFace = template(2);

describe('face verification through the platform', () => {
  it('matches the registered reference, rejects another face, knows no-one it has no reference for', async () => {
    rig = await makeRig();
    registerFaceReference(rig.platform.db, faceSubject(ID), reference, Date.now());
    const v = platformFaceVerifier(() => rig!.svc.client);
    const same = await v.verify({ idNumber: ID, embedding: sameFace });
    expect(same).toMatchObject({ outcome: 'match', verifier: 'platform' });
    expect(same.similarity).toBeGreaterThan(0.9);
    const other = await v.verify({ idNumber: ID, embedding: otherFace });
    expect(other.outcome).toBe('no-match');
    expect(other.similarity).toBeLessThan(0.6);
    expect((await v.verify({ idNumber: '110105194912310038', embedding: sameFace })).outcome).toBe(
      'not-configured',
    );
    // The platform keeps the outcome per subject hash; never the ID number or an image.
    const logged = rig.platform.db.prepare('SELECT subject, match FROM face_verification ORDER BY id').all();
    expect(logged).toEqual([
      { subject: faceSubject(ID), match: 1 },
      { subject: faceSubject(ID), match: 0 },
    ]);
    expect(JSON.stringify(logged)).not.toContain(ID);
  });

  it('is pending when the platform cannot be asked (not enrolled, down)', async () => {
    expect(
      (await platformFaceVerifier(() => null).verify({ idNumber: ID, embedding: sameFace })).outcome,
    ).toBe('pending');
    rig = await makeRig();
    await rig.platform.close();
    const r = await platformFaceVerifier(() => rig!.svc.client, 2000).verify({
      idNumber: ID,
      embedding: sameFace,
    });
    expect(r.outcome).toBe('pending');
    rig = { ...rig, close: async () => undefined } as Rig;
  });

  it('refuses unsigned or malformed verification requests', async () => {
    rig = await makeRig();
    const unsigned = await fetch(`${rig.platform.url}/v1/face/verifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject: faceSubject(ID), embedding: sameFace }),
    });
    expect(unsigned.status).toBe(401);
    const bad = await rig.svc.client!.request({
      method: 'POST',
      path: '/v1/face/verifications',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ subject: 'x', embedding: [1, 2] })),
    });
    expect(bad.status).toBe(422);
  });

  it('uses the model’s own similarity measure (human.match.similarity)', () => {
    expect(faceSimilarity(reference, reference)).toBe(1);
    expect(faceSimilarity(reference, [1, 2])).toBe(0);
  });
});

describe('ID-card photo verifier (vendor SDK plug point)', () => {
  it('says not-configured without a licensed SDK instead of pretending', async () => {
    const r = await idCardPhotoVerifier(null, async () => Buffer.alloc(1024)).verify({
      idNumber: ID,
      embedding: sameFace,
    });
    expect(r).toMatchObject({ outcome: 'not-configured', verifier: 'idcard-photo' });
  });

  it('passes the chip photo to the SDK and wipes it afterwards', async () => {
    const photo = Buffer.alloc(1024, 7);
    const r = await idCardPhotoVerifier(
      { compare: async ({ wltPhoto }) => ({ similarity: wltPhoto[0] === 7 ? 0.8 : 0, match: true }) },
      async () => photo,
    ).verify({ idNumber: ID, embedding: sameFace });
    expect(r).toEqual({ outcome: 'match', similarity: 0.8, verifier: 'idcard-photo' });
    expect(photo.every((b) => b === 0)).toBe(true);
  });
});
