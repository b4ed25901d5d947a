import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupSuite } from '../../../../test/helpers/app.js';
import { auditAs } from '../../platform/audit.js';
import type { Tx } from '../../platform/db/client.js';
import { auditLog, webhookEvents } from '../../platform/db/schema/index.js';
import { type EventHandler, eventProcessor } from './event-processor.js';
import { insertEvents, type LedgerRow } from './ledger.repository.js';

const t = setupSuite();
const PROVIDER = 'test-batch';

/** A handler whose effect is an audit row per event, so "applied exactly once" is one row per event. */
function recordingHandler(poison: Set<string>) {
  const applied: { key: string; tx: Tx }[] = [];
  const handler: EventHandler = {
    lockKey: (row) => row.body.split('#')[0] as string,
    async apply(tx, row: LedgerRow) {
      applied.push({ key: row.body, tx });
      await auditAs(
        tx,
        { tenantId: t.tenant.id, actorType: 'webhook', actorId: null, requestId: row.id },
        'create',
        'message',
        [row.id],
      );
      if (poison.has(row.body)) throw new Error('cannot apply this one');
      return 'processed';
    },
  };
  return { handler, applied };
}

async function ledger(bodies: string[]) {
  const rows = await insertEvents(
    t.database,
    bodies.map((body) => ({
      provider: PROVIDER,
      external_id: randomUUID(),
      ref: null,
      tenant_id: t.tenant.id,
      event_type: 'message',
      headers: {},
      body,
    })),
  );
  return rows.map((r) => r.id);
}

/** For processors whose sweeps must not fail. */
const strictLog = { warn: () => {}, error: (o: object) => expect.fail(JSON.stringify(o)) };

async function run(ids: string[], handler: EventHandler, opts: Parameters<typeof eventProcessor>[3]) {
  const warnings: object[] = [];
  const log = { warn: (o: object) => warnings.push(o), error: (o: object) => warnings.push(o) };
  const processor = eventProcessor(t.database.db, { [PROVIDER]: handler }, log, opts);
  processor.kick(ids);
  await processor.drained();
  const events = await t.database.db
    .select({ id: webhookEvents.id, status: webhookEvents.status, error: webhookEvents.error })
    .from(webhookEvents)
    .where(inArray(webhookEvents.id, ids));
  const effects = await t.database.db
    .select({ id: auditLog.request_id, n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(and(eq(auditLog.tenant_id, t.tenant.id), inArray(auditLog.request_id, ids)))
    .groupBy(auditLog.request_id);
  return { events, effects, warnings };
}

describe('ledger event processor', () => {
  it('applies a burst in shared transactions, each batch in lock-key order, every event once', async () => {
    const bodies = Array.from({ length: 40 }, (_, i) => `sender-${String((i * 7) % 40).padStart(2, '0')}`);
    const ids = await ledger(bodies);
    const { handler, applied } = recordingHandler(new Set());
    const { events, effects, warnings } = await run(ids, handler, { concurrency: 1, batch: 16 });

    expect(events.map((e) => e.status)).toEqual(ids.map(() => 'processed'));
    expect(effects).toHaveLength(40);
    expect(effects.every((e) => e.n === 1)).toBe(true);
    expect(warnings).toEqual([]);
    // 40 events, batches of at most 16: three transactions, each applying its events in key order.
    const batches = [...new Set(applied.map((a) => a.tx))].map((tx) =>
      applied.filter((a) => a.tx === tx).map((a) => a.key),
    );
    expect(batches.map((b) => b.length)).toEqual([16, 16, 8]);
    for (const b of batches) expect(b).toEqual([...b].sort());
  });

  it("keeps one sender's events in their arrival order within a batch", async () => {
    const ids = await ledger(['s1#1', 's0#1', 's1#2', 's0#2', 's1#3']);
    const { handler, applied } = recordingHandler(new Set());
    await run(ids, handler, { concurrency: 1, batch: 16 });
    expect(applied.map((a) => a.key)).toEqual(['s0#1', 's0#2', 's1#1', 's1#2', 's1#3']);
  });

  it('keeps a failing event for replay alone: the rest of its batch is applied once, nothing twice', async () => {
    const bodies = Array.from({ length: 10 }, (_, i) => `patient-${i}`);
    const ids = await ledger(bodies);
    const { handler } = recordingHandler(new Set(['patient-3']));
    const { events, effects, warnings } = await run(ids, handler, { concurrency: 2, batch: 10 });

    const failed = ids[3];
    for (const e of events) expect(e.status).toBe(e.id === failed ? 'failed' : 'processed');
    expect(events.find((e) => e.id === failed)?.error).toContain('cannot apply this one');
    // The failed event's own effect was rolled back with it; the others' batch attempt was too.
    expect(effects.map((e) => e.id).sort()).toEqual(ids.filter((id) => id !== failed).sort());
    expect(effects.every((e) => e.n === 1)).toBe(true);
    expect(warnings).toHaveLength(1);
  });

  it('skips events that are already done or claimed, so a second processor applies nothing again', async () => {
    const ids = await ledger(['a', 'b', 'c']);
    const { handler } = recordingHandler(new Set());
    await run(ids, handler, { concurrency: 1, batch: 16 });
    const second = recordingHandler(new Set());
    const { effects } = await run(ids, second.handler, { concurrency: 1, batch: 16 });
    expect(second.applied).toEqual([]);
    expect(effects.every((e) => e.n === 1)).toBe(true);
  });

  it('gives way to a burst of arrivals: one batch at a time, one per rest, all applied', async () => {
    const ids = await ledger(Array.from({ length: 12 }, (_, i) => `burst-${i}`));
    const { handler, applied } = recordingHandler(new Set());
    const starts = new Map<Tx, number>();
    let open = 0;
    let mostOpen = 0;
    const REST = 40;
    const timed: EventHandler = {
      lockKey: handler.lockKey,
      async apply(tx, row) {
        if (!starts.has(tx)) {
          starts.set(tx, performance.now());
          mostOpen = Math.max(mostOpen, ++open);
          // The first batch outlasts several rests, as a slow one does: the next must still wait for it.
          if (starts.size === 1) await new Promise((r) => setTimeout(r, 4 * REST));
        }
        const r = await handler.apply(tx, row);
        if (applied.filter((a) => a.tx === tx).length === 4) open--;
        return r;
      },
    };
    const { events } = await run(ids, timed, {
      concurrency: 2,
      batch: 4,
      restMs: REST,
      yieldTo: { busy: () => true },
    });
    expect(events.every((e) => e.status === 'processed')).toBe(true);
    expect(mostOpen).toBe(1);
    const at = [...starts.values()];
    expect(at).toHaveLength(3);
    // Batches start a rest apart; their first effects follow each one's claim, a few ms either way.
    for (let i = 1; i < at.length; i++)
      expect((at[i] as number) - (at[i - 1] as number)).toBeGreaterThanOrEqual(0.8 * REST);
  });

  it('runs batches side by side when arrivals are calm', async () => {
    const ids = await ledger(Array.from({ length: 8 }, (_, i) => `calm-${i}`));
    const { handler, applied } = recordingHandler(new Set());
    const { events } = await run(ids, handler, {
      concurrency: 2,
      batch: 4,
      restMs: 60_000,
      yieldTo: { busy: () => false },
    });
    expect(events.every((e) => e.status === 'processed')).toBe(true);
    expect(new Set(applied.map((a) => a.tx)).size).toBe(2);
  });

  it('takes events stored elsewhere from the ledger when woken: two workers, woken while they run, apply each once', async () => {
    const ids = await ledger(Array.from({ length: 40 }, (_, i) => `elsewhere-${i}`));
    const { handler, applied } = recordingHandler(new Set());
    const other = eventProcessor(t.database.db, { [PROVIDER]: handler }, strictLog, {
      concurrency: 1,
      batch: 8,
    });
    const wakeful: EventHandler = {
      ...handler,
      // Announcements keep coming while batches run, as they do during a burst.
      apply: (tx, row) => {
        other.wake();
        return handler.apply(tx, row);
      },
    };
    const worker = eventProcessor(t.database.db, { [PROVIDER]: wakeful }, strictLog, {
      concurrency: 1,
      batch: 8,
    });
    worker.wake();
    worker.wake();
    await worker.drained();
    await other.drained();
    const events = await t.database.db
      .select({ status: webhookEvents.status })
      .from(webhookEvents)
      .where(inArray(webhookEvents.id, ids));
    expect(events.map((e) => e.status)).toEqual(ids.map(() => 'processed'));
    const keys = applied.map((a) => a.key);
    expect(keys.sort()).toEqual([...new Set(keys)].sort());
    expect(keys).toHaveLength(40);
  });

  it('takes a backlog longer than one sweep page by page, until none is left', async () => {
    const ids = await ledger(Array.from({ length: 40 }, (_, i) => `backlog-${i}`));
    const { handler, applied } = recordingHandler(new Set());
    const worker = eventProcessor(t.database.db, { [PROVIDER]: handler }, strictLog, {
      concurrency: 2,
      batch: 4,
      sweepPage: 16,
    });
    worker.wake();
    await worker.drained();
    expect(applied.map((a) => a.key).sort()).toEqual(ids.map((_, i) => `backlog-${i}`).sort());
  });
});
