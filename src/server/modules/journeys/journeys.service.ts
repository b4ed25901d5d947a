import { audit } from '../../platform/audit.js';
import { assertRole, type Ctx, STAFF } from '../../platform/auth/principal.js';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { findEntry } from '../directory/directory.repository.js';
import { findPatient } from '../patients/patients.repository.js';
import { applyStageAction, currentStage, progressPercent, type StageAction } from './journey-progress.js';
import * as repo from './journeys.repository.js';

type TemplateInput = {
  name: string;
  description?: string | null | undefined;
  department_id?: string | null | undefined;
  stages: { name: string; expected_duration_days?: number | null | undefined }[];
};

async function loadTemplate(db: DbOrTx, tenantId: string, id: string) {
  const [t] = await repo.findTemplates(db, tenantId, [id]);
  if (!t) throw notFound('Journey template');
  return t;
}

export async function listTemplates(db: Db, ctx: Ctx) {
  assertRole(ctx, ['admin', 'staff', 'analyst']);
  return { data: await repo.findTemplates(db, ctx.principal.tenantId) };
}

export async function getTemplate(db: Db, ctx: Ctx, id: string) {
  assertRole(ctx, ['admin', 'staff', 'analyst']);
  return loadTemplate(db, ctx.principal.tenantId, id);
}

export async function createTemplate(db: Db, ctx: Ctx, input: TemplateInput) {
  assertRole(ctx, STAFF);
  const tenantId = ctx.principal.tenantId;
  if (input.department_id && !(await findEntry(db, 'departments', tenantId, input.department_id)))
    throw notFound('Department');
  try {
    return await db.transaction(async (tx) => {
      const { stages, ...t } = input;
      const id = await repo.insertTemplate(tx, tenantId, t, stages);
      return loadTemplate(tx, tenantId, id);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('duplicate_name', 'A journey template with this name exists');
    throw err;
  }
}

export async function updateTemplate(db: Db, ctx: Ctx, id: string, input: object) {
  assertRole(ctx, STAFF);
  try {
    if (!(await repo.updateTemplate(db, ctx.principal.tenantId, id, input)))
      throw notFound('Journey template');
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('duplicate_name', 'A journey template with this name exists');
    throw err;
  }
  return loadTemplate(db, ctx.principal.tenantId, id);
}

async function present(db: DbOrTx, tenantId: string, journeys: repo.JourneyRow[]) {
  const stages = await repo.stagesOf(
    db,
    tenantId,
    journeys.map((j) => j.id),
  );
  const templates = await repo.findTemplates(db, tenantId, [...new Set(journeys.map((j) => j.template_id))]);
  return journeys.map((j) => {
    const own = stages.filter((s) => s.journey_id === j.id);
    return {
      ...j,
      template_name: templates.find((t) => t.id === j.template_id)?.name ?? '',
      progress_percent: progressPercent(own),
      current_stage: j.status === 'active' ? currentStage(own) : null,
      stages: own,
    };
  });
}

async function loadJourney(db: DbOrTx, tenantId: string, id: string) {
  const j = await repo.findJourney(db, tenantId, id);
  if (!j) throw notFound('Journey');
  const [out] = await present(db, tenantId, [j]);
  return out as NonNullable<typeof out>;
}

export async function startJourney(db: Db, ctx: Ctx, input: { patient_id: string; template_id: string }) {
  assertRole(ctx, STAFF);
  const tenantId = ctx.principal.tenantId;
  return db.transaction(async (tx) => {
    if (!(await findPatient(tx, tenantId, input.patient_id))) throw notFound('Patient');
    const t = await loadTemplate(tx, tenantId, input.template_id);
    const id = await repo.insertJourney(
      tx,
      tenantId,
      { ...input, department_id: t.department_id },
      t.stages.map((s) => s.name),
      new Date(),
    );
    await audit(tx, ctx, 'create', 'journey', [id]);
    return loadJourney(tx, tenantId, id);
  });
}

export async function getJourney(db: Db, ctx: Ctx, id: string) {
  assertRole(ctx, STAFF);
  const j = await loadJourney(db, ctx.principal.tenantId, id);
  await audit(db, ctx, 'read', 'journey', [id]);
  return j;
}

export async function listJourneys(
  db: Db,
  ctx: Ctx,
  q: {
    limit: number;
    cursor?: string | undefined;
    patient_id?: string | undefined;
    status?: repo.JourneyRow['status'] | undefined;
    template_id?: string | undefined;
  },
) {
  assertRole(ctx, STAFF);
  const tenantId = ctx.principal.tenantId;
  const after = decodeCursor(q.cursor, 1)?.[0] as string | undefined;
  const rows = await repo.listJourneys(db, tenantId, { ...q, after });
  const paged = toPage(rows, q.limit, (r) => [r.id]);
  const data = await present(db, tenantId, paged.data);
  await audit(
    db,
    ctx,
    'list',
    'journey',
    data.map((j) => j.id),
  );
  return { data, next_cursor: paged.next_cursor };
}

async function activeJourneyForUpdate(db: DbOrTx, tenantId: string, id: string) {
  const j = await repo.findJourney(db, tenantId, id, true);
  if (!j) throw notFound('Journey');
  if (j.status !== 'active') throw conflict('journey_not_active', `The journey is ${j.status}`);
  return j;
}

export async function actOnStage(
  db: Db,
  ctx: Ctx,
  id: string,
  position: number | 'current',
  action: StageAction,
) {
  assertRole(ctx, STAFF);
  const tenantId = ctx.principal.tenantId;
  return db.transaction(async (tx) => {
    await activeJourneyForUpdate(tx, tenantId, id);
    const stages = await repo.stagesOf(tx, tenantId, [id]);
    const pos = position === 'current' ? currentStage(stages) : position;
    if (pos === null) throw conflict('no_current_stage', 'The journey has no stage left to advance');
    const result = applyStageAction(stages, pos, action);
    if ('error' in result) throw conflict('illegal_stage_change', result.error);
    const now = new Date();
    for (const c of result.changes) {
      await repo.updateStage(tx, tenantId, id, c.position, {
        status: c.status,
        ...(c.status === 'in_progress' ? { started_at: now } : { completed_at: now }),
      });
    }
    if (result.finished)
      await repo.updateJourney(tx, tenantId, id, { status: 'completed', completed_at: now });
    await audit(tx, ctx, 'update', 'journey', [id], `stage ${pos} ${action}`);
    return loadJourney(tx, tenantId, id);
  });
}

export async function cancelJourney(db: Db, ctx: Ctx, id: string, reason?: string | null) {
  assertRole(ctx, STAFF);
  const tenantId = ctx.principal.tenantId;
  return db.transaction(async (tx) => {
    await activeJourneyForUpdate(tx, tenantId, id);
    await repo.updateJourney(tx, tenantId, id, { status: 'cancelled', cancelled_at: new Date() });
    await audit(tx, ctx, 'update', 'journey', [id], reason ? `cancelled: ${reason}` : 'cancelled');
    return loadJourney(tx, tenantId, id);
  });
}
