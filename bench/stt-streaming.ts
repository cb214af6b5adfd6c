import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalHost } from '../local/host';
import { SoftphoneClient } from '../local/softphone-client';
import { loadConfig } from '../shared/config';
import { silentLogger } from '../shared/log';
import { AzureSpeechStt } from '../shared/providers/stt/azure-speech';
import type { SpeechToText } from '../shared/providers/stt/stt';
import { FAKE_STT_KEY, FakeSpeechService } from './fake-speech-service';
import { fakeProviders, FIXED_LATENCIES } from './voice-fakes';
import { SILENT_FRAME, speechFrames } from './voice-speech';
import { summarize, type Summary } from './stats';

/**
 * What streaming recognition with partial and final results does to the caller's wait: the local host,
 * the real Speech SDK against the protocol fake (which cuts phrases after `segmentationMs` of quiet and
 * sends each final `finalDelayMs` later, as scripted), fixed-latency model and TTS fakes. Latency is
 * measured at the phone: the caller's last frame of speech sent → the answer's first audio (its
 * transcript line) received. "With partials": one stream per call, the service's final ends the turn at
 * the first pause. "Without": a stream per utterance, closed at the VAD's end of turn (500 ms of
 * silence), then the final awaited, which is what the backend did before.
 */

export interface StreamingScenario {
  readonly name: string;
  readonly perCall: boolean;
  readonly segmentationMs: number;
  readonly finalDelayMs: number;
}

export const STREAMING_SCENARIOS: readonly StreamingScenario[] = [
  {
    name: 'with partials, service endpoints after 300 ms',
    perCall: true,
    segmentationMs: 300,
    finalDelayMs: 100,
  },
  { name: 'without, same service', perCall: false, segmentationMs: 300, finalDelayMs: 100 },
  {
    name: 'with partials, service endpoints after 500 ms',
    perCall: true,
    segmentationMs: 500,
    finalDelayMs: 100,
  },
  { name: 'without, same service', perCall: false, segmentationMs: 500, finalDelayMs: 100 },
];

const CALLER_LINE = 'My name is John Smith.';

/**
 * The Azure backend as it was: an utterance per turn on a stream of its own, closed at the end of the
 * turn, and no partial or final results reaching the session before that.
 */
function perUtterance(stt: AzureSpeechStt): SpeechToText {
  return {
    kind: stt.kind,
    understands: stt.understands,
    streaming: stt.streaming,
    startUtterance(options) {
      const utterance = stt.startUtterance(options);
      return {
        write: (frame) => utterance.write(frame),
        onPartial: () => undefined,
        finish: (signal) => utterance.finish(signal),
        cancel: () => utterance.cancel(),
      };
    },
    close: () => stt.close(),
  };
}

export async function benchStreaming(scenario: StreamingScenario, turns: number): Promise<Summary> {
  const service = await FakeSpeechService.start();
  service.segmentationSilenceMs = scenario.segmentationMs;
  const stt = new AzureSpeechStt({ endpoint: service.endpoint, key: FAKE_STT_KEY });
  const dir = mkdtempSync(join(tmpdir(), 'callcenter-bench-stt-streaming-'));
  // Finals are always awaited here (5 s): only when the turn ends differs between the two ways.
  const source = {
    env: {},
    cwd: dir,
    overrides: { data_dir: dir, features: { recognition_stt_complete_timeout_ms: 5_000 } },
  };
  const fakes = fakeProviders(FIXED_LATENCIES, { msPerChar: 10 });
  const host = await startLocalHost(loadConfig(source), {
    log: silentLogger,
    configSource: source,
    port: 0,
    speech: { ...fakes.speech, stt: scenario.perCall ? stt : perUtterance(stt) },
    chatModels: fakes.chatModels,
  });
  const phone = await SoftphoneClient.connect(host.url);
  const speech = await speechFrames(CALLER_LINE);
  const latencies: number[] = [];
  try {
    await phone.register('+14255550199');
    await phone.dial();
    await phone.next((e) => e.type === 'transcript' && e.persona === 'assistant', 10_000);
    // The hello and each answer are short (10 ms a character): a second of silence lets each one end.
    await realTime(phone, silence(1_500));
    for (let turn = 0; turn < turns; turn++) {
      service.script.push({
        hypotheses: ['my name is'],
        text: CALLER_LINE,
        finalDelayMs: scenario.finalDelayMs,
      });
      let spokeUntil = Infinity;
      let answeredAt = 0;
      const stop = phone.onMedia(({ kind, at }) => {
        if (kind === 'AudioData' && at > spokeUntil) answeredAt ||= at;
      });
      spokeUntil = await realTime(phone, speech);
      await realTime(phone, silence(2_500));
      stop();
      if (!answeredAt) throw new Error(`turn ${turn}: no answer within 2.5 s (${scenario.name})`);
      latencies.push(answeredAt - spokeUntil);
    }
  } finally {
    await phone.close();
    await host.close();
    await stt.close();
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return summarize(latencies);
}

function silence(ms: number): Int16Array[] {
  return Array.from({ length: ms / 20 }, () => SILENT_FRAME);
}

/** Sends frames 20 ms apart, as a phone; resolves when the last was sent. */
async function realTime(phone: SoftphoneClient, frames: readonly Int16Array[]): Promise<number> {
  let next = performance.now();
  for (const frame of frames) {
    phone.sendFrame(frame);
    next += 20;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
  }
  return performance.now();
}
