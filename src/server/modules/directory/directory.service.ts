import { ANY, assertRole, type Ctx, STAFF } from '../../platform/auth/principal.js';
import type { Db } from '../../platform/db/client.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../platform/db/errors.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import type { DirectoryKind } from './directory.repository.js';
import * as repo from './directory.repository.js';

const LABEL: Record<DirectoryKind, string> = {
  departments: 'Department',
  locations: 'Location',
  practitioners: 'Practitioner',
};

/** Ids a body refers to must be the tenant's own: another tenant's id is as unknown as a random one. */
async function assertReferences(db: Db, tenantId: string, values: Record<string, unknown>) {
  for (const [field, kind] of [
    ['department_id', 'departments'],
    ['location_id', 'locations'],
  ] as const) {
    const id = values[field];
    if (typeof id === 'string' && !(await repo.findEntry(db, kind, tenantId, id)))
      throw notFound(LABEL[kind]);
  }
}

function mapWriteError(kind: DirectoryKind, err: unknown): never {
  if (isUniqueViolation(err))
    throw conflict('duplicate_name', `${LABEL[kind]} with this name already exists`);
  if (isForeignKeyViolation(err))
    throw conflict('in_use', `${LABEL[kind]} is still referenced by other records and cannot be deleted`);
  throw err;
}

export async function listEntries(
  db: Db,
  ctx: Ctx,
  kind: DirectoryKind,
  q: { q?: string | undefined; cursor?: string | undefined; limit: number },
) {
  assertRole(ctx, ANY);
  const after = decodeCursor(q.cursor, 1)?.[0] as string | undefined;
  const rows = await repo.listEntries(db, kind, ctx.principal.tenantId, { ...q, after });
  return toPage(rows, q.limit, (r) => [r.id]);
}

export async function getEntry(db: Db, ctx: Ctx, kind: DirectoryKind, id: string) {
  assertRole(ctx, ANY);
  const row = await repo.findEntry(db, kind, ctx.principal.tenantId, id);
  if (!row) throw notFound(LABEL[kind]);
  return row;
}

export async function createEntry(db: Db, ctx: Ctx, kind: DirectoryKind, input: { name: string }) {
  assertRole(ctx, STAFF);
  await assertReferences(db, ctx.principal.tenantId, input);
  try {
    return await repo.insertEntry(db, kind, ctx.principal.tenantId, input);
  } catch (err) {
    mapWriteError(kind, err);
  }
}

export async function updateEntry(db: Db, ctx: Ctx, kind: DirectoryKind, id: string, input: object) {
  assertRole(ctx, STAFF);
  await assertReferences(db, ctx.principal.tenantId, input as Record<string, unknown>);
  let row: Awaited<ReturnType<typeof repo.updateEntry>>;
  try {
    row = await repo.updateEntry(db, kind, ctx.principal.tenantId, id, input);
  } catch (err) {
    mapWriteError(kind, err);
  }
  if (!row) throw notFound(LABEL[kind]);
  return row;
}

export async function deleteEntry(db: Db, ctx: Ctx, kind: DirectoryKind, id: string) {
  assertRole(ctx, STAFF);
  let deleted: boolean;
  try {
    deleted = await repo.deleteEntry(db, kind, ctx.principal.tenantId, id);
  } catch (err) {
    mapWriteError(kind, err);
  }
  if (!deleted) throw notFound(LABEL[kind]);
}
