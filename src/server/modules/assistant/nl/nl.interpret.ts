import type { Role } from '../../../platform/db/schema/index.js';
import { daysBetween, localDay, shiftDays } from '../../../platform/time/periods.js';
import type { Section } from '../../analytics/analytics.catalog.js';
import { type Directory, type EntityKind, findEntities, type Named } from './nl.entities.js';
import {
  CHANNEL_WORDS,
  type Cue,
  DEPARTMENT_ALIASES,
  GROUP_TRIGGERS,
  GROUP_WORDS,
  PHRASES,
  RANK_WORDS,
  STOPWORDS,
  SUGGESTIONS,
  TIME_GROUP_WORDS,
} from './nl.lexicon.js';
import { chooseMetrics } from './nl.metric.js';
import { patientSubject } from './nl.patient.js';
import { closestWord, stem, type Token, tokenise } from './nl.text.js';
import {
  type DayRange,
  describeRange,
  precedingRange,
  shiftRange,
  TIME_VOCABULARY,
  type TimeMatch,
  TimeParser,
  type Unit,
  wholeUnit,
} from './nl.time.js';

export type GroupBy =
  | 'practitioner_id'
  | 'department_id'
  | 'location_id'
  | 'channel'
  | 'direction'
  | 'agent_id'
  | 'template_id'
  | 'stage'
  | 'day'
  | 'week'
  | 'month';
export type Filters = Partial<Record<Exclude<EntityKind, 'template_id'>, Named>> & { channel?: string };

export type Interpretation = {
  status: 'ok' | 'unclear' | 'refused' | 'patient';
  domain: Section | null;
  metrics: string[];
  period: DayRange;
  /** True when the question named no period and the default (the last 30 days) was used. */
  period_assumed: boolean;
  compare: DayRange | null;
  filters: Filters;
  /** A journey template named in the question: answered from the template breakdown. */
  template: Named | null;
  group_by: GroupBy | null;
  rank: { order: 'desc' | 'asc'; limit: number | null } | null;
  corrections: { from: string; to: string }[];
  not_understood: string[];
  notes: string[];
  /** For status 'patient' (staff): the name or phone number asked about. */
  patient: string | null;
  suggestions: string[];
};

export type InterpretOptions = { directory: Directory; timeZone: string; now: Date; role: Role };

const COMPARE_GLUE = new Set(['to', 'with', 'the', 'a', 'same', 'of', 'and', 'than']);
const RELATIVE_WORDS = new Set(['before', 'previous', 'prior', 'preceding', 'earlier', 'ago']);
const COMPARE_WORDS = new Set([
  'compared',
  'compare',
  'comparison',
  'versus',
  'against',
  'relative',
  'than',
  'vs',
]);
/** The analytics API takes custom periods shorter than two years. */
const MAX_DAYS = 730;
/** What a grouping says about the question: "by stage" is about journeys, "by channel" about messages. */
const IMPLIED: Record<string, Cue[]> = {
  stage: ['journeys', 'stage'],
  template_id: ['journeys'],
  channel: ['communication'],
  direction: ['voice_calls'],
  agent_id: ['voice_calls'],
};
const MAX_PHRASE = 5;

function baseVocabulary(dir: Directory): Set<string> {
  const v = new Set<string>([
    ...STOPWORDS,
    ...TIME_VOCABULARY,
    ...Object.keys(GROUP_WORDS),
    ...Object.keys(TIME_GROUP_WORDS),
    ...Object.keys(CHANNEL_WORDS),
    ...Object.keys(RANK_WORDS),
    ...Object.values(DEPARTMENT_ALIASES).flat(),
    'trend',
    'trends',
    'breakdown',
    'doctor',
    'doctors',
  ]);
  for (const phrase of PHRASES.keys()) for (const w of phrase.split(' ')) v.add(w);
  for (const list of [dir.practitioners, dir.departments, dir.locations, dir.templates])
    for (const e of list) for (const w of tokenise(e.name)) v.add(w.word);
  return v;
}

const empty = (period: DayRange): Interpretation => ({
  status: 'unclear',
  domain: null,
  metrics: [],
  period,
  period_assumed: true,
  compare: null,
  filters: {},
  template: null,
  group_by: null,
  rank: null,
  corrections: [],
  not_understood: [],
  notes: [],
  patient: null,
  suggestions: [],
});

/** Mark the cues of every known phrase among unused tokens, longest phrases first. */
function findCues(tokens: Token[]): Set<Cue> {
  const cues = new Set<Cue>();
  for (let len = MAX_PHRASE; len >= 1; len--) {
    for (let i = 0; i + len <= tokens.length; i++) {
      const span = tokens.slice(i, i + len);
      if (span.some((t) => t.used)) continue;
      const plain = span.map((t) => t.word).join(' ');
      const stemmed = span.map((t) => stem(t.word)).join(' ');
      const hit = PHRASES.get(plain) ?? PHRASES.get(stemmed);
      if (!hit) continue;
      for (const cue of hit) cues.add(cue);
      for (const t of span) t.used = true;
    }
  }
  return cues;
}

function findGroup(tokens: Token[], it: Interpretation) {
  const w = (i: number) => tokens[i]?.word ?? '';
  const group = (word: string) => GROUP_WORDS[word] ?? GROUP_WORDS[stem(word)];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.used) continue;
    const timeGroup = TIME_GROUP_WORDS[t.word];
    if (timeGroup) {
      it.group_by = timeGroup;
      t.used = true;
      continue;
    }
    if (['trend', 'trends'].includes(t.word)) {
      t.used = true;
      it.group_by ??= 'day';
      it.notes.push('trend');
      continue;
    }
    // "week by week", "month on month"
    if (group(t.word) && ['by', 'on', 'over'].includes(w(i + 1)) && w(i + 2) === t.word) {
      it.group_by = group(t.word) as GroupBy;
      for (const k of [i, i + 1, i + 2]) (tokens[k] as Token).used = true;
      continue;
    }
    const rankWord = ['which', 'what', 'top'].includes(t.word);
    if (!GROUP_TRIGGERS.has(t.word) && !rankWord) continue;
    let k = i + 1;
    let limit: number | null = null;
    if (t.word === 'top' && /^\d+$/.test(w(k))) limit = Number(w(k++));
    while (['the', 'each', 'every', 'a', 'of', 'down', 'by', 'individual'].includes(w(k)) && k < i + 4) {
      if (w(k) === 'the' && t.word === 'by') break; // "by the voice agent" names who, not how to group
      k++;
    }
    const g = group(w(k));
    if (!g || tokens[k]?.used) continue;
    // "average time per stage" names a metric, not a grouping.
    if (g === 'stage' && ['time', 'duration', 'spent', 'long', 'days'].includes(w(i - 1))) continue;
    it.group_by = g as GroupBy;
    if (rankWord) it.rank = { order: 'desc', limit: limit ?? (t.word === 'top' ? 5 : 1) };
    for (let j = i; j <= k; j++) (tokens[j] as Token).used = true;
    if (g === 'template_id' && w(k + 1) === 'type') (tokens[k + 1] as Token).used = true;
  }
  tokens.forEach((t, i) => {
    const order = RANK_WORDS[t.word];
    if (!order || t.used) return;
    t.used = true;
    // "busiest day", "worst clinic": a superlative before a dimension ranks by it.
    const next = tokens[i + 1];
    const g = next && !next.used ? group(next.word) : undefined;
    if (!it.group_by && g && next) {
      it.group_by = g as GroupBy;
      next.used = true;
    }
    if (it.group_by) it.rank = { order, limit: it.rank?.limit ?? 1 };
  });
}

/** The comparison period: relative to the main one ("the month before", "last year") or named outright. */
function comparePeriod(tokens: Token[], c: number, main: DayRange, parsed: DayRange | null): DayRange {
  const rest = tokens.slice(c).map((t) => t.word);
  const unitWord = rest.find((w) => ['day', 'week', 'month', 'quarter', 'year'].includes(w)) as
    | Unit
    | undefined;
  const before = rest.some((w) => ['before', 'previous', 'prior', 'preceding', 'earlier', 'ago'].includes(w));
  const sameAsMain = parsed && parsed.start_date === main.start_date && parsed.end_date === main.end_date;
  const byUnit = (u: Unit): DayRange => {
    if (main.unit === u && !main.toDate)
      return { ...wholeUnit(u, main.start_date, -1), label: `the ${u} before` };
    return { ...shiftRange(main, u, -1), label: `the same days a ${u} earlier` };
  };
  for (const t of tokens.slice(c))
    if (
      ['before', 'previous', 'prior', 'preceding', 'earlier', 'ago', 'same', 'period', 'time'].includes(
        t.word,
      )
    )
      t.used = true;
  if (parsed && !sameAsMain) {
    const lastUnit = /^last (week|month|quarter|year)$/.exec(parsed.label)?.[1] as Unit | undefined;
    if (lastUnit && main.toDate && main.unit === lastUnit) return byUnit(lastUnit);
    if (lastUnit === 'year' && main.unit !== 'year') return byUnit('year');
    return parsed;
  }
  if (unitWord && (before || sameAsMain || rest.includes('same'))) return byUnit(unitWord);
  if (sameAsMain && main.unit) return byUnit(main.unit);
  return { ...precedingRange(main), label: 'the period before' };
}

function resolveTime(tokens: Token[], today: string, it: Interpretation) {
  const parser = new TimeParser(tokens, today);
  const c = tokens.findIndex((t) => COMPARE_WORDS.has(t.word));
  const mainMatches = parser.parseAll(0, c >= 0 ? c : tokens.length);
  const main = mainMatches[0];
  if (main) {
    it.period = main;
    it.period_assumed = false;
  }
  if (mainMatches.length > 1) it.notes.push(`used the first period named (${main?.label})`);
  const after = c >= 0 ? parser.parseAll(c + 1) : [];
  const relative = tokens.slice(c + 1).some((t) => RELATIVE_WORDS.has(t.word));
  // A period compared with must follow the comparison word ("vs last month"); in "inbound vs outbound
  // calls last month" it compares two kinds (left to grouping) within the period named.
  const gapBefore = (m: TimeMatch | undefined, from: number) =>
    m ? tokens.slice(from, m.from).filter((t) => !COMPARE_GLUE.has(t.word)).length : 0;
  let gap = gapBefore(after[0], c + 1);
  if (!main && after[0] && gap > 0 && !relative) {
    const first = after.shift() as TimeMatch;
    it.period = first;
    it.period_assumed = false;
    gap = gapBefore(after[0], first.to);
  }
  if (c >= 0 && ((after.length && gap === 0) || relative)) {
    (tokens[c] as Token).used = true;
    // "compare appointments this week with last week": both periods follow the comparison word.
    if (!main && after.length > 1) {
      it.period = after.shift() as TimeMatch;
      it.period_assumed = false;
    } else if (!main && after[0]?.unit && /^last /.test(after[0].label)) {
      // "cancellation rate vs last month": this month, against last month.
      const u = after[0].unit as Unit;
      const whole = wholeUnit(u, today, 0);
      it.period = { ...whole, end_date: today, label: `this ${u}`, toDate: whole.end_date > today };
      it.period_assumed = false;
    }
    it.compare = comparePeriod(tokens, c, it.period, after[0] ?? null);
  }
  for (const r of [it.period, it.compare]) {
    if (r && daysBetween(r.start_date, r.end_date) >= MAX_DAYS) {
      r.start_date = shiftDays(r.end_date, -(MAX_DAYS - 1));
      r.label = 'the last two years of it';
      it.notes.push('periods are limited to two years');
    }
  }
}

/** Resolve names to the tenant's entities; false when a name fits several (the question is unclear). */
function applyEntities(tokens: Token[], dir: Directory, vocab: Set<string>, it: Interpretation): boolean {
  const { chosen, ambiguous } = findEntities(tokens, dir, vocab);
  for (const m of chosen) {
    const span = tokens.slice(m.from, m.to);
    const prev = tokens[m.from - 1];
    // "Kavya Rao" is not Dr. Sanjay Rao: a surname alone, after an unknown name, is someone else.
    if (m.kind === 'practitioner_id' && m.score <= 2 && prev && !prev.used && !vocab.has(prev.word)) continue;
    for (const t of span) t.used = true;
    if (
      prev &&
      ['dr', 'doctor', 'prof', 'by', 'with', 'for', 'at', 'in', 'from'].includes(prev.word) &&
      !prev.used
    )
      prev.used = true;
    const next = tokens[m.to];
    if (
      next &&
      ['clinic', 'hospital', 'branch', 'centre', 'center', 'department', 'dept'].includes(next.word)
    )
      next.used = true;
    if (m.kind === 'template_id') it.template = m.entity;
    else it.filters[m.kind] = m.entity;
  }
  for (const group of ambiguous) {
    it.notes.push(
      `"${tokens
        .slice(group[0]?.from, group[0]?.to)
        .map((t) => t.raw)
        .join(' ')}" could be ${group.map((g) => g.entity.name).join(' or ')}`,
    );
  }
  return ambiguous.length === 0;
}

/** Understand one question about the tenant's numbers. Pure: the directory, zone, clock and role are given. */
export function interpret(question: string, opts: InterpretOptions): Interpretation {
  const today = localDay(opts.now, opts.timeZone);
  const defaultPeriod: DayRange = {
    start_date: shiftDays(today, -29),
    end_date: today,
    label: 'the last 30 days',
  };
  const it = empty(defaultPeriod);
  const vocab = baseVocabulary(opts.directory);
  // Exact knowledge only: a surname one letter from a word ("Verma", "derma") is still a name.
  const subject = patientSubject(question, (w) => vocab.has(w) || vocab.has(stem(w)) || /^\d/.test(w));
  if (subject) {
    it.status = opts.role === 'analyst' ? 'refused' : 'patient';
    it.patient = opts.role === 'analyst' ? null : subject;
    return it;
  }
  const tokens = tokenise(question.slice(0, 500));
  const meaningful = new Set([...vocab].filter((w) => !STOPWORDS.has(w)));
  const unambiguous = applyEntities(tokens, opts.directory, vocab, it);
  for (const t of tokens) {
    if (t.used || vocab.has(t.word) || vocab.has(stem(t.word))) continue;
    const fixed = closestWord(t.word, vocab, meaningful);
    if (fixed) {
      it.corrections.push({ from: t.word, to: fixed });
      t.word = fixed;
    }
  }
  resolveTime(tokens, today, it);
  findGroup(tokens, it);
  for (const t of tokens) {
    const channel = CHANNEL_WORDS[t.word];
    if (channel && !t.used) it.filters.channel = channel;
  }
  const cues = findCues(tokens);
  for (const cue of IMPLIED[it.group_by ?? ''] ?? []) cues.add(cue);
  if (!it.group_by && cues.has('inbound') && cues.has('outbound') && cues.has('voice_calls'))
    it.group_by = 'direction';
  const channels = new Set(tokens.map((t) => CHANNEL_WORDS[t.word]).filter(Boolean));
  if (!it.group_by && channels.size > 1) {
    it.group_by = 'channel';
    delete it.filters.channel;
  }
  if (it.filters.channel) cues.add('communication');
  if (it.template) cues.add('journeys');
  const choice = chooseMetrics(cues);
  it.not_understood = tokens
    .filter((t) => !t.used && !STOPWORDS.has(t.word) && !CHANNEL_WORDS[t.word] && !/^\d+$/.test(t.word))
    .map((t) => t.raw);
  const understood = tokens.filter((t) => t.used && !STOPWORDS.has(t.word)).length;
  // Mostly unknown words around one recognised one is a guess, not an interpretation.
  // "Dr. Who": a doctor the tenant does not have is not a filter to drop silently.
  const unknownDoctor = tokens.findIndex(
    (t, i) => !t.used && ['dr', 'doctor'].includes(t.word) && tokens[i + 1],
  );
  if (unknownDoctor >= 0) {
    it.notes.push(`no practitioner named "${tokens[unknownDoctor + 1]?.raw}"`);
    it.status = 'unclear';
    it.suggestions = SUGGESTIONS;
    return it;
  }
  if (!choice || it.not_understood.length >= Math.max(1, understood)) {
    it.status = 'unclear';
    it.suggestions = SUGGESTIONS;
    return it;
  }
  it.domain = choice.domain;
  it.metrics = choice.metrics;
  if (it.group_by === 'day' && it.notes.includes('trend')) {
    const days = (Date.parse(it.period.end_date) - Date.parse(it.period.start_date)) / 86_400_000 + 1;
    it.group_by = days > 180 ? 'month' : days > 45 ? 'week' : 'day';
  }
  it.notes = it.notes.filter((n) => n !== 'trend');
  it.status = unambiguous ? 'ok' : 'unclear';
  if (!unambiguous) it.suggestions = SUGGESTIONS;
  it.period.label ||= describeRange(it.period);
  return it;
}
