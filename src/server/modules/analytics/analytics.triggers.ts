import { EVENTS_CHANNEL } from '../../platform/events/bus.js';

/*
 * Statement-level triggers on every base table the facts read. Each marks the local days (tenant's zone)
 * whose rollups a change touches, in analytics_dirty, and announces the change on the event channel. They
 * run inside the writer's transaction whoever the writer is (a module, the seed, psql), so nobody has to
 * remember analytics. A day is marked for the old and the new version of a changed row.
 * `set local prm.analytics_bulk = 'on'` skips them for a bulk load that rebuilds its tenants afterwards.
 *
 * The marks must cover every `ts` a fact in analytics.facts.ts attributes a row to; the property test
 * changes rows through these triggers and compares the folded rollups with the base tables.
 */
type TableTrigger = {
  table: string;
  /** Event type announced on prm_events, `data: { op, rows }`. */
  event: string;
  /** Columns whose change can move a figure; an update touching none of them marks nothing. */
  relevant: string[];
  /** Fact and instant (an expression over the changed rows `r`) to mark. */
  marks: [string, string][];
  /** Further (tenant_id, fact, ts) rows: other rows whose figures depend on the changed ones. */
  extra?: string;
};

const TRIGGERS: TableTrigger[] = [
  {
    table: 'appointments',
    event: 'appointment.changed',
    relevant: ['starts_at', 'booked_at', 'status', 'practitioner_id', 'department_id', 'location_id'],
    marks: [['appointments', 'r.starts_at']],
  },
  {
    table: 'patient_journeys',
    event: 'journey.changed',
    relevant: ['started_at', 'completed_at', 'cancelled_at', 'status', 'department_id', 'template_id'],
    marks: [
      ['journeys', 'r.started_at'],
      ['journeys', 'greatest(r.started_at, r.completed_at)'],
      ['journeys', 'greatest(r.started_at, r.cancelled_at)'],
      ['journey_stages', 'greatest(r.started_at, r.cancelled_at)'],
    ],
    // Completed stages carry their journey's department and template.
    extra: `select s.tenant_id, 'journey_stages', greatest(s.started_at, s.completed_at)
      from patient_journey_stages s join r on s.tenant_id = r.tenant_id and s.journey_id = r.id`,
  },
  {
    table: 'patient_journey_stages',
    event: 'journey.changed',
    relevant: ['status', 'started_at', 'completed_at', 'position', 'name', 'journey_id'],
    marks: [['journey_stages', 'greatest(r.started_at, r.completed_at)']],
    // The drop-off stage of a cancelled journey depends on its stages.
    extra: `select j.tenant_id, 'journey_stages', greatest(j.started_at, j.cancelled_at)
      from patient_journeys j join r on j.tenant_id = r.tenant_id and j.id = r.journey_id`,
  },
  {
    table: 'conversations',
    event: 'conversation.changed',
    relevant: ['opened_at', 'closed_at', 'status', 'channel'],
    marks: [
      ['communication', 'r.opened_at'],
      ['communication', 'greatest(r.opened_at, r.closed_at)'],
    ],
  },
  {
    table: 'messages',
    event: 'message.changed',
    relevant: ['created_at', 'direction', 'channel', 'conversation_id'],
    marks: [
      ['communication', 'r.created_at'],
      ['response_buckets', 'r.created_at'],
    ],
    // A message changes the response time of the later outbound messages of its conversation.
    extra: `select m.tenant_id, f.fact, m.created_at
      from (select tenant_id, conversation_id, min(created_at) as since from r group by 1, 2) c
      join messages m on m.tenant_id = c.tenant_id and m.conversation_id = c.conversation_id
        and m.created_at >= c.since and m.direction = 'outbound'
      cross join (values ('communication'), ('response_buckets')) f(fact)`,
  },
  {
    table: 'voice_calls',
    event: 'call.changed',
    relevant: [
      'started_at',
      'created_at',
      'direction',
      'agent_id',
      'end_reason',
      'duration_seconds',
      'outcome',
      'booking_status',
      'sentiment',
    ],
    marks: [['calls', 'coalesce(r.started_at, r.created_at)']],
  },
];

function changedRows(op: 'INSERT' | 'UPDATE' | 'DELETE', relevant: string[]) {
  if (op === 'INSERT') return 'select * from new_rows';
  if (op === 'DELETE') return 'select * from old_rows';
  const differs = `(${relevant.map((c) => `o.${c}`).join(', ')}) is distinct from (${relevant.map((c) => `n.${c}`).join(', ')})`;
  const join = `from old_rows o join new_rows n on n.id = o.id where ${differs}`;
  return `select o.* ${join} union all select n.* ${join}`;
}

function branch(t: TableTrigger, op: 'INSERT' | 'UPDATE' | 'DELETE') {
  const rows = changedRows(op, t.relevant);
  const marks = t.marks.map(
    ([fact, ts]) => `select r.tenant_id, '${fact}'::text as fact, ${ts} as ts from r`,
  );
  if (t.extra) marks.push(t.extra);
  return `
    with r as (${rows})
    insert into analytics_dirty (tenant_id, fact, day)
    select distinct x.tenant_id, x.fact, (x.ts at time zone o.time_zone)::date
    from (${marks.join('\n      union all ')}) x
    join organizations o on o.id = x.tenant_id
    where x.ts is not null;
    perform pg_notify('${EVENTS_CHANNEL}', json_build_object('tenant_id', c.tenant_id, 'type', '${t.event}',
      'data', json_build_object('op', lower(tg_op), 'rows', c.n))::text)
    from (select tenant_id, count(*) as n from (${rows}) r group by tenant_id) c;`;
}

function tableTriggerSql(t: TableTrigger): string[] {
  const fn = `analytics_mark_${t.table}`;
  const body = `
  create or replace function ${fn}() returns trigger language plpgsql as $fn$
  begin
    if current_setting('prm.analytics_bulk', true) = 'on' then return null; end if;
    if tg_op = 'INSERT' then ${branch(t, 'INSERT')}
    elsif tg_op = 'UPDATE' then ${branch(t, 'UPDATE')}
    else ${branch(t, 'DELETE')}
    end if;
    return null;
  end $fn$`;
  const trigger = (op: string, refs: string) =>
    [
      `drop trigger if exists ${fn}_${op} on ${t.table}`,
      `create trigger ${fn}_${op} after ${op} on ${t.table} referencing ${refs} for each statement execute function ${fn}()`,
    ] as const;
  return [
    body,
    ...trigger('insert', 'new table as new_rows'),
    ...trigger('update', 'old table as old_rows new table as new_rows'),
    ...trigger('delete', 'old table as old_rows'),
  ];
}

/** A new time zone moves every local day: rebuild the tenant (a null day). */
const TIME_ZONE_TRIGGER = [
  `create or replace function analytics_mark_time_zone() returns trigger language plpgsql as $fn$
  begin
    if new.time_zone is distinct from old.time_zone then
      insert into analytics_dirty (tenant_id, fact, day) values (new.id, '*', null);
    end if;
    return null;
  end $fn$`,
  'drop trigger if exists analytics_mark_time_zone on organizations',
  'create trigger analytics_mark_time_zone after update of time_zone on organizations for each row execute function analytics_mark_time_zone()',
];

/** Idempotent statements (create or replace / drop if exists), applied after every migration. */
export const ANALYTICS_TRIGGERS_SQL: string[] = [...TRIGGERS.flatMap(tableTriggerSql), ...TIME_ZONE_TRIGGER];
