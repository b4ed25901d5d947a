import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, type Patient } from '../api/endpoints.js';
import { describeError } from './states.js';
import { TextField } from './text-field.js';
import { useDebounced } from './use-debounced.js';

type Props = { value: Patient | null; onChange: (p: Patient | null) => void };

/** Search, then pick one of the matches: radio buttons keep it keyboard- and screen-reader-friendly. */
export function PatientPicker({ value, onChange }: Props) {
  const [input, setInput] = useState('');
  const q = useDebounced(input.trim()).slice(0, 100);
  const id = useId();
  const matches = useQuery({
    queryKey: ['patients', q, 'picker'],
    queryFn: ({ signal }) => api.patients({ q, limit: 8 }, signal),
    enabled: q.length > 0 && !value,
  });
  if (value)
    return (
      <div className="field">
        <span>Patient</span>
        <div className="picked">
          <strong data-testid="picked-patient">{value.full_name}</strong>
          <span className="muted">{value.phone}</span>
          <button type="button" className="button button-quiet" onClick={() => onChange(null)}>
            Change
          </button>
        </div>
      </div>
    );
  return (
    <fieldset className="picker">
      <legend>Patient</legend>
      <TextField
        label="Search by name or phone"
        type="search"
        value={input}
        maxLength={100}
        onChange={(e) => setInput(e.target.value)}
      />
      {matches.isFetching && <p className="muted">Searching…</p>}
      {matches.isError && (
        <p className="alert" role="alert">
          {describeError(matches.error)}
        </p>
      )}
      {matches.data && matches.data.data.length === 0 && <p className="muted">No patient matches.</p>}
      {matches.data && matches.data.data.length > 0 && (
        <ul className="picker-options" aria-label="Matching patients">
          {matches.data.data.map((p) => (
            <li key={p.id}>
              <label>
                <input type="radio" name={`${id}-patient`} value={p.id} onChange={() => onChange(p)} />
                {p.full_name} <span className="muted">{p.phone}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
