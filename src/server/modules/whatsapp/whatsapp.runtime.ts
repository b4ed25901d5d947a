import { type Config, runsWorkers } from '../../config.js';
import { loadSecretsKey, secretBox } from '../../platform/auth/secret-box.js';
import { burstMeter } from '../../platform/burst-meter.js';
import type { Database } from '../../platform/db/client.js';
import type { Unsubscribe } from '../../platform/events/bus.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { channelDirectory } from './channel-directory.js';
import { eventProcessor, type ProcessorLog } from './event-processor.js';
import { INBOUND_PROVIDER, inboundHandler } from './inbound.service.js';
import { requeueEvents, statusCounts } from './ledger.repository.js';
import { ledgerAnnouncer, onLedgerStored } from './ledger-signal.js';
import { ledgerWriter } from './ledger-writer.js';
import { MEDIA_JOB, type MediaJob, mediaJobHandler, twilioUrlCheck } from './media.service.js';
import { SEND_JOB, SEND_RETRIES, type SendDeps, sendJobHandler } from './send.service.js';
import { STATUS_PROVIDER, statusHandler } from './status.service.js';
import { twilioClientFactory } from './twilio-client.js';

/** Everything the WhatsApp module runs on, built once per process (API server or CLI). */
export function whatsappRuntime(
  database: Database,
  jobs: JobQueue,
  config: Config,
  log: ProcessorLog,
  // A CLI command has no app: its own meter, and the box made from the same key.
  { arrivals = burstMeter({ perSecond: 1000 }), box = secretBox(loadSecretsKey(config)) } = {},
) {
  const { db } = database;
  const channels = channelDirectory(db, box);
  const writer = ledgerWriter(database, { meter: arrivals });
  const processor = eventProcessor(
    db,
    { [INBOUND_PROVIDER]: inboundHandler(jobs), [STATUS_PROVIDER]: statusHandler },
    log,
    { yieldTo: arrivals },
  );
  // Processing follows a stored webhook in this process, or, in an API-only process, in the workers.
  const announcer = runsWorkers(config) ? null : ledgerAnnouncer(database, log);
  let unlisten: Unsubscribe | null = null;
  const send: SendDeps = {
    db,
    jobs,
    box,
    publicUrl: config.publicUrl,
    clientFor: twilioClientFactory(config.twilioApiBaseUrl),
  };
  return {
    box,
    /** Stop this process's background work, announcing what it stored but did not yet announce. */
    async stop() {
      await unlisten?.();
      await announcer?.stop();
      await processor.stop();
    },
    channels,
    processor,
    send,
    writer,
    /** Called with the ids of newly stored webhooks once their ledger rows committed. */
    stored: (ids: string[]) => (announcer ? announcer.kick(ids) : processor.kick(ids)),
    /** Put failed (or deferred) events back through processing and say how each ended up. */
    async replay(opts: { id?: string | undefined; deferred?: boolean | undefined; limit: number }) {
      const ids = await requeueEvents(db, {
        providers: [INBOUND_PROVIDER, STATUS_PROVIDER],
        status: opts.deferred ? 'deferred' : 'failed',
        id: opts.id,
        limit: opts.limit,
      });
      processor.kick(ids);
      await processor.drained();
      const rows = await statusCounts(db, ids);
      const n = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
      return {
        replayed: ids.length,
        processed: n('processed'),
        deferred: n('deferred'),
        failed: n('failed'),
      };
    },
    /** Start this process's share of the background work: ledger processing, sends, media downloads. */
    async startWorkers() {
      if (!runsWorkers(config)) return;
      processor.start();
      // Webhooks that API-only processes stored: they count as arrivals here too, so a burst in any
      // process makes processing give way.
      unlisten = await onLedgerStored(
        database,
        (n) => {
          arrivals.mark(n);
          processor.wake();
        },
        { onReconnect: () => processor.wake(), log },
      );
      await jobs.work(SEND_JOB, sendJobHandler(send), { retryLimit: SEND_RETRIES, retryDelaySeconds: 2 });
      await jobs.work<MediaJob>(
        MEDIA_JOB,
        mediaJobHandler({
          db,
          channels,
          maxBytes: config.whatsappMediaMaxBytes,
          trusted: twilioUrlCheck(config.twilioApiBaseUrl),
          log,
        }),
        { retryLimit: 5, retryDelaySeconds: 5 },
      );
    },
  };
}
export type WhatsappRuntime = ReturnType<typeof whatsappRuntime>;
