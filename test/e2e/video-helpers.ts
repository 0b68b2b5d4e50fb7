import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from './browser.ts';
import { startKiosk, type KioskProcess } from './kiosk-process.ts';
import { startDevPlatform, type DevPlatform } from '../../platform/dev-platform.ts';
import type { VideoOptions } from '../../platform/video/video-service.ts';
import { enrolDataDir } from '../unit/helpers/enrol-data-dir.ts';

/**
 * Rig for remote video 帮办 end to end: a real coturn (spawned here with a temporary config, not a
 * system service), the dev platform in-process with the video service, a browser-mode kiosk
 * enrolled with it, and two separate Chromium processes with fake media: one for the kiosk, one
 * for the agent console (a fake device applies to a whole browser process).
 */

export interface Coturn {
  port: number;
  secret: string;
  urls: string[];
  child: ChildProcess;
  /** Freezes the relay (SIGSTOP): media through TURN stops, allocations survive. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForTcp(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const c = net.connect(port, '127.0.0.1');
      c.once('connect', () => (c.destroy(), r(true)));
      c.once('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`coturn did not listen on ${port} in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startCoturn(): Promise<Coturn> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coturn-'));
  const port = await freePort();
  const secret = crypto.randomBytes(16).toString('hex');
  // A relay port range of its own, so parallel tests (and a system coturn, if any) never collide.
  const minPort = 40000 + Math.floor(Math.random() * 200) * 100;
  const conf = [
    `listening-ip=127.0.0.1`,
    `relay-ip=127.0.0.1`,
    `listening-port=${port}`,
    `min-port=${minPort}`,
    `max-port=${minPort + 99}`,
    `use-auth-secret`,
    `static-auth-secret=${secret}`,
    `realm=banshi.test`,
    `no-tls`,
    `no-dtls`,
    `allow-loopback-peers`,
    `no-cli`,
    `no-multicast-peers`,
    `fingerprint`,
    `pidfile=${path.join(dir, 'turnserver.pid')}`,
    `log-file=${path.join(dir, 'turn.log')}`,
    `simple-log`,
  ].join('\n');
  const file = path.join(dir, 'turnserver.conf');
  fs.writeFileSync(file, conf);
  const child = spawn('turnserver', ['-c', file], { stdio: 'ignore' });
  await waitForTcp(port, 5000);
  return {
    port,
    secret,
    urls: [`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`],
    child,
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGCONT');
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Loopback WebRTC in headless Chromium: fake camera/mic, no mDNS hiding, loopback candidates. */
export function mediaLaunchOptions() {
  const base = chromiumLaunchOptions();
  const args = (base.args ?? []).filter((a) => !a.startsWith('--disable-features='));
  return {
    ...base,
    args: [
      ...args,
      '--disable-features=Translate,MediaRouter,WebRtcHideLocalIpsWithMdns',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--allow-loopback-in-peer-connection',
      '--autoplay-policy=no-user-gesture-required',
    ],
  };
}

export const AGENT = { username: 'agent01', password: 'test-pass-01', displayName: '帮办员小李' };

export interface VideoRig {
  platform: DevPlatform;
  kiosk: KioskProcess;
  kioskBrowser: Browser;
  agentBrowser: Browser;
  kioskPage: Page;
  agentPage: Page;
  close(): Promise<void>;
}

export async function startVideoRig(video: VideoOptions = {}): Promise<VideoRig> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'video-e2e-'));
  const platform = await startDevPlatform({ dataDir: path.join(root, 'platform'), video });
  platform.video.addAgent(AGENT);
  const dataDir = path.join(root, 'kiosk');
  await enrolDataDir(dataDir, platform, 'VIDEO-0001');
  const kiosk = await startKiosk({ KIOSK_DATA_DIR: dataDir, KIOSK_ID: 'VIDEO-0001' });
  const [kioskBrowser, agentBrowser] = await Promise.all([
    chromium.launch(mediaLaunchOptions()),
    chromium.launch(mediaLaunchOptions()),
  ]);
  const kioskPage = await (
    await kioskBrowser.newContext({
      viewport: { width: 1080, height: 1920 },
      deviceScaleFactor: 0.5,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    })
  ).newPage();
  const agentPage = await (
    await agentBrowser.newContext({ viewport: { width: 1280, height: 900 } })
  ).newPage();
  return {
    platform,
    kiosk,
    kioskBrowser,
    agentBrowser,
    kioskPage,
    agentPage,
    async close() {
      await Promise.allSettled([kioskBrowser.close(), agentBrowser.close()]);
      await kiosk.stop();
      await platform.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function agentSignIn(page: Page, platformUrl: string): Promise<void> {
  await page.goto(`${platformUrl}/video/agent`);
  await page.locator('#username').fill(AGENT.username);
  await page.locator('#password').fill(AGENT.password);
  await page.locator('#login-btn').click();
  await page.locator('#desk').waitFor();
  await page.locator('#available').check();
}

/** framesDecoded of the agent's inbound video (the kiosk camera as the agent receives it). */
export const agentFrames = (page: Page): Promise<number> =>
  page.evaluate(async () => {
    const pc = (window as unknown as { videoAgent: { pc: RTCPeerConnection | null } }).videoAgent.pc;
    if (!pc) return 0;
    let n = 0;
    (await pc.getStats()).forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') n += Number(s.framesDecoded ?? 0);
    });
    return n;
  });

export interface KioskProbe {
  framesDecoded: number;
  cameraKbps: number;
  screenBytes: number;
  restarts: number;
  localCandidateType: string | null;
  relayProtocol: string | null;
}

export const kioskProbe = (page: Page): Promise<KioskProbe | null> =>
  page.evaluate(async () => {
    const v = (window as unknown as { videoKiosk?: { stats(): Promise<unknown> } }).videoKiosk;
    return v ? ((await v.stats()) as never) : null;
  });

/** The agent's selected candidate pair's local type (host / srflx / relay). */
export const agentCandidateType = (page: Page): Promise<string | null> =>
  page.evaluate(async () => {
    const pc = (window as unknown as { videoAgent: { pc: RTCPeerConnection | null } }).videoAgent.pc;
    if (!pc) return null;
    const r = await pc.getStats();
    let pairId: string | undefined;
    r.forEach((s: Record<string, unknown>) => {
      if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string')
        pairId = s.selectedCandidatePairId;
    });
    const pair = pairId ? (r.get(pairId) as Record<string, unknown>) : undefined;
    const local = pair ? (r.get(String(pair.localCandidateId)) as Record<string, unknown>) : undefined;
    return (local?.candidateType as string | undefined) ?? null;
  });

/** 呼叫帮办 as the resident finds it: in the global bar, or the floating button on the attract screen. */
export async function pressCall(page: Page): Promise<void> {
  await page.locator('.global-bar .btn-help:visible, [data-testid="video-call"]:visible').first().click();
}

/** Kiosk presses 呼叫帮办, the agent answers. */
export async function callAndAnswer(rig: VideoRig): Promise<void> {
  await pressCall(rig.kioskPage);
  await rig.agentPage.locator('#answer').waitFor({ state: 'visible' });
  await rig.agentPage.locator('#answer').click();
}
