import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The text of a PDF as Debian's poppler-utils reads it (form feed between pages). */
export const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');

/** Page 1 as PNG (pdftoppm), for a person or a CI artefact; returns the PNG path. */
export function renderPng(file: string): string {
  execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, file]);
  return `${file}.png`;
}

const rgb = (hex: string) =>
  [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/**
 * Page 1 rasterised by pdftoppm as PPM: the share of non-white pixels, and of pixels in one of `palette`
 * (the chart colours, which nothing else on a page uses).
 */
export function inkOfPage1(file: string, palette: string[] = []): { inked: number; coloured: number } {
  const targets = palette.map(rgb);
  const ppm = execFileSync('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', '-singlefile', file]);
  // P6 header: magic, width, height, maxval, each followed by whitespace.
  const header = ppm
    .subarray(0, 32)
    .toString('latin1')
    .match(/^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  if (!header) throw new Error('pdftoppm did not produce a PPM');
  const [w, h] = [Number(header[1]), Number(header[2])];
  const px = ppm.subarray(header[0].length);
  let inked = 0;
  let coloured = 0;
  for (let i = 0; i < w * h * 3; i += 3) {
    const [r, g, b] = [px[i] as number, px[i + 1] as number, px[i + 2] as number];
    if (r < 245 || g < 245 || b < 245) inked++;
    if (targets.some(([tr, tg, tb]) => Math.abs(r - tr) + Math.abs(g - tg) + Math.abs(b - tb) < 30))
      coloured++;
  }
  return { inked: inked / (w * h), coloured: coloured / (w * h) };
}

export const isPng = (file: string) =>
  readFileSync(file)
    .subarray(0, 8)
    .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
