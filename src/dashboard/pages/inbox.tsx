import '../inbox/inbox.css';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, type Conversation, type Me } from '../api/endpoints.js';
import { EmptyState, ErrorState, Skeleton } from '../components/states.js';
import { useAddressParams, withChanges } from '../components/use-address-params.js';
import { useDebounced } from '../components/use-debounced.js';
import { assigneeLabel } from '../inbox/conversation-actions.js';
import { useAssignableUsers } from '../inbox/conversation-change.js';
import { POLL_MS, Thread } from '../inbox/thread.js';
import { useMe } from '../session.js';
import { formatDateTime } from '../time.js';

type RowProps = { c: Conversation; me: Me; selected: boolean; to: string };

function Row({ c, me, selected, to }: RowProps) {
  return (
    <li className={selected ? 'conv conv-on' : 'conv'} data-testid="conversation" data-id={c.id}>
      <Link to={to} aria-current={selected ? 'true' : undefined}>
        <span className="conv-name">{c.patient.full_name}</span>
        {c.unread_count > 0 && (
          <span className="badge" data-testid="unread">
            {c.unread_count} <span className="visually-hidden">unread</span>
          </span>
        )}
        <span className="conv-meta">
          {c.status === 'open' ? 'Open' : 'Closed'} · {assigneeLabel(c, me)}
          {c.last_message_at &&
            ` · ${formatDateTime(c.last_message_at, me.organization.time_zone, me.organization.locale)}`}
        </span>
      </Link>
    </li>
  );
}

export default function InboxPage() {
  const me = useMe().data as Me;
  const users = useAssignableUsers(me);
  const [params, setAddress] = useAddressParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const search = useDebounced(q.trim(), 300);
  // The search lives in the address like the filters, so a reload or a shared link keeps it.
  useEffect(() => setAddress({ q: search }), [search, setAddress]);
  const status = params.get('status') ?? 'open';
  const assignee = params.get('assignee') ?? '';
  const unread = params.get('unread') ?? '';
  const selectedId = params.get('c');
  /** The address with one parameter changed; the filters stay when a thread is opened or left. */
  const withParam = (k: string, v: string) => withChanges(params, { [k]: v });
  const set = (k: string, v: string) => setAddress({ [k]: v });
  const query = {
    limit: 50,
    status: status === 'all' ? undefined : (status as 'open' | 'closed'),
    assignee_id: assignee || undefined,
    unread: unread === 'true' || unread === 'false' ? (unread as 'true' | 'false') : undefined,
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
                {users
                  ?.filter((u) => u.id !== me.user?.id)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
              </select>
            </label>
            <label className="field">
              <span>Read</span>
              <select value={unread} onChange={(e) => set('unread', e.target.value)}>
                <option value="">Read and unread</option>
                <option value="true">Unread only</option>
                <option value="false">Read only</option>
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
                <Row
                  key={c.id}
                  c={c}
                  me={me}
                  selected={c.id === selectedId}
                  to={`?${withParam('c', c.id)}`}
                />
              ))}
            </ul>
          )}
        </section>
        {current ? (
          <div className="inbox-thread">
            <Link className="button button-quiet inbox-back" to={`/inbox?${withParam('c', '')}`}>
              ‹ All conversations
            </Link>
            {/* Keyed: another conversation starts with its own reply box and read marker. */}
            <Thread key={current.id} conversation={current} me={me} users={users} />
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
