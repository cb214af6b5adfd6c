import { describe, beforeEach, expect, it } from 'vitest';
import { featuresSchema } from '../../shared/config';
import { commitTurn, type ConversationDeps, type TurnEvent } from '../../shared/conversation/engine';
import type { CallState } from '../../shared/domain/call';
import { OpenAiChatModel } from '../../shared/providers/llm/openai';
import { EXAMPLE_REQUEST } from '../support/calls';
import { playTurn, useScriptedEngine } from './scripted-engine';

/**
 * The turn engine through the real `openai` client against the scripted OpenAI-compatible server, with
 * the real tools and a real SQLite store: what the caller hears, what runs, and what is stored.
 */
const engine = useScriptedEngine();
beforeEach(() => engine.server.respondWith(undefined));

const PHRASES = {
  filler: () => 'One moment please.',
  refusal: () => 'I am sorry, I cannot help with that.',
  error: () => 'I am having trouble right now; let me call you back.',
};

const model = (role: string, options: { maxRetries?: number } = {}) => engine.model(role, options);

function deps(overrides: Partial<ConversationDeps> = {}): ConversationDeps {
  return engine.deps({
    models: [model('fast'), model('slow')],
    phrases: PHRASES,
    features: featuresSchema.parse({ answer_soft_timeout_sec: 0.15, answer_hard_timeout_sec: 0.5 }),
    maxToolIterations: 4,
    ...overrides,
  });
}

const freshCall = () => engine.freshCall({}, new Date());

const play = (
  call: CallState,
  text: string,
  options: { deps?: ConversationDeps; signal?: AbortSignal; onEvent?: (event: TurnEvent) => void } = {},
) => playTurn(call, text, options.deps ?? deps(), options);

const sentences = (events: TurnEvent[]) => events.flatMap((e) => (e.type === 'sentence' ? [e.text] : []));

describe('the turn engine', () => {
  it('runs the tool loop: the model stores claim values, reads the result, then answers', async () => {
    const call = await freshCall();
    engine.server.enqueue(
      {
        toolCalls: [
          {
            name: 'updated_claim',
            arguments: {
              updates: [
                { field: 'policyholder_name', value: 'Jane Doe' },
                { field: 'building_location', value: 'Building 7' },
              ],
            },
          },
        ],
      },
      { content: 'Thank you Jane. I noted building 7. When did the problem start?' },
    );
    const { events, record } = await play(call, 'I am Jane Doe, building 7.');
    expect(sentences(events)).toEqual([
      'Thank you Jane.',
      'I noted building 7.',
      'When did the problem start?',
    ]);
    expect(events.find((e) => e.type === 'tool_result')).toMatchObject({ name: 'updated_claim', ok: true });
    // The model saw the tool's result before answering.
    const second = engine.server.requests.at(-1)?.body.messages.at(-1);
    expect(second).toMatchObject({ role: 'tool' });

    const stored = await commitTurn(engine.store, call.call_id, record, { now: new Date() });
    expect(stored.claim).toMatchObject({ policyholder_name: 'Jane Doe', building_location: 'Building 7' });
    expect(stored.messages.map((m) => [m.persona, m.content])).toEqual([
      ['human', 'I am Jane Doe, building 7.'],
      ['assistant', 'Thank you Jane. I noted building 7. When did the problem start?'],
    ]);
    expect(stored.messages[1]?.tool_calls[0]).toMatchObject({ name: 'updated_claim' });
  });

  it('asks the model again with the call as the tool changed it, and leaves the call it was given as it was', async () => {
    const call = await freshCall();
    const given = structuredClone(call);
    engine.server.enqueue(
      {
        toolCalls: [
          {
            name: 'updated_claim',
            arguments: { updates: [{ field: 'policyholder_name', value: 'Jane Doe' }] },
          },
        ],
      },
      { content: 'Thank you Jane.' },
    );
    const prompts: string[] = [];
    const promptOf = (state: CallState) => `Claim: ${JSON.stringify(state.claim)}`;
    await play(call, 'I am Jane Doe.', {
      deps: deps({ systemPrompt: (state) => (prompts.push(promptOf(state)), promptOf(state)) }),
    });
    expect(prompts).toHaveLength(2);
    expect(prompts[0]).not.toContain('Jane Doe');
    expect(prompts[1]).toContain('"policyholder_name":"Jane Doe"');
    expect(call).toEqual(given);
  });

  it('lets the model correct a refused value on the next iteration', async () => {
    const call = await freshCall();
    engine.server.enqueue(
      {
        toolCalls: [
          {
            name: 'updated_claim',
            arguments: { updates: [{ field: 'policyholder_email', value: 'jane@' }] },
          },
        ],
      },
      {
        toolCalls: [
          {
            name: 'updated_claim',
            arguments: { updates: [{ field: 'policyholder_email', value: 'jane@example.com' }] },
          },
        ],
      },
      { content: 'Got it, jane at example dot com.' },
    );
    const { events, record } = await play(call, 'my email is jane at example dot com');
    const results = events.flatMap((e) => (e.type === 'tool_result' ? [e.result] : []));
    expect(results[0]).toMatch(/not an e-mail address/);
    const stored = await commitTurn(engine.store, call.call_id, record, { now: new Date() });
    expect(stored.claim.policyholder_email).toBe('jane@example.com');
  });

  it('speaks the first sentence before the model has finished', async () => {
    const call = await freshCall();
    engine.server.enqueue({
      content: 'Hello there. This answer takes a while to finish streaming.',
      delayPerChunkMs: 40,
    });
    const started = Date.now();
    let firstSentenceAt = 0;
    const { events } = await play(call, 'hi', {
      onEvent: (e) => {
        if (e.type === 'sentence' && !firstSentenceAt) firstSentenceAt = Date.now() - started;
      },
    });
    const total = Date.now() - started;
    expect(sentences(events)[0]).toBe('Hello there.');
    expect(total - firstSentenceAt).toBeGreaterThan(150); // ~8 more chunks of 40 ms came after it
  });

  it.each([
    ['a rate limit', { failWithStatus: 429 }],
    ['a server error', { failWithStatus: 500 }],
    ['a connection cut mid-stream, before anything was said', { content: 'Well', cutAfterChunks: 1 }],
    ['no answer within the hard timeout', { content: 'Too late.', delayFirstMs: 900 }],
  ])('falls over to the next model on %s', async (_name, failure) => {
    const call = await freshCall();
    engine.server.enqueue(failure, { content: 'The slow model answers.' });
    const { events, record } = await play(call, 'hello');
    expect(events.some((e) => e.type === 'failover')).toBe(true);
    expect(sentences(events)).toContain('The slow model answers.');
    expect(record.model).toBe('slow: model-slow');
  });

  it('says a filler once when the answer is slow, then the answer', async () => {
    const call = await freshCall();
    engine.server.enqueue({ content: 'Here you are.', delayFirstMs: 300 });
    const { events } = await play(call, 'hello');
    expect(events.filter((e) => e.type === 'filler').map((e) => e.type === 'filler' && e.text)).toEqual([
      'One moment please.',
    ]);
    expect(sentences(events)).toEqual(['Here you are.']);
  });

  it('asks again once when the answer is empty', async () => {
    const call = await freshCall();
    engine.server.enqueue({ content: '' }, { content: 'Sorry, could you repeat?' });
    const { events } = await play(call, 'hmm');
    expect(sentences(events)).toEqual(['Sorry, could you repeat?']);
  });

  it('refuses politely on a content filter and keeps the offending input out of the history', async () => {
    const call = await freshCall();
    engine.server.enqueue({ failWithStatus: 400 });
    const azure = new OpenAiChatModel({
      role: 'fast',
      endpoint: engine.server.azureEndpoint,
      azureApiVersion: '2024-10-21',
      model: 'gpt',
      apiKey: 'k',
      maxRetries: 0,
    });
    const { events, record } = await play(call, 'something offensive', {
      deps: deps({ models: [azure, model('slow')] }),
    });
    expect(sentences(events)).toEqual(['I am sorry, I cannot help with that.']);
    const stored = await commitTurn(engine.store, call.call_id, record, { now: new Date() });
    expect(stored.messages.map((m) => m.content)).toEqual(['I am sorry, I cannot help with that.']);
  });

  it('says so when every model fails', async () => {
    const call = await freshCall();
    engine.server.enqueue({ failWithStatus: 500 }, { failWithStatus: 500 });
    const { events } = await play(call, 'hello');
    expect(sentences(events)).toEqual(['I am having trouble right now; let me call you back.']);
  });

  it('stops at once when the caller barges in: no tool of the interrupted answer runs, only spoken words are stored', async () => {
    const call = await freshCall();
    engine.server.enqueue({
      content: 'Alright, I will end the call now. Goodbye and have a nice day.',
      toolCalls: [{ name: 'end_call', arguments: {} }],
      delayPerChunkMs: 30,
    });
    const controller = new AbortController();
    const { events, record } = await play(call, 'ok thanks', {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'sentence') controller.abort();
      },
    });
    expect(sentences(events)).toEqual(['Alright, I will end the call now.']);
    expect(events.some((e) => e.type === 'action' || e.type === 'tool_call')).toBe(false);
    expect(record.aborted).toBe(true);
    expect(record.actions).toEqual([]);
    await expect.poll(() => engine.server.requests.at(-1)?.clientAborted).toBe(true);

    // The host played nothing of it before the barge-in: nothing of the answer is stored.
    const stored = await commitTurn(engine.store, call.call_id, record, {
      spokenSentences: 0,
      now: new Date(),
    });
    expect(stored.messages.map((m) => m.persona)).toEqual(['human']);
  });

  it('hands the host the actions of tools, such as ending the call', async () => {
    const call = await freshCall();
    engine.server.enqueue({ content: 'Goodbye!', toolCalls: [{ name: 'end_call', arguments: {} }] });
    const { events } = await play(call, 'bye');
    expect(events.filter((e) => e.type === 'action')).toEqual([
      { type: 'action', action: { type: 'end_call' } },
    ]);
  });

  it('ends the turn after end_call: no second request, the goodbye said with it stays', async () => {
    const call = await freshCall();
    const before = engine.server.requests.length;
    engine.server.enqueue({
      content: 'Thank you Jane, goodbye!',
      toolCalls: [{ name: 'end_call', arguments: {} }],
    });
    // A model that obeys "add nothing after your goodbye" would answer any further request with nothing.
    engine.server.respondWith(() => ({ content: '' }));
    const { events, record } = await play(call, "That's all, bye.");
    expect(engine.server.requests.length - before).toBe(1);
    expect(sentences(events)).toEqual(['Thank you Jane, goodbye!']);
    expect(record.actions).toEqual([{ type: 'end_call' }]);
    const stored = await commitTurn(engine.store, call.call_id, record, { now: new Date() });
    expect(stored.messages.at(-1)).toMatchObject({
      content: 'Thank you Jane, goodbye!',
      tool_calls: [{ name: 'end_call' }],
    });
  });

  it('ends the turn after a transfer to a person, without asking the model again', async () => {
    const call = await freshCall();
    const before = engine.server.requests.length;
    engine.server.enqueue({
      content: 'A colleague will take over.',
      toolCalls: [{ name: 'talk_to_human', arguments: {} }],
    });
    const { events, record } = await play(call, 'I want to talk to a person');
    expect(engine.server.requests.length - before).toBe(1);
    expect(sentences(events)).toEqual(['A colleague will take over.']);
    expect(record.actions).toEqual([{ type: 'transfer', to: EXAMPLE_REQUEST.agent_phone_number }]);
  });

  it('goes on after a refused end_call: the call is not over, so the model speaks again', async () => {
    const call = await freshCall();
    const before = engine.server.requests.length;
    engine.server.enqueue(
      { toolCalls: [{ name: 'end_call', arguments: { reason: 'done' } }] },
      { content: 'Is there anything else?' },
    );
    const { events, record } = await play(call, 'ok');
    expect(engine.server.requests.length - before).toBe(2);
    expect(sentences(events)).toEqual(['Is there anything else?']);
    expect(record.actions).toEqual([]);
  });

  it('bounds the tool loop', async () => {
    const call = await freshCall();
    const loop = { toolCalls: [{ name: 'speech_speed', arguments: { rate: 1 } }] };
    engine.server.respondWith(() => loop);
    const { events } = await play(call, 'slower please', { deps: deps({ maxToolIterations: 3 }) });
    expect(events.filter((e) => e.type === 'tool_call')).toHaveLength(3);
  });
});
