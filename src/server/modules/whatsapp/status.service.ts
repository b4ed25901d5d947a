import type { DbOrTx, Tx } from '../../platform/db/client.js';
import type { MessageStatus } from '../../platform/db/schema/index.js';
import type { EventHandler } from './event-processor.js';
import { deferredForRef, type LedgerRow, setEventStatus } from './ledger.repository.js';
import { messageStatusChanged } from './message-events.js';
import { advance, asStatus, isFailure } from './message-status.js';
import { param, parseForm } from './twilio-params.js';
import * as repo from './whatsapp.repository.js';

export const STATUS_PROVIDER = 'twilio-whatsapp-status';

type StatusUpdate = {
  status: MessageStatus;
  at: Date;
  errorCode: string | null;
  errorMessage: string | null;
};

export function statusUpdateOf(row: LedgerRow): StatusUpdate | null {
  const p = parseForm(row.body);
  const status = asStatus(param(p, 'MessageStatus'));
  if (!status) return null;
  return {
    status,
    at: row.received_at,
    errorCode: param(p, 'ErrorCode')?.slice(0, 20) ?? null,
    errorMessage: param(p, 'ErrorMessage')?.slice(0, 500) ?? null,
  };
}

/** Apply one state to a locked message: timestamp of each state kept, status only ever forwards. */
export async function applyStatus(db: DbOrTx, message: repo.MessageRow, u: StatusUpdate) {
  const next = advance(message.status, u.status);
  const times = { ...message.status_times };
  times[u.status] ??= u.at.toISOString();
  const failing = isFailure(next) && next === u.status && !isFailure(message.status);
  const row = await repo.updateMessage(db, message.tenant_id, message.id, {
    status: next,
    status_times: times,
    ...(failing ? { error_code: u.errorCode, error_message: u.errorMessage } : {}),
  });
  if (next !== message.status) {
    await messageStatusChanged(db, message, next);
  }
  return row as repo.MessageRow;
}

/** A status callback from the ledger; a message not stored yet leaves the event deferred. */
export const statusHandler: EventHandler = { apply: applyStatusEvent, lockKey: (row) => row.ref ?? '' };

async function applyStatusEvent(tx: Tx, row: LedgerRow): Promise<'processed' | 'deferred'> {
  const tenantId = row.tenant_id as string;
  const sid = row.ref as string;
  const update = statusUpdateOf(row);
  if (!update) return 'processed';
  await repo.lockSid(tx, tenantId, sid);
  const message = await repo.findMessageBySid(tx, tenantId, sid);
  if (!message) return 'deferred';
  await applyStatus(tx, message, update);
  return 'processed';
}

/**
 * Once a sent message knows its provider id, the callbacks that arrived earlier are applied. The caller
 * holds lockSid, so a callback being processed concurrently is either seen here or sees the message.
 */
export async function applyDeferredStatuses(tx: Tx, message: repo.MessageRow) {
  if (!message.external_id) return message;
  let current = message;
  for (const ev of await deferredForRef(tx, message.tenant_id, STATUS_PROVIDER, message.external_id)) {
    const u = statusUpdateOf(ev);
    if (u) current = await applyStatus(tx, current, u);
    await setEventStatus(tx, [ev.id], 'processed');
  }
  return current;
}
