import { z } from 'zod';
import type { Ctx } from '../../platform/auth/principal.js';
import type { Db } from '../../platform/db/client.js';
import type { Role } from '../../platform/db/schema/index.js';
import { badRequest } from '../../platform/http/errors.js';

/** What a tool handler may use besides its arguments. `now` is injectable so tests can fix the clock. */
export type ToolEnv = { db: Db; ctx: Ctx; now: () => Date };

export type ToolInput = z.ZodObject;

/**
 * One tool: what a model reads (name, description, JSON Schema of the input), who may call it, and the
 * handler, which runs as the calling user in the caller's tenant through the ordinary services.
 */
export type Tool<I extends ToolInput = ToolInput> = {
  name: string;
  title: string;
  /** Written for a model: when to use the tool, what it returns, how to fill the arguments. */
  description: string;
  input: I;
  /** The response schema of the endpoint that answers the same question, so both serialise alike. */
  output?: z.ZodType;
  roles: readonly Role[];
  handler: (env: ToolEnv, args: z.output<I>) => Promise<unknown>;
};

/** Erases the input type so tools of different inputs share one list; the handler keeps its own typing. */
export const defineTool = <I extends ToolInput>(tool: Tool<I>): Tool => tool as unknown as Tool;

/** The JSON Schema a client sees: the input side (defaults optional), draft-7 as MCP clients expect. */
export const inputJsonSchema = (tool: Tool) =>
  z.toJSONSchema(tool.input, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;

/** A result as the matching HTTP endpoint would send it: encoded by its response schema, then plain JSON. */
export function toJson(tool: Tool, result: unknown): unknown {
  const encoded = tool.output ? z.encode(tool.output, result) : result;
  return JSON.parse(JSON.stringify(encoded ?? null));
}

/** A 400 naming each bad argument as `args.<path>`, from a failed parse of a tool's input. */
export function invalidArgs(error: z.ZodError, fallback: string) {
  const errors = error.issues.map((i) => ({
    field: ['args', ...i.path.map(String)].join('.'),
    message: i.code === 'unrecognized_keys' ? `Unknown field(s): ${i.keys.join(', ')}` : i.message,
  }));
  const first = errors[0];
  return badRequest(first ? `Invalid ${first.field}: ${first.message}` : fallback, errors);
}
