import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('config', () => {
  it('defaults to embedded PGlite on port 3000', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: './data',
      publicUrl: 'http://localhost:3000',
    });
    expect(c.cookieSecure).toBe(false);
  });

  it('takes a PostgreSQL URL and a public https URL', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/prm',
      PUBLIC_URL: 'https://prm.example.in/',
    });
    expect(c).toMatchObject({
      databaseUrl: 'postgres://u:p@db:5432/prm',
      publicUrl: 'https://prm.example.in',
      cookieSecure: true,
    });
  });

  it('splits the roles only over a PostgreSQL server', () => {
    expect(loadConfig({}).role).toBe('all');
    const split = { DATABASE_URL: 'postgres://u:p@db:5432/prm', PUBLIC_URL: 'https://prm.example.org' };
    expect(loadConfig({ ROLE: 'api', ...split }).role).toBe('api');
    expect(loadConfig({ ROLE: 'worker', ...split }).role).toBe('worker');
    for (const ROLE of ['api', 'worker']) {
      expect(() => loadConfig({ ROLE, PUBLIC_URL: split.PUBLIC_URL })).toThrow(
        /^Invalid ROLE: .*share a PostgreSQL server/,
      );
      expect(() => loadConfig({ ROLE, DATABASE_URL: split.DATABASE_URL })).toThrow(
        /^Invalid PUBLIC_URL: .*all processes share/,
      );
    }
  });

  it.each([
    ['PORT', '99999'],
    ['PORT', 'abc'],
    ['DATABASE_URL', 'mysql://x'],
    ['PUBLIC_URL', 'ftp://x'],
    ['LOG_LEVEL', 'loud'],
    ['SEED_DEMO', 'maybe'],
    ['ROLE', 'primary'],
  ])('names %s when its value %s is bad', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid ${name}: `));
  });
});
