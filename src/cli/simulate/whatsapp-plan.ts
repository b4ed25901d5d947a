import { createHash } from 'node:crypto';
import { FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES } from '../seed/names.js';
import { Random } from '../seed/random.js';

export type PlannedRequest = {
  kind: 'message' | 'status';
  /** The ledger key the server dedupes on: MessageSid, or MessageSid:MessageStatus. */
  key: string;
  params: Record<string, string>;
};

export type PlanOptions = {
  accountSid: string;
  /** The clinic's sender number (E.164). */
  to: string;
  count: number;
  phones: number;
  duplicates: number;
  /** Provider ids of outbound messages that get status callbacks. */
  outboundSids: string[];
  shuffleStatus: boolean;
  seed: number;
};

const sidFor = (prefix: string, seed: number, i: number) =>
  `${prefix}${createHash('sha256').update(`${seed}:${prefix}:${i}`).digest('hex').slice(0, 32)}`;

export const syntheticOutboundSids = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => sidFor('SM', seed + 1, i));

const BODIES = [
  'Hi, can I book an appointment for tomorrow?',
  'What time does the clinic open?',
  'Yes, confirmed',
  'Please reschedule my visit',
  'Thank you doctor',
  'Is the lab report ready?',
  'Where do I park?',
];

function shuffle<T>(rnd: Random, a: T[]) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd.next() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

/**
 * Realistic Twilio traffic, deterministic per seed: `count` distinct inbound messages from `phones`
 * senders, a share delivered twice (half back to back so they race, half later, as Twilio retries do),
 * and for each outbound sid its status callbacks, duplicated the same way and optionally shuffled.
 */
export function planTraffic(o: PlanOptions): PlannedRequest[] {
  const rnd = new Random(o.seed);
  const phones = Array.from({ length: Math.max(1, o.phones) }, (_, i) => ({
    phone: `+9198${String(10_000_000 + ((i * 7919) % 90_000_000)).padStart(8, '0')}`,
    name: `${rnd.pick(i % 2 ? FIRST_NAMES_F : FIRST_NAMES_M)} ${rnd.pick(LAST_NAMES)}`,
  }));
  const out: PlannedRequest[] = [];
  const later: PlannedRequest[] = [];
  const add = (r: PlannedRequest) => {
    out.push(r);
    if (rnd.chance(o.duplicates)) {
      if (rnd.chance(0.5)) out.push(r);
      else later.push(r);
    }
  };
  const events: (() => void)[] = [];
  for (let i = 0; i < o.count; i++) {
    const who = phones[i % phones.length] as (typeof phones)[number];
    const sid = sidFor('SM', o.seed, i);
    events.push(() =>
      add({
        kind: 'message',
        key: sid,
        params: {
          MessageSid: sid,
          SmsMessageSid: sid,
          SmsSid: sid,
          AccountSid: o.accountSid,
          From: `whatsapp:${who.phone}`,
          To: `whatsapp:${o.to}`,
          Body: rnd.pick(BODIES),
          NumMedia: '0',
          NumSegments: '1',
          ProfileName: who.name,
          WaId: who.phone.slice(1),
          MessageType: 'text',
          SmsStatus: 'received',
          ApiVersion: '2010-04-01',
        },
      }),
    );
  }
  for (const sid of o.outboundSids) {
    const path = rnd.chance(0.05) ? ['sent', 'undelivered'] : ['sent', 'delivered', 'read'];
    const callbacks = path.map(
      (status) => () =>
        add({
          kind: 'status',
          key: `${sid}:${status}`,
          params: {
            MessageSid: sid,
            SmsSid: sid,
            MessageStatus: status,
            SmsStatus: status,
            AccountSid: o.accountSid,
            From: `whatsapp:${o.to}`,
            To: `whatsapp:${phones[0]?.phone}`,
            ApiVersion: '2010-04-01',
            ChannelPrefix: 'whatsapp',
            ...(status === 'undelivered' ? { ErrorCode: '63032', ErrorMessage: 'User number blocked' } : {}),
          },
        }),
    );
    events.push(
      ...(o.shuffleStatus
        ? callbacks
        : [
            () => {
              for (const c of callbacks) c();
            },
          ]),
    );
  }
  for (const e of shuffle(rnd, events)) e();
  // Later retries land at random points of the rest of the run.
  for (const r of later) out.splice(rnd.int(Math.floor(out.length / 2), out.length), 0, r);
  return out;
}
