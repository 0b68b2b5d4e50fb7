import type { CommandSpec } from '../command.ts';
import { configCommands } from './config.ts';
import { idcardCommands } from './idcard.ts';
import { devicesCommands } from './devices.ts';
import { auditCommands } from './audit.ts';
import { technicianCommands } from './technician.ts';
import { healthCommands } from './health.ts';
import { printerCommands } from './printer.ts';
import { scannerCommands } from './scanner.ts';
import { catalogueCommands } from './catalogue.ts';
import { syncCommands } from './sync.ts';

/** Every kioskctl command, grouped by area; each area keeps its commands in its own file. */
export const commands: CommandSpec[] = [
  ...configCommands,
  ...idcardCommands,
  ...devicesCommands,
  ...auditCommands,
  ...technicianCommands,
  ...healthCommands,
  ...printerCommands,
  ...scannerCommands,
  ...catalogueCommands,
  ...syncCommands,
];
