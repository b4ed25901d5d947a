import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature } from './voice-signature.js';

describe('voice signature tolerance', () => {
  const raw = Buffer.from('{"event_id":"e1"}');
  const nowMs = 1_800_000_000_500;
  const at = (offset: number) => signPayload('s3cret', raw, Math.floor(nowMs / 1000) + offset);

  it('accepts a timestamp up to 300 s either side and refuses 301 s', () => {
    expect(verifySignature(['s3cret'], at(-300), raw, nowMs)).toBe(true);
    expect(verifySignature(['s3cret'], at(300), raw, nowMs)).toBe(true);
    expect(verifySignature(['s3cret'], at(-301), raw, nowMs)).toBe(false);
    expect(verifySignature(['s3cret'], at(301), raw, nowMs)).toBe(false);
  });
});
