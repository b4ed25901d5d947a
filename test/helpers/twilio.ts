import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { Database } from '../../src/server/platform/db/client.js';
import { conversations, messages, patients } from '../../src/server/platform/db/schema/index.js';
import type { TestContext, TestTenant } from './app.js';
import { bearer } from './app.js';

export type TestChannel = { id: string; accountSid: string; authToken: string; sender: string };

const hex = (n: number) => randomBytes(n).toString('hex');
export const newAccountSid = () => `AC${hex(16)}`;
export const newMessageSid = () => `SM${hex(16)}`;

let senders = 0;

/** A WhatsApp channel created through the admin API, with a fresh account and sender number. */
export async function createChannel(t: TestContext, tenant: TestTenant): Promise<TestChannel> {
  const accountSid = newAccountSid();
  const authToken = hex(16);
  const sender = `+1415555${String(1000 + (++senders % 9000)).padStart(4, '0')}`;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/whatsapp/channels',
    headers: bearer(tenant.keys.admin),
    payload: { name: 'Front desk', account_sid: accountSid, auth_token: authToken, sender },
  });
  if (res.statusCode !== 201) throw new Error(`channel create failed: ${res.body}`);
  return { id: res.json().id, accountSid, authToken, sender };
}

/** A form body and headers exactly as Twilio would post them, signed with the official library. */
export function signed(url: string, authToken: string, params: Record<string, string>) {
  const payload = new URLSearchParams(params).toString();
  return {
    payload,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, url, params),
    },
  };
}

export function inboundParams(
  channel: TestChannel,
  from: string,
  extra: Record<string, string> = {},
): Record<string, string> & { MessageSid: string } {
  const sid = newMessageSid();
  return {
    MessageSid: sid,
    SmsMessageSid: sid,
    SmsSid: sid,
    AccountSid: channel.accountSid,
    From: `whatsapp:${from}`,
    To: `whatsapp:${channel.sender}`,
    Body: 'Hello, I would like an appointment',
    NumMedia: '0',
    NumSegments: '1',
    ProfileName: 'Asha Verma',
    WaId: from.replace('+', ''),
    MessageType: 'text',
    SmsStatus: 'received',
    ApiVersion: '2010-04-01',
    ...extra,
  };
}

export function statusParams(
  channel: TestChannel,
  sid: string,
  status: string,
  extra: Record<string, string> = {},
) {
  return {
    MessageSid: sid,
    SmsSid: sid,
    MessageStatus: status,
    SmsStatus: status,
    AccountSid: channel.accountSid,
    From: `whatsapp:${channel.sender}`,
    To: 'whatsapp:+919800000000',
    ApiVersion: '2010-04-01',
    ChannelPrefix: 'whatsapp',
    ...extra,
  };
}

/** Post a Twilio callback to the test app, signed for the default PUBLIC_URL. */
export function postSigned(
  t: TestContext,
  channel: TestChannel,
  /** `status?…` posts to the status callback URL a send gave, query included (it is signed too). */
  path: 'webhook' | 'status' | `status?${string}`,
  params: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const s = signed(`http://localhost:3000/api/v1/whatsapp/${path}`, channel.authToken, params);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/whatsapp/${path}`,
    payload: s.payload,
    headers: { ...s.headers, ...headers },
  });
}

export type PostRequest = { url: string; payload: string; headers: Record<string, string> };
export type PostAnswer = {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): unknown;
};

/** POST over a real connection to a listening app, answered in `inject`'s shape. */
export async function postOverHttp(base: string, r: PostRequest): Promise<PostAnswer> {
  const res = await fetch(`${base}${r.url}`, { method: 'POST', body: r.payload, headers: r.headers });
  const body = await res.text();
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    headers[k] = v;
  });
  return {
    statusCode: res.status,
    headers,
    body,
    json: () => JSON.parse(body),
  };
}

/** Outbound messages as the send job leaves them: queued, with their Twilio sids, to one patient. */
export async function outboundMessages(database: Database, tenantId: string, sids: string[]) {
  const { db } = database;
  const [p] = await db
    .insert(patients)
    .values({ tenant_id: tenantId, full_name: 'Outbound Patient', phone: '+14155550999' })
    .returning();
  const [c] = await db
    .insert(conversations)
    .values({ tenant_id: tenantId, patient_id: p?.id as string, channel: 'whatsapp' })
    .returning();
  // In slices: one INSERT may bind at most 65,535 parameters.
  for (let i = 0; i < sids.length; i += 2000)
    await db.insert(messages).values(
      sids.slice(i, i + 2000).map((sid) => ({
        tenant_id: tenantId,
        conversation_id: c?.id as string,
        patient_id: p?.id as string,
        direction: 'outbound' as const,
        channel: 'whatsapp' as const,
        external_id: sid,
        body: 'Reminder',
        status: 'queued' as const,
        status_times: { queued: new Date().toISOString() },
      })),
    );
}
