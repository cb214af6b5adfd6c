import { afterEach, describe, expect, it } from 'vitest';
import { attribute, startOtlpCollector, type OtlpCollector } from '../support/otlp-collector';
import { ServerlessVoiceRig } from '../support/serverless-voice-rig';

/**
 * The serverless voice loop traced (ACS, Web PubSub and the caller's transcription stream are fakes at
 * their protocol boundary, the OTLP collector a local server): each caller turn is a span in the call's
 * trace, its plays, model and store spans under it, and nothing the caller said leaves the process.
 */

let rig: ServerlessVoiceRig | undefined;
let collector: OtlpCollector | undefined;
afterEach(async () => {
  await rig?.close();
  await collector?.close();
  rig = collector = undefined;
});

describe('serverless voice telemetry', () => {
  it('traces each turn of a call answered through Web PubSub and Call Automation play', async () => {
    collector = await startOtlpCollector();
    rig = await ServerlessVoiceRig.start({}, { telemetry: { otlp_endpoint: collector.baseUrl } });
    const call = await rig.connectedCall('+33612000077');
    await rig.hear(call, 1);
    await call.caller.say('My name is Jane Doe');
    await rig.hear(call, 2);
    await call.caller.close();
    await rig.host.app.services.telemetry.flush();

    const spans = collector.spans().filter((span) => span.traceId === call.callId.replace(/-/g, ''));
    const turns = spans.filter((span) => span.name === 'turn');
    expect(turns).toHaveLength(1);
    expect(attribute(turns[0]!, 'call.voice_path')).toBe('web-pubsub');
    expect(attribute(turns[0]!, 'turn.first_play_ms')).toBeGreaterThan(0);
    const plays = spans.filter((span) => span.name === 'tts.play');
    expect(plays.some((play) => play.parentSpanId === turns[0]!.spanId)).toBe(true);
    const underTurn = new Set(
      spans.filter((span) => span.parentSpanId === turns[0]!.spanId).map((span) => span.name),
    );
    expect(underTurn).toEqual(new Set(['tts.play', 'llm.request', 'tool', 'store.update']));
    expect(collector.raw.join('\n')).not.toMatch(/Jane|Doe|612000077/);
  });
});
