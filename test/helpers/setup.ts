import { afterEach, vi } from 'vitest';

// A test that logs an unexpected error through console fails: silent failures hide bugs.
const unexpected: string[] = [];
const original = console.error;
console.error = (...args: unknown[]) => {
  unexpected.push(args.map(String).join(' '));
  original(...args);
};

afterEach(() => {
  const errors = unexpected.splice(0);
  vi.restoreAllMocks();
  if (errors.length) throw new Error(`Unexpected console.error during test:\n${errors.join('\n')}`);
});
