import { Link } from 'react-router';
import { formatValue } from '../analytics/format.js';
import type { Answer, NlResult } from './answer.js';
import { AnswerChart } from './answer-chart.js';

const GROUPS: Record<string, string> = {
  practitioner_id: 'practitioner',
  department_id: 'department',
  location_id: 'location',
  template_id: 'journey type',
  agent_id: 'agent',
};

const rangeText = (r: { label: string; start_date: string; end_date: string }) =>
  `${r.label ? `${r.label}, ` : ''}${r.start_date} – ${r.end_date}`;

/** What the assistant understood, field by field, and the analytics call that reproduces its figures. */
function ResolvedQuery({ nl }: { nl: NlResult }) {
  const it = nl.interpretation;
  const filters = Object.entries(it.filters).flatMap(([k, v]) =>
    v === undefined ? [] : [`${k.replace(/_id$/, '')}: ${typeof v === 'string' ? v : v.name}`],
  );
  const rows: [string, string][] = [
    ['Metric', it.metrics.map((m) => nl.figures?.metrics[m]?.label ?? m).join(', ')],
    ['Period', `${rangeText(it.period)}${it.period_assumed ? ' (no period in the question)' : ''}`],
  ];
  if (it.compare) rows.push(['Compared with', rangeText(it.compare)]);
  if (filters.length) rows.push(['Filters', filters.join('; ')]);
  if (it.template) rows.push(['Journey type', it.template.name]);
  if (it.group_by) rows.push(['Grouped by', GROUPS[it.group_by] ?? it.group_by]);
  if (it.corrections.length)
    rows.push(['Read as', it.corrections.map((c) => `${c.from} → ${c.to}`).join(', ')]);
  if (it.notes.length) rows.push(['Notes', it.notes.join('; ')]);
  if (it.tool) rows.push(['Tool', it.tool.name]);
  return (
    <section className="card resolved" aria-labelledby="resolved-h" data-testid="resolved-query">
      <h2 id="resolved-h">Resolved query</h2>
      <dl className="details">
        {rows.map(([k, v]) => (
          <div key={k} data-field={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {it.tool && (
        <details>
          <summary>As an API call</summary>
          <pre className="tool-call">{JSON.stringify(it.tool, null, 2)}</pre>
        </details>
      )}
    </section>
  );
}

function FigureList({ nl, locale }: { nl: NlResult; locale: string }) {
  const metrics = Object.entries(nl.figures?.metrics ?? {});
  if (!metrics.length) return null;
  return (
    <ul className="metric-cards" aria-label="Figures">
      {metrics.map(([name, m]) => (
        <li key={name} className="metric-card" data-testid={`figure-${name}`} data-value={m.value ?? ''}>
          <span className="metric-label">{m.label}</span>
          <span className="metric-value">{formatValue(m.value, m.unit, locale)}</span>
          <span className="trend">
            {m.previous === null ? 'no previous figure' : `${formatValue(m.previous, m.unit, locale)} before`}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Questions to ask with one click (examples, suggestions, this session's history). */
export function QuestionList({ questions, onAsk }: { questions: string[]; onAsk: (q: string) => void }) {
  return (
    <ul className="suggestions">
      {questions.map((q) => (
        <li key={q}>
          <button type="button" className="button button-small" onClick={() => onAsk(q)}>
            {q}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The answer: the sentence, then (interpreter) figures, chart and query, or what to ask instead. */
export function AnswerView({
  answer,
  locale,
  onAsk,
}: {
  answer: Answer;
  locale: string;
  onAsk: (question: string) => void;
}) {
  const nl = answer.nl;
  return (
    <div className="answer" data-testid="answer" data-status={nl?.status ?? answer.mode}>
      <p className="answer-text" data-testid="answer-text">
        {answer.answer}
      </p>
      {answer.llm_error && (
        <p className="muted">
          The language model was not used ({answer.llm_error}); this is the offline answer.
        </p>
      )}
      {nl?.status === 'ok' && (
        <>
          <FigureList nl={nl} locale={locale} />
          <AnswerChart nl={nl} />
          <ResolvedQuery nl={nl} />
        </>
      )}
      {nl?.patients && nl.patients.length > 0 && (
        <ul className="list" aria-label="Matching patients">
          {nl.patients.map((p) => (
            <li key={p.id} className="list-row">
              <Link className="list-link" to={`/patients/${p.id}`}>
                {p.full_name}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {nl?.status === 'unclear' && nl.suggestions.length > 0 && (
        <section aria-labelledby="suggest-h">
          <h2 id="suggest-h">Try asking</h2>
          <QuestionList questions={nl.suggestions} onAsk={onAsk} />
        </section>
      )}
      {answer.tool_calls && answer.tool_calls.length > 0 && (
        <section className="card resolved" aria-labelledby="calls-h" data-testid="resolved-query">
          <h2 id="calls-h">Tools the model called</h2>
          <ol>
            {answer.tool_calls.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the calls are an ordered log, never reordered
              <li key={i}>
                <code>{c.name}</code> {c.ok ? '' : '(failed) '}
                <code className="tool-args">{c.arguments}</code>
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
