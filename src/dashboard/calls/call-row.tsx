import { Link } from 'react-router';
import type { Call } from '../api/endpoints.js';
import { formatDateTime } from '../time.js';
import { duration, OUTCOMES, words } from './labels.js';

/** One call in a list: when, who, how long, how it ended. */
export function CallRow({ c, timeZone, locale }: { c: Call; timeZone: string; locale: string }) {
  return (
    <li className="call-row" data-testid="call" data-id={c.id}>
      <Link to={`/calls/${c.id}`}>
        <span className="call-when">
          {c.started_at ? formatDateTime(c.started_at, timeZone, locale) : 'Not started'}
        </span>
        <span className="call-who">{c.patient_name ?? c.from_number ?? 'Unknown caller'}</span>
        <span className="call-meta">
          {words(c.direction)} · {duration(c.duration_seconds)} ·{' '}
          {c.outcome ? OUTCOMES[c.outcome] : words(c.end_reason)}
          {c.sentiment && ` · ${c.sentiment}`}
        </span>
      </Link>
    </li>
  );
}
