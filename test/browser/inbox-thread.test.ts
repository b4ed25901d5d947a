import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { messageMedia, messages } from '../../src/server/platform/db/schema/index.js';
import { eventually } from '../helpers/poll.js';
import { apiAs, DESKTOP, PHONE, screenshot } from './harness.js';
import { setupInboxSuite } from './inbox-suite.js';

const { suite, patientWithPhone, webhook, status, openInbox, conversationOf } = setupInboxSuite();

// A real 1×1 PNG, so the browser decodes it and the preview has a width.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

type Api = Awaited<ReturnType<typeof apiAs>>;
type Conv = { id: string; assignee_id: string | null; status: string; unread_count: number };

const staffApi = () => apiAs(suite.server, suite.server.emails.staff as string);

async function conversationFor(api: Api, patientId: string) {
  const list = (await api('GET', `/conversations?patient_id=${patientId}`)).body.data as Conv[];
  expect(list).toHaveLength(1);
  return list[0] as Conv;
}

/** The stored message with this Twilio sid (inbound ones are processed from the ledger, asynchronously). */
const messageBySid = (sid: string) =>
  eventually(async () => {
    const [m] = await suite.server.database.db.select().from(messages).where(eq(messages.external_id, sid));
    return m;
  });

/** Media are fetched in the background: wait until a message's attachment reached `status`. */
const mediaSettled = (messageId: string, status: 'stored' | 'refused') =>
  eventually(async () => {
    const [m] = await suite.server.database.db
      .select()
      .from(messageMedia)
      .where(and(eq(messageMedia.message_id, messageId), eq(messageMedia.status, status)));
    return m;
  });

/** A message sent through the API and handed to the fake Twilio: its id and the sid Twilio gave it. */
async function sendThroughApi(api: Api, conversationId: string, patientId: string, body: string) {
  const sent = await api('POST', '/whatsapp/send', { patient_id: patientId, body });
  expect(sent.status).toBe(202);
  const sid = await eventually(async () => {
    const thread = (await api('GET', `/conversations/${conversationId}/messages?limit=200`)).body.data;
    return thread.find((m: { id: string }) => m.id === sent.body.id)?.external_id as string | null;
  });
  return { id: sent.body.id as string, sid };
}

it('shows an image preview, a shared location, a tapped button and every delivery tick', async () => {
  const patient = await patientWithPhone(0);
  const { fake, channel } = suite;
  const url = fake.addMedia('MEpreview1', 'image/png', PNG, channel.accountSid, channel.authToken);
  const photo = await webhook(patient.phone, {
    Body: 'Here is my prescription',
    NumMedia: '1',
    MediaUrl0: url,
    MediaContentType0: 'image/png',
    MessageType: 'image',
  });
  const place = await webhook(patient.phone, {
    Body: '',
    Latitude: '19.0596',
    Longitude: '72.8295',
    Address: 'Hill Road, Bandra West, Mumbai',
    Label: 'Home',
    MessageType: 'location',
  });
  const button = await webhook(patient.phone, {
    Body: 'Confirm',
    ButtonText: 'Confirm',
    ButtonPayload: 'confirm_appointment',
    MessageType: 'button',
  });
  // Twilio's hosts only: this one is never fetched, so the thread must say so rather than show a broken image.
  const elsewhere = await webhook(patient.phone, {
    Body: '',
    NumMedia: '1',
    MediaUrl0: 'https://files.example.org/scan.png',
    MediaContentType0: 'image/png',
    MessageType: 'image',
  });
  const [buttonRow, placeRow] = [await messageBySid(button), await messageBySid(place)];
  const refusedRow = await messageBySid(elsewhere);
  await mediaSettled(refusedRow.id, 'refused');
  // The attachment is fetched from Twilio in the background; the preview is asked for once it is stored.
  const photoRow = await messageBySid(photo);
  await mediaSettled(photoRow.id, 'stored');

  const api = await staffApi();
  const conv = await conversationFor(api, patient.id);
  const ok = await sendThroughApi(api, conv.id, patient.id, 'Thank you, we have it');
  const bad = await sendThroughApi(api, conv.id, patient.id, 'Your appointment is confirmed');

  const p = await openInbox();
  await p.page.goto(`/inbox?c=${conv.id}`);
  const bubble = (id: string) => p.page.locator(`[data-testid="message"][data-id="${id}"]`);
  const img = bubble(photoRow.id).locator('img');
  await img.waitFor();
  expect(await img.getAttribute('src')).toBe(`/api/v1/whatsapp/media/${photoRow.media[0]?.id}`);
  expect(await img.getAttribute('alt')).toContain('image/png');
  await p.page.waitForFunction(
    (id) =>
      (document.querySelector(`[data-id="${id}"] .media img`) as HTMLImageElement | null)?.naturalWidth === 1,
    photoRow.id,
  );
  expect(await bubble(placeRow.id).locator('.location').textContent()).toBe(
    '📍 Location: Home, Hill Road, Bandra West, Mumbai (19.0596, 72.8295)',
  );
  expect(await bubble(buttonRow.id).locator('.button-reply').textContent()).toBe('Tapped button: Confirm');
  expect(await bubble(refusedRow.id).getByTestId('media-unavailable').textContent()).toBe(
    'Attachment (image/png) could not be downloaded',
  );
  expect(await bubble(refusedRow.id).locator('img').count()).toBe(0);

  const ticks = (id: string) => bubble(id).getByTestId('ticks');
  await ticks(ok.id).waitFor();
  for (const state of ['sent', 'delivered', 'read']) {
    await status(ok.sid, state);
    await bubble(ok.id).locator(`[data-testid="ticks"][data-status="${state}"]`).waitFor();
  }
  expect(await ticks(ok.id).textContent()).toBe('✓✓ read');
  await status(bad.sid, 'failed', { ErrorCode: '63016' });
  await bubble(bad.id).locator('[data-testid="ticks"][data-status="failed"]').waitFor();
  expect(await ticks(bad.id).textContent()).toBe('! failed — Twilio error 63016');
  await screenshot(p.page, 'inbox-rich-thread-desktop');
  p.assertNoConsoleErrors();
  await p.close();
});

it('sends an approved template outside the 24-hour window, reaching Twilio with its Content SID', async () => {
  const api = await staffApi();
  const list = (await api('GET', '/conversations?limit=100&status=open')).body.data as (Conv & {
    reply_window_ends_at: string | null;
    patient: { whatsapp_consent: string; phone: string | null; full_name: string };
  })[];
  const old = list.find(
    (c) => !c.reply_window_ends_at && c.patient.whatsapp_consent !== 'opted_out' && c.patient.phone,
  );
  expect(old).toBeDefined();
  const sid = `HX${'0123456789abcdef'.repeat(2)}`;
  const p = await openInbox(PHONE);
  await p.page.goto(`/inbox?c=${old?.id}`);
  await p.page.getByTestId('reply-notice').filter({ hasText: 'template is required' }).waitFor();
  // A mistyped SID is caught before anything is sent.
  await p.page.getByLabel('Content SID').fill('HX123');
  await p.page.getByRole('button', { name: 'Send template' }).click();
  expect(await p.page.getByLabel('Content SID').getAttribute('aria-invalid')).toBe('true');
  await p.page.getByLabel('Content SID').fill(sid);
  await p.page.getByRole('button', { name: 'Add variable' }).click();
  await p.page.getByRole('button', { name: 'Add variable' }).click();
  await p.page.getByLabel('Variable {{1}}').fill(old?.patient.full_name as string);
  await p.page.getByLabel('Variable {{2}}').fill('Friday 10:00');
  const sends = suite.fake.sends.length;
  await p.page.getByRole('button', { name: 'Send template' }).click();
  const sent = await eventually(async () =>
    suite.fake.sends.slice(sends).find((s) => s.params.get('ContentSid') === sid),
  );
  expect(sent.params.get('To')).toBe(`whatsapp:${old?.patient.phone}`);
  expect(sent.params.get('Body')).toBeNull();
  expect(JSON.parse(sent.params.get('ContentVariables') as string)).toEqual({
    1: old?.patient.full_name,
    2: 'Friday 10:00',
  });
  // The form is emptied and the thread shows the template message.
  await p.page
    .getByTestId('message')
    .filter({ hasText: `Template ${sid}` })
    .waitFor();
  expect(await p.page.getByLabel('Content SID').inputValue()).toBe('');
  await screenshot(p.page, 'inbox-template-phone');
  p.assertNoConsoleErrors();
  await p.close();
});

it('marks an opened thread read, assigns it, closes and reopens it, as the API then says', async () => {
  const patient = await patientWithPhone(1);
  await webhook(patient.phone, { Body: 'Is parking available?' });
  await webhook(patient.phone, { Body: 'I come by car' });
  const api = await staffApi();
  const staffId = (await api('GET', '/auth/me')).body.user.id as string;
  const conv = await eventually(async () => {
    const c = await conversationFor(api, patient.id);
    return c.unread_count >= 2 && c;
  });
  // Seeded conversations may be anyone's; this one starts with nobody.
  expect((await api('POST', `/conversations/${conv.id}/assign`, { assignee_id: null })).status).toBe(200);
  const p = await openInbox();
  const row = conversationOf(p.page, patient.full_name);
  await row.getByTestId('unread').waitFor();
  await row.getByRole('link').click();
  await p.page.getByTestId('message').filter({ hasText: 'I come by car' }).waitFor();
  await row.getByTestId('unread').waitFor({ state: 'detached' });
  expect((await conversationFor(api, patient.id)).unread_count).toBe(0);

  await p.page.getByRole('button', { name: 'Assign to me' }).click();
  await p.page.getByTestId('assignee').filter({ hasText: 'Assigned to you' }).waitFor();
  expect((await conversationFor(api, patient.id)).assignee_id).toBe(staffId);
  await row.filter({ hasText: 'Assigned to you' }).waitFor();
  // Given to a colleague, it shows their name, though staff may not list users.
  const admin = await apiAs(suite.server, suite.server.emails.admin as string);
  const { id: adminId, name: adminName } = (await admin('GET', '/auth/me')).body.user as {
    id: string;
    name: string;
  };
  expect((await admin('POST', `/conversations/${conv.id}/assign`, { assignee_id: adminId })).status).toBe(
    200,
  );
  await p.page
    .getByTestId('assignee')
    .filter({ hasText: `Assigned to ${adminName}` })
    .waitFor();
  await row.filter({ hasText: `Assigned to ${adminName}` }).waitFor();

  await p.page.getByRole('button', { name: 'Close conversation' }).click();
  await p.page.locator('[data-testid="conversation-status"][data-status="closed"]').waitFor();
  expect((await conversationFor(api, patient.id)).status).toBe('closed');
  // Under "Open" it leaves the list; the thread stays on screen to be reopened.
  await row.waitFor({ state: 'detached' });
  await p.page.getByRole('button', { name: 'Reopen conversation' }).click();
  await p.page.locator('[data-testid="conversation-status"][data-status="open"]').waitFor();
  expect((await conversationFor(api, patient.id)).status).toBe('open');
  await row.waitFor();

  await p.page.getByRole('button', { name: 'Unassign' }).click();
  await p.page.getByTestId('assignee').filter({ hasText: 'Unassigned' }).waitFor();
  expect((await conversationFor(api, patient.id)).assignee_id).toBeNull();
  p.assertNoConsoleErrors();
  await p.close();
});

it('lets an admin give a conversation to a colleague by name, and filter by assignee and unread', async () => {
  const patient = await patientWithPhone(2);
  await webhook(patient.phone, { Body: 'Can someone call me back?' });
  const staff = await staffApi();
  const staffUser = (await staff('GET', '/auth/me')).body.user as { id: string; name: string };
  await eventually(async () => (await conversationFor(staff, patient.id)).unread_count > 0);
  const p = await openInbox(DESKTOP, suite.server.emails.admin as string);

  await p.page.locator('label.field:has(> span:text-is("Read")) select').selectOption('true');
  const row = conversationOf(p.page, patient.full_name);
  await row.waitFor();
  await p.page.waitForFunction(() =>
    Array.from(document.querySelectorAll('[data-testid="conversation"]')).every((r) =>
      r.querySelector('[data-testid="unread"]'),
    ),
  );
  await row.getByRole('link').click();
  await p.page.getByTestId('message').filter({ hasText: 'Can someone call me back?' }).waitFor();
  // Opening it read it, so it leaves the "Unread only" list.
  await row.waitFor({ state: 'detached' });

  await p.page.getByLabel('Assign to').selectOption(staffUser.id);
  await p.page
    .getByTestId('assignee')
    .filter({ hasText: `Assigned to ${staffUser.name}` })
    .waitFor();
  expect((await conversationFor(staff, patient.id)).assignee_id).toBe(staffUser.id);

  await p.page.locator('label.field:has(> span:text-is("Read")) select').selectOption('');
  await p.page.locator('label.field:has(> span:text-is("Assignee")) select').selectOption(staffUser.id);
  await row.filter({ hasText: `Assigned to ${staffUser.name}` }).waitFor();
  const theirs = (await staff('GET', `/conversations?assignee_id=${staffUser.id}&status=open`)).body.data;
  await p.page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="conversation"]').length === n,
    theirs.length,
  );
  p.assertNoConsoleErrors();
  await p.close();
});

it('shows that the server cannot be reached, and recovers by itself when it can again', async () => {
  const p = await openInbox();
  p.expectFailure(0, '/api/v1/conversations');
  await p.page.getByTestId('conversation-list').waitFor();
  let offline = true;
  await p.page.route('**/api/v1/conversations?*', (route) => (offline ? route.abort() : route.continue()));
  await p.page.evaluate(() => {
    (window as unknown as { marker: number }).marker = 3;
  });
  await p.page.getByRole('alert').filter({ hasText: 'could not be reached' }).waitFor({ timeout: 20_000 });
  offline = false;
  // The list keeps polling: it comes back without a click or a reload.
  await p.page.getByTestId('conversation-list').waitFor({ timeout: 20_000 });
  expect(await p.page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(3);
  p.assertNoConsoleErrors();
  await p.close();
});
