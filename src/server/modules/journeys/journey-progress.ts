import type { StageRow } from './journeys.repository.js';

type Stage = Pick<StageRow, 'position' | 'status'>;

const resolved = (s: Stage) => s.status === 'completed' || s.status === 'cancelled';

/** Share of stages done (completed or cancelled), 0–100 with one decimal. */
export function progressPercent(stages: Stage[]): number {
  if (!stages.length) return 0;
  return Math.round((stages.filter(resolved).length / stages.length) * 1000) / 10;
}

export function currentStage(stages: Stage[]): number | null {
  return (
    (stages.find((s) => s.status === 'in_progress') ?? stages.find((s) => s.status === 'pending'))
      ?.position ?? null
  );
}

export type StageAction = 'complete' | 'cancel';

/**
 * The stage changes one action implies: the stage itself, then the next pending stage starting when
 * nothing is in progress. `finished` means every stage is resolved, so the journey is complete.
 */
export function applyStageAction(
  stages: Stage[],
  position: number,
  action: StageAction,
): { error: string } | { changes: { position: number; status: StageRow['status'] }[]; finished: boolean } {
  const target = stages.find((s) => s.position === position);
  if (!target) return { error: `Stage ${position} does not exist` };
  if (resolved(target)) return { error: `Stage ${position} is already ${target.status}` };
  const after = stages.map((s) =>
    s.position === position
      ? ({ ...s, status: action === 'complete' ? 'completed' : 'cancelled' } as Stage)
      : s,
  );
  const changes: { position: number; status: StageRow['status'] }[] = [
    { position, status: action === 'complete' ? 'completed' : 'cancelled' },
  ];
  if (!after.some((s) => s.status === 'in_progress')) {
    const next = after.find((s) => s.status === 'pending');
    if (next) changes.push({ position: next.position, status: 'in_progress' });
  }
  return { changes, finished: after.every(resolved) };
}
