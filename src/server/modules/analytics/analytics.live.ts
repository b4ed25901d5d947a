import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../platform/db/client.js';
import { safeErrorForLog } from '../../platform/db/errors.js';
import type { FactName } from '../../platform/db/schema/index.js';
import type { DomainEvent } from '../../platform/events/bus.js';
import { SECTIONS, type Section, sectionsOfFacts } from './analytics.catalog.js';
import type { MetricValue } from './analytics.engine.js';
import { FACT_NAMES } from './analytics.facts.js';
import { changesSince, latestChange } from './analytics.repository.js';
import { type AnswerCache, answer, type Scope } from './analytics.service.js';

/** `ready` once its first answer is written: updates computed before that must not overtake it. */
type Connection = { res: ServerResponse; sent: Map<string, string>; ready: boolean };
/** Clients watching the same tenant, period and filters share one computation per change. */
type Group = {
  key: string;
  scope: Scope;
  connections: Set<Connection>;
  pending: Set<FactName>;
  latest: number;
  busy: Promise<void> | null;
};

const NO_ANSWER = { aggregation: 'daily', series: false, breakdowns: false } as const;

function frame(event: string, data: unknown, id?: number) {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The live analytics stream of one process. It hears `analytics.updated` from every process (the fold
 * announces each committed change through NOTIFY), recomputes the touched sections once per group of
 * clients, and sends each client the metrics whose values changed. Event ids are analytics_changes ids,
 * shared by all processes, so a client resumes with Last-Event-ID on any of them.
 */
export class LiveHub {
  private groups = new Map<string, Group>();
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
    private readonly heartbeatMs: number,
    private readonly cache: AnswerCache,
  ) {}

  /** A fold committed (in any process): recompute the groups of that tenant. */
  onUpdate(e: DomainEvent) {
    const facts = (e.data.facts as FactName[] | undefined) ?? [];
    const id = Number(e.data.change_id);
    for (const g of this.groups.values()) if (g.scope.tenantId === e.tenant_id) this.schedule(g, facts, id);
  }

  start() {
    this.heartbeat = setInterval(() => {
      const beat = frame('heartbeat', { at: new Date().toISOString() });
      for (const g of this.groups.values()) for (const c of g.connections) c.res.write(beat);
      void this.catchUp();
    }, this.heartbeatMs);
  }

  /**
   * Should this process's LISTEN connection have missed a notification (it was dropped and re-made, say),
   * each heartbeat compares the groups with the newest change id and pushes what they missed.
   */
  private async catchUp() {
    try {
      for (const tenantId of new Set([...this.groups.values()].map((g) => g.scope.tenantId))) {
        const latest = await latestChange(this.database.db, tenantId);
        for (const g of this.groups.values())
          if (g.scope.tenantId === tenantId && latest > g.latest) this.schedule(g, FACT_NAMES, latest);
      }
    } catch (err) {
      this.log.error({ err: safeErrorForLog(err) }, 'analytics stream catch-up failed');
    }
  }

  /**
   * Attach a client. Without Last-Event-ID (or with one older than the kept changes) it first gets the full
   * snapshot; with one, the current values of every metric a change since then touched (nothing when it is
   * up to date).
   */
  async attach(res: ServerResponse, scope: Scope, lastEventId: number | null) {
    const key = JSON.stringify([scope.tenantId, scope.input, scope.filters]);
    const group = this.groups.get(key) ?? {
      key,
      scope,
      connections: new Set<Connection>(),
      pending: new Set<FactName>(),
      latest: 0,
      busy: null,
    };
    this.groups.set(key, group);
    const conn: Connection = { res, sent: new Map(), ready: false };
    group.connections.add(conn);
    res.on('close', () => {
      group.connections.delete(conn);
      if (!group.connections.size && !group.busy) this.groups.delete(key);
    });
    res.write(': analytics stream\n\n');
    let sections: readonly Section[] = SECTIONS;
    let id = await latestChange(this.database.db, scope.tenantId);
    if (lastEventId !== null) {
      const since = await changesSince(this.database.db, scope.tenantId, lastEventId);
      const known = since.oldest !== null && lastEventId >= since.oldest - 1;
      if (known || since.latest === null) {
        sections = sectionsOfFacts(since.facts);
        id = since.latest ?? lastEventId;
      }
    }
    if (sections.length) {
      const { period, sections: body } = await answer(
        this.database.db,
        scope,
        sections,
        NO_ANSWER,
        this.cache,
      );
      const metrics = this.diff(conn, body);
      res.write(frame('metrics', { period, metrics, snapshot: sections === SECTIONS }, id));
    }
    conn.ready = true;
    // A change folded while the first answer was computed: catch up (only changed values are sent).
    if (group.latest > id) this.schedule(group, FACT_NAMES, group.latest);
  }

  private diff(conn: Connection, body: Partial<Record<Section, { metrics: Record<string, MetricValue> }>>) {
    const changed: Record<string, MetricValue> = {};
    for (const section of Object.values(body))
      for (const [name, v] of Object.entries(section?.metrics ?? {})) {
        const json = JSON.stringify(v);
        if (conn.sent.get(name) === json) continue;
        conn.sent.set(name, json);
        changed[name] = v;
      }
    return changed;
  }

  private schedule(group: Group, facts: FactName[], id: number) {
    for (const f of facts) group.pending.add(f);
    group.latest = Math.max(group.latest, id);
    if (group.busy) return;
    group.busy = this.push(group).finally(() => {
      group.busy = null;
      if (group.pending.size) this.schedule(group, [], group.latest);
      else if (!group.connections.size) this.groups.delete(group.key);
    });
  }

  private async push(group: Group) {
    const facts = [...group.pending];
    group.pending.clear();
    const id = group.latest;
    try {
      const { period, sections } = await answer(
        this.database.db,
        group.scope,
        sectionsOfFacts(facts),
        NO_ANSWER,
        this.cache,
      );
      for (const c of group.connections) {
        if (!c.ready) continue;
        const metrics = this.diff(c, sections);
        if (Object.keys(metrics).length)
          c.res.write(frame('metrics', { period, metrics, snapshot: false }, id));
      }
    } catch (err) {
      this.log.error({ err: safeErrorForLog(err) }, 'analytics stream update failed');
    }
  }

  /** End every stream (server shutdown), so closing the server does not wait on them. */
  endAll() {
    for (const g of this.groups.values()) for (const c of g.connections) c.res.end();
  }

  async stop() {
    if (this.heartbeat) clearInterval(this.heartbeat);
    await Promise.all([...this.groups.values()].map((g) => g.busy));
  }
}
