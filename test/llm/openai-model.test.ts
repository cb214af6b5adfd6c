import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatModelError, type ChatStreamEvent } from '../../shared/providers/llm/llm';
import { OpenAiChatModel, type OpenAiChatModelOptions } from '../../shared/providers/llm/openai';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';

/**
 * The OpenAI-compatible chat model through the real `openai` client against a scripted server that
 * speaks the API (SSE streaming, tool-call deltas, failures).
 */
let server: ScriptedLlmServer;
beforeAll(async () => {
  server = await startScriptedLlmServer();
});
afterAll(async () => server?.close());
beforeEach(() => server.respondWith(undefined));

const TOOLS = [
  {
    name: 'updated_claim',
    description: 'Update the claim',
    parameters: { type: 'object', properties: { policyholder_name: { type: 'string' } } },
  },
];

function model(options: Partial<OpenAiChatModelOptions> = {}): OpenAiChatModel {
  return new OpenAiChatModel({
    role: 'fast',
    endpoint: server.baseUrl,
    model: 'gpt-test',
    apiKey: 'sk-test',
    maxRetries: 0,
    ...options,
  });
}

async function collect(
  chat: OpenAiChatModel,
  tools = TOOLS,
  signal = new AbortController().signal,
): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  for await (const event of chat.stream({ messages: [{ role: 'user', content: 'Hello' }], tools, signal })) {
    events.push(event);
  }
  return events;
}

async function failureOf(promise: Promise<unknown>): Promise<ChatModelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChatModelError);
  return error as ChatModelError;
}

describe('OpenAI-compatible chat model', () => {
  it('streams the text in fragments, as they arrive', async () => {
    server.enqueue({ content: 'Hello there. How can I help you today?' });
    const events = await collect(model());
    const texts = events.filter((e) => e.type === 'text');
    expect(texts.length).toBeGreaterThan(3);
    expect(texts.map((e) => (e.type === 'text' ? e.text : '')).join('')).toBe(
      'Hello there. How can I help you today?',
    );
    // The token counts the endpoint sends in its last chunk (asked for with include_usage), for the span.
    expect(server.requests.at(-1)?.body).toMatchObject({ stream_options: { include_usage: true } });
    expect(events.at(-1)).toEqual({
      type: 'done',
      finishReason: 'stop',
      usage: { promptTokens: expect.any(Number), completionTokens: texts.length },
    });
  });

  it('joins tool-call argument fragments per index, in index order', async () => {
    server.enqueue({
      toolCalls: [
        { id: 'call_a', name: 'updated_claim', arguments: { policyholder_name: 'Jane Doe' } },
        { id: 'call_b', name: 'end_call', arguments: {} },
      ],
    });
    const calls = (await collect(model())).filter((e) => e.type === 'tool_call');
    expect(calls).toEqual([
      {
        type: 'tool_call',
        call: { id: 'call_a', name: 'updated_claim', arguments: '{"policyholder_name":"Jane Doe"}' },
      },
      { type: 'tool_call', call: { id: 'call_b', name: 'end_call', arguments: '{}' } },
    ]);
  });

  it('speaks Azure OpenAI: deployment route, api-version, api-key, empty ids on later chunks', async () => {
    server.enqueue({
      promptFilterResultsChunk: true,
      emptyToolIdOnLaterChunks: true,
      toolCalls: [{ id: 'call_az', name: 'updated_claim', arguments: { policyholder_name: 'Zoë' } }],
    });
    const azure = model({
      endpoint: server.azureEndpoint,
      azureApiVersion: '2024-10-21',
      model: 'gpt-4o-deploy',
    });
    const calls = (await collect(azure)).filter((e) => e.type === 'tool_call');
    expect(calls).toEqual([
      {
        type: 'tool_call',
        call: { id: 'call_az', name: 'updated_claim', arguments: '{"policyholder_name":"Zoë"}' },
      },
    ]);
    const request = server.requests.at(-1);
    expect(request).toMatchObject({ route: 'azure', deployment: 'gpt-4o-deploy', apiVersion: '2024-10-21' });
    expect(request?.headers['api-key']).toBe('sk-test');
  });

  it('leaves out an empty tools list, which some deployments reject', async () => {
    server.enqueue({ content: 'No tools today.' });
    const events = await collect(model(), []);
    expect(events.at(-1)).toMatchObject({ type: 'done', finishReason: 'stop' });
    expect(server.requests.at(-1)?.body).not.toHaveProperty('tools');
  });

  it('retries a rate-limited request with backoff, then streams the answer', async () => {
    server.enqueue({ failWithStatus: 429, retryAfterSec: 0.05 }, { content: 'Back again.' });
    const events = await collect(model({ maxRetries: 1 }));
    expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(0);
    expect(server.requests.slice(-2).map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
  });

  it('reports each failure as the kind the engine decides on', async () => {
    server.enqueue({ failWithStatus: 429 });
    expect((await failureOf(collect(model()))).kind).toBe('rate_limited');
    server.enqueue({ failWithStatus: 503 });
    expect((await failureOf(collect(model()))).kind).toBe('server');
    server.enqueue({ failWithStatus: 400 });
    const azure = model({ endpoint: server.azureEndpoint, azureApiVersion: '2024-10-21' });
    expect((await failureOf(collect(azure))).kind).toBe('content_filter');
    server.enqueue({ content: 'This answer will be cut off in the middle of it', cutAfterChunks: 3 });
    expect((await failureOf(collect(model()))).kind).toBe('connection');
  });

  it('reports a content-filtered answer as its finish reason', async () => {
    server.enqueue({ content: 'Partial', finishReason: 'content_filter' });
    expect((await collect(model())).at(-1)).toMatchObject({ type: 'done', finishReason: 'content_filter' });
  });

  it('stops streaming at once when aborted, and the server sees the connection closed', async () => {
    server.enqueue({ content: 'one two three four five six seven eight nine ten', delayPerChunkMs: 30 });
    const controller = new AbortController();
    const chat = model();
    const seen: string[] = [];
    const failure = failureOf(
      (async () => {
        for await (const event of chat.stream({
          messages: [{ role: 'user', content: 'count' }],
          tools: [],
          signal: controller.signal,
        })) {
          if (event.type === 'text') seen.push(event.text);
          if (seen.length === 2) controller.abort();
        }
      })(),
    );
    expect((await failure).kind).toBe('aborted');
    expect(seen.length).toBe(2);
    await expect.poll(() => server.requests.at(-1)?.clientAborted).toBe(true);
  });
});

describe('a tool call in an aborted answer', () => {
  it('is never handed out when the answer is aborted before it completes', async () => {
    server.enqueue({
      content: 'Let me end this call.',
      toolCalls: [{ id: 'call_end', name: 'end_call', arguments: {} }],
      delayPerChunkMs: 20,
    });
    const controller = new AbortController();
    const handed: ChatStreamEvent[] = [];
    const failure = failureOf(
      (async () => {
        for await (const event of model().stream({
          messages: [{ role: 'user', content: 'bye' }],
          tools: TOOLS,
          signal: controller.signal,
        })) {
          handed.push(event);
          if (event.type === 'text' && handed.length === 1) setTimeout(() => controller.abort(), 60);
        }
      })(),
    );
    expect((await failure).kind).toBe('aborted');
    expect(handed.some((e) => e.type === 'tool_call')).toBe(false);
  });
});
