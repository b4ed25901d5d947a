import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/cli/seed/index.js';
import { createTestApp, type TestContext } from '../helpers/app.js';
import { newAccountSid, type TestChannel } from '../helpers/twilio.js';

export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export type Server = TestContext & { url: string; orgName: string; emails: Record<string, string> };

/** The real app on a real port, with a small demo organisation seeded as `npm start` would. */
export async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const t = await createTestApp(env);
  const { tenants } = await seedDemo(t.database.db, {
    patients: 60,
    days: 21,
    practitioners: 4,
    perDay: 5,
    progress: false,
  });
  const tenant = tenants[0];
  if (!tenant) throw new Error('seed made no organisation');
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...t, url, orgName: tenant.name, emails: tenant.emails };
}

export const launch = () => chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });

export type BrowserSuite = { server: Server; browser: Browser };

/**
 * A browser test file's world: the seeded app (with `env`, computed when the suite starts) and Chromium,
 * started together, closed after, and no unexpected server log after any test. Registers the file's hooks;
 * the returned object is filled once `beforeAll` has run.
 */
export function setupBrowserSuite(env: () => Record<string, string> = () => ({})) {
  const s = {} as BrowserSuite;
  beforeAll(async () => {
    [s.server, s.browser] = await Promise.all([startServer(env()), launch()]);
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.server?.close();
  });
  afterEach(() => expect(s.server.logs.take()).toEqual([]));
  return s;
}

/**
 * A page that records every console error and uncaught exception. The test fails on any of them except
 * Chromium's "Failed to load resource" line for an answer the test itself provokes and names
 * (`expectFailure`): a 401 before signing in, the 409 of a refused transition.
 */
export async function openPage(
  browser: Browser,
  server: Server,
  viewport: { width: number; height: number },
) {
  const context = await browser.newContext({ viewport, baseURL: server.url });
  const page = await context.newPage();
  const errors: string[] = [];
  const expected: { status: number; path: string }[] = [];
  const failed = new Map<string, number>();
  page.on('response', (res) => {
    if (res.status() >= 400) failed.set(res.url(), res.status());
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location().url;
    const status = failed.get(where);
    const pathname = where ? new URL(where).pathname : '';
    const allowed =
      msg.text().startsWith('Failed to load resource') &&
      expected.some((e) => e.path === pathname && (status === undefined || e.status === status));
    if (!allowed) errors.push(`${msg.text()} (${where})`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return {
    page,
    expectFailure: (status: number, path: string) => expected.push({ status, path }),
    assertNoConsoleErrors: () => expect(errors).toEqual([]),
    close: () => context.close(),
  };
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('org-name').waitFor();
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The API as one of the demo users, beside the browser: to read what a page must show, or to change data
 * behind its back. */
export async function apiAs(server: Server, email: string) {
  const login = await server.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: DEMO_PASSWORD },
  });
  expect(login.statusCode).toBe(200);
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await server.app.inject({ method, url: `/api/v1${url}`, payload, headers: { cookie } });
    return { status: res.statusCode, body: res.json() };
  };
}

/** A WhatsApp channel on the demo organisation, made through the admin API as an admin would. */
export async function createDemoChannel(server: Server): Promise<TestChannel> {
  const api = await apiAs(server, server.emails.admin as string);
  const accountSid = newAccountSid();
  const authToken = randomBytes(16).toString('hex');
  const sender = '+14155550199';
  const res = await api('POST', '/whatsapp/channels', {
    name: 'Front desk',
    account_sid: accountSid,
    auth_token: authToken,
    sender,
  });
  expect(res.status).toBe(201);
  return { id: res.body.id, accountSid, authToken, sender };
}
