import type { voiceCalls } from '../../platform/db/schema/index.js';
import type { TranscriptSegment, VoiceEvent, VoiceEventType } from './voice-event.schema.js';

type CallColumns = Partial<typeof voiceCalls.$inferInsert>;

/** Which event type owns each merged field: its value beats any other event's, whatever the order. */
const OWNER = {
  direction: 'call.started',
  from: 'call.started',
  to: 'call.started',
  agent: 'call.started',
  started_at: 'call.started',
  ended_at: 'call.ended',
  duration_seconds: 'call.ended',
  end_reason: 'call.ended',
  recording_url: 'call.ended',
  transcript: 'call.ended',
  summary: 'call.analyzed',
  sentiment: 'call.analyzed',
  intent: 'call.analyzed',
  outcome: 'call.analyzed',
  booking: 'call.analyzed',
} as const satisfies Record<string, VoiceEventType>;
type Field = keyof typeof OWNER;

export type MergeResult = {
  columns: CallColumns;
  /** Present when the transcript changed: the segments to store instead of the current ones. */
  transcript?: TranscriptSegment[];
  merge_state: Record<string, string>;
};

const allowedRecording = (url: string, hosts: readonly string[]) =>
  hosts.includes(new URL(url).hostname.toLowerCase());

/** The values an event carries, by merged field; absent and null both mean "says nothing". */
function carried(e: VoiceEvent, recordingHosts: readonly string[]) {
  const a = e.analysis;
  const values: { [F in Field]?: Pick<MergeResult, 'columns' | 'transcript'> } = {};
  const col = (f: Field, v: unknown, columns: CallColumns) => {
    if (v != null) values[f] = { columns };
  };
  col('direction', e.direction, { direction: e.direction ?? undefined });
  col('from', e.from, { from_number: e.from });
  col('to', e.to, { to_number: e.to });
  col('agent', e.agent, { agent_id: e.agent?.id, agent_name: e.agent?.name ?? null });
  col('started_at', e.started_at, { started_at: e.started_at });
  col('ended_at', e.ended_at, { ended_at: e.ended_at });
  col('duration_seconds', e.duration_seconds, { duration_seconds: e.duration_seconds });
  col('end_reason', e.end_reason, { end_reason: e.end_reason ?? undefined });
  if (e.recording_url && allowedRecording(e.recording_url, recordingHosts))
    col('recording_url', e.recording_url, { recording_url: e.recording_url });
  if (e.transcript) values.transcript = { columns: {}, transcript: e.transcript };
  col('summary', a?.summary, { summary: a?.summary });
  col('sentiment', a?.sentiment, { sentiment: a?.sentiment ?? undefined });
  col('intent', a?.intent, { intent: a?.intent ?? undefined });
  col('outcome', a?.outcome, { outcome: a?.outcome ?? undefined });
  col('booking', a?.booking, { booking: a?.booking ? JSON.parse(JSON.stringify(a.booking)) : undefined });
  return values;
}

/**
 * Fold one event into a call. Every field (and metadata key) remembers the rank of the event that set it —
 * owner first, then the later `occurred_at`, then the larger `event_id` — and only a higher rank replaces
 * it. Taking a maximum is commutative and idempotent, so any order and any duplicates give one result.
 */
export function mergeEvent(
  current: { merge_state: Record<string, string>; metadata: Record<string, unknown> },
  e: VoiceEvent,
  recordingHosts: readonly string[],
): MergeResult {
  const at = e.occurred_at.toISOString();
  const state = { ...current.merge_state };
  const result: MergeResult = { columns: {}, merge_state: state };
  const offer = (key: string, rank: string) => {
    if (rank <= (state[key] ?? '')) return false;
    state[key] = rank;
    return true;
  };
  const values = Object.entries(carried(e, recordingHosts)) as [
    Field,
    Pick<MergeResult, 'columns' | 'transcript'>,
  ][];
  for (const [field, { columns, transcript }] of values) {
    if (!offer(field, `${OWNER[field] === e.event ? 1 : 0}|${at}|${e.event_id}`)) continue;
    Object.assign(result.columns, columns);
    if (transcript) result.transcript = transcript;
  }
  let metadata: Record<string, unknown> | undefined;
  for (const [key, v] of Object.entries(e.metadata ?? {})) {
    if (!offer(`metadata.${key}`, `0|${at}|${e.event_id}`)) continue;
    metadata ??= { ...current.metadata };
    metadata[key] = v;
  }
  if (metadata) result.columns.metadata = metadata;
  return result;
}

/** The caller is the remote party: the one who called in, or the one the agent called. */
export function callerPhone(call: {
  direction: string | null;
  from_number: string | null;
  to_number: string | null;
}) {
  if (call.direction === 'inbound') return call.from_number;
  if (call.direction === 'outbound') return call.to_number;
  return null;
}
