import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from './clock/clock.ts';
import type { KioskConfig } from './config/config.ts';
import { createLogger, type Logger } from './log/logger.ts';
import { openStore, type Store } from './store/store.ts';
import { EventBus, type EventListener } from './events/event-bus.ts';
import { SessionManager } from './session/session-manager.ts';
import { DeviceRegistry, registerDemoDevices } from './devices/device-registry.ts';
import { SyncStatusBoard } from './sync/sync-status.ts';
import { createDispatcher, type Dispatch, type Handlers } from './dispatcher.ts';
import type { CoreDeps } from './features/feature.ts';
import { createBaseFeature } from './features/base-feature.ts';
import { AuditLog } from './audit/audit-log.ts';
import { createAuditFeature } from './audit/audit-feature.ts';
import { createTechnicianFeature } from './technician/technician-feature.ts';
import type { TechnicianAuth } from './technician/technician-auth.ts';
import { createHealthFeature, type HealthFeature } from './health/health-feature.ts';
import { createSetupFeature } from './setup/setup-feature.ts';
import { createSettingsFeature } from './settings/site-settings.ts';
import { createNetIdVerifier } from './identity/net-id-verifier.ts';
import { createLookupsFeature } from './lookups/lookups-feature.ts';
import { createDeviceTests, type DeviceTests } from './setup/device-tests.ts';
import { createPrintingFeature, type PrintingOptions } from './printing/printing-feature.ts';
import { createCatalogueFeature } from './catalogue/catalogue-feature.ts';
import { createSpeechFeature } from './speech/speech-feature.ts';
import { createIdcardFeature } from './devices/idcard-feature.ts';
import { createScannerFeature } from './scanner/scanner-feature.ts';
import { createApplicationsFeature } from './applications/applications-feature.ts';
import { createSyncFeature } from './sync/sync-feature.ts';
import { createFlowFeature } from './flows/flow-feature.ts';
import { createCoreCameraFeature } from './camera/camera-wiring.ts';
import { createCoreVideoFeature } from './video/video-wiring.ts';
import { receiptDirectory } from './flows/receipt-directory.ts';
import { platformHeartbeatTransport } from './health/platform-heartbeat.ts';
import { ReceiptRequestSchema } from '../contract/printing.ts';
import type { CallRequest } from '../contract/calls.ts';
import { fileModeSealer, type KeySealer } from './secure/key-sealer.ts';
import { rewrapKioskKeys } from './secure/key-rewrap.ts';

export interface CoreOptions {
  config: KioskConfig;
  shell: 'electron' | 'web';
  clock?: Clock;
  log?: Logger;
  newId?: () => string;
  version?: string;
  /** Database file; defaults to <dataDir>/kiosk.db. */
  dbFile?: string;
  /** Printing ports the shell supplies (Electron: a printToPDF-backed PdfRenderer). */
  printing?: PrintingOptions;
  /** Electron: safeStorage where the OS has a keyring. Plain Node: the 0600 key file (default). */
  sealer?: KeySealer;
}

export interface Core {
  readonly config: KioskConfig;
  readonly dispatch: Dispatch;
  readonly sessions: SessionManager;
  readonly devices: DeviceRegistry;
  readonly store: Store;
  readonly log: Logger;
  readonly audit: AuditLog;
  readonly technician: TechnicianAuth;
  readonly health: HealthFeature;
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
}

/**
 * Builds the Electron-free core: store, sessions, devices and every feature's call handlers. Both
 * shells (the Electron main process and browser mode) construct exactly this and differ only in
 * transport.
 */
export async function createCore(opts: CoreOptions): Promise<Core> {
  const { config } = opts;
  const log = opts.log ?? createLogger({ level: config.log.level });
  const store = openStore(opts.dbFile ?? path.join(config.dataDir, 'kiosk.db'));
  const bus = new EventBus();
  const clock = opts.clock ?? systemClock;
  const devices = new DeviceRegistry(bus);
  const audit = new AuditLog(store.db, clock);
  const sealer = opts.sealer ?? fileModeSealer;
  rewrapKioskKeys(config.dataDir, sealer, audit);
  const deps: CoreDeps = {
    config,
    clock,
    log,
    db: store.db,
    bus,
    devices,
    audit,
    sealer,
    newId: opts.newId ?? randomUUID,
    sessions: new SessionManager({
      clock,
      db: store.db,
      bus,
      log,
      newId: opts.newId ?? randomUUID,
      // Getters: a technician's site settings change these while the kiosk runs.
      get defaultLocale() {
        return config.ui.defaultLocale;
      },
      get backstopMs() {
        return (config.ui.idleSeconds + config.ui.countdownSeconds + 30) * 1000;
      },
    }),
  };
  const sync = new SyncStatusBoard();
  if (config.devices.mode === 'simulated') registerDemoDevices(devices);

  // Each feature adds itself to both lines: to `features` (start/close) and to `handlers`, whose
  // type makes a call of the contract without a handler a build error.
  const base = createBaseFeature(deps, { sync, ...(opts.version ? { version: opts.version } : {}) });
  const printing = createPrintingFeature(deps, opts.printing);
  const audited = createAuditFeature(deps, {
    shell: opts.shell,
    ...(opts.version ? { version: opts.version } : {}),
  });
  const technician = createTechnicianFeature(deps);
  const settings = createSettingsFeature(deps, { isTechnician: () => technician.auth.isActive() });
  const health = createHealthFeature(deps, {
    sync,
    version: opts.version ?? 'dev',
    isTechnician: () => technician.auth.isActive(),
  });
  // Device tests drive features created below (reader, printers, scanner): bound once they exist.
  let deviceTests: DeviceTests | null = null;
  const setup = createSetupFeature(deps, {
    technician: technician.auth,
    selfTest: () => health.selfTest(),
    deviceTest: (device) => deviceTests!.run(device),
  });
  const catalogue = createCatalogueFeature(deps);
  const speech = createSpeechFeature(deps);
  const idcard = createIdcardFeature(deps);
  // Set once sync exists (below): codes that only the platform can verify need it reachable.
  let platformReachable = (): boolean => false;
  const scanner = createScannerFeature(deps, {
    printedQr: () => printing.simulator?.sim.lastQr() ?? null,
    isOnline: () => platformReachable(),
  });
  const applications = createApplicationsFeature(deps, receiptDirectory(deps));
  const syncFeature = createSyncFeature(deps, {
    board: sync,
    onConnected: (client, service) =>
      health.connect(platformHeartbeatTransport(client), { syncNow: () => void service.syncNow() }),
    onCataloguePackage: (raw) => void catalogue.importPackage(raw),
  });
  // The card read in this session and a receipt on the thermal printer: for flows and device tests.
  const currentCard = async () => (await idcard.handlers['idcard.current']({}, { shell: opts.shell })).card;
  const printReceipt = async (req: CallRequest<'printing.receipt'>) =>
    printing.handlers['printing.receipt'](ReceiptRequestSchema.parse(req), { shell: opts.shell });
  const flows = createFlowFeature(deps, {
    catalogue: catalogue.service,
    catalogueReady: catalogue.ready,
    currentCard,
    sync: syncFeature.service,
    printReceipt,
    // The video feature is made below; by the time a resident submits, it exists.
    remoteIdentity: () => video.identityDecision(),
    materialPages: (key) => camera.pages(key),
    lookupLicences: async (licenceType) =>
      lookups.handlers['lookups.licences']({ licenceType, consent: true }, { shell: opts.shell }),
    verifyNetId: createNetIdVerifier({
      client: () => syncFeature.service.client,
      codeOf: (scanId) => scanner.pendingCode(scanId),
    }),
  });
  platformReachable = () =>
    (syncFeature.service.client !== null || config.platform.url !== null) &&
    syncFeature.service.relay?.online !== false;
  deviceTests = createDeviceTests({
    bus: deps.bus,
    clock: deps.clock,
    kioskId: deps.config.kioskId,
    hasDevice: (kind) => deps.devices.list().some((x) => x.kind === kind && x.state !== 'absent'),
    currentCard,
    watchReader: (on) => idcard.service?.watch(on),
    printReceipt,
    printA4: async (req) => printing.handlers['printing.document'](req, { shell: opts.shell }),
  });
  const camera = createCoreCameraFeature(deps, idcard, syncFeature.service, opts.shell);
  const video = createCoreVideoFeature(deps, idcard, syncFeature.service, opts.shell);
  const lookups = createLookupsFeature(deps, {
    client: () => syncFeature.service.client,
    profile: () => syncFeature.service.identity?.profile ?? null,
    currentCard,
  });
  const features = [
    base,
    audited,
    technician,
    health,
    setup,
    printing,
    catalogue,
    idcard,
    scanner,
    applications,
    speech,
    syncFeature,
    flows,
    video,
    camera,
    settings,
    lookups,
  ];
  const handlers: Handlers = {
    ...base.handlers,
    ...technician.handlers,
    ...health.handlers,
    ...setup.handlers,
    ...printing.handlers,
    ...catalogue.handlers,
    ...idcard.handlers,
    ...scanner.handlers,
    ...applications.handlers,
    ...speech.handlers,
    ...syncFeature.handlers,
    ...flows.handlers,
    ...settings.handlers,
    ...video.handlers,
    ...camera.handlers,
    ...lookups.handlers,
  };

  for (const f of features) await f.start?.();
  log.info(
    { shell: opts.shell, demo: config.demo, schema: store.migration.to, kioskId: config.kioskId },
    'core started',
  );
  return {
    config,
    dispatch: createDispatcher(handlers, log),
    sessions: deps.sessions,
    devices,
    store,
    log,
    audit,
    technician: technician.auth,
    health,
    subscribe: (l) => bus.subscribe(l),
    async close() {
      deps.sessions.end('resident');
      deps.sessions.dispose();
      for (const f of [...features].reverse()) await f.close?.();
      store.close();
    },
  };
}
