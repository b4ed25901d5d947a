import type { Cell, CellType } from '../report.model.js';

/** How a figure reads in a PDF; tests format the analytics answer with this to find it in the text. */
export function formatValue(v: Cell, type: CellType, timeZone: string): string {
  if (v === null || v === undefined) return '–';
  if (v instanceof Date) return formatInstant(v, timeZone, type === 'date');
  if (typeof v === 'string') return v;
  switch (type) {
    case 'percent':
      return `${(v * 100).toFixed(1)}%`;
    case 'integer':
      return Math.round(v).toLocaleString('en-IN');
    case 'seconds':
      return formatSeconds(v);
    default:
      return v.toLocaleString('en-IN', { maximumFractionDigits: 2 });
  }
}

export function formatSeconds(total: number): string {
  const s = Math.round(total);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h ${m}m` : `${m}m ${s % 60}s`;
}

export function formatInstant(at: Date, timeZone: string, dateOnly = false): string {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(dateOnly ? {} : { hour: '2-digit', minute: '2-digit' }),
  });
  return f.format(at).replace(',', '');
}
