import { createTenant } from '../../test/helpers/app.js';
import { scratchDatabase } from '../scratch-db.js';
import { runSseBench } from './bench.js';
import { startServerProcess } from './processes.js';

const database = await scratchDatabase();
const servers = await Promise.all(
  [0, 1].map(() => startServerProcess({ DATABASE_URL: database.url as string, SEED_DEMO: 'false' })),
);
try {
  const tenant = await createTenant(database, 'SSE bench clinic');
  await runSseBench({
    database,
    servers: servers.map((s) => s.url),
    tenantId: tenant.id,
    apiKey: tenant.keys.analyst,
    clients: Number(process.env.BENCH_CLIENTS ?? '1000'),
    rounds: Number(process.env.BENCH_ROUNDS ?? '30'),
    log: (s) => process.stdout.write(`${s}\n`),
  });
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await database.drop();
}
