import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../platform/auth/auth.plugin.js';
import { safeErrorForLog } from '../../platform/db/errors.js';
import { sendProblem, unauthorized } from '../../platform/http/errors.js';
import { createMcpServer } from './assistant.mcp.js';

/**
 * MCP over Streamable HTTP at /mcp, stateless: every POST carries a Bearer API key and gets its own server
 * and transport, so any API process can answer any request and nothing is kept between them.
 */
export async function mcpRoutes(app: FastifyInstance) {
  const { db } = app.database;
  const schema = { tags: ['assistant'] };

  app.post(
    '/mcp',
    {
      schema: {
        ...schema,
        summary: 'MCP (Streamable HTTP, stateless): JSON-RPC with a Bearer API key',
        description: 'The same tools as /api/v1/agents/tools, for MCP clients. Answers JSON (no SSE stream).',
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      if (ctx.principal.actorType !== 'api_key')
        throw unauthorized('MCP needs "Authorization: Bearer <api key>"');
      const server = createMcpServer(
        {
          db,
          onError: (err) => req.log.error({ err: safeErrorForLog(err) }, 'mcp tool failed'),
          requestId: () => req.id,
        },
        ctx.principal,
      );
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      reply.raw.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      reply.hijack();
      reply.raw.setHeader('x-request-id', req.id);
      await transport.handleRequest(req.raw, reply.raw, req.body);
    },
  );
  // Stateless: there is no session to resume (GET) or end (DELETE).
  for (const method of ['GET', 'DELETE'] as const) {
    app.route({
      method,
      url: '/mcp',
      config: { auth: 'public' },
      schema: { ...schema, summary: 'Not used: this MCP endpoint is stateless (405)' },
      handler: (_req, reply) => {
        reply.header('allow', 'POST');
        return sendProblem(reply, 405, 'method_not_allowed', 'This MCP endpoint is stateless; use POST');
      },
    });
  }
}
