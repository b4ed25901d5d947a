import type { Unit } from '../../server/modules/analytics/analytics.names.js';

/** A metric's value as the cards and the assistant show it, in the organisation's locale. */
export function formatValue(v: number | null, unit: Unit, locale: string) {
  if (v === null) return '–';
  if (unit === 'ratio')
    return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  if (unit === 'seconds')
    return v >= 3600
      ? `${(v / 3600).toFixed(1)} h`
      : v >= 60
        ? `${(v / 60).toFixed(1)} min`
        : `${Math.round(v)} s`;
  if (unit === 'hours') return `${v.toFixed(1)} h`;
  if (unit === 'days') return `${v.toFixed(1)} days`;
  return new Intl.NumberFormat(locale).format(v);
}
