import { request } from 'node:http';
import { count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, createTestApp, type TestContext } from '../../../../test/helpers/app.js';
import { eventually } from '../../../../test/helpers/poll.js';
import {
  createChannel,
  inboundParams,
  postOverHttp,
  signed,
  statusParams,
  type TestChannel,
} from '../../../../test/helpers/twilio.js';
import { webhookEvents } from '../../platform/db/schema/index.js';

// What only the network path does (decision 0304): its own body limit, content-type hand-over to
// Fastify, request ids, metrics, query strings, the status route. The shared cases run in webhook.test.ts.
let t: TestContext;
let channel: TestChannel;
let base: string;
const PUBLIC = 'http://localhost:3000';

beforeAll(async () => {
  t = await createTestApp();
  channel = await createChannel(t, await createTenant(t.database));
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

const ledgerCount = async () => (await t.database.db.select({ n: count() }).from(webhookEvents))[0]?.n ?? 0;
const post = (path: string, params: Record<string, string>, extra: Record<string, string> = {}) => {
  const s = signed(`${PUBLIC}${path}`, channel.authToken, params);
  return postOverHttp(base, { url: path, payload: s.payload, headers: { ...s.headers, ...extra } });
};

describe('WhatsApp webhooks over the network', () => {
  it('acknowledges with a request id, and a query string is part of the signed URL', async () => {
    const params = inboundParams(channel, '+919876520001');
    const res = await post('/api/v1/whatsapp/webhook?clinic=north', params);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/xml');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const [row] = await t.database.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.external_id, params.MessageSid));
    expect(row?.body).toBe(new URLSearchParams(params).toString());
    // Signed for the URL without the query: refused.
    const s = signed(`${PUBLIC}/api/v1/whatsapp/webhook`, channel.authToken, inboundParams(channel, '+9198'));
    const wrong = await postOverHttp(base, { url: '/api/v1/whatsapp/webhook?clinic=north', ...s });
    expect(wrong.statusCode).toBe(403);
    const warned = t.logs.lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'webhook rejected');
    expect(warned).toEqual([
      expect.objectContaining({
        reason: 'bad_signature',
        kind: 'message',
        reqId: wrong.headers['x-request-id'],
      }),
    ]);
  });

  it('refuses a body over the limit with 413 and anything but a form body with 415, storing nothing', async () => {
    const before = await ledgerCount();
    const params = inboundParams(channel, '+919876520002', { Body: 'x'.repeat(1024 * 1024 + 1) });
    const big = await post('/api/v1/whatsapp/webhook', params);
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toContain('application/problem+json');
    expect(big.json()).toMatchObject({ status: 413, request_id: big.headers['x-request-id'] });
    // Without a Content-Length (chunked), the limit is counted as the body streams in.
    const chunked = await new Promise<number>((resolve, reject) => {
      const s = signed(`${PUBLIC}/api/v1/whatsapp/webhook`, channel.authToken, params);
      const req = request(
        `${base}/api/v1/whatsapp/webhook`,
        { method: 'POST', headers: s.headers },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < s.payload.length; i += 64 * 1024) req.write(s.payload.slice(i, i + 64 * 1024));
      req.end();
    });
    expect(chunked).toBe(413);
    const text = await postOverHttp(base, {
      url: '/api/v1/whatsapp/webhook',
      payload: new URLSearchParams(inboundParams(channel, '+919876520002')).toString(),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(text.statusCode).toBe(415);
    const unsupported = text.json() as { type: string };
    expect(unsupported).toMatchObject({ status: 415 });
    // Types Fastify does parse are no webhook either: the same 415, over the network and in-process.
    const form = inboundParams(channel, '+919876520002');
    for (const [type, payload] of [
      ['application/json', JSON.stringify(form)],
      ['text/plain', new URLSearchParams(form).toString()],
    ] as const) {
      const s = signed(`${PUBLIC}/api/v1/whatsapp/webhook`, channel.authToken, form);
      const r = { url: '/api/v1/whatsapp/webhook', payload, headers: { ...s.headers, 'content-type': type } };
      for (const answer of [await postOverHttp(base, r), await t.app.inject({ method: 'POST', ...r })]) {
        expect(answer.statusCode).toBe(415);
        expect(answer.headers['content-type']).toContain('application/problem+json');
        expect(answer.json()).toMatchObject({ type: unsupported.type, status: 415 });
      }
    }
    expect(await ledgerCount()).toBe(before);
  });

  it('takes status callbacks on the same path, and answers a bad one with problem+json', async () => {
    const sid = `SM${'e'.repeat(32)}`;
    expect((await post('/api/v1/whatsapp/status', statusParams(channel, sid, 'delivered'))).statusCode).toBe(
      200,
    );
    await eventually(async () => {
      const [row] = await t.database.db
        .select()
        .from(webhookEvents)
        .where(eq(webhookEvents.external_id, `${sid}:delivered`));
      return row?.status === 'deferred' ? row : null;
    });
    const bad = await post('/api/v1/whatsapp/status', {
      ...statusParams(channel, sid, ''),
      MessageStatus: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ type: 'https://prm.dev/problems/invalid_request', status: 400 });
  });

  it('counts its requests in the metrics by route template', async () => {
    await post('/api/v1/whatsapp/webhook', inboundParams(channel, '+919876520003'));
    const metrics = await fetch(`${base}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(
      /prm_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/whatsapp\/webhook",status="200"\} [1-9]/,
    );
  });
});
