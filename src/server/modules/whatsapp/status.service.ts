import type { DbOrTx, Tx } from '../../platform/db/client.js';
import type { MessageStatus } from '../../platform/db/schema/index.js';
import type { EventHandler } from './event-processor.js';
import { deferredForRef, type LedgerRow, setEventStatus } from './ledger.repository.js';
import { messageStatusesChanged } from './message-events.js';
import { advance, asStatus, isFailure } from './message-status.js';
import { param, parseForm } from './twilio-params.js';
import * as repo from './whatsapp.repository.js';

export const STATUS_PROVIDER = 'twilio-whatsapp-status';
/** The status callback URL's query parameter naming the outbound message (send.service.ts). */
export const CALLBACK_MESSAGE_PARAM = 'm';
/** Where the ledger keeps it, in the event's `headers`. */
export const CALLBACK_MESSAGE_KEY = 'x-prm-message-id';

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

/**
 * States in the order given, each to its locked message, with the effect of applying them one by one
 * (each state's first time kept, the status only ever forwards):
 * one statement writes every message's final state and one announces every change.
 */
export async function applyStatuses(
  db: DbOrTx,
  tenantId: string,
  updates: { message: repo.MessageRow; update: StatusUpdate }[],
) {
  const current = new Map<string, repo.MessageRow>();
  const changes: { message: repo.MessageRow; status: MessageStatus }[] = [];
  for (const { message, update: u } of updates) {
    const was = current.get(message.id) ?? message;
    const next = advance(was.status, u.status);
    const failing = isFailure(next) && next === u.status && !isFailure(was.status);
    current.set(message.id, {
      ...was,
      status: next,
      status_times: { [u.status]: u.at.toISOString(), ...was.status_times },
      ...(failing ? { error_code: u.errorCode, error_message: u.errorMessage } : {}),
    });
    if (next !== was.status) changes.push({ message: was, status: next });
  }
  const written = await repo.writeMessageStatuses(db, tenantId, [...current.values()]);
  await messageStatusesChanged(db, changes);
  return new Map(written.map((m) => [m.id, m]));
}

/** Status callbacks from the ledger; one whose message is not stored yet is left deferred. */
export const statusHandler: EventHandler = {
  apply: async (tx, row) => (await applyStatusEvents(tx, [row]))[0] as 'processed' | 'deferred',
  applyMany: applyStatusEvents,
  lockKey: (row) => row.ref ?? '',
};

async function applyStatusEvents(tx: Tx, rows: LedgerRow[]): Promise<('processed' | 'deferred')[]> {
  const tenantId = rows[0]?.tenant_id as string;
  const sids = rows.map((r) => r.ref as string);
  await repo.lockSids(tx, tenantId, sids);
  const bySid = new Map((await repo.findMessagesBySids(tx, tenantId, sids)).map((m) => [m.external_id, m]));
  await adoptSids(tx, tenantId, rows, bySid);
  const updates: { message: repo.MessageRow; update: StatusUpdate }[] = [];
  const outcomes = rows.map((row) => {
    const update = statusUpdateOf(row);
    if (!update) return 'processed' as const;
    const message = bySid.get(row.ref);
    if (!message) return 'deferred' as const;
    updates.push({ message, update });
    return 'processed' as const;
  });
  await applyStatuses(tx, tenantId, updates);
  return outcomes;
}

/**
 * A callback for a sid no message has, whose URL names a message that has no sid yet: Twilio accepted
 * that send but its answer never reached PRM (a crash or a timeout), so the message takes this sid now
 * and the send job's retry finds it sent. A message that already has another sid keeps it; the callback
 * stays deferred, as for any unknown sid. The caller holds lockSid for every sid, as the send job does
 * before it locks the message, so the two take their locks in one order.
 */
async function adoptSids(
  tx: Tx,
  tenantId: string,
  rows: LedgerRow[],
  bySid: Map<string | null, repo.MessageRow>,
) {
  for (const row of rows) {
    const messageId = row.headers[CALLBACK_MESSAGE_KEY];
    if (!messageId || bySid.has(row.ref)) continue;
    const message = await repo.findMessage(tx, tenantId, messageId, true);
    if (message?.direction !== 'outbound' || message.external_id) continue;
    const adopted = (await repo.updateMessage(tx, tenantId, message.id, {
      external_id: row.ref,
    })) as repo.MessageRow;
    bySid.set(row.ref, await applyDeferredStatuses(tx, adopted));
  }
}

/**
 * Once a sent message knows its provider id, the callbacks that arrived earlier are applied. The caller
 * holds lockSid, so a callback being processed concurrently is either seen here or sees the message.
 */
export async function applyDeferredStatuses(tx: Tx, message: repo.MessageRow) {
  if (!message.external_id) return message;
  const events = await deferredForRef(tx, message.tenant_id, STATUS_PROVIDER, message.external_id);
  const updates = events.flatMap((ev) => {
    const update = statusUpdateOf(ev);
    return update ? [{ message, update }] : [];
  });
  const written = await applyStatuses(tx, message.tenant_id, updates);
  if (events.length > 0)
    await setEventStatus(
      tx,
      events.map((ev) => ev.id),
      'processed',
    );
  return written.get(message.id) ?? message;
}
