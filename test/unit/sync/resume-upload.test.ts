import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { drain, makeRig, platformView, sampleApplication, type Rig } from './helpers.ts';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('resumable attachments (tus 1.0)', () => {
  it('after a cut mid-chunk the upload resumes and re-sends at most the chunk in flight', async () => {
    const chunk = 64 * 1024;
    rig = await makeRig({ svc: { relay: { chunkBytes: chunk, backoffBaseMs: 1, backoffMaxMs: 5 } } });
    const app = sampleApplication(1, [1_000_000]);
    const r = rig.svc.submit(app);
    // What travels is the sealed file as it lies on the kiosk (envelope encryption), so that is the
    // upload's length.
    const { file } = rig.db.prepare('SELECT file FROM sync_attachment').get() as { file: string };
    const size = fs.statSync(path.join(rig.svc.outbox.attachmentsDir, file)).size;
    expect(size).toBeGreaterThan(app.attachments[0]!.data.length);
    // Cut the link 300 000 bytes into the upload: the fifth 64 KiB chunk is in flight.
    rig.platform.faults.cutUploadAfterBytes = 300_000;
    await rig.svc.syncNow();
    const mid = rig.db
      .prepare("SELECT status, upload_url FROM sync_outbox WHERE type = 'material'")
      .get() as {
      status: string;
      upload_url: string | null;
    };
    expect(mid.status).toBe('in-doubt');
    expect(mid.upload_url).toMatch(/^\/files\//);
    await drain(rig.svc);
    const resent = rig.platform.faults.uploadBytesReceived - size;
    console.log(
      `upload of ${size} B cut at 300000 B: ${rig.platform.faults.uploadBytesReceived} B received in all, ${resent} B re-sent (chunk ${chunk} B)`,
    );
    expect(resent).toBeGreaterThanOrEqual(0);
    expect(resent).toBeLessThanOrEqual(chunk);
    const m = platformView(rig.platform).get(r.key)!.materials;
    expect(m).toHaveLength(1);
    expect(m[0]!.digest).toBe(r.attachments[0]!.digest);
    expect(m[0]!.fileOk).toBe(true);
  });
});
