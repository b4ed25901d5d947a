import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The page's address parameters, and a setter that changes some (an empty value removes one) and keeps the
 * rest. It starts from the address as it is when called, not as it was at the last render, so two changes
 * in one tick (a quick second field, a debounced search landing with a filter) both survive.
 */
export function useAddressParams() {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (changes: Record<string, string>) => {
      const current = new URLSearchParams(window.location.search);
      const next = new URLSearchParams(current);
      for (const [k, v] of Object.entries(changes)) v ? next.set(k, v) : next.delete(k);
      if (next.toString() !== current.toString()) setParams(next, { replace: true });
    },
    [setParams],
  );
  return [params, set] as const;
}
