import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createTenant,
  createTestApp,
  type TestContext,
  type TestTenant,
} from '../../../../test/helpers/app.js';
import { createChannel, newAccountSid } from '../../../../test/helpers/twilio.js';
import { whatsappChannels } from '../../platform/db/schema/index.js';

let t: TestContext;
let clinic: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  t = await createTestApp();
  clinic = await createTenant(t.database);
  other = await createTenant(t.database);
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

const url = '/api/v1/whatsapp/channels';

describe('WhatsApp channels', () => {
  it('creates a channel; the auth token is never returned and is stored encrypted', async () => {
    const ch = await createChannel(t, clinic);
    const list = await t.app.inject({ url, headers: bearer(clinic.keys.admin) });
    expect(list.statusCode).toBe(200);
    const [c] = list.json().data;
    expect(c).toMatchObject({
      id: ch.id,
      account_sid: ch.accountSid,
      sender: ch.sender,
      auth_token_set: true,
    });
    expect(JSON.stringify(list.json())).not.toContain(ch.authToken);
    expect(c.webhook_url).toBe('http://localhost:3000/api/v1/whatsapp/webhook');
    const [row] = await t.database.db.select().from(whatsappChannels).where(eq(whatsappChannels.id, ch.id));
    expect(row?.auth_token_enc).toMatch(/^v1:/);
    expect(row?.auth_token_enc).not.toContain(ch.authToken);
  });

  it('rotates the token, refuses a sender taken by another organisation, and hides other tenants', async () => {
    const ch = await createChannel(t, clinic);
    const rotated = await t.app.inject({
      method: 'PATCH',
      url: `${url}/${ch.id}`,
      headers: bearer(clinic.keys.admin),
      payload: { auth_token: 'f'.repeat(32) },
    });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.body).not.toContain('f'.repeat(32));
    const taken = await t.app.inject({
      method: 'POST',
      url,
      headers: bearer(other.keys.admin),
      payload: { name: 'x', account_sid: ch.accountSid, auth_token: 'a'.repeat(32), sender: ch.sender },
    });
    expect(taken.statusCode).toBe(409);
    const foreign = await t.app.inject({ url: `${url}/${ch.id}`, headers: bearer(other.keys.admin) });
    expect(foreign.statusCode).toBe(404);
    const noAddress = await t.app.inject({
      method: 'PATCH',
      url: `${url}/${ch.id}`,
      headers: bearer(clinic.keys.admin),
      payload: { sender: null },
    });
    expect(noAddress.statusCode).toBe(409);
  });

  it('rejects bad input and non-admins', async () => {
    const cases = [
      {},
      { name: 'x', account_sid: 'nope', auth_token: 'a'.repeat(32), sender: '+14155550100' },
      { name: 'x', account_sid: newAccountSid(), auth_token: 'short', sender: '+14155550100' },
      { name: 'x', account_sid: newAccountSid(), auth_token: 'a'.repeat(32) },
      {
        name: 'x'.repeat(500),
        account_sid: newAccountSid(),
        auth_token: 'a'.repeat(32),
        sender: '+14155550100',
      },
      { name: 'x', account_sid: newAccountSid(), auth_token: 'a'.repeat(32), sender: 'not a phone' },
      {
        name: 'x',
        account_sid: newAccountSid(),
        auth_token: 'a'.repeat(32),
        sender: '+14155550100',
        extra: 1,
      },
    ];
    for (const payload of cases) {
      const res = await t.app.inject({ method: 'POST', url, headers: bearer(clinic.keys.admin), payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const staff = await t.app.inject({ url, headers: bearer(clinic.keys.staff) });
    expect(staff.statusCode).toBe(403);
  });
});
