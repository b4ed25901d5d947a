import type { Chart } from '../report.model.js';
import { type Doc, put, textWidth } from './pdf-text.js';

/** One palette for every chart, in series order (the dashboard's chart colours). */
export const CHART_COLOURS = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777'];
const AXIS = '#94a3b8';
const GRID = '#e2e8f0';

type Box = { x: number; y: number; w: number; h: number };

const colour = (i: number) => CHART_COLOURS[i % CHART_COLOURS.length] as string;

/** A rounded axis maximum: 1, 2 or 5 times a power of ten. */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * p >= v) ?? 10) * p;
}

const SMALL = { size: 7, color: '#475569' };
const label = (doc: Doc, text: string, x: number, y: number, o: { width?: number; align?: 'right' } = {}) =>
  put(doc, text, x, y, { ...SMALL, ...o });

function axes(doc: Doc, plot: Box, max: number, labels: string[]) {
  for (let i = 0; i <= 4; i++) {
    const y = plot.y + plot.h - (plot.h * i) / 4;
    doc
      .moveTo(plot.x, y)
      .lineTo(plot.x + plot.w, y)
      .lineWidth(0.5)
      .strokeColor(i ? GRID : AXIS)
      .stroke();
    label(doc, ((max * i) / 4).toLocaleString('en-IN', { maximumFractionDigits: 1 }), plot.x - 34, y - 4, {
      width: 30,
      align: 'right',
    });
  }
  const every = Math.max(1, Math.ceil(labels.length / 8));
  const step = plot.w / Math.max(1, labels.length);
  labels.forEach((l, i) => {
    if (i % every === 0) label(doc, l, plot.x + i * step, plot.y + plot.h + 3, { width: step * every - 2 });
  });
}

function legend(doc: Doc, names: string[], x: number, y: number) {
  let cx = x;
  names.forEach((n, i) => {
    doc.rect(cx, y + 1, 7, 7).fill(colour(i));
    label(doc, n, cx + 10, y);
    cx += 16 + textWidth(doc, n, SMALL);
  });
}

function lineChart(doc: Doc, c: Chart, plot: Box, max: number) {
  const step = plot.w / Math.max(1, c.labels.length);
  c.series.forEach((s, si) => {
    s.values.forEach((v, i) => {
      const x = plot.x + step * (i + 0.5);
      const y = plot.y + plot.h - (plot.h * v) / max;
      if (i === 0) doc.moveTo(x, y);
      else doc.lineTo(x, y);
    });
    doc.lineWidth(1.5).strokeColor(colour(si)).stroke();
  });
}

function barChart(doc: Doc, c: Chart, plot: Box, max: number) {
  const step = plot.w / Math.max(1, c.labels.length);
  const bw = (step * 0.8) / Math.max(1, c.series.length);
  c.series.forEach((s, si) => {
    s.values.forEach((v, i) => {
      const h = (plot.h * v) / max;
      doc.rect(plot.x + step * i + step * 0.1 + bw * si, plot.y + plot.h - h, bw, h).fill(colour(si));
    });
  });
}

function pieChart(doc: Doc, c: Chart, box: Box) {
  const values = c.series[0]?.values ?? [];
  const total = values.reduce((a, b) => a + b, 0);
  const r = Math.min(box.w / 2, box.h) / 2 - 4;
  const cx = box.x + r + 4;
  const cy = box.y + box.h / 2;
  let angle = -Math.PI / 2;
  values.forEach((v, i) => {
    if (total <= 0 || v <= 0) return;
    const sweep = (2 * Math.PI * v) / total;
    const end = angle + sweep;
    if (sweep >= 2 * Math.PI - 1e-9) doc.circle(cx, cy, r).fill(colour(i));
    else {
      const large = sweep > Math.PI ? 1 : 0;
      const [x1, y1, x2, y2] = [
        cx + r * Math.cos(angle),
        cy + r * Math.sin(angle),
        cx + r * Math.cos(end),
        cy + r * Math.sin(end),
      ];
      doc.path(`M ${cx} ${cy} L ${x1} ${y1} A ${r} ${r} 0 ${large} 1 ${x2} ${y2} Z`).fill(colour(i));
    }
    angle = end;
  });
  c.labels.forEach((l, i) => {
    const y = box.y + 10 + i * 12;
    doc.rect(cx + r + 16, y + 1, 7, 7).fill(colour(i));
    const share = total > 0 ? ` (${(((values[i] ?? 0) / total) * 100).toFixed(0)}%)` : '';
    label(doc, `${l}${share}`, cx + r + 27, y, { width: box.w - 2 * r - 30 });
  });
}

/** Draw a chart in vector paths inside `box` (title on top, legend below for line and bar charts). */
export function drawChart(doc: Doc, c: Chart, box: Box) {
  put(doc, c.title, box.x, box.y, { size: 9, bold: true, width: box.w });
  const body = { x: box.x, y: box.y + 16, w: box.w, h: box.h - 16 };
  if (c.kind === 'pie') return pieChart(doc, c, body);
  const plot = { x: body.x + 36, y: body.y + 4, w: body.w - 40, h: body.h - 34 };
  const max = niceMax(Math.max(0, ...c.series.flatMap((s) => s.values)));
  axes(doc, plot, max, c.labels);
  if (c.kind === 'line') lineChart(doc, c, plot, max);
  else barChart(doc, c, plot, max);
  legend(
    doc,
    c.series.map((s) => s.name),
    plot.x,
    plot.y + plot.h + 14,
  );
}
