import { z } from 'zod';
import { UNITS } from '../../server/modules/analytics/analytics.names.js';
import { askResponse } from '../../server/modules/assistant/assistant.schemas.js';
import type { Figures } from '../../server/modules/assistant/nl/nl.answer.js';
import type { Interpretation } from '../../server/modules/assistant/nl/nl.interpret.js';
import { call } from '../api/client.js';

/*
 * The API types `result` as unknown (it is the query_analytics_nl tool's output, or absent in LLM mode).
 * This is the part of it the page reads; the `Fits` checks below stop `tsc` when the interpreter's own
 * types no longer fit it, so the page and the server cannot drift apart silently (decision 0800).
 */

const named = z.object({ id: z.string(), name: z.string() });
const range = z.object({ start_date: z.string(), end_date: z.string(), label: z.string() });
const values = z.record(z.string(), z.number().nullable());

const interpretation = z.object({
  domain: z.string().nullable(),
  metrics: z.array(z.string()),
  period: range,
  period_assumed: z.boolean(),
  compare: range.nullable(),
  filters: z.record(z.string(), z.union([z.string(), named]).optional()),
  template: named.nullable(),
  group_by: z.string().nullable(),
  corrections: z.array(z.object({ from: z.string(), to: z.string() })),
  notes: z.array(z.string()),
  /** The exact analytics tool call (= endpoint query) that reproduces the figures; set when answered. */
  tool: z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()) }).optional(),
});

const figures = z.object({
  metrics: z.record(
    z.string(),
    z.object({
      label: z.string(),
      unit: z.enum(UNITS),
      value: z.number().nullable(),
      previous: z.number().nullable(),
      change_pct: z.number().nullable(),
    }),
  ),
  compare: values.nullable(),
  groups: z.array(z.object({ key: z.string(), label: z.string().nullable(), values })).nullable(),
  series: z.array(z.object({ start_date: z.string(), end_date: z.string(), values })).nullable(),
});

export const nlResult = z.object({
  status: z.enum(['ok', 'unclear', 'refused', 'patient']),
  interpretation,
  suggestions: z.array(z.string()),
  figures: figures.optional(),
  patients: z.array(z.object({ id: z.string(), full_name: z.string() })).optional(),
});

type Fits<T extends U, U> = T;
export type InterpreterFigures = Fits<Figures, z.input<typeof figures>>;
export type InterpreterQuery = Fits<
  Omit<Interpretation, 'suggestions' | 'patient'>,
  z.input<typeof interpretation>
>;

export type NlResult = z.output<typeof nlResult>;
export type NlFigures = z.output<typeof figures>;
export type Answer = z.output<typeof askResponse> & { nl: NlResult | null };

/** One question to `POST /assistant/ask`; the interpreter's structured result parsed when there is one. */
export async function askAssistant(question: string): Promise<Answer> {
  const res = await call(askResponse, 'POST', '/assistant/ask', { body: { question } });
  return { ...res, nl: res.result === undefined ? null : nlResult.parse(res.result) };
}
