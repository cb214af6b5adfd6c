import type { ChatMessage } from './llm';

/**
 * What of a long conversation a language model is sent, as the original does: the last 20 messages
 * within a token budget. The system prompt is always sent (it carries the claim, the reminders and what
 * is still missing, so nothing the model must know is lost with old turns), and so is the turn in
 * progress, from the caller's last words on. A tool result is never sent without the model's call that
 * asked for it (the API refuses that), nor a call without its results: the cut moves past them.
 *
 * Only models with a context window need this: the offline agent reads the whole history, and the call
 * store keeps every message for the report.
 */

export const HISTORY_MAX_MESSAGES = 20;
/** Tokens of earlier messages at most, estimated at 4 characters a token (long search results count). */
export const HISTORY_MAX_TOKENS = 8_000;

export interface HistoryLimits {
  readonly maxMessages: number;
  readonly maxTokens: number;
}

const DEFAULT_LIMITS: HistoryLimits = { maxMessages: HISTORY_MAX_MESSAGES, maxTokens: HISTORY_MAX_TOKENS };

/** A rough token count: enough to keep a prompt well inside a context window, no tokenizer needed. */
function tokensOf(message: ChatMessage): number {
  const calls =
    message.role === 'assistant'
      ? (message.toolCalls ?? []).reduce((sum, call) => sum + call.name.length + call.arguments.length, 0)
      : 0;
  return Math.ceil((message.content.length + calls) / 4) + 4;
}

/** The messages to send: system prompt(s), then the newest history that fits, then the current turn. */
export function historyWindow(
  messages: readonly ChatMessage[],
  limits: HistoryLimits = DEFAULT_LIMITS,
): ChatMessage[] {
  const system = messages.filter((message) => message.role === 'system');
  const rest = messages.filter((message) => message.role !== 'system');
  const lastUser = rest.map((message) => message.role).lastIndexOf('user');
  // The turn in progress (the caller's words, then this turn's tool calls and results) is sent whole.
  const turnStart = lastUser >= 0 ? lastUser : rest.length;
  let start = turnStart;
  let count = rest.length - turnStart;
  let tokens = 0;
  while (start > 0) {
    const cost = tokensOf(rest[start - 1] as ChatMessage);
    if (count + 1 > limits.maxMessages || tokens + cost > limits.maxTokens) break;
    start -= 1;
    count += 1;
    tokens += cost;
  }
  // Starting on tool results would send them without the call that asked for them: drop them too.
  while (start < turnStart && rest[start]?.role === 'tool') start += 1;
  return [...system, ...rest.slice(start)];
}
