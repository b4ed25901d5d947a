import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api, type Conversation, type ConversationPage, type Me } from '../api/endpoints.js';

/**
 * Put the server's answer into every cached copy of the conversation (the open one and each list page),
 * then refetch the lists: the badge and the buttons change at once, and a row that no longer matches a
 * list's filter (closed, under "Open") leaves it without the thread closing.
 */
export function applyConversation(client: QueryClient, c: Conversation) {
  client.setQueryData(['conversation', c.id], c);
  client.setQueriesData<ConversationPage>(
    { queryKey: ['conversations'] },
    (old) => old && { ...old, data: old.data.map((x) => (x.id === c.id ? c : x)) },
  );
  return client.invalidateQueries({ queryKey: ['conversations'] });
}

/** One change to a conversation (assign, close, reopen, read); the caller passes the request. */
export function useConversationChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: () => Promise<Conversation>) => request(),
    onSuccess: (c) => applyConversation(client, c),
  });
}

/**
 * An open thread is a read thread: mark it read when it opens with unread messages, and again when new
 * ones arrive while it is on screen. Each (conversation, count) is tried once, so a failing request is not
 * repeated in a loop; it is tried again when the count changes.
 */
export function useMarkRead(c: Conversation) {
  const { mutate } = useConversationChange();
  const tried = useRef('');
  useEffect(() => {
    const key = `${c.id}:${c.unread_count}`;
    if (c.unread_count === 0 || tried.current === key) return;
    tried.current = key;
    mutate(() => api.conversationAction(c.id, 'read'));
  }, [c.id, c.unread_count, mutate]);
}

/**
 * The people a conversation can be given to. Only admins may list users; everyone else can take a
 * conversation ("Assign to me") or hand it back, which needs no list.
 */
export function useAssignableUsers(me: Me) {
  const admin = me.principal.role === 'admin';
  const list = useQuery({
    queryKey: ['users'],
    queryFn: () => api.users({ limit: 200 }),
    enabled: admin,
    staleTime: 5 * 60_000,
  });
  // Analysts cannot open conversations, and a disabled user cannot be assigned.
  return admin ? (list.data?.data.filter((u) => !u.disabled_at && u.role !== 'analyst') ?? null) : null;
}
