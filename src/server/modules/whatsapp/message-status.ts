import type { MessageStatus } from '../../platform/db/schema/index.js';

const RANK: Partial<Record<MessageStatus, number>> = {
  accepted: 1,
  scheduled: 1,
  queued: 1,
  sending: 2,
  sent: 3,
  partially_delivered: 4,
  delivered: 4,
  read: 5,
};
const TERMINAL_FAILURES = new Set<MessageStatus>(['failed', 'undelivered', 'canceled']);

export const isFailure = (s: MessageStatus) => TERMINAL_FAILURES.has(s);

export function asStatus(v: string | null): MessageStatus | null {
  return v && (v in RANK || TERMINAL_FAILURES.has(v as MessageStatus)) ? (v as MessageStatus) : null;
}

/**
 * The furthest state reached, whatever order callbacks arrive in: never backwards, a failure is final
 * (a late `sent` does not undo it), and a message that reached the phone cannot fail afterwards.
 */
export function advance(current: MessageStatus, incoming: MessageStatus): MessageStatus {
  if (isFailure(current)) return current;
  const cur = RANK[current] ?? 0;
  if (isFailure(incoming)) return cur >= 4 ? current : incoming;
  return (RANK[incoming] ?? 0) > cur ? incoming : current;
}
