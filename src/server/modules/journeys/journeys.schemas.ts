import { z } from 'zod';
import { JOURNEY_STATUSES, STAGE_STATUSES } from '../../platform/db/schema/index.js';
import { pageQuery } from '../../platform/http/pagination.js';
import { optionalText, text } from '../../platform/http/schemas.js';

export const templateCreate = z.strictObject({
  name: text(200),
  description: optionalText(2000),
  department_id: z.uuid().nullable().optional(),
  stages: z
    .array(
      z.strictObject({
        name: text(200),
        expected_duration_days: z.number().int().min(0).max(3650).nullable().optional(),
      }),
    )
    .min(1)
    .max(50),
});
export const templateUpdate = z
  .strictObject({ name: text(200), description: optionalText(2000) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to update');

export const templateStage = z.object({
  position: z.number(),
  name: z.string(),
  expected_duration_days: z.number().nullable(),
});
export const template = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  department_id: z.uuid().nullable(),
  stages: z.array(templateStage),
  created_at: z.date(),
});

export const journeyStart = z.strictObject({ patient_id: z.uuid(), template_id: z.uuid() });
export const journeyQuery = z.strictObject({
  ...pageQuery,
  patient_id: z.uuid().optional(),
  template_id: z.uuid().optional(),
  status: z.enum(JOURNEY_STATUSES).optional(),
});
export const stageParams = z.strictObject({ id: z.uuid(), position: z.coerce.number().int().min(1).max(50) });
export const cancelBody = z.strictObject({ reason: optionalText(500) }).optional();

export const journey = z.object({
  id: z.uuid(),
  patient_id: z.uuid(),
  template_id: z.uuid(),
  template_name: z.string(),
  department_id: z.uuid().nullable(),
  status: z.enum(JOURNEY_STATUSES),
  progress_percent: z.number(),
  current_stage: z.number().nullable(),
  started_at: z.date(),
  completed_at: z.date().nullable(),
  cancelled_at: z.date().nullable(),
  stages: z.array(
    z.object({
      position: z.number(),
      name: z.string(),
      status: z.enum(STAGE_STATUSES),
      started_at: z.date().nullable(),
      completed_at: z.date().nullable(),
    }),
  ),
});
