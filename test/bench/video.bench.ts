import type { Page } from '@playwright/test';
import { median } from './bench.ts';
import type { Benchmark, Figure } from './bench.ts';
import {
  agentFrames,
  agentSignIn,
  kioskProbe,
  pressCall,
  startCoturn,
  startVideoRig,
  type VideoRig,
} from '../e2e/video-helpers.ts';

/**
 * Remote video 帮办 on loopback, with the same rig as the e2e tests (real dev platform, real coturn,
 * browser-mode kiosk, two Chromium processes with fake camera/mic):
 *  - video.answer_to_frame_ms: from the agent's 接听 click until BOTH sides have decoded a remote
 *    video frame (median of CALLS calls, host path);
 *  - video.reconnect_ms: after a 3 s cut (kiosk signalling socket closed and refused, coturn frozen
 *    with SIGSTOP, relay-only), from the moment the network is back until the agent decodes kiosk
 *    frames again, same call (median of CUTS cuts);
 *  - video.camera_kbps: the kiosk camera's outbound video bitrate over 4 s of a settled call;
 *  - video.screen_kbps: the rrweb screen channel's bitrate over 4 s while the resident types
 *    (informational: DOM events, not video; the full snapshot at call start is logged apart).
 * Flags: VIDEO_BENCH_CALLS (default 3), VIDEO_BENCH_CUTS (default 2).
 */
const CALLS = Number(process.env.VIDEO_BENCH_CALLS ?? 3);
const CUTS = Number(process.env.VIDEO_BENCH_CUTS ?? 2);

async function until(cond: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

const kioskFrames = async (page: Page): Promise<number> => (await kioskProbe(page))?.framesDecoded ?? 0;

async function answerToFrame(rig: VideoRig): Promise<number> {
  await pressCall(rig.kioskPage);
  await rig.agentPage.locator('#answer').waitFor({ state: 'visible' });
  const t0 = Date.now();
  await rig.agentPage.locator('#answer').click();
  let agentAt = 0;
  let kioskAt = 0;
  await until(
    async () => {
      if (!agentAt && (await agentFrames(rig.agentPage)) > 0) agentAt = Date.now();
      if (!kioskAt && (await kioskFrames(rig.kioskPage)) > 0) kioskAt = Date.now();
      return agentAt > 0 && kioskAt > 0;
    },
    15_000,
    'first frames',
  );
  return Math.max(agentAt, kioskAt) - t0;
}

async function hangup(rig: VideoRig): Promise<void> {
  await rig.agentPage.locator('#hangup').click();
  await rig.kioskPage.getByTestId('video-close').click();
  await rig.kioskPage.getByTestId('video-panel').waitFor({ state: 'detached' });
}

const bench: Benchmark = {
  area: 'video',
  async run(log) {
    const figures: Figure[] = [];
    // Host path: answer-to-frame, camera and screen bitrate.
    const rig = await startVideoRig();
    try {
      await agentSignIn(rig.agentPage, rig.platform.url);
      await rig.kioskPage.goto(rig.kiosk.appUrl);
      await rig.kioskPage.locator('html[data-ready="true"]').waitFor();
      const times: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const ms = await answerToFrame(rig);
        times.push(ms);
        log(`call ${i + 1}: answer → first frame both sides ${ms} ms`);
        if (i < CALLS - 1) await hangup(rig);
      }
      figures.push({ name: 'video.answer_to_frame_ms', value: median(times), unit: 'ms', target: '<= 1000' });

      // Settle (the encoder ramps up), then a 4 s window of camera and screen while the resident types.
      await new Promise((r) => setTimeout(r, 4000));
      await kioskProbe(rig.kioskPage);
      const snapshotBytes = (await kioskProbe(rig.kioskPage))?.screenBytes ?? 0;
      log(`screen channel so far (full snapshot + events): ${(snapshotBytes / 1024).toFixed(1)} KB`);
      await rig.kioskPage.getByTestId('attract').click();
      await rig.kioskPage.locator('.tile').first().click();
      const search = rig.kioskPage.locator('main input').first();
      await search.waitFor();
      const before = (await kioskProbe(rig.kioskPage))!; // starts the measuring window
      const t0 = Date.now();
      const typing = (async () => {
        for (const word of ['养老', '社保', '出生', '户口']) {
          await search.fill('');
          await search.pressSequentially(word, { delay: 250 });
        }
      })();
      await new Promise((r) => setTimeout(r, 4000));
      const s = (await kioskProbe(rig.kioskPage))!;
      const screenKbps = ((s.screenBytes - before.screenBytes) * 8) / (Date.now() - t0);
      await typing;
      log(
        `ICE path ${s.localCandidateType}; camera ${s.cameraKbps.toFixed(0)} kbps, screen ${screenKbps.toFixed(1)} kbps (${s.screenBytes - before.screenBytes} bytes)`,
      );
      figures.push({
        name: 'video.camera_kbps',
        value: Math.round(s.cameraKbps),
        unit: 'kbps',
        target: null,
      });
      figures.push({
        name: 'video.screen_kbps',
        value: Number(screenKbps.toFixed(1)),
        unit: 'kbps',
        target: null,
      });
    } finally {
      await rig.close();
    }

    // Relay path through coturn: reconnect after a 3 s cut.
    const turn = await startCoturn();
    const relay = await startVideoRig({ turn: { urls: turn.urls, secret: turn.secret }, relayOnly: true });
    try {
      await agentSignIn(relay.agentPage, relay.platform.url);
      await relay.kioskPage.goto(relay.kiosk.appUrl);
      await relay.kioskPage.locator('html[data-ready="true"]').waitFor();
      await answerToFrame(relay);
      const callId = ((await relay.kiosk.call('video.status')).value as { callId: string }).callId;
      const recon: number[] = [];
      for (let i = 0; i < CUTS; i++) {
        await new Promise((r) => setTimeout(r, 1500));
        relay.platform.video.faults.cutKiosk(callId, 3000);
        turn.pause();
        await new Promise((r) => setTimeout(r, 3000));
        turn.resume();
        const t0 = Date.now();
        const base = await agentFrames(relay.agentPage);
        await until(
          async () => (await agentFrames(relay.agentPage)) > base + 3,
          20_000,
          'frames after the cut',
        );
        await until(
          async () => ((await relay.kiosk.call('video.status')).value as { signalling: boolean }).signalling,
          10_000,
          'signalling resumed',
        );
        const ms = Date.now() - t0;
        const same = ((await relay.kiosk.call('video.status')).value as { callId: string }).callId === callId;
        if (!same) throw new Error('the cut made a new call');
        const probe = await kioskProbe(relay.kioskPage);
        recon.push(ms);
        log(
          `cut ${i + 1}: media and signalling back ${ms} ms after the network (same call; ICE restarts so far ${probe?.restarts ?? 0})`,
        );
      }
      figures.push({ name: 'video.reconnect_ms', value: median(recon), unit: 'ms', target: '<= 3000' });
    } finally {
      await relay.close();
      await turn.stop();
    }
    return figures;
  },
};
export default bench;
