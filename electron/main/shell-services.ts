import type { App, BrowserWindow, PowerMonitor, PowerSaveBlocker } from 'electron';
import type { Clock } from '../core/clock/clock.ts';
import type { Core } from '../core/core.ts';
import type { ShellCommand } from '../contract/technician.ts';
import { AUDIT_KINDS } from '../core/audit/audit-kinds.ts';
import { applyLockdown, QuitGate } from './lockdown.ts';
import { handleResume, ServiceHoursPower } from './power.ts';
import { Maintenance, type MaintenanceOptions } from './maintenance.ts';

export interface ShellServices {
  gate: QuitGate;
  power: ServiceHoursPower;
  maintenance: Maintenance;
  /** Runs a shell command as if the core had asked (tests; the core's event is the normal path). */
  run(command: ShellCommand, by: string): void;
  dispose(): void;
}

/**
 * The kiosk's behaviour around the window: lockdown and the quit gate, shell commands from
 * technician mode and the platform, display power by service hours, resume handling, the nightly
 * restart and the memory check. Takes every Electron object as an argument (fake electron in tests).
 */
export function startShellServices(deps: {
  app: Pick<App, 'quit' | 'relaunch' | 'exit' | 'getAppMetrics'>;
  win: BrowserWindow;
  core: Pick<Core, 'config' | 'subscribe' | 'audit' | 'sessions' | 'log' | 'health'>;
  powerSaveBlocker: Pick<PowerSaveBlocker, 'start' | 'stop' | 'isStarted'>;
  powerMonitor: Pick<PowerMonitor, 'on'>;
  clock: Clock;
  locked: boolean;
  relaunchArgs?: () => string[];
  maintenance?: MaintenanceOptions;
}): ShellServices {
  const { app, win, core, clock } = deps;
  const gate = new QuitGate();
  applyLockdown(win, { locked: deps.locked, canQuit: () => gate.allowed });

  const relaunch = (why: string): void => {
    gate.allow(why);
    app.relaunch(deps.relaunchArgs ? { args: deps.relaunchArgs() } : undefined);
    app.exit(0);
  };
  const run = (command: ShellCommand, by: string): void => {
    core.log.warn({ command, by }, 'shell command');
    if (command === 'quit') {
      gate.allow(by);
      app.quit();
    } else if (command === 'relaunch') relaunch(by);
    else win.webContents.reload();
  };
  // The core has already checked technician mode (or the platform's signature) and audited the command.
  const unsubscribe = core.subscribe((name, payload) => {
    if (name === 'shell.command') {
      const p = payload as { command: ShellCommand; by: string };
      run(p.command, p.by);
    }
  });

  const power = new ServiceHoursPower(deps.powerSaveBlocker, clock, core.config.service, (state) =>
    core.log.info({ state }, 'service hours'),
  );
  power.start();
  handleResume(deps.powerMonitor, win, {
    power,
    healthCheck: () => {
      const h = core.health.current();
      core.log.info({ level: h.level, problems: h.problems }, 'health after resume');
    },
    log: (event) => core.log.info({ event }, 'display wake'),
  });

  const maintenance = new Maintenance(
    clock,
    core.config.service,
    app,
    {
      residentActive: () => core.sessions.current() !== null,
      restart: () => {
        core.audit.append(AUDIT_KINDS.shellMaintenance, { action: 'planned-restart' });
        relaunch('planned-restart');
      },
      reload: (_reason, mb) => {
        core.audit.append(AUDIT_KINDS.shellMaintenance, { action: 'memory-reload', workingSetMb: mb });
        win.webContents.reload();
      },
    },
    deps.maintenance,
  );
  maintenance.start();

  return {
    gate,
    power,
    maintenance,
    run,
    dispose() {
      unsubscribe();
      power.stop();
      maintenance.stop();
    },
  };
}
