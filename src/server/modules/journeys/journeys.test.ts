import { beforeAll, describe, expect, it } from 'vitest';
import { setupSuite } from '../../../../test/helpers/app.js';
import { apiAs, setupFixtures } from '../../../../test/helpers/fixtures.js';
import { applyStageAction, progressPercent } from './journey-progress.js';

const t = setupSuite();
const fx = setupFixtures(t);
let api: ReturnType<typeof apiAs>;
beforeAll(() => {
  api = apiAs(t.app, t.tenant.keys.staff);
});

type Journey = {
  id: string;
  status: string;
  progress_percent: number;
  current_stage: number | null;
  stages: { position: number; status: string; started_at: string | null; completed_at: string | null }[];
};

const start = () =>
  api<Journey>('POST', '/api/v1/journeys', { patient_id: fx.f.patient.id, template_id: fx.f.template.id });

describe('journeys', () => {
  it('starts with the first stage in progress and advances to completion', async () => {
    const j = await start();
    expect(j).toMatchObject({ status: 'active', progress_percent: 0, current_stage: 1 });
    expect(j.stages.map((s) => s.status)).toEqual(['in_progress', 'pending', 'pending']);
    const one = await api<Journey>('POST', `/api/v1/journeys/${j.id}/advance`);
    expect(one).toMatchObject({ progress_percent: 33.3, current_stage: 2 });
    expect(one.stages[0]?.completed_at).toBeTruthy();
    expect(one.stages[1]?.started_at).toBeTruthy();
    const cancelled = await api<Journey>('POST', `/api/v1/journeys/${j.id}/stages/2/cancel`);
    expect(cancelled.stages.map((s) => s.status)).toEqual(['completed', 'cancelled', 'in_progress']);
    const done = await api<Journey>('POST', `/api/v1/journeys/${j.id}/advance`);
    expect(done).toMatchObject({ status: 'completed', progress_percent: 100, current_stage: null });
  });

  it('refuses to act on a finished journey or a finished stage', async () => {
    const j = await start();
    await api('POST', `/api/v1/journeys/${j.id}/stages/3/complete`);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/journeys/${j.id}/stages/3/complete`,
      headers: { authorization: `Bearer ${t.tenant.keys.staff}` },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('already completed');
    const missing = await t.app.inject({
      method: 'POST',
      url: `/api/v1/journeys/${j.id}/stages/9/complete`,
      headers: { authorization: `Bearer ${t.tenant.keys.staff}` },
    });
    expect(missing.statusCode).toBe(409);
    await api('POST', `/api/v1/journeys/${j.id}/cancel`, { reason: 'Moved to another city' });
    const afterCancel = await t.app.inject({
      method: 'POST',
      url: `/api/v1/journeys/${j.id}/advance`,
      headers: { authorization: `Bearer ${t.tenant.keys.staff}` },
    });
    expect(afterCancel.statusCode).toBe(409);
    expect(afterCancel.json().detail).toBe('The journey is cancelled');
  });

  it('lists a patient’s journeys with progress', async () => {
    const page = await api<{ data: Journey[] }>('GET', `/api/v1/journeys?patient_id=${fx.f.patient.id}`);
    expect(page.data.length).toBeGreaterThanOrEqual(3);
    expect(page.data.every((j) => typeof j.progress_percent === 'number')).toBe(true);
  });

  it('computes progress and next stage as pure rules', () => {
    const stages = [
      { position: 1, status: 'in_progress' as const },
      { position: 2, status: 'pending' as const },
    ];
    expect(progressPercent(stages)).toBe(0);
    expect(applyStageAction(stages, 2, 'complete')).toEqual({
      changes: [{ position: 2, status: 'completed' }],
      finished: false,
    });
    expect(applyStageAction(stages, 1, 'cancel')).toEqual({
      changes: [
        { position: 1, status: 'cancelled' },
        { position: 2, status: 'in_progress' },
      ],
      finished: false,
    });
  });
});
