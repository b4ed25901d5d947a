import type { ReportType, Role } from '../../platform/db/schema/index.js';
import {
  type Section as AnalyticsSection,
  METRIC_BY_NAME,
  metricsOf,
  type Unit,
} from '../analytics/analytics.catalog.js';
import type { SectionAnswer } from '../analytics/analytics.engine.js';
import type { Answer } from '../analytics/analytics.service.js';
import { rowColumns } from './exports.columns.js';
import type { Dataset } from './exports.repository.js';
import type { CellType, Chart, Column, Metric, ReportDocument, Row, Section, Table } from './report.model.js';

export const SECTIONS_OF: Record<ReportType, AnalyticsSection[]> = {
  appointments: ['appointments'],
  journeys: ['journeys'],
  communication: ['communication'],
  voice_calls: ['voice_calls'],
  dashboard: ['appointments', 'journeys', 'communication', 'voice_calls'],
};
export const DATASETS_OF: Record<ReportType, Dataset[]> = {
  appointments: ['appointments'],
  journeys: [],
  communication: ['messages'],
  voice_calls: ['voice_calls'],
  dashboard: ['appointments', 'messages', 'voice_calls'],
};

const SECTION_TITLES: Record<AnalyticsSection, string> = {
  appointments: 'Appointments',
  journeys: 'Care journeys',
  communication: 'Communication',
  voice_calls: 'Voice calls',
};
const BREAKDOWN_TITLES: Record<string, string> = {
  practitioner_id: 'practitioner',
  department_id: 'department',
  location_id: 'location',
  template_id: 'journey template',
  stage: 'stage',
  channel: 'channel',
  direction: 'direction',
  agent_id: 'agent',
};

/** Catalog units → cell types: a ratio is a fraction shown as %, counts are integers. */
export const CELL_OF: Record<Unit, Metric['type']> = {
  count: 'integer',
  ratio: 'percent',
  seconds: 'seconds',
  hours: 'number',
  days: 'number',
};

const cellOf = (name: string): CellType => CELL_OF[METRIC_BY_NAME.get(name)?.unit ?? 'count'];
/** Hours and days are plain numbers in a cell, so their label carries the unit. */
function labelOf(name: string) {
  const m = METRIC_BY_NAME.get(name);
  if (!m) return name;
  return m.unit === 'hours' || m.unit === 'days' ? `${m.label} (${m.unit})` : m.label;
}

/** The dashboard's charts of each section, drawn from the same answer the figures come from. */
function chartsOf(section: AnalyticsSection, a: SectionAnswer): Chart[] {
  const labels = a.series.map((p) => p.start_date.slice(5));
  const line = (title: string, names: string[], kind: Chart['kind'] = 'line'): Chart => ({
    kind,
    title,
    labels,
    series: names.map((n) => ({ name: labelOf(n), values: a.series.map((p) => p.values[n] ?? 0) })),
  });
  const totals = (kind: Chart['kind'], title: string, names: string[]): Chart => ({
    kind,
    title,
    labels: names.map(labelOf),
    series: [{ name: title, values: names.map((n) => a.metrics[n]?.value ?? 0) }],
  });
  switch (section) {
    case 'appointments':
      return [
        line('Appointment trend', ['appointments_total']),
        totals('bar', 'Appointments by status', [
          'appointments_booked',
          'appointments_confirmed',
          'appointments_checked_in',
          'appointments_completed',
          'appointments_cancelled',
          'appointments_no_show',
        ]),
      ];
    case 'journeys':
      return [
        totals('pie', 'Journey status', ['journeys_active', 'journeys_completed', 'journeys_cancelled']),
      ];
    case 'communication':
      return [line('Communication volume', ['messages_inbound', 'messages_outbound'])];
    case 'voice_calls':
      return [line('Voice call performance', ['calls_answered', 'calls_missed'], 'bar')];
  }
}

function seriesTable(title: string, a: SectionAnswer, names: string[]): Table {
  return {
    name: `${title} trend`,
    columns: [
      { key: 'start_date', header: 'From', type: 'date', width: 12 },
      { key: 'end_date', header: 'To', type: 'date', width: 12 },
      ...names.map((n): Column => ({ key: n, header: labelOf(n), type: cellOf(n), width: 14 })),
    ],
    rows: a.series.map((p) => ({
      start_date: new Date(`${p.start_date}T00:00:00Z`),
      end_date: new Date(`${p.end_date}T00:00:00Z`),
      ...p.values,
    })),
  };
}

function breakdownTables(title: string, a: SectionAnswer): Table[] {
  return Object.entries(a.breakdowns ?? {}).map(([b, rows]) => {
    const names = [...new Set(rows.flatMap((r) => Object.keys(r.values)))];
    return {
      name: `${title} by ${BREAKDOWN_TITLES[b] ?? b}`,
      columns: [
        { key: 'label', header: BREAKDOWN_TITLES[b] ?? b, type: 'text', width: 26 },
        ...names.map((n): Column => ({ key: n, header: labelOf(n), type: cellOf(n), width: 14 })),
      ],
      rows: rows.map((r) => ({ label: r.label ?? r.key ?? '(none)', ...r.values })),
    };
  });
}

export type BuildInput = {
  reportType: ReportType;
  title: string;
  organization: string;
  timeZone: string;
  generatedAt: Date;
  answer: Answer;
  includeCharts: boolean;
  includeSummary: boolean;
  rows: { dataset: Dataset; rows: AsyncIterable<Row> }[];
  role: Role;
};

const PERIOD_LABELS: Record<string, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  last_7_days: 'Last 7 days',
  last_30_days: 'Last 30 days',
  last_90_days: 'Last 90 days',
  this_week: 'This week',
  last_week: 'Last week',
  this_month: 'This month',
  last_month: 'Last month',
  this_quarter: 'This quarter',
  this_year: 'This year',
  custom: 'Custom period',
};

/** Lay the analytics answer (and optional row streams) out as a report; it computes nothing itself. */
export function buildDocument(i: BuildInput): ReportDocument {
  const p = i.answer.period;
  const summary = i.includeSummary ? SECTIONS_OF[i.reportType] : [];
  const sections: Section[] = summary.map((s) => {
    const a = i.answer.sections[s];
    const names = metricsOf(s).map((m) => m.name);
    const title = SECTION_TITLES[s];
    return {
      title,
      metrics: names.map((n) => ({
        key: n,
        label: labelOf(n),
        type: CELL_OF[METRIC_BY_NAME.get(n)?.unit ?? 'count'],
        value: a.metrics[n]?.value ?? null,
        previous: a.metrics[n]?.previous ?? null,
      })),
      charts: i.includeCharts ? chartsOf(s, a) : [],
      tables: [seriesTable(title, a, names), ...breakdownTables(title, a)],
    };
  });
  for (const r of i.rows)
    sections.push({
      title: `All ${r.dataset.replace('_', ' ')}`,
      tables: [
        { name: `All ${r.dataset.replace('_', ' ')}`, columns: rowColumns(r.dataset, i.role), rows: r.rows },
      ],
    });
  return {
    organization: i.organization,
    title: i.title,
    period: `${PERIOD_LABELS[p.time_period] ?? p.time_period} (${p.start_date} – ${p.end_date})`,
    generatedAt: i.generatedAt,
    timeZone: i.timeZone,
    sections,
  };
}
