import { DEPARTMENT_ALIASES, GENERIC_NAME_WORDS } from './nl.lexicon.js';
import { editDistance, normalise, type Token, typoBudget } from './nl.text.js';

export type Named = { id: string; name: string };
/** The tenant's own names, which filters are resolved against. */
export type Directory = {
  practitioners: (Named & { specialty?: string | null; department_id?: string | null })[];
  departments: Named[];
  locations: Named[];
  templates: Named[];
};
export type EntityKind = 'practitioner_id' | 'department_id' | 'location_id' | 'template_id';
export type EntityMatch = { kind: EntityKind; entity: Named; from: number; to: number; score: number };

const words = (s: string) => normalise(s).match(/[a-z0-9]+/g) ?? [];
const distinctive = (s: string) => words(s).filter((w) => !GENERIC_NAME_WORDS.has(w) && w.length > 1);

/** `exact`: aliases are spellings already, so they take no typos ("verma" is not "derma"). */
type Key = { kind: EntityKind; entity: Named; tokens: string[]; score: number; exact?: boolean };

/** Every way a question may name each entity, longest first: full name, then its telling words. */
function keysOf(dir: Directory): Key[] {
  const keys: Key[] = [];
  for (const p of dir.practitioners) {
    const t = distinctive(p.name);
    if (t.length) keys.push({ kind: 'practitioner_id', entity: p, tokens: t, score: 3 + t.length });
    // A surname alone names a doctor ("Dr Mehta", "Mehta's patients"), but not a first name alone.
    if (t.length > 1) keys.push({ kind: 'practitioner_id', entity: p, tokens: t.slice(-1), score: 2 });
  }
  for (const [kind, list] of [
    ['department_id', dir.departments],
    ['location_id', dir.locations],
    ['template_id', dir.templates],
  ] as const) {
    for (const e of list) {
      const t = distinctive(e.name);
      if (!t.length) continue;
      keys.push({ kind, entity: e, tokens: t, score: 2 + t.length });
      if (t.length > 1)
        for (const w of t) if (w.length >= 4) keys.push({ kind, entity: e, tokens: [w], score: 2 });
      if (kind === 'department_id')
        for (const w of t)
          for (const alias of DEPARTMENT_ALIASES[w] ?? [])
            keys.push({ kind, entity: e, tokens: [alias], score: 2, exact: true });
    }
  }
  // A practitioner's specialty ("cardiologist") names their department.
  for (const p of dir.practitioners) {
    const dept = dir.departments.find((d) => d.id === p.department_id);
    if (dept && p.specialty)
      for (const w of distinctive(p.specialty))
        keys.push({ kind: 'department_id', entity: dept, tokens: [w], score: 1.5, exact: true });
  }
  return keys;
}

const same = (word: string, key: string) =>
  word === key || word === `${key}s` || (key.length >= 5 && editDistance(word, key, 2) <= typoBudget(key));

/**
 * Entities named in the question: the best-scoring non-overlapping matches. `vocabulary` holds words
 * with a meaning of their own, which only an exact match may take for a name.
 */
export function findEntities(tokens: Token[], dir: Directory, vocabulary: ReadonlySet<string>) {
  const keys = keysOf(dir);
  const found: EntityMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const k of keys) {
      const span = tokens.slice(i, i + k.tokens.length);
      if (span.length < k.tokens.length || span.some((t) => t.used)) continue;
      const ok = span.every((t, j) => {
        const key = k.tokens[j] as string;
        return t.word === key || (!k.exact && !vocabulary.has(t.word) && same(t.word, key));
      });
      if (ok)
        found.push({ kind: k.kind, entity: k.entity, from: i, to: i + k.tokens.length, score: k.score });
    }
  }
  found.sort((a, b) => b.score - a.score || b.to - b.from - (a.to - a.from));
  const chosen: EntityMatch[] = [];
  const ambiguous: EntityMatch[][] = [];
  for (const m of found) {
    if (chosen.some((c) => c.from < m.to && m.from < c.to)) continue;
    const rivals = found.filter(
      (o) =>
        o.from === m.from &&
        o.to === m.to &&
        o.score === m.score &&
        o.kind === m.kind &&
        o.entity.id !== m.entity.id,
    );
    const unique = [m, ...rivals].filter(
      (x, i, all) => all.findIndex((y) => y.entity.id === x.entity.id) === i,
    );
    if (unique.length > 1) ambiguous.push(unique);
    chosen.push(m);
  }
  return { chosen, ambiguous };
}
