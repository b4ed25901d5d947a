import { expect, it } from 'vitest';
import { DESKTOP, openPage, PHONE, screenshot, setupBrowserSuite, signIn } from './harness.js';

const suite = setupBrowserSuite();

it('sends a visitor to the login, refuses a wrong password, then shows organisation and role', async () => {
  const p = await openPage(suite.browser, suite.server, DESKTOP);
  p.expectFailure(401, '/api/v1/auth/me');
  p.expectFailure(401, '/api/v1/auth/login');
  await p.page.goto('/patients?q=abc');
  await p.page.waitForURL(/\/login\?next=/);
  await screenshot(p.page, 'login-desktop');

  await p.page.getByLabel('E-mail').fill(suite.server.emails.staff as string);
  await p.page.getByLabel('Password').fill('not the password');
  await p.page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => p.page.getByRole('alert').textContent()).toContain('Invalid e-mail or password');

  await p.page.getByLabel('Password').fill('prm-demo-2026');
  await p.page.getByRole('button', { name: 'Sign in' }).click();
  // Back where the visitor wanted to go, search included.
  await p.page.waitForURL(/\/patients\?q=abc$/);
  expect(await p.page.getByTestId('org-name').textContent()).toBe(suite.server.orgName);
  expect(await p.page.getByTestId('user-role').textContent()).toBe('staff');
  const nav = p.page.getByRole('navigation', { name: 'Main' });
  expect(await nav.getByRole('link').allTextContents()).toEqual([
    'Analytics',
    'Appointments',
    'Patients',
    'Inbox',
    'Calls',
    'Assistant',
  ]);

  // Sign out once the page has its data: a request still on its way would meet the ended session (a 401).
  await p.page.getByText('No patient matches “abc”.').waitFor();
  await p.page.getByRole('button', { name: 'Sign out' }).click();
  await p.page.waitForURL(/\/login$/);
  // The session is gone on the server, not just hidden: a deep link needs a new sign-in.
  await p.page.goto('/appointments');
  await p.page.waitForURL(/\/login\?next=%2Fappointments/);
  p.assertNoConsoleErrors();
  await p.close();
});

it('shows an analyst only the sections the role may read', async () => {
  const p = await openPage(suite.browser, suite.server, DESKTOP);
  p.expectFailure(401, '/api/v1/auth/me');
  await signIn(p.page, suite.server.emails.analyst as string);
  await p.page.waitForURL(/\/analytics$/);
  const nav = p.page.getByRole('navigation', { name: 'Main' });
  expect(await nav.getByRole('link').allTextContents()).toEqual(['Analytics', 'Assistant']);
  // The analyst's home is the analytics page with real figures.
  await p.page.locator('[data-testid="analytics"] [data-testid="metric-appointments_total"]').waitFor();
  p.assertNoConsoleErrors();
  await p.close();
});

it('works by keyboard with a visible focus, and with a menu at phone width', async () => {
  const p = await openPage(suite.browser, suite.server, PHONE);
  p.expectFailure(401, '/api/v1/auth/me');
  await p.page.goto('/login');
  await p.page.getByLabel('E-mail').waitFor();
  await screenshot(p.page, 'login-phone');
  await p.page.keyboard.press('Tab');
  expect(await p.page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('email');
  expect(
    await p.page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle),
  ).not.toBe('none');
  await p.page.keyboard.type(suite.server.emails.staff as string);
  await p.page.keyboard.press('Tab');
  await p.page.keyboard.type('prm-demo-2026');
  await p.page.keyboard.press('Enter');
  await p.page.waitForURL(/\/appointments$/);
  await p.page.getByTestId('appointment-list').waitFor();

  const menu = p.page.getByRole('button', { name: 'Menu' });
  const nav = p.page.getByRole('navigation', { name: 'Main' });
  expect(await nav.isVisible()).toBe(false);
  await menu.focus();
  await p.page.keyboard.press('Enter');
  await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('true');
  await nav.getByRole('link', { name: 'Patients' }).click();
  await p.page.waitForURL(/\/patients$/);
  await expect.poll(() => nav.isVisible()).toBe(false);
  expect(await p.page.evaluate(() => document.activeElement?.id)).toBe('main');
  // Nothing is wider than the phone.
  expect(await p.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  p.assertNoConsoleErrors();
  await p.close();
});

it('sends the user back to the login when the session ends, and returns to the same page', async () => {
  const p = await openPage(suite.browser, suite.server, DESKTOP);
  p.expectFailure(401, '/api/v1/auth/me');
  p.expectFailure(401, '/api/v1/patients');
  await signIn(p.page, suite.server.emails.staff as string);
  // Let the start page finish its requests, so the first one to meet the ended session is the next page's.
  await p.page.getByTestId('appointment-list').waitFor();
  await p.page.locator('select option:nth-child(2)').waitFor({ state: 'attached' });
  await p.page.context().clearCookies();
  await p.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
  await p.page.waitForURL(/\/login\?next=%2Fpatients$/);
  await p.page.getByLabel('E-mail').fill(suite.server.emails.staff as string);
  await p.page.getByLabel('Password').fill('prm-demo-2026');
  await p.page.getByRole('button', { name: 'Sign in' }).click();
  await p.page.waitForURL(/\/patients$/);
  await p.page.getByRole('list', { name: 'Patients' }).waitFor();
  p.assertNoConsoleErrors();
  await p.close();
});
