import '../inbox/inbox.css';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, type Conversation, type Me } from '../api/endpoints.js';
import { EmptyState, ErrorState, Skeleton } from '../components/states.js';
import { useDebounced } from '../components/use-debounced.js';
import { POLL_MS, Thread } from '../inbox/thread.js';
import { useMe } from '../session.js';
import { formatDateTime } from '../time.js';

function Row({ c, me, selected }: { c: Conversation; me: Me; selected: boolean }) {
  const assignee = !c.assignee_id
    ? 'Unassigned'
    : c.assignee_id === me.user?.id
      ? 'Assigned to you'
      : 'Assigned';
  return (
    <li className={selected ? 'conv conv-on' : 'conv'} data-testid="conversation" data-id={c.id}>
      <Link to={`?c=${c.id}`} aria-current={selected ? 'true' : undefined}>
        <span className="conv-name">{c.patient.full_name}</span>
        {c.unread_count > 0 && (
          <span className="badge" data-testid="unread">
            {c.unread_count} <span className="visually-hidden">unread</span>
          </span>
        )}
        <span className="conv-meta">
          {c.status === 'open' ? 'Open' : 'Closed'} · {assignee}
          {c.last_message_at &&
            ` · ${formatDateTime(c.last_message_at, me.organization.time_zone, me.organization.locale)}`}
        </span>
      </Link>
    </li>
  );
}

export default function InboxPage() {
  const me = useMe().data as Me;
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const search = useDebounced(q.trim(), 300);
  const status = params.get('status') ?? 'open';
  const assignee = params.get('assignee') ?? '';
  const selectedId = params.get('c');
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    v ? next.set(k, v) : next.delete(k);
    setParams(next, { replace: true });
  };
  const query = {
    limit: 50,
    status: status === 'all' ? undefined : (status as 'open' | 'closed'),
    assignee_id: assignee || undefined,
    q: search || undefined,
  };
  const list = useQuery({
    queryKey: ['conversations', query],
    queryFn: ({ signal }) => api.conversations(query, signal),
    refetchInterval: POLL_MS,
    placeholderData: keepPreviousData,
  });
  const selected = list.data?.data.find((c) => c.id === selectedId) ?? null;
  const opened = useQuery({
    queryKey: ['conversation', selectedId],
    queryFn: () => api.conversation(selectedId as string),
    enabled: Boolean(selectedId) && !selected,
  });
  const current = selected ?? opened.data ?? null;

  return (
    <main className={current ? 'page inbox inbox-open' : 'page inbox'}>
      <h1>Inbox</h1>
      <div className="inbox-panes">
        <section className="inbox-list" aria-label="Conversations">
          <div className="toolbar" role="toolbar" aria-label="Which conversations">
            <label className="field">
              <span>Search</span>
              <input
                type="search"
                value={q}
                maxLength={100}
                onChange={(e) => setQ(e.target.value)}
                placeholder="Name, phone or text"
              />
            </label>
            <label className="field">
              <span>Status</span>
              <select value={status} onChange={(e) => set('status', e.target.value)}>
                <option value="open">Open</option>
                <option value="closed">Closed</option>
                <option value="all">All</option>
              </select>
            </label>
            <label className="field">
              <span>Assignee</span>
              <select value={assignee} onChange={(e) => set('assignee', e.target.value)}>
                <option value="">Anyone</option>
                <option value="me">Me</option>
                <option value="none">Unassigned</option>
              </select>
            </label>
          </div>
          {list.isPending ? (
            <Skeleton rows={5} label="Loading conversations" />
          ) : list.isError ? (
            <ErrorState error={list.error} onRetry={() => list.refetch()} />
          ) : list.data.data.length === 0 ? (
            <EmptyState title={search ? 'No conversation matches.' : 'No conversations.'} />
          ) : (
            <ul className="convs" data-testid="conversation-list">
              {list.data.data.map((c) => (
                <Row key={c.id} c={c} me={me} selected={c.id === selectedId} />
              ))}
            </ul>
          )}
        </section>
        {current ? (
          <div className="inbox-thread">
            <Link className="button button-quiet inbox-back" to="/inbox">
              ‹ All conversations
            </Link>
            <Thread conversation={current} me={me} />
          </div>
        ) : (
          <div className="inbox-thread inbox-none">
            {opened.isError ? (
              <ErrorState error={opened.error} />
            ) : (
              <p className="muted">Choose a conversation.</p>
            )}
          </div>
        )}
      </div>
    </main>
  );
}
