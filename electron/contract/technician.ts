import { z } from 'zod';

/**
 * Technician mode (hidden gesture + PIN) and the shell commands only a technician or the platform
 * may give. A wrong PIN is an expected outcome, not an error: the response says how many attempts
 * are left or until when entry is locked, and the screen shows that.
 */
const Empty = z.object({}).strict();

export const TechnicianStatusSchema = z.object({
  active: z.boolean(),
  pinSet: z.boolean(),
  lockedUntil: z.string().nullable(),
  expiresAt: z.string().nullable(),
});

export const ShellCommandSchema = z.enum(['quit', 'relaunch', 'reload']);
export type ShellCommand = z.infer<typeof ShellCommandSchema>;

export const technicianCalls = {
  'technician.status': { request: Empty, response: TechnicianStatusSchema },
  'technician.enter': {
    // Any string up to 64 characters reaches the handler, so a garbled PIN counts as a failed attempt.
    request: z.object({ pin: z.string().max(64) }).strict(),
    response: z.discriminatedUnion('result', [
      z.object({ result: z.literal('entered'), expiresAt: z.string() }),
      z.object({ result: z.literal('wrong-pin'), attemptsLeft: z.number().int().nonnegative() }),
      z.object({ result: z.literal('locked'), lockedUntil: z.string() }),
      z.object({ result: z.literal('no-pin') }),
    ]),
  },
  'technician.leave': { request: Empty, response: z.object({ left: z.boolean() }) },
  /** Quit, relaunch or reload the kiosk app: only in technician mode (the shell refuses any other quit). */
  'technician.shell': {
    request: z.object({ command: ShellCommandSchema }).strict(),
    response: z.object({ accepted: z.boolean() }),
  },
} as const;

export const technicianEvents = {
  'technician.mode': z.object({ active: z.boolean() }),
  /** For the Electron shell: quit/relaunch/reload, from technician mode or a platform command. */
  'shell.command': z.object({
    command: ShellCommandSchema,
    by: z.enum(['technician', 'platform', 'schedule']),
  }),
} as const;
