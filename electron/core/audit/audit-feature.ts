import type { CoreDeps, Feature } from '../features/feature.ts';
import { AUDIT_KINDS } from './audit-kinds.ts';
import { auditConfigChange } from './config-audit.ts';
import { auditSessions } from './session-audit.ts';

/**
 * Wires the audit log (built in createCore, reachable by every feature as `deps.audit`) to what the
 * core itself knows: app starts, configuration changes between starts, and every resident session's
 * start and wipe. Other features call `deps.audit.append(kind, details)` for their own facts.
 */
export function createAuditFeature(
  deps: CoreDeps,
  facts: { shell: 'electron' | 'web'; version?: string },
): Feature<never> {
  let off: (() => void) | null = null;
  return {
    handlers: {},
    start() {
      deps.audit.append(AUDIT_KINDS.appStart, { shell: facts.shell, version: facts.version ?? null });
      auditConfigChange(deps.db, deps.audit, deps.config.configFile);
      off = auditSessions(deps.sessions, deps.audit);
    },
    close() {
      off?.();
    },
  };
}
