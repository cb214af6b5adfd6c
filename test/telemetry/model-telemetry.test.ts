import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { featuresSchema } from '../../shared/config';
import { commitTurn, runTurn, type ConversationDeps } from '../../shared/conversation/engine';
import { createTools } from '../../shared/conversation/tools';
import { newCall } from '../../shared/domain/call';
import { callInitiateSchema } from '../../shared/domain/initiate';
import { silentLogger } from '../../shared/log';
import { OpenAiChatModel } from '../../shared/providers/llm/openai';
import { openSqliteDatabase } from '../../shared/providers/sqlite';
import { SqliteCallStore } from '../../shared/providers/store/sqlite';
import { CallStore } from '../../shared/providers/store/store';
import { startCallSpan } from '../../shared/telemetry/call-trace';
import { startTelemetry, type Telemetry } from '../../shared/telemetry/setup';
import { EXAMPLE_REQUEST } from '../support/calls';
import { attribute, startOtlpCollector, type OtlpCollector } from '../support/otlp-collector';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';
import { makeTempDir } from '../support/tmp';

/**
 * A model failing over, traced: the turn engine through the real `openai` client against the scripted
 * OpenAI-compatible server, a real SQLite store, and the OTLP exporter sending to a local collector.
 * Also: with no exporter configured, the API stays the no-op.
 */

const SETTINGS = { service_name: 'test', metrics_interval_sec: 60 };

let server: ScriptedLlmServer | undefined;
let collector: OtlpCollector | undefined;
let telemetry: Telemetry | undefined;
let store: CallStore | undefined;
let removeTmp: (() => void) | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  await store?.close();
  await Promise.all([server?.close(), collector?.close()]);
  removeTmp?.();
  server = collector = telemetry = store = removeTmp = undefined;
});

function model(role: string): OpenAiChatModel {
  return new OpenAiChatModel({
    role,
    endpoint: server!.baseUrl,
    model: role,
    apiKey: 'sk-test',
    maxRetries: 0,
  });
}

describe('model telemetry', () => {
  it('records a failed model request, the failover and the answering one, without the conversation', async () => {
    server = await startScriptedLlmServer();
    collector = await startOtlpCollector();
    telemetry = await startTelemetry({ ...SETTINGS, otlp_endpoint: collector.baseUrl }, silentLogger);
    expect(telemetry.kind).toBe('otlp');
    const tmp = makeTempDir();
    removeTmp = tmp.remove;
    store = new CallStore(new SqliteCallStore(openSqliteDatabase(`${tmp.dir}/calls.sqlite`), true));
    const call = await store.create(
      newCall(callInitiateSchema.parse(EXAMPLE_REQUEST), randomUUID(), new Date()),
    );
    server.enqueue({ failWithStatus: 500 }, { content: 'Hello Jane Doe, I can hear you.' });
    const deps: ConversationDeps = {
      models: [model('fast'), model('slow')],
      tools: (state) => createTools(state, {}),
      systemPrompt: () => 'You are a helpful insurance assistant.',
      phrases: { filler: () => 'One moment.', refusal: () => 'Sorry.', error: () => 'Sorry.' },
      features: featuresSchema.parse({}),
      maxToolIterations: 4,
      now: () => new Date(),
      log: silentLogger,
    };
    const turn = runTurn(
      call,
      { text: 'I am Jane Doe', channel: 'voice' },
      new AbortController().signal,
      deps,
    );
    let next = await turn.next();
    while (!next.done) next = await turn.next();
    await commitTurn(store, call.call_id, next.value, { now: new Date() });
    await telemetry.flush();

    const requests = collector.spans().filter((span) => span.name === 'llm.request');
    expect(requests.map((span) => [attribute(span, 'llm.model'), attribute(span, 'llm.error')])).toEqual([
      ['fast: fast', 'server'],
      ['slow: slow', undefined],
    ]);
    expect(attribute(requests[1]!, 'llm.usage.completion_tokens')).toBeGreaterThan(0);
    // No turn span outside a voice loop: the call's spans still share its trace.
    const traceId = call.call_id.replace(/-/g, '');
    expect(collector.spans().every((span) => span.traceId === traceId)).toBe(true);
    expect(collector.spans().some((span) => span.name === 'store.update')).toBe(true);
    const failovers = collector.points('call.llm.failover');
    expect(failovers).toHaveLength(1);
    expect(Number(failovers[0]?.asInt ?? failovers[0]?.asDouble)).toBe(1);
    expect(failovers[0]?.attributes).toEqual(
      expect.arrayContaining([
        { key: 'llm.from', value: { stringValue: 'fast: fast' } },
        { key: 'llm.reason', value: { stringValue: 'server' } },
      ]),
    );
    const sent = collector.raw.join('\n');
    for (const secret of ['Jane', 'hear you', 'sk-test']) expect(sent).not.toContain(secret);
  });

  it('installs nothing without an exporter: spans are the no-op', async () => {
    telemetry = await startTelemetry(SETTINGS, silentLogger);
    expect(telemetry.kind).toBe('none');
    const span = startCallSpan(randomUUID(), 'anything');
    expect(span.isRecording()).toBe(false);
    span.end();
    // And an installed exporter is uninstalled on shutdown.
    collector = await startOtlpCollector();
    const installed = await startTelemetry({ ...SETTINGS, otlp_endpoint: collector.baseUrl }, silentLogger);
    expect(trace.getTracer('x').startSpan('y').isRecording()).toBe(true);
    await installed.shutdown();
    expect(trace.getTracer('x').startSpan('y').isRecording()).toBe(false);
  });
});
