import { useQuery } from '@tanstack/react-query';
import { ApiError } from './api/client.js';
import { api, type Me } from './api/endpoints.js';

export const ME_KEY = ['me'] as const;

/** Who is signed in; `null` when nobody is (a 401 is an answer here, not an error). */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        return await api.me();
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

/** Staff and admins see patient data; analysts see analytics and the assistant only (the API enforces it). */
export const seesPatients = (me: Me) => me.principal.role !== 'analyst';

/** Only same-site paths: `?next=https://evil.example` or `//evil.example` must not make the login an open
 * redirect. */
export const safeNext = (next: string | null) =>
  next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
