import type { Config } from '../../server/config.js';

/** One `prm <name>` subcommand. Register it in ../commands.ts. */
export type Command = {
  name: string;
  /** Usage lines for `prm help`, first line `prm <name> …  what it does`. */
  usage: string;
  run(args: string[], config: Config): Promise<void>;
};

export class UsageError extends Error {}

export const intFlag = (v: string | undefined, name: string) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number`);
  return n;
};
