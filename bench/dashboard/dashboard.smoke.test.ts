import { expect, it } from 'vitest';
import { benchBundle } from './bundle-size.js';

it('measures the dashboard bundle against a bare React app', async () => {
  const { dashboard, baseline, ratio } = await benchBundle();
  expect(baseline.firstVisit).toBeGreaterThan(10_000);
  expect(dashboard.firstVisit).toBeGreaterThan(baseline.firstVisit);
  // Code-split: no page chunk comes near the entry's size.
  expect(dashboard.largestPage).toBeLessThan(dashboard.firstVisit / 4);
  expect(ratio).toBeGreaterThan(1);
}, 120_000);
