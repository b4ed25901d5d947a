import type { Config } from '../../config.js';
import type { Ctx } from '../../platform/auth/principal.js';
import { AppError } from '../../platform/http/errors.js';
import { inputJsonSchema } from './assistant.registry.js';
import { type AssistantDeps, runTool, toolsFor } from './assistant.service.js';

export type LlmConfig = NonNullable<Config['assistantLlm']>;

/* The OpenAI chat completions wire format, the subset PRM speaks (tools / tool_calls). */
type ToolCall = { id: string; type: 'function'; function: { name: string; arguments: string } };
type Message =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };
type Completion = { choices?: { message?: { content?: string | null; tool_calls?: ToolCall[] } }[] };

export class LlmError extends Error {}

const SYSTEM =
  'You answer questions from clinic staff about their organisation in PRM (appointments, care journeys, ' +
  'patient messages, AI voice calls). Use the tools for every figure; never invent numbers. Prefer ' +
  'query_analytics_nl or the get_*_analytics tools for numbers. Ratios are 0–1: show them as percentages. ' +
  'Answer in one or two plain sentences, naming the period.';

async function complete(llm: LlmConfig, messages: Message[], tools: unknown[]): Promise<Completion> {
  let res: Response;
  try {
    res = await fetch(`${llm.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${llm.apiKey}` },
      body: JSON.stringify({ model: llm.model, messages, tools, tool_choice: 'auto' }),
      signal: AbortSignal.timeout(llm.timeoutMs),
    });
  } catch (err) {
    throw new LlmError(`the model endpoint did not answer (${(err as Error).name})`);
  }
  if (!res.ok) throw new LlmError(`the model endpoint answered HTTP ${res.status}`);
  try {
    return (await res.json()) as Completion;
  } catch {
    throw new LlmError('the model endpoint answered something that is not JSON');
  }
}

/** One tool call of the model, run as the caller; errors go back to the model as the tool's result. */
async function callTool(deps: AssistantDeps, ctx: Ctx, call: ToolCall) {
  let args: unknown;
  try {
    args = JSON.parse(call.function.arguments || '{}');
  } catch {
    return { ok: false, content: { error: 'invalid_json', detail: 'arguments must be a JSON object' } };
  }
  try {
    return { ok: true, content: await runTool(deps, ctx, call.function.name, args) };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { ok: false, content: { error: err.code, detail: err.message, errors: err.errors } };
  }
}

/**
 * Let the model answer with the same tools, in a bounded loop: each round it either calls tools (run as
 * the caller, audited like any call) or answers. After `maxSteps` rounds it is stopped.
 */
export async function askLlm(deps: AssistantDeps, ctx: Ctx, llm: LlmConfig, question: string) {
  // Patient tools only when allowed: their results would leave this machine for the model's endpoint.
  // A tool analysts may use carries no patient data, by the role's definition.
  const offered = toolsFor(ctx.principal).filter((t) => llm.patientTools || t.roles.includes('analyst'));
  const tools = offered.map((t) => ({
    type: 'function',
    function: { name: t.name, description: t.description, parameters: inputJsonSchema(t) },
  }));
  const allowed = new Set(offered.map((t) => t.name));
  const messages: Message[] = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: question },
  ];
  const calls: { name: string; arguments: string; ok: boolean }[] = [];
  for (let step = 0; step < llm.maxSteps; step++) {
    const message = (await complete(llm, messages, tools)).choices?.[0]?.message;
    if (!message) throw new LlmError('the model endpoint answered no choice');
    const toolCalls = message.tool_calls ?? [];
    if (!toolCalls.length)
      return { mode: 'llm' as const, answer: message.content ?? '', tool_calls: calls, steps: step + 1 };
    messages.push({ role: 'assistant', content: message.content ?? null, tool_calls: toolCalls });
    for (const call of toolCalls) {
      const result = allowed.has(call.function.name)
        ? await callTool(deps, ctx, call)
        : { ok: false, content: { error: 'unknown_tool', detail: `No tool named ${call.function.name}` } };
      calls.push({ name: call.function.name, arguments: call.function.arguments, ok: result.ok });
      messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result.content) });
    }
  }
  return {
    mode: 'llm' as const,
    answer: `I stopped after ${llm.maxSteps} rounds of tool calls without a final answer.`,
    tool_calls: calls,
    steps: llm.maxSteps,
  };
}

/**
 * POST /assistant/ask: the model with the tools when one is configured, else (or when it fails) the
 * offline interpreter, so a question always gets an answer.
 */
export async function ask(deps: AssistantDeps, ctx: Ctx, llm: LlmConfig | null, question: string) {
  let llmError: string | undefined;
  if (llm) {
    try {
      return await askLlm(deps, ctx, llm, question);
    } catch (err) {
      if (!(err instanceof LlmError)) throw err;
      llmError = err.message;
    }
  }
  const result = (await runTool(deps, ctx, 'query_analytics_nl', { question })) as { answer: string };
  return {
    mode: 'interpreter' as const,
    answer: result.answer,
    result,
    ...(llmError ? { llm_error: llmError } : {}),
  };
}
