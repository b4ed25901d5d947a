import { analytics } from './commands/analytics.js';
import { mcp } from './commands/mcp.js';
import { migrate } from './commands/migrate.js';
import { report } from './commands/report.js';
import { seed } from './commands/seed.js';
import { simulateVoiceCommand } from './commands/simulate-voice.js';
import { simulateWhatsappCommand } from './commands/simulate-whatsapp.js';
import { start } from './commands/start.js';
import type { Command } from './commands/types.js';
import { webhooks } from './commands/webhooks.js';

/** Every `prm` subcommand; one file each under commands/. */
export const COMMANDS: Command[] = [
  start,
  migrate,
  seed,
  simulateWhatsappCommand,
  simulateVoiceCommand,
  webhooks,
  analytics,
  mcp,
  report,
];
