import { useQuery } from '@tanstack/react-query';
import { api } from '../api/endpoints.js';

type Props = { value: string; onChange: (id: string) => void; allLabel?: string; required?: boolean };

/** The organisation's practitioners (a directory stays small: one page of 200 covers it). */
export function PractitionerSelect({ value, onChange, allLabel, required }: Props) {
  const list = useQuery({
    queryKey: ['practitioners'],
    queryFn: () => api.practitioners({ limit: 200 }),
    staleTime: 5 * 60_000,
  });
  const active = (list.data?.data ?? []).filter((p) => p.active).sort((a, b) => a.name.localeCompare(b.name));
  return (
    <label className="field">
      <span>Practitioner</span>
      <select
        value={value}
        required={required}
        onChange={(e) => onChange(e.target.value)}
        aria-busy={list.isPending}
        aria-invalid={list.isError || undefined}
      >
        <option value="">{list.isError ? 'Could not load practitioners' : (allLabel ?? 'Choose…')}</option>
        {active.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title && !p.name.startsWith(p.title) ? `${p.title} ` : ''}
            {p.name}
            {p.specialty ? ` — ${p.specialty}` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
