import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Insights } from '../../shared/insights';
import {
  computeInsights,
  InvalidInsightsError,
  llmInsights,
  OFFLINE_IMPROVEMENT_SUGGESTIONS,
  offlineInsights,
} from '../../shared/insights';
import { createLogger, type LogLevel } from '../../shared/log';
import { OpenAiChatModel } from '../../shared/providers/llm/openai';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';
import { bot, caller, insightsCall } from './support';

/**
 * Insights through the real `openai` client against the scripted OpenAI-compatible server: the answer
 * is collected from the stream, validated, re-asked when invalid, and replaced by the offline rules
 * when a model never gets it right.
 */
let server: ScriptedLlmServer;

beforeAll(async () => {
  server = await startScriptedLlmServer();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  // Each test starts with an empty queue: leftovers would answer the next test.
  expect(server.pendingReplies).toBe(0);
});

const now = new Date('2026-11-23T10:00:00Z');

function model(name = 'slow') {
  return new OpenAiChatModel({
    role: name,
    endpoint: server.baseUrl,
    model: `model-${name}`,
    apiKey: 'sk-test',
    maxRetries: 0,
  });
}

function recordingLogger() {
  const lines: { level: LogLevel; line: string }[] = [];
  return { lines, log: createLogger('debug', (line, level) => lines.push({ level, line })) };
}

function callWithExchange() {
  const call = insightsCall();
  call.claim.policyholder_name = 'Jane Doe';
  call.messages.push(
    caller('Hello, my kitchen is flooded.'),
    bot('I am sorry to hear that. What is your name?'),
  );
  return call;
}

const VALID: Insights = {
  synthesis: {
    short: 'Kitchen flooded, claim started',
    long: 'You called us about a flood in your kitchen. We noted your name; we still need your e-mail address.',
    satisfaction: 'partial',
    improvement_suggestions: 'Ask for the policy number earlier.',
  },
  next: { action: 'customer_will_send_info', justification: 'Your e-mail address is still missing.' },
};

/** The messages of a recorded request, as role and text. */
function messagesOf(index: number): { role: string; content: string }[] {
  const request = server.requests[index];
  if (!request) throw new Error(`no request #${index}`);
  return request.body.messages.map((m) => ({
    role: m.role,
    content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
  }));
}

describe('llmInsights', () => {
  it('uses a valid answer, in a ```json fence, streamed in pieces', async () => {
    const before = server.requests.length;
    server.enqueue({ content: `Here it is:\n\`\`\`json\n${JSON.stringify(VALID, null, 2)}\n\`\`\`` });

    const insights = await llmInsights(callWithExchange(), model(), { signal: AbortSignal.timeout(5_000) });

    expect(insights).toEqual(VALID);
    expect(server.requests.length - before).toBe(1);
    const request = server.requests[before];
    expect(request?.body.stream).toBe(true);
    expect(request?.body.tools).toBeUndefined();
    const [system, context, ...rest] = messagesOf(before);
    expect(system?.role).toBe('system');
    expect(system?.content).toContain('ONE JSON object');
    expect(system?.content).toContain('customer_will_send_info');
    expect(context?.role).toBe('user');
    expect(context?.content).toContain("- policyholder_name (The caller's full name): Jane Doe");
    expect(context?.content).toContain('- policy_number: MISSING');
    expect(context?.content).toContain('Customer: Hello, my kitchen is flooded.');
    expect(rest).toEqual([]);
  });

  it('re-asks once after an answer that is not JSON, with what was wrong', async () => {
    const before = server.requests.length;
    server.enqueue(
      { content: 'The caller was happy: {"synthesis": happy}' },
      { content: JSON.stringify(VALID) },
    );

    const insights = await llmInsights(callWithExchange(), model(), { signal: AbortSignal.timeout(5_000) });

    expect(insights).toEqual(VALID);
    expect(server.requests.length - before).toBe(2);
    const second = messagesOf(before + 1);
    expect(second).toHaveLength(4);
    expect(second[2]).toEqual({ role: 'assistant', content: 'The caller was happy: {"synthesis": happy}' });
    expect(second[3]?.role).toBe('user');
    expect(second[3]?.content).toMatch(
      /^Your answer was not valid: it is not valid JSON \(.+\)\. Answer again with only the JSON object\.$/,
    );
  });

  it('re-asks with the validation issues of an object that does not match the schema', async () => {
    const before = server.requests.length;
    const wrong = { ...VALID, next: { action: 'call_back_tomorrow', justification: 'Soon.' } };
    server.enqueue({ content: JSON.stringify(wrong) }, { content: JSON.stringify(VALID) });

    await expect(
      llmInsights(callWithExchange(), model(), { signal: AbortSignal.timeout(5_000) }),
    ).resolves.toEqual(VALID);

    const retry = messagesOf(before + 1)[3]?.content ?? '';
    expect(retry).toMatch(/^Your answer was not valid: next\.action: /);
    expect(retry).toContain('case_closed');
    expect(retry).toMatch(/Answer again with only the JSON object\.$/);
  });

  it('throws a clear error after maxAttempts invalid answers', async () => {
    const before = server.requests.length;
    server.enqueue({ content: '{"synthesis": {}}' }, { content: '{"synthesis": {}}' });

    const error = await llmInsights(callWithExchange(), model('fast'), {
      signal: AbortSignal.timeout(5_000),
      maxAttempts: 2,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidInsightsError);
    expect((error as Error).message).toMatch(
      /^fast: model-fast gave no valid insights in 2 attempts: synthesis\.short: .*next: /,
    );
    expect(server.requests.length - before).toBe(2);
  });
});

describe('computeInsights', () => {
  it('falls back to the offline rules after three invalid answers', async () => {
    const before = server.requests.length;
    server.enqueue({ content: 'no' }, { content: '```json\n{"next": 1}\n```' }, { content: '[]' });
    const call = callWithExchange();
    const { lines, log } = recordingLogger();

    const insights = await computeInsights(call, {
      models: [model()],
      now,
      signal: AbortSignal.timeout(5_000),
      log,
    });

    expect(server.requests.length - before).toBe(3);
    expect(insights).toEqual(offlineInsights(call, { now }));
    expect(insights?.synthesis.improvement_suggestions).toBe(OFFLINE_IMPROVEMENT_SUGGESTIONS);
    expect(
      lines.some((l) => l.level === 'warn' && /insights model failed .*invalid answer/.test(l.line)),
    ).toBe(true);
    // The log names the model, never the answer or the transcript.
    expect(lines.map((l) => l.line).join('\n')).not.toMatch(/kitchen|Jane/);
  });

  it('tries the next model when one fails, and uses its answer', async () => {
    const before = server.requests.length;
    server.enqueue({ failWithStatus: 500 }, { content: JSON.stringify(VALID) });

    const insights = await computeInsights(callWithExchange(), {
      models: [model('fast'), model('slow')],
      now,
      signal: AbortSignal.timeout(5_000),
      log: recordingLogger().log,
    });

    expect(insights).toEqual(VALID);
    expect(server.requests.slice(before).map((r) => r.body.model)).toEqual(['model-fast', 'model-slow']);
  });

  it('uses the offline rules when there is no model', async () => {
    const call = callWithExchange();
    const insights = await computeInsights(call, {
      models: [],
      now,
      signal: AbortSignal.timeout(5_000),
      log: recordingLogger().log,
    });
    expect(insights).toEqual(offlineInsights(call, { now }));
  });

  it('skips a call without any exchange: no request, no insights', async () => {
    const before = server.requests.length;
    const call = insightsCall();
    call.messages.push(bot('Hello, this is Amélie from Contoso.'));

    const insights = await computeInsights(call, {
      models: [model()],
      now,
      signal: AbortSignal.timeout(5_000),
      log: recordingLogger().log,
    });

    expect(insights).toBeUndefined();
    expect(server.requests.length).toBe(before);
  });
});
