import { z } from 'zod';
import { ANY } from '../../../platform/auth/principal.js';
import { METRIC_BY_NAME, type Section, type Unit } from '../../analytics/analytics.catalog.js';
import { tenantTimeZone } from '../../analytics/analytics.repository.js';
import { sectionReport } from '../../analytics/analytics.service.js';
import { listPatients } from '../../patients/patients.service.js';
import { defineTool, type ToolEnv } from '../assistant.registry.js';
import { directoryOf } from '../assistant.repository.js';
import { type Figures, notUnderstood, sentence, TIME_GROUPS } from '../nl/nl.answer.js';
import { type Interpretation, interpret } from '../nl/nl.interpret.js';
import { toEndpointQuery } from './analytics.tools.js';

const SECTION_TOOL: Record<Section, string> = {
  appointments: 'get_appointment_analytics',
  journeys: 'get_journey_analytics',
  communication: 'get_communication_analytics',
  voice_calls: 'get_voice_call_analytics',
};
const AGGREGATION = { day: 'daily', week: 'weekly', month: 'monthly' } as const;

/** The arguments of the section tool (= the endpoint's query) that answer the interpretation. */
function toolArguments(it: Interpretation, range: { start_date: string; end_date: string }) {
  const g = it.group_by;
  const dimension = g !== null && !TIME_GROUPS.includes(g);
  const args: Record<string, unknown> = {
    time_period: 'custom',
    start_date: range.start_date,
    end_date: range.end_date,
    aggregation: g && TIME_GROUPS.includes(g) ? AGGREGATION[g as 'day'] : 'daily',
    include_breakdown: dimension || it.template !== null,
  };
  for (const [k, v] of Object.entries(it.filters)) args[k] = typeof v === 'string' ? v : v.id;
  return args;
}

async function figuresOf(env: ToolEnv, it: Interpretation, args: Record<string, unknown>): Promise<Figures> {
  const domain = it.domain as Section;
  const report = await sectionReport(env.db, env.ctx, domain, toEndpointQuery(args as never));
  const metrics: Figures['metrics'] = {};
  for (const name of it.metrics) {
    const m = report.metrics[name];
    metrics[name] = {
      label: METRIC_BY_NAME.get(name)?.label ?? name,
      unit: (METRIC_BY_NAME.get(name)?.unit ?? 'count') as Unit,
      value: m?.value ?? null,
      previous: m?.previous ?? null,
      change_pct: m?.change_pct ?? null,
    };
  }
  for (const f of Object.keys(it.filters))
    if (!report.filters_applied.includes(f as never))
      it.notes.push(`${f} does not apply to ${domain}; ignored`);
  const first = it.metrics[0] as string;
  let groups: Figures['groups'] = null;
  if (it.template) {
    const row = report.breakdowns?.template_id?.find((r) => r.key === it.template?.id);
    for (const name of it.metrics)
      Object.assign(metrics[name] as object, {
        value: row?.values[name] ?? 0,
        previous: null,
        change_pct: null,
      });
  } else if (it.group_by && !TIME_GROUPS.includes(it.group_by)) {
    const rows = report.breakdowns?.[it.group_by];
    if (!rows) it.notes.push(`${METRIC_BY_NAME.get(first)?.label} has no breakdown by ${it.group_by}`);
    const order = it.rank?.order === 'asc' ? 1 : -1;
    const sorted = [...(rows ?? [])].sort(
      (a, b) => order * ((a.values[first] ?? -Infinity) - (b.values[first] ?? -Infinity)),
    );
    groups = it.rank?.limit ? sorted.slice(0, it.rank.limit) : sorted;
  }
  const series = it.group_by && TIME_GROUPS.includes(it.group_by) ? report.series : null;
  let compare: Figures['compare'] = null;
  if (it.compare) {
    const other = await sectionReport(
      env.db,
      env.ctx,
      domain,
      toEndpointQuery(toolArguments(it, it.compare) as never),
    );
    compare = Object.fromEntries(it.metrics.map((n) => [n, other.metrics[n]?.value ?? null]));
  }
  return { metrics, compare, groups, series };
}

function publicInterpretation(it: Interpretation) {
  const { suggestions: _s, patient: _p, ...rest } = it;
  return rest;
}

async function answer(env: ToolEnv, question: string) {
  const tenantId = env.ctx.principal.tenantId;
  const [timeZone, directory] = await Promise.all([
    tenantTimeZone(env.db, tenantId),
    directoryOf(env.db, tenantId),
  ]);
  const it = interpret(question, {
    directory,
    timeZone: timeZone ?? 'UTC',
    now: env.now(),
    role: env.ctx.principal.role,
  });
  const base = {
    question,
    status: it.status,
    interpretation: publicInterpretation(it),
    suggestions: it.suggestions,
  };
  if (it.status === 'refused')
    return {
      ...base,
      answer:
        'I cannot answer questions about an individual patient for the analyst role; ask about the organisation’s numbers instead.',
    };
  if (it.status === 'patient') {
    const found = await listPatients(env.db, env.ctx, { q: it.patient as string, limit: 5 });
    const list = found.data.map((p) => `${p.full_name} (${p.id})`).join(', ');
    return {
      ...base,
      patients: found.data.map((p) => ({ id: p.id, full_name: p.full_name })),
      answer: list
        ? `That is a question about one patient: matching patients are ${list}; get_patient_summary gives their appointments and journeys.`
        : 'That is a question about one patient, and no patient matches; search_patients finds patients by name or phone.',
    };
  }
  if (it.status === 'unclear') return { ...base, answer: notUnderstood(it) };
  const args = toolArguments(it, it.period);
  const figures = await figuresOf(env, it, args);
  return {
    ...base,
    interpretation: {
      ...publicInterpretation(it),
      tool: { name: SECTION_TOOL[it.domain as Section], arguments: args },
    },
    figures,
    answer: sentence(it, figures),
  };
}

export const queryAnalyticsNl = defineTool({
  name: 'query_analytics_nl',
  title: 'Ask about the numbers in plain English',
  description:
    'Answers a question in plain English about the organisation’s appointments, care journeys, messages ' +
    'and voice calls — e.g. "no-show rate for Dr. Mehta last month compared to the month before", "calls ' +
    'per day this week", "cancellations by department in Q3". Works offline without an LLM: returns the ' +
    'structured query it understood (metric, period, filters, grouping, comparison, and the exact ' +
    'get_*_analytics arguments), the figures, and one sentence. When unsure it says what it did not ' +
    'understand and suggests questions. Not for questions about one patient.',
  input: z.strictObject({
    question: z.string().trim().min(1).max(500).describe('The question, in English'),
  }),
  roles: ANY,
  handler: (env, { question }) => answer(env, question),
});
