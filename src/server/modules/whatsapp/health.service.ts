import { and, count, eq } from 'drizzle-orm';
import { ANY, assertRole, type Ctx } from '../../platform/auth/principal.js';
import type { Db } from '../../platform/db/client.js';
import { whatsappChannels } from '../../platform/db/schema/index.js';
import { INBOUND_PROVIDER } from './inbound.service.js';
import { ledgerBacklog } from './ledger.repository.js';
import { STATUS_PROVIDER } from './status.service.js';

const STALE_SECONDS = 60;

/** Is WhatsApp working for this organisation: a channel to use, and webhooks being processed. */
export async function whatsappHealth(db: Db, ctx: Ctx) {
  assertRole(ctx, ANY);
  const tenantId = ctx.principal.tenantId;
  const [channels] = await db
    .select({ n: count() })
    .from(whatsappChannels)
    .where(and(eq(whatsappChannels.tenant_id, tenantId), eq(whatsappChannels.enabled, true)));
  const backlog = await ledgerBacklog(db, tenantId, [INBOUND_PROVIDER, STATUS_PROVIDER]);
  const by = (s: string) => backlog.find((r) => r.status === s);
  const oldest = by('pending')?.oldest;
  const ledger = {
    pending: by('pending')?.n ?? 0,
    failed: by('failed')?.n ?? 0,
    deferred: by('deferred')?.n ?? 0,
    oldest_pending_seconds: oldest ? Math.round((Date.now() - oldest.getTime()) / 1000) : null,
  };
  const problems: string[] = [];
  if (!channels?.n) problems.push('No enabled WhatsApp channel');
  if (ledger.failed)
    problems.push(`${ledger.failed} webhook event(s) failed processing: run prm webhooks replay`);
  if ((ledger.oldest_pending_seconds ?? 0) > STALE_SECONDS)
    problems.push(`Webhook events waiting for more than ${STALE_SECONDS} s`);
  return {
    status: problems.length ? ('degraded' as const) : ('ok' as const),
    channels: channels?.n ?? 0,
    ledger,
    problems,
  };
}
