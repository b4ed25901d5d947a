import { describe, expect, it } from 'vitest';
import { burstMeter } from './burst-meter.js';

describe('burst meter', () => {
  it('is busy from the arrival that reaches the rate until a quiet window has passed', () => {
    let t = 0;
    const m = burstMeter({ perSecond: 1000, windowMs: 100, now: () => t });
    for (let i = 0; i < 99; i++) m.mark();
    expect(m.busy()).toBe(false);
    m.mark();
    expect(m.busy()).toBe(true);
    t = 150; // next window: the last one still counts
    expect(m.busy()).toBe(true);
    t = 260; // a whole window without a burst
    expect(m.busy()).toBe(false);
  });

  it('forgets a burst after a gap longer than a window', () => {
    let t = 0;
    const m = burstMeter({ perSecond: 1000, windowMs: 100, now: () => t });
    for (let i = 0; i < 100; i++) m.mark();
    t = 500;
    expect(m.busy()).toBe(false);
  });

  it('never calls a steady trickle a burst', () => {
    let t = 0;
    const m = burstMeter({ perSecond: 1000, windowMs: 100, now: () => t });
    for (let i = 0; i < 1000; i++) {
      t += 2; // 500 per second
      m.mark();
      expect(m.busy()).toBe(false);
    }
  });
});
