import { z } from 'zod';
import { STAFF } from '../../../platform/auth/principal.js';
import { CALL_OUTCOMES } from '../../../platform/db/schema/index.js';
import { page } from '../../../platform/http/pagination.js';
import * as voiceSchemas from '../../voice/voice.schemas.js';
import { listCalls } from '../../voice/voice.service.js';
import { defineTool } from '../assistant.registry.js';

const DAY_MS = 86_400_000;

export const listRecentCalls = defineTool({
  name: 'list_recent_calls',
  title: 'Recent voice-agent calls',
  description:
    'Voice-agent calls of the last `days` days, newest first: who called (patient name and number), ' +
    'when, how long, the AI summary, sentiment, intent, outcome and any appointment booked. Optionally ' +
    'only inbound or outbound calls, one outcome, or one patient (id from search_patients).',
  input: z.strictObject({
    days: z.number().int().min(1).max(90).default(7).describe('How many days back (default 7)'),
    direction: z.enum(['inbound', 'outbound']).optional(),
    outcome: z.enum(CALL_OUTCOMES).optional().describe('Only calls with this outcome'),
    patient_id: z.uuid().optional().describe('Only calls of this patient'),
    limit: z.number().int().min(1).max(100).default(20).describe('At most this many (default 20)'),
  }),
  output: page(voiceSchemas.call),
  roles: STAFF,
  handler: (env, { days, ...filters }) =>
    listCalls(env.db, env.ctx, { ...filters, from: new Date(env.now().getTime() - days * DAY_MS) }),
});
