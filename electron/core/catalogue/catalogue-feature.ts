import fs from 'node:fs';
import type { CallName } from '../../contract/index.ts';
import type { catalogueCalls } from '../../contract/catalogue.ts';
import type { CoreDeps, Feature } from '../features/feature.ts';
import { CatalogueService } from './catalogue-service.ts';
import { buildCataloguePackage } from './package-build.ts';
import { demoSourceDir, devTrustedKeys, loadDevSigningKey, prebuiltDemoPackage } from './demo-source.ts';
import type { TrustedKey } from './package-crypto.ts';
import type { ImportResult } from './catalogue-import.ts';

type CatalogueCalls = keyof typeof catalogueCalls & CallName;

/** Local calendar date (YYYY-MM-DD) of the kiosk, for age calculations. */
function localDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * Keys a kiosk accepts packages from: the configured platform keys, plus the published development
 * keys only in demo mode (no configuration file), so a real deployment never trusts them.
 */
/** How long after start the demo catalogue is imported when nothing asks for it sooner. */
const DEMO_IMPORT_DELAY_MS = 3000;

export function trustedKeysFor(deps: Pick<CoreDeps, 'config'>): TrustedKey[] {
  const configured = deps.config.catalogue.trustedKeys ?? [];
  return deps.config.demo ? [...configured, ...devTrustedKeys()] : [...configured];
}

export interface CatalogueFeature extends Feature<CatalogueCalls> {
  readonly service: CatalogueService;
  /** Settles when the demo catalogue (if any) has been imported. */
  readonly ready: Promise<void>;
  /**
   * For the platform sync: verify and import a package, then tell the screens. Throws
   * CatalogueImportError (with `.reason`) and leaves the catalogue in use untouched.
   */
  importPackage(raw: Buffer): ImportResult;
}

export function createCatalogueFeature(deps: CoreDeps): CatalogueFeature {
  const { db, log, bus, clock, config } = deps;
  const trusted = trustedKeysFor(deps);
  const service = new CatalogueService(db, { trusted: () => trusted, now: () => new Date(clock.now()) });
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  let timer: NodeJS.Timeout | null = null;
  let pendingDemo = false;

  const importAndAnnounce = (raw: Buffer): ImportResult => {
    const r = service.importPackage(raw);
    bus.emit('catalogue.updated', { version: r.version, matters: r.matters, bundles: r.bundles });
    return r;
  };

  let demoStarted = false;
  const importDemo = (): void => {
    if (demoStarted) return;
    demoStarted = true;
    if (timer) clearTimeout(timer);
    timer = null;
    try {
      // A prebuilt package skips loading the source and signing in pure JS (~0.3 s on a slow box);
      // building from resources/catalogue is the fallback when a bundle ships only the source.
      const prebuilt = config.catalogue.demoPackage ?? prebuiltDemoPackage();
      const dir = demoSourceDir();
      let source: Buffer;
      if (prebuilt) source = fs.readFileSync(prebuilt);
      else if (dir) source = buildCataloguePackage(dir, loadDevSigningKey('sm2', dir));
      else throw new Error('demo catalogue source not found');
      const r = importAndAnnounce(source);
      log.info(
        { version: r.version, matters: r.matters, bundles: r.bundles, ms: Math.round(r.ms) },
        'demo catalogue imported',
      );
    } catch (e) {
      // The kiosk still serves its other functions; the technician sees the reason in the log and info.
      log.error({ err: (e as Error).message }, 'demo catalogue import failed');
    } finally {
      resolveReady();
    }
  };

  // Wait for the demo import only on the first calls after a cold start; later calls pass straight through.
  // A call that needs the catalogue before the delayed import ran starts it at once.
  const settled = async (): Promise<void> => {
    if (pendingDemo) importDemo();
    await ready;
  };

  return {
    service,
    ready,
    importPackage: importAndAnnounce,
    start() {
      const wantDemo = config.demo && (config.catalogue.autoImportDemo ?? true) && service.isEmpty();
      if (!wantDemo) {
        resolveReady();
        return;
      }
      // Deferred so the bridge serves and the attract screen is interactive first: the import holds
      // the core's thread for a few hundred ms. The first catalogue call starts it earlier if needed.
      pendingDemo = true;
      timer = setTimeout(importDemo, DEMO_IMPORT_DELAY_MS);
    },
    close() {
      pendingDemo = false;
      if (timer) clearTimeout(timer);
      resolveReady();
    },
    handlers: {
      'catalogue.info': async () => (await settled(), service.info()),
      'catalogue.search': async (req) => (
        await settled(),
        service.search(req.query, req.audience, req.limit)
      ),
      'catalogue.browse': async (req) => (await settled(), service.browse(req)),
      'catalogue.forCardHolder': async (req) => (
        await settled(),
        service.forCardHolder(req.birthDate, localDate(new Date(clock.now())), req.audience, req.limit)
      ),
      'catalogue.matter': async (req) => {
        await settled();
        const guide = service.matter(req.id);
        service.recordUse('matter', req.id);
        return guide;
      },
      'catalogue.bundle': async (req) => {
        await settled();
        const guide = service.bundle(req.id);
        service.recordUse('bundle', req.id);
        return guide;
      },
      'catalogue.form': async (req) => (await settled(), service.form(req.kind, req.id)),
      'catalogue.regions': async (req) => (await settled(), service.regions(req.parent)),
    },
  };
}
