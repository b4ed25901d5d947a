import { useQuery } from '@tanstack/react-query';
import { api } from '../api/endpoints.js';

type Props = {
  kind: 'departments' | 'locations';
  label: string;
  value: string;
  onChange: (id: string) => void;
};

/** A department or location filter (directories are small: one page of 200). */
export function DirectorySelect({ kind, label, value, onChange }: Props) {
  const list = useQuery({
    queryKey: [kind],
    queryFn: () => api[kind]({ limit: 200 }),
    staleTime: 5 * 60_000,
  });
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-busy={list.isPending}>
        <option value="">{list.isError ? `Could not load ${kind}` : `All ${kind}`}</option>
        {(list.data?.data ?? []).map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
    </label>
  );
}
