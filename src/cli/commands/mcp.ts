import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { openConfiguredDatabase } from '../../server/main.js';
import { createMcpServer } from '../../server/modules/assistant/assistant.mcp.js';
import { principalFromApiKey } from '../../server/platform/auth/auth.plugin.js';
import { safeErrorForLog } from '../../server/platform/db/errors.js';
import { type Command, UsageError } from './types.js';

/** stdout carries the protocol, so everything else this command says goes to stderr. */
const say = (line: string) => process.stderr.write(`${line}\n`);

export const mcp: Command = {
  name: 'mcp',
  usage: `prm mcp                   MCP server over stdio for AI assistants (Claude Desktop, IDEs…)
      PRM_API_KEY           the API key to act as (its organisation and role); required`,
  run: async (_args, config) => {
    const key = process.env.PRM_API_KEY?.trim();
    if (!key) throw new UsageError('Set PRM_API_KEY to an API key (create one under /api/v1/api-keys)');
    const database = await openConfiguredDatabase(config);
    const principal = await principalFromApiKey(database.db, key);
    if (!principal) {
      await database.close();
      throw new UsageError('PRM_API_KEY is not a valid, unrevoked API key of this database');
    }
    let seq = 0;
    const server = createMcpServer(
      {
        db: database.db,
        onError: (err) =>
          say(JSON.stringify({ level: 'error', msg: 'mcp tool failed', err: safeErrorForLog(err) })),
        requestId: () => `mcp-stdio-${process.pid}-${++seq}`,
      },
      principal,
    );
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = resolve;
    });
    await server.connect(transport);
    say(`prm mcp: serving organisation ${principal.tenantId} as ${principal.role} over stdio`);
    process.stdin.on('end', () => void server.close());
    await closed;
    await database.close();
  },
};
