import type { CoreDeps } from '../features/feature.ts';
import type { createIdcardFeature } from '../devices/idcard-feature.ts';
import type { SyncService } from '../sync/sync-service.ts';
import { createVideoFeature } from './video-feature.ts';

/** core.ts's one line for video 帮办: the platform link from sync, the card from the reader. */
export function createCoreVideoFeature(
  deps: CoreDeps,
  idcard: ReturnType<typeof createIdcardFeature>,
  sync: SyncService,
  shell: 'electron' | 'web',
) {
  return createVideoFeature(deps, {
    link: () => ({ identity: sync.identity, client: sync.client }),
    currentCard: async () => (await idcard.handlers['idcard.current']({}, { shell })).card,
  });
}
