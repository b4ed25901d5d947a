import { api, type Conversation, type Me, type User } from '../api/endpoints.js';
import { describeError } from '../components/states.js';
import { useConversationChange } from './conversation-change.js';

/** Who a conversation is with, in the viewer's terms. */
export function assigneeLabel(c: Conversation, me: Me) {
  if (!c.assignee_id) return 'Unassigned';
  if (c.assignee_id === me.user?.id) return 'Assigned to you';
  return c.assignee_name ? `Assigned to ${c.assignee_name}` : 'Assigned to a colleague';
}

type Props = { conversation: Conversation; me: Me; users: User[] | null };

/** Assign (a colleague, for admins; oneself, for everyone), unassign, close and reopen. */
export function ConversationActions({ conversation: c, me, users }: Props) {
  const change = useConversationChange();
  const myId = me.user?.id;
  const assign = (id: string | null) => change.mutate(() => api.assign(c.id, id));
  const known = !c.assignee_id || users?.some((u) => u.id === c.assignee_id);
  return (
    <fieldset className="thread-actions">
      <legend className="visually-hidden">Conversation actions</legend>
      <p className="muted" data-testid="assignee">
        {assigneeLabel(c, me)}
      </p>
      {users && (
        <label className="field">
          <span>Assign to</span>
          <select
            value={c.assignee_id ?? ''}
            disabled={change.isPending}
            onChange={(e) => assign(e.target.value || null)}
          >
            <option value="">Nobody</option>
            {!known && <option value={c.assignee_id ?? ''}>A user who can no longer sign in</option>}
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
                {u.id === myId ? ' (you)' : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      {myId && c.assignee_id !== myId && (
        <button type="button" className="button" disabled={change.isPending} onClick={() => assign(myId)}>
          Assign to me
        </button>
      )}
      {!users && c.assignee_id && (
        <button type="button" className="button" disabled={change.isPending} onClick={() => assign(null)}>
          Unassign
        </button>
      )}
      <button
        type="button"
        className="button"
        disabled={change.isPending}
        onClick={() =>
          change.mutate(() => api.conversationAction(c.id, c.status === 'open' ? 'close' : 'reopen'))
        }
      >
        {c.status === 'open' ? 'Close conversation' : 'Reopen conversation'}
      </button>
      {change.isError && (
        <p className="error" role="alert">
          {describeError(change.error)}
        </p>
      )}
    </fieldset>
  );
}
