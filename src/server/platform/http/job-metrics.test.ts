import client from 'prom-client';
import { expect, it } from 'vitest';
import { createTestApp } from '../../../../test/helpers/app.js';
import { metricSample as sample } from '../../../../test/helpers/metrics.js';
import type { QueueCounts } from '../jobs/queue.js';
import { jobMetrics } from './job-metrics.js';

// What the job queue counted (its `counts()` is tested against pg-boss in queue.test.ts).
const counted: QueueCounts[] = [
  { queue: 'whatsapp.send', ready: 3, deferred: 2, active: 1, failed: 4 },
  { queue: 'report.generate', ready: 0, deferred: 0, active: 0, failed: 0 },
];

it('gives every queue’s jobs in each state, read afresh at each scrape', async () => {
  const registry = new client.Registry();
  let now = counted;
  jobMetrics({ counts: async () => now }, registry, { warn: () => {} });
  const text = await registry.metrics();
  expect(sample(text, 'prm_job_queue_scrape_ok')).toBe('1');
  for (const [state, n] of [
    ['ready', '3'],
    ['deferred', '2'],
    ['active', '1'],
    ['failed', '4'],
  ])
    expect(sample(text, `prm_job_queue_jobs{queue="whatsapp.send",state="${state}"}`)).toBe(n);
  expect(sample(text, 'prm_job_queue_jobs{queue="report.generate",state="failed"}')).toBe('0');
  now = [{ queue: 'whatsapp.send', ready: 0, deferred: 0, active: 0, failed: 5 }];
  const later = await registry.metrics();
  expect(sample(later, 'prm_job_queue_jobs{queue="whatsapp.send",state="failed"}')).toBe('5');
  expect(later).not.toContain('queue="report.generate"');
});

it('says so when the queue cannot be read, with no stale figures', async () => {
  const registry = new client.Registry();
  const warnings: string[] = [];
  let down = false;
  jobMetrics(
    { counts: async () => (down ? Promise.reject(new Error('connection refused')) : counted) },
    registry,
    { warn: (_o, msg) => warnings.push(msg) },
  );
  expect(sample(await registry.metrics(), 'prm_job_queue_scrape_ok')).toBe('1');
  down = true;
  const text = await registry.metrics();
  expect(sample(text, 'prm_job_queue_scrape_ok')).toBe('0');
  expect(text).not.toMatch(/^prm_job_queue_jobs\{/m);
  expect(warnings).toEqual(['metrics: the job queue could not be read']);
});

it('is on the app’s /metrics, with the queues the app works', async () => {
  const t = await createTestApp();
  try {
    const text = (await t.app.inject({ url: '/metrics' })).body;
    expect(sample(text, 'prm_job_queue_scrape_ok')).toBe('1');
    expect(text).toMatch(/^prm_job_queue_jobs\{queue="whatsapp\.send",state="ready"\} \d+$/m);
    expect(t.logs.take()).toEqual([]);
  } finally {
    await t.close();
  }
});
