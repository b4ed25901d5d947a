import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/** Address parameters with some changed: an empty value removes one, the rest stay. */
export function withChanges(base: URLSearchParams, changes: Record<string, string>) {
  const next = new URLSearchParams(base);
  for (const [k, v] of Object.entries(changes)) v ? next.set(k, v) : next.delete(k);
  return next;
}

/**
 * The page's address parameters, and a setter that applies `withChanges`. It starts from the address as it
 * is when called, not as it was at the last render, so two changes in one tick (a quick second field, a
 * debounced search landing with a filter) both survive.
 */
export function useAddressParams() {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (changes: Record<string, string>) => {
      const current = new URLSearchParams(window.location.search);
      const next = withChanges(current, changes);
      if (next.toString() !== current.toString()) setParams(next, { replace: true });
    },
    [setParams],
  );
  return [params, set] as const;
}
