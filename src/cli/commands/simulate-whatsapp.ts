import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { syntheticOutboundSids } from '../simulate/whatsapp-plan.js';
import { simulateWhatsapp } from '../simulate/whatsapp-simulator.js';
import { type Command, intFlag, UsageError } from './types.js';

const fraction = (v: string | undefined, name: string, fallback: number) => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--${name} must be between 0 and 1`);
  return n;
};

export const simulateWhatsappCommand: Command = {
  name: 'simulate whatsapp',
  usage: `prm simulate whatsapp [options]  send signed Twilio webhooks to a running server
      --url URL             server to post to (default PUBLIC_URL)
      --account-sid AC…     channel's Account SID (or TWILIO_ACCOUNT_SID)
      --auth-token TOKEN    channel's auth token (or TWILIO_AUTH_TOKEN)
      --to +E164            channel's sender number (or TWILIO_WHATSAPP_FROM)
      --count N             distinct inbound messages (default 100)
      --phones N            distinct patient phones (default min(count, 500))
      --outbound N          outbound messages whose status callbacks are sent (default 0)
      --rate N              requests per second (default 50; 0 = unlimited)
      --concurrency N       requests in flight (default 16)
      --duplicates F        share delivered twice, 0..1 (default 0.1)
      --shuffle-status      status callbacks out of order
      --seed N              same seed, same traffic (default 42)`,
  run: async (args, config) => {
    const { values } = parseArgs({
      args,
      options: {
        url: { type: 'string' },
        'account-sid': { type: 'string' },
        'auth-token': { type: 'string' },
        to: { type: 'string' },
        count: { type: 'string' },
        phones: { type: 'string' },
        outbound: { type: 'string' },
        rate: { type: 'string' },
        concurrency: { type: 'string' },
        duplicates: { type: 'string' },
        'shuffle-status': { type: 'boolean' },
        seed: { type: 'string' },
      },
    });
    const accountSid = values['account-sid'] ?? process.env.TWILIO_ACCOUNT_SID;
    const authToken = values['auth-token'] ?? process.env.TWILIO_AUTH_TOKEN;
    const to = values.to ?? process.env.TWILIO_WHATSAPP_FROM;
    if (!accountSid || !authToken || !to)
      throw new UsageError(
        '--account-sid, --auth-token and --to (the channel configured in PRM) are required',
      );
    const count = intFlag(values.count, 'count') ?? 100;
    const seed = intFlag(values.seed, 'seed') ?? 42;
    const bar = new cliProgress.SingleBar(
      { format: 'Webhooks [{bar}] {percentage}% | {value}/{total} | {eta}s left' },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    const summary = await simulateWhatsapp({
      url: (values.url ?? config.publicUrl).replace(/\/$/, ''),
      publicUrl: config.publicUrl,
      accountSid,
      authToken,
      to,
      count,
      phones: intFlag(values.phones, 'phones') ?? Math.min(count, 500),
      outboundSids: syntheticOutboundSids(intFlag(values.outbound, 'outbound') ?? 0, seed),
      shuffleStatus: values['shuffle-status'] ?? false,
      duplicates: fraction(values.duplicates, 'duplicates', 0.1),
      rate: intFlag(values.rate, 'rate') ?? 50,
      concurrency: intFlag(values.concurrency, 'concurrency') ?? 16,
      seed,
      onProgress: (done, total) => {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
    });
    bar.stop();
    const statuses = Object.entries(summary.byStatus)
      .map(([code, n]) => `${code}: ${n}`)
      .join(', ');
    process.stdout.write(
      [
        `Sent ${summary.requests} webhooks in ${summary.seconds.toFixed(1)} s (${summary.perSecond.toFixed(0)}/s): ` +
          `${summary.inbound} inbound, ${summary.statusCallbacks} status callbacks, ${summary.duplicatesSent} duplicates`,
        `Answers: ${statuses || 'none'}${summary.networkErrors ? `, network errors: ${summary.networkErrors}` : ''}`,
        `Latency: p50 ${summary.p50Ms.toFixed(1)} ms, p99 ${summary.p99Ms.toFixed(1)} ms`,
        '',
      ].join('\n'),
    );
    if (summary.networkErrors || Object.keys(summary.byStatus).some((c) => !c.startsWith('2')))
      process.exitCode = 1;
  },
};
