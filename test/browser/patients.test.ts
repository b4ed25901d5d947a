import { count, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { appointments, patientJourneys, patients } from '../../src/server/platform/db/schema/index.js';
import { apiAs, DESKTOP, openPage, setupBrowserSuite, signIn } from './harness.js';

const suite = setupBrowserSuite();

/** A seeded patient who has both journeys and appointments, with the counts the page must show. */
async function patientWithHistory() {
  const { db } = suite.server.database;
  const [row] = await db
    .select({ id: patients.id, name: patients.full_name, phone: patients.phone })
    .from(patients)
    .innerJoin(patientJourneys, eq(patientJourneys.patient_id, patients.id))
    .innerJoin(appointments, eq(appointments.patient_id, patients.id))
    .limit(1);
  if (!row?.phone) throw new Error('the seed has no patient with journeys and appointments');
  const [appts] = await db
    .select({ n: count() })
    .from(appointments)
    .where(eq(appointments.patient_id, row.id));
  const api = await apiAs(suite.server, suite.server.emails.staff as string);
  const journeys = (await api('GET', `/journeys?patient_id=${row.id}`)).body.data as {
    progress_percent: number;
    stages: { status: string }[];
  }[];
  return { ...row, phone: row.phone, appointments: appts?.n ?? 0, journeys };
}

it('finds a patient by name and by phone, and shows details, appointments and journeys', async () => {
  const patient = await patientWithHistory();
  const p = await openPage(suite.browser, suite.server, DESKTOP);
  p.expectFailure(401, '/api/v1/auth/me');
  await signIn(p.page, suite.server.emails.staff as string);
  await p.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();

  const search = p.page.getByLabel('Search by name or phone');
  const results = p.page.getByRole('list', { name: 'Patients' });
  await search.fill(patient.phone.slice(-6));
  await results.getByRole('link', { name: new RegExp(patient.name) }).waitFor();
  await search.fill(patient.name);
  await p.page.waitForURL((u) => u.searchParams.get('q') === patient.name);
  await results
    .getByRole('link', { name: new RegExp(patient.name) })
    .first()
    .click();

  await p.page.waitForURL(new RegExp(`/patients/${patient.id}$`));
  // The previous page stays up while the patient page's chunk loads: wait for the new heading.
  await p.page.getByRole('heading', { level: 1, name: patient.name, exact: true }).waitFor();
  expect(await p.page.locator('.details').textContent()).toContain(patient.phone);
  await expect
    .poll(() => p.page.getByTestId('appointment').count(), { timeout: 10_000 })
    .toBe(patient.appointments);

  const timelines = p.page.getByTestId('journey');
  await expect.poll(() => timelines.count()).toBe(patient.journeys.length);
  for (const j of patient.journeys) {
    const card = timelines.filter({ hasText: `${Math.round(j.progress_percent)}% done` });
    expect(await card.count()).toBeGreaterThan(0);
  }
  // Every stage says its state in words, not only by colour, and in the server's order.
  const words: Record<string, string> = {
    pending: 'Pending',
    in_progress: 'In progress',
    completed: 'Completed',
    skipped: 'Skipped',
    cancelled: 'Cancelled',
  };
  expect(await p.page.locator('.stage-state').allTextContents()).toEqual(
    patient.journeys.flatMap((j) => j.stages.map((s) => words[s.status])),
  );
  p.assertNoConsoleErrors();
  await p.close();
});

it('says when nothing matches, and recovers from a failed request with Try again', async () => {
  const p = await openPage(suite.browser, suite.server, DESKTOP);
  p.expectFailure(401, '/api/v1/auth/me');
  p.expectFailure(0, '/api/v1/patients');
  await signIn(p.page, suite.server.emails.staff as string);
  await p.page.goto('/patients?q=zzqx-nobody');
  await p.page.getByText('No patient matches “zzqx-nobody”.').waitFor();

  await p.page.route('**/api/v1/patients?**', (route) => route.abort());
  await p.page.getByLabel('Search by name or phone').fill('a');
  const alert = p.page.getByRole('alert');
  await alert.waitFor({ timeout: 15_000 });
  expect(await alert.textContent()).toContain('could not be reached');
  await p.page.unroute('**/api/v1/patients?**');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await p.page.getByRole('list', { name: 'Patients' }).waitFor();
  expect(await p.page.getByRole('list', { name: 'Patients' }).getByRole('link').count()).toBeGreaterThan(0);
  p.assertNoConsoleErrors();
  await p.close();
});

it('answers an unknown patient id with a plain message, not an error page', async () => {
  const p = await openPage(suite.browser, suite.server, DESKTOP);
  p.expectFailure(401, '/api/v1/auth/me');
  p.expectFailure(404, '/api/v1/patients/0190c5a4-0000-7000-8000-000000000000');
  await signIn(p.page, suite.server.emails.staff as string);
  await p.page.goto('/patients/0190c5a4-0000-7000-8000-000000000000');
  await p.page.getByText('This patient does not exist.').waitFor();
  p.assertNoConsoleErrors();
  await p.close();
});
