import type { ParseArgsOptionsConfig } from 'node:util';

export interface CommandContext {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * One kioskctl command. Technicians read `summary` in `kioskctl help`, so it is Chinese first.
 * `run` returns the exit code; thrown errors are printed as one plain line, never a stack.
 */
export interface CommandSpec {
  /** Words that select the command, e.g. "idcard read". */
  name: string;
  summary: string;
  usage?: string;
  options?: ParseArgsOptionsConfig;
  /** Number of positional arguments accepted after the command words. */
  positionals?: number;
  run(ctx: CommandContext): Promise<number>;
}
