import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

type JsonSchemaOverride = {
  zodSchema: { _zod: { def: { type: string } } };
  jsonSchema: Record<string, unknown>;
};

/** Dates travel as ISO-8601 strings; zod's Date has no JSON Schema of its own. */
const dateAsString = (ctx: JsonSchemaOverride) => {
  if (ctx.zodSchema._zod.def.type === 'date') {
    ctx.jsonSchema.type = 'string';
    ctx.jsonSchema.format = 'date-time';
  }
};

export async function registerOpenApi(app: FastifyInstance, publicUrl: string) {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...route.config, auth: 'public' };
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'PRM API',
        version: '1.0.0',
        description:
          'Patient Relationship Management. Authenticate with `Authorization: Bearer <api key>` or the dashboard session cookie. Errors are `application/problem+json`.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API key (prm_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'prm_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: createJsonSchemaTransform({
      skipList: ['/docs', '/docs/*', '/docs/json', '/docs/yaml', '/docs/static/*'],
      zodToJsonConfig: { unrepresentable: 'any', override: dateAsString as never },
    }),
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
}
