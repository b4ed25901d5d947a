import type { NlCase } from './nl.cases.js';

/*
 * Held-out questions, written before the interpreter was built or tuned and never tuned against: phrased
 * unlike the tuning set on purpose. nl.test.ts reports the score on them. Clock: NL_TEST_NOW (Wednesday
 * 18 November 2026, 15:30 in Asia/Kolkata); directory: NL_TEST_DIRECTORY.
 */
export const HELD_OUT: NlCase[] = [
  {
    q: 'what percentage of appointments got cancelled over the past fortnight',
    metric: 'appointment_cancellation_rate',
    period: ['2026-11-05', '2026-11-18'],
  },
  {
    q: 'avg duration of voice calls this week',
    metric: 'call_duration_avg',
    period: ['2026-11-16', '2026-11-18'],
  },
  {
    q: "How many folks didn't show up yesterday at Koramangala?",
    metric: 'appointments_no_show',
    period: ['2026-11-17', '2026-11-17'],
    filters: { location_id: 'Koramangala Clinic' },
  },
  {
    q: 'give me the journey completion rate for orthopedics in Q2',
    metric: 'journey_completion_rate',
    period: ['2026-04-01', '2026-06-30'],
    filters: { department_id: 'Orthopaedics' },
  },
  {
    q: 'WhatsApp messages received since the 5th of November',
    metric: 'messages_inbound',
    period: ['2026-11-05', '2026-11-18'],
    filters: { channel: 'whatsapp' },
  },
  {
    q: 'number of missed calls per day over the last 10 days',
    metric: 'calls_missed',
    period: ['2026-11-09', '2026-11-18'],
    group_by: 'day',
  },
  {
    q: "Dr Iyer's completion rate last month versus the month before",
    metric: 'appointment_completion_rate',
    period: ['2026-10-01', '2026-10-31'],
    compare: ['2026-09-01', '2026-09-30'],
    filters: { practitioner_id: 'Dr. Rohan Iyer' },
  },
  {
    q: 'how quickly do we reply to patients on average this month',
    metric: 'response_time_avg',
    period: ['2026-11-01', '2026-11-18'],
  },
  {
    q: 'cancellations by clinic in September',
    metric: 'appointments_cancelled',
    period: ['2026-09-01', '2026-09-30'],
    group_by: 'location_id',
  },
  {
    q: 'how many new care journeys were started in cardiology during October 2026',
    metric: 'journeys_started',
    period: ['2026-10-01', '2026-10-31'],
    filters: { department_id: 'Cardiology' },
  },
  {
    q: 'show me the no show percentage for each doctor for the last quarter',
    metric: 'appointment_no_show_rate',
    period: ['2026-07-01', '2026-09-30'],
    group_by: 'practitioner_id',
  },
  {
    q: 'calls that resulted in a booking, as a rate, last 30 days',
    metric: 'call_booking_conversion',
    period: ['2026-10-20', '2026-11-18'],
  },
  { q: 'total apointments tomorow', metric: 'appointments_total', period: ['2026-11-19', '2026-11-19'] },
  {
    q: 'how many calls did the voice agent handle between 1 and 15 October',
    metric: 'calls_total',
    period: ['2026-10-01', '2026-10-15'],
  },
  { q: "What's Kavya Rao's next appointment?", role: 'analyst', status: 'refused' },
  { q: 'tell me the weather in Mumbai', status: 'unclear' },
  {
    q: 'cancelation rate at andheri this year compared with last year',
    metric: 'appointment_cancellation_rate',
    period: ['2026-01-01', '2026-11-18'],
    compare: ['2025-01-01', '2025-11-18'],
    filters: { location_id: 'Andheri Clinic' },
  },
  {
    q: 'median response time on sms in October',
    metric: 'response_time_median',
    period: ['2026-10-01', '2026-10-31'],
    filters: { channel: 'sms' },
  },
  {
    q: 'weekly trend of completed appointments since September',
    metric: 'appointments_completed',
    period: ['2026-09-01', '2026-11-18'],
    group_by: 'week',
  },
  {
    q: 'active journeys per journey type right now',
    metric: 'journeys_active',
    period: ['2026-11-18', '2026-11-18'],
    group_by: 'template_id',
  },
];
