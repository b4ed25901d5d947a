import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { openConfiguredDatabase } from '../../server/main.js';
import { tenantIds } from '../../server/modules/analytics/analytics.repository.js';
import { foldAll, rebuildAll } from '../../server/modules/analytics/analytics.rollup.js';
import { type Command, UsageError } from './types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const analytics: Command = {
  name: 'analytics',
  usage: `prm analytics rebuild [--tenant ID]   recompute the rollups from the base tables
  prm analytics fold                   fold pending changes into the rollups now`,
  run: async (args, config) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { tenant: { type: 'string' } },
    });
    const action = positionals[0];
    if (action !== 'rebuild' && action !== 'fold') throw new UsageError('use: prm analytics rebuild|fold');
    if (values.tenant !== undefined && !UUID.test(values.tenant))
      throw new UsageError('--tenant must be an organisation id (UUID)');
    const database = await openConfiguredDatabase(config);
    await database.migrate();
    try {
      const started = Date.now();
      if (action === 'fold') {
        await foldAll(database.db);
        process.stdout.write(`Folded pending analytics changes in ${Date.now() - started} ms.\n`);
        return;
      }
      const ids = values.tenant ? [values.tenant] : await tenantIds(database.db);
      if (values.tenant && !(await tenantIds(database.db)).includes(values.tenant))
        throw new UsageError(`No organisation ${values.tenant}`);
      const bar = new cliProgress.SingleBar(
        { format: 'Rebuilding analytics [{bar}] {value}/{total} organisations' },
        cliProgress.Presets.shades_classic,
      );
      bar.start(ids.length, 0);
      for (const id of ids) {
        await rebuildAll(database.db, [id]);
        bar.increment();
      }
      bar.stop();
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`Rebuilt the analytics rollups of ${ids.length} organisation(s) in ${secs} s.\n`);
    } finally {
      await database.close();
    }
  },
};
