import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import pkg from '../../../../package.json' with { type: 'json' };
import type { Principal } from '../../platform/auth/principal.js';
import { AppError } from '../../platform/http/errors.js';
import { type AssistantDeps, executeTool, toolsFor } from './assistant.service.js';

export type McpDeps = AssistantDeps & {
  /** Called with an unexpected error (never an AppError); the client only hears "unexpected error". */
  onError: (err: unknown) => void;
  /** The request id of a tool call's audit rows: the HTTP request's, or a fresh one per stdio message. */
  requestId: () => string;
};

const errorResult = (text: string): CallToolResult => ({ content: [{ type: 'text', text }], isError: true });

/**
 * An MCP server over the same registry as REST, for one caller: it offers the tools the caller's role may
 * use and runs them as that caller. The SDK validates arguments against each tool's zod schema, so a bad
 * argument is a tool error result naming the field, as MCP asks.
 */
export function createMcpServer(deps: McpDeps, principal: Principal): McpServer {
  const server = new McpServer(
    { name: 'prm', version: pkg.version },
    {
      capabilities: { tools: {} },
      instructions:
        "Tools over one clinic's PRM data, run with the permissions of the API key's role. Use " +
        'query_analytics_nl for questions in plain English about appointments, journeys, messages and calls.',
    },
  );
  for (const tool of toolsFor(principal)) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      async (args: Record<string, unknown>): Promise<CallToolResult> => {
        try {
          const ctx = { principal, requestId: deps.requestId() };
          const result = await executeTool(deps, ctx, tool, args);
          return {
            content: [{ type: 'text', text: JSON.stringify(result) }],
            structuredContent: result as Record<string, unknown>,
          };
        } catch (err) {
          if (err instanceof AppError) return errorResult(`${err.code}: ${err.message}`);
          deps.onError(err);
          return errorResult('An unexpected error occurred');
        }
      },
    );
  }
  return server;
}
