import { z } from 'zod';
import { STAFF } from '../../../platform/auth/principal.js';
import { page } from '../../../platform/http/pagination.js';
import * as appointmentSchemas from '../../appointments/appointments.schemas.js';
import { listAppointments } from '../../appointments/appointments.service.js';
import * as journeySchemas from '../../journeys/journeys.schemas.js';
import { listJourneys } from '../../journeys/journeys.service.js';
import * as patientSchemas from '../../patients/patients.schemas.js';
import { getPatient, listPatients } from '../../patients/patients.service.js';
import { defineTool, type ToolEnv } from '../assistant.registry.js';

const DAY_MS = 86_400_000;
/** Statuses that still need the patient to come in. */
const PENDING = new Set(['booked', 'confirmed', 'checked_in']);

const uuidArg = (what: string) => z.uuid().describe(what);

/** Appointments from now on, still pending, in start order (page by page, skipping cancelled ones). */
async function upcoming(
  env: ToolEnv,
  f: {
    days: number;
    limit: number;
    patient_id?: string | undefined;
    practitioner_id?: string | undefined;
    department_id?: string | undefined;
    location_id?: string | undefined;
  },
) {
  const from = env.now();
  const { days, limit, ...filters } = f;
  const to = new Date(from.getTime() + days * DAY_MS);
  const out: Awaited<ReturnType<typeof listAppointments>>['data'] = [];
  let cursor: string | undefined;
  do {
    const res = await listAppointments(env.db, env.ctx, { ...filters, from, to, limit, cursor });
    out.push(...res.data.filter((a) => PENDING.has(a.status)));
    cursor = res.next_cursor ?? undefined;
  } while (cursor && out.length < limit);
  return out.slice(0, limit);
}

const appointmentList = z.object({ data: z.array(appointmentSchemas.appointment) });

export const searchPatients = defineTool({
  name: 'search_patients',
  title: 'Search patients',
  description:
    'Find patients of this organisation by part of their name, or by phone number (any format, e.g. ' +
    '"+91 98…"). Returns matching patients with id, name, phone, e-mail, date of birth and tags. Use the ' +
    'id with get_patient_summary for appointments and journeys.',
  input: z.strictObject({
    query: z.string().trim().min(1).max(100).describe('Part of a name, or a phone number'),
    limit: z.number().int().min(1).max(50).default(10).describe('At most this many patients (default 10)'),
  }),
  output: page(patientSchemas.patient),
  roles: STAFF,
  handler: (env, args) => listPatients(env.db, env.ctx, { q: args.query, limit: args.limit }),
});

export const getPatientSummary = defineTool({
  name: 'get_patient_summary',
  title: 'Patient summary',
  description:
    'One patient at a glance: their details, their upcoming appointments (next 90 days, still booked, ' +
    'confirmed or checked in) and their active care journeys with progress. Needs the patient id ' +
    '(from search_patients).',
  input: z.strictObject({ patient_id: uuidArg('The patient id (UUID)') }),
  output: z.object({
    patient: patientSchemas.patient,
    upcoming_appointments: z.array(appointmentSchemas.appointment),
    active_journeys: z.array(journeySchemas.journey),
  }),
  roles: STAFF,
  handler: async (env, { patient_id }) => {
    const patient = await getPatient(env.db, env.ctx, patient_id);
    const upcomingAppointments = await upcoming(env, { patient_id, days: 90, limit: 20 });
    const journeys = await listJourneys(env.db, env.ctx, { patient_id, status: 'active', limit: 50 });
    return { patient, upcoming_appointments: upcomingAppointments, active_journeys: journeys.data };
  },
});

export const listUpcomingAppointments = defineTool({
  name: 'list_upcoming_appointments',
  title: 'Upcoming appointments',
  description:
    'Appointments starting from now within the next `days` days that are still booked, confirmed or ' +
    'checked in, earliest first, with patient and practitioner names. Optionally only one practitioner, ' +
    'department, location or patient (ids).',
  input: z.strictObject({
    days: z.number().int().min(1).max(90).default(7).describe('How many days ahead (default 7)'),
    practitioner_id: uuidArg('Only this practitioner').optional(),
    department_id: uuidArg('Only this department').optional(),
    location_id: uuidArg('Only this location').optional(),
    patient_id: uuidArg('Only this patient').optional(),
    limit: z.number().int().min(1).max(100).default(20).describe('At most this many (default 20)'),
  }),
  output: appointmentList,
  roles: STAFF,
  handler: async (env, args) => ({ data: await upcoming(env, args) }),
});

export const CORE_TOOLS = [searchPatients, getPatientSummary, listUpcomingAppointments];
