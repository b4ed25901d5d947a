import { ConfigError, loadConfig } from '../server/config.js';
import { safeErrorForLog } from '../server/platform/db/errors.js';
import { UsageError } from './commands/types.js';
import { COMMANDS } from './commands.js';

const help = () =>
  `prm — Patient Relationship Management\n\n${COMMANDS.map((c) => `  ${c.usage}`).join('\n')}\n
Environment: DATABASE_URL (postgres://…; default embedded PGlite in DATA_DIR=./data), PORT, PUBLIC_URL.\n`;

async function main(argv: string[]) {
  // A name may have two words (`simulate voice`): the longest name that the arguments start with wins.
  const command = COMMANDS.filter((c) => c.name.split(' ').every((w, i) => argv[i] === w)).sort(
    (a, b) => b.name.length - a.name.length,
  )[0];
  const name = argv[0];
  if (!command) {
    process.stdout.write(help());
    if (name && name !== 'help' && name !== '--help') process.exitCode = 2;
    return;
  }
  await command.run(argv.slice(command.name.split(' ').length), loadConfig());
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const known =
    err instanceof ConfigError ||
    err instanceof UsageError ||
    (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  if (known) {
    process.stderr.write(`prm: ${(err as Error).message}\n`);
    process.exit(known && err instanceof UsageError ? 2 : 1);
  }
  const safe = safeErrorForLog(err);
  const query = safe.query ? `\n  query: ${String(safe.query).slice(0, 300)}` : '';
  process.stderr.write(`prm: ${safe.message ?? 'failed'}${query}\n`);
  process.exit(1);
});
