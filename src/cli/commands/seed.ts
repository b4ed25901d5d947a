import { parseArgs } from 'node:util';
import { openConfiguredDatabase } from '../../server/main.js';
import { seedDemo } from '../seed/index.js';
import { type Command, intFlag } from './types.js';

export const seed: Command = {
  name: 'seed',
  usage: `prm seed [options]        add demo organisations with synthetic data
      --seed N              random seed (default 42): same seed, same data
      --tenants N           organisations (default 1)
      --patients N          patients per organisation (default 1500)
      --days N              days of history (default 365)
      --practitioners N     practitioners per organisation (default 16)
      --per-day N           appointments per practitioner per working day (default 8)`,
  run: async (args, config) => {
    const { values } = parseArgs({
      args,
      options: {
        seed: { type: 'string' },
        tenants: { type: 'string' },
        patients: { type: 'string' },
        days: { type: 'string' },
        practitioners: { type: 'string' },
        'per-day': { type: 'string' },
      },
    });
    const opts = Object.fromEntries(
      Object.entries({
        seed: intFlag(values.seed, 'seed'),
        tenants: intFlag(values.tenants, 'tenants'),
        patients: intFlag(values.patients, 'patients'),
        days: intFlag(values.days, 'days'),
        practitioners: intFlag(values.practitioners, 'practitioners'),
        perDay: intFlag(values['per-day'], 'per-day'),
      }).filter(([, v]) => v !== undefined),
    );
    const database = await openConfiguredDatabase(config);
    await database.migrate();
    const started = Date.now();
    const { tenants, rows } = await seedDemo(database.db, { ...opts, progress: true });
    await database.close();
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `Seeded ${tenants.length} organisation(s), ${rows} rows in ${secs} s: ${tenants.map((t) => t.slug).join(', ')}\n`,
    );
  },
};
