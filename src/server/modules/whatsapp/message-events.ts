import type { DbOrTx } from '../../platform/db/client.js';
import { publishEvent } from '../../platform/events/bus.js';
import type { MessageRow } from './whatsapp.repository.js';

/** Live-screen events about a message: ids and state only, never its text or the patient's phone. */
export function messageCreated(db: DbOrTx, m: MessageRow) {
  return publishEvent(db, {
    tenant_id: m.tenant_id,
    type: 'message.created',
    data: {
      message_id: m.id,
      conversation_id: m.conversation_id,
      patient_id: m.patient_id,
      direction: m.direction,
      channel: m.channel,
    },
  });
}

export function messageStatusChanged(
  db: DbOrTx,
  m: Pick<MessageRow, 'tenant_id' | 'id' | 'conversation_id'>,
  status: string,
) {
  return publishEvent(db, {
    tenant_id: m.tenant_id,
    type: 'message.status',
    data: { message_id: m.id, conversation_id: m.conversation_id, status },
  });
}
