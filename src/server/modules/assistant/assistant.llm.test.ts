import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createTenant,
  createTestApp,
  type TestContext,
  type TestTenant,
} from '../../../../test/helpers/app.js';
import { makeFixtures } from '../../../../test/helpers/fixtures.js';
import { auditLog } from '../../platform/db/schema/index.js';

type Req = {
  auth: string | undefined;
  body: {
    model: string;
    messages: Record<string, unknown>[];
    tools: { type: string; function: { name: string; parameters: unknown } }[];
  };
};

/**
 * A stand-in for an OpenAI-compatible endpoint: POST /v1/chat/completions in the real wire format
 * (tools in, choices[0].message.tool_calls out). `script` decides each reply from the request.
 */
class FakeLlm {
  readonly requests: Req[] = [];
  script: (req: Req, n: number) => unknown = () => ({
    choices: [{ message: { role: 'assistant', content: 'hi' } }],
  });
  private server: Server = createServer((req, res) => void this.handle(req, res));
  url = '';
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }
  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse) {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.url !== '/v1/chat/completions' || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    const r: Req = { auth: req.headers.authorization, body: JSON.parse(raw) };
    this.requests.push(r);
    const reply = this.script(r, this.requests.length);
    if (typeof reply === 'number') {
      res.writeHead(reply, { 'content-type': 'application/json' }).end('{"error":{"message":"down"}}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  }
  stop() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

const toolCall = (id: string, name: string, args: unknown) => ({
  id: `chatcmpl-${id}`,
  object: 'chat.completion',
  choices: [
    {
      index: 0,
      finish_reason: 'tool_calls',
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [{ id, type: 'function', function: { name, arguments: JSON.stringify(args) } }],
      },
    },
  ],
});
const final = (content: string) => ({
  id: 'chatcmpl-final',
  object: 'chat.completion',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
});

const llm = new FakeLlm();
let t: TestContext;
let clinic: TestTenant;

beforeAll(async () => {
  await llm.start();
  t = await createTestApp({
    ASSISTANT_LLM_URL: llm.url,
    ASSISTANT_LLM_API_KEY: 'sk-test',
    ASSISTANT_LLM_MAX_STEPS: '3',
  });
  clinic = await createTenant(t.database);
  await makeFixtures(t.app, clinic);
});
afterAll(async () => {
  await t.close();
  await llm.stop();
});
afterEach(() => expect(t.logs.take()).toEqual([]));

const ask = (app: TestContext, key: string, question: unknown) =>
  app.app.inject({
    method: 'POST',
    url: '/api/v1/assistant/ask',
    headers: bearer(key),
    payload: { question },
  });

describe('POST /api/v1/assistant/ask with a model', () => {
  it('lets the model call the tools and answers with its final message', async () => {
    llm.requests.length = 0;
    llm.script = (req, n) => {
      if (n === 1) return toolCall('call_1', 'get_appointment_analytics', { time_period: 'last_30_days' });
      const tool = req.body.messages.find((m) => m.role === 'tool') as {
        content: string;
        tool_call_id: string;
      };
      const total = JSON.parse(tool.content).metrics.appointments_total.value;
      return final(`There were ${total} appointments in the last 30 days (${tool.tool_call_id}).`);
    };
    const res = await ask(t, clinic.keys.staff, 'How many appointments in the last 30 days?');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ mode: 'llm', steps: 2 });
    expect(body.answer).toMatch(/^There were \d+ appointments in the last 30 days \(call_1\)\.$/);
    expect(body.tool_calls).toEqual([
      { name: 'get_appointment_analytics', arguments: '{"time_period":"last_30_days"}', ok: true },
    ]);
    const [first, second] = llm.requests;
    expect(first?.auth).toBe('Bearer sk-test');
    expect(first?.body.model).toBe('gpt-4o-mini');
    expect(first?.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    const offered = first?.body.tools.map((x) => x.function.name);
    expect(offered).toContain('query_analytics_nl');
    // Patient tools stay on this machine unless ASSISTANT_LLM_PATIENT_TOOLS allows them.
    expect(offered).not.toContain('search_patients');
    expect(first?.body.tools[0]).toMatchObject({
      type: 'function',
      function: { parameters: { type: 'object' } },
    });
    expect(second?.body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenant_id, clinic.id), eq(auditLog.action, 'tool_call')));
    expect(rows.at(-1)?.reason).toMatch(/assistant acting for api_key .*: get_appointment_analytics ok$/);
  });

  it('hands bad arguments and unknown tools back to the model as tool errors', async () => {
    llm.script = (req, n) => {
      if (n % 3 === 1) return toolCall('c1', 'get_appointment_analytics', { time_period: 'fortnight' });
      if (n % 3 === 2) return toolCall('c2', 'search_patients', { query: 'Kavya' });
      const errors = req.body.messages
        .filter((m) => m.role === 'tool')
        .map((m) => JSON.parse(m.content as string).error);
      return final(errors.join(','));
    };
    llm.requests.length = 0;
    const body = (await ask(t, clinic.keys.staff, 'anything')).json();
    expect(body.answer).toBe('invalid_request,unknown_tool');
    expect(body.tool_calls.map((c: { ok: boolean }) => c.ok)).toEqual([false, false]);
  });

  it('stops a model that never stops calling tools', async () => {
    llm.script = (_req, n) => toolCall(`c${n}`, 'query_analytics_nl', { question: 'calls today' });
    const body = (await ask(t, clinic.keys.analyst, 'loop forever')).json();
    expect(body.steps).toBe(3);
    expect(body.tool_calls).toHaveLength(3);
    expect(body.answer).toMatch(/stopped after 3 rounds/);
  });

  it('falls back to the interpreter when the model endpoint fails', async () => {
    llm.script = () => 503;
    const body = (await ask(t, clinic.keys.analyst, 'no-show rate last month')).json();
    expect(body).toMatchObject({ mode: 'interpreter', llm_error: 'the model endpoint answered HTTP 503' });
    expect(body.answer).toMatch(/No-show rate/);
  });
});
