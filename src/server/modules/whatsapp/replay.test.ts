import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenant,
  createTestApp,
  type TestContext,
  type TestTenant,
} from '../../../../test/helpers/app.js';
import { eventually } from '../../../../test/helpers/poll.js';
import {
  createChannel,
  inboundParams,
  postSigned,
  type TestChannel,
} from '../../../../test/helpers/twilio.js';
import { messages, webhookEvents } from '../../platform/db/schema/index.js';
import { whatsappRuntime } from './whatsapp.runtime.js';

let t: TestContext;
let clinic: TestTenant;
let channel: TestChannel;
const warnings: object[] = [];

beforeAll(async () => {
  t = await createTestApp();
  clinic = await createTenant(t.database);
  channel = await createChannel(t, clinic);
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

describe('webhook replay', () => {
  it('marks a processing failure on the ledger row, and a replay processes it once the cause is fixed', async () => {
    // A database rule that rejects this message stands in for any processing failure.
    await t.database.db.execute(
      sql`alter table messages add constraint reject_marked check (body is distinct from 'poison')`,
    );
    const p = inboundParams(channel, '+919844400001', { Body: 'poison' });
    const res = await postSigned(t, channel, 'webhook', p);
    expect(res.statusCode).toBe(200);
    const failed = await eventually(async () => {
      const [row] = await t.database.db
        .select()
        .from(webhookEvents)
        .where(eq(webhookEvents.external_id, p.MessageSid));
      return row?.status === 'failed' ? row : null;
    });
    expect(failed.error).toContain('23514');
    expect(failed.error).not.toContain('poison');
    expect(await t.database.db.select().from(messages).where(eq(messages.external_id, p.MessageSid))).toEqual(
      [],
    );

    await t.database.db.execute(sql`alter table messages drop constraint reject_marked`);
    const rt = whatsappRuntime(t.database, t.app.jobs, t.app.config, {
      warn: (o) => warnings.push(o),
      error: (o) => warnings.push(o),
    });
    expect(await rt.replay({ limit: 100 })).toEqual({ replayed: 1, processed: 1, deferred: 0, failed: 0 });
    expect(
      await t.database.db.select().from(messages).where(eq(messages.external_id, p.MessageSid)),
    ).toHaveLength(1);
    expect(await rt.replay({ limit: 100 })).toEqual({ replayed: 0, processed: 0, deferred: 0, failed: 0 });
    expect(warnings).toEqual([]);
  });
});
