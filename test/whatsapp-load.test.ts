import type { AddressInfo } from 'node:net';
import { and, count, eq, inArray, ne } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { syntheticOutboundSids } from '../src/cli/simulate/whatsapp-plan.js';
import { simulateWhatsapp } from '../src/cli/simulate/whatsapp-simulator.js';
import { conversations, messages, patients, webhookEvents } from '../src/server/platform/db/schema/index.js';
import { subscribeEvents } from '../src/server/platform/events/bus.js';
import { createTenant, createTestApp, type TestContext, type TestTenant } from './helpers/app.js';
import { eventually } from './helpers/poll.js';
import { createChannel, outboundMessages, type TestChannel } from './helpers/twilio.js';

// The acceptance scenario at small scale; `npm run bench:whatsapp-load` runs it at full scale
// (10,000 inbound from 500 phones + 10,000 outbound) against PostgreSQL.
const FULL = process.env.WHATSAPP_LOAD === 'full';
const INBOUND = FULL ? 10_000 : 400;
const PHONES = FULL ? 500 : 40;
const OUTBOUND = FULL ? 10_000 : 100;

let t: TestContext;
let clinic: TestTenant;
let channel: TestChannel;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  clinic = await createTenant(t.database);
  channel = await createChannel(t, clinic);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

const RANK: Record<string, number> = { queued: 1, sent: 3, delivered: 4, read: 5, undelivered: 9 };

describe('WhatsApp load with faults', () => {
  it('stores every distinct message once, one patient and conversation per phone, no status downgraded', {
    timeout: FULL ? 1_800_000 : 120_000,
  }, async () => {
    const sids = syntheticOutboundSids(OUTBOUND, 7);
    await outboundMessages(t.database, clinic.id, sids);
    const seen = new Map<string, string[]>();
    const unsubscribe = await subscribeEvents(t.database, (e) => {
      if (e.type !== 'message.status') return;
      const id = String(e.data.message_id);
      seen.set(id, [...(seen.get(id) ?? []), String(e.data.status)]);
    });

    const summary = await simulateWhatsapp({
      url: base,
      publicUrl: t.app.config.publicUrl,
      accountSid: channel.accountSid,
      authToken: channel.authToken,
      to: channel.sender,
      count: INBOUND,
      phones: PHONES,
      duplicates: 0.1,
      outboundSids: sids,
      shuffleStatus: true,
      rate: 0,
      concurrency: 16,
      seed: 7,
    });
    expect(summary.byStatus).toEqual({ 200: summary.requests });
    expect(summary.duplicatesSent).toBeGreaterThan(0);
    expect(summary.inbound).toBeGreaterThan(INBOUND);

    const db = t.database.db;
    await eventually(
      async () => {
        const [row] = await db
          .select({ n: count() })
          .from(webhookEvents)
          .where(eq(webhookEvents.status, 'pending'));
        return row?.n === 0;
      },
      FULL ? 1_700_000 : 100_000,
    );
    const keys = [...new Set(summary.acknowledged.map((a) => a.key))];
    const stored = await db
      .select({ external_id: webhookEvents.external_id, status: webhookEvents.status })
      .from(webhookEvents);
    expect(stored.length).toBe(keys.length);
    expect(stored.every((r) => r.status === 'processed')).toBe(true);

    const inbound = await db
      .select({ n: count() })
      .from(messages)
      .where(and(eq(messages.tenant_id, clinic.id), eq(messages.direction, 'inbound')));
    expect(inbound[0]?.n).toBe(INBOUND);
    const ps = await db
      .select({ n: count() })
      .from(patients)
      .where(and(eq(patients.tenant_id, clinic.id), ne(patients.phone, '+14155550999')));
    expect(ps[0]?.n).toBe(PHONES);
    const perPatient = await db
      .select({ patient_id: conversations.patient_id, n: count() })
      .from(conversations)
      .where(eq(conversations.tenant_id, clinic.id))
      .groupBy(conversations.patient_id);
    expect(perPatient).toHaveLength(PHONES + 1);
    expect(perPatient.every((r) => r.n === 1)).toBe(true);

    const out = await db.select().from(messages).where(inArray(messages.external_id, sids));
    const failedSids = new Set(keys.filter((k) => k.endsWith(':undelivered')).map((k) => k.split(':')[0]));
    for (const m of out) {
      expect(m.status).toBe(failedSids.has(m.external_id as string) ? 'undelivered' : 'read');
      const trail = (seen.get(m.id) ?? []).map((s) => RANK[s] ?? 0);
      expect(trail).toEqual([...trail].sort((a, b) => a - b));
    }
    await unsubscribe();
  });
});
