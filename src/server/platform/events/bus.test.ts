import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { rowsOf } from '../db/rows.js';
import { type DomainEvent, EVENTS_CHANNEL, publishEvent, subscribeEvents } from './bus.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

it('delivers an event at commit, and never one from a rolled-back transaction', async () => {
  const heard: DomainEvent[] = [];
  let wake: () => void = () => {};
  const unsubscribe = await subscribeEvents(database, (e) => {
    heard.push(e);
    wake();
  });
  await database.db
    .transaction(async (tx) => {
      await publishEvent(tx, { tenant_id: 't1', type: 'lost', data: {} });
      throw new Error('rollback');
    })
    .catch(() => undefined);
  const arrived = new Promise<void>((resolve) => {
    wake = resolve;
  });
  await database.db.transaction((tx) =>
    publishEvent(tx, { tenant_id: 't1', type: 'kept', data: { id: 'x' } }),
  );
  await arrived;
  await unsubscribe();
  expect(heard).toEqual([{ tenant_id: 't1', type: 'kept', data: { id: 'x' } }]);
});

it.skipIf(!process.env.TEST_DATABASE_URL)(
  'replaces a LISTEN connection the server dropped, and says so, so the subscriber can catch up',
  async () => {
    let arrived: () => void = () => {};
    const after = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let reconnected: () => void = () => {};
    const back = new Promise<void>((resolve) => {
      reconnected = resolve;
    });
    const warnings: string[] = [];
    const unsubscribe = await subscribeEvents(database, (e) => e.type === 'after' && arrived(), {
      onReconnect: () => reconnected(),
      log: { warn: (_o, msg) => warnings.push(msg) },
    });
    const [killed] = await rowsOf<{ ok: boolean }>(
      database.db,
      sql`select pg_terminate_backend(pid) as ok from pg_stat_activity
          where datname = current_database() and query = ${`listen ${EVENTS_CHANNEL}`}`,
    );
    expect(killed?.ok).toBe(true);
    await back;
    await database.db.transaction((tx) => publishEvent(tx, { tenant_id: 't1', type: 'after', data: {} }));
    await after;
    await unsubscribe();
    expect(warnings).toEqual(['event listener connection lost; reconnecting']);
  },
);
