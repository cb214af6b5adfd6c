import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
} from 'openai/resources/chat/completions';

/**
 * A scripted OpenAI-compatible chat completions server for tests: a real HTTP server on 127.0.0.1
 * that the official `openai` client (`OpenAI` and `AzureOpenAI`) talks to, with real SSE streaming.
 * Each request is recorded and answered with the next scripted reply (FIFO, `enqueue`), or, once the
 * queue is empty, with the reply the `respondWith` handler picks; with neither, it answers 500 with a
 * message naming the request, so a test fails loudly.
 *
 * Routes:
 * - `POST {baseUrl}/chat/completions` (`baseUrl` ends with `/v1`), bearer key in `authorization`;
 * - `POST {azureEndpoint}/openai/deployments/{deployment}/chat/completions?api-version=...`, key in
 *   `api-key` (or a bearer token, as with Entra ID).
 * Anything else is a 404 (recorded too); a request without a key is a 401, an empty `tools` array
 * or a missing `messages` a 400, as the service answers.
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

export type ScriptedHandler = (request: RecordedRequest) => ScriptedReply | Promise<ScriptedReply>;

export interface ScriptedLlmServer {
  /** For `new OpenAI({ baseURL })`; ends with `/v1`. */
  readonly baseUrl: string;
  /** For `new AzureOpenAI({ endpoint, apiVersion, deployment })`. */
  readonly azureEndpoint: string;
  /** Queues replies, one per request, first in first out; they take precedence over the handler. */
  enqueue(...replies: ScriptedReply[]): void;
  /** Decides the reply from the request when the queue is empty (conversations); `undefined` clears it. */
  respondWith(handler: ScriptedHandler | undefined): void;
  /** Replies queued and not yet used. */
  readonly pendingReplies: number;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Stops the server, drops open connections and pending delays. */
  close(): Promise<void>;
}

interface MutableRecordedRequest extends Omit<RecordedRequest, 'clientAborted'> {
  clientAborted: boolean;
}

const OPENAI_PATH = /^\/v1\/chat\/completions\/?$/;
const AZURE_PATH = /^\/openai\/deployments\/([^/]+)\/chat\/completions\/?$/;
/** Longest tool-argument fragment per chunk, so even short arguments span several chunks. */
const ARGUMENT_FRAGMENT_CHARS = 8;
/** The least time between the last chunk sent and a scripted cut. */
const CUT_GRACE_MS = 20;
/** The openai client obeys `x-should-retry`: a missing script fails at once instead of being retried. */
const NO_RETRY = { 'x-should-retry': 'false' };

export async function startScriptedLlmServer(): Promise<ScriptedLlmServer> {
  const queue: ScriptedReply[] = [];
  const requests: MutableRecordedRequest[] = [];
  let handler: ScriptedHandler | undefined;
  let completions = 0;
  let toolCallIds = 0;
  const closing = new AbortController();
  /** Responses whose connection the server destroyed on purpose (`cutAfterChunks`). */
  const cutByServer = new WeakSet<http.ServerResponse>();
  const cut = (res: http.ServerResponse) => {
    cutByServer.add(res);
    res.socket?.destroy();
  };

  const server = http.createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, {
          error: { message: `scripted LLM server failed: ${String(error)}`, type: 'server_error' },
        });
      } else {
        res.destroy();
      }
    });
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const azure = AZURE_PATH.exec(url.pathname);
    const route = OPENAI_PATH.test(url.pathname) ? 'openai' : azure ? 'azure' : 'unknown';
    let body: ChatCompletionCreateParams | undefined;
    let parseError: string | undefined;
    try {
      body = raw ? (JSON.parse(raw) as ChatCompletionCreateParams) : undefined;
    } catch (error) {
      parseError = String(error);
    }
    const request: MutableRecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query,
      route,
      ...(azure?.[1] !== undefined ? { deployment: decodeURIComponent(azure[1]) } : {}),
      ...(query['api-version'] !== undefined ? { apiVersion: query['api-version'] } : {}),
      headers: req.headers,
      body: body ?? ({} as ChatCompletionCreateParams),
      receivedAt: Date.now(),
      clientAborted: false,
    };
    requests.push(request);
    const describe = `request #${requests.length} ${request.method} ${req.url ?? ''}`;
    res.on('close', () => {
      if (!res.writableFinished && !cutByServer.has(res)) request.clientAborted = true;
    });

    if (route === 'unknown' || request.method !== 'POST') {
      return sendJson(res, 404, {
        error: { code: '404', message: `Resource not found (scripted LLM server): ${describe}` },
      });
    }
    if (route === 'azure' && !request.apiVersion) {
      return sendJson(res, 404, {
        error: { code: '404', message: 'Resource not found (missing api-version)' },
      });
    }
    const bearer = /^Bearer \S+/.test(String(req.headers.authorization ?? ''));
    if (!bearer && !(route === 'azure' && req.headers['api-key'])) {
      return sendJson(res, 401, {
        error: {
          message: `No API key: expected ${route === 'azure' ? 'an api-key header' : 'an authorization: Bearer header'} (${describe})`,
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      });
    }
    if (!body || parseError !== undefined) {
      return sendJson(
        res,
        400,
        invalidRequest(
          `We could not parse the JSON body of your request. ${parseError ?? 'Empty body.'}`,
          null,
          null,
        ),
      );
    }
    if (Array.isArray(body.tools) && body.tools.length === 0) {
      return sendJson(
        res,
        400,
        invalidRequest(
          "Invalid 'tools': empty array. Expected an array with minimum length 1, but got an empty array instead.",
          'tools',
          'empty_array',
        ),
      );
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      return sendJson(
        res,
        400,
        invalidRequest("Invalid 'messages': expected a non-empty array.", 'messages', null),
      );
    }

    let reply = queue.shift();
    if (!reply && handler) {
      try {
        reply = await handler(request);
      } catch (error) {
        return sendJson(
          res,
          500,
          {
            error: {
              message: `scripted LLM server: the respondWith handler threw for ${describe}: ${String(error)}`,
              type: 'server_error',
            },
          },
          NO_RETRY,
        );
      }
    }
    if (!reply) {
      const lastMessage = body.messages[body.messages.length - 1];
      return sendJson(
        res,
        500,
        {
          error: {
            message: `scripted LLM server: no reply queued for ${describe} (last message: ${JSON.stringify(lastMessage).slice(0, 200)})`,
            type: 'server_error',
            param: null,
            code: 'no_scripted_reply',
          },
        },
        NO_RETRY,
      );
    }
    await answer(reply, request, body, res);
  }

  async function answer(
    reply: ScriptedReply,
    request: RecordedRequest,
    body: ChatCompletionCreateParams,
    res: http.ServerResponse,
  ): Promise<void> {
    const stream = body.stream === true;
    if (reply.failWithStatus !== undefined) {
      await sleep(reply.delayFirstMs);
      if (res.destroyed) return;
      const headers: Record<string, string> = {};
      if (reply.retryAfterSec !== undefined) headers['retry-after'] = String(reply.retryAfterSec);
      return sendJson(res, reply.failWithStatus, errorBody(reply, request), headers);
    }
    if (reply.cutAfterChunks !== undefined && !stream) {
      await sleep(reply.delayFirstMs);
      cut(res);
      return;
    }

    completions += 1;
    const id = `chatcmpl-scripted-${completions}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model || request.deployment || 'scripted-model';
    const tokens = contentTokens(reply.content);
    const toolCalls = (reply.toolCalls ?? []).map((call) => ({
      id: call.id ?? `call_scripted_${++toolCallIds}`,
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    }));
    const finishReason = reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop');
    const usage = {
      prompt_tokens: Math.ceil(JSON.stringify(body.messages).length / 4),
      completion_tokens: tokens.length + toolCalls.reduce((n, c) => n + fragments(c.arguments).length, 0),
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;

    if (!stream) {
      await sleep(reply.delayFirstMs);
      if (res.destroyed) return;
      const completion: ChatCompletion = {
        id,
        object: 'chat.completion',
        created,
        model,
        system_fingerprint: 'fp_scripted',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: reply.content === undefined && toolCalls.length > 0 ? null : tokens.join(''),
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
            finish_reason: finishReason,
          },
        ],
        usage,
      };
      return sendJson(res, 200, completion);
    }

    // Build the whole stream first, then send it with the scripted timing.
    const includeUsage = body.stream_options?.include_usage === true;
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
    for (const token of tokens) deltas.push({ content: token });
    toolCalls.forEach((call, index) => {
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
    chunks.push(chunk({}, finishReason));
    if (includeUsage) chunks.push({ ...chunk({}), choices: [], usage });

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': id,
    });
    res.flushHeaders();
    // The role chunk and the first token arrive together after the time to first token.
    const leading = reply.promptFilterResultsChunk ? 3 : 2;
    for (const [i, data] of chunks.entries()) {
      if (reply.cutAfterChunks !== undefined && i >= reply.cutAfterChunks) break;
      if (i === 0) await sleep(reply.delayFirstMs);
      else if (i >= leading) await sleep(reply.delayPerChunkMs);
      else await new Promise((resolve) => setImmediate(resolve));
      if (res.destroyed || closing.signal.aborted) return;
      await new Promise<void>((resolve) => res.write(`data: ${JSON.stringify(data)}\n\n`, () => resolve()));
    }
    if (reply.cutAfterChunks !== undefined) {
      // Cut when the next chunk would come, and not before the client has read the ones sent: a reset
      // while they are still queued in the client's body stream would discard them.
      await sleep(Math.max(reply.delayPerChunkMs ?? 0, CUT_GRACE_MS));
      cut(res);
      return;
    }
    res.end('data: [DONE]\n\n');
  }

  function sleep(ms: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      if (closing.signal.aborted) return resolve();
      const timer = setTimeout(done, ms ?? 0);
      function done() {
        clearTimeout(timer);
        closing.signal.removeEventListener('abort', done);
        resolve();
      }
      closing.signal.addEventListener('abort', done, { once: true });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    baseUrl: `${origin}/v1`,
    azureEndpoint: origin,
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    respondWith: (next) => {
      handler = next;
    },
    get pendingReplies() {
      return queue.length;
    },
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
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

function invalidRequest(message: string, param: string | null, code: string | null) {
  return { error: { message, type: 'invalid_request_error', param, code } };
}

function safeFilterResults() {
  const safe = { filtered: false, severity: 'safe' };
  return { hate: safe, self_harm: safe, sexual: safe, violence: safe };
}

function errorBody(reply: ScriptedReply, request: RecordedRequest): { error: Record<string, unknown> } {
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

function sendJson(
  res: http.ServerResponse,
  status: number,
  json: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(json));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}
