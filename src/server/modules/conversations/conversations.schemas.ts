import { z } from 'zod';
import { CHANNELS } from '../../platform/db/schema/enums.js';
import { pageQuery } from '../../platform/http/pagination.js';
import { message } from '../whatsapp/whatsapp.schemas.js';

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const conversationQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(['open', 'closed']).optional(),
  assignee_id: z.union([z.uuid(), z.enum(['me', 'none'])]).optional(),
  unread: bool.optional(),
  channel: z.enum(CHANNELS).optional(),
  patient_id: z.uuid().optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

export const messagesQuery = z.strictObject({ ...pageQuery });

export const assignBody = z.strictObject({ assignee_id: z.uuid().nullable() });

export const conversation = z.object({
  id: z.uuid(),
  patient_id: z.uuid(),
  channel: z.enum(CHANNELS),
  status: z.enum(['open', 'closed']),
  assignee_id: z.uuid().nullable(),
  /** Shown to every role that sees the conversation; listing users stays admin-only. */
  assignee_name: z.string().nullable(),
  last_message_at: z.date().nullable(),
  last_inbound_at: z.date().nullable(),
  unread_count: z.number(),
  opened_at: z.date(),
  closed_at: z.date().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
  patient: z.object({
    id: z.uuid(),
    full_name: z.string(),
    phone: z.string().nullable(),
    whatsapp_consent: z.enum(['unknown', 'opted_in', 'opted_out']),
  }),
  /** Free-form replies are allowed until then (WhatsApp's 24-hour window); null: templates only. */
  reply_window_ends_at: z.date().nullable(),
});

export { message };
export type ConversationQuery = z.infer<typeof conversationQuery>;
