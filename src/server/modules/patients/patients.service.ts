import { audit } from '../../platform/audit.js';
import { assertRole, type Ctx, STAFF } from '../../platform/auth/principal.js';
import type { Db } from '../../platform/db/client.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { badRequest, conflict, notFound } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { foldPatientConversations } from '../conversations/conversation-fold.js';
import * as repo from './patients.repository.js';
import type { PatientCreate, PatientQuery, PatientUpdate } from './patients.schemas.js';

const duplicatePhone = () =>
  conflict('duplicate_phone', 'Another patient in this organisation has this phone number');

/** Patient data is PHI: only staff and admins touch it, and every touch is audited. */
export async function createPatient(db: Db, ctx: Ctx, input: PatientCreate) {
  assertRole(ctx, STAFF);
  try {
    return await db.transaction(async (tx) => {
      const row = await repo.insertPatient(tx, ctx.principal.tenantId, input);
      await audit(tx, ctx, 'create', 'patient', [row.id]);
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicatePhone();
    throw err;
  }
}

export async function getPatient(db: Db, ctx: Ctx, id: string) {
  assertRole(ctx, STAFF);
  const row = await repo.findPatient(db, ctx.principal.tenantId, id);
  if (!row) throw notFound('Patient');
  await audit(db, ctx, 'read', 'patient', [row.id]);
  return row;
}

export async function listPatients(db: Db, ctx: Ctx, query: PatientQuery) {
  assertRole(ctx, STAFF);
  const after = decodeCursor(query.cursor, 1)?.[0] as string | undefined;
  const rows = await repo.searchPatients(db, ctx.principal.tenantId, { ...query, after });
  const result = toPage(rows, query.limit, (r) => [r.id]);
  await audit(
    db,
    ctx,
    query.q ? 'search' : 'list',
    'patient',
    result.data.map((r) => r.id),
  );
  return result;
}

export async function updatePatient(db: Db, ctx: Ctx, id: string, input: PatientUpdate) {
  assertRole(ctx, STAFF);
  try {
    return await db.transaction(async (tx) => {
      const row = await repo.updatePatient(tx, ctx.principal.tenantId, id, input);
      if (!row) throw notFound('Patient');
      await audit(tx, ctx, 'update', 'patient', [row.id]);
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicatePhone();
    throw err;
  }
}

/**
 * Merge a duplicate into the survivor: everything the duplicate owns moves, the survivor keeps its own
 * values and fills gaps from the duplicate, and the duplicate is kept (hidden) for the audit trail.
 */
export async function mergePatients(db: Db, ctx: Ctx, survivorId: string, duplicateId: string) {
  assertRole(ctx, STAFF);
  if (survivorId === duplicateId) throw badRequest('A patient cannot be merged into itself');
  const tenantId = ctx.principal.tenantId;
  return db.transaction(async (tx) => {
    const survivor = await repo.findPatient(tx, tenantId, survivorId, true);
    if (!survivor) throw notFound('Patient');
    const dup = await repo.findPatient(tx, tenantId, duplicateId, true);
    if (!dup) throw notFound('Duplicate patient');
    const moved = await repo.reassignPatientData(tx, tenantId, dup.id, survivor.id);
    await repo.updatePatient(tx, tenantId, dup.id, { merged_into_id: survivor.id });
    const merged = await repo.updatePatient(tx, tenantId, survivor.id, {
      phone: survivor.phone ?? dup.phone,
      email: survivor.email ?? dup.email,
      date_of_birth: survivor.date_of_birth ?? dup.date_of_birth,
      gender: survivor.gender === 'unknown' ? dup.gender : survivor.gender,
      preferred_language: survivor.preferred_language ?? dup.preferred_language,
      tags: [...new Set([...survivor.tags, ...dup.tags])],
      // An opt-out on either record must survive the merge: consent is never widened by a merge.
      ...(dup.whatsapp_consent === 'opted_out' || survivor.whatsapp_consent === 'unknown'
        ? { whatsapp_consent: dup.whatsapp_consent, whatsapp_consent_at: dup.whatsapp_consent_at }
        : {}),
    });
    await audit(tx, ctx, 'merge', 'patient', [survivor.id, dup.id], `merged ${dup.id} into ${survivor.id}`);
    for (const f of await foldPatientConversations(tx, tenantId, survivor.id))
      await audit(tx, ctx, 'merge', 'conversation', [f.kept, ...f.removed], `messages moved into ${f.kept}`);
    return { patient: merged as repo.PatientRow, moved };
  });
}
