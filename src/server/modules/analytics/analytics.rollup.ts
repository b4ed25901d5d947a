import type { FastifyBaseLogger } from 'fastify';
import { burstPacer } from '../../platform/burst-meter.js';
import type { Database, DbOrTx, Tx } from '../../platform/db/client.js';
import { safeErrorForLog } from '../../platform/db/errors.js';
import type { FactName } from '../../platform/db/schema/index.js';
import { publishEvent } from '../../platform/events/bus.js';
import { FACT_NAMES } from './analytics.facts.js';
import * as repo from './analytics.repository.js';

export const ANALYTICS_UPDATED = 'analytics.updated';
const CHANGES_KEPT_MS = 24 * 3_600_000;
const PRUNE_EVERY_MS = 10 * 60_000;

/** Announce a fold: the change id is the live stream's event id; the facts say which metrics moved. */
async function announce(tx: Tx, tenantId: string, facts: FactName[]) {
  const changeId = await repo.recordChange(tx, tenantId, facts);
  await publishEvent(tx, {
    tenant_id: tenantId,
    type: ANALYTICS_UPDATED,
    data: { change_id: changeId, facts },
  });
}

async function foldTenant(tx: Tx, tenantId: string, work: Map<FactName, string[] | null>) {
  const timeZone = await repo.tenantTimeZone(tx, tenantId);
  if (!timeZone) return;
  // Facts in one fixed order, so two folds lock in the same order and cannot deadlock.
  const facts = [...work.keys()].sort();
  for (const fact of facts) {
    await repo.lockFact(tx, tenantId, fact);
    await repo.foldFact(tx, tenantId, timeZone, fact, work.get(fact) ?? null);
  }
  await announce(tx, tenantId, facts);
}

/**
 * Fold one batch of dirty marks into the rollups, in one transaction. Returns how many marks it took
 * (0: nothing to do). Safe in any number of processes at once: marks are taken with SKIP LOCKED and each
 * tenant's fact is folded under an advisory lock, after which its recompute sees every committed write.
 */
export async function foldOnce(db: Database['db'], limit = 5000): Promise<number> {
  return db.transaction(async (tx) => {
    const marks = await repo.takeDirty(tx, limit);
    const byTenant = new Map<string, Map<FactName, string[] | null>>();
    for (const m of marks) {
      const work = byTenant.get(m.tenant_id) ?? new Map<FactName, string[] | null>();
      byTenant.set(m.tenant_id, work);
      const facts = m.fact === '*' ? FACT_NAMES : [m.fact as FactName];
      for (const f of facts) {
        const days = work.has(f) ? work.get(f) : [];
        work.set(f, days === null || m.day === null ? null : [...new Set([...(days ?? []), m.day])]);
      }
    }
    for (const tenantId of [...byTenant.keys()].sort())
      await foldTenant(tx, tenantId, byTenant.get(tenantId) as Map<FactName, string[] | null>);
    return marks.length;
  });
}

/** Fold until no marks are left (tests, CLI, the end of a seed). */
export async function foldAll(db: Database['db']) {
  while ((await foldOnce(db)) > 0);
}

/** Recompute every rollup of the tenants from the base tables, inside the caller's transaction. */
export async function rebuildTenants(tx: Tx, tenantIds: string[]) {
  for (const tenantId of [...tenantIds].sort()) {
    await repo.dropDirty(tx, tenantId);
    await foldTenant(tx, tenantId, new Map(FACT_NAMES.map((f) => [f, null])));
  }
}

export async function rebuildAll(db: DbOrTx & Database['db'], tenantIds?: string[]) {
  const ids = tenantIds ?? (await repo.tenantIds(db));
  for (const id of ids) await db.transaction((tx) => rebuildTenants(tx, [id]));
  return ids.length;
}

/**
 * The per-process fold loop: woken by any committed change on the event channel (triggers announce every
 * base-table write), with a periodic sweep as a safety net should a notification be missed.
 */
export class RollupFolder {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private pruner: NodeJS.Timeout | null = null;
  private readonly pacer: ReturnType<typeof burstPacer>;
  private stopped = false;

  /**
   * While `yieldTo` reports a burst of webhooks, folds start at most one per `restMs`: the rollups lag by
   * that much, and the acknowledgements keep the cores (decision 0304). Each fold recomputes the days it
   * touched, so folding often during a burst costs far more than folding once after.
   */
  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
    private readonly sweepMs: number,
    yieldTo?: { busy(): boolean },
    restMs = 1000,
  ) {
    this.pacer = burstPacer(yieldTo, restMs);
  }

  /** Start sweeping; the caller also calls `kick` for every base-table event it hears. */
  start() {
    this.timer = setInterval(() => this.kick(), this.sweepMs);
    // Change ids older than a day are forgotten; a client resuming from one gets a fresh snapshot.
    this.pruner = setInterval(() => {
      repo.pruneChanges(this.database.db, new Date(Date.now() - CHANGES_KEPT_MS)).catch((err) => {
        if (!this.stopped) this.log.error({ err: safeErrorForLog(err) }, 'analytics change pruning failed');
      });
    }, PRUNE_EVERY_MS);
    this.kick();
  }

  kick() {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.pacer.hold(() => this.kick())) return;
    this.pacer.started();
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async loop() {
    try {
      while (!this.stopped && (await foldOnce(this.database.db)) > 0) {
        if (this.pacer.busy()) {
          this.again = true;
          return;
        }
      }
    } catch (err) {
      if (!this.stopped) this.log.error({ err: safeErrorForLog(err) }, 'analytics fold failed');
    }
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.pruner) clearInterval(this.pruner);
    this.pacer.stop();
    await this.running;
  }
}
