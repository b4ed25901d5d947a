import { METRIC_BY_NAME, type Unit } from '../../analytics/analytics.catalog.js';
import type { GroupBy, Interpretation } from './nl.interpret.js';
import { describeRange } from './nl.time.js';

export type Figure = {
  label: string;
  unit: Unit;
  value: number | null;
  previous: number | null;
  change_pct: number | null;
};
export type GroupRow = { key: string; label: string | null; values: Record<string, number | null> };
export type Figures = {
  metrics: Record<string, Figure>;
  compare: Record<string, number | null> | null;
  groups: GroupRow[] | null;
  series: { start_date: string; end_date: string; values: Record<string, number | null> }[] | null;
};

export const TIME_GROUPS: readonly GroupBy[] = ['day', 'week', 'month'];

function minutes(s: number) {
  if (s < 90) return `${Math.round(s)} seconds`;
  if (s < 5400) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${(s / 3600).toFixed(1)} hours`;
}

/** A value as a person reads it: 12.5%, 1,204, 3 min 5 s, 36.5 hours. */
export function formatValue(unit: Unit, v: number | null): string {
  if (v === null) return 'no data';
  switch (unit) {
    case 'ratio':
      return `${(v * 100).toFixed(1)}%`;
    case 'seconds':
      return minutes(v);
    case 'hours':
      return `${v.toFixed(1)} hours`;
    case 'days':
      return `${v.toFixed(1)} days`;
    case 'count':
      return Math.round(v).toLocaleString('en-IN');
  }
}

const periodText = (r: { label: string; start_date: string; end_date: string }) => {
  const dates = describeRange(r);
  return r.label && r.label !== dates ? `${r.label} (${dates})` : dates;
};

function scopeText(it: Interpretation) {
  const parts = Object.entries(it.filters).map(([k, v]) =>
    typeof v === 'string' ? `on ${v}` : k === 'location_id' ? `at ${v.name}` : `for ${v.name}`,
  );
  if (it.template) parts.push(`for ${it.template.name} journeys`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

const GROUP_NAMES: Record<string, string> = {
  practitioner_id: 'practitioner',
  department_id: 'department',
  location_id: 'location',
  template_id: 'journey type',
  agent_id: 'agent',
};

function trend(f: Figure) {
  if (f.change_pct === null || f.previous === null) return '';
  if (f.change_pct === 0) return ', the same as the period before';
  const dir = f.change_pct > 0 ? 'up' : 'down';
  return `, ${dir} ${Math.abs(f.change_pct)}% from ${formatValue(f.unit, f.previous)} the period before`;
}

function changePct(value: number | null, previous: number | null) {
  if (value === null || previous === null || previous === 0) return null;
  return Math.round(((value - previous) / Math.abs(previous)) * 1000) / 10;
}

/** One plain sentence answering the question from the figures. */
export function sentence(it: Interpretation, f: Figures): string {
  const names = it.metrics;
  const first = names[0] as string;
  const unit = (METRIC_BY_NAME.get(first)?.unit ?? 'count') as Unit;
  const labels = names.map((n, i) => {
    const label = METRIC_BY_NAME.get(n)?.label ?? n;
    return i === 0 ? label : label.toLowerCase();
  });
  const head = `${labels.join(' and ')}${scopeText(it)}, ${periodText(it.period)}`;
  if (f.groups) {
    const rows = f.groups.map(
      (g) => `${g.label ?? (g.key || 'unknown')} ${formatValue(unit, g.values[first] ?? null)}`,
    );
    if (!rows.length) return `${head}: no data.`;
    if (it.rank) return `${head}: ${it.rank.order === 'desc' ? 'highest' : 'lowest'} ${rows.join(', ')}.`;
    const more = rows.length > 8 ? ` and ${rows.length - 8} more` : '';
    return `${head}, by ${GROUP_NAMES[it.group_by ?? ''] ?? it.group_by}: ${rows.slice(0, 8).join(', ')}${more}.`;
  }
  if (f.series) {
    const points = f.series.map(
      (p) =>
        `${formatValue(unit, p.values[first] ?? null)} ${p.start_date === p.end_date ? `on ${describeRange(p)}` : `in ${describeRange(p)}`}`,
    );
    const more = points.length > 8 ? `, … (${points.length} ${it.group_by}s)` : '';
    return `${head}, per ${it.group_by}: ${points.slice(0, 8).join(', ')}${more}.`;
  }
  const values = names.map((n) => {
    const fig = f.metrics[n] as Figure;
    const label = names.length > 1 ? `${(METRIC_BY_NAME.get(n)?.label ?? n).toLowerCase()} ` : '';
    return `${label}${formatValue(fig.unit, fig.value)}`;
  });
  if (f.compare && it.compare) {
    const fig = f.metrics[first] as Figure;
    const other = f.compare[first] ?? null;
    const pct = changePct(fig.value, other);
    const change = pct === null ? '' : ` (${pct > 0 ? '+' : ''}${pct}%)`;
    return `${head}: ${values.join(', ')}, against ${formatValue(unit, other)} in ${periodText(it.compare)}${change}.`;
  }
  return `${head}: ${values.join(', ')}${names.length === 1 ? trend(f.metrics[first] as Figure) : ''}.`;
}

export function notUnderstood(it: Interpretation): string {
  if (it.notes.length && it.status === 'unclear')
    return `I am not sure what you mean: ${it.notes.join('; ')}. Please name it as the organisation does.`;
  const words = it.not_understood.length ? `I did not understand "${it.not_understood.join(' ')}". ` : '';
  return `${words}I can answer questions about appointments, care journeys, messages and voice calls, for example: ${it.suggestions.slice(0, 3).join(' / ')}`;
}
