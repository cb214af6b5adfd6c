import type { IncomingHttpHeaders } from 'node:http';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
} from 'openai/resources/chat/completions';

/**
 * The OpenAI chat completions wire format, as the scripted LLM server (scripted-llm-server.ts) writes
 * it: what a test scripts (`ScriptedReply`) and what the server records (`RecordedRequest`), and the
 * bodies built from them: a `chat.completion`, the `chat.completion.chunk`s of an SSE stream (text one
 * token per chunk, tool-call arguments in fragments, Azure's quirks), and OpenAI's and Azure's error
 * bodies. No I/O and no timing here: the server sends these with the scripted delays and cuts.
 */

export type ScriptedFinishReason = 'stop' | 'tool_calls' | 'length' | 'content_filter';

export interface ScriptedToolCall {
  /** Defaults to `call_scripted_<n>`. */
  readonly id?: string;
  readonly name: string;
  /** The JSON arguments (an object is serialised); streamed split across several chunks. */
  readonly arguments: string | Record<string, unknown>;
}

export interface ScriptedReply {
  /**
   * Text the assistant says. Streamed as one chunk per token: a string is split into words with their
   * trailing whitespace (they join back to the exact text); an array gives the tokens explicitly.
   */
  readonly content?: string | readonly string[];
  /** Tool calls the assistant makes, streamed after the content, each with a distinct `index`. */
  readonly toolCalls?: readonly ScriptedToolCall[];
  /** Defaults to `tool_calls` when there are tool calls, else `stop`. */
  readonly finishReason?: ScriptedFinishReason;
  /**
   * ms before the first chunk (time to first token; the role chunk and the first token go out
   * together), or before the whole answer when not streaming or failing. Response headers of a
   * stream are sent at once, like the real service.
   */
  readonly delayFirstMs?: number;
  /** ms before each later chunk of a stream. */
  readonly delayPerChunkMs?: number;
  /**
   * Answer with this HTTP status and an OpenAI-style error body instead: 429 (rate limit, with a
   * `retry-after` header when `retryAfterSec` is set), 400 (Azure's prompt content filter error: code
   * `content_filter` and an `innererror`), 500 or anything else (a generic error).
   */
  readonly failWithStatus?: number;
  /** `retry-after` header (seconds, fractions allowed) sent with `failWithStatus`. */
  readonly retryAfterSec?: number;
  /** Replaces the `error` object of the `failWithStatus` body. */
  readonly errorBody?: Record<string, unknown>;
  /**
   * Send the first N chunks of the stream, then destroy the connection (no finish chunk, no
   * `[DONE]`), after `delayPerChunkMs` or at least 20 ms so the client has read the N chunks (the
   * stream iterator then throws undici's `TypeError: terminated`). Without streaming, the connection
   * is destroyed before any response (the client sees an `APIConnectionError`, after its retries).
   */
  readonly cutAfterChunks?: number;
  /** Azure quirk: the argument chunks of a tool call carry `id: ''` instead of no id. */
  readonly emptyToolIdOnLaterChunks?: boolean;
  /**
   * Azure quirk: the stream starts with a chunk with empty `choices`, empty `id` and `model`, and
   * `prompt_filter_results` (clients must not assume `choices[0]` exists).
   */
  readonly promptFilterResultsChunk?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  /** The URL path, without the query, e.g. `/v1/chat/completions`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Which API the path belongs to (`unknown`: answered 404). */
  readonly route: 'openai' | 'azure' | 'unknown';
  /** Azure route: the deployment from the path and the `api-version` query parameter. */
  readonly deployment?: string;
  readonly apiVersion?: string;
  /** Lower-cased header names: `authorization` (OpenAI), `api-key` (Azure), `x-stainless-retry-count`... */
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body: model, messages, tools, stream, stream_options, response_format... (`{}` if unparseable: answered 400). */
  readonly body: ChatCompletionCreateParams;
  /** `Date.now()` when the request arrived. */
  readonly receivedAt: number;
  /** Set when the client closed the connection before the answer was complete (abort, break). */
  readonly clientAborted: boolean;
}

/** Longest tool-argument fragment per chunk, so even short arguments span several chunks. */
const ARGUMENT_FRAGMENT_CHARS = 8;

/** A reply made concrete for one request: ids, model, tokens and usage, shared by both answer shapes. */
export interface ScriptedCompletion {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  readonly content: string | readonly string[] | undefined;
  readonly tokens: readonly string[];
  readonly toolCalls: readonly { id: string; name: string; arguments: string }[];
  readonly finishReason: ScriptedFinishReason;
  readonly usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** `nextToolCallId` names the tool calls the script gave no id. */
export function scriptedCompletion(
  reply: ScriptedReply,
  request: RecordedRequest,
  body: ChatCompletionCreateParams,
  id: string,
  nextToolCallId: () => string,
): ScriptedCompletion {
  const tokens = contentTokens(reply.content);
  const toolCalls = (reply.toolCalls ?? []).map((call) => ({
    id: call.id ?? nextToolCallId(),
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
  }));
  const promptTokens = Math.ceil(JSON.stringify(body.messages).length / 4);
  const completionTokens = tokens.length + toolCalls.reduce((n, c) => n + fragments(c.arguments).length, 0);
  return {
    id,
    created: Math.floor(Date.now() / 1000),
    model: body.model || request.deployment || 'scripted-model',
    content: reply.content,
    tokens,
    toolCalls,
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

/** The answer to a request without `stream: true`: one `chat.completion`. */
export function completionBody(completion: ScriptedCompletion): ChatCompletion {
  const { toolCalls } = completion;
  return {
    id: completion.id,
    object: 'chat.completion',
    created: completion.created,
    model: completion.model,
    system_fingerprint: 'fp_scripted',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content:
            completion.content === undefined && toolCalls.length > 0 ? null : completion.tokens.join(''),
          refusal: null,
          ...(toolCalls.length > 0
            ? {
                tool_calls: toolCalls.map((c) => ({
                  id: c.id,
                  type: 'function' as const,
                  function: { name: c.name, arguments: c.arguments },
                })),
              }
            : {}),
        },
        logprobs: null,
        finish_reason: completion.finishReason,
      },
    ],
    usage: completion.usage,
  };
}

/**
 * The `data:` payloads of a streamed answer, in order (without the final `[DONE]`): the Azure
 * prompt-filter chunk if scripted, the role chunk, one chunk per token and per argument fragment,
 * the finish chunk, and the usage chunk when `include_usage` asked for it.
 */
export function streamChunks(
  completion: ScriptedCompletion,
  reply: ScriptedReply,
  includeUsage: boolean,
): object[] {
  const { id, created, model } = completion;
  const chunk = (delta: ChatCompletionChunk.Choice.Delta, finish: ScriptedFinishReason | null = null) =>
    ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint: 'fp_scripted',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    }) satisfies ChatCompletionChunk;
  const chunks: object[] = [];
  if (reply.promptFilterResultsChunk) {
    chunks.push({
      id: '',
      object: '',
      created: 0,
      model: '',
      choices: [],
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: safeFilterResults() }],
    });
  }
  const deltas: ChatCompletionChunk.Choice.Delta[] = [];
  for (const token of completion.tokens) deltas.push({ content: token });
  completion.toolCalls.forEach((call, index) => {
    deltas.push({
      tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
    });
    for (const fragment of fragments(call.arguments)) {
      deltas.push({
        tool_calls: [
          {
            index,
            ...(reply.emptyToolIdOnLaterChunks ? { id: '' } : {}),
            function: { arguments: fragment },
          },
        ],
      });
    }
  });
  // The first chunk carries the role: with empty content before text, merged with the first tool call.
  const first = deltas[0]?.tool_calls ? deltas.shift() : undefined;
  chunks.push(chunk({ role: 'assistant', content: first ? null : '', refusal: null, ...first }));
  for (const delta of deltas) chunks.push(chunk(delta));
  chunks.push(chunk({}, completion.finishReason));
  if (includeUsage) chunks.push({ ...chunk({}), choices: [], usage: completion.usage });
  return chunks;
}

export function invalidRequest(message: string, param: string | null, code: string | null) {
  return { error: { message, type: 'invalid_request_error', param, code } };
}

/** Words with their trailing whitespace (leading whitespace is a token of its own): they join back exactly. */
function contentTokens(content: string | readonly string[] | undefined): string[] {
  if (content === undefined) return [];
  if (typeof content !== 'string') return [...content];
  return content.match(/\S+\s*|\s+/g) ?? [];
}

/** Splits tool-call arguments into at least two fragments (when longer than one character). */
function fragments(text: string): string[] {
  if (text.length === 0) return [];
  const size = Math.max(1, Math.min(ARGUMENT_FRAGMENT_CHARS, Math.ceil(text.length / 2)));
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts;
}

function safeFilterResults() {
  const safe = { filtered: false, severity: 'safe' };
  return { hate: safe, self_harm: safe, sexual: safe, violence: safe };
}

export function errorBody(
  reply: ScriptedReply,
  request: RecordedRequest,
): { error: Record<string, unknown> } {
  if (reply.errorBody) return { error: reply.errorBody };
  const status = reply.failWithStatus ?? 500;
  if (status === 429) {
    return request.route === 'azure'
      ? {
          error: {
            code: '429',
            message: `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version ${request.apiVersion ?? ''} have exceeded token rate limit of your current AIServices S0 pricing tier. Please retry after ${reply.retryAfterSec ?? 1} seconds.`,
          },
        }
      : {
          error: {
            message: `Rate limit reached for requests. Please try again in ${reply.retryAfterSec ?? 1}s.`,
            type: 'requests',
            param: null,
            code: 'rate_limit_exceeded',
          },
        };
  }
  if (status === 400) {
    // What Azure OpenAI answers when its content filter blocks the prompt.
    return {
      error: {
        message:
          "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
        type: null,
        param: 'prompt',
        code: 'content_filter',
        status: 400,
        innererror: {
          code: 'ResponsibleAIPolicyViolation',
          content_filter_result: {
            ...safeFilterResults(),
            jailbreak: { filtered: false, detected: false },
            violence: { filtered: true, severity: 'medium' },
          },
        },
      },
    };
  }
  if (status >= 500) {
    return {
      error: {
        message: 'The server had an error while processing your request. Sorry about that!',
        type: 'server_error',
        param: null,
        code: null,
      },
    };
  }
  return {
    error: {
      message: `Scripted failure with status ${status}.`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    },
  };
}
