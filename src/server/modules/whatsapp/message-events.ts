import type { DbOrTx } from '../../platform/db/client.js';
import { publishEvents } from '../../platform/events/bus.js';
import type { MessageRow } from './whatsapp.repository.js';

/** Live-screen events about new messages: ids and state only, never a text or the patient's phone. */
export function messagesCreated(db: DbOrTx, created: MessageRow[]) {
  return publishEvents(
    db,
    created.map((m) => ({
      tenant_id: m.tenant_id,
      type: 'message.created',
      data: {
        message_id: m.id,
        conversation_id: m.conversation_id,
        patient_id: m.patient_id,
        direction: m.direction,
        channel: m.channel,
      },
    })),
  );
}

export function messageStatusChanged(
  db: DbOrTx,
  m: Pick<MessageRow, 'tenant_id' | 'id' | 'conversation_id'>,
  status: string,
) {
  return messageStatusesChanged(db, [{ message: m, status }]);
}

/** Several status changes, announced in the order given. */
export function messageStatusesChanged(
  db: DbOrTx,
  changes: { message: Pick<MessageRow, 'tenant_id' | 'id' | 'conversation_id'>; status: string }[],
) {
  return publishEvents(
    db,
    changes.map(({ message: m, status }) => ({
      tenant_id: m.tenant_id,
      type: 'message.status',
      data: { message_id: m.id, conversation_id: m.conversation_id, status },
    })),
  );
}
