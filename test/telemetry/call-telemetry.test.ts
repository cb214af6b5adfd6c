import { describe, expect, it } from 'vitest';
import { SoftphoneClient } from '../../local/softphone-client';
import { createLogger } from '../../shared/log';
import { toFrames } from '../../shared/voice/audio';
import { eventually, startLocalHost } from '../support/local-host';
import { attribute, startOtlpCollector } from '../support/otlp-collector';
import { startFakeTranscriptionServer } from '../support/fake-transcription-server';
import { startScriptedLlmServer } from '../support/scripted-llm-server';
import { silence, speechSamples } from '../support/speech';
import { closeAfterEach } from '../support/close-after-each';
import { streamFrames } from '../support/stream-frames';

/**
 * A real call through the local host (real sockets, VAD, Flite; the transcription endpoint, the model and
 * the OpenTelemetry collector are local servers speaking their wire protocols) is traced and measured:
 * one trace per call, spans per turn, model request, tool, speech and store write, the latency metrics,
 * no personal data anywhere in what leaves the process, and one debug line per turn.
 */

const NUMBER = '+14255550141';
const SAID = 'My name is John Smith.';
const EMAIL = 'jane.doe@example.com';

const closing = closeAfterEach();

describe('call telemetry', () => {
  it('exports a traced local call to an OTLP collector, with no personal data, and logs one line per turn', async () => {
    const collector = closing(await startOtlpCollector());
    const transcription = closing(await startFakeTranscriptionServer());
    transcription.enqueue({ text: SAID });
    const llm = closing(await startScriptedLlmServer());
    // Each turn: the model notes the e-mail with a tool, then answers repeating what it heard.
    llm.respondWith((request) =>
      request.body.messages?.at(-1)?.role === 'tool'
        ? { content: `Thank you John Smith, I noted ${EMAIL}. Anything else?` }
        : {
            toolCalls: [
              {
                name: 'updated_claim',
                arguments: { updates: [{ field: 'policyholder_email', value: EMAIL }] },
              },
            ],
          },
    );
    const lines: string[] = [];
    const host = closing(
      await startLocalHost(
        {
          log: { level: 'debug' },
          telemetry: { otlp_endpoint: collector.baseUrl },
          llm: { fast: { endpoint: `${llm.baseUrl}`, api_key: 'test-key', model: 'gpt-test' } },
          speech: { stt: { openai: { endpoint: transcription.baseUrl, api_key: 'test-key' } } },
        },
        { log: createLogger('debug', (line) => lines.push(line)) },
      ),
    );
    expect(host.app.services.ports.telemetry).toBe('otlp');
    const phone = closing(await SoftphoneClient.connect(host.baseUrl));
    await phone.register(NUMBER);
    const callId = await phone.dial();
    await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant');

    // Turn 1, spoken; turn 2, typed once the first answer has been played and stored.
    const speech = toFrames(await speechSamples(SAID));
    await streamFrames(phone, [...toFrames(silence(400)), ...speech, ...toFrames(silence(800))]);
    // A turn is over (its line logged) once its answer has been played.
    const turnLines = () => lines.filter((line) => / DEBUG turn /.test(line));
    const turnsDone = async (count: number) => (turnLines().length >= count ? true : undefined);
    await eventually(() => turnsDone(1), 15_000);
    phone.say(callId, `My e-mail is ${EMAIL}`);
    await eventually(() => turnsDone(2), 15_000);
    phone.hangUp(callId);
    await eventually(async () => (host?.voiceCalls.size === 0 ? true : undefined));
    await host.app.services.telemetry.flush();

    // One trace for the call: its id is the call id.
    const traceId = callId.replace(/-/g, '');
    const spans = collector.spans().filter((span) => span.traceId === traceId);
    const named = (name: string) => spans.filter((span) => span.name === name);
    expect(named('call')).toHaveLength(1);
    expect(attribute(named('call')[0]!, 'call.phone_number')).toBe('+142******41');
    const turns = named('turn').sort(
      (a, b) => Number(attribute(a, 'turn.number')) - Number(attribute(b, 'turn.number')),
    );
    expect(turns).toHaveLength(2);
    for (const name of ['stt.recognize', 'tts.synthesize', 'store.update']) {
      expect(named(name).length, name).toBeGreaterThan(0);
    }
    // The model requests and the tool runs are children of a turn, with what they cost.
    const turnIds = new Set(turns.map((turn) => turn.spanId));
    const requests = named('llm.request');
    expect(requests.length).toBeGreaterThanOrEqual(4);
    for (const request of requests) {
      expect(turnIds.has(request.parentSpanId ?? '')).toBe(true);
      expect(attribute(request, 'llm.model')).toBe('fast: gpt-test');
      expect(attribute(request, 'llm.usage.prompt_tokens')).toBeGreaterThan(0);
      expect(attribute(request, 'llm.time_to_first_token_ms')).toBeGreaterThanOrEqual(0);
    }
    const tools = named('tool');
    expect(tools.map((tool) => [attribute(tool, 'tool.name'), attribute(tool, 'tool.ok')])).toEqual([
      ['updated_claim', true],
      ['updated_claim', true],
    ]);
    expect(attribute(turns[0]!, 'turn.answer_ms')).toBeGreaterThan(0);
    expect(attribute(turns[0]!, 'turn.stt_ms')).toBeGreaterThan(0);
    expect(attribute(turns[1]!, 'turn.stt_ms')).toBe(0);

    const metrics = collector.metricNames();
    for (const name of [
      'call.answer.latency',
      'call.stt.complete.latency',
      'call.frames.in.latency',
      'call.frames.out.latency',
      'call.turn.overhead',
      'call.active',
    ]) {
      expect(metrics.has(name), name).toBe(true);
    }
    expect(Number(collector.points('call.answer.latency')[0]?.count)).toBe(2);

    // Nothing the caller said or gave, and not their number, left the process.
    const sent = collector.raw.join('\n');
    for (const secret of ['John', 'Smith', 'jane', 'example.com', '4255550141', 'Thank you']) {
      expect(sent, secret).not.toContain(secret);
    }

    // LOG_LEVEL=debug: one compact line per turn, with its latencies.
    expect(turnLines()).toHaveLength(2);
    expect(turnLines()[0]).toMatch(
      /call_id=\S+ turn=1 answer_ms=[\d.]+ stt_ms=[\d.]+ model_ms=[\d.]+ tts_ms=[\d.]+ overhead_ms=-?[\d.]+ model="fast: gpt-test" tools=1/,
    );
    expect(turnLines()[1]).toMatch(/ turn=2 answer_ms=[\d.]+ stt_ms=0 model_ms=[\d.]+ tts_ms=[\d.]+/);
    expect(lines.join('\n')).not.toContain('Smith');
  }, 60_000);
});
