import { z } from 'zod';
import { ANY } from '../../../platform/auth/principal.js';
import { metricsOf, type Section } from '../../analytics/analytics.catalog.js';
import {
  type AnalyticsQuery,
  analyticsQuery,
  dashboardResponse,
  sectionResponse,
} from '../../analytics/analytics.schemas.js';
import { dashboard, sectionReport } from '../../analytics/analytics.service.js';
import { defineTool, invalidArgs, type ToolEnv } from '../assistant.registry.js';

/*
 * The analytics tools take exactly the query of the matching GET /analytics/* endpoint, as JSON: the
 * tenant is the caller's (no tenant_id) and include_breakdown is a JSON boolean. The handler then parses
 * the endpoint's own schema, so defaults and date rules are the endpoint's and so is every figure.
 */
const { tenant_id: _tenant, ...endpointFields } = analyticsQuery.shape;
const input = z.strictObject({
  ...endpointFields,
  include_breakdown: z
    .boolean()
    .default(false)
    .describe('Add breakdowns (by practitioner, department, location, channel, direction, …)'),
});

/** The endpoint's parse of the same arguments (its refinements: custom needs both dates, in order, ≤ 2 years). */
export function toEndpointQuery(args: z.output<typeof input>): AnalyticsQuery {
  const parsed = analyticsQuery.safeParse({ ...args, include_breakdown: String(args.include_breakdown) });
  if (!parsed.success) throw invalidArgs(parsed.error, 'Invalid analytics arguments');
  return parsed.data;
}

const ARGUMENTS =
  'Arguments: time_period (today, yesterday, last_7_days, last_30_days (default), last_90_days, this_week, ' +
  'last_week, this_month, last_month, this_quarter, this_year, or custom with start_date and end_date ' +
  'YYYY-MM-DD, local days of the organisation, at most 2 years), aggregation of the series (daily, weekly, ' +
  'monthly), filters practitioner_id, department_id, location_id (ids), channel (whatsapp, sms, email). ' +
  'Each metric comes with its value for the previous period of equal length and the change in %. Ratios ' +
  'are 0–1.';

const metricList = (section: Section) =>
  metricsOf(section)
    .map((m) => `${m.name} (${m.label.toLowerCase()}, ${m.unit})`)
    .join(', ');

function sectionTool(name: string, section: Section, title: string, about: string) {
  return defineTool({
    name,
    title,
    description: `${about} Metrics: ${metricList(section)}. ${ARGUMENTS}`,
    input,
    output: sectionResponse,
    roles: ANY,
    handler: (env: ToolEnv, args) => sectionReport(env.db, env.ctx, section, toEndpointQuery(args)),
  });
}

export const ANALYTICS_TOOLS = [
  sectionTool(
    'get_appointment_analytics',
    'appointments',
    'Appointment analytics',
    'Appointment figures of the organisation for a period: counts by status, completion, cancellation and no-show rates, lead time; a series and optional breakdowns.',
  ),
  sectionTool(
    'get_journey_analytics',
    'journeys',
    'Care journey analytics',
    'Care journey figures for a period: started, completed, cancelled and active journeys, completion rate, time per stage, drop-offs.',
  ),
  sectionTool(
    'get_communication_analytics',
    'communication',
    'Messaging analytics',
    'Patient messaging figures for a period: messages in and out, conversations opened and closed, responses and response times (average, median, first response).',
  ),
  sectionTool(
    'get_voice_call_analytics',
    'voice_calls',
    'Voice call analytics',
    'AI voice-agent call figures for a period: calls, answered and missed, average duration, booking conversion, transfer rate, sentiment shares.',
  ),
  defineTool({
    name: 'get_dashboard_overview',
    title: 'Dashboard overview',
    description: `Every analytics section (appointments, journeys, communication, voice_calls) in one call, as on the dashboard. ${ARGUMENTS}`,
    input,
    output: dashboardResponse,
    roles: ANY,
    handler: (env, args) => dashboard(env.db, env.ctx, toEndpointQuery(args)),
  }),
];
