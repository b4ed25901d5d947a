import type { Section } from '../../analytics/analytics.catalog.js';
import type { Cue } from './nl.lexicon.js';

export type MetricChoice = { domain: Section; metrics: string[] };

/** Which section the cues point to: named outright, or implied by a state only one section has. */
function domainOf(has: (c: Cue) => boolean): Section | null {
  const named: Section[] = [];
  if (has('voice_calls')) named.push('voice_calls');
  if (has('journeys')) named.push('journeys');
  if (has('communication')) named.push('communication');
  if (has('appointments')) named.push('appointments');
  // "appointments booked by the voice agent", "journeys with a missed appointment": the more specific wins.
  if (named.includes('voice_calls') && (has('booked') || has('missed') || has('answered') || has('transfer')))
    return 'voice_calls';
  if (named.includes('journeys') && !has('noshow')) return 'journeys';
  if (named.length) return named[0] as Section;
  if (has('noshow') || has('confirm') || has('checkin') || has('lead') || has('pending'))
    return 'appointments';
  if (has('response') || has('inbound') || has('outbound') || has('conversation')) return 'communication';
  if (has('transfer') || has('sentiment') || has('positive') || has('negative') || has('answered'))
    return 'voice_calls';
  if (has('missed') || (has('booked') && has('rate'))) return 'voice_calls';
  if (has('drop') || has('stage') || has('active') || has('started')) return 'journeys';
  if (has('cancel') || has('complete') || has('booked')) return 'appointments';
  return null;
}

const rateOr = (has: (c: Cue) => boolean, rate: string, count: string) => (has('rate') ? rate : count);

function appointmentMetric(has: (c: Cue) => boolean): string {
  if (has('lead')) return 'appointment_lead_time_hours';
  if (has('noshow') || (has('missed') && !has('voice_calls')))
    return rateOr(has, 'appointment_no_show_rate', 'appointments_no_show');
  if (has('cancel')) return rateOr(has, 'appointment_cancellation_rate', 'appointments_cancelled');
  if (has('complete')) return rateOr(has, 'appointment_completion_rate', 'appointments_completed');
  if (has('checkin')) return 'appointments_checked_in';
  if (has('pending')) return 'appointments_booked';
  if (has('confirm')) return 'appointments_confirmed';
  return 'appointments_total';
}

function journeyMetric(has: (c: Cue) => boolean): string {
  if (has('stage') && (has('duration') || has('speed') || has('average'))) return 'journey_stage_time_days';
  if (has('stage') && has('complete')) return 'journey_stages_completed';
  if (has('drop')) return 'journey_drop_offs';
  if (has('complete')) return rateOr(has, 'journey_completion_rate', 'journeys_completed');
  if (has('cancel')) return 'journeys_cancelled';
  if (has('active')) return 'journeys_active';
  return 'journeys_started';
}

function communicationMetrics(has: (c: Cue) => boolean): string[] {
  const timed = has('speed') || has('duration') || has('average') || has('median');
  if (has('response') && timed) {
    if (has('median')) return ['response_time_median'];
    return [has('first') ? 'first_response_time_avg' : 'response_time_avg'];
  }
  if (has('response')) return ['responses'];
  if (has('conversation')) return [has('closed') ? 'conversations_closed' : 'conversations_opened'];
  if (has('inbound') && !has('outbound')) return ['messages_inbound'];
  if (has('outbound') && !has('inbound')) return ['messages_outbound'];
  return ['messages_inbound', 'messages_outbound'];
}

function callMetrics(has: (c: Cue) => boolean): string[] {
  if (has('booked')) return ['call_booking_conversion'];
  if (has('transfer')) return ['call_transfer_rate'];
  if (has('duration') || (has('average') && !has('count'))) return ['call_duration_avg'];
  for (const s of ['positive', 'negative', 'neutral'] as const) if (has(s)) return [`call_sentiment_${s}`];
  if (has('sentiment'))
    return ['call_sentiment_positive', 'call_sentiment_neutral', 'call_sentiment_negative'];
  if (has('missed')) return ['calls_missed'];
  if (has('answered')) return ['calls_answered'];
  return ['calls_total'];
}

/** The catalog metric(s) the cues ask for, or null when they name no domain at all. */
export function chooseMetrics(cues: ReadonlySet<Cue>): MetricChoice | null {
  const has = (c: Cue) => cues.has(c);
  const domain = domainOf(has);
  if (!domain) return null;
  switch (domain) {
    case 'appointments':
      return { domain, metrics: [appointmentMetric(has)] };
    case 'journeys':
      return { domain, metrics: [journeyMetric(has)] };
    case 'communication':
      return { domain, metrics: communicationMetrics(has) };
    case 'voice_calls':
      return { domain, metrics: callMetrics(has) };
  }
}
