import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/platform/db/client.js';

/**
 * One real API server process on DATABASE_URL (already migrated), listening on a free port; prints
 * `{"port":N}` when ready and shuts down cleanly on SIGTERM. Used by the two-process test and bench/sse.
 */
const config = loadConfig({
  ...process.env,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});
const database = await openDatabase({ url: config.databaseUrl, poolSize: 10 });
const app = await buildApp({ config, database });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' ? address?.port : null })}\n`);
process.on('SIGTERM', async () => {
  await app.close();
  await database.close();
  process.exit(0);
});
