import path from 'node:path';
import { count } from 'drizzle-orm';
import { DEMO_PASSWORD, seedDemo } from '../cli/seed/index.js';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase } from './platform/db/client.js';
import { startMaintenance } from './platform/db/maintenance.js';
import { organizations } from './platform/db/schema/index.js';
import { startJobQueue } from './platform/jobs/queue.js';

export function openConfiguredDatabase(config: Config) {
  return openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
}

/**
 * One process: API, dashboard and worker. Migrates on start; seeds a demo organisation when the database
 * has none (first start); shuts down gracefully on SIGTERM/SIGINT, finishing in-flight requests.
 */
export async function startServer(config: Config) {
  const database = await openConfiguredDatabase(config);
  await database.migrate();
  const [orgs] = await database.db.select({ n: count() }).from(organizations);
  let demo: string | null = null;
  const seeded = config.seedDemo && orgs?.n === 0;
  if (seeded) {
    const { tenants } = await seedDemo(database.db, { progress: process.stderr.isTTY });
    demo = tenants[0]?.emails.admin ?? null;
  }
  // Before the app exists: an embedded ANALYZE holds the event loop, and the load-shedding monitor would
  // count that against the first requests (503s just after the banner).
  const maintenance = startMaintenance(database, console, { bulkLoaded: seeded });
  await maintenance.first;
  const jobs = await startJobQueue(database, console);
  const app = await buildApp({ config, database, jobs });
  await app.listen({ port: config.port, host: config.host });
  const where =
    database.kind === 'pglite'
      ? `embedded PGlite in ${path.resolve(config.dataDir, 'pglite')}`
      : 'PostgreSQL';
  process.stdout.write(
    [
      '',
      `PRM is running at ${config.publicUrl}  (API docs: ${config.publicUrl}/docs)`,
      `Database: ${where}`,
      demo
        ? `Demo login: ${demo} / ${DEMO_PASSWORD}   (also staff@demo.prm.local, analyst@demo.prm.local)`
        : 'Demo login: admin@demo.prm.local / prm-demo-2026 (if the demo organisation was seeded)',
      '',
    ].join('\n'),
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    maintenance.stop();
    await app.close();
    await jobs.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return app;
}
