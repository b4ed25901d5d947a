import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { bearer, createTenant, createTestApp, type TestContext, type TestTenant } from './helpers/app.js';

let t: TestContext;
let clinic: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  clinic = await createTenant(t.database);
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

it('serves the OpenAPI document publicly at /docs/json', async () => {
  const res = await t.app.inject({ url: '/docs/json' });
  expect(res.statusCode).toBe(200);
  const doc = res.json();
  expect(doc.openapi).toBe('3.0.3');
  expect(Object.keys(doc.paths)).toContain('/api/v1/patients');
  expect(
    doc.paths['/api/v1/patients'].post.requestBody.content['application/json'].schema.properties.full_name,
  ).toBeDefined();
});

it('answers an empty body with a 400 problem naming the field', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/patients',
    headers: bearer(clinic.keys.staff),
    payload: {},
  });
  expect(res.statusCode).toBe(400);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const body = res.json();
  expect(body).toMatchObject({ status: 400, title: 'Bad Request' });
  expect(body.errors).toContainEqual(expect.objectContaining({ field: 'body.full_name' }));
});

it('answers unknown routes with a 404 problem', async () => {
  const res = await t.app.inject({ url: '/api/v1/nope' });
  expect(res.statusCode).toBe(404);
  expect(res.json().type).toContain('route_not_found');
});
