import { STOPWORDS } from './nl.lexicon.js';
import { tokenise } from './nl.text.js';

/*
 * Questions about one patient rather than the clinic's numbers: a phone number, "patient X", "X's next
 * appointment", "what did X book". A name is a run of words the interpreter does not know (not the
 * lexicon, not a time word, not one of the tenant's practitioners, departments or locations).
 */
const NAME = String.raw`([A-Za-z][a-z'’.-]+(?:\s+[A-Za-z][a-z'’.-]+){0,2})`;
const PATTERNS = [
  new RegExp(String.raw`\bpatient\s+(?:named\s+|called\s+)?${NAME}`, 'gi'),
  /\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})['’]s\b/g,
  new RegExp(
    String.raw`\b(?:what|when|which|how)\s+(?:did|does|has|is|was|will)\s+${NAME}\s+(?:book|booked|have|had|come|visit|see|cancel|miss|last|next|say|call)`,
    'gi',
  ),
  /\b(?:did|does|has|is|was|will)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)\b/g,
  /\b(?:for|of|about|with)\s+(?:mr\.?\s+|mrs\.?\s+|ms\.?\s+)?([A-Z][a-z]+\s+[A-Z][a-z]+)\b/g,
];
const TITLES = new Set(['dr', 'doctor', 'prof', 'professor']);
const PHONE = /\+?\d[\d\s().-]{7,}\d/;

/** The patient a question is about (a name or a phone number), or null for a question about numbers. */
export function patientSubject(question: string, isKnown: (word: string) => boolean): string | null {
  const phone = PHONE.exec(question)?.[0];
  if (phone && phone.replace(/\D/g, '').length >= 9) return phone.trim();
  for (const m of PATTERNS.flatMap((re) => [...question.matchAll(re)])) {
    const name = m[1];
    if (!name) continue;
    const words = tokenise(name.replace(/['’]s$/, '')).map((t) => t.word);
    // Trailing words that are ordinary vocabulary ("Kavya Rao book") are not part of the name.
    while (words.length && isKnown(words[words.length - 1] as string)) words.pop();
    // "Dr Iyer's", "Mehta's", "Andheri's": titles and the tenant's own names are not patients.
    const first = words[0];
    if (first && !TITLES.has(first) && !STOPWORDS.has(first) && words.some((w) => !isKnown(w)))
      return words.join(' ');
  }
  return null;
}
