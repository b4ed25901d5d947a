import type { Role } from '../../../platform/db/schema/index.js';
import type { Directory } from './nl.entities.js';

/** What a question should be understood as. Unstated fields must be empty (no filters, no grouping…). */
export type NlCase = {
  q: string;
  role?: Role;
  status?: 'ok' | 'unclear' | 'refused' | 'patient';
  metric?: string | string[];
  domain?: string;
  period?: [string, string];
  compare?: [string, string];
  /** Filter name → the entity's name (or the channel). */
  filters?: Record<string, string>;
  group_by?: string;
  template?: string;
};

/** Wednesday 18 November 2026, 15:30 in Kolkata. */
export const NL_TEST_NOW = new Date('2026-11-18T10:00:00Z');
export const NL_TEST_ZONE = 'Asia/Kolkata';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const NL_TEST_DIRECTORY: Directory = {
  departments: [
    'Cardiology',
    'Orthopaedics',
    'Paediatrics',
    'Dermatology',
    'General Medicine',
    'Obstetrics & Gynaecology',
  ].map((name, i) => ({ id: id(100 + i), name })),
  locations: ['Andheri Clinic', 'Koramangala Clinic', 'Banjara Hills Hospital'].map((name, i) => ({
    id: id(200 + i),
    name,
  })),
  practitioners: [
    ['Dr. Anjali Mehta', 'Cardiologist', 100],
    ['Dr. Rohan Iyer', 'Orthopaedic Surgeon', 101],
    ['Dr. Priya Sharma', 'Paediatrician', 102],
    ['Dr. Sanjay Rao', 'Dermatologist', 103],
    ['Dr. Vikram Nair', 'General Physician', 104],
    ['Dr. Meera Kulkarni', 'Gynaecologist', 105],
    ['Dr. Arjun Sharma', 'Cardiologist', 100],
  ].map(([name, specialty, dept], i) => ({
    id: id(300 + i),
    name: name as string,
    specialty: specialty as string,
    department_id: id(dept as number),
  })),
  templates: ['Knee replacement', 'Antenatal care', 'Diabetes management'].map((name, i) => ({
    id: id(400 + i),
    name,
  })),
};

const LAST_30: [string, string] = ['2026-10-20', '2026-11-18'];
const TODAY: [string, string] = ['2026-11-18', '2026-11-18'];
const THIS_WEEK: [string, string] = ['2026-11-16', '2026-11-18'];
const LAST_WEEK: [string, string] = ['2026-11-09', '2026-11-15'];
const THIS_MONTH: [string, string] = ['2026-11-01', '2026-11-18'];
const LAST_MONTH: [string, string] = ['2026-10-01', '2026-10-31'];
const OCTOBER = LAST_MONTH;

/** The tuning set: the questions the interpreter was developed against. */
export const CASES: NlCase[] = [
  // Metrics of every section, plainly asked
  {
    q: 'What was the no-show rate last month?',
    metric: 'appointment_no_show_rate',
    domain: 'appointments',
    period: LAST_MONTH,
  },
  { q: 'cancellation rate this week', metric: 'appointment_cancellation_rate', period: THIS_WEEK },
  { q: 'completion rate of appointments today', metric: 'appointment_completion_rate', period: TODAY },
  {
    q: 'How many appointments were there yesterday?',
    metric: 'appointments_total',
    period: ['2026-11-17', '2026-11-17'],
  },
  { q: 'how many appointments tomorrow', metric: 'appointments_total', period: ['2026-11-19', '2026-11-19'] },
  { q: 'number of cancelled appointments last week', metric: 'appointments_cancelled', period: LAST_WEEK },
  { q: 'how many no-shows this month', metric: 'appointments_no_show', period: THIS_MONTH },
  { q: 'How many patients did not show up last week?', metric: 'appointments_no_show', period: LAST_WEEK },
  { q: 'completed appointments in October', metric: 'appointments_completed', period: OCTOBER },
  {
    q: 'how many appointments are still unconfirmed next week',
    metric: 'appointments_booked',
    period: ['2026-11-23', '2026-11-29'],
  },
  { q: 'confirmed appointments today', metric: 'appointments_confirmed', period: TODAY },
  { q: 'how many patients checked in today', metric: 'appointments_checked_in', period: TODAY },
  {
    q: 'average booking lead time this quarter',
    metric: 'appointment_lead_time_hours',
    period: ['2026-10-01', '2026-11-18'],
  },
  { q: 'how far in advance do patients book', metric: 'appointment_lead_time_hours', period: LAST_30 },
  {
    q: 'journey completion rate this year',
    metric: 'journey_completion_rate',
    domain: 'journeys',
    period: ['2026-01-01', '2026-11-18'],
  },
  { q: 'how many journeys were started last month', metric: 'journeys_started', period: LAST_MONTH },
  { q: 'completed care journeys in Q3', metric: 'journeys_completed', period: ['2026-07-01', '2026-09-30'] },
  { q: 'how many active journeys do we have today', metric: 'journeys_active', period: TODAY },
  { q: 'journeys cancelled since 1 Nov', metric: 'journeys_cancelled', period: THIS_MONTH },
  {
    q: 'journey drop-offs by stage this year',
    metric: 'journey_drop_offs',
    period: ['2026-01-01', '2026-11-18'],
    group_by: 'stage',
  },
  {
    q: 'average time per stage in journeys last quarter',
    metric: 'journey_stage_time_days',
    period: ['2026-07-01', '2026-09-30'],
  },
  {
    q: 'how many messages did we get yesterday',
    metric: 'messages_inbound',
    domain: 'communication',
    period: ['2026-11-17', '2026-11-17'],
  },
  { q: 'how many messages this week', metric: ['messages_inbound', 'messages_outbound'], period: THIS_WEEK },
  { q: 'messages sent last month', metric: 'messages_outbound', period: LAST_MONTH },
  { q: 'average response time this month', metric: 'response_time_avg', period: THIS_MONTH },
  {
    q: 'what is our first response time on whatsapp',
    metric: 'first_response_time_avg',
    period: LAST_30,
    filters: { channel: 'whatsapp' },
  },
  { q: 'median reply time last week', metric: 'response_time_median', period: LAST_WEEK },
  { q: 'how many new conversations today', metric: 'conversations_opened', period: TODAY },
  { q: 'conversations closed in October', metric: 'conversations_closed', period: OCTOBER },
  { q: 'how many calls today', metric: 'calls_total', domain: 'voice_calls', period: TODAY },
  { q: 'How many calls did the voice agent take last week?', metric: 'calls_total', period: LAST_WEEK },
  { q: 'missed calls yesterday', metric: 'calls_missed', period: ['2026-11-17', '2026-11-17'] },
  { q: 'how many calls were answered this month', metric: 'calls_answered', period: THIS_MONTH },
  { q: 'average call duration last month', metric: 'call_duration_avg', period: LAST_MONTH },
  { q: 'how long do calls last on average', metric: 'call_duration_avg', period: LAST_30 },
  { q: 'booking conversion of calls this month', metric: 'call_booking_conversion', period: THIS_MONTH },
  {
    q: 'what share of calls were transferred to staff last week',
    metric: 'call_transfer_rate',
    period: LAST_WEEK,
  },
  { q: 'negative sentiment on calls in October', metric: 'call_sentiment_negative', period: OCTOBER },
  {
    q: 'caller sentiment this week',
    metric: ['call_sentiment_positive', 'call_sentiment_neutral', 'call_sentiment_negative'],
    period: THIS_WEEK,
  },
  { q: 'appointments', metric: 'appointments_total', period: LAST_30 },
  // Time expressions
  {
    q: 'appointments in the last 7 days',
    metric: 'appointments_total',
    period: ['2026-11-12', '2026-11-18'],
  },
  {
    q: 'no show rate over the last 90 days',
    metric: 'appointment_no_show_rate',
    period: ['2026-08-21', '2026-11-18'],
  },
  { q: 'calls in the past 2 weeks', metric: 'calls_total', period: ['2026-11-05', '2026-11-18'] },
  {
    q: 'cancellations over the past three months',
    metric: 'appointments_cancelled',
    period: ['2026-08-19', '2026-11-18'],
  },
  {
    q: 'no-show rate October 2025',
    metric: 'appointment_no_show_rate',
    period: ['2025-10-01', '2025-10-31'],
  },
  { q: 'appointments in December', metric: 'appointments_total', period: ['2025-12-01', '2025-12-31'] },
  { q: 'calls since November 3rd', metric: 'calls_total', period: ['2026-11-03', '2026-11-18'] },
  {
    q: 'appointments between 3 and 10 March',
    metric: 'appointments_total',
    period: ['2026-03-03', '2026-03-10'],
  },
  {
    q: 'messages from 1 October to 15 October',
    metric: ['messages_inbound', 'messages_outbound'],
    period: ['2026-10-01', '2026-10-15'],
  },
  {
    q: 'cancellation rate between 2026-09-01 and 2026-09-15',
    metric: 'appointment_cancellation_rate',
    period: ['2026-09-01', '2026-09-15'],
  },
  { q: 'no-show rate in Q1', metric: 'appointment_no_show_rate', period: ['2026-01-01', '2026-03-31'] },
  { q: 'completed journeys in Q4 2025', metric: 'journeys_completed', period: ['2025-10-01', '2025-12-31'] },
  { q: 'calls last quarter', metric: 'calls_total', period: ['2026-07-01', '2026-09-30'] },
  { q: 'appointments last year', metric: 'appointments_total', period: ['2025-01-01', '2025-12-31'] },
  {
    q: 'how many appointments on Monday',
    metric: 'appointments_total',
    period: ['2026-11-16', '2026-11-16'],
  },
  { q: 'calls the day before yesterday', metric: 'calls_total', period: ['2026-11-16', '2026-11-16'] },
  { q: 'messages received so far this month', metric: 'messages_inbound', period: THIS_MONTH },
  { q: 'appointments year to date', metric: 'appointments_total', period: ['2026-01-01', '2026-11-18'] },
  { q: 'no-shows on 5 November', metric: 'appointments_no_show', period: ['2026-11-05', '2026-11-05'] },
  // The tenant's own practitioners, departments, locations, templates
  {
    q: "What is Dr. Mehta's no-show rate this month?",
    metric: 'appointment_no_show_rate',
    period: THIS_MONTH,
    filters: { practitioner_id: 'Dr. Anjali Mehta' },
  },
  {
    q: 'appointments for Dr Rohan Iyer last week',
    metric: 'appointments_total',
    period: LAST_WEEK,
    filters: { practitioner_id: 'Dr. Rohan Iyer' },
  },
  {
    q: 'cancellation rate in cardiology last month',
    metric: 'appointment_cancellation_rate',
    period: LAST_MONTH,
    filters: { department_id: 'Cardiology' },
  },
  {
    q: 'how many appointments at Andheri today',
    metric: 'appointments_total',
    period: TODAY,
    filters: { location_id: 'Andheri Clinic' },
  },
  {
    q: 'no shows at the Banjara Hills hospital this week',
    metric: 'appointments_no_show',
    period: THIS_WEEK,
    filters: { location_id: 'Banjara Hills Hospital' },
  },
  {
    q: 'paediatrics completion rate in October',
    metric: 'appointment_completion_rate',
    period: OCTOBER,
    filters: { department_id: 'Paediatrics' },
  },
  {
    q: 'appointments with the cardiologists at Koramangala this month',
    metric: 'appointments_total',
    period: THIS_MONTH,
    filters: { department_id: 'Cardiology', location_id: 'Koramangala Clinic' },
  },
  {
    q: 'journeys started in gynaecology this year',
    metric: 'journeys_started',
    period: ['2026-01-01', '2026-11-18'],
    filters: { department_id: 'Obstetrics & Gynaecology' },
  },
  {
    q: 'how many knee replacement journeys were completed last quarter',
    metric: 'journeys_completed',
    period: ['2026-07-01', '2026-09-30'],
    template: 'Knee replacement',
  },
  { q: 'sms messages sent today', metric: 'messages_outbound', period: TODAY, filters: { channel: 'sms' } },
  // Grouping and ranking
  {
    q: 'appointments by department last month',
    metric: 'appointments_total',
    period: LAST_MONTH,
    group_by: 'department_id',
  },
  {
    q: 'no-show rate per doctor this quarter',
    metric: 'appointment_no_show_rate',
    period: ['2026-10-01', '2026-11-18'],
    group_by: 'practitioner_id',
  },
  {
    q: 'cancellations per location in October',
    metric: 'appointments_cancelled',
    period: OCTOBER,
    group_by: 'location_id',
  },
  {
    q: 'messages by channel this week',
    metric: ['messages_inbound', 'messages_outbound'],
    period: THIS_WEEK,
    group_by: 'channel',
  },
  { q: 'calls per day last week', metric: 'calls_total', period: LAST_WEEK, group_by: 'day' },
  {
    q: 'weekly appointments this quarter',
    metric: 'appointments_total',
    period: ['2026-10-01', '2026-11-18'],
    group_by: 'week',
  },
  {
    q: 'appointments per month this year',
    metric: 'appointments_total',
    period: ['2026-01-01', '2026-11-18'],
    group_by: 'month',
  },
  {
    q: 'which doctor had the most no-shows last month',
    metric: 'appointments_no_show',
    period: LAST_MONTH,
    group_by: 'practitioner_id',
  },
  {
    q: 'journey completion rate by journey type this year',
    metric: 'journey_completion_rate',
    period: ['2026-01-01', '2026-11-18'],
    group_by: 'template_id',
  },
  { q: 'calls by direction today', metric: 'calls_total', period: TODAY, group_by: 'direction' },
  // Comparisons
  {
    q: 'no-show rate this month compared to last month',
    metric: 'appointment_no_show_rate',
    period: THIS_MONTH,
    compare: ['2026-10-01', '2026-10-18'],
  },
  {
    q: 'appointments last month vs the month before',
    metric: 'appointments_total',
    period: LAST_MONTH,
    compare: ['2026-09-01', '2026-09-30'],
  },
  {
    q: 'calls in October versus September',
    metric: 'calls_total',
    period: OCTOBER,
    compare: ['2026-09-01', '2026-09-30'],
  },
  {
    q: 'cancellation rate last week compared with the previous week',
    metric: 'appointment_cancellation_rate',
    period: LAST_WEEK,
    compare: ['2026-11-02', '2026-11-08'],
  },
  {
    q: 'appointments this month vs last year',
    metric: 'appointments_total',
    period: THIS_MONTH,
    compare: ['2025-11-01', '2025-11-18'],
  },
  // Typos
  { q: 'no-show rat lst month', metric: 'appointment_no_show_rate', period: LAST_MONTH },
  { q: 'cancelations yesterdy', metric: 'appointments_cancelled', period: ['2026-11-17', '2026-11-17'] },
  { q: 'averge call duraton this mnth', metric: 'call_duration_avg', period: THIS_MONTH },
  {
    q: 'apointments in cardiolgy last week',
    metric: 'appointments_total',
    period: LAST_WEEK,
    filters: { department_id: 'Cardiology' },
  },
  { q: 'journy completion rate in octber', metric: 'journey_completion_rate', period: OCTOBER },
  {
    q: 'how many appointmnets for Dr. Mehtta today',
    metric: 'appointments_total',
    period: TODAY,
    filters: { practitioner_id: 'Dr. Anjali Mehta' },
  },
  // Found while probing the interpreter with new phrasings
  {
    q: 'inbound vs outbound calls last month',
    metric: 'calls_total',
    period: LAST_MONTH,
    group_by: 'direction',
  },
  {
    q: 'whatsapp vs sms messages this week',
    metric: ['messages_inbound', 'messages_outbound'],
    period: THIS_WEEK,
    group_by: 'channel',
  },
  {
    q: 'compare appointments this week with last week',
    metric: 'appointments_total',
    period: THIS_WEEK,
    compare: ['2026-11-09', '2026-11-11'],
  },
  {
    q: "what's the cancellation rate for dermatology vs last month",
    metric: 'appointment_cancellation_rate',
    period: THIS_MONTH,
    compare: ['2026-10-01', '2026-10-18'],
    filters: { department_id: 'Dermatology' },
  },
  {
    q: 'Are we responding faster this month than last month?',
    metric: 'response_time_avg',
    period: THIS_MONTH,
    compare: ['2026-10-01', '2026-10-18'],
  },
  { q: 'calls in the last 24 hours', metric: 'calls_total', period: ['2026-11-17', '2026-11-18'] },
  {
    q: 'no-show rate 1-15 november',
    metric: 'appointment_no_show_rate',
    period: ['2026-11-01', '2026-11-15'],
  },
  {
    q: 'appointment volume in the first week of November',
    metric: 'appointments_total',
    period: ['2026-11-01', '2026-11-07'],
  },
  {
    q: 'How many appointments have been cancelled since the start of the month?',
    metric: 'appointments_cancelled',
    period: THIS_MONTH,
  },
  {
    q: 'cancellation rate H1 2026',
    metric: 'appointment_cancellation_rate',
    period: ['2026-01-01', '2026-06-30'],
  },
  {
    q: 'Which location has the lowest no-show rate this year?',
    metric: 'appointment_no_show_rate',
    period: ['2026-01-01', '2026-11-18'],
    group_by: 'location_id',
  },
  { q: 'hw mny cals tday', metric: 'calls_total', period: TODAY },
  // Questions about one patient, and questions it cannot answer
  { q: 'what did Kavya Rao book', role: 'analyst', status: 'refused' },
  { q: 'appointments of patient +91 98765 43210', role: 'analyst', status: 'refused' },
  { q: 'when is patient Arjun Verma coming next', role: 'analyst', status: 'refused' },
  { q: 'what did Kavya Rao book', role: 'staff', status: 'patient' },
  { q: 'what is the meaning of life', status: 'unclear' },
  { q: 'asdf qwerty', status: 'unclear' },
  { q: 'no-show rate for Dr. Sharma', status: 'unclear' },
];
