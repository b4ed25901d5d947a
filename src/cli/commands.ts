import { migrate } from './commands/migrate.js';
import { seed } from './commands/seed.js';
import { simulate } from './commands/simulate.js';
import { start } from './commands/start.js';
import type { Command } from './commands/types.js';
import { webhooks } from './commands/webhooks.js';

/** Every `prm` subcommand; one file each under commands/. */
export const COMMANDS: Command[] = [start, migrate, seed, simulate, webhooks];
