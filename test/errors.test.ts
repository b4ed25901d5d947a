import { expect, it } from 'vitest';
import { bearer, setupSuite } from './helpers/app.js';

const t = setupSuite();

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
    headers: bearer(t.tenant.keys.staff),
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

it('exposes Prometheus metrics labelled by route template, not by URL', async () => {
  await t.app.inject({
    url: '/api/v1/patients/019ad39f-75dd-72b9-abcc-7ab343b94464',
    headers: bearer(t.tenant.keys.staff),
  });
  const res = await t.app.inject({ url: '/metrics' });
  expect(res.statusCode).toBe(200);
  expect(res.body).toContain(
    'prm_http_request_duration_seconds_count{method="GET",route="/api/v1/patients/:id",status="404"}',
  );
  expect(res.body).not.toContain('019ad39f-75dd');
});
