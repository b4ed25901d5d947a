import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/endpoints.js';
import { EmptyState, ErrorState, Skeleton } from '../components/states.js';
import { TextField } from '../components/text-field.js';
import { useDebounced } from '../components/use-debounced.js';

export default function PatientsPage() {
  const [params, setParams] = useSearchParams();
  const [input, setInput] = useState(params.get('q') ?? '');
  const q = useDebounced(input.trim()).slice(0, 100);
  // The search lives in the address so Back returns to the same results.
  useEffect(() => setParams(q ? { q } : {}, { replace: true }), [q, setParams]);

  const list = useInfiniteQuery({
    queryKey: ['patients', q],
    queryFn: ({ pageParam, signal }) =>
      api.patients({ q: q || undefined, cursor: pageParam, limit: 25 }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const { fetchNextPage, isFetchNextPageError, error } = list;

  return (
    <main className="page">
      <h1>Patients</h1>
      <search className="toolbar">
        <TextField
          label="Search by name or phone"
          className="field-grow"
          type="search"
          value={input}
          maxLength={100}
          placeholder="e.g. Priya or 98123"
          onChange={(e) => setInput(e.target.value)}
        />
      </search>
      {list.isPending ? (
        <Skeleton rows={8} label="Loading patients" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={q ? `No patient matches “${q}”.` : 'No patients yet.'}>
          {q && <p>Try part of the name, or the last digits of the phone number.</p>}
        </EmptyState>
      ) : (
        <>
          <ul className="list" aria-label="Patients">
            {rows.map((p) => (
              <li key={p.id} className="list-row">
                <Link to={`/patients/${p.id}`} className="list-link">
                  <span className="list-title">{p.full_name}</span>
                  <span className="muted">{p.phone ?? 'no phone'}</span>
                  {p.tags.length > 0 && (
                    <span className="tags">
                      {p.tags.map((t) => (
                        <span key={t} className="tag">
                          {t}
                        </span>
                      ))}
                    </span>
                  )}
                </Link>
              </li>
            ))}
          </ul>
          {list.hasNextPage && (
            <button
              type="button"
              className="button"
              onClick={() => list.fetchNextPage()}
              disabled={list.isFetchingNextPage}
            >
              {list.isFetchingNextPage ? 'Loading…' : 'Show more'}
            </button>
          )}
          {isFetchNextPageError && <ErrorState error={error} onRetry={() => fetchNextPage()} />}
        </>
      )}
    </main>
  );
}
