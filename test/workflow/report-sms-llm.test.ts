import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import { verifyReportToken } from '../../shared/http/report-token';
import { silentLogger } from '../../shared/log';
import { OpenAiChatModel } from '../../shared/providers/llm/openai';
import { OutboxSmsSender } from '../../shared/providers/sms/outbox';
import { openSqliteDatabase } from '../../shared/providers/sqlite';
import { SqliteCallStore } from '../../shared/providers/store/sqlite';
import { CallStore } from '../../shared/providers/store/store';
import { createPostCallActivities, PostCallActivity } from '../../shared/workflow/post-call-activities';
import { MAX_REPORT_SMS_CHARS } from '../../shared/workflow/report-sms-llm';
import { bot, caller, insightsCall } from '../insights/support';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';
import { makeTempDir } from '../support/tmp';

/**
 * The report SMS written by the configured model (through the real `openai` client against the
 * scripted OpenAI-compatible server), checked, and replaced by the template when it is unusable.
 */
let server: ScriptedLlmServer;
const tmp = makeTempDir();
const store = new CallStore(new SqliteCallStore(openSqliteDatabase(`${tmp.dir}/calls.sqlite`), true));
const secret = Buffer.alloc(32, 7);
const now = new Date('2026-11-23T10:00:00Z');

beforeAll(async () => {
  server = await startScriptedLlmServer();
});
afterAll(async () => {
  await server?.close();
  await store.close();
  tmp.remove();
});
beforeEach(() => expect(server.pendingReplies).toBe(0));

function activities(sms: OutboxSmsSender, withModel = true) {
  const model = new OpenAiChatModel({
    role: 'slow',
    endpoint: server.baseUrl,
    model: 'model-slow',
    apiKey: 'sk-test',
    maxRetries: 0,
  });
  return createPostCallActivities({
    config: loadConfig({ env: {}, cwd: tmp.dir }),
    store,
    sms,
    insightModels: async () => (withModel ? [model] : []),
    reportSecret: secret,
    publicUrl: 'https://calls.example.com',
    log: silentLogger,
    now: () => now,
  });
}

async function endedCall() {
  const call = insightsCall();
  call.messages.push(caller('My kitchen is flooded.'), bot('I noted it. Anything else?'));
  call.lifecycle = { state: 'ended', reason: 'completed', ended_at: now.toISOString() };
  call.synthesis = { short: 'Kitchen flood', long: '', satisfaction: 'high', improvement_suggestions: '' };
  await store.create(call);
  return call;
}

async function send(withModel = true) {
  const call = await endedCall();
  const sms = new OutboxSmsSender();
  const sendReportSms = activities(sms, withModel)[PostCallActivity.reportSms]!;
  // The report activity needs no workflow client.
  const sent = await sendReportSms({ call_id: call.call_id }, { workflow: undefined as never });
  expect(sent).toBe(1);
  const [message] = sms.messagesTo(call.initiate.phone_number);
  const body = message!.body;
  // Whoever wrote it, the link in it is ours, signed for this call.
  const link = new URL(/https:\/\/\S+/.exec(body)![0]);
  expect(verifyReportToken(secret, call.call_id, link.searchParams.get('token'), now).ok).toBe(true);
  return { call, body };
}

describe('the report SMS', () => {
  it('is written by the model, with our signed link where it put [LINK]', async () => {
    server.enqueue({ content: 'Thank you for your call about the kitchen flood. All noted: [LINK]' });
    const { body } = await send();
    expect(body).toMatch(
      /^Thank you for your call about the kitchen flood\. All noted: https:\/\/calls\.example\.com\/api\/report\//,
    );
    expect(body.length).toBeLessThanOrEqual(MAX_REPORT_SMS_CHARS);
    // The model was given the call's facts, never the link itself.
    const request = JSON.stringify(server.requests.at(-1)!.body.messages);
    expect(request).toContain('Kitchen flood');
    expect(request).not.toContain('calls.example.com');
  });

  it('falls back to the template when the answer is too long, lacks the link or fails', async () => {
    for (const reply of [
      { content: `${'Very long thanks. '.repeat(20)}[LINK]` },
      { content: 'Thank you for your call, we will be in touch.' },
      { content: 'Your report: https://evil.example/[LINK]' },
      { failWithStatus: 500 },
    ]) {
      server.enqueue(reply);
      const { body } = await send();
      expect(body).toMatch(/^Contoso: thank you for your call\. Kitchen flood\./);
      expect(body).not.toContain('evil');
    }
  });

  it('uses the template without a model', async () => {
    const before = server.requests.length;
    const { body } = await send(false);
    expect(body).toMatch(/^Contoso: thank you for your call\./);
    expect(server.requests.length).toBe(before);
  });
});
