import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createTenant,
  createTestApp,
  type TestContext,
  type TestTenant,
} from '../../../../test/helpers/app.js';
import { eventually } from '../../../../test/helpers/poll.js';
import {
  createChannel,
  inboundParams,
  postSigned,
  type TestChannel,
} from '../../../../test/helpers/twilio.js';
import { messages, users } from '../../platform/db/schema/index.js';

let t: TestContext;
let clinic: TestTenant;
let other: TestTenant;
let channel: TestChannel;
const convs: Record<string, string> = {};

async function inbound(phone: string, body: string, name: string) {
  const p = inboundParams(channel, phone, { Body: body, ProfileName: name });
  await postSigned(t, channel, 'webhook', p);
  const m = await eventually(
    async () =>
      (await t.database.db.select().from(messages).where(eq(messages.external_id, p.MessageSid)))[0],
  );
  return m.conversation_id;
}

beforeAll(async () => {
  t = await createTestApp();
  clinic = await createTenant(t.database);
  other = await createTenant(t.database);
  channel = await createChannel(t, clinic);
  convs.a = await inbound('+919822200001', 'Need a dental cleaning', 'Meera Iyer');
  convs.b = await inbound('+919822200002', 'Where is the clinic?', 'Karan Mehta');
  convs.c = await inbound('+919822200003', 'Thank you', 'Zoya Khan');
  await inbound('+919822200001', 'Tomorrow works', 'Meera Iyer');
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

const get = (url: string, key = clinic.keys.staff) => t.app.inject({ url, headers: bearer(key) });
const act = (id: string, action: string, payload?: object, key = clinic.keys.staff) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${id}/${action}`,
    headers: bearer(key),
    ...(payload ? { payload } : {}),
  });

describe('conversations', () => {
  it('lists newest activity first with patient, unread and reply window', async () => {
    const res = await get('/api/v1/conversations');
    expect(res.statusCode).toBe(200);
    const data = res.json().data;
    expect(data.map((c: { id: string }) => c.id)).toEqual([convs.a, convs.c, convs.b]);
    expect(data[0]).toMatchObject({
      unread_count: 2,
      status: 'open',
      patient: { full_name: 'Meera Iyer', phone: '+919822200001' },
    });
    expect(new Date(data[0].reply_window_ends_at).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const page1 = await get('/api/v1/conversations?limit=2');
    const page2 = await get(`/api/v1/conversations?limit=2&cursor=${page1.json().next_cursor}`);
    expect([...page1.json().data, ...page2.json().data].map((c: { id: string }) => c.id)).toEqual([
      convs.a,
      convs.c,
      convs.b,
    ]);
    expect(page2.json().next_cursor).toBeNull();
  });

  it('searches by name, phone digits and message text', async () => {
    const ids = async (q: string) =>
      (await get(`/api/v1/conversations?q=${encodeURIComponent(q)}`))
        .json()
        .data.map((c: { id: string }) => c.id);
    expect(await ids('karan')).toEqual([convs.b]);
    expect(await ids('22200003')).toEqual([convs.c]);
    expect(await ids('dental')).toEqual([convs.a]);
    expect(await ids('100%_')).toEqual([]);
  });

  it("filters by patient, and another organisation's patient id finds nothing", async () => {
    const ids = async (query: string, key = clinic.keys.staff) =>
      (await get(`/api/v1/conversations?${query}`, key)).json().data.map((c: { id: string }) => c.id);
    const karan = (await get(`/api/v1/conversations/${convs.b}`)).json().patient_id as string;
    expect(await ids(`patient_id=${karan}`)).toEqual([convs.b]);
    // Combined with the other filters, as any filter is.
    expect(await ids(`patient_id=${karan}&q=dental`)).toEqual([]);
    expect(await ids(`patient_id=${karan}`, other.keys.staff)).toEqual([]);
    expect((await get('/api/v1/conversations?patient_id=nope')).statusCode).toBe(400);
  });

  it('shows the thread oldest first', async () => {
    const res = await get(`/api/v1/conversations/${convs.a}/messages`);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((m: { body: string }) => m.body)).toEqual([
      'Need a dental cleaning',
      'Tomorrow works',
    ]);
  });

  it('assigns, marks read, closes and reopens, with filters following', async () => {
    const id = convs.b as string;
    const assigned = await act(id, 'assign', { assignee_id: clinic.users.staff.id });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json().assignee_id).toBe(clinic.users.staff.id);
    const mine = await get(`/api/v1/conversations?assignee_id=${clinic.users.staff.id}`);
    expect(mine.json().data.map((c: { id: string }) => c.id)).toEqual([id]);
    // The assignee's name reaches staff, who may not list users, in the list and in the conversation.
    const nameOf = async (userId: string) =>
      (await t.database.db.select({ name: users.name }).from(users).where(eq(users.id, userId)))[0]?.name;
    expect(mine.json().data[0].assignee_name).toBe(await nameOf(clinic.users.staff.id));
    const byAdmin = await act(id, 'assign', { assignee_id: clinic.users.admin.id }, clinic.keys.admin);
    const adminName = await nameOf(clinic.users.admin.id);
    expect(byAdmin.json().assignee_name).toBe(adminName);
    expect((await get(`/api/v1/conversations/${id}`)).json().assignee_name).toBe(adminName);
    expect((await act(id, 'assign', { assignee_id: null })).json().assignee_name).toBeNull();
    await act(id, 'assign', { assignee_id: clinic.users.staff.id });
    const none = await get('/api/v1/conversations?assignee_id=none');
    expect(none.json().data.map((c: { id: string }) => c.id)).not.toContain(id);
    expect((await act(id, 'read')).json().unread_count).toBe(0);
    const unread = await get('/api/v1/conversations?unread=true');
    expect(
      unread
        .json()
        .data.map((c: { id: string }) => c.id)
        .sort(),
    ).toEqual([convs.a, convs.c].sort());
    expect((await act(id, 'close')).json().status).toBe('closed');
    expect(
      (await get('/api/v1/conversations?status=closed')).json().data.map((c: { id: string }) => c.id),
    ).toEqual([id]);
    const reopened = await act(id, 'reopen');
    expect(reopened.json()).toMatchObject({ status: 'open', closed_at: null });
  });

  it('rejects bad input, other tenants and analysts', async () => {
    expect((await act(convs.a as string, 'assign', { assignee_id: other.users.staff.id })).statusCode).toBe(
      400,
    );
    expect((await act(convs.a as string, 'assign', { assignee_id: 'x' })).statusCode).toBe(400);
    expect((await act(convs.a as string, 'assign', {})).statusCode).toBe(400);
    expect((await get('/api/v1/conversations?status=maybe')).statusCode).toBe(400);
    expect((await get(`/api/v1/conversations?q=${'x'.repeat(101)}`)).statusCode).toBe(400);
    expect((await get('/api/v1/conversations?cursor=garbage')).statusCode).toBe(400);
    expect((await get(`/api/v1/conversations/${convs.a}`, other.keys.staff)).statusCode).toBe(404);
    expect((await get(`/api/v1/conversations/${convs.a}/messages`, other.keys.staff)).statusCode).toBe(404);
    expect((await act(convs.a as string, 'close', undefined, other.keys.staff)).statusCode).toBe(404);
    expect((await get('/api/v1/conversations', other.keys.staff)).json().data).toEqual([]);
    expect((await get('/api/v1/conversations', clinic.keys.analyst)).statusCode).toBe(403);
  });
});
