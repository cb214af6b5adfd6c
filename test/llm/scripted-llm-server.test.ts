import OpenAI, { AzureOpenAI } from 'openai';
import type { ChatCompletionChunk, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';

/**
 * The scripted OpenAI-compatible server, exercised through the real `openai` client (OpenAI and
 * AzureOpenAI) over real HTTP and SSE.
 */

const MESSAGES = [
  { role: 'system' as const, content: 'You are a claims assistant.' },
  { role: 'user' as const, content: 'Hello, my car was hit.' },
];

const CLAIM_TOOL: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'update_claim',
    description: 'Update a claim field',
    parameters: {
      type: 'object',
      properties: { field: { type: 'string' }, value: { type: 'string' } },
      required: ['field', 'value'],
    },
  },
};

let server: ScriptedLlmServer;

beforeEach(async () => {
  server = await startScriptedLlmServer();
});

afterEach(async () => {
  await server.close();
});

function openai(options: { maxRetries?: number } = {}) {
  return new OpenAI({ baseURL: server.baseUrl, apiKey: 'sk-test', maxRetries: options.maxRetries ?? 0 });
}

function azure(options: { maxRetries?: number } = {}) {
  return new AzureOpenAI({
    endpoint: server.azureEndpoint,
    apiKey: 'azure-key',
    apiVersion: '2024-10-21',
    deployment: 'gpt-4o-mini-deploy',
    maxRetries: options.maxRetries ?? 0,
  });
}

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

type ToolCallDelta = NonNullable<ChatCompletionChunk.Choice.Delta['tool_calls']>[number];

function toolCallDeltas(chunks: ChatCompletionChunk[]): ToolCallDelta[] {
  return chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
}

describe('scripted LLM server: streamed text', () => {
  it('streams the content in several chunks that join to the text, role first and finish last', async () => {
    server.enqueue({ content: 'Hello, I am sorry to hear that. Is anyone hurt?' });
    const stream = await openai().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: MESSAGES,
      stream: true,
    });
    const chunks = await collect(stream);

    const texts = chunks.map((c) => c.choices[0]?.delta.content).filter((t): t is string => !!t);
    expect(texts.length).toBeGreaterThan(5);
    expect(texts[0]).toBe('Hello, ');
    expect(texts.join('')).toBe('Hello, I am sorry to hear that. Is anyone hurt?');
    expect(chunks[0]?.object).toBe('chat.completion.chunk');
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.slice(0, -1).every((c) => c.choices[0]?.finish_reason === null)).toBe(true);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks[0]?.model).toBe('gpt-4o-mini');
  });

  it('uses explicit tokens as given', async () => {
    server.enqueue({ content: ['Bon', 'jour', ' !'] });
    const chunks = await collect(
      await openai().chat.completions.create({ model: 'm', messages: MESSAGES, stream: true }),
    );
    expect(chunks.map((c) => c.choices[0]?.delta.content).filter(Boolean)).toEqual(['Bon', 'jour', ' !']);
  });

  it('works with the client streaming helper (content events and final completion)', async () => {
    server.enqueue({ content: 'One two three.' });
    const deltas: string[] = [];
    const stream = openai().chat.completions.stream({ model: 'm', messages: MESSAGES });
    stream.on('content', (delta) => deltas.push(delta));
    const completion = await stream.finalChatCompletion();
    expect(deltas).toEqual(['One ', 'two ', 'three.']);
    expect(completion.choices[0]?.message.content).toBe('One two three.');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(server.requests[0]?.body.stream).toBe(true);
  });

  it('adds a usage chunk when stream_options.include_usage is set', async () => {
    server.enqueue({ content: 'Hi there.' });
    const chunks = await collect(
      await openai().chat.completions.create({
        model: 'm',
        messages: MESSAGES,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBe(2);
    expect(last?.usage?.total_tokens).toBe((last?.usage?.prompt_tokens ?? 0) + 2);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('answers a non-streamed request with one chat.completion (structured output)', async () => {
    server.enqueue({ content: '{"plate":"AB-123-CD"}' });
    const completion = await openai().chat.completions.create({
      model: 'm',
      messages: MESSAGES,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'claim',
          strict: true,
          schema: { type: 'object', properties: { plate: { type: 'string' } }, required: ['plate'] },
        },
      },
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.message).toMatchObject({
      role: 'assistant',
      content: '{"plate":"AB-123-CD"}',
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(server.requests[0]?.body.response_format).toMatchObject({ type: 'json_schema' });
  });

  it('streams a content_filter finish', async () => {
    server.enqueue({ content: 'I cannot', finishReason: 'content_filter' });
    const chunks = await collect(
      await azure().chat.completions.create({ model: 'm', messages: MESSAGES, stream: true }),
    );
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('content_filter');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('I cannot');
  });

  it('can start with an Azure prompt_filter_results chunk that has no choices', async () => {
    server.enqueue({ content: 'Hello there.', promptFilterResultsChunk: true });
    const chunks = await collect(
      await azure().chat.completions.create({ model: 'm', messages: MESSAGES, stream: true }),
    );
    expect(chunks[0]?.choices).toEqual([]);
    expect(chunks[0]).toHaveProperty('prompt_filter_results');
    expect(chunks[1]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Hello there.');
  });
});

describe('scripted LLM server: tool calls', () => {
  const args = { field: 'vehicle_plate', value: 'AB-123-CD' };

  it('streams the arguments in fragments that join (raw chunks)', async () => {
    server.enqueue({ toolCalls: [{ id: 'call_1', name: 'update_claim', arguments: args }] });
    const chunks = await collect(
      await openai().chat.completions.create({
        model: 'm',
        messages: MESSAGES,
        tools: [CLAIM_TOOL],
        stream: true,
      }),
    );
    const deltas = toolCallDeltas(chunks);
    expect(deltas[0]).toEqual({
      index: 0,
      id: 'call_1',
      type: 'function',
      function: { name: 'update_claim', arguments: '' },
    });
    // The first chunk carries the role and the first tool call (content null, as OpenAI sends it).
    expect(chunks[0]?.choices[0]?.delta).toMatchObject({ role: 'assistant', content: null });
    const fragments = deltas.slice(1);
    expect(fragments.length).toBeGreaterThan(2);
    for (const fragment of fragments) {
      expect(fragment).not.toHaveProperty('id');
      expect(fragment.index).toBe(0);
    }
    expect(JSON.parse(deltas.map((d) => d.function?.arguments ?? '').join(''))).toEqual(args);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('streams the arguments in fragments that join (streaming helper)', async () => {
    server.enqueue({ content: 'Let me note that.', toolCalls: [{ name: 'update_claim', arguments: args }] });
    const stream = openai().chat.completions.stream({
      model: 'm',
      messages: MESSAGES,
      tools: [CLAIM_TOOL],
    });
    const argumentDeltas: string[] = [];
    stream.on('tool_calls.function.arguments.delta', (event) => argumentDeltas.push(event.arguments_delta));
    const completion = await stream.finalChatCompletion();
    const message = completion.choices[0]?.message;
    expect(message?.content).toBe('Let me note that.');
    const call = message?.tool_calls?.[0];
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function tool call');
    expect(call.function.name).toBe('update_claim');
    expect(call.id).toMatch(/^call_scripted_\d+$/);
    expect(JSON.parse(call.function.arguments)).toEqual(args);
    expect(argumentDeltas.filter(Boolean).length).toBeGreaterThan(2);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('streams two tool calls with different indexes', async () => {
    server.enqueue({
      toolCalls: [
        { id: 'call_a', name: 'update_claim', arguments: { field: 'a', value: '1' } },
        { id: 'call_b', name: 'end_call', arguments: '{}' },
      ],
    });
    const chunks = await collect(
      await openai().chat.completions.create({
        model: 'm',
        messages: MESSAGES,
        tools: [CLAIM_TOOL],
        stream: true,
      }),
    );
    const byIndex = new Map<number, { id: string; name: string; args: string }>();
    for (const delta of toolCallDeltas(chunks)) {
      const call = byIndex.get(delta.index) ?? { id: '', name: '', args: '' };
      if (delta.id) call.id = delta.id;
      if (delta.function?.name) call.name = delta.function.name;
      call.args += delta.function?.arguments ?? '';
      byIndex.set(delta.index, call);
    }
    expect([...byIndex.entries()]).toEqual([
      [0, { id: 'call_a', name: 'update_claim', args: '{"field":"a","value":"1"}' }],
      [1, { id: 'call_b', name: 'end_call', args: '{}' }],
    ]);
  });

  it('sends empty ids on later chunks with the Azure quirk, which the helper tolerates', async () => {
    server.enqueue({
      toolCalls: [{ id: 'call_az', name: 'update_claim', arguments: args }],
      emptyToolIdOnLaterChunks: true,
    });
    const chunks = await collect(
      await azure().chat.completions.create({
        model: 'm',
        messages: MESSAGES,
        tools: [CLAIM_TOOL],
        stream: true,
      }),
    );
    const ids = toolCallDeltas(chunks).map((d) => d.id);
    expect(ids[0]).toBe('call_az');
    expect(ids.slice(1).every((id) => id === '')).toBe(true);

    server.enqueue({
      toolCalls: [{ id: 'call_az', name: 'update_claim', arguments: args }],
      emptyToolIdOnLaterChunks: true,
    });
    const completion = await azure()
      .chat.completions.stream({ model: 'm', messages: MESSAGES, tools: [CLAIM_TOOL] })
      .finalChatCompletion();
    expect(completion.choices[0]?.message.tool_calls?.[0]?.id).toBe('call_az');
  });

  it('returns tool calls in a non-streamed completion', async () => {
    server.enqueue({ toolCalls: [{ id: 'call_1', name: 'update_claim', arguments: args }] });
    const completion = await openai().chat.completions.create({
      model: 'm',
      messages: MESSAGES,
      tools: [CLAIM_TOOL],
    });
    const message = completion.choices[0]?.message;
    expect(message?.content).toBeNull();
    expect(message?.tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'update_claim', arguments: JSON.stringify(args) } },
    ]);
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
  });
});

describe('scripted LLM server: routes and recording', () => {
  it('serves the Azure route and records deployment, api-version and api-key', async () => {
    server.enqueue({ content: 'Bonjour.' });
    const chunks = await collect(
      await azure().chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES, stream: true }),
    );
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Bonjour.');
    const request = server.requests[0];
    expect(request).toMatchObject({
      method: 'POST',
      route: 'azure',
      path: '/openai/deployments/gpt-4o-mini-deploy/chat/completions',
      deployment: 'gpt-4o-mini-deploy',
      apiVersion: '2024-10-21',
      query: { 'api-version': '2024-10-21' },
    });
    expect(request?.headers['api-key']).toBe('azure-key');
    expect(request?.headers.authorization).toBeUndefined();
  });

  it('records messages, tools and headers of OpenAI requests', async () => {
    server.enqueue({ content: 'Sure.' });
    await collect(
      await openai().chat.completions.create({
        model: 'gpt-4o-mini',
        messages: MESSAGES,
        tools: [CLAIM_TOOL],
        temperature: 0,
        stream: true,
      }),
    );
    expect(server.requests).toHaveLength(1);
    const request = server.requests[0];
    expect(request?.route).toBe('openai');
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    expect(request?.headers['x-stainless-retry-count']).toBe('0');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toMatchObject({
      model: 'gpt-4o-mini',
      messages: MESSAGES,
      tools: [CLAIM_TOOL],
      stream: true,
    });
    expect(request?.body.temperature).toBe(0);
    expect(request?.clientAborted).toBe(false);
    expect(server.pendingReplies).toBe(0);
  });

  it('answers from the respondWith handler once the queue is empty', async () => {
    server.enqueue({ content: 'From the queue.' });
    server.respondWith((request) => {
      const last = request.body.messages.at(-1);
      return { content: `You said: ${typeof last?.content === 'string' ? last.content : '?'}` };
    });
    const client = openai();
    const ask = async (text: string) =>
      (await client.chat.completions
        .stream({ model: 'm', messages: [{ role: 'user', content: text }] })
        .finalContent()) ?? '';
    expect(await ask('one')).toBe('From the queue.');
    expect(await ask('two')).toBe('You said: two');
    expect(await ask('three')).toBe('You said: three');
    expect(server.requests).toHaveLength(3);
  });

  it('rejects an empty tools array with 400 like the service', async () => {
    server.enqueue({ content: 'never sent' });
    const error = await openai()
      .chat.completions.create({ model: 'm', messages: MESSAGES, tools: [], stream: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/empty array/);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('tools');
    expect(server.pendingReplies).toBe(1);
    expect(server.requests[0]?.body.tools).toEqual([]);
  });

  it('fails loudly, without client retries, when no reply is scripted', async () => {
    const error = await openai({ maxRetries: 2 })
      .chat.completions.create({ model: 'm', messages: MESSAGES, stream: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(String(error)).toMatch(/no reply queued for request #1 POST \/v1\/chat\/completions/);
    expect(server.requests).toHaveLength(1);
  });
});

describe('scripted LLM server: failures and timing', () => {
  it('answers 429 with retry-after: the client waits, retries, and gets the next reply', async () => {
    server.enqueue({ failWithStatus: 429, retryAfterSec: 0.2 }, { content: 'After the retry.' });
    const started = Date.now();
    const stream = await openai({ maxRetries: 1 }).chat.completions.create({
      model: 'm',
      messages: MESSAGES,
      stream: true,
    });
    const chunks = await collect(stream);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('After the retry.');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(server.requests.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
    expect(server.requests[1]!.receivedAt - server.requests[0]!.receivedAt).toBeGreaterThanOrEqual(190);
  });

  it('surfaces 429 as a RateLimitError with the retry-after header when retries are off', async () => {
    server.enqueue({ failWithStatus: 429, retryAfterSec: 7 });
    const error = await azure()
      .chat.completions.create({ model: 'm', messages: MESSAGES, stream: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.headers.get('retry-after')).toBe('7');
    expect(rateLimit.message).toMatch(/exceeded token rate limit/);
  });

  it('answers 500 as an InternalServerError', async () => {
    server.enqueue({ failWithStatus: 500 });
    const error = await openai()
      .chat.completions.create({ model: 'm', messages: MESSAGES, stream: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(500);
  });

  it('answers 400 with the Azure content filter error', async () => {
    server.enqueue({ failWithStatus: 400 });
    const error = await azure()
      .chat.completions.create({ model: 'm', messages: MESSAGES, stream: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const badRequest = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(badRequest.code).toBe('content_filter');
    expect(badRequest.error).toMatchObject({
      innererror: {
        code: 'ResponsibleAIPolicyViolation',
        content_filter_result: { violence: { filtered: true } },
      },
    });
  });

  it('cuts the connection mid-stream: the stream iterator throws after the first chunks', async () => {
    server.enqueue({ content: 'This answer will be cut short before the end.', cutAfterChunks: 3 });
    const stream = await openai().chat.completions.create({ model: 'm', messages: MESSAGES, stream: true });
    const received: ChatCompletionChunk[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk);
    })().catch((e: unknown) => e);
    // Not an OpenAI.APIError: undici's TypeError('terminated'), caused by a socket error.
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toBe('terminated');
    expect((error as Error).cause).toMatchObject({ code: 'UND_ERR_SOCKET' });
    expect(received).toHaveLength(3);
    expect(received.every((c) => c.choices[0]?.finish_reason === null)).toBe(true);
    expect(server.requests[0]?.clientAborted).toBe(false);
  });

  it('cuts the connection before answering a non-streamed request: a connection error', async () => {
    server.enqueue({ content: 'never', cutAfterChunks: 0 });
    const error = await openai()
      .chat.completions.create({ model: 'm', messages: MESSAGES })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('delays the first chunk and the later ones', async () => {
    server.enqueue({ content: 'one two three four', delayFirstMs: 150, delayPerChunkMs: 30 });
    const started = Date.now();
    const stream = await openai().chat.completions.create({ model: 'm', messages: MESSAGES, stream: true });
    const arrivals: number[] = [];
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) arrivals.push(Date.now() - started);
    }
    expect(arrivals).toHaveLength(4);
    expect(arrivals[0]).toBeGreaterThanOrEqual(145);
    expect(arrivals[3]! - arrivals[0]!).toBeGreaterThanOrEqual(3 * 30 - 10);
  });

  it('notices when the client stops reading (abort on break)', async () => {
    server.enqueue({ content: 'a b c d e f g h', delayPerChunkMs: 50 });
    const stream = await openai().chat.completions.create({ model: 'm', messages: MESSAGES, stream: true });
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) break;
    }
    await expect.poll(() => server.requests[0]?.clientAborted).toBe(true);
  });
});
