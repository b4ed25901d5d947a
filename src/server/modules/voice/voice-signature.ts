import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** How far a signature's timestamp may be from now before it counts as a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;
const MAX_SIGNATURES = 8;

const hmac = (secret: string, t: string, raw: Buffer) =>
  createHmac('sha256', secret).update(`${t}.`).update(raw).digest();

/** `x-prm-signature: t=<unix seconds>,v1=<hex>`, as the voice platform computes it. */
export function signPayload(secret: string, raw: Buffer | string, t = Math.floor(Date.now() / 1000)) {
  return `t=${t},v1=${hmac(secret, String(t), Buffer.from(raw)).toString('hex')}`;
}

function parseSignatureHeader(header: string) {
  let t: string | undefined;
  const v1: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value, ...rest] = part.trim().split('=');
    if (rest.length || value === undefined) return null;
    if (key === 't' && /^\d{1,12}$/.test(value)) t = value;
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) v1.push(Buffer.from(value, 'hex'));
    else if (key === 't' || key === 'v1') return null;
    // Other schemes (v0, v2…) are ignored so a platform can add one without breaking verification.
  }
  if (!t || v1.length === 0 || v1.length > MAX_SIGNATURES) return null;
  return { t, v1 };
}

/**
 * True when one of the `v1` values is the HMAC of "<t>.<raw body>" under one of the secrets and t is within
 * the tolerance. Several secrets and several v1 values make rotation seamless.
 */
export function verifySignature(secrets: readonly string[], header: string, raw: Buffer, nowMs = Date.now()) {
  const sig = parseSignatureHeader(header);
  if (!sig) return false;
  if (Math.abs(Math.floor(nowMs / 1000) - Number(sig.t)) > SIGNATURE_TOLERANCE_SECONDS) return false;
  let ok = false;
  for (const secret of secrets) {
    const expected = hmac(secret, sig.t, raw);
    // No early exit: every comparison runs, so timing says nothing about which secret matched.
    for (const given of sig.v1) ok = timingSafeEqual(expected, given) || ok;
  }
  return ok;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The static `x-webhook-secret`: compared as digests, so the compare is constant-time whatever the length. */
export function verifyStaticSecret(secrets: readonly string[], given: string) {
  const g = digest(given);
  let ok = false;
  for (const secret of secrets) ok = timingSafeEqual(digest(secret), g) || ok;
  return ok;
}

/** What the admin API shows of a secret: enough to tell secrets apart, useless to an attacker. */
export const fingerprint = (secret: string) => digest(secret).toString('hex').slice(0, 12);
