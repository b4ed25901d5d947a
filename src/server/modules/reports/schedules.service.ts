import { ANY, assertRole, type Ctx } from '../../platform/auth/principal.js';
import { badRequest, notFound } from '../../platform/http/errors.js';
import type { ReportDeps } from './report.run.js';
import * as repo from './reports.repository.js';
import { type ScheduleCreate, type ScheduleUpdate, timingIssues } from './reports.schemas.js';
import { cronError, nextSlot, type Timing } from './schedule.timing.js';

/*
 * Scheduled reports. Anyone who may generate a report may schedule it; the schedule keeps its creator's
 * role, so an analyst's schedule never e-mails names or phone numbers, and analysts see only theirs.
 */
async function zoneOf(deps: ReportDeps, tenantId: string) {
  const org = await repo.organizationOf(deps.db, tenantId);
  if (!org) throw notFound('Organization');
  return org.time_zone;
}

function checkTiming(t: Timing) {
  const issues = timingIssues({
    frequency: t.frequency,
    ...(t.time_of_day !== null ? { time_of_day: t.time_of_day } : {}),
    ...(t.day_of_week !== null ? { day_of_week: t.day_of_week } : {}),
    ...(t.day_of_month !== null ? { day_of_month: t.day_of_month } : {}),
    ...(t.cron !== null ? { cron: t.cron } : {}),
  });
  const why = t.frequency === 'cron' && t.cron ? cronError(t.cron) : null;
  if (why) issues.push({ path: 'cron', message: why });
  if (issues.length > 0)
    throw badRequest(
      issues.map((i) => `${i.path}: ${i.message}`).join('; '),
      issues.map((i) => ({ field: `body.${i.path}`, message: i.message })),
    );
}

const timingOf = (v: Partial<Timing>, base?: Timing): Timing => ({
  frequency: v.frequency ?? base?.frequency ?? 'daily',
  time_of_day: v.time_of_day !== undefined ? v.time_of_day : (base?.time_of_day ?? null),
  day_of_week: v.day_of_week !== undefined ? v.day_of_week : (base?.day_of_week ?? null),
  day_of_month: v.day_of_month !== undefined ? v.day_of_month : (base?.day_of_month ?? null),
  cron: v.cron !== undefined ? v.cron : (base?.cron ?? null),
});

export async function createSchedule(deps: ReportDeps, ctx: Ctx, input: ScheduleCreate) {
  assertRole(ctx, ANY);
  const p = ctx.principal;
  const timing = timingOf(input);
  checkTiming(timing);
  const tz = await zoneOf(deps, p.tenantId);
  return repo.insertSchedule(deps.db, p.tenantId, {
    ...input,
    ...timing,
    owner_role: p.role,
    created_by: p.userId ?? p.actorId,
    next_run_at: input.active ? nextSlot(timing, tz, new Date()) : null,
  });
}

export async function listSchedules(deps: ReportDeps, ctx: Ctx) {
  assertRole(ctx, ANY);
  return { data: await repo.listSchedules(deps.db, ctx.principal.tenantId, ctx.principal.role) };
}

async function load(deps: ReportDeps, ctx: Ctx, id: string) {
  const s = await repo.findSchedule(deps.db, ctx.principal.tenantId, id, ctx.principal.role);
  if (!s) throw notFound('Schedule');
  return s;
}

export async function getSchedule(deps: ReportDeps, ctx: Ctx, id: string) {
  assertRole(ctx, ANY);
  return load(deps, ctx, id);
}

/** Changing the timing (or re-activating) recomputes the next slot from now. */
export async function updateSchedule(deps: ReportDeps, ctx: Ctx, id: string, input: ScheduleUpdate) {
  assertRole(ctx, ANY);
  const current = await load(deps, ctx, id);
  // Changing the frequency drops the old frequency's fields unless new ones are given.
  const base = input.frequency && input.frequency !== current.frequency ? undefined : current;
  const timing = timingOf(input, base);
  checkTiming(timing);
  const active = input.active ?? current.active;
  const tz = await zoneOf(deps, ctx.principal.tenantId);
  const row = await repo.updateSchedule(deps.db, ctx.principal.tenantId, id, {
    ...input,
    ...timing,
    active,
    next_run_at: active ? nextSlot(timing, tz, new Date()) : null,
  });
  return row as repo.ScheduleRow;
}

/** Deleting stops the schedule; its past runs stay in the report history. */
export async function deleteSchedule(deps: ReportDeps, ctx: Ctx, id: string) {
  assertRole(ctx, ANY);
  await load(deps, ctx, id);
  await repo.deactivateSchedule(deps.db, ctx.principal.tenantId, id);
}
