import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { CLAIM_TOOL, collect, MESSAGES, useScriptedLlm } from './scripted-llm-clients';

/**
 * The scripted OpenAI-compatible server as a server, exercised through the real `openai` client
 * (OpenAI and AzureOpenAI) over real HTTP: its routes, what it records of each request, the replies it
 * picks, and the failures and timing it scripts. What it streams is in scripted-llm-stream.test.ts.
 */

const llm = useScriptedLlm();
const { openai, azure } = llm;

describe('scripted LLM server: routes and recording', () => {
  it('serves the Azure route and records deployment, api-version and api-key', async () => {
    llm.server.enqueue({ content: 'Bonjour.' });
    const chunks = await collect(
      await azure().chat.completions.create({ model: 'gpt-4o-mini', messages: MESSAGES, stream: true }),
    );
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Bonjour.');
    const request = llm.server.requests[0];
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
    llm.server.enqueue({ content: 'Sure.' });
    await collect(
      await openai().chat.completions.create({
        model: 'gpt-4o-mini',
        messages: MESSAGES,
        tools: [CLAIM_TOOL],
        temperature: 0,
        stream: true,
      }),
    );
    expect(llm.server.requests).toHaveLength(1);
    const request = llm.server.requests[0];
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
    expect(llm.server.pendingReplies).toBe(0);
  });

  it('answers from the respondWith handler once the queue is empty', async () => {
    llm.server.enqueue({ content: 'From the queue.' });
    llm.server.respondWith((request) => {
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
    expect(llm.server.requests).toHaveLength(3);
  });

  it('rejects an empty tools array with 400 like the service', async () => {
    llm.server.enqueue({ content: 'never sent' });
    const error = await openai()
      .chat.completions.create({ model: 'm', messages: MESSAGES, tools: [], stream: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/empty array/);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('tools');
    expect(llm.server.pendingReplies).toBe(1);
    expect(llm.server.requests[0]?.body.tools).toEqual([]);
  });

  it('fails loudly, without client retries, when no reply is scripted', async () => {
    const error = await openai({ maxRetries: 2 })
      .chat.completions.create({ model: 'm', messages: MESSAGES, stream: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(String(error)).toMatch(/no reply queued for request #1 POST \/v1\/chat\/completions/);
    expect(llm.server.requests).toHaveLength(1);
  });
});

describe('scripted LLM server: failures and timing', () => {
  it('answers 429 with retry-after: the client waits, retries, and gets the next reply', async () => {
    llm.server.enqueue({ failWithStatus: 429, retryAfterSec: 0.2 }, { content: 'After the retry.' });
    const started = Date.now();
    const stream = await openai({ maxRetries: 1 }).chat.completions.create({
      model: 'm',
      messages: MESSAGES,
      stream: true,
    });
    const chunks = await collect(stream);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('After the retry.');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(llm.server.requests.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
    expect(llm.server.requests[1]!.receivedAt - llm.server.requests[0]!.receivedAt).toBeGreaterThanOrEqual(
      190,
    );
  });

  it('surfaces 429 as a RateLimitError with the retry-after header when retries are off', async () => {
    llm.server.enqueue({ failWithStatus: 429, retryAfterSec: 7 });
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
    llm.server.enqueue({ failWithStatus: 500 });
    const error = await openai()
      .chat.completions.create({ model: 'm', messages: MESSAGES, stream: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(500);
  });

  it('answers 400 with the Azure content filter error', async () => {
    llm.server.enqueue({ failWithStatus: 400 });
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
    llm.server.enqueue({ content: 'This answer will be cut short before the end.', cutAfterChunks: 3 });
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
    expect(llm.server.requests[0]?.clientAborted).toBe(false);
  });

  it('cuts the connection before answering a non-streamed request: a connection error', async () => {
    llm.server.enqueue({ content: 'never', cutAfterChunks: 0 });
    const error = await openai()
      .chat.completions.create({ model: 'm', messages: MESSAGES })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it('delays the first chunk and the later ones', async () => {
    llm.server.enqueue({ content: 'one two three four', delayFirstMs: 150, delayPerChunkMs: 30 });
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
    llm.server.enqueue({ content: 'a b c d e f g h', delayPerChunkMs: 50 });
    const stream = await openai().chat.completions.create({ model: 'm', messages: MESSAGES, stream: true });
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) break;
    }
    await expect.poll(() => llm.server.requests[0]?.clientAborted).toBe(true);
  });
});
