import { expect, it } from 'vitest';
import { safeNext } from './session.js';

it('returns after sign-in only to a path on this site', () => {
  expect(safeNext('/patients?q=a')).toBe('/patients?q=a');
  for (const bad of [
    null,
    '',
    'https://evil.example',
    '//evil.example',
    '/\\evil.example',
    'javascript:alert(1)',
  ])
    expect(safeNext(bad)).toBe('/');
});
