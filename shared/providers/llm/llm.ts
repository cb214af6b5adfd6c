import type { CallState } from '../../domain/call';

/**
 * The chat model port: what the turn engine asks of any model, an LLM behind an OpenAI-compatible API
 * or the rule-based offline agent. One streamed request: messages and tools in, text fragments and
 * complete tool calls out. Retrying, failing over and timing out are the engine's job, not a model's.
 */

export type ChatMessage =
  | { readonly role: 'system'; readonly content: string }
  | { readonly role: 'user'; readonly content: string }
  | { readonly role: 'assistant'; readonly content: string; readonly toolCalls?: readonly ToolCallRequest[] }
  | { readonly role: 'tool'; readonly toolCallId: string; readonly content: string };

/** A tool call as the model asked for it: arguments are JSON text, not validated yet. */
export interface ToolCallRequest {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

/** A tool the model may call: its parameters as JSON Schema (generated from the tool's zod schema). */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly parameters: Record<string, unknown>;
}

export type FinishReason = 'stop' | 'tool_calls' | 'length' | 'content_filter';

export type ChatStreamEvent =
  /** A fragment of the answer's text, as soon as it arrives. */
  | { readonly type: 'text'; readonly text: string }
  /** A tool call, once all of its argument fragments arrived. */
  | { readonly type: 'tool_call'; readonly call: ToolCallRequest }
  | { readonly type: 'done'; readonly finishReason: FinishReason; readonly usage?: TokenUsage };

/** What a request cost, when the model says (OpenAI-compatible endpoints with `include_usage`). */
export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly tools: readonly ToolSpec[];
  /** The call, for rule-based models (the offline agent) that read state rather than prose; LLMs ignore it. */
  readonly call?: CallState;
  /** Aborted on barge-in or timeout: the model must stop streaming at once. */
  readonly signal: AbortSignal;
  /**
   * A live conversation: a model with a context window is sent only its newest history that fits
   * (`historyWindow`). Off (insights, one long transcript), every message is sent.
   */
  readonly window?: boolean;
}

export interface ChatModel {
  /** Which model this is, for logs, the greeting and the report ("fast: gpt-4.1-mini", "offline agent"). */
  readonly name: string;
  stream(request: ChatRequest): AsyncIterable<ChatStreamEvent>;
}

export type ChatModelErrorKind =
  'rate_limited' | 'server' | 'timeout' | 'connection' | 'content_filter' | 'bad_request' | 'aborted';

/** Why a model failed, in the terms the engine decides on (retry, fail over, refuse politely). */
export class ChatModelError extends Error {
  constructor(
    readonly kind: ChatModelErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChatModelError';
  }
}
