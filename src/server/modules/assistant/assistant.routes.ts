import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf } from '../../platform/auth/auth.plugin.js';
import { errorResponses } from '../../platform/http/schemas.js';
import * as s from './assistant.schemas.js';
import * as service from './assistant.service.js';

export async function assistantRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const deps = { db: app.database.db };
  const tags = ['assistant'];

  app.get(
    '/agents/tools',
    {
      schema: {
        tags,
        summary: 'The tools an AI assistant may call for you: names, descriptions, JSON Schemas of the input',
        response: { 200: s.toolList, ...errorResponses },
      },
    },
    (req) => service.listTools(ctxOf(req)),
  );
  app.post(
    '/agents/run',
    {
      schema: {
        tags,
        summary: 'Run one tool as yourself: { "name", "args" }',
        description:
          'Invalid args answer 400 naming each field (`args.<field>`); an unknown tool 404; a tool your ' +
          'role may not use 403. Every call is audited as the assistant acting for you.',
        body: s.runRequest,
        response: { 200: s.runResponse, ...errorResponses },
      },
    },
    async (req) => ({
      name: req.body.name,
      result: await service.runTool(deps, ctxOf(req), req.body.name, req.body.args),
    }),
  );
}
