import { and, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { organizations, type Role, reportSchedules, reports } from '../../platform/db/schema/index.js';

export type ReportRow = typeof reports.$inferSelect;
export type ReportInsert = Omit<typeof reports.$inferInsert, 'tenant_id' | 'id'>;
export type ScheduleRow = typeof reportSchedules.$inferSelect;
export type ScheduleInsert = Omit<typeof reportSchedules.$inferInsert, 'tenant_id' | 'id'>;

/** Analysts see only what was made with an analyst's view (no names, no phone numbers). */
const visible = (role: Role) => (role === 'analyst' ? ['analyst' as const] : null);

export async function organizationOf(db: DbOrTx, tenantId: string) {
  const [org] = await db
    .select({ name: organizations.name, time_zone: organizations.time_zone })
    .from(organizations)
    .where(eq(organizations.id, tenantId));
  return org ?? null;
}

/** Organisations by id or slug, or all of them: the operator's CLI picks the one to report on. */
export async function organizationsFor(db: DbOrTx, idOrSlug?: string) {
  const isId = idOrSlug !== undefined && /^[0-9a-f-]{36}$/i.test(idOrSlug);
  return db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name })
    .from(organizations)
    .where(
      idOrSlug === undefined
        ? undefined
        : isId
          ? eq(organizations.id, idOrSlug)
          : eq(organizations.slug, idOrSlug),
    )
    .orderBy(organizations.created_at);
}

/** The zones of the tenants whose schedules are due (the scheduler serves every tenant). */
export async function timeZonesOf(db: DbOrTx, tenantIds: string[]) {
  const rows = await db
    .select({ id: organizations.id, tz: organizations.time_zone })
    .from(organizations)
    .where(inArray(organizations.id, tenantIds));
  return new Map(rows.map((r) => [r.id, r.tz]));
}

export async function insertReport(db: DbOrTx, tenantId: string, values: ReportInsert) {
  const [row] = await db
    .insert(reports)
    .values({ ...values, tenant_id: tenantId })
    .onConflictDoNothing({ target: [reports.schedule_id, reports.slot_at] })
    .returning();
  return row ?? null;
}

export async function findReport(db: DbOrTx, tenantId: string, id: string, role?: Role) {
  const roles = role ? visible(role) : null;
  const [row] = await db
    .select()
    .from(reports)
    .where(
      and(
        eq(reports.tenant_id, tenantId),
        eq(reports.id, id),
        roles ? inArray(reports.role, roles) : undefined,
      ),
    );
  return row ?? null;
}

export async function updateReport(db: DbOrTx, tenantId: string, id: string, values: Partial<ReportInsert>) {
  await db
    .update(reports)
    .set(values)
    .where(and(eq(reports.tenant_id, tenantId), eq(reports.id, id)));
}

export async function listReports(
  db: DbOrTx,
  tenantId: string,
  role: Role,
  q: {
    limit: number;
    after?: [string, string] | undefined;
    schedule_id?: string | undefined;
    status?: string;
  },
) {
  const roles = visible(role);
  return db
    .select()
    .from(reports)
    .where(
      and(
        eq(reports.tenant_id, tenantId),
        roles ? inArray(reports.role, roles) : undefined,
        q.schedule_id ? eq(reports.schedule_id, q.schedule_id) : undefined,
        q.status ? eq(reports.status, q.status as ReportRow['status']) : undefined,
        q.after
          ? or(
              lt(reports.created_at, new Date(q.after[0])),
              and(eq(reports.created_at, new Date(q.after[0])), lt(reports.id, q.after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(desc(reports.created_at), desc(reports.id))
    .limit(q.limit + 1);
}

export async function insertSchedule(db: DbOrTx, tenantId: string, values: ScheduleInsert) {
  const [row] = await db
    .insert(reportSchedules)
    .values({ ...values, tenant_id: tenantId })
    .returning();
  return row as ScheduleRow;
}

export async function findSchedule(db: DbOrTx, tenantId: string, id: string, role: Role) {
  const roles = visible(role);
  const [row] = await db
    .select()
    .from(reportSchedules)
    .where(
      and(
        eq(reportSchedules.tenant_id, tenantId),
        eq(reportSchedules.id, id),
        roles ? inArray(reportSchedules.owner_role, roles) : undefined,
      ),
    );
  return row ?? null;
}

export async function listSchedules(db: DbOrTx, tenantId: string, role: Role) {
  const roles = visible(role);
  return db
    .select()
    .from(reportSchedules)
    .where(
      and(
        eq(reportSchedules.tenant_id, tenantId),
        roles ? inArray(reportSchedules.owner_role, roles) : undefined,
      ),
    )
    .orderBy(reportSchedules.created_at, reportSchedules.id);
}

export async function updateSchedule(
  db: DbOrTx,
  tenantId: string,
  id: string,
  values: Partial<ScheduleInsert>,
) {
  const [row] = await db
    .update(reportSchedules)
    .set(values)
    .where(and(eq(reportSchedules.tenant_id, tenantId), eq(reportSchedules.id, id)))
    .returning();
  return row ?? null;
}

/** A deleted schedule keeps its history: it is deactivated and unlinked from nothing. */
export async function deactivateSchedule(db: DbOrTx, tenantId: string, id: string) {
  return updateSchedule(db, tenantId, id, { active: false, next_run_at: null });
}

/**
 * Due schedules of every tenant, locked for this transaction; SKIP LOCKED lets a second worker take
 * other rows instead of waiting. The (schedule, slot) key of reports is what makes a slot run once.
 */
export async function lockDueSchedules(db: DbOrTx, now: Date, limit = 50) {
  return db
    .select()
    .from(reportSchedules)
    .where(and(eq(reportSchedules.active, true), lte(reportSchedules.next_run_at, now)))
    .orderBy(reportSchedules.next_run_at)
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function advanceSchedule(
  db: DbOrTx,
  tenantId: string,
  id: string,
  lastRunAt: Date,
  nextRunAt: Date | null,
) {
  await db
    .update(reportSchedules)
    .set({ last_run_at: lastRunAt, next_run_at: nextRunAt, updated_at: sql`now()` })
    .where(and(eq(reportSchedules.tenant_id, tenantId), eq(reportSchedules.id, id)));
}
