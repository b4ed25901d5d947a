import { expect, it } from 'vitest';
import { eventually } from '../helpers/poll.js';
import { apiAs, PHONE, screenshot } from './harness.js';
import { setupInboxSuite } from './inbox-suite.js';

const { suite, patientWithPhone, webhook, status, openInbox, conversationOf } = setupInboxSuite();

it('shows a message from a signed webhook without a reload, and a reply reaches Twilio with its ticks', async () => {
  const patient = await patientWithPhone(0);
  // The demo seed writes conversations relative to today, so this patient may already have unread messages.
  const staff = await apiAs(suite.server, suite.server.emails.staff as string);
  const open = (await staff('GET', `/conversations?status=open&patient_id=${patient.id}`)).body.data as {
    unread_count: number;
  }[];
  const unreadBefore = open[0]?.unread_count ?? 0;
  const p = await openInbox();
  await p.page.evaluate(() => {
    (window as unknown as { marker: number }).marker = 7;
  });
  await webhook(patient.phone, { Body: 'Can I move my appointment to Friday?' });
  const row = conversationOf(p.page, patient.full_name);
  await row
    .getByTestId('unread')
    .filter({ hasText: new RegExp(`^${unreadBefore + 1}\\b`) })
    .waitFor({ timeout: 15_000 });
  await row.getByRole('link').click();
  await p.page.getByTestId('message').filter({ hasText: 'Can I move my appointment to Friday?' }).waitFor();

  // A second message while the thread is open appears in it.
  await webhook(patient.phone, { Body: 'Or Saturday morning' });
  await p.page.getByTestId('message').filter({ hasText: 'Or Saturday morning' }).waitFor({ timeout: 15_000 });
  expect(await p.page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);

  const sends = suite.fake.sends.length;
  await p.page.getByLabel('Reply').fill('Friday at 10:00 works, see you then');
  await p.page.getByRole('button', { name: 'Send' }).click();
  const sent = await eventually(async () =>
    suite.fake.sends.slice(sends).find((s) => s.params.get('Body')?.includes('Friday at 10:00')),
  );
  expect(sent.params.get('To')).toBe(`whatsapp:${patient.phone}`);
  expect(sent.accountSid).toBe(suite.channel.accountSid);
  const mine = p.page.getByTestId('message').filter({ hasText: 'Friday at 10:00 works' });
  await mine.waitFor();

  // Twilio's status callbacks move the ticks: delivered, then read.
  const conv = (await staff('GET', `/conversations?q=${encodeURIComponent(patient.phone.slice(-6))}`)).body
    .data[0];
  const thread = (await staff('GET', `/conversations/${conv.id}/messages?limit=200`)).body.data;
  const out = thread.find((m: { body: string | null }) => m.body?.includes('Friday at 10:00'));
  const sid = await eventually(async () => {
    const t = (await staff('GET', `/conversations/${conv.id}/messages?limit=200`)).body.data;
    return t.find((m: { id: string }) => m.id === out.id)?.external_id as string | null;
  });
  for (const state of ['delivered', 'read']) {
    await status(sid, state, { To: `whatsapp:${patient.phone}` });
    await mine.locator(`[data-testid="ticks"][data-status="${state}"]`).waitFor({ timeout: 15_000 });
  }
  await screenshot(p.page, 'inbox-thread-desktop');
  p.assertNoConsoleErrors();
  await p.close();
});

it('says clearly that the patient opted out when a reply is refused', async () => {
  const patient = await patientWithPhone(1);
  await webhook(patient.phone, { Body: 'STOP' });
  const p = await openInbox(PHONE);
  p.expectFailure(409, '/api/v1/whatsapp/send');
  await conversationOf(p.page, patient.full_name).getByRole('link').click();
  await p.page.getByTestId('reply-notice').filter({ hasText: 'opted out' }).waitFor();
  const sends = suite.fake.sends.length;
  await p.page.getByLabel('Reply').fill('Are you sure?');
  await p.page.getByRole('button', { name: 'Send' }).click();
  await p.page.getByRole('alert').filter({ hasText: 'opted out' }).waitFor();
  expect(suite.fake.sends.length).toBe(sends);
  await screenshot(p.page, 'inbox-thread-phone');
  p.assertNoConsoleErrors();
  await p.close();
});

it('searches conversations by patient name, keeping the search in the address', async () => {
  const patient = await patientWithPhone(2);
  await webhook(patient.phone, { Body: 'Hello' });
  const p = await openInbox();
  await p.page.getByLabel('Search').fill(patient.full_name);
  await p.page.waitForFunction((name) => {
    const rows = Array.from(document.querySelectorAll('[data-testid="conversation"]'));
    return rows.length > 0 && rows.every((r) => r.textContent?.includes(name));
  }, patient.full_name);
  // The search is in the address, so a reload shows the same list.
  await p.page.waitForURL((u) => u.searchParams.get('q') === patient.full_name);
  await p.page.reload();
  expect(await p.page.getByLabel('Search').inputValue()).toBe(patient.full_name);
  await p.page.getByTestId('conversation').first().waitFor();
  expect(await p.page.getByTestId('conversation').allTextContents()).toEqual(
    expect.arrayContaining([expect.stringContaining(patient.full_name)]),
  );
  p.assertNoConsoleErrors();
  await p.close();
});

it("lists the patient's conversations on the patient page, linking to the inbox thread", async () => {
  const patient = await patientWithPhone(3);
  await webhook(patient.phone, { Body: 'Is the clinic open on Sunday?' });
  const p = await openInbox();
  await p.page.goto(`/patients/${patient.id}`);
  const link = p.page.getByTestId('patient-conversations').getByRole('link');
  await link.first().waitFor();
  expect(await link.count()).toBe(1);
  await link.click();
  await p.page.getByTestId('message').filter({ hasText: 'Is the clinic open on Sunday?' }).waitFor();
  p.assertNoConsoleErrors();
  await p.close();
});

it('says clearly that a template is required once the 24-hour window has closed', async () => {
  const api = await apiAs(suite.server, suite.server.emails.staff as string);
  const list = (await api('GET', '/conversations?limit=100')).body.data as {
    id: string;
    reply_window_ends_at: string | null;
    patient: { whatsapp_consent: string; phone: string | null };
  }[];
  // A seeded conversation whose patient last wrote days ago.
  const old = list.find(
    (c) => !c.reply_window_ends_at && c.patient.whatsapp_consent !== 'opted_out' && c.patient.phone,
  );
  expect(old).toBeDefined();
  const p = await openInbox();
  p.expectFailure(409, '/api/v1/whatsapp/send');
  await p.page.goto(`/inbox?c=${old?.id}&status=all`);
  await p.page.getByTestId('reply-notice').filter({ hasText: 'template is required' }).waitFor();
  // The template form is offered first; a free-form message is still refused by the server, in words.
  await p.page.getByLabel('Content SID').waitFor();
  const sends = suite.fake.sends.length;
  await p.page.getByLabel('Write a message').check();
  await p.page.getByLabel('Reply').fill('Hello again');
  await p.page.getByRole('button', { name: 'Send' }).click();
  await p.page.getByRole('alert').filter({ hasText: 'A template is required' }).waitFor();
  expect(suite.fake.sends.length).toBe(sends);
  p.assertNoConsoleErrors();
  await p.close();
});
