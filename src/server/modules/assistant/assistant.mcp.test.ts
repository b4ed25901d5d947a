import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createTenant,
  createTestApp,
  type TestContext,
  type TestTenant,
} from '../../../../test/helpers/app.js';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { type Fixtures, makeFixtures } from '../../../../test/helpers/fixtures.js';
import { ROOT } from '../../../../test/helpers/process.js';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../platform/db/client.js';
import { auditLog } from '../../platform/db/schema/index.js';

const text = (r: CallToolResult) => (r.content[0] as { text: string }).text;

/** The three things every MCP client does: list the tools, call one, and be told about a bad argument. */
async function exercise(client: Client, patientId: string) {
  const { tools } = await client.listTools();
  const search = tools.find((x) => x.name === 'search_patients');
  const ok = (await client.callTool({
    name: 'get_patient_summary',
    arguments: { patient_id: patientId },
  })) as CallToolResult;
  const bad = (await client.callTool({
    name: 'search_patients',
    arguments: { query: 42 },
  })) as CallToolResult;
  return { tools, search, ok, bad };
}

function expectExercise(r: Awaited<ReturnType<typeof exercise>>, patientId: string) {
  expect(r.search?.inputSchema).toMatchObject({ type: 'object', required: ['query'] });
  expect(r.search?.annotations?.readOnlyHint).toBe(true);
  expect(r.ok.isError).toBeFalsy();
  expect(JSON.parse(text(r.ok)).patient).toMatchObject({ id: patientId, full_name: 'Kavya Rao' });
  expect(r.ok.structuredContent).toEqual(JSON.parse(text(r.ok)));
  expect(r.bad.isError).toBe(true);
  expect(text(r.bad)).toMatch(/Invalid arguments for tool search_patients/);
  expect(text(r.bad)).toMatch(/query/);
}

describe('MCP over Streamable HTTP at /mcp', () => {
  let t: TestContext;
  let clinic: TestTenant;
  let f: Fixtures;
  let url: URL;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    clinic = await createTenant(t.database);
    f = await makeFixtures(t.app, clinic);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = new URL(`${address}/mcp`);
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await t.close();
  });
  afterEach(() => expect(t.logs.take()).toEqual([]));

  async function connect(key: string) {
    const client = new Client({ name: 'prm-test', version: '1.0.0' });
    clients.push(client);
    await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: bearer(key) } }));
    return client;
  }

  it('lists the tools, calls one, reports a validation error', async () => {
    expectExercise(await exercise(await connect(clinic.keys.staff), f.patient.id), f.patient.id);
  });

  it('publishes the same JSON Schemas as GET /api/v1/agents/tools', async () => {
    const { tools } = await (await connect(clinic.keys.staff)).listTools();
    const rest = await t.app.inject({ url: '/api/v1/agents/tools', headers: bearer(clinic.keys.staff) });
    const restTools = rest.json().data as { name: string; description: string; input_schema: unknown }[];
    expect(tools.map((x) => x.name)).toEqual(restTools.map((x) => x.name));
    for (const r of restTools) {
      const m = tools.find((x) => x.name === r.name);
      expect(m?.inputSchema, r.name).toEqual(r.input_schema);
      expect(m?.description).toBe(r.description);
    }
  });

  it("offers an analyst's key no patient tools, and answers tool errors as tool results", async () => {
    const analyst = await connect(clinic.keys.analyst);
    const names = (await analyst.listTools()).tools.map((x) => x.name);
    expect(names).not.toContain('search_patients');
    const staff = await connect(clinic.keys.staff);
    const missing = (await staff.callTool({
      name: 'get_patient_summary',
      arguments: { patient_id: '00000000-0000-4000-8000-000000000000' },
    })) as CallToolResult;
    expect(missing.isError).toBe(true);
    expect(text(missing)).toBe('not_found: Patient not found');
  });

  it('audits MCP tool calls as the assistant acting for the key', async () => {
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenant_id, clinic.id), eq(auditLog.action, 'tool_call')));
    expect(rows.map((r) => r.reason)).toContain(
      `assistant acting for api_key ${rows[0]?.actor_id}: get_patient_summary ok`,
    );
    expect(rows.every((r) => r.actor_type === 'assistant' && r.request_id)).toBe(true);
  });

  it('refuses calls without a Bearer API key, and GET (stateless endpoint)', async () => {
    const init = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    const anonymous = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify(init),
    });
    expect(anonymous.status).toBe(401);
    const wrongKey = await fetch(url, {
      method: 'POST',
      headers: { ...bearer('prm_nope_nope'), 'content-type': 'application/json' },
      body: JSON.stringify(init),
    });
    expect(wrongKey.status).toBe(401);
    expect((await fetch(url)).status).toBe(405);
  });
});

describe('prm mcp over stdio', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let key: string;
  let patientId: string;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'prm-mcp-'));
    // The child process opens the database itself: a PGlite directory (closed here first) or the server.
    const onServer = process.env.TEST_DATABASE_URL ? await createTestDatabase() : null;
    const database = onServer ?? (await openDatabase({ dataDir: path.join(dataDir, 'pglite') }));
    await database.migrate();
    const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database });
    const clinic = await createTenant(database);
    const fx = await makeFixtures(app, clinic);
    key = clinic.keys.staff;
    patientId = fx.patient.id;
    await app.close();
    if (onServer) {
      env = { DATABASE_URL: onServer.url as string };
      drop = onServer.drop;
    } else {
      env = { DATABASE_URL: '', DATA_DIR: dataDir };
      // PGlite allows one process per directory: the child's.
      await database.close();
    }
  });
  afterAll(async () => {
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const spawnClient = async (apiKey: string) => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', 'src/cli/prm.ts', 'mcp'],
      cwd: ROOT,
      env: { ...(process.env as Record<string, string>), ...env, LOG_LEVEL: 'warn', PRM_API_KEY: apiKey },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (d) => {
      stderr += d;
    });
    const client = new Client({ name: 'prm-test', version: '1.0.0' });
    return { client, transport, stderr: () => stderr };
  };

  it('lists the tools, calls one, reports a validation error', async () => {
    const { client, transport } = await spawnClient(key);
    await client.connect(transport);
    try {
      expectExercise(await exercise(client, patientId), patientId);
    } finally {
      await client.close();
    }
  }, 60_000);

  it('refuses to start without a valid API key', async () => {
    const { client, transport, stderr } = await spawnClient('prm_bad_key');
    await expect(client.connect(transport)).rejects.toThrow();
    await client.close();
    expect(stderr()).toMatch(/PRM_API_KEY is not a valid/);
  }, 60_000);
});
