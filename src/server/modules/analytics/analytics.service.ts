import { ANY, assertRole, type Ctx } from '../../platform/auth/principal.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { notFound } from '../../platform/http/errors.js';
import {
  type Aggregation,
  type PeriodInput,
  type ResolvedPeriod,
  resolvePeriod,
} from '../../platform/time/periods.js';
import type { AnswerCache as Cache } from './analytics.cache.js';
import { FILTERS, publicCatalog, SECTIONS, type Section } from './analytics.catalog.js';
import { computeSections, type Filters, type SectionAnswer } from './analytics.engine.js';
import { latestChange, tenantTimeZone } from './analytics.repository.js';
import type { AnalyticsQuery, RealtimeQuery } from './analytics.schemas.js';

/*
 * Analytics are aggregates over the tenant's own rows (no patient is identifiable), so every role may read
 * them and reads write no audit rows. The tenant is the principal's; a tenant_id parameter naming any
 * other answers 404, exactly like an organisation that does not exist.
 */
export type Scope = { tenantId: string; timeZone: string; input: PeriodInput; filters: Filters };

export async function scopeOf(db: DbOrTx, ctx: Ctx, q: RealtimeQuery): Promise<Scope> {
  assertRole(ctx, ANY);
  const tenantId = ctx.principal.tenantId;
  if (q.tenant_id && q.tenant_id !== tenantId) throw notFound('Organization');
  const timeZone = await tenantTimeZone(db, tenantId);
  if (!timeZone) throw notFound('Organization');
  const filters: Filters = {};
  for (const f of FILTERS) if (q[f]) filters[f] = q[f];
  const input: PeriodInput = { time_period: q.time_period };
  if (q.start_date) input.start_date = q.start_date;
  if (q.end_date) input.end_date = q.end_date;
  return { tenantId, timeZone, input, filters };
}

async function compute(
  db: DbOrTx,
  scope: Scope,
  sections: readonly Section[],
  opts: AnswerOptions,
  period: ResolvedPeriod,
) {
  const request = { tenantId: scope.tenantId, period, filters: scope.filters, ...opts };
  const bodies = await computeSections(db, 'rollup', sections, request);
  const { previous, ...current } = period;
  return {
    period: { ...current, aggregation: opts.aggregation, previous },
    sections: Object.fromEntries(sections.map((s, i) => [s, bodies[i]])) as Record<Section, SectionAnswer>,
  };
}

export type AnswerOptions = { aggregation: Aggregation; series: boolean; breakdowns: boolean };
export type Answer = Awaited<ReturnType<typeof compute>>;
export type AnswerCache = Cache<Answer>;

/** Metrics (and optionally series and breakdowns) of some sections for a scope, from the rollups. */
export async function answer(
  db: DbOrTx,
  scope: Scope,
  sections: readonly Section[],
  opts: AnswerOptions,
  cache?: AnswerCache,
  /** The tenant's newest change id, when the caller already read it. */
  knownChangeId?: number,
) {
  const period = resolvePeriod(scope.input, scope.timeZone);
  if (!cache) return compute(db, scope, sections, opts, period);
  // Keyed by the resolved days, so "today" moves on at local midnight.
  const key = JSON.stringify([
    scope.tenantId,
    period.start_date,
    period.end_date,
    period.previous,
    scope.filters,
    sections,
    opts,
  ]);
  const changeId = knownChangeId ?? (await latestChange(db, scope.tenantId));
  const hit = await cache.through(key, changeId, () => compute(db, scope, sections, opts, period));
  // Same days, maybe another name (custom vs last_30_days): the answer carries this request's period.
  return { ...hit, period: { ...hit.period, time_period: period.time_period } };
}

const options = (q: AnalyticsQuery) => ({
  aggregation: q.aggregation,
  series: true,
  breakdowns: q.include_breakdown,
});

/** The scope and, for a cached answer, the tenant's newest change id, read at the same time. */
async function scopeAndChange(db: DbOrTx, ctx: Ctx, q: AnalyticsQuery, cache?: AnswerCache) {
  const [scope, changeId] = await Promise.all([
    scopeOf(db, ctx, q),
    cache ? latestChange(db, ctx.principal.tenantId) : undefined,
  ]);
  return { scope, changeId };
}

export async function sectionReport(
  db: DbOrTx,
  ctx: Ctx,
  section: Section,
  q: AnalyticsQuery,
  cache?: AnswerCache,
) {
  const { scope, changeId } = await scopeAndChange(db, ctx, q, cache);
  const { period, sections } = await answer(db, scope, [section], options(q), cache, changeId);
  return { period, ...sections[section] };
}

/**
 * The whole dashboard for a principal. Reports and AI tools call this (and sectionReport) with a parsed
 * `analyticsQuery`, so an export is the screen's answer; the API passes its per-process cache.
 */
export async function dashboard(db: DbOrTx, ctx: Ctx, q: AnalyticsQuery, cache?: AnswerCache) {
  const { scope, changeId } = await scopeAndChange(db, ctx, q, cache);
  const { period, sections } = await answer(db, scope, SECTIONS, options(q), cache, changeId);
  return { period, ...sections };
}

export function catalog(ctx: Ctx) {
  assertRole(ctx, ANY);
  return { data: publicCatalog() };
}
