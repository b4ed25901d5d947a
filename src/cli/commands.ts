import { analytics } from './commands/analytics.js';
import { migrate } from './commands/migrate.js';
import { report } from './commands/report.js';
import { seed } from './commands/seed.js';
import { start } from './commands/start.js';
import type { Command } from './commands/types.js';

/** Every `prm` subcommand; one file each under commands/. */
export const COMMANDS: Command[] = [start, migrate, seed, analytics, report];
