import type PDFDocument from 'pdfkit';
import { type FontSet, fonts, runs } from './pdf-fonts.js';

export type Doc = InstanceType<typeof PDFDocument>;
export type TextStyle = {
  size: number;
  bold?: boolean;
  color?: string;
  width?: number;
  align?: 'left' | 'right';
};

export function registerFonts(doc: Doc): FontSet {
  const set = fonts();
  for (const f of [...set.regular, ...set.bold]) doc.registerFont(f.name, f.data);
  return set;
}

function measured(doc: Doc, text: string, style: TextStyle) {
  const set = fonts();
  return runs(text, style.bold ? set.bold : set.regular).map((r) => {
    doc.font(r.face.name).fontSize(style.size);
    return { ...r, w: doc.widthOfString(r.text) };
  });
}

export function textWidth(doc: Doc, text: string, style: TextStyle): number {
  return measured(doc, text, style).reduce((a, r) => a + r.w, 0);
}

/**
 * One line of text in as many faces as its scripts need, cut with an ellipsis at `width`. Drawn run by
 * run at measured positions, because one PDF font cannot hold Latin, Devanagari and Tamil at once.
 */
export function put(doc: Doc, text: string, x: number, y: number, style: TextStyle) {
  let parts = measured(doc, text, style);
  const total = parts.reduce((a, r) => a + r.w, 0);
  if (style.width !== undefined && total > style.width) {
    parts = [];
    const chars = [...text];
    while (chars.length > 0) {
      chars.pop();
      parts = measured(doc, `${chars.join('').trimEnd()}…`, style);
      if (parts.reduce((a, r) => a + r.w, 0) <= style.width) break;
    }
  }
  const w = parts.reduce((a, r) => a + r.w, 0);
  let cx = style.align === 'right' && style.width !== undefined ? x + style.width - w : x;
  doc.fillColor(style.color ?? '#0f172a');
  for (const r of parts) {
    doc.font(r.face.name).fontSize(style.size).text(r.text, cx, y, { lineBreak: false });
    cx += r.w;
  }
  return w;
}
