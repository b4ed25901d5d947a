import { audit } from '../../platform/audit.js';
import type { Ctx, Principal } from '../../platform/auth/principal.js';
import type { Db } from '../../platform/db/client.js';
import { AppError, forbidden } from '../../platform/http/errors.js';
import { inputJsonSchema, invalidArgs, type Tool, toJson } from './assistant.registry.js';
import { TOOLS } from './tools/index.js';

export type AssistantDeps = { db: Db; now?: () => Date };

const unknownTool = (name: string) =>
  new AppError(
    404,
    'unknown_tool',
    `No tool named "${name.slice(0, 100)}"; GET /api/v1/agents/tools lists them`,
  );

/** The tools this caller may use: a model is never offered a tool it would be refused. */
export function toolsFor(principal: Principal): Tool[] {
  return TOOLS.filter((t) => t.roles.includes(principal.role));
}

export function listTools(ctx: Ctx) {
  return {
    data: toolsFor(ctx.principal).map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      input_schema: inputJsonSchema(t),
    })),
  };
}

function assertToolRole(ctx: Ctx, tool: Tool) {
  if (!tool.roles.includes(ctx.principal.role))
    throw forbidden(`Your role (${ctx.principal.role}) may not use the tool ${tool.name}`);
}

/** Parse raw arguments against the tool's schema: a 400 naming each bad field. */
export function parseArgs(tool: Tool, raw: unknown): Record<string, unknown> {
  const parsed = tool.input.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  throw invalidArgs(parsed.error, `Invalid arguments for ${tool.name}`);
}

/**
 * Run a call as the caller, marked as the assistant's work so every audit row the services write reads
 * "assistant acting for user X". The call itself gets an audit row too, with its outcome, also when the
 * role or the arguments are refused. `args` is a function when validation is still to be done.
 */
export async function executeTool(
  deps: AssistantDeps,
  ctx: Ctx,
  tool: Tool,
  args: Record<string, unknown> | (() => Record<string, unknown>),
) {
  const assistantCtx: Ctx = { ...ctx, onBehalf: 'assistant' };
  const env = { db: deps.db, ctx: assistantCtx, now: deps.now ?? (() => new Date()) };
  let outcome = 'ok';
  try {
    assertToolRole(ctx, tool);
    const parsed = typeof args === 'function' ? args() : args;
    return toJson(tool, await tool.handler(env, parsed));
  } catch (err) {
    outcome = err instanceof AppError ? err.code : 'error';
    throw err;
  } finally {
    await audit(deps.db, assistantCtx, 'tool_call', 'assistant_tool', [null], `${tool.name} ${outcome}`);
  }
}

/** The REST and LLM entry: find, authorise, validate, run. */
export async function runTool(deps: AssistantDeps, ctx: Ctx, name: string, rawArgs: unknown) {
  const tool = TOOLS.find((t) => t.name === name);
  if (!tool) throw unknownTool(name);
  return executeTool(deps, ctx, tool, () => parseArgs(tool, rawArgs));
}
