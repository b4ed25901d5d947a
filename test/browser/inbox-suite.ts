import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { type FakeTwilio, startFakeTwilio } from '../helpers/fake-twilio.js';
import { inboundParams, postSigned, statusParams, type TestChannel } from '../helpers/twilio.js';
import {
  apiAs,
  type BrowserSuite,
  createDemoChannel,
  DESKTOP,
  openPage,
  setupBrowserSuite,
  signIn,
} from './harness.js';

/**
 * The inbox tests' world: the seeded app sending to a local fake Twilio, a WhatsApp channel, Chromium.
 * Registers the file's hooks; the returned object reads the suite once `beforeAll` has run.
 */
export function setupInboxSuite() {
  let fake: FakeTwilio;
  beforeAll(async () => {
    fake = await startFakeTwilio();
  });
  afterAll(() => fake?.close());
  const s = setupBrowserSuite(() => ({ TWILIO_API_BASE_URL: fake.url })) as BrowserSuite & {
    channel: TestChannel;
    fake: FakeTwilio;
  };
  beforeAll(async () => {
    s.fake = fake;
    s.channel = await createDemoChannel(s.server);
  });

  return {
    suite: s,

    /** A seeded patient with a phone number who has not opted out (the skip-th of the first 50). */
    async patientWithPhone(skip: number) {
      const api = await apiAs(s.server, s.server.emails.staff as string);
      const rows = (await api('GET', '/patients?limit=50')).body.data.filter(
        (p: { phone: string | null; whatsapp_consent: string }) =>
          p.phone && p.whatsapp_consent !== 'opted_out',
      );
      return rows[skip] as { id: string; full_name: string; phone: string };
    },

    /** The patient writes in: a signed Twilio webhook with these parameters over the defaults. */
    async webhook(from: string, extra: Record<string, string>) {
      const params = inboundParams(s.channel, from, extra);
      const res = await postSigned(s.server, s.channel, 'webhook', params);
      expect(res.statusCode).toBe(200);
      return params.MessageSid;
    },

    /** A signed status callback for a message Twilio accepted. */
    async status(sid: string, status: string, extra: Record<string, string> = {}) {
      const res = await postSigned(
        s.server,
        s.channel,
        'status',
        statusParams(s.channel, sid, status, extra),
      );
      expect(res.statusCode).toBe(200);
    },

    /** Signed in (staff unless told) on the inbox, its list or empty state drawn. */
    async openInbox(viewport = DESKTOP, email = s.server.emails.staff as string) {
      const p = await openPage(s.browser, s.server, viewport);
      p.expectFailure(401, '/api/v1/auth/me');
      await signIn(p.page, email);
      await p.page.goto('/inbox');
      await p.page.locator('[data-testid="conversation-list"], .empty').first().waitFor();
      return p;
    },

    conversationOf: (page: Page, name: string) => page.getByTestId('conversation').filter({ hasText: name }),
  };
}
