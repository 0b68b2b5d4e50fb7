import { pino, type Logger, type DestinationStream } from 'pino';
import { redact, redactString } from './redact.ts';

export type { Logger } from 'pino';

/**
 * Structured logger whose every record passes the redaction rules, both the merged object and the
 * message string. pino's path-based `redact` is not enough on its own: personal data also turns up
 * in free text and under keys we cannot list in advance.
 */
export function createLogger(
  opts: { level?: string; name?: string } = {},
  destination: DestinationStream = pino.destination({ dest: 2, sync: false }),
): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      name: opts.name ?? 'kiosk',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        log: (obj) => redact(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a) => (typeof a === 'string' ? redactString(a) : a));
          method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
