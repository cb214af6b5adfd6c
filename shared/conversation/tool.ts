import { z } from 'zod';
import type { CallState } from '../domain/call';
import type { Features } from '../config';
import type { ToolCallRequest, ToolSpec } from '../providers/llm/llm';

/**
 * A tool the model may call: a name, a description the model reads, zod-typed arguments (validated
 * before anything runs; a validation error goes back to the model as the tool's result so it can
 * correct itself), and a function that does the work and answers in a sentence the model can use.
 */

/** Something a turn asks its host to do once what precedes it has been said. */
export type TurnAction =
  | { readonly type: 'end_call' }
  | { readonly type: 'transfer'; readonly to: string }
  | { readonly type: 'send_sms'; readonly to: string; readonly message: string }
  | { readonly type: 'switch_language'; readonly shortCode: string }
  | { readonly type: 'speech_speed'; readonly rate: number };

export interface ToolContext {
  /** The call as this turn sees it. Read it freely; change it only through `change`. */
  readonly call: CallState;
  readonly now: Date;
  readonly features: Features;
  /**
   * Changes the call. The change is applied now (the rest of the turn sees it) and recorded, so that
   * the turn can replay it on the freshest stored call when it commits: concurrent writers (an SMS
   * arriving mid-call) are never overwritten. It must therefore depend only on the call it is given.
   */
  change(mutation: (call: CallState) => void): void;
  /** Asks the host to act (hang up, transfer, send an SMS, ...) after the turn's speech. */
  act(action: TurnAction): void;
}

export interface Tool<TArgs = unknown> {
  readonly name: string;
  readonly description: string;
  readonly parameters: z.ZodType<TArgs>;
  /**
   * Said to the caller while a slow tool runs, so there is no dead air, when the model did not write its
   * own (`customer_response`, which every tool with a phrase takes).
   */
  readonly phrase?: string;
  run(args: TArgs, context: ToolContext): Promise<string> | string;
}

/** The longest `customer_response` said: one short sentence, as the original asks of the model. */
export const MAX_CUSTOMER_RESPONSE_CHARS = 200;

/**
 * The phrase the model writes for this moment, said while the tool runs (the original's
 * `customer_response`). Any text is accepted here, so a phrase the caller cannot hear never costs the
 * tool call: `customerResponse` checks it and falls back to the tool's own phrase.
 */
const customerResponseSchema = z
  .string()
  .optional()
  .describe(
    'One short sentence said to the caller while this runs, in their language and in the present tense, ' +
      `plain spoken words (no markup, at most ${MAX_CUSTOMER_RESPONSE_CHARS} characters), ` +
      'e.g. "I am sending you the address by text message now."',
  );

/**
 * Keeps the argument type of each tool while collecting tools of different types in one list. A tool
 * with a phrase (one that takes time or acts) also takes the model's `customer_response`.
 */
export function defineTool<TArgs>(tool: Tool<TArgs>): Tool<unknown> {
  if (tool.phrase === undefined || !(tool.parameters instanceof z.ZodObject)) return tool as Tool<unknown>;
  const parameters = tool.parameters.extend({ customer_response: customerResponseSchema });
  return { ...tool, parameters } as unknown as Tool<unknown>;
}

/** Markup a voice would read out, or a model's formatting: tags, brackets, emphasis, code, links. */
const MARKUP = /[<>{}[\]`*#_|\\~]|https?:\/\/|\n/i;

export type CustomerResponse =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: 'missing' | 'not text' | 'too long' | 'markup' };

/** The model's `customer_response` in a tool call's arguments, if it is one the caller can hear. */
export function customerResponse(request: ToolCallRequest): CustomerResponse {
  let raw: unknown;
  try {
    raw = (JSON.parse(request.arguments) as { customer_response?: unknown } | null)?.customer_response;
  } catch {
    return { ok: false, reason: 'missing' };
  }
  if (raw === undefined || raw === null) return { ok: false, reason: 'missing' };
  if (typeof raw !== 'string') return { ok: false, reason: 'not text' };
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'missing' };
  if (text.length > MAX_CUSTOMER_RESPONSE_CHARS) return { ok: false, reason: 'too long' };
  if (MARKUP.test(text)) return { ok: false, reason: 'markup' };
  return { ok: true, text };
}

const specs = new WeakMap<Tool<unknown>, ToolSpec>();

/**
 * What the model is told about a tool: its JSON Schema comes from the zod schema, never written twice.
 * Cached per tool object: generating it was a fifth of a turn's own time (measured), and most tools
 * are constants.
 */
export function toToolSpec(tool: Tool<unknown>): ToolSpec {
  let spec = specs.get(tool);
  if (!spec) {
    spec = {
      name: tool.name,
      description: tool.description,
      parameters: z.toJSONSchema(tool.parameters, { io: 'input' }) as Record<string, unknown>,
    };
    specs.set(tool, spec);
  }
  return spec;
}

export type ToolOutcome =
  | { readonly ok: true; readonly tool: Tool<unknown>; readonly result: string }
  | { readonly ok: false; readonly tool: Tool<unknown> | undefined; readonly result: string };

/**
 * Runs one tool call from the model. Unknown tools, unparsable JSON and invalid arguments do not throw:
 * they come back as a result that tells the model what to fix, like any other tool answer.
 */
export async function runToolCall(
  tools: readonly Tool<unknown>[],
  request: ToolCallRequest,
  context: ToolContext,
): Promise<ToolOutcome> {
  const tool = tools.find((t) => t.name === request.name);
  if (!tool) {
    return {
      ok: false,
      tool,
      result: `There is no tool named "${request.name}". Available: ${tools.map((t) => t.name).join(', ')}.`,
    };
  }
  let raw: unknown;
  try {
    raw = request.arguments.trim() === '' ? {} : JSON.parse(request.arguments);
  } catch {
    return {
      ok: false,
      tool,
      result: `The arguments of ${tool.name} are not valid JSON; send a JSON object.`,
    };
  }
  const args = tool.parameters.safeParse(raw);
  if (!args.success) {
    return {
      ok: false,
      tool,
      result: `${tool.name} was not run: ${describeIssues(args.error)}. Fix and call it again.`,
    };
  }
  try {
    return { ok: true, tool, result: await tool.run(args.data, context) };
  } catch (error) {
    // The model is told, and may try another way; the turn goes on.
    return {
      ok: false,
      tool,
      result: `${tool.name} failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')} ${issue.message}` : issue.message))
    .join('; ');
}
