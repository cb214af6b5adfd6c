import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OfflineAgent } from '../../../shared/conversation/offline-agent/agent';
import { toToolSpec } from '../../../shared/conversation/tool';
import { createTools } from '../../../shared/conversation/tools';
import { newCall, type CallState } from '../../../shared/domain/call';
import { callInitiateSchema } from '../../../shared/domain/initiate';
import type { ChatMessage, ChatRequest, ChatStreamEvent } from '../../../shared/providers/llm/llm';
import { INSURANCE_REQUEST, NOW } from './caller';

/** The agent as a chat model: what it streams, in which order, and that it streams the same every time. */

function call(): CallState {
  return newCall(callInitiateSchema.parse(INSURANCE_REQUEST), randomUUID(), NOW);
}

function request(
  state: CallState | undefined,
  messages: ChatMessage[],
  signal = new AbortController().signal,
) {
  const tools = createTools(state ?? call()).map(toToolSpec);
  return {
    messages: [{ role: 'system', content: 'prompt' }, ...messages],
    tools,
    call: state,
    signal,
  } satisfies ChatRequest;
}

async function collect(stream: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const agent = new OfflineAgent({ now: () => NOW });

describe('OfflineAgent as a ChatModel', () => {
  it('is named "offline agent"', () => {
    expect(agent.name).toBe('offline agent');
  });

  it('streams its text sentence by sentence, then done', async () => {
    const events = await collect(
      agent.stream(request(call(), [{ role: 'user', content: 'Are you human?' }])),
    );
    expect(events).toEqual([
      { type: 'text', text: 'I am Amélie, an automated assistant of Contoso Insurance, not a human. ' },
      { type: 'text', text: 'If you prefer, I can transfer you to a colleague: just ask for an agent. ' },
      { type: 'text', text: 'What is your full name? ' },
      { type: 'done', finishReason: 'stop' },
    ]);
  });

  it('streams tool calls as complete JSON, then done with tool_calls', async () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Hello, I had an accident.' },
      { role: 'assistant', content: 'I can help you with that. What is your full name?' },
      { role: 'user', content: 'Jane Doe' },
    ];
    const events = await collect(agent.stream(request(call(), messages)));
    expect(events).toEqual([
      {
        type: 'tool_call',
        call: {
          id: 'offline_4_0',
          name: 'updated_claim',
          arguments: '{"updates":[{"field":"policyholder_name","value":"Jane Doe"}]}',
        },
      },
      { type: 'done', finishReason: 'tool_calls' },
    ]);
  });

  it('answers the same request the same way', async () => {
    const state = call();
    const messages: ChatMessage[] = [{ role: 'user', content: 'bye' }];
    const first = await collect(agent.stream(request(state, messages)));
    const second = await collect(agent.stream(request(state, messages)));
    expect(second).toEqual(first);
    // The last words stream before the tools that end the call: the engine asks nothing after them.
    expect(first.map((e) => (e.type === 'tool_call' ? e.call.name : e.type))).toEqual([
      'text',
      'text',
      'new_or_updated_reminder',
      'end_call',
      'done',
    ]);
  });

  it('adds nothing once its end_call ran, even when asked again', async () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'No, thank you, bye.' },
      {
        role: 'assistant',
        content: 'Thank you for your call, goodbye.',
        toolCalls: [{ id: 'e1', name: 'end_call', arguments: '{}' }],
      },
      {
        role: 'tool',
        toolCallId: 'e1',
        content: 'The call will end as soon as your last words have been said.',
      },
    ];
    const events = await collect(agent.stream(request(call(), messages)));
    expect(events).toEqual([{ type: 'done', finishReason: 'stop' }]);
  });

  it('reports tool results it did not ask for (another model’s, after a failover)', async () => {
    const state = call();
    state.claim.policyholder_name = 'Jane Doe';
    const messages: ChatMessage[] = [
      { role: 'user', content: 'I am Jane Doe' },
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          {
            id: 'x1',
            name: 'updated_claim',
            arguments:
              '{"updates":[{"field":"policyholder_name","value":"Jane Doe"},{"field":"policyholder_email","value":"jane@"}]}',
          },
        ],
      },
      {
        role: 'tool',
        toolCallId: 'x1',
        content:
          'Stored policyholder_name. Not stored policyholder_email: "jane@" is not an e-mail address; expected something like name@example.com. Still missing: policyholder_email.',
      },
    ];
    const events = await collect(agent.stream(request(state, messages)));
    expect(events.flatMap((e) => (e.type === 'text' ? [e.text.trim()] : []))).toEqual([
      'Got it.',
      'I noted your name: Jane Doe.',
      'Sorry, I could not note your e-mail address: "jane@" is not an e-mail address; expected something like name@example.com.',
      'What is your e-mail address?',
    ]);
  });

  it('does not stream once the request is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const events = await collect(
      agent.stream(request(call(), [{ role: 'user', content: 'hello' }], controller.signal)),
    );
    expect(events).toEqual([]);
  });

  it('without a call, says it cannot help rather than pretending', async () => {
    const events = await collect(agent.stream(request(undefined, [{ role: 'user', content: 'hello' }])));
    expect(events).toEqual([
      { type: 'text', text: 'Sorry, I cannot help you right now. Please call again later. ' },
      { type: 'done', finishReason: 'stop' },
    ]);
  });

  it('asks the question the caller cut off, rather than taking their next words for its answer', async () => {
    const state = call();
    state.claim.policyholder_name = 'Jane Doe';
    // Stored as heard: the caller typed over the answer before its question ("What is your e-mail
    // address?") was played, so only the first sentences were kept.
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Hello, I had an accident.' },
      { role: 'assistant', content: 'I can help you with that. What is your full name?' },
      { role: 'user', content: 'My name is Jane Doe.' },
      { role: 'assistant', content: 'Got it. I noted your name: Jane Doe.' },
      { role: 'user', content: 'Sorry, one second.' },
    ];
    const events = await collect(agent.stream(request(state, messages)));
    const said = events.map((event) => (event.type === 'text' ? event.text : '')).join('');
    // "One second" waits; the question it never heard is asked, to come back to.
    expect(said.trim()).toBe('Of course, take your time. What is your e-mail address?');
    expect(events.some((event) => event.type === 'tool_call')).toBe(false);

    // Heard whole, the question was asked: a half e-mail address is a failed answer, and it says so.
    messages[3] = {
      role: 'assistant',
      content: 'Got it. I noted your name: Jane Doe. What is your e-mail address?',
    };
    messages[4] = { role: 'user', content: 'jane dot doe' };
    const again = await collect(agent.stream(request(state, messages)));
    expect(again.map((event) => (event.type === 'text' ? event.text : '')).join('')).toMatch(/could not get/);
  });
});
