import type { CoreDeps } from '../features/feature.ts';
import type { createIdcardFeature } from '../devices/idcard-feature.ts';
import type { SyncService } from '../sync/sync-service.ts';
import { createCameraFeature } from './camera-feature.ts';
import { platformFaceVerifier } from './face-verifier.ts';

/**
 * How core.ts builds the camera feature from its neighbours (kept here so core.ts gains one line):
 * stills are sealed with the outbox's data key and at-rest profile; faces are verified by the
 * platform the sync service is connected to (none → `pending`); the resident is the one whose ID
 * card was read in this session.
 */
export function createCoreCameraFeature(
  deps: CoreDeps,
  idcard: ReturnType<typeof createIdcardFeature>,
  sync: Pick<SyncService, 'outbox' | 'client'>,
  shell: 'electron' | 'web',
) {
  const { profile, dataKey } = sync.outbox;
  return createCameraFeature(deps, {
    sealer: { seal: (b) => profile.seal(dataKey, b), open: (b) => profile.open(dataKey, b) },
    verifier: platformFaceVerifier(() => sync.client),
    currentIdNumber: async () =>
      (await idcard.handlers['idcard.current']({}, { shell })).card?.idNumber ?? null,
  });
}
