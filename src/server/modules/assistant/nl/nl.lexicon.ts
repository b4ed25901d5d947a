/*
 * What words mean, as cues rather than fixed phrases, so new phrasings combine known parts: a domain
 * (which section), a state (no-show, cancelled, missed…) and a measure (count, rate, average…). The metric
 * is then chosen by rules over the cues (nl.metric.ts), always naming a metric of the catalog.
 */
export type Cue =
  | 'appointments'
  | 'journeys'
  | 'communication'
  | 'voice_calls'
  | 'noshow'
  | 'cancel'
  | 'complete'
  | 'confirm'
  | 'checkin'
  | 'pending'
  | 'booked'
  | 'started'
  | 'active'
  | 'drop'
  | 'missed'
  | 'answered'
  | 'transfer'
  | 'positive'
  | 'negative'
  | 'neutral'
  | 'sentiment'
  | 'inbound'
  | 'outbound'
  | 'conversation'
  | 'opened'
  | 'closed'
  | 'response'
  | 'first'
  | 'lead'
  | 'stage'
  | 'rate'
  | 'count'
  | 'average'
  | 'median'
  | 'duration'
  | 'speed'
  | 'message';

const c = (cues: string, ...phrases: string[]) => phrases.map((p) => [p, cues.split(' ') as Cue[]] as const);

/** Phrase (normal-form words, space separated) → cues. Longer phrases win over their parts. */
export const PHRASES: ReadonlyMap<string, Cue[]> = new Map([
  ...c('appointments', 'appointment', 'appt', 'appts', 'visit', 'consultation', 'consult', 'slot', 'opd'),
  ...c('appointments', 'booking', 'bookings', 'footfall'),
  ...c('journeys', 'journey', 'pathway', 'programme', 'program', 'care plan', 'treatment plan', 'episode'),
  ...c('communication message', 'message', 'msg', 'text', 'texts', 'chat', 'chats', 'whatsapp', 'inbox'),
  ...c('communication conversation', 'conversation', 'thread'),
  ...c('voice_calls', 'call', 'phone call', 'voice', 'agent', 'voice agent', 'ivr', 'caller', 'phone', 'bot'),
  ...c('appointments noshow', 'noshow', 'dna', 'did not attend', 'missed appointment', 'missed appointments'),
  ...c(
    'noshow',
    'did not show',
    'did not show up',
    'did not turn up',
    'did not come',
    'did not come in',
    'failed to show',
    'failed to turn up',
    'failed to come',
    'not turn up',
    'not show up',
    'absent',
    'absentee',
    'never showed',
    'skipped',
  ),
  ...c('cancel', 'cancel', 'cancelled', 'canceled', 'cancellation', 'cancelation', 'called off', 'cancels'),
  ...c(
    'complete',
    'completed',
    'complete',
    'completion',
    'attended',
    'seen',
    'finished',
    'fulfilled',
    'done',
  ),
  ...c('confirm', 'confirmed', 'confirmation', 'confirm'),
  ...c('checkin', 'checkin', 'checkedin', 'arrived', 'arrival', 'walked in'),
  ...c('pending', 'unconfirmed', 'pending', 'still booked', 'not yet confirmed'),
  ...c('booked', 'booked', 'book', 'resulted in a booking', 'led to a booking', 'converted', 'conversion'),
  ...c(
    'started',
    'started',
    'start',
    'new',
    'began',
    'begun',
    'enrolled',
    'enrolment',
    'enrollment',
    'initiated',
  ),
  ...c('active', 'active', 'ongoing', 'open', 'in progress', 'running'),
  ...c('journeys drop', 'dropoff', 'abandoned', 'dropped', 'dropped out', 'dropped off', 'quit', 'churn'),
  ...c('missed', 'missed', 'unanswered', 'not answered', 'went unanswered', 'rang out'),
  ...c('answered', 'answered', 'picked up', 'connected', 'handled', 'took'),
  ...c(
    'transfer',
    'transfer',
    'transferred',
    'escalated',
    'escalation',
    'handed over',
    'handoff',
    'handover',
  ),
  ...c('positive', 'positive', 'happy', 'satisfied', 'pleased'),
  ...c('negative', 'negative', 'unhappy', 'angry', 'upset', 'dissatisfied', 'frustrated', 'annoyed'),
  ...c('neutral', 'neutral'),
  ...c('sentiment', 'sentiment', 'mood', 'feeling', 'tone'),
  ...c(
    'inbound',
    'inbound',
    'incoming',
    'received',
    'receive',
    'came in',
    'got',
    'we get',
    'did we get',
    'get in',
  ),
  ...c('outbound', 'outbound', 'outgoing', 'sent', 'send', 'made', 'placed'),
  ...c('opened', 'opened'),
  ...c('closed', 'closed', 'resolved'),
  ...c(
    'communication response',
    'response',
    'reply',
    'replies',
    'respond',
    'responded',
    'replied',
    'get back',
  ),
  ...c(
    'communication response speed',
    'response time',
    'reply time',
    'turnaround',
    'time to reply',
    'time to respond',
  ),
  ...c('first', 'first'),
  ...c('appointments lead', 'lead time', 'in advance', 'ahead of time', 'how far ahead', 'notice'),
  ...c('stage', 'stage', 'step', 'phase', 'milestone'),
  ...c(
    'rate',
    'rate',
    'percentage',
    'percent',
    'proportion',
    'share',
    'ratio',
    'fraction',
    'how often',
    'likelihood',
    'as a rate',
  ),
  ...c('count', 'how many', 'number', 'count', 'total', 'volume', 'amount', 'tally', 'quantity'),
  ...c('average', 'average', 'avg', 'mean', 'typical', 'typically', 'on average', 'usually'),
  ...c('median', 'median', 'middle'),
  ...c('duration', 'duration', 'how long', 'length', 'long', 'minutes', 'seconds'),
  ...c(
    'speed',
    'quickly',
    'fast',
    'faster',
    'slower',
    'quicker',
    'soon',
    'speed',
    'time',
    'quick',
    'promptly',
  ),
]);

/** Words that carry no meaning for the query; everything else must be understood or is reported. */
export const STOPWORDS = new Set(
  (
    'a an the of for to in on at by me my we us our you your i is was were are be been being am do does did ' +
    'have has had what whats which who how much show shown tell give get let know could would should will can ' +
    'please and or with from that this those these there it its as so far about like just report stats ' +
    'statistics figure figures numbers data metric metrics kpi list display find see view look give patient ' +
    'patients people folks person clinic hospital organisation organization overall all any up some ' +
    'our were got get had being result resulted handle went come turn overall value values current currently ' +
    'while during over within per each every did not no yes ok okay hey hi hello kindly want need quick ' +
    'please thanks thank many level levels us they them their them whole across period until far yet far ' +
    'did does happen happened were out go goes went into made making make across then than vs versus total ' +
    'compared compare comparison against relative opposed doing looking how when where why whom whose then'
  ).split(' '),
);

/** Words naming a dimension to group by. */
export const GROUP_WORDS: Record<string, string> = {
  doctor: 'practitioner_id',
  doc: 'practitioner_id',
  practitioner: 'practitioner_id',
  physician: 'practitioner_id',
  consultant: 'practitioner_id',
  provider: 'practitioner_id',
  dr: 'practitioner_id',
  clinician: 'practitioner_id',
  specialist: 'practitioner_id',
  department: 'department_id',
  dept: 'department_id',
  specialty: 'department_id',
  speciality: 'department_id',
  specialtie: 'department_id',
  unit: 'department_id',
  location: 'location_id',
  clinic: 'location_id',
  branch: 'location_id',
  site: 'location_id',
  hospital: 'location_id',
  centre: 'location_id',
  center: 'location_id',
  facility: 'location_id',
  channel: 'channel',
  direction: 'direction',
  agent: 'agent_id',
  bot: 'agent_id',
  template: 'template_id',
  type: 'template_id',
  journey: 'template_id',
  program: 'template_id',
  programme: 'template_id',
  pathway: 'template_id',
  stage: 'stage',
  step: 'stage',
  day: 'day',
  date: 'day',
  week: 'week',
  month: 'month',
};
export const TIME_GROUP_WORDS: Record<string, 'day' | 'week' | 'month'> = {
  daily: 'day',
  weekly: 'week',
  monthly: 'month',
};
export const GROUP_TRIGGERS = new Set([
  'by',
  'per',
  'each',
  'every',
  'across',
  'which',
  'top',
  'breakdown',
  'split',
]);
export const RANK_WORDS: Record<string, 'desc' | 'asc'> = {
  most: 'desc',
  highest: 'desc',
  top: 'desc',
  best: 'desc',
  busiest: 'desc',
  largest: 'desc',
  biggest: 'desc',
  max: 'desc',
  maximum: 'desc',
  worst: 'desc',
  least: 'asc',
  lowest: 'asc',
  fewest: 'asc',
  minimum: 'asc',
  min: 'asc',
  smallest: 'asc',
};

/** Channels of messages, as people name them. */
export const CHANNEL_WORDS: Record<string, 'whatsapp' | 'sms' | 'email' | 'web'> = {
  whatsapp: 'whatsapp',
  wa: 'whatsapp',
  sms: 'sms',
  texts: 'sms',
  email: 'email',
  emails: 'email',
  mail: 'email',
  web: 'web',
  website: 'web',
  webchat: 'web',
};

/** Plain words for specialties, matched against department names and practitioners' specialties. */
export const DEPARTMENT_ALIASES: Record<string, string[]> = {
  cardiology: ['cardio', 'cardiac', 'heart', 'cardiologist', 'cardiologists'],
  orthopaedics: ['ortho', 'orthopedics', 'orthopaedic', 'orthopedic', 'bone', 'bones', 'orthopaedist'],
  paediatrics: [
    'pediatrics',
    'paediatric',
    'pediatric',
    'kids',
    'children',
    'child',
    'paediatrician',
    'pediatrician',
    'peds',
  ],
  dermatology: ['derma', 'derm', 'skin', 'dermatologist', 'dermatologists'],
  gynaecology: [
    'gynecology',
    'gynae',
    'gyn',
    'obgyn',
    'gynaecologist',
    'gynecologist',
    'maternity',
    'obstetrics',
    'obs',
  ],
  ophthalmology: ['eye', 'eyes', 'ophthalmologist', 'opthalmology', 'ophthalmic'],
  ent: ['otolaryngology', 'ear', 'throat'],
  medicine: ['gp', 'physician', 'internal', 'general'],
  neurology: ['neuro', 'brain', 'neurologist'],
  oncology: ['cancer', 'oncologist'],
  dentistry: ['dental', 'dentist', 'teeth'],
};

/** Words that name a place or unit generically, never one in particular. */
export const GENERIC_NAME_WORDS = new Set([
  'clinic',
  'hospital',
  'centre',
  'center',
  'branch',
  'department',
  'dept',
  'the',
  'and',
  'of',
  'dr',
  'doctor',
  'prof',
  'mr',
  'mrs',
  'ms',
  'general',
  'care',
  'unit',
  'city',
  'road',
]);

export const SUGGESTIONS = [
  'What was the no-show rate last month?',
  'How many appointments were cancelled this week by department?',
  'Average call duration in October compared to September',
  'Journey completion rate for Cardiology this quarter',
  'How many WhatsApp messages did we receive yesterday?',
];
