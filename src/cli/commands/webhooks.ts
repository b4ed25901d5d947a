import { parseArgs } from 'node:util';
import { openConfiguredDatabase } from '../../server/main.js';
import { whatsappRuntime } from '../../server/modules/whatsapp/whatsapp.runtime.js';
import { startJobQueue } from '../../server/platform/jobs/queue.js';
import { type Command, intFlag, UsageError } from './types.js';

const stderrLog = {
  warn: (o: object, msg: string) => process.stderr.write(`${msg} ${JSON.stringify(o)}\n`),
  error: (o: object, msg: string) => process.stderr.write(`${msg} ${JSON.stringify(o)}\n`),
};

export const webhooks: Command = {
  name: 'webhooks',
  usage: `prm webhooks replay [options]  process failed webhook events again from the raw ledger
      --id UUID             only this event
      --deferred            status callbacks still waiting for their message, instead of failed events
      --limit N             at most N events (default 10000)`,
  run: async (args, config) => {
    const [what, ...rest] = args;
    if (what !== 'replay')
      throw new UsageError('usage: prm webhooks replay [--id UUID] [--deferred] [--limit N]');
    const { values } = parseArgs({
      args: rest,
      options: { id: { type: 'string' }, deferred: { type: 'boolean' }, limit: { type: 'string' } },
    });
    if (values.id && !/^[0-9a-f-]{36}$/i.test(values.id))
      throw new UsageError('--id must be a webhook event id');
    const database = await openConfiguredDatabase(config);
    await database.migrate();
    const jobs = await startJobQueue(database, stderrLog);
    try {
      const rt = whatsappRuntime(database, jobs, config, stderrLog);
      const after = await rt.replay({
        id: values.id,
        deferred: values.deferred,
        limit: intFlag(values.limit, 'limit') ?? 10_000,
      });
      process.stdout.write(
        `Replayed ${after.replayed} event(s): ${after.processed} processed, ${after.deferred} deferred, ${after.failed} failed.\n`,
      );
      if (after.failed) process.exitCode = 1;
    } finally {
      await jobs.stop();
      await database.close();
    }
  },
};
