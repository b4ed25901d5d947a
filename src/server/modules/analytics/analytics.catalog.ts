import type { FactName } from '../../platform/db/schema/index.js';
import type { Sums } from './analytics.aggregate.js';
import { BUCKET_GROWTH, FACTS } from './analytics.facts.js';
import { FILTERS, type FilterName, SECTIONS, type Section, type Unit } from './analytics.names.js';

/*
 * THE metric catalog: every figure PRM shows, exports, streams or hands to an AI tool is one of these, and
 * is computed only by `value` over the sums of its fact (analytics.facts.ts defines those sums).
 */
export { FILTERS, type FilterName, SECTIONS, type Section, UNITS, type Unit } from './analytics.names.js';

/** Breakdowns: name → the fact dimensions grouped by. */
export const BREAKDOWNS: Record<string, string[]> = {
  practitioner_id: ['practitioner_id'],
  department_id: ['department_id'],
  location_id: ['location_id'],
  template_id: ['template_id'],
  stage: ['position', 'stage_name'],
  channel: ['channel'],
  direction: ['direction'],
  agent_id: ['agent_id'],
};

type Base = { name: string; label: string; definition: string; unit: Unit; section: Section };
type Def = Base & {
  fact: FactName;
  breakdowns: string[];
  /** Sum metrics: the formula over the fact's summed measures (null when undefined, e.g. 0/0). */
  value?: (s: Sums) => number | null;
  /** Counted from the beginning of time to the period's end (a state, not a flow). */
  cumulative?: boolean;
  /** Median over the response-time histogram. */
  median?: boolean;
};
export type Metric = Def & { filters: FilterName[] };

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 4) : null);
const avg = (sum: number, n: number, per = 1) => (n > 0 ? round(sum / n / per, 1) : null);

const APPT = ['practitioner_id', 'department_id', 'location_id'];
const JOURNEY = ['department_id', 'template_id'];
const STAGE = ['stage', 'department_id', 'template_id'];
const CALL = ['direction', 'agent_id'];

const appt = (
  name: string,
  label: string,
  definition: string,
  unit: Unit,
  value: (s: Sums) => number | null,
): Def => ({
  name,
  label,
  definition,
  unit,
  value,
  section: 'appointments',
  fact: 'appointments',
  breakdowns: APPT,
});
const status = (s: string, label: string) =>
  appt(
    `appointments_${s}`,
    label,
    `Appointments starting in the period whose status is now ${s}.`,
    'count',
    (x) => x[s] ?? 0,
  );
const journey = (name: string, label: string, definition: string, unit: Unit, value: Def['value']): Def => ({
  name,
  label,
  definition,
  unit,
  value,
  section: 'journeys',
  fact: 'journeys',
  breakdowns: JOURNEY,
});
const comm = (name: string, label: string, definition: string, unit: Unit, value: Def['value']): Def => ({
  name,
  label,
  definition,
  unit,
  value,
  section: 'communication',
  fact: 'communication',
  breakdowns: ['channel'],
});
const call = (name: string, label: string, definition: string, unit: Unit, value: Def['value']): Def => ({
  name,
  label,
  definition,
  unit,
  value,
  section: 'voice_calls',
  fact: 'calls',
  breakdowns: CALL,
});
const sentiment = (x: Sums) =>
  (x.sentiment_positive ?? 0) + (x.sentiment_neutral ?? 0) + (x.sentiment_negative ?? 0);
const share = (k: string, label: string) =>
  call(
    `call_sentiment_${k}`,
    `${label} sentiment`,
    `Share of calls starting in the period with a sentiment that were ${k}.`,
    'ratio',
    (x) => ratio(x[`sentiment_${k}`] ?? 0, sentiment(x)),
  );

const DEFS: Def[] = [
  appt(
    'appointments_total',
    'Appointments',
    'Appointments whose start time falls in the period (any status).',
    'count',
    (x) => x.total ?? 0,
  ),
  status('booked', 'Booked'),
  status('confirmed', 'Confirmed'),
  status('checked_in', 'Checked in'),
  status('completed', 'Completed'),
  status('cancelled', 'Cancelled'),
  status('no_show', 'No-shows'),
  appt(
    'appointment_completion_rate',
    'Completion rate',
    'Completed ÷ (completed + cancelled + no-show), over appointments starting in the period.',
    'ratio',
    (x) => ratio(x.completed ?? 0, (x.completed ?? 0) + (x.cancelled ?? 0) + (x.no_show ?? 0)),
  ),
  appt(
    'appointment_cancellation_rate',
    'Cancellation rate',
    'Cancelled ÷ all appointments starting in the period.',
    'ratio',
    (x) => ratio(x.cancelled ?? 0, x.total ?? 0),
  ),
  appt(
    'appointment_no_show_rate',
    'No-show rate',
    'No-show ÷ (completed + no-show): of the patients expected, the share who did not come.',
    'ratio',
    (x) => ratio(x.no_show ?? 0, (x.completed ?? 0) + (x.no_show ?? 0)),
  ),
  appt(
    'appointment_lead_time_hours',
    'Average lead time',
    'Mean time from booking to the appointment start (whole seconds, negatives as 0), in hours.',
    'hours',
    (x) => avg(x.lead_time_seconds_sum ?? 0, x.total ?? 0, 3600),
  ),
  journey(
    'journeys_started',
    'Journeys started',
    'Patient journeys started in the period.',
    'count',
    (x) => x.started ?? 0,
  ),
  journey(
    'journeys_completed',
    'Journeys completed',
    'Journeys with status completed whose completion falls in the period.',
    'count',
    (x) => x.completed ?? 0,
  ),
  journey(
    'journeys_cancelled',
    'Journeys cancelled',
    'Journeys with status cancelled whose cancellation falls in the period.',
    'count',
    (x) => x.cancelled ?? 0,
  ),
  {
    ...journey(
      'journeys_active',
      'Active journeys',
      'Journeys open at the end of the period: started by then and not completed or cancelled by then.',
      'count',
      (x) => (x.started ?? 0) - (x.completed ?? 0) - (x.cancelled ?? 0),
    ),
    cumulative: true,
  },
  journey(
    'journey_completion_rate',
    'Journey completion rate',
    'Completed ÷ (completed + cancelled), over journeys that ended in the period.',
    'ratio',
    (x) => ratio(x.completed ?? 0, (x.completed ?? 0) + (x.cancelled ?? 0)),
  ),
  {
    name: 'journey_stage_time_days',
    label: 'Average time per stage',
    definition:
      'Mean time from a stage’s start to its completion, over stages completed in the period, in days.',
    unit: 'days',
    section: 'journeys',
    fact: 'journey_stages',
    breakdowns: STAGE,
    value: (x) => avg(x.stage_seconds_sum ?? 0, x.stages_completed ?? 0, 86_400),
  },
  {
    name: 'journey_stages_completed',
    label: 'Stages completed',
    definition: 'Journey stages completed in the period.',
    unit: 'count',
    section: 'journeys',
    fact: 'journey_stages',
    breakdowns: STAGE,
    value: (x) => x.stages_completed ?? 0,
  },
  {
    name: 'journey_drop_offs',
    label: 'Drop-offs',
    definition:
      'Journeys cancelled in the period, attributed (breakdown "stage") to their first stage that was neither completed nor skipped.',
    unit: 'count',
    section: 'journeys',
    fact: 'journey_stages',
    breakdowns: STAGE,
    value: (x) => x.dropped_off ?? 0,
  },
  comm(
    'messages_inbound',
    'Messages in',
    'Messages received from patients in the period.',
    'count',
    (x) => x.messages_in ?? 0,
  ),
  comm(
    'messages_outbound',
    'Messages out',
    'Messages sent to patients in the period (any delivery status).',
    'count',
    (x) => x.messages_out ?? 0,
  ),
  comm(
    'conversations_opened',
    'Conversations opened',
    'Conversations whose opening falls in the period.',
    'count',
    (x) => x.conversations_opened ?? 0,
  ),
  comm(
    'conversations_closed',
    'Conversations closed',
    'Conversations now closed whose closing falls in the period.',
    'count',
    (x) => x.conversations_closed ?? 0,
  ),
  comm(
    'responses',
    'Responses',
    'Outbound messages in the period that answer one or more unanswered inbound messages of their conversation.',
    'count',
    (x) => x.responses ?? 0,
  ),
  comm(
    'first_response_time_avg',
    'First response time',
    'Mean time from a conversation’s first inbound message to the first outbound message after it, over first responses sent in the period, in seconds.',
    'seconds',
    (x) => avg(x.first_response_seconds_sum ?? 0, x.first_responses ?? 0),
  ),
  comm(
    'response_time_avg',
    'Average response time',
    'Mean response time (from the earliest unanswered inbound message to the answering outbound message) over responses sent in the period, in seconds.',
    'seconds',
    (x) => avg(x.response_seconds_sum ?? 0, x.responses ?? 0),
  ),
  {
    name: 'response_time_median',
    label: 'Median response time',
    definition: `Median of the same response times, from a histogram with buckets ${Math.round((BUCKET_GROWTH - 1) * 100)}% wide (reported as the bucket's geometric middle, so within ±5%), in seconds.`,
    unit: 'seconds',
    section: 'communication',
    fact: 'response_buckets',
    breakdowns: ['channel'],
    median: true,
  },
  call(
    'calls_total',
    'Calls',
    'Voice-agent calls starting in the period (any outcome, including in progress).',
    'count',
    (x) => x.total ?? 0,
  ),
  call(
    'calls_answered',
    'Answered calls',
    'Calls that ended completed, hung up by either side, or transferred.',
    'count',
    (x) => x.answered ?? 0,
  ),
  call(
    'calls_missed',
    'Missed calls',
    'Calls that ended unanswered: no answer, busy, failed or voicemail.',
    'count',
    (x) => x.missed ?? 0,
  ),
  call(
    'call_duration_avg',
    'Average call duration',
    'Mean duration of answered calls, in seconds.',
    'seconds',
    (x) => avg(x.duration_seconds_sum ?? 0, x.answered ?? 0),
  ),
  call(
    'call_booking_conversion',
    'Booking conversion',
    'Answered calls that booked an appointment (outcome appointment_booked or booking_status booked) ÷ answered calls.',
    'ratio',
    (x) => ratio(x.booked ?? 0, x.answered ?? 0),
  ),
  call(
    'call_transfer_rate',
    'Transfer rate',
    'Answered calls transferred to staff (end reason or outcome) ÷ answered calls.',
    'ratio',
    (x) => ratio(x.transferred ?? 0, x.answered ?? 0),
  ),
  share('positive', 'Positive'),
  share('neutral', 'Neutral'),
  share('negative', 'Negative'),
];

export const METRICS: Metric[] = DEFS.map((d) => ({
  ...d,
  filters: FILTERS.filter((f) => f in FACTS[d.fact].dims),
}));
export const METRIC_BY_NAME = new Map(METRICS.map((m) => [m.name, m]));
export const metricsOf = (section: Section) => METRICS.filter((m) => m.section === section);
export const sectionsOfFacts = (facts: FactName[]) =>
  SECTIONS.filter((s) => metricsOf(s).some((m) => facts.includes(m.fact)));

/** The lower median of a response-time histogram (bucket → count), as the bucket's geometric middle. */
export function histogramMedian(counts: Map<number, number>): number | null {
  const n = [...counts.values()].reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  let seen = 0;
  for (const bucket of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(bucket) ?? 0;
    if (seen * 2 >= n) return bucket === 0 ? 0 : Math.round(BUCKET_GROWTH ** (bucket - 0.5));
  }
  return null;
}

/** The catalog as published: GET /analytics/metrics, the reports, the AI tools, the live stream. */
export const publicCatalog = () =>
  METRICS.map(({ name, label, definition, unit, section, breakdowns, filters }) => ({
    name,
    label,
    definition,
    unit,
    section,
    breakdowns,
    filters,
  }));
