import { toE164 } from '../../platform/http/schemas.js';

/** A form-encoded Twilio callback: every parameter kept, repeated keys as arrays (as Twilio signs them). */
export type TwilioParams = Record<string, string | string[]>;

export function parseForm(raw: string): TwilioParams {
  const out: TwilioParams = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : [...[prev].flat(), v];
  }
  return out;
}

/** One value of a parameter (the first when repeated), or null when absent or empty. */
export function param(p: TwilioParams, name: string): string | null {
  const v = p[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? null : s;
}

/** `whatsapp:+919812345678` → `+919812345678`; anything that is not a phone number → null. */
export function addressPhone(address: string | null): string | null {
  if (!address) return null;
  const bare = address.replace(/^whatsapp:/, '');
  return bare.startsWith('+') ? toE164(bare) : null;
}

export type Sender = { phone: string } | { bsuid: string };

/** Who wrote: the phone from `From` (or `WaId`), else the business-scoped user id `From` carries. */
export function senderOf(p: TwilioParams): Sender | null {
  const from = param(p, 'From');
  const phone =
    addressPhone(from) ?? (param(p, 'WaId')?.match(/^\d{6,15}$/) ? toE164(`+${param(p, 'WaId')}`) : null);
  if (phone) return { phone };
  const id = from?.replace(/^whatsapp:/, '').trim();
  return id ? { bsuid: id.slice(0, 200) } : null;
}

const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const OPT_IN = new Set(['START', 'UNSTOP']);

/** The whole message, case-insensitive, is the keyword. */
export function consentKeyword(body: string | null): 'opted_out' | 'opted_in' | null {
  const word = body?.trim().toUpperCase() ?? '';
  if (OPT_OUT.has(word)) return 'opted_out';
  if (OPT_IN.has(word)) return 'opted_in';
  return null;
}

export function mediaOf(p: TwilioParams) {
  const n = Math.min(Number(param(p, 'NumMedia') ?? 0) || 0, 20);
  const items: { url: string; content_type: string }[] = [];
  for (let i = 0; i < n; i++) {
    const url = param(p, `MediaUrl${i}`);
    if (url)
      items.push({ url, content_type: param(p, `MediaContentType${i}`) ?? 'application/octet-stream' });
  }
  return items;
}

export function locationOf(p: TwilioParams) {
  const lat = Number(param(p, 'Latitude'));
  const lon = Number(param(p, 'Longitude'));
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || param(p, 'Latitude') === null) return null;
  const loc: Record<string, string | number> = { latitude: lat, longitude: lon };
  for (const [k, name] of [
    ['address', 'Address'],
    ['label', 'Label'],
  ] as const) {
    const v = param(p, name);
    if (v) loc[k] = v;
  }
  return loc;
}
