import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../server/config.js';
import { openConfiguredDatabase, startServer } from '../server/main.js';
import { safeErrorForLog } from '../server/platform/db/errors.js';
import { seedDemo } from './seed/index.js';

const HELP = `prm — Patient Relationship Management

  prm start                 API + dashboard + worker (migrates; seeds a demo on first start)
  prm migrate               apply database migrations
  prm seed [options]        add demo organisations with synthetic data
      --seed N              random seed (default 42): same seed, same data
      --tenants N           organisations (default 1)
      --patients N          patients per organisation (default 1500)
      --days N              days of history (default 365)
      --practitioners N     practitioners per organisation (default 16)
      --per-day N           appointments per practitioner per working day (default 8)

Environment: DATABASE_URL (postgres://…; default embedded PGlite in DATA_DIR=./data), PORT, PUBLIC_URL.`;

const int = (v: string | undefined, name: string) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`--${name} must be a whole number`);
  return n;
};

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'start':
      await startServer(config);
      return;
    case 'migrate': {
      const database = await openConfiguredDatabase(config);
      await database.migrate();
      await database.close();
      process.stdout.write('Migrations applied.\n');
      return;
    }
    case 'seed': {
      const { values } = parseArgs({
        args: rest,
        options: {
          seed: { type: 'string' },
          tenants: { type: 'string' },
          patients: { type: 'string' },
          days: { type: 'string' },
          practitioners: { type: 'string' },
          'per-day': { type: 'string' },
        },
      });
      const database = await openConfiguredDatabase(config);
      await database.migrate();
      const started = Date.now();
      const opts = Object.fromEntries(
        Object.entries({
          seed: int(values.seed, 'seed'),
          tenants: int(values.tenants, 'tenants'),
          patients: int(values.patients, 'patients'),
          days: int(values.days, 'days'),
          practitioners: int(values.practitioners, 'practitioners'),
          perDay: int(values['per-day'], 'per-day'),
        }).filter(([, v]) => v !== undefined),
      );
      const { tenants, rows } = await seedDemo(database.db, { ...opts, progress: true });
      await database.close();
      process.stdout.write(
        `Seeded ${tenants.length} organisation(s), ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s: ${tenants.map((t) => t.slug).join(', ')}\n`,
      );
      return;
    }
    default:
      process.stdout.write(`${HELP}\n`);
      if (command && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`prm: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const safe = safeErrorForLog(err);
  process.stderr.write(
    `prm: ${safe.message ?? 'failed'}${safe.query ? `\n  query: ${String(safe.query).slice(0, 300)}` : ''}\n`,
  );
  process.exit(1);
});
