import { uuidv7 } from 'uuidv7';
import { audit } from '../../platform/audit.js';
import { ADMIN, assertRole, type Ctx, STAFF } from '../../platform/auth/principal.js';
import type { SecretBox } from '../../platform/auth/secret-box.js';
import type { Db } from '../../platform/db/client.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { findAppointment } from '../appointments/appointments.repository.js';
import * as repo from './voice.repository.js';
import { type CallQuery, type ChannelUpdate, MAX_SECRETS } from './voice.schemas.js';
import { fingerprint } from './voice-signature.js';

/** The channel as admins see it: secrets by fingerprint only, never their value. */
function channelView(row: repo.ChannelRow, publicUrl: string) {
  return {
    ...row,
    webhook_url: `${publicUrl}/api/v1/voice/webhook`,
    secrets: row.secrets.map((s) => ({
      id: s.id,
      fingerprint: s.fingerprint,
      created_at: new Date(s.created_at),
    })),
  };
}

export async function getChannel(db: Db, ctx: Ctx, publicUrl: string) {
  assertRole(ctx, ADMIN);
  const row = await repo.findChannel(db, ctx.principal.tenantId);
  if (!row) throw notFound('Voice channel');
  return channelView(row, publicUrl);
}

export async function updateChannel(db: Db, ctx: Ctx, publicUrl: string, input: ChannelUpdate) {
  assertRole(ctx, ADMIN);
  return db.transaction(async (tx) => {
    await repo.lockChannel(tx, ctx.principal.tenantId);
    return channelView(await repo.updateChannel(tx, ctx.principal.tenantId, input), publicUrl);
  });
}

/**
 * The channel's secrets in clear, for verification. An entry stored before secrets were sealed (none in a
 * release) has no `sealed` and is skipped: it verifies nothing, and its admin can remove it by id.
 */
export const openSecrets = (box: SecretBox, channel: repo.ChannelRow) =>
  channel.secrets.flatMap((s) => (s.sealed ? [box.open(s.sealed)] : []));

export async function addSecret(db: Db, box: SecretBox, ctx: Ctx, secret: string) {
  assertRole(ctx, ADMIN);
  return db.transaction(async (tx) => {
    const row = await repo.lockChannel(tx, ctx.principal.tenantId);
    if (row.secrets.length >= MAX_SECRETS)
      throw conflict(
        'too_many_secrets',
        `A channel holds at most ${MAX_SECRETS} secrets; remove an old one first`,
      );
    if (openSecrets(box, row).includes(secret))
      throw conflict('duplicate_secret', 'The channel already has this secret');
    const added = {
      id: uuidv7(),
      sealed: box.seal(secret),
      fingerprint: fingerprint(secret),
      created_at: new Date().toISOString(),
    };
    await repo.updateChannel(tx, ctx.principal.tenantId, { secrets: [...row.secrets, added] });
    return { id: added.id, fingerprint: added.fingerprint, created_at: new Date(added.created_at) };
  });
}

export async function removeSecret(db: Db, ctx: Ctx, id: string) {
  assertRole(ctx, ADMIN);
  await db.transaction(async (tx) => {
    const row = await repo.lockChannel(tx, ctx.principal.tenantId);
    const kept = row.secrets.filter((s) => s.id !== id);
    if (kept.length === row.secrets.length) throw notFound('Secret');
    await repo.updateChannel(tx, ctx.principal.tenantId, { secrets: kept });
  });
}

/** Calls are PHI (who called, what they said): staff and admins only, and every read is audited. */
export async function listCalls(db: Db, ctx: Ctx, q: CallQuery) {
  assertRole(ctx, STAFF);
  const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
  const rows = await repo.listCalls(db, ctx.principal.tenantId, { ...q, after });
  const result = toPage(rows, q.limit, (r) => [r.sort_key, r.id]);
  await audit(
    db,
    ctx,
    'list',
    'voice_call',
    result.data.map((r) => r.id),
  );
  return result;
}

export async function getCall(db: Db, ctx: Ctx, id: string) {
  assertRole(ctx, STAFF);
  const tenantId = ctx.principal.tenantId;
  const row = await repo.findCall(db, tenantId, id);
  if (!row) throw notFound('Call');
  const transcript = await repo.listTranscript(db, tenantId, id);
  const appointment = row.appointment_id ? await findAppointment(db, tenantId, row.appointment_id) : null;
  await audit(db, ctx, 'read', 'voice_call', [row.id]);
  if (appointment) await audit(db, ctx, 'read', 'appointment', [appointment.id], 'linked to a voice call');
  return { ...row, transcript, appointment };
}
