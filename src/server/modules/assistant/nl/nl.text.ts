/** A word of the question: its normal form, the raw spelling, and whether a recogniser has used it. */
export type Token = { word: string; raw: string; used: boolean; corrected?: string };

const CONTRACTIONS: [RegExp, string][] = [
  [/\b(did|do|does|was|were|is|are|has|have|had|could|would|should)n'?t\b/g, '$1 not'],
  [/\bcan'?t\b/g, 'can not'],
  [/\bwon'?t\b/g, 'will not'],
  [/\b(what|how|who|where|when|that|there)'s\b/g, '$1 is'],
  [/'s\b/g, ''],
  [/\bno[-\s]?shows?\b/g, 'noshow'],
  [/\be-mail/g, 'email'],
  [/\bwhats\s?app\b/g, 'whatsapp'],
  [/\bcheck[-\s]ins?\b/g, 'checkin'],
  [/\bchecked[-\s]in\b/g, 'checkedin'],
  [/\bdrop[-\s]?offs?\b/g, 'dropoff'],
  [/\bdrop[-\s]?outs?\b/g, 'dropoff'],
  [/\bvs\.?(?=\s|$)/g, 'versus'],
  [/(?<![\d-])(\d{1,2})(st|nd|rd|th)?\s*[-–]\s*(\d{1,2})(st|nd|rd|th)?(?![\d-])/g, '$1 to $3'],
  [/%/g, ' percent '],
  [/&/g, ' and '],
];

/** Lower case, no accents, contractions and common compounds folded to one word each. */
export function normalise(question: string): string {
  let s = question
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  s = s.replace(/[’‘`]/g, "'");
  for (const [re, to] of CONTRACTIONS) s = s.replace(re, to);
  return s;
}

/** Words and numbers (ordinals "5th" → "5"; ISO dates kept whole). */
export function tokenise(question: string): Token[] {
  const s = normalise(question);
  const out: Token[] = [];
  for (const m of s.matchAll(/\d{4}-\d{2}-\d{2}|\b[qh][1-4]\b|[a-z]+|\d+(?:st|nd|rd|th)?/g)) {
    const raw = m[0];
    out.push({ word: raw.replace(/^(\d+)(st|nd|rd|th)$/, '$1'), raw, used: false });
  }
  return out;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped for speed. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = v;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** How many typos a word of this length may carry and still be recognised. */
export const typoBudget = (word: string) => (word.length >= 8 ? 2 : word.length >= 3 ? 1 : 0);

/**
 * The vocabulary word a misspelt word most likely meant, or null when none (or several) are as close.
 * Ties go to the word with the same first letter, then to a `preferred` (meaningful) word. A three-letter
 * word may only have lost a letter ("lst" → "last"), so short words are not bent into other short words.
 */
export function closestWord(
  word: string,
  vocabulary: Iterable<string>,
  preferred?: ReadonlySet<string>,
): string | null {
  const budget = typoBudget(word);
  if (budget === 0 || /\d/.test(word)) return null;
  let best: string[] = [];
  let bestD = budget + 1;
  for (const v of vocabulary) {
    if (Math.abs(v.length - word.length) > budget) continue;
    if (word.length === 3 && v.length !== 4) continue;
    const d = editDistance(word, v, budget);
    if (d > budget) continue;
    if (d < bestD) [best, bestD] = [[v], d];
    else if (d === bestD) best.push(v);
  }
  if (best.length > 1) best = best.filter((v) => v[0] === word[0]);
  if (best.length > 1 && preferred) best = best.filter((v) => preferred.has(v));
  return best.length === 1 ? (best[0] as string) : null;
}

/** A crude stem, so plurals and -ed/-ing forms meet the lexicon: "cancellations" → "cancellation". */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  if (word.length > 6 && word.endsWith('ing')) return word.slice(0, -3);
  return word;
}
