import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { CLAIM_TOOL, collect, MESSAGES, useScriptedLlm } from './scripted-llm-clients';

/**
 * What the scripted OpenAI-compatible server streams, read through the real `openai` client (OpenAI
 * and AzureOpenAI) over real HTTP and SSE: text in token chunks, tool calls with their arguments in
 * fragments, and the Azure quirks. Routes, recording, failures and timing are in
 * scripted-llm-llm.server.test.ts.
 */

const llm = useScriptedLlm();
const { openai, azure } = llm;

type ToolCallDelta = NonNullable<ChatCompletionChunk.Choice.Delta['tool_calls']>[number];

function toolCallDeltas(chunks: ChatCompletionChunk[]): ToolCallDelta[] {
  return chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
}

describe('scripted LLM server: streamed text', () => {
  it('streams the content in several chunks that join to the text, role first and finish last', async () => {
    llm.server.enqueue({ content: 'Hello, I am sorry to hear that. Is anyone hurt?' });
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
    llm.server.enqueue({ content: ['Bon', 'jour', ' !'] });
    const chunks = await collect(
      await openai().chat.completions.create({ model: 'm', messages: MESSAGES, stream: true }),
    );
    expect(chunks.map((c) => c.choices[0]?.delta.content).filter(Boolean)).toEqual(['Bon', 'jour', ' !']);
  });

  it('works with the client streaming helper (content events and final completion)', async () => {
    llm.server.enqueue({ content: 'One two three.' });
    const deltas: string[] = [];
    const stream = openai().chat.completions.stream({ model: 'm', messages: MESSAGES });
    stream.on('content', (delta) => deltas.push(delta));
    const completion = await stream.finalChatCompletion();
    expect(deltas).toEqual(['One ', 'two ', 'three.']);
    expect(completion.choices[0]?.message.content).toBe('One two three.');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(llm.server.requests[0]?.body.stream).toBe(true);
  });

  it('adds a usage chunk when stream_options.include_usage is set', async () => {
    llm.server.enqueue({ content: 'Hi there.' });
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
    llm.server.enqueue({ content: '{"plate":"AB-123-CD"}' });
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
    expect(llm.server.requests[0]?.body.response_format).toMatchObject({ type: 'json_schema' });
  });

  it('streams a content_filter finish', async () => {
    llm.server.enqueue({ content: 'I cannot', finishReason: 'content_filter' });
    const chunks = await collect(
      await azure().chat.completions.create({ model: 'm', messages: MESSAGES, stream: true }),
    );
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('content_filter');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('I cannot');
  });

  it('can start with an Azure prompt_filter_results chunk that has no choices', async () => {
    llm.server.enqueue({ content: 'Hello there.', promptFilterResultsChunk: true });
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
    llm.server.enqueue({ toolCalls: [{ id: 'call_1', name: 'update_claim', arguments: args }] });
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
    llm.server.enqueue({
      content: 'Let me note that.',
      toolCalls: [{ name: 'update_claim', arguments: args }],
    });
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
    llm.server.enqueue({
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
    llm.server.enqueue({
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

    llm.server.enqueue({
      toolCalls: [{ id: 'call_az', name: 'update_claim', arguments: args }],
      emptyToolIdOnLaterChunks: true,
    });
    const completion = await azure()
      .chat.completions.stream({ model: 'm', messages: MESSAGES, tools: [CLAIM_TOOL] })
      .finalChatCompletion();
    expect(completion.choices[0]?.message.tool_calls?.[0]?.id).toBe('call_az');
  });

  it('returns tool calls in a non-streamed completion', async () => {
    llm.server.enqueue({ toolCalls: [{ id: 'call_1', name: 'update_claim', arguments: args }] });
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
