import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';

/*
 * Noto Sans (SIL Open Font License 1.1) from the @fontsource npm packages, so a fresh machine renders
 * the same PDF as this one: no system fonts are read. Fontsource splits each family by Unicode range;
 * each text run goes to the first face that has its glyphs, in this order.
 */
const require = createRequire(import.meta.url);
const dirOf = (pkg: string) => path.join(path.dirname(require.resolve(`${pkg}/LICENSE`)), 'files');

const FACES = [
  ['@fontsource/noto-sans', 'noto-sans-latin'],
  ['@fontsource/noto-sans', 'noto-sans-latin-ext'],
  ['@fontsource/noto-sans-devanagari', 'noto-sans-devanagari-devanagari'],
  ['@fontsource/noto-sans-bengali', 'noto-sans-bengali-bengali'],
  ['@fontsource/noto-sans-tamil', 'noto-sans-tamil-tamil'],
  ['@fontsource/noto-sans-kannada', 'noto-sans-kannada-kannada'],
  ['@fontsource/noto-sans', 'noto-sans-greek'],
  ['@fontsource/noto-sans', 'noto-sans-cyrillic'],
] as const;

export type Face = { name: string; data: Buffer; font: fontkit.Font };
export type FontSet = { regular: Face[]; bold: Face[] };

function load(pkg: string, file: string, weight: number): Face | null {
  const p = path.join(dirOf(pkg), `${file}-${weight}-normal.woff`);
  try {
    const data = readFileSync(p);
    return { name: `${file}-${weight}`, data, font: fontkit.create(data) as fontkit.Font };
  } catch {
    return null;
  }
}

let cached: FontSet | null = null;

export function fonts(): FontSet {
  if (!cached) {
    const regular = FACES.map(([pkg, file]) => load(pkg, file, 400)).filter((f): f is Face => f !== null);
    // A script without a bold face falls back to its regular one rather than to a box.
    const bold = FACES.map(([pkg, file], i) => load(pkg, file, 700) ?? (regular[i] as Face));
    cached = { regular, bold };
  }
  return cached;
}

/** Code points every face can place (spaces, joiners): they stay in the run they appear in. */
const NEUTRAL = new Set([' ', '\t', '\u00a0', '\u200c', '\u200d']);

/** Split text into runs, each with the first face that has a glyph for its characters. */
export function runs(text: string, faces: Face[]): { face: Face; text: string }[] {
  const out: { face: Face; text: string }[] = [];
  const fallback = faces[0] as Face;
  for (const ch of text) {
    const last = out.at(-1);
    const cp = ch.codePointAt(0) ?? 0;
    if (last && (NEUTRAL.has(ch) || last.face.font.hasGlyphForCodePoint(cp))) {
      last.text += ch;
      continue;
    }
    const face = faces.find((f) => f.font.hasGlyphForCodePoint(cp)) ?? fallback;
    if (last && last.face === face) last.text += ch;
    else out.push({ face, text: ch });
  }
  return out;
}
