import http from 'node:http';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/server/platform/db/client.js';
import { publishEvent, subscribeEvents } from '../../src/server/platform/events/bus.js';
import { percentile } from '../percentile.js';
import { metricsEvent, parse, SseClient } from './client.js';

export type SseBenchOptions = {
  database: Database;
  /** Base URLs of the server processes; clients are spread over them round-robin. */
  servers: string[];
  tenantId: string;
  apiKey: string;
  clients: number;
  rounds: number;
  log: (s: string) => void;
};

export type SseFigures = { p50: number; p99: number; notifyP99: number; ratio: number; samples: number };

/** A conversation to write inbound messages into, as the WhatsApp webhook does. */
async function conversation(database: Database, tenantId: string) {
  const res = (await database.db.execute(sql`
    with p as (insert into patients (id, tenant_id, full_name, phone)
      values (gen_random_uuid(), ${tenantId}, 'SSE bench', '+919811122233') returning id)
    insert into conversations (id, tenant_id, patient_id, channel) select gen_random_uuid(), ${tenantId}, p.id, 'whatsapp' from p
    returning id::text, patient_id::text`)) as unknown as { rows: { id: string; patient_id: string }[] };
  return res.rows[0] as { id: string; patient_id: string };
}

/**
 * Open `clients` SSE streams over the servers, then `rounds` times commit one inbound message (with the
 * `message.created` event the WhatsApp module publishes) and time commit → event received at every client.
 * Baseline in the same run: commit → the raw NOTIFY heard by a plain LISTEN.
 */
export async function runSseBench(o: SseBenchOptions): Promise<SseFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const streams: SseClient[] = [];
  const c = await conversation(o.database, o.tenantId);
  let notified: (() => void) | null = null;
  const unlisten = await subscribeEvents(o.database, (e) => {
    if (e.tenant_id === o.tenantId && e.type === 'message.created') notified?.();
  });
  try {
    for (let i = 0; i < o.clients; i += 100) {
      const batch = Array.from({ length: Math.min(100, o.clients - i) }, (_, k) =>
        SseClient.open(
          `${o.servers[(i + k) % o.servers.length]}/api/v1/analytics/realtime?time_period=today&channel=whatsapp`,
          { authorization: `Bearer ${o.apiKey}` },
          agent,
        ),
      );
      streams.push(...(await Promise.all(batch)));
    }
    const first = await Promise.all(streams.map((s) => s.next(metricsEvent, 30_000)));
    let expected = parse(first[0] as never).metrics.messages_inbound?.value ?? 0;
    o.log(`  ${streams.length} clients connected over ${o.servers.length} process(es)`);
    const latencies: number[] = [];
    const notifies: number[] = [];
    for (let r = 0; r < o.rounds; r++) {
      expected++;
      const heard = new Promise<number>((resolve) => {
        notified = () => resolve(performance.now());
      });
      await o.database.db.transaction(async (tx) => {
        const [m] = (
          (await tx.execute(sql`insert into messages (id, tenant_id, conversation_id, patient_id, direction, channel, status)
            values (gen_random_uuid(), ${o.tenantId}, ${c.id}, ${c.patient_id}, 'inbound', 'whatsapp', 'received')
            returning id::text`)) as unknown as { rows: { id: string }[] }
        ).rows;
        await publishEvent(tx, {
          tenant_id: o.tenantId,
          type: 'message.created',
          data: { message_id: m?.id },
        });
      });
      const committed = performance.now();
      const got = await Promise.all(
        streams.map((s) =>
          s.next((e) => metricsEvent(e) && parse(e).metrics.messages_inbound?.value === expected, 10_000),
        ),
      );
      for (const e of got) latencies.push(e.receivedAt - committed);
      notifies.push((await heard) - committed);
    }
    const figures = {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      notifyP99: percentile(notifies, 99),
      ratio: percentile(latencies, 99) / Math.max(percentile(notifies, 99), 0.001),
      samples: latencies.length,
    };
    o.log(
      `bench/sse: ${o.clients} clients, ${o.servers.length} process(es), ${o.rounds} commits: commit→event p50 ${figures.p50.toFixed(1)} ms ` +
        `p99 ${figures.p99.toFixed(1)} ms | raw NOTIFY p99 ${figures.notifyP99.toFixed(1)} ms | SSE/NOTIFY p99 ${figures.ratio.toFixed(1)}×`,
    );
    return figures;
  } finally {
    for (const s of streams) s.close();
    agent.destroy();
    await unlisten();
  }
}
