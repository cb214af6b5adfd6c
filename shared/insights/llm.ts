import type { z } from 'zod';
import { NEXT_ACTIONS, SATISFACTIONS, type CallState } from '../domain/call';
import type { ChatMessage, ChatModel } from '../providers/llm/llm';
import { insightsSchema, type Insights } from './insights';

/**
 * Insights written by a language model: one request with a system prompt and the call (claim,
 * reminders, emergencies, transcript) as context, answered with ONE JSON object
 * `{"synthesis": {...}, "next": {...}}`. The streamed text is collected, the JSON taken out of it (a
 * ```json fence or text around the object are tolerated) and validated with the call's own schemas.
 * An answer that is not JSON or does not validate is shown back to the model with what is wrong, and
 * the model asked again, `maxAttempts` requests in all; then `InvalidInsightsError`. A model failure
 * (`ChatModelError`: rate limit, timeout, abort...) is not retried here: it propagates at once.
 */

export interface LlmInsightsOptions {
  readonly signal: AbortSignal;
  /** Requests in all, the first included (at least 1). */
  readonly maxAttempts?: number;
}

/** The model never gave a valid object; `issues` is what was wrong with its last answer. */
export class InvalidInsightsError extends Error {
  constructor(
    readonly model: string,
    readonly attempts: number,
    readonly issues: string,
  ) {
    super(`${model} gave no valid insights in ${attempts} attempt${attempts > 1 ? 's' : ''}: ${issues}`);
    this.name = 'InvalidInsightsError';
  }
}

export async function llmInsights(
  call: CallState,
  model: ChatModel,
  options: LlmInsightsOptions,
): Promise<Insights> {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3));
  const messages: ChatMessage[] = [
    { role: 'system', content: insightsSystemPrompt(call) },
    { role: 'user', content: insightsContext(call) },
  ];
  let issues = '';
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const answer = await collectText(model, messages, options.signal);
    const parsed = parseInsights(answer);
    if (parsed.ok) return parsed.insights;
    issues = parsed.issues;
    messages.push(
      { role: 'assistant', content: answer },
      {
        role: 'user',
        content: `Your answer was not valid: ${issues}. Answer again with only the JSON object.`,
      },
    );
  }
  throw new InvalidInsightsError(model.name, maxAttempts, issues);
}

async function collectText(model: ChatModel, messages: readonly ChatMessage[], signal: AbortSignal) {
  let text = '';
  for await (const event of model.stream({ messages, tools: [], signal })) {
    if (event.type === 'text') text += event.text;
  }
  return text;
}

export type ParsedInsights = { ok: true; insights: Insights } | { ok: false; issues: string };

/** The insights in a model's answer, or what is wrong with it, in words the model can act on. */
export function parseInsights(answer: string): ParsedInsights {
  const json = extractJson(answer);
  if (json === undefined) return { ok: false, issues: 'it contains no JSON object' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return {
      ok: false,
      issues: `it is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const result = insightsSchema.safeParse(value);
  if (!result.success) return { ok: false, issues: describeIssues(result.error.issues) };
  return { ok: true, insights: result.data };
}

/** The JSON object of an answer: inside a ``` fence if there is one, from the first `{` to the last `}`. */
function extractJson(answer: string): string | undefined {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(answer);
  const text = fenced?.[1] ?? answer;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  return start >= 0 && end > start ? text.slice(start, end + 1) : undefined;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'the answer'}: ${issue.message}`)
    .join('; ');
}

function insightsSystemPrompt(call: CallState): string {
  const company = call.initiate.bot_company;
  return [
    `You review a phone call between ${call.initiate.bot_name}, an assistant of ${company}, and a customer, once the call is over.`,
    `The assistant's task was: ${call.initiate.task}`,
    '',
    'Answer with ONE JSON object and nothing else, of this exact shape:',
    '{"synthesis": {"short": string, "long": string, "satisfaction": string, "improvement_suggestions": string}, "next": {"action": string, "justification": string}}',
    '',
    '- synthesis.short: what the call was about, in a few words, without a final period.',
    '- synthesis.long: a short paragraph addressed to the customer ("you"): what they called about, what was noted, what is still needed, what happens next.',
    `- synthesis.satisfaction: the customer's satisfaction, one of ${SATISFACTIONS.join(', ')}.`,
    `- synthesis.improvement_suggestions: for the ${company} team, what the assistant could have done better.`,
    `- next.action: what ${company} should do next, one of ${NEXT_ACTIONS.join(', ')}.`,
    '- next.justification: why, in one or two sentences, addressed to the customer.',
    '',
    `Write short, long and justification in the call's language (${call.language}); improvement_suggestions in English.`,
    'Use only facts from the call; do not invent details.',
  ].join('\n');
}

function insightsContext(call: CallState): string {
  const claim = call.initiate.claim.map((field) => {
    const value = call.claim[field.name];
    const about = field.description ? ` (${field.description})` : '';
    return `- ${field.name}${about}: ${value == null ? 'MISSING' : value}`;
  });
  const reminders = call.reminders.map(
    (r) => `- ${r.title} (due ${r.due_date_time}, owner ${r.owner}): ${r.description}`,
  );
  const emergencies = call.emergencies.map(
    (e) => `- ${e.service} at ${e.location || 'an unknown location'}: ${e.reason}`,
  );
  const transcript = call.messages.map((m) => {
    const who = m.persona === 'human' ? 'Customer' : 'Assistant';
    const via = m.action === 'talk' ? '' : ` (${m.action})`;
    const tools = m.tool_calls.map((c) => ` [tool ${c.name} ${c.arguments}]`).join('');
    return `${who}${via}: ${m.content}${tools}`;
  });
  return [
    `Claim:\n${claim.join('\n') || '(no field)'}`,
    `Reminders:\n${reminders.join('\n') || '(none)'}`,
    `Emergencies reported:\n${emergencies.join('\n') || '(none)'}`,
    `Transcript:\n${transcript.join('\n') || '(empty)'}`,
  ].join('\n\n');
}
