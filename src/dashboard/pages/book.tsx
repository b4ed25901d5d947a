import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, type Me, type Patient } from '../api/endpoints.js';
import { PatientPicker } from '../components/patient-picker.js';
import { PractitionerSelect } from '../components/practitioner-select.js';
import { describeError } from '../components/states.js';
import { TextField } from '../components/text-field.js';
import { useMe } from '../session.js';
import { instantAt, today } from '../time.js';

const DURATIONS = [10, 15, 20, 30, 45, 60, 90];

export default function BookPage() {
  const me = useMe().data as Me;
  const tz = me.organization.time_zone;
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const preset = params.get('patient');
  const presetPatient = useQuery({
    queryKey: ['patient', preset],
    queryFn: () => api.patient(preset as string),
    enabled: Boolean(preset),
  });
  const [picked, setPicked] = useState<Patient | null | undefined>(undefined);
  const patient = picked === undefined ? (presetPatient.data ?? null) : picked;
  const [practitionerId, setPractitionerId] = useState(params.get('practitioner') ?? '');
  const [day, setDay] = useState(params.get('date') ?? today(tz));
  const [time, setTime] = useState('09:00');
  const [duration, setDuration] = useState(15);
  const [reason, setReason] = useState('');

  const book = useMutation({
    mutationFn: api.book,
    onSuccess: (a) => {
      queryClient.invalidateQueries({ queryKey: ['appointments'] });
      navigate(`/appointments?date=${day}&practitioner=${a.practitioner_id}`);
    },
  });
  const missing = !patient ? 'Choose a patient.' : !practitionerId ? 'Choose a practitioner.' : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!patient || !practitionerId) return;
    book.mutate({
      patient_id: patient.id,
      practitioner_id: practitionerId,
      starts_at: instantAt(day, time, tz).toISOString(),
      duration_minutes: duration,
      reason: reason.trim() || null,
    });
  };

  return (
    <main className="page">
      <p className="breadcrumb">
        <Link to="/appointments">Appointments</Link>
      </p>
      <h1>New appointment</h1>
      <form className="card form" onSubmit={submit}>
        <PatientPicker value={patient} onChange={setPicked} />
        <PractitionerSelect value={practitionerId} onChange={setPractitionerId} required />
        <div className="form-row">
          <label className="field">
            <span>Date</span>
            <input type="date" value={day} required onChange={(e) => setDay(e.target.value)} />
          </label>
          <label className="field">
            <span>Time ({tz})</span>
            <input type="time" value={time} required step={300} onChange={(e) => setTime(e.target.value)} />
          </label>
          <label className="field">
            <span>Duration</span>
            <select value={duration} onChange={(e) => setDuration(Number(e.target.value))}>
              {DURATIONS.map((d) => (
                <option key={d} value={d}>
                  {d} min
                </option>
              ))}
            </select>
          </label>
        </div>
        <TextField
          label="Reason (optional)"
          value={reason}
          maxLength={1000}
          onChange={(e) => setReason(e.target.value)}
        />
        {book.isError && (
          <p className="alert" role="alert">
            {describeError(book.error)}
          </p>
        )}
        <button
          type="submit"
          className="button button-primary"
          disabled={book.isPending || Boolean(missing)}
          aria-describedby={missing ? 'book-missing' : undefined}
        >
          {book.isPending ? 'Booking…' : 'Book appointment'}
        </button>
        {missing && (
          <p id="book-missing" className="muted">
            {missing}
          </p>
        )}
      </form>
    </main>
  );
}
