import { expect, it } from 'vitest';
import { apiAs, DESKTOP, openPage, PHONE, screenshot, setupBrowserSuite, signIn } from './harness.js';

const suite = setupBrowserSuite();

/** Each page, with what proves it has loaded its data (not a skeleton). */
async function pages() {
  const api = await apiAs(suite.server, suite.server.emails.admin as string);
  const patient = (await api('GET', '/patients?limit=1')).body.data[0];
  return [
    { name: 'appointments-day', url: '/appointments', ready: '[data-testid="appointment-list"]' },
    { name: 'appointments-week', url: '/appointments?view=week', ready: '[data-testid="appointment-list"]' },
    { name: 'appointment-new', url: '/appointments/new', ready: 'select option:nth-child(2)' },
    { name: 'patients', url: '/patients', ready: 'ul[aria-label="Patients"]' },
    { name: 'patient', url: `/patients/${patient.id}`, ready: '.details' },
    { name: 'analytics', url: '/analytics', ready: '[data-testid="analytics"]' },
    { name: 'inbox', url: '/inbox', ready: '[data-testid="conversation-list"], .inbox-list .empty' },
    { name: 'calls', url: '/calls', ready: '[data-testid="call-list"]' },
    { name: 'assistant', url: '/assistant', ready: 'form.ask-form' },
    { name: 'not-found', url: '/no-such-page', ready: 'text=Page not found' },
  ];
}

for (const [width, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  it(`renders every page at ${width} width (${viewport.width}px) and saves a screenshot`, async () => {
    const p = await openPage(suite.browser, suite.server, viewport);
    p.expectFailure(401, '/api/v1/auth/me');
    await signIn(p.page, suite.server.emails.admin as string);
    for (const page of await pages()) {
      await p.page.goto(page.url);
      await p.page.locator(page.ready).first().waitFor({ state: 'attached' });
      await p.page.locator('.skeleton').first().waitFor({ state: 'detached' });
      expect(await p.page.getByRole('heading', { level: 1 }).count(), page.name).toBe(1);
      await screenshot(p.page, `${page.name}-${width}`);
      // Nothing spills sideways: a phone user never scrolls horizontally.
      const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth);
      expect(overflow, page.name).toBeLessThanOrEqual(viewport.width);
    }
    p.assertNoConsoleErrors();
    await p.close();
  });
}

it('labels every form control', async () => {
  const p = await openPage(suite.browser, suite.server, DESKTOP);
  p.expectFailure(401, '/api/v1/auth/me');
  await signIn(p.page, suite.server.emails.admin as string);
  for (const page of await pages()) {
    await p.page.goto(page.url);
    await p.page.locator(page.ready).first().waitFor({ state: 'attached' });
    const unlabelled = await p.page.evaluate(() =>
      Array.from(document.querySelectorAll('input, select, textarea, button'))
        .filter((el) => {
          const e = el as HTMLInputElement;
          const named = e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby');
          return !named && !(el.tagName === 'BUTTON' && el.textContent?.trim());
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unlabelled, page.name).toEqual([]);
  }
  p.assertNoConsoleErrors();
  await p.close();
});
