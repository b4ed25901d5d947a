import { describe, expect, it } from 'vitest';
import type { MessageStatus } from '../../platform/db/schema/index.js';
import { advance } from './message-status.js';

const run = (start: MessageStatus, seq: MessageStatus[]) => seq.reduce(advance, start);

describe('message status', () => {
  it('keeps the furthest state whatever the order', () => {
    expect(run('queued', ['read', 'delivered', 'sent'])).toBe('read');
    expect(run('queued', ['sent', 'delivered', 'read'])).toBe('read');
    expect(run('queued', ['delivered', 'sent', 'sent'])).toBe('delivered');
  });
  it('treats failures as terminal', () => {
    expect(run('queued', ['failed', 'sent'])).toBe('failed');
    expect(run('queued', ['sent', 'undelivered', 'delivered'])).toBe('undelivered');
  });
  it('never fails a message that reached the phone', () => {
    expect(run('queued', ['delivered', 'failed'])).toBe('delivered');
  });
});
