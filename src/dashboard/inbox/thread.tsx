import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type Conversation, type Me, type User } from '../api/endpoints.js';
import { EmptyState, ErrorState, Skeleton } from '../components/states.js';
import { ConversationActions } from './conversation-actions.js';
import { useMarkRead } from './conversation-change.js';
import { MessageBubble } from './message-bubble.js';
import { ReplyBox } from './reply-box.js';

/** New messages show up within this long (the list and the open thread are polled). */
export const POLL_MS = 2000;

type Props = { conversation: Conversation; me: Me; users: User[] | null };

export function Thread({ conversation, me, users }: Props) {
  useMarkRead(conversation);
  const thread = useQuery({
    queryKey: ['thread', conversation.id],
    // A thread of a few hundred messages is one page; the newest are what the desk answers.
    queryFn: () => api.thread(conversation.id, { limit: 200 }),
    refetchInterval: POLL_MS,
  });
  const { time_zone, locale } = me.organization;
  return (
    <section className="thread" aria-label={`Conversation with ${conversation.patient.full_name}`}>
      <header className="thread-head">
        <h2>
          <Link to={`/patients/${conversation.patient_id}`}>{conversation.patient.full_name}</Link>
        </h2>
        <p className="muted" data-testid="conversation-status" data-status={conversation.status}>
          {conversation.patient.phone} · {conversation.status === 'open' ? 'Open' : 'Closed'}
        </p>
        <ConversationActions conversation={conversation} me={me} users={users} />
      </header>
      {thread.isPending ? (
        <Skeleton rows={4} label="Loading messages" />
      ) : thread.isError ? (
        <ErrorState error={thread.error} onRetry={() => thread.refetch()} />
      ) : thread.data.data.length === 0 ? (
        <EmptyState title="No messages yet." />
      ) : (
        <ol className="messages" aria-label="Messages">
          {thread.data.data.map((m) => (
            <MessageBubble key={m.id} m={m} timeZone={time_zone} locale={locale} />
          ))}
        </ol>
      )}
      <ReplyBox conversation={conversation} />
    </section>
  );
}
