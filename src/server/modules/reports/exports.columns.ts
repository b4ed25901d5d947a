import type { Role } from '../../platform/db/schema/index.js';
import type { Dataset } from './exports.repository.js';
import type { Column } from './report.model.js';

/*
 * The columns of each row export. Staff and admins see who the patient is; analysts get the pseudonymous
 * patient id only — no name, no phone number, no free text a patient wrote or said.
 */
const IDENTITY: Record<Dataset, Column[]> = {
  appointments: [
    { key: 'patient_name', header: 'Patient', type: 'text', width: 26 },
    { key: 'patient_phone', header: 'Patient phone', type: 'text', width: 16 },
    { key: 'reason', header: 'Reason', type: 'text', width: 30 },
    { key: 'cancel_reason', header: 'Cancel reason', type: 'text', width: 24 },
  ],
  messages: [
    { key: 'patient_name', header: 'Patient', type: 'text', width: 26 },
    { key: 'patient_phone', header: 'Patient phone', type: 'text', width: 16 },
    { key: 'body', header: 'Message', type: 'text', width: 50 },
  ],
  voice_calls: [
    { key: 'patient_name', header: 'Patient', type: 'text', width: 26 },
    { key: 'from_number', header: 'From', type: 'text', width: 16 },
    { key: 'to_number', header: 'To', type: 'text', width: 16 },
    { key: 'summary', header: 'Summary', type: 'text', width: 50 },
  ],
};

const BASE: Record<Dataset, Column[]> = {
  appointments: [
    { key: 'id', header: 'Appointment id', type: 'text', width: 38 },
    { key: 'starts_at', header: 'Starts', type: 'datetime' },
    { key: 'ends_at', header: 'Ends', type: 'datetime' },
    { key: 'duration_minutes', header: 'Minutes', type: 'integer', width: 9 },
    { key: 'status', header: 'Status', type: 'text', width: 12 },
    { key: 'source', header: 'Source', type: 'text', width: 10 },
    { key: 'patient_id', header: 'Patient id', type: 'text', width: 38 },
    { key: 'practitioner', header: 'Practitioner', type: 'text', width: 24 },
    { key: 'department', header: 'Department', type: 'text', width: 18 },
    { key: 'location', header: 'Location', type: 'text', width: 18 },
    { key: 'booked_at', header: 'Booked', type: 'datetime' },
    { key: 'completed_at', header: 'Completed', type: 'datetime' },
    { key: 'cancelled_at', header: 'Cancelled', type: 'datetime' },
    { key: 'no_show_at', header: 'No-show', type: 'datetime' },
  ],
  messages: [
    { key: 'id', header: 'Message id', type: 'text', width: 38 },
    { key: 'created_at', header: 'At', type: 'datetime' },
    { key: 'direction', header: 'Direction', type: 'text', width: 10 },
    { key: 'channel', header: 'Channel', type: 'text', width: 10 },
    { key: 'status', header: 'Status', type: 'text', width: 11 },
    { key: 'message_type', header: 'Type', type: 'text', width: 10 },
    { key: 'conversation_id', header: 'Conversation id', type: 'text', width: 38 },
    { key: 'patient_id', header: 'Patient id', type: 'text', width: 38 },
    { key: 'error_code', header: 'Error code', type: 'text', width: 10 },
  ],
  voice_calls: [
    { key: 'id', header: 'Call id', type: 'text', width: 38 },
    { key: 'started_at', header: 'Started', type: 'datetime' },
    { key: 'ended_at', header: 'Ended', type: 'datetime' },
    { key: 'direction', header: 'Direction', type: 'text', width: 10 },
    { key: 'duration_seconds', header: 'Seconds', type: 'integer', width: 9 },
    { key: 'end_reason', header: 'End reason', type: 'text', width: 14 },
    { key: 'agent_name', header: 'Agent', type: 'text', width: 16 },
    { key: 'intent', header: 'Intent', type: 'text', width: 16 },
    { key: 'outcome', header: 'Outcome', type: 'text', width: 22 },
    { key: 'sentiment', header: 'Sentiment', type: 'text', width: 10 },
    { key: 'booking_status', header: 'Booking', type: 'text', width: 14 },
    { key: 'patient_id', header: 'Patient id', type: 'text', width: 38 },
    { key: 'appointment_id', header: 'Appointment id', type: 'text', width: 38 },
  ],
};

export const withIdentity = (role: Role) => role !== 'analyst';

export const rowColumns = (dataset: Dataset, role: Role): Column[] =>
  withIdentity(role) ? [...BASE[dataset], ...IDENTITY[dataset]] : BASE[dataset];
