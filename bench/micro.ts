import { Pcm16Decoder } from '../shared/audio/pcm';
import {
  decodeMediaMessage,
  decodeMediaMessageWithSchemas,
  encodeAudio,
  encodeInboundAudio,
} from '../shared/voice/acs-media';
import { FRAME_SAMPLES, FrameAssembler, FrameCutter, frameToBytes } from '../shared/voice/audio';
import { createWebRtcVad } from '../shared/voice/vad';
import type { BenchResult } from './result';
import { summarize } from './stats';

/**
 * The voice loop's per-frame steps alone, in this process: CPU µs per operation (process.cpuUsage, so
 * time the process is preempted is not counted: steadier than wall time on a shared machine). Each
 * step runs 20,000 times to warm up, then 5 rounds of 100,000; the summary is over the rounds. What a
 * step allocates is in its cost, and in the garbage the collector then has to visit.
 */

const WARM_UP = 20_000;
const ROUNDS = 5;

/** A 20 ms frame of a 440 Hz tone: speech-like for the VAD's energy gate, no silence shortcuts. */
function toneFrame(): Int16Array {
  return Int16Array.from({ length: FRAME_SAMPLES }, (_, i) =>
    Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 16_000)),
  );
}

function cpuMicros(step: () => void, perRound: number): number[] {
  for (let i = 0; i < WARM_UP; i++) step();
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const before = process.cpuUsage();
    for (let i = 0; i < perRound; i++) step();
    const used = process.cpuUsage(before);
    rounds.push((used.user + used.system) / perRound);
  }
  return rounds;
}

export async function microResults(quick: boolean): Promise<BenchResult[]> {
  const perRound = quick ? 10_000 : 100_000;
  const frame = toneFrame();
  const inbound = encodeInboundAudio(frameToBytes(frame), { participant: '4:+14255550123' });
  const pcm = decodeMediaMessage(inbound);
  if (!pcm.ok || pcm.message.kind !== 'audio') throw new Error('the sample message does not decode');
  const bytes = pcm.message.pcm;
  const ttsChunk = Int16Array.from({ length: 16_000 }, (_, i) => frame[i % FRAME_SAMPLES] as number);
  const vad = await createWebRtcVad({ threshold: 0.5 });
  let sink: unknown;
  const steps: [name: string, what: string, step: () => void, per?: number][] = [
    [
      'decode AudioData, schema path',
      'JSON.parse + zod + base64 of one 20 ms inbound message (the path every other kind takes)',
      () => (sink = decodeMediaMessageWithSchemas(inbound)),
    ],
    [
      'decode AudioData',
      'decodeMediaMessage: JSON.parse + hand check + base64',
      () => (sink = decodeMediaMessage(inbound)),
    ],
    [
      'PCM16 decode (copy)',
      'Pcm16Decoder.decode of 640 bytes',
      () => (sink = new Pcm16Decoder().decode(bytes)),
    ],
    [
      'assemble one inbound frame',
      'FrameAssembler(16 kHz).push of one 640-byte message → one frame',
      (() => {
        const assembler = new FrameAssembler(16_000);
        return () => (sink = assembler.push(bytes));
      })(),
    ],
    [
      'cut TTS audio into frames, per frame',
      'FrameCutter.push of a 1 s chunk, µs per 20 ms frame',
      (() => {
        const cutter = new FrameCutter();
        return () => (sink = cutter.push(ttsChunk));
      })(),
      50,
    ],
    ['VAD', 'fvad (WASM) + energy gate of one frame', () => (sink = vad.isSpeech(frame))],
    ['encode AudioData', 'encodeAudio of one outbound frame', () => (sink = encodeAudio(frame))],
  ];
  const results: BenchResult[] = [];
  for (const [name, what, step, framesPerStep = 1] of steps) {
    const rounds = cpuMicros(step, Math.max(1, Math.round(perRound / framesPerStep)));
    results.push({
      name: `per frame: ${name}`,
      method: `${what}; CPU per frame, ${ROUNDS} rounds after warm-up, summary over rounds`,
      unit: 'µs',
      summary: summarize(rounds.map((micros) => micros / framesPerStep)),
    });
  }
  vad.close();
  void sink;
  return results;
}
