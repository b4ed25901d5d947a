import { audit } from '../../platform/audit.js';
import { ADMIN, assertRole, type Ctx } from '../../platform/auth/principal.js';
import type { SecretBox } from '../../platform/auth/secret-box.js';
import type { Db } from '../../platform/db/client.js';
import { isUniqueViolation, pgErrorCode } from '../../platform/db/errors.js';
import { conflict, notFound } from '../../platform/http/errors.js';
import * as repo from './channels.repository.js';
import type { ChannelCreate, ChannelUpdate } from './whatsapp.schemas.js';

export type ChannelDeps = { db: Db; box: SecretBox; publicUrl: string; onChange: () => void };

const taken = () =>
  conflict('channel_address_taken', 'This sender number or Messaging Service is already configured');

/** The auth token never leaves the service: responses carry only the fact that one is set. */
function present(row: repo.ChannelRow, publicUrl: string) {
  const { auth_token_enc: _secret, tenant_id: _tenant, ...rest } = row;
  return {
    ...rest,
    auth_token_set: true as const,
    webhook_url: `${publicUrl}/api/v1/whatsapp/webhook`,
    status_callback_url: `${publicUrl}/api/v1/whatsapp/status`,
  };
}

function toValues(input: ChannelUpdate, box: SecretBox) {
  const { auth_token, ...rest } = input;
  return { ...rest, ...(auth_token ? { auth_token_enc: box.seal(auth_token) } : {}) };
}

async function guarded<T>(deps: ChannelDeps, work: () => Promise<T>) {
  try {
    const result = await work();
    deps.onChange();
    return result;
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    if (pgErrorCode(err) === '23514')
      throw conflict('channel_address_required', 'A channel needs a sender number or a Messaging Service');
    throw err;
  }
}

export async function listChannels(deps: ChannelDeps, ctx: Ctx) {
  assertRole(ctx, ADMIN);
  const rows = await repo.listChannels(deps.db, ctx.principal.tenantId);
  return { data: rows.map((r) => present(r, deps.publicUrl)) };
}

export async function getChannel(deps: ChannelDeps, ctx: Ctx, id: string) {
  assertRole(ctx, ADMIN);
  const row = await repo.findChannel(deps.db, ctx.principal.tenantId, id);
  if (!row) throw notFound('Channel');
  return present(row, deps.publicUrl);
}

export async function createChannel(deps: ChannelDeps, ctx: Ctx, input: ChannelCreate) {
  assertRole(ctx, ADMIN);
  return guarded(deps, () =>
    deps.db.transaction(async (tx) => {
      const { auth_token, ...rest } = input;
      const row = await repo.insertChannel(tx, ctx.principal.tenantId, {
        ...rest,
        auth_token_enc: deps.box.seal(auth_token),
      });
      await audit(tx, ctx, 'create', 'whatsapp_channel', [row.id]);
      return present(row, deps.publicUrl);
    }),
  );
}

export async function updateChannel(deps: ChannelDeps, ctx: Ctx, id: string, input: ChannelUpdate) {
  assertRole(ctx, ADMIN);
  return guarded(deps, () =>
    deps.db.transaction(async (tx) => {
      const row = await repo.updateChannel(tx, ctx.principal.tenantId, id, toValues(input, deps.box));
      if (!row) throw notFound('Channel');
      await audit(tx, ctx, 'update', 'whatsapp_channel', [row.id]);
      return present(row, deps.publicUrl);
    }),
  );
}

export async function deleteChannel(deps: ChannelDeps, ctx: Ctx, id: string) {
  assertRole(ctx, ADMIN);
  return guarded(deps, () =>
    deps.db.transaction(async (tx) => {
      const row = await repo.deleteChannel(tx, ctx.principal.tenantId, id);
      if (!row) throw notFound('Channel');
      await audit(tx, ctx, 'delete', 'whatsapp_channel', [row.id]);
      return present(row, deps.publicUrl);
    }),
  );
}
