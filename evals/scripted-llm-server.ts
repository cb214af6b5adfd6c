import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatCompletionChunk, ChatCompletionCreateParams } from 'openai/resources/chat/completions';

/**
 * A scripted OpenAI-compatible chat completions server on 127.0.0.1, for `--agent scripted` and the
 * simulated caller's test: the real `openai` client talks to it over HTTP and reads a real SSE stream
 * (one chunk per word, tool-call arguments split across chunks), so the whole LLM path of the product
 * runs, only the words are scripted. The same approach as test/support/scripted-llm-server.ts, reduced
 * to what the evals need (evals/ cannot import from test/).
 *
 * Each request is answered with what the handler returns; with no answer, a 500 the client does not
 * retry, naming the request, so that a script that runs short shows up as a model failure.
 */

export interface ScriptedAnswer {
  readonly say?: string;
  /** Tool calls, in order: name and arguments. */
  readonly tools?: readonly { readonly name: string; readonly arguments: Record<string, unknown> }[];
}

export type ScriptedHandler = (body: ChatCompletionCreateParams) => ScriptedAnswer | undefined;

export interface ScriptedLlmServer {
  /** For the `openai` client's `baseURL` (ends with /v1). */
  readonly baseUrl: string;
  /** Every request body received, in order. */
  readonly requests: readonly ChatCompletionCreateParams[];
  respondWith(handler: ScriptedHandler): void;
  close(): Promise<void>;
}

const PATH = /^\/v1\/chat\/completions\/?$/;
/** Tool arguments arrive in fragments this long, as real services send them. */
const FRAGMENT = 8;

export async function startScriptedLlmServer(): Promise<ScriptedLlmServer> {
  const requests: ChatCompletionCreateParams[] = [];
  let handler: ScriptedHandler = () => undefined;
  let completions = 0;

  const server = http.createServer((req, res) => {
    readBody(req)
      .then((raw) => {
        if (req.method !== 'POST' || !PATH.test(new URL(req.url ?? '/', 'http://x').pathname)) {
          return sendJson(res, 404, { error: { message: `Not found: ${req.method} ${req.url}` } });
        }
        const body = JSON.parse(raw) as ChatCompletionCreateParams;
        requests.push(body);
        const answer = handler(body);
        if (!answer) {
          const last = JSON.stringify(body.messages.at(-1)).slice(0, 200);
          return sendJson(
            res,
            500,
            {
              error: { message: `no scripted reply for request #${requests.length} (last message: ${last})` },
            },
            { 'x-should-retry': 'false' },
          );
        }
        return stream(res, answer, body.model, ++completions);
      })
      .catch((error: unknown) => sendJson(res, 400, { error: { message: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    respondWith: (next) => {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * The answer as an SSE stream: the role, the words, each tool call in fragments, the finish, [DONE];
 * each chunk is flushed before the next one is written, as a service streams its tokens.
 */
async function stream(res: http.ServerResponse, answer: ScriptedAnswer, model: string, n: number) {
  const id = `chatcmpl-scripted-${n}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: ChatCompletionChunk.Choice.Delta, finish: 'stop' | 'tool_calls' | null = null) =>
    ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    }) satisfies ChatCompletionChunk;
  const chunks: ChatCompletionChunk[] = [chunk({ role: 'assistant', content: '' })];
  for (const word of answer.say?.match(/\S+\s*|\s+/g) ?? []) chunks.push(chunk({ content: word }));
  (answer.tools ?? []).forEach((tool, index) => {
    const args = JSON.stringify(tool.arguments);
    chunks.push(
      chunk({
        tool_calls: [
          { index, id: `call_${n}_${index}`, type: 'function', function: { name: tool.name, arguments: '' } },
        ],
      }),
    );
    for (let at = 0; at < args.length; at += FRAGMENT) {
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: args.slice(at, at + FRAGMENT) } }] }));
    }
  });
  chunks.push(chunk({}, answer.tools?.length ? 'tool_calls' : 'stop'));
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
  for (const data of chunks) {
    if (res.destroyed) return;
    await new Promise<void>((resolve) => res.write(`data: ${JSON.stringify(data)}\n\n`, () => resolve()));
  }
  res.end('data: [DONE]\n\n');
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  json: unknown,
  headers: Record<string, string> = {},
) {
  if (res.headersSent) return void res.destroy();
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
