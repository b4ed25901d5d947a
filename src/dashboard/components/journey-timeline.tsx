import type { Journey } from '../api/endpoints.js';
import { formatDateTime } from '../time.js';

const STAGE_LABEL: Record<Journey['stages'][number]['status'], string> = {
  pending: 'Pending',
  in_progress: 'In progress',
  completed: 'Completed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
};

/** One journey as an ordered timeline: each stage's state in words (not colour alone) and overall progress. */
export function JourneyTimeline({
  journey: j,
  timeZone,
  locale,
}: {
  journey: Journey;
  timeZone: string;
  locale: string;
}) {
  const titleId = `journey-${j.id}`;
  return (
    <article className="card journey" aria-labelledby={titleId} data-testid="journey">
      <header className="journey-head">
        <h3 id={titleId}>{j.template_name}</h3>
        <span className={`badge badge-journey-${j.status}`}>{j.status}</span>
      </header>
      <div className="progress-line">
        <progress max={100} value={j.progress_percent} aria-labelledby={`${titleId}-pct`} />
        <span id={`${titleId}-pct`}>{Math.round(j.progress_percent)}% done</span>
      </div>
      <ol className="timeline">
        {j.stages.map((s) => (
          <li key={s.position} className={`stage stage-${s.status}`} data-status={s.status}>
            <span className="stage-dot" aria-hidden="true" />
            <span className="stage-name">
              {s.position}. {s.name}
            </span>
            <span className="stage-state">{STAGE_LABEL[s.status]}</span>
            {(s.completed_at ?? s.started_at) && (
              <span className="muted stage-when">
                {s.completed_at
                  ? `done ${formatDateTime(s.completed_at, timeZone, locale)}`
                  : `since ${formatDateTime(s.started_at as Date, timeZone, locale)}`}
              </span>
            )}
          </li>
        ))}
      </ol>
    </article>
  );
}
