import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { type DomainEvent, publishEvent, subscribeEvents } from './bus.js';

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
