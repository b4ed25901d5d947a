import { asc, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTenant, setupSuite } from '../../../../test/helpers/app.js';
import { newMessageSid, outboundMessages } from '../../../../test/helpers/twilio.js';
import { messages, webhookEvents } from '../../platform/db/schema/index.js';
import { eventProcessor } from './event-processor.js';
import { insertEvents } from './ledger.repository.js';
import { STATUS_PROVIDER, statusHandler } from './status.service.js';

const t = setupSuite();

const SIDS = Array.from({ length: 6 }, () => newMessageSid());
const sid = (i: number) => SIDS[i] as string;
const UNKNOWN = newMessageSid();

/** Callbacks out of order and repeated, a failure with its error, and one for a message never stored. */
const CALLBACKS: [string, string, Record<string, string>?][] = [
  [sid(0), 'delivered'],
  [sid(0), 'sent'],
  [sid(0), 'read'],
  [sid(0), 'delivered'],
  [sid(1), 'sent'],
  [sid(1), 'failed', { ErrorCode: '63016', ErrorMessage: 'Outside the window' }],
  [sid(1), 'delivered'],
  [sid(2), 'read'],
  [sid(2), 'undelivered', { ErrorCode: '30008', ErrorMessage: 'Unknown error' }],
  [sid(3), 'sent'],
  [sid(3), 'sent'],
  [UNKNOWN, 'delivered'],
  [sid(4), 'sending'],
  [sid(5), 'bogus'],
  [sid(4), 'delivered'],
];

async function tenantWithOutbound() {
  const tenant = await createTenant(t.database);
  await outboundMessages(t.database, tenant.id, SIDS);
  return tenant;
}

/** One ledger transaction per callback, so each arrives at its own instant. */
async function arrive(tenantId: string) {
  const ids: string[] = [];
  for (const [i, [sid, status, extra]] of CALLBACKS.entries()) {
    const body = new URLSearchParams({ MessageSid: sid, MessageStatus: status, ...extra }).toString();
    const [row] = await insertEvents(t.database, [
      {
        provider: STATUS_PROVIDER,
        external_id: `${tenantId}:${i}:${sid}:${status}`,
        ref: sid,
        tenant_id: tenantId,
        event_type: 'status',
        headers: {},
        body,
      },
    ]);
    ids.push(row?.id as string);
  }
  return ids;
}

async function process(tenantId: string, batch: number) {
  const ids = await arrive(tenantId);
  const warnings: object[] = [];
  const log = { warn: (o: object) => warnings.push(o), error: (o: object) => warnings.push(o) };
  const processor = eventProcessor(t.database.db, { [STATUS_PROVIDER]: statusHandler }, log, {
    concurrency: 1,
    batch,
  });
  processor.kick(ids);
  await processor.drained();
  expect(warnings).toEqual([]);
  return ids;
}

async function state(tenantId: string, ids: string[]) {
  const { db } = t.database;
  const events = await db
    .select()
    .from(webhookEvents)
    .where(inArray(webhookEvents.id, ids))
    .orderBy(asc(webhookEvents.received_at), asc(webhookEvents.id));
  const stored = await db
    .select()
    .from(messages)
    .where(eq(messages.tenant_id, tenantId))
    .orderBy(asc(messages.external_id));
  // Each state's time is its first callback's arrival.
  const firstAt = (sid: string, status: string) =>
    events
      .find((e) => e.ref === sid && e.body.includes(`MessageStatus=${status}`))
      ?.received_at.toISOString();
  return {
    messages: stored.map((m) => ({
      sid: m.external_id,
      status: m.status,
      states: Object.keys(m.status_times).sort(),
      timesAreFirstArrivals: Object.entries(m.status_times).every(
        ([s, at]) => s === 'queued' || at === firstAt(m.external_id as string, s),
      ),
      error: [m.error_code, m.error_message],
    })),
    events: events.map((e) => [e.ref === UNKNOWN ? 'unknown' : 'known', e.status]),
  };
}

describe('status callbacks applied as a batch', () => {
  it('end exactly as when applied one at a time', async () => {
    const batched = await tenantWithOutbound();
    const single = await tenantWithOutbound();
    const b = await state(batched.id, await process(batched.id, 32));
    const s = await state(single.id, await process(single.id, 1));

    expect(b).toEqual(s);
    const bySid = new Map(b.messages.map((m) => [m.sid, m]));
    expect(b.messages.every((m) => m.timesAreFirstArrivals)).toBe(true);
    expect(bySid.get(sid(0))).toMatchObject({
      status: 'read',
      states: ['delivered', 'queued', 'read', 'sent'],
    });
    expect(bySid.get(sid(1))).toMatchObject({
      status: 'failed',
      states: ['delivered', 'failed', 'queued', 'sent'],
      error: ['63016', 'Outside the window'],
    });
    // A message that reached the phone cannot fail afterwards; the failure's error is not recorded either.
    expect(bySid.get(sid(2))).toMatchObject({ status: 'read', error: [null, null] });
    expect(bySid.get(sid(3))).toMatchObject({ status: 'sent', states: ['queued', 'sent'] });
    expect(bySid.get(sid(4))?.status).toBe('delivered');
    expect(bySid.get(sid(5))).toMatchObject({ status: 'queued', states: ['queued'] });
    expect(b.events.filter(([, status]) => status === 'deferred')).toEqual([['unknown', 'deferred']]);
    expect(b.events.filter(([, status]) => status !== 'deferred').every(([, st]) => st === 'processed')).toBe(
      true,
    );
  });
});
