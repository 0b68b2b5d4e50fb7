import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';

/**
 * A hand-written stand-in for the parts of `electron` the shell uses. It records what the shell
 * asked for (window options, handlers, relaunches) and lets tests fire the events Electron would.
 * IPC is wired for real between the fake ipcMain and ipcRenderer, so the preload and main halves of
 * the contract talk to each other as they would in Electron.
 */
type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  url = 'app://kiosk/index.html';
  destroyed = false;
  sent: { channel: string; args: unknown[] }[] = [];
  reloads = 0;
  crashes = 0;
  devtoolsClosed = 0;
  invalidations = 0;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  /** The top frame (what getDisplayMedia may capture); its url follows the contents. */
  readonly mainFrame: { readonly url: string } = Object.defineProperty({} as { url: string }, 'url', {
    get: () => this.url,
  });
  zoomLimits: [number, number] | null = null;
  loadURL(url: string): Promise<void> {
    this.url = url;
    return Promise.resolve();
  }
  reload(): void {
    this.reloads++;
  }
  forcefullyCrashRenderer(): void {
    this.crashes++;
  }
  closeDevTools(): void {
    this.devtoolsClosed++;
  }
  invalidate(): void {
    this.invalidations++;
  }
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = h;
  }
  setVisualZoomLevelLimits(min: number, max: number): Promise<void> {
    this.zoomLimits = [min, max];
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** What printToPDF was asked, and what it answers (a minimal PDF naming the loaded URL by default). */
  pdfRequests: Record<string, unknown>[] = [];
  pdfAnswer: (() => Promise<Buffer>) | null = null;
  printToPDF(options: Record<string, unknown>): Promise<Buffer> {
    this.pdfRequests.push(options);
    return this.pdfAnswer ? this.pdfAnswer() : Promise.resolve(Buffer.from(`%PDF-1.4 ${this.url.length}`));
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
    fake.ipcRenderer.emit(channel, { sender: this }, ...args);
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all;
  }
  readonly options: Record<string, unknown>;
  readonly webContents = new FakeWebContents();
  shown = false;
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    FakeBrowserWindow.all.push(this);
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  show(): void {
    this.shown = true;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
  destroyed = false;
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
  }
  /** Plays the window manager closing the window (Alt+F4, a close button); true if it closed. */
  tryClose(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    return !prevented;
  }
}

class FakeIpcMain {
  handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

class FakeIpcRenderer extends EventEmitter {
  /** The frame URL main sees as the sender; tests change it to play an untrusted frame. */
  senderUrl = 'app://kiosk/index.html';
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const h = fake.ipcMain.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    // Electron structured-clones arguments and results; JSON round trip is the closest plain stand-in.
    const cloned = args.map((a) => (a === undefined ? undefined : JSON.parse(JSON.stringify(a))));
    const result = await h({ senderFrame: { url: this.senderUrl } }, ...cloned);
    return JSON.parse(JSON.stringify(result));
  }
}

class FakeSession {
  permissionRequest:
    ((wc: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl: string }) => void) | null = null;
  permissionCheck: ((wc: unknown, p: string, origin: string) => boolean) | null = null;
  devicePermission: (() => boolean) | null = null;
  headersHook: ((d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void) | null =
    null;
  setPermissionRequestHandler(h: FakeSession['permissionRequest']): void {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheck']): void {
    this.permissionCheck = h;
  }
  setDevicePermissionHandler(h: FakeSession['devicePermission']): void {
    this.devicePermission = h;
  }
  displayMedia: ((request: unknown, callback: (streams: unknown) => void) => void) | null = null;
  setDisplayMediaRequestHandler(h: FakeSession['displayMedia']): void {
    this.displayMedia = h;
  }
  webRequest = {
    onHeadersReceived: (h: FakeSession['headersHook']) => {
      this.headersHook = h;
    },
  };
}

class FakeApp extends EventEmitter {
  lockGranted = true;
  relaunched: { args?: string[] }[] = [];
  exited: number[] = [];
  quitCalled = 0;
  requestSingleInstanceLock(): boolean {
    return this.lockGranted;
  }
  relaunch(opts: { args?: string[] } = {}): void {
    this.relaunched.push(opts);
  }
  exit(code = 0): void {
    this.exited.push(code);
  }
  quit(): void {
    this.quitCalled++;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getPath(): string {
    return '/tmp/fake-electron-userdata';
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  /** Working set per process in KB, as Electron reports it; tests set it to play a leak. */
  metrics: { memory: { workingSetSize: number } }[] = [{ memory: { workingSetSize: 300 * 1024 } }];
  getAppMetrics(): { memory: { workingSetSize: number } }[] {
    return this.metrics;
  }
}

class FakePowerSaveBlocker {
  private seq = 0;
  readonly active = new Map<number, string>();
  start(type: string): number {
    const id = ++this.seq;
    this.active.set(id, type);
    return id;
  }
  stop(id: number): boolean {
    return this.active.delete(id);
  }
  isStarted(id: number): boolean {
    return this.active.has(id);
  }
}

class FakeMenu {
  applicationMenu: unknown = 'default';
  setApplicationMenu(m: unknown): void {
    this.applicationMenu = m;
  }
}

class FakeProtocol {
  privileged: unknown[] = [];
  handlers = new Map<string, (req: Request) => Promise<Response> | Response>();
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes);
  }
  handle(scheme: string, h: (req: Request) => Promise<Response> | Response): void {
    this.handlers.set(scheme, h);
  }
}

class FakeContextBridge {
  exposed: Record<string, unknown> = {};
  exposeInMainWorld(key: string, api: unknown): void {
    if (key in this.exposed) throw new Error(`${key} already exposed`);
    this.exposed[key] = api;
  }
}

/**
 * Electron safeStorage over a fake OS keyring: AES-GCM under a secret the "keyring" holds. Tests
 * turn the keyring off, pick Linux's basic_text backend, or reset it (a new secret: old blobs no
 * longer open, as after a reset login keyring).
 */
export class FakeSafeStorage {
  available = true;
  backend = 'gnome_libsecret';
  private secret = crypto.randomBytes(32);
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  resetKeyring(): void {
    this.secret = crypto.randomBytes(32);
  }
  encryptString(plain: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.');
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', this.secret, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([Buffer.from('v11'), iv, ct, c.getAuthTag()]);
  }
  decryptString(sealed: Buffer): string {
    if (!this.available) throw new Error('Decryption is not available.');
    const body = sealed.subarray(3);
    const d = crypto.createDecipheriv('aes-256-gcm', this.secret, body.subarray(0, 12));
    d.setAuthTag(body.subarray(body.length - 16));
    try {
      return Buffer.concat([d.update(body.subarray(12, body.length - 16)), d.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  }
}

export const fake = {
  app: new FakeApp(),
  ipcMain: new FakeIpcMain(),
  ipcRenderer: new FakeIpcRenderer(),
  contextBridge: new FakeContextBridge(),
  protocol: new FakeProtocol(),
  session: { defaultSession: new FakeSession() },
  BrowserWindow: FakeBrowserWindow,
  Menu: new FakeMenu(),
  powerSaveBlocker: new FakePowerSaveBlocker(),
  powerMonitor: new EventEmitter(),
  safeStorage: new FakeSafeStorage(),
};

/** Module shape for vi.mock('electron', () => electronModule()). Each test file gets fresh fakes (forks pool). */
export function electronModule(): Record<string, unknown> {
  return { ...fake, default: fake };
}
