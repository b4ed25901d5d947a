import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { issueApiKey } from '../../src/server/modules/api-keys/api-keys.service.js';
import { insertOrganization } from '../../src/server/modules/organization/organization.repository.js';
import { hashPassword } from '../../src/server/platform/auth/crypto.js';
import type { Database } from '../../src/server/platform/db/client.js';
import type { Role } from '../../src/server/platform/db/schema/index.js';
import { users } from '../../src/server/platform/db/schema/index.js';
import { createTestDatabase } from './db.js';

/** Log lines at error level or above that a test did not expect; `expectNoErrors` fails on them. */
export class LogCapture extends Writable {
  readonly errors: string[] = [];
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      this.lines.push(line);
      const level = (JSON.parse(line) as { level: number }).level;
      if (level >= 50) this.errors.push(line);
    }
    cb();
  }
  take() {
    return this.errors.splice(0);
  }
}

export type TestContext = {
  app: FastifyInstance;
  database: Database;
  logs: LogCapture;
  close(): Promise<void>;
};

/** The configuration of an app under test: `env` over the test defaults. */
export function testConfig(dataDir: string, env: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT: '1000',
    // Two cores shared by parallel test files: load shedding would turn slowness into 503s.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    DATA_DIR: dataDir,
    ...env,
  });
}

export async function createTestApp(
  env: Record<string, string> = {},
  options: { dashboardDir?: string } = {},
): Promise<TestContext> {
  const database = await createTestDatabase();
  const logs = new LogCapture();
  // Files the app writes (generated reports, keys) go to a directory of this test's own, not ./data.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'prm-test-data-'));
  const config = testConfig(dataDir, env);
  const app = await buildApp({ config, database, logStream: logs, ...options });
  await app.ready();
  return {
    app,
    database,
    logs,
    close: async () => {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestTenant = {
  id: string;
  slug: string;
  keys: Record<Role, string>;
  users: Record<Role, { id: string; email: string; password: string }>;
};

let counter = 0;

/** An organisation with one user and one API key per role. */
export async function createTenant(database: Database, name = `Clinic ${++counter}`): Promise<TestTenant> {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Date.now().toString(36)}${counter}`;
  const org = await insertOrganization(database.db, { name, slug, time_zone: 'Asia/Kolkata' });
  const password = 'correct horse battery';
  const hash = await hashPassword(password);
  const keys = {} as TestTenant['keys'];
  const people = {} as TestTenant['users'];
  for (const role of ['admin', 'staff', 'analyst'] as const) {
    const email = `${role}@${slug}.test`;
    const [u] = await database.db
      .insert(users)
      .values({ tenant_id: org.id, email, name: `${role} of ${name}`, role, password_hash: hash })
      .returning();
    people[role] = { id: u?.id as string, email, password };
    keys[role] = (await issueApiKey(database.db, org.id, { name: `${role} key`, role }, null)).key;
  }
  return { id: org.id, slug, keys, users: people };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

export type Suite = TestContext & { tenant: TestTenant };

/**
 * The usual test-file setup: a fresh app and database, one tenant, closed afterwards, and a check after
 * every test that nothing logged an unexpected error. Fields are filled in by the time tests run.
 */
export function setupSuite(env: Record<string, string> = {}): Suite {
  const suite = {} as Suite;
  beforeAll(async () => {
    Object.assign(suite, await createTestApp(env));
    suite.tenant = await createTenant(suite.database);
  });
  afterAll(() => suite.close());
  afterEach(() => expect(suite.logs.take()).toEqual([]));
  return suite;
}
