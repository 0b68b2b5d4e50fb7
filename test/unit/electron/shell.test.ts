import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { electronModule, fake, FakeBrowserWindow, FakeWebContents } from './fake-electron.ts';

vi.mock('electron', () => electronModule());

const { kioskWindowOptions, createKioskWindow } = await import('../../../electron/main/kiosk-window.ts');
const { guardWebContents, hardenSession, isPermissionAllowed } =
  await import('../../../electron/main/security.ts');
const { registerAppScheme, handleAppProtocol, APP_ENTRY } =
  await import('../../../electron/main/app-protocol.ts');

describe('kiosk window', () => {
  it('locks the renderer down: isolation, sandbox, no Node, no webview, no devtools when locked', () => {
    const o = kioskWindowOptions({ preload: '/x/preload.cjs', locked: true });
    expect(o.webPreferences).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
    });
    expect(o).toMatchObject({ kiosk: true, fullscreen: true, frame: false });
    expect(kioskWindowOptions({ preload: 'p', locked: false }).webPreferences?.devTools).toBe(true);
  });

  it('loads the UI from app://kiosk, pins zoom, and shows only when ready', () => {
    const win = createKioskWindow(FakeBrowserWindow as never, {
      preload: 'p',
      locked: true,
    }) as unknown as FakeBrowserWindow;
    expect(win.webContents.url).toBe(APP_ENTRY);
    expect(win.webContents.zoomLimits).toEqual([1, 1]);
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });
});

describe('navigation and window guards', () => {
  const contents = new FakeWebContents();
  guardWebContents(contents as never);
  const fire = (event: string, url: string): boolean => {
    let prevented = false;
    contents.emit(event, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  };

  it('denies navigation away from app://kiosk', () => {
    expect(fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-navigate', 'app://evil/index.html')).toBe(true);
    expect(fire('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(fire('will-navigate', 'app://kiosk/index.html#paused')).toBe(false);
  });

  it('denies every new window and every webview', () => {
    expect(contents.windowOpenHandler?.({ url: 'app://kiosk/x' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });
});

describe('permissions', () => {
  hardenSession(fake.session.defaultSession as never);
  const ses = fake.session.defaultSession;
  const ask = (permission: string, url: string): boolean => {
    let answer: boolean | null = null;
    ses.permissionRequest!(null, permission, (ok) => (answer = ok), { requestingUrl: url });
    return answer!;
  };

  it('allows camera/microphone for our own origin only', () => {
    expect(ask('media', 'app://kiosk/index.html')).toBe(true);
    expect(ask('media', 'https://example.com/')).toBe(false);
    expect(ask('media', 'app://other/')).toBe(false);
    expect(ses.permissionCheck!(null, 'media', 'app://kiosk')).toBe(true);
    expect(ses.permissionCheck!(null, 'media', 'http://127.0.0.1')).toBe(false);
  });

  it('denies everything else, even for our origin', () => {
    for (const p of [
      'geolocation',
      'notifications',
      'display-capture',
      'openExternal',
      'clipboard-read',
      'hid',
    ]) {
      expect(ask(p, 'app://kiosk/index.html')).toBe(false);
      expect(isPermissionAllowed(p, 'app://kiosk/')).toBe(false);
    }
    expect(ses.devicePermission!()).toBe(false);
  });

  it('adds the strict CSP to every response', () => {
    let out: { responseHeaders: Record<string, string[]> } | null = null;
    ses.headersHook!({ responseHeaders: { 'content-type': ['text/html'] } }, (r) => (out = r as never));
    const csp = out!.responseHeaders['Content-Security-Policy']![0]!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    // eval() stays forbidden; only WebAssembly compilation (the face worker's tfjs WASM) is allowed.
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
    expect(csp).toContain("object-src 'none'");
  });
});

describe('app:// protocol', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-proto-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>k</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'a.js'), 'console.log(1)');
    fs.writeFileSync(path.join(os.tmpdir(), 'kiosk-secret.txt'), 'secret');
    registerAppScheme(fake.protocol);
    handleAppProtocol(fake.protocol as never, dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const get = (url: string) => fake.protocol.handlers.get('app')!(new Request(url));

  it('is registered as a secure, standard scheme', () => {
    expect(fake.protocol.privileged).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
  });

  it('serves the built renderer with its content type and CSP', async () => {
    const res = await get('app://kiosk/assets/a.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await (await get('app://kiosk/')).text()).toContain('<title>k</title>');
  });

  it('refuses paths that escape the renderer folder and other hosts', async () => {
    expect((await get('app://kiosk/../kiosk-secret.txt')).status).toBe(404);
    expect((await get('app://kiosk/%2e%2e/kiosk-secret.txt')).status).toBe(404);
    expect((await get('app://kiosk/assets/..%2f..%2fkiosk-secret.txt')).status).toBe(404);
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://kiosk/missing.js')).status).toBe(404);
  });
});
