import { parseArgs } from 'node:util';
import { simulateVoice } from '../simulate/voice.js';
import { type Command, intFlag, UsageError } from './types.js';

export const simulateVoiceCommand: Command = {
  name: 'simulate voice',
  usage: `prm simulate voice [options] post realistic signed voice-agent call events to a running server
      --secret S            the voice channel's webhook secret (or VOICE_WEBHOOK_SECRET)
      --url URL             the server (default PUBLIC_URL)
      --tenant ID           send x-tenant-id
      --api-key KEY         staff key: bookings go to the organisation's practitioners (none without it)
      --calls N             calls (default 50)
      --seed N              random seed (default 42): same seed, same calls
      --concurrency N       calls in flight at once (default 4)`,
  run: async (args, config) => {
    const { values } = parseArgs({
      args,
      options: {
        secret: { type: 'string' },
        url: { type: 'string' },
        tenant: { type: 'string' },
        'api-key': { type: 'string' },
        calls: { type: 'string' },
        seed: { type: 'string' },
        concurrency: { type: 'string' },
      },
    });
    const secret = values.secret ?? process.env.VOICE_WEBHOOK_SECRET;
    if (!secret) throw new UsageError('--secret (or VOICE_WEBHOOK_SECRET) is required');
    const r = await simulateVoice({
      url: values.url ?? config.publicUrl,
      secret,
      tenantId: values.tenant,
      apiKey: values['api-key'],
      calls: intFlag(values.calls, 'calls') ?? 50,
      seed: intFlag(values.seed, 'seed') ?? 42,
      concurrency: intFlag(values.concurrency, 'concurrency') ?? 4,
      progress: true,
    });
    const p = r.plan;
    process.stdout.write(
      `Sent ${r.sent} events for ${p.calls.length} calls: ${r.processed} processed, ${r.duplicates} duplicates answered 200, ${r.failed.length} failed.\n` +
        `Planned: ${p.outOfOrder} calls out of order, ${p.duplicates} repeated events, ${p.bookings} bookings, ${p.clashes} clashing bookings (expect booking_failed).\n`,
    );
    for (const f of r.failed.slice(0, 5)) process.stderr.write(`  ${f.status} ${f.detail}\n`);
    if (r.failed.length) process.exitCode = 1;
  },
};
