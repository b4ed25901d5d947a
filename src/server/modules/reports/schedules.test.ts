import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createTenant,
  createTestApp,
  LogCapture,
  type TestContext,
  type TestTenant,
} from '../../../../test/helpers/app.js';
import { eventually } from '../../../../test/helpers/poll.js';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { type Database, openDatabase } from '../../platform/db/client.js';
import { reportSchedules } from '../../platform/db/schema/index.js';
import { deliverJob } from './report.run.js';
import { runDueSchedules } from './report.scheduler.js';
import { LinkSigner } from './report.storage.js';
import { reportDeps } from './report.workers.js';

/** A real SMTP server on a loopback port; `bounce@` recipients are refused like a full mailbox. */
const inbox: ParsedMail[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, _session, cb) {
    if (address.address.startsWith('bounce@'))
      cb(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
    else cb();
  },
  onData(stream, _session, cb) {
    simpleParser(stream).then((m) => {
      inbox.push(m);
      cb();
    }, cb);
  },
});

let t: TestContext;
let second: { app: FastifyInstance; database: Database; logs: LogCapture; own: boolean };
let tenant: TestTenant;
const dataDir = mkdtempSync(path.join(tmpdir(), 'prm-schedules-'));
const env = (port: number) => ({
  DATA_DIR: dataDir,
  SMTP_URL: `smtp://127.0.0.1:${port}`,
  REPORT_SCHEDULER_MS: '0',
  REPORT_ATTACH_MAX_MB: String(10 / 1024),
  PUBLIC_URL: 'http://reports.test',
});

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as { port: number }).port;
  t = await createTestApp(env(port));
  // The second worker: its own app and job queue; on PostgreSQL its own connection pool too, as a
  // second process would have. It shares the first one's data directory (the files' storage).
  const url = (t.database as Database & { url: string | null }).url;
  const database = url ? await openDatabase({ url, poolSize: 4 }) : t.database;
  const logs = new LogCapture();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env(port) });
  const app = await buildApp({ config, database, logStream: logs });
  await app.ready();
  second = { app, database, logs, own: Boolean(url) };
  tenant = await createTenant(t.database);
}, 60_000);
afterAll(async () => {
  // A job still running when its worker stops would hold connections the database drop then cuts.
  await eventually(() => queueIdle(t.database.db, ['active']), 20_000, 'no report job running');
  await second.app.close();
  if (second.own) await second.database.close();
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => {
  expect(t.logs.take()).toEqual([]);
  expect(second.logs.take()).toEqual([]);
});

const call = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  key = tenant.keys.staff,
) =>
  t.app.inject({
    method,
    url,
    headers: bearer(key),
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });

const depsOf = reportDeps;

/** No report job is waiting, retrying or running (by default) in the queue: nothing else can be sent. */
async function queueIdle(db: Database['db'], states = ['created', 'retry', 'active']) {
  const res = (await db.execute(
    sql`select count(*)::int as n from pgboss.job where name like 'reports.%' and state::text = any(${`{${states.join(',')}}`}::text[])`,
  )) as unknown as { rows: { n: number }[] };
  return res.rows[0]?.n === 0;
}

const daily = {
  name: 'Morning figures',
  request: { report_type: 'dashboard', format: 'csv' },
  frequency: 'daily',
  time_of_day: '08:30',
  recipients: ['owner@clinic.test'],
};

describe('schedule CRUD', () => {
  it('computes the next run at the local time in the tenant zone, and edits recompute it', async () => {
    const res = await call('POST', '/api/v1/reports/schedules', daily);
    expect(res.statusCode).toBe(201);
    const s = res.json();
    const next = new Date(s.next_run_at);
    // 08:30 in Asia/Kolkata is 03:00 UTC, within the next day.
    expect(next.toISOString().slice(11, 16)).toBe('03:00');
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    const weekly = await call('PATCH', `/api/v1/reports/schedules/${s.id}`, {
      frequency: 'weekly',
      time_of_day: '18:00',
      day_of_week: 7,
    });
    expect(weekly.statusCode).toBe(200);
    const w = new Date(weekly.json().next_run_at);
    expect(w.getUTCDay()).toBe(0);
    expect(w.toISOString().slice(11, 16)).toBe('12:30');
    expect(
      (await call('GET', '/api/v1/reports/schedules')).json().data.map((x: { id: string }) => x.id),
    ).toContain(s.id);
    expect(
      (await call('GET', `/api/v1/reports/schedules/${s.id}`, undefined, tenant.keys.analyst)).statusCode,
    ).toBe(404);
    const other = await createTenant(t.database);
    expect(
      (await call('PATCH', `/api/v1/reports/schedules/${s.id}`, { name: 'x' }, other.keys.admin)).statusCode,
    ).toBe(404);
    expect((await call('DELETE', `/api/v1/reports/schedules/${s.id}`)).statusCode).toBe(204);
    const gone = (await call('GET', `/api/v1/reports/schedules/${s.id}`)).json();
    expect(gone.active).toBe(false);
    expect(gone.next_run_at).toBeNull();
  });

  it.each([
    ['weekly without a day', { ...daily, frequency: 'weekly' }],
    ['daily with a cron', { ...daily, cron: '* * * * *' }],
    ['bad time', { ...daily, time_of_day: '25:00' }],
    ['bad cron', { ...daily, frequency: 'cron', time_of_day: undefined, cron: '61 * * * *' }],
    ['no recipients', { ...daily, recipients: [] }],
    ['bad e-mail', { ...daily, recipients: ['not an address'] }],
    ['unknown field', { ...daily, every: 'day' }],
    ['bad report', { ...daily, request: { report_type: 'dashboard', format: 'doc' } }],
  ])('%s → 400', async (_, body) => {
    const before = (await call('GET', '/api/v1/reports/schedules')).json().data.length;
    const res = await call('POST', '/api/v1/reports/schedules', body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((await call('GET', '/api/v1/reports/schedules')).json().data.length).toBe(before);
  });
});

describe('scheduled delivery with two workers', () => {
  it('e-mails each slot exactly once, attached when small, as an expiring link when large', async () => {
    const csv = (
      await call('POST', '/api/v1/reports/schedules', {
        ...daily,
        frequency: 'cron',
        time_of_day: undefined,
        cron: '*/5 * * * *',
        name: 'CSV every five',
        recipients: ['a@clinic.test'],
      })
    ).json();
    const pdf = (
      await call('POST', '/api/v1/reports/schedules', {
        ...daily,
        frequency: 'cron',
        time_of_day: undefined,
        cron: '*/5 * * * *',
        name: 'PDF every five',
        request: { report_type: 'appointments', format: 'pdf' },
        recipients: ['b@clinic.test'],
      })
    ).json();
    const first = new Date(csv.next_run_at);
    expect(new Date(pdf.next_run_at)).toEqual(first);
    const [a, b] = [depsOf(t.app), depsOf(second.app)];
    const slots = [new Date(first.getTime() + 1000), new Date(first.getTime() + 5 * 60_000 + 1000)];
    let created = 0;
    for (const now of slots) {
      // Both workers' clocks fire for the same instant, twice over.
      const counts = await Promise.all([
        runDueSchedules(a, now),
        runDueSchedules(b, now),
        runDueSchedules(b, now),
        runDueSchedules(a, now),
      ]);
      created += counts.reduce((x, y) => x + y, 0);
    }
    expect(created).toBe(4);
    const runs = async () =>
      (await call('GET', '/api/v1/reports?limit=200'))
        .json()
        .data.filter((r: { schedule_id: string | null }) =>
          [csv.id, pdf.id].includes(r.schedule_id ?? ''),
        ) as { id: string; delivery_status: string; slot_at: string; schedule_id: string; format: string }[];
    await eventually(
      async () => {
        const rs = await runs();
        return rs.length === 4 && rs.every((r) => r.delivery_status === 'sent') ? rs : null;
      },
      60_000,
      'all four runs delivered',
    );
    await eventually(() => queueIdle(t.database.db), 20_000, 'queues idle');
    const mine = inbox.filter((m) => ['CSV every five', 'PDF every five'].includes(m.subject ?? ''));
    expect(mine).toHaveLength(4);
    const rs = await runs();
    // One Message-ID per delivery, named by its report: a repeat after a crash carries the same one.
    expect(mine.map((m) => m.messageId).sort()).toEqual(
      rs.map((r) => `<report.${r.id}@reports.test>`).sort(),
    );
    const again = rs[0] as (typeof rs)[number];
    await t.database.db.execute(sql`update reports set delivery_status = 'pending' where id = ${again.id}`);
    await deliverJob(a, { tenant_id: tenant.id, report_id: again.id });
    expect(inbox.at(-1)?.messageId).toBe(`<report.${again.id}@reports.test>`);
    const sizes = await Promise.all(
      rs.map(async (r) => (await call('GET', `/api/v1/reports/${r.id}`)).json()),
    );
    // The limit (10 kB) sits between the two files, so one is attached and the other linked.
    for (const x of sizes) expect(x.file_size < 10_240).toBe(x.format === 'csv');
    expect(new Set(rs.map((r) => `${r.schedule_id}@${r.slot_at}`)).size).toBe(4);
    const csvMail = mine.find((m) => m.subject === 'CSV every five') as ParsedMail;
    expect(csvMail.attachments).toHaveLength(1);
    expect(csvMail.attachments[0]?.filename).toMatch(/\.csv$/);
    expect(csvMail.attachments[0]?.content.toString()).toContain('appointments_total');
    const pdfMail = mine.find((m) => m.subject === 'PDF every five') as ParsedMail;
    expect(pdfMail.attachments).toHaveLength(0);
    const link = (pdfMail.text ?? '').match(/http:\/\/reports\.test(\/api\/v1\/reports\/\S+)/)?.[1] as string;
    const file = await t.app.inject({ url: link });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const tampered = link.replace(/expires=(\d+)/, (_, n) => `expires=${Number(n) + 1}`);
    expect((await t.app.inject({ url: tampered })).statusCode).toBe(404);
    const expired = new LinkSigner(t.app.config.reports.linkSecret, path.resolve(t.app.config.dataDir));
    const [, tenantId, id] = link.match(/reports\/([^/]+)\/file\?tenant=([^&]+)/)?.slice(0) ?? [];
    expect(expired.verify(`${tenantId}.${id}`, 1, 'x')).toBe(false);
  }, 90_000);

  it('records a refused delivery as failed, with the reason, in the history', async () => {
    const s = (
      await call('POST', '/api/v1/reports/schedules', {
        ...daily,
        name: 'Bounces',
        recipients: ['bounce@clinic.test'],
      })
    ).json();
    await t.database.db
      .update(reportSchedules)
      .set({ next_run_at: new Date(Date.now() - 1000) })
      .where(sql`id = ${s.id}`);
    expect(await runDueSchedules(depsOf(second.app))).toBe(1);
    const failed = await eventually(
      async () => {
        const r = (await call('GET', `/api/v1/reports?schedule_id=${s.id}`)).json().data[0];
        return r?.delivery_status === 'failed' ? r : null;
      },
      30_000,
      'delivery failed',
    );
    expect(failed.status).toBe('completed');
    expect(failed.delivery_error).toMatch(/550|Mailbox unavailable/);
  });
});
