import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import {
  completionBody,
  errorBody,
  invalidRequest,
  scriptedCompletion,
  streamChunks,
  type RecordedRequest,
  type ScriptedReply,
} from './scripted-llm-wire';

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
 *
 * What it answers with (completion, stream chunks, error bodies) is built in scripted-llm-wire.ts;
 * this file is the HTTP side: routing, checks, recording, and the scripted timing and cuts.
 */

export type {
  RecordedRequest,
  ScriptedFinishReason,
  ScriptedReply,
  ScriptedToolCall,
} from './scripted-llm-wire';

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
    const completion = scriptedCompletion(
      reply,
      request,
      body,
      `chatcmpl-scripted-${completions}`,
      () => `call_scripted_${++toolCallIds}`,
    );

    if (!stream) {
      await sleep(reply.delayFirstMs);
      if (res.destroyed) return;
      return sendJson(res, 200, completionBody(completion));
    }

    // Build the whole stream first, then send it with the scripted timing.
    const chunks = streamChunks(completion, reply, body.stream_options?.include_usage === true);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': completion.id,
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
