import { KioskError } from '../../contract/index.ts';
import type { technicianCalls } from '../../contract/technician.ts';
import type { CoreDeps, Feature } from '../features/feature.ts';
import { AUDIT_KINDS } from '../audit/audit-kinds.ts';
import { TechnicianAuth } from './technician-auth.ts';

type TechnicianCallName = keyof typeof technicianCalls;

export interface TechnicianFeature extends Feature<TechnicianCallName> {
  readonly auth: TechnicianAuth;
}

export function createTechnicianFeature(deps: CoreDeps): TechnicianFeature {
  const auth = new TechnicianAuth({
    db: deps.db,
    clock: deps.clock,
    audit: deps.audit,
    config: deps.config.technician,
  });
  const off = auth.onChange((active) => deps.bus.emit('technician.mode', { active }));
  return {
    auth,
    handlers: {
      'technician.status': () => auth.status(),
      'technician.enter': async (req) => {
        const r = await auth.enter(req.pin);
        // A technician at the screen means no resident is using it: drop whatever was left.
        if (r.result === 'entered') deps.sessions.end('resident');
        return r;
      },
      'technician.leave': () => ({ left: auth.leave('technician') }),
      'technician.shell': (req) => {
        if (!auth.isActive())
          throw new KioskError('unauthorized', 'shell commands need technician mode', 'technician.required');
        deps.audit.append(AUDIT_KINDS.shellCommand, { command: req.command }, { actor: 'technician' });
        deps.bus.emit('shell.command', { command: req.command, by: 'technician' });
        return { accepted: true };
      },
    },
    close() {
      off();
      auth.leave('shutdown');
      auth.dispose();
    },
  };
}
