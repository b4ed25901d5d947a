import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  bearer,
  createTenant,
  createTestApp,
  type TestContext,
  type TestTenant,
} from '../../../test/helpers/app.js';
import { configureVoice, newSecret } from '../../../test/helpers/voice.js';
import { voiceCalls } from '../../server/platform/db/schema/index.js';
import { simulateVoice } from './voice.js';

let t: TestContext;
let clinic: TestTenant;
let url: string;
const secret = newSecret();

beforeAll(async () => {
  t = await createTestApp();
  clinic = await createTenant(t.database);
  await configureVoice(t.app, clinic, { secrets: [secret] });
  for (const name of ['Dr. Rao', 'Dr. Iyer']) {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/practitioners',
      headers: bearer(clinic.keys.admin),
      payload: { name },
    });
  }
  url = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

it('posts signed, shuffled, repeated and clashing call events that the server merges as planned', async () => {
  const r = await simulateVoice({
    url,
    secret,
    tenantId: clinic.id,
    apiKey: clinic.keys.staff,
    calls: 40,
    seed: 7,
    concurrency: 4,
    progress: false,
  });
  expect(r.failed).toEqual([]);
  expect(r.plan.outOfOrder).toBeGreaterThan(0);
  expect(r.plan.duplicates).toBeGreaterThan(0);
  expect(r.plan.clashes).toBeGreaterThan(0);
  expect(r.duplicates).toBe(r.plan.duplicates);
  expect(r.processed + r.duplicates).toBe(r.sent);
  const byStatus = await t.database.db
    .select({ status: voiceCalls.booking_status, n: sql<number>`count(*)::int` })
    .from(voiceCalls)
    .where(eq(voiceCalls.tenant_id, clinic.id))
    .groupBy(voiceCalls.booking_status);
  const n = Object.fromEntries(byStatus.map((s) => [s.status, s.n]));
  expect(Object.values(n).reduce((a, b) => a + b, 0)).toBe(40);
  expect(n.booked).toBe(r.plan.bookings);
  expect(n.booking_failed).toBe(r.plan.clashes);

  const [unknownPatients] = await t.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(voiceCalls)
    .where(and(eq(voiceCalls.tenant_id, clinic.id), sql`${voiceCalls.patient_id} is null`));
  expect(unknownPatients?.n).toBe(0);
});

it('reports refused events instead of hiding them', async () => {
  const r = await simulateVoice({
    url,
    secret: newSecret(),
    calls: 2,
    seed: 1,
    concurrency: 1,
    progress: false,
  });
  expect(r.failed.length).toBe(r.sent);
  expect(r.failed[0]?.status).toBe(401);
});

it('runs as `prm simulate voice` and exits non-zero without a secret', async () => {
  const run = promisify(execFile);
  const prm = (args: string[], env: Record<string, string> = {}) =>
    run('npx', ['tsx', 'src/cli/prm.ts', 'simulate', 'voice', ...args], { env: { ...process.env, ...env } });
  const ok = await prm(['--url', url, '--calls', '3', '--seed', '3'], { VOICE_WEBHOOK_SECRET: secret });
  expect(ok.stdout).toMatch(
    /^Sent \d+ events for 3 calls: \d+ processed, \d+ duplicates answered 200, 0 failed\./,
  );
  await expect(prm(['--url', url])).rejects.toMatchObject({
    code: 2,
    stderr: expect.stringContaining('--secret'),
  });
});
