import { KioskError } from '../../contract/index.ts';
import type { CoreDeps, Feature } from '../features/feature.ts';
import {
  DEMO_APPLICATION,
  InMemoryApplicationDirectory,
  type ApplicationDirectory,
} from './application-directory.ts';

/** 办件查询: looks up an application by receipt number (from a verified receipt QR or typed by hand). */
export function createApplicationsFeature(
  deps: CoreDeps,
  directory?: ApplicationDirectory,
): Feature<'applications.lookup'> & { directory: ApplicationDirectory } {
  let dir = directory;
  if (!dir) {
    const mem = new InMemoryApplicationDirectory();
    if (deps.config.demo || deps.config.devices.mode === 'simulated') mem.add(DEMO_APPLICATION);
    dir = mem;
  }
  const d = dir;
  return {
    directory: d,
    handlers: {
      'applications.lookup': ({ receiptNo }) => {
        const application = d.lookup(receiptNo);
        if (!application) {
          throw new KioskError(
            'not-found',
            'no application under that receipt number',
            'applications.notFound',
          );
        }
        return { application };
      },
    },
  };
}
