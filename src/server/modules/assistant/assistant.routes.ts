import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf } from '../../platform/auth/auth.plugin.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { ask } from './assistant.llm.js';
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
  app.post(
    '/assistant/ask',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Ask a question in plain English; answered with the tools, as you',
        description:
          'With ASSISTANT_LLM_URL and ASSISTANT_LLM_API_KEY set, an OpenAI-compatible model answers by ' +
          'calling the tools (function calling, bounded rounds); otherwise, or when the model endpoint ' +
          'fails, the offline interpreter (query_analytics_nl) answers.',
        body: s.askRequest,
        response: { 200: s.askResponse, ...errorResponses },
      },
    },
    (req) => ask(deps, ctxOf(req), app.config.assistantLlm, req.body.question),
  );
}
