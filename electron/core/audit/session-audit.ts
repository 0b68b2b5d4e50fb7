import type { SessionManager } from '../session/session-manager.ts';
import type { AuditLog } from './audit-log.ts';
import { AUDIT_KINDS } from './audit-kinds.ts';

/**
 * Every resident session leaves two records: its start, and its wipe (written after every wipe hook
 * ran, with how many ran and how many failed). The session id is random and ties the two together
 * without saying anything about the resident.
 */
export function auditSessions(sessions: SessionManager, audit: AuditLog): () => void {
  return sessions.observe({
    started: (id) => void audit.append(AUDIT_KINDS.sessionStart, { session: id }, { actor: 'resident' }),
    ended: (id, reason, wipe) =>
      void audit.append(AUDIT_KINDS.sessionWipe, {
        session: id,
        reason,
        hooks: wipe.hooks,
        failedHooks: wipe.failed,
      }),
  });
}
