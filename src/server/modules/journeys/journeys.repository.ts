import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import {
  journeyTemplateStages,
  journeyTemplates,
  patientJourneyStages,
  patientJourneys,
} from '../../platform/db/schema/index.js';

export type StageRow = typeof patientJourneyStages.$inferSelect;
export type JourneyRow = typeof patientJourneys.$inferSelect;

export async function insertTemplate(
  db: DbOrTx,
  tenantId: string,
  t: { name: string; description?: string | null | undefined; department_id?: string | null | undefined },
  stages: { name: string; expected_duration_days?: number | null | undefined }[],
) {
  const [row] = await db
    .insert(journeyTemplates)
    .values({ ...t, tenant_id: tenantId })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await db
    .insert(journeyTemplateStages)
    .values(stages.map((s, i) => ({ ...s, tenant_id: tenantId, template_id: row.id, position: i + 1 })));
  return row.id;
}

export async function updateTemplate(db: DbOrTx, tenantId: string, id: string, values: object) {
  const rows = await db
    .update(journeyTemplates)
    .set(values)
    .where(and(eq(journeyTemplates.tenant_id, tenantId), eq(journeyTemplates.id, id)))
    .returning({ id: journeyTemplates.id });
  return rows.length > 0;
}

export async function findTemplates(db: DbOrTx, tenantId: string, ids?: string[]) {
  const templates = await db
    .select()
    .from(journeyTemplates)
    .where(and(eq(journeyTemplates.tenant_id, tenantId), ids ? inArray(journeyTemplates.id, ids) : undefined))
    .orderBy(asc(journeyTemplates.name));
  if (!templates.length) return [];
  const stages = await db
    .select()
    .from(journeyTemplateStages)
    .where(
      and(
        eq(journeyTemplateStages.tenant_id, tenantId),
        inArray(
          journeyTemplateStages.template_id,
          templates.map((t) => t.id),
        ),
      ),
    )
    .orderBy(asc(journeyTemplateStages.position));
  return templates.map((t) => ({ ...t, stages: stages.filter((s) => s.template_id === t.id) }));
}

export async function insertJourney(
  db: DbOrTx,
  tenantId: string,
  j: { patient_id: string; template_id: string; department_id: string | null },
  stageNames: string[],
  now: Date,
) {
  const [row] = await db
    .insert(patientJourneys)
    .values({ ...j, tenant_id: tenantId, started_at: now })
    .returning({ id: patientJourneys.id });
  if (!row) throw new Error('insert returned no row');
  await db.insert(patientJourneyStages).values(
    stageNames.map((name, i) => ({
      tenant_id: tenantId,
      journey_id: row.id,
      position: i + 1,
      name,
      ...(i === 0 ? { status: 'in_progress' as const, started_at: now } : {}),
    })),
  );
  return row.id;
}

export async function findJourney(db: DbOrTx, tenantId: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(patientJourneys)
    .where(and(eq(patientJourneys.tenant_id, tenantId), eq(patientJourneys.id, id)));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export function listJourneys(
  db: DbOrTx,
  tenantId: string,
  f: {
    patient_id?: string | undefined;
    template_id?: string | undefined;
    status?: JourneyRow['status'] | undefined;
    after?: string | undefined;
    limit: number;
  },
) {
  return db
    .select()
    .from(patientJourneys)
    .where(
      and(
        eq(patientJourneys.tenant_id, tenantId),
        f.patient_id ? eq(patientJourneys.patient_id, f.patient_id) : undefined,
        f.template_id ? eq(patientJourneys.template_id, f.template_id) : undefined,
        f.status ? eq(patientJourneys.status, f.status) : undefined,
        f.after ? gt(patientJourneys.id, f.after) : undefined,
      ),
    )
    .orderBy(asc(patientJourneys.id))
    .limit(f.limit + 1);
}

export function stagesOf(db: DbOrTx, tenantId: string, journeyIds: string[]) {
  if (!journeyIds.length) return Promise.resolve([] as StageRow[]);
  return db
    .select()
    .from(patientJourneyStages)
    .where(
      and(eq(patientJourneyStages.tenant_id, tenantId), inArray(patientJourneyStages.journey_id, journeyIds)),
    )
    .orderBy(asc(patientJourneyStages.position));
}

export async function updateStage(
  db: DbOrTx,
  tenantId: string,
  journeyId: string,
  position: number,
  values: object,
) {
  await db
    .update(patientJourneyStages)
    .set(values)
    .where(
      and(
        eq(patientJourneyStages.tenant_id, tenantId),
        eq(patientJourneyStages.journey_id, journeyId),
        eq(patientJourneyStages.position, position),
      ),
    );
}

export async function updateJourney(db: DbOrTx, tenantId: string, id: string, values: object) {
  await db
    .update(patientJourneys)
    .set(values)
    .where(and(eq(patientJourneys.tenant_id, tenantId), eq(patientJourneys.id, id)));
}
