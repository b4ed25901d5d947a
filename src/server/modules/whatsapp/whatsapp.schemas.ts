import { z } from 'zod';
import { MEDIA_STATUSES, MESSAGE_STATUSES } from '../../platform/db/schema/enums.js';
import { phone, text } from '../../platform/http/schemas.js';

const accountSid = z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'Must be a Twilio Account SID (AC + 32 hex)');
const serviceSid = z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'Must be a Messaging Service SID (MG + 32 hex)');
const authToken = z
  .string()
  .min(16)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'Must be printable ASCII without spaces');

const channelFields = {
  name: text(100),
  account_sid: accountSid,
  auth_token: authToken,
  sender: phone.nullable().optional(),
  messaging_service_sid: serviceSid.nullable().optional(),
  enabled: z.boolean().optional(),
};

export const channelCreate = z
  .strictObject(channelFields)
  .refine((c) => c.sender || c.messaging_service_sid, {
    message: 'Give a sender number, a Messaging Service SID, or both',
    path: ['sender'],
  });

export const channelUpdate = z
  .strictObject(channelFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to update');

/** The auth token is write-only: responses say only that one is set. */
export const channel = z.object({
  id: z.uuid(),
  name: z.string(),
  account_sid: z.string(),
  sender: z.string().nullable(),
  messaging_service_sid: z.string().nullable(),
  enabled: z.boolean(),
  auth_token_set: z.literal(true),
  webhook_url: z.string(),
  status_callback_url: z.string(),
  created_at: z.date(),
  updated_at: z.date(),
});

export type ChannelCreate = z.infer<typeof channelCreate>;
export type ChannelUpdate = z.infer<typeof channelUpdate>;

const mediaUrl = z
  .url({ protocol: /^https$/ })
  .max(2000)
  .describe('Public https URL Twilio fetches');

export const sendBody = z
  .strictObject({
    patient_id: z.uuid(),
    channel_id: z.uuid().optional(),
    body: z.string().trim().min(1).max(1600).optional(),
    media_urls: z.array(mediaUrl).min(1).max(10).optional(),
    template: z
      .strictObject({
        content_sid: z.string().regex(/^HX[0-9a-fA-F]{32}$/, 'Must be a Content SID (HX + 32 hex)'),
        variables: z.record(z.string().max(20), z.string().max(1024)).optional(),
      })
      .optional(),
  })
  .refine((b) => b.template || b.body || b.media_urls, {
    message: 'Give a body, media_urls or a template',
    path: ['body'],
  })
  .refine((b) => !(b.template && (b.body || b.media_urls)), {
    message: 'A template is sent without body or media_urls',
    path: ['template'],
  });

export type SendBody = z.infer<typeof sendBody>;

export const mediaStatus = z.enum(MEDIA_STATUSES);

export const mediaItem = z.object({
  id: z.uuid().optional(),
  url: z.string(),
  content_type: z.string(),
  /** In a conversation's thread: whether the background download has stored the file yet. */
  status: mediaStatus.optional(),
});

export const message = z.object({
  id: z.uuid(),
  conversation_id: z.uuid(),
  patient_id: z.uuid(),
  direction: z.enum(['inbound', 'outbound']),
  channel: z.string(),
  external_id: z.string().nullable(),
  message_type: z.string(),
  body: z.string().nullable(),
  media: z.array(mediaItem),
  location: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  button_payload: z.string().nullable(),
  button_text: z.string().nullable(),
  reply_to_external_id: z.string().nullable(),
  template_sid: z.string().nullable(),
  status: z.enum(MESSAGE_STATUSES),
  status_times: z.record(z.string(), z.string()),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  sent_by: z.uuid().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});

export const health = z.object({
  status: z.enum(['ok', 'degraded']),
  channels: z.number(),
  ledger: z.object({
    pending: z.number(),
    failed: z.number(),
    deferred: z.number(),
    oldest_pending_seconds: z.number().nullable(),
  }),
  problems: z.array(z.string()),
});
