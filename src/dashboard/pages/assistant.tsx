// The figures are shown as the analytics page's metric cards.
import '../analytics/analytics.css';
import '../assistant/assistant.css';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { Me } from '../api/endpoints.js';
import { askAssistant } from '../assistant/answer.js';
import { AnswerView, QuestionList } from '../assistant/answer-view.js';
import { EmptyState, ErrorState, Skeleton } from '../components/states.js';
import { TextField } from '../components/text-field.js';
import { useMe } from '../session.js';

const EXAMPLES = [
  'How many appointments were completed last month?',
  'No-show rate by department this month',
  'Calls per day this week',
  'Messages received this week compared to last week',
];

/*
 * This tab's questions, newest first. In memory only: they can name patients, and signing out reloads the
 * page, so nothing of them outlives the session in the browser.
 */
let asked: string[] = [];

export default function AssistantPage() {
  const me = useMe().data as Me;
  const [input, setInput] = useState('');
  const [history, setHistory] = useState(asked);
  const ask = useMutation({ mutationFn: askAssistant });
  const submit = (question: string) => {
    const q = question.trim();
    if (!q) return;
    setInput(q);
    asked = [q, ...asked.filter((a) => a !== q)].slice(0, 10);
    setHistory(asked);
    ask.mutate(q);
  };

  return (
    <main className="page assistant">
      <h1>Assistant</h1>
      <p className="muted">
        Ask about appointments, care journeys, messages and voice calls in plain English. The answer shows the
        query it ran, so you can check what was counted.
      </p>
      <form
        className="toolbar ask-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit(input);
        }}
      >
        <TextField
          label="Question"
          className="field-grow"
          type="text"
          value={input}
          maxLength={500}
          placeholder="e.g. no-show rate for cardiology last month"
          onChange={(e) => setInput(e.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={ask.isPending || !input.trim()}>
          Ask
        </button>
      </form>
      {/* Announced when an answer arrives; the region exists before, so screen readers notice the change. */}
      <p className="visually-hidden" role="status">
        {ask.isSuccess ? ask.data.answer : ''}
      </p>
      <div aria-busy={ask.isPending}>
        {ask.isPending ? (
          <Skeleton rows={4} label="Working out the answer" />
        ) : ask.isError ? (
          <ErrorState error={ask.error} onRetry={() => ask.mutate(ask.variables)} />
        ) : ask.data ? (
          <AnswerView answer={ask.data} locale={me.organization.locale} onAsk={submit} />
        ) : (
          <EmptyState title="Ask a question about your numbers.">
            <p>For example:</p>
            <QuestionList questions={EXAMPLES} onAsk={submit} />
          </EmptyState>
        )}
      </div>
      {history.length > 0 && (
        <section aria-labelledby="history-h" className="history">
          <h2 id="history-h">Asked in this session</h2>
          <QuestionList questions={history} onAsk={submit} />
        </section>
      )}
    </main>
  );
}
