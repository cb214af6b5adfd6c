import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLocalHost } from '../local/host';
import { loadConfig } from '../shared/config';
import { silentLogger } from '../shared/log';
import type { Frame } from '../shared/voice/audio';
import { summarize, type Summary } from './stats';
import { FramePump, ScriptedCaller, type CallerScript } from './voice-caller';
import { ANSWER_TEXT, FIXED_LATENCIES, fakeProviders, providerMs } from './voice-fakes';

/**
 * What the voice loop adds to an answer's latency, beyond the providers' own: the real local host in
 * this process, on fixed-latency fakes (STT 50 ms, first sentence 100 ms, first audio 30 ms), and one
 * scripted softphone over the real sockets saying a real (Flite) line in real time, then silence. The
 * session reports each answer's latency, from the frame where its turn detector saw the end of the
 * caller's turn to the answer's first frame going out; the overhead is that less the three providers'
 * latencies. Two turns in three, the caller talks over the answer (barge-in), which the session times
 * from the frame that reached the cutoff to StopAudio sent. `mediaProcess` runs the same call the way
 * `npm start` does on two cores or more: its media in a media process, its conversation here.
 */

export interface VoiceOverheadResult {
  /** Answer latency − what the fakes actually took (their timers fire a little late). */
  readonly overhead: Summary;
  /** Answer latency − the fakes' nominal latencies (180 ms). */
  readonly overheadNominal: Summary;
  /** End of the caller's turn detected → first frame of the answer out. */
  readonly answer: Summary;
  /** Server: the frame that reached the cutoff received → StopAudio sent. */
  readonly bargeIn: Summary;
  /** Client: the frame that completes the cutoff window sent → StopAudio received. */
  readonly bargeInClient: Summary;
  /** How late the fakes' timers fired, summed over one answer's three providers, mean ms. */
  readonly fakesLateMs: number;
}

const FIRST_SENTENCE = ANSWER_TEXT.slice(0, ANSWER_TEXT.indexOf('.') + 1);

/** A quick voice: the answer's length does not change its first frame, only how long the run takes. */
const MS_PER_CHAR = 30;

/**
 * `turns` answers are measured after `warmUpTurns` that are not: the first turns of a process run cold
 * code (JIT, first prompt and tool schemas) and take 10–15 ms more; a host answers thousands after.
 */
export async function benchVoiceOverhead(
  speech: readonly Frame[],
  turns: number,
  warmUpTurns: number,
  /** Config values on top (the telemetry benchmark turns an exporter on). */
  configOverrides: Record<string, unknown> = {},
  /**
   * Run the call's media in a media process, as `npm start` does on two cores or more, rather than in
   * this process: the turn then crosses the IPC twice. The STT and TTS fakes run there and cannot report
   * what they took: their nominal latencies are subtracted (their timers' lateness counts as ours).
   */
  mediaProcess = false,
): Promise<VoiceOverheadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'callcenter-bench-voice-'));
  // Two media processes, as `npm start` starts on two cores, whatever this machine has.
  const media = mediaProcess ? { host: { media_workers: 2 } } : {};
  const source = { env: {}, cwd: dir, overrides: { data_dir: dir, ...media, ...configOverrides } };
  const config = loadConfig(source);
  // What each provider really took, in order; the answers come one at a time, so they pair up.
  const taken = { stt: [] as number[], model: [] as number[], tts: [] as number[] };
  const fakes = fakeProviders(FIXED_LATENCIES, {
    msPerChar: MS_PER_CHAR,
    onTiming: (kind, ms, text) => {
      if (kind !== 'tts' || text === FIRST_SENTENCE) taken[kind].push(ms);
    },
  });
  const host = await startLocalHost(config, {
    log: silentLogger,
    configSource: source,
    port: 0,
    speech: fakes.speech,
    chatModels: fakes.chatModels,
    ...(mediaProcess
      ? {
          mediaWorkerSpeech: {
            path: join(__dirname, 'voice-worker-speech.js'),
            argument: { latencies: FIXED_LATENCIES, msPerChar: MS_PER_CHAR },
          },
        }
      : {}),
  });
  if (mediaProcess && !host.mediaWorkers) throw new Error('the host started no media process');
  const features = await host.app.services.flags.get();
  const script: CallerScript = {
    speech,
    bargeIn: (turn) => turn % 3 !== 0,
    bargeInAfterMs: 300,
    pauseMs: 300,
    answerTimeoutMs: 5_000,
    cutoffMs: features.vad_cutoff_timeout_ms,
  };
  const metrics = host.voiceCalls.metrics;
  const caller = await ScriptedCaller.dial(host.url, '+14255550123', script);
  const pump = new FramePump([caller]);
  try {
    await untilQuiet(caller, 300, 15_000);
    caller.stream(performance.now() + 100);
    pump.start();
    const total = warmUpTurns + turns;
    const deadline = performance.now() + total * 10_000;
    // With a media process, the answer's report reaches this process after its first frame went out.
    while (caller.stats.answers < total || metrics.answers.length < caller.stats.answers) {
      if (performance.now() > deadline)
        throw new Error(
          `${caller.stats.answers} of ${total} answers in time (${metrics.answers.length} reported)`,
        );
      await sleep(50);
    }
    // Let the last barge-in (if the last line went over the bot) reach its StopAudio.
    await sleep(1_000);
    if (caller.stats.unanswered > 0) throw new Error(`${caller.stats.unanswered} lines got no answer`);
    if (metrics.bargeIns.length === 0) throw new Error('no barge-in was reported');
    const { model } = taken;
    // In a media process the STT and TTS fakes are out of reach: their nominal latencies stand in.
    const stt = mediaProcess ? model.map(() => FIXED_LATENCIES.sttMs) : taken.stt;
    const tts = mediaProcess ? model.map(() => FIXED_LATENCIES.ttsMs) : taken.tts;
    const answered = metrics.answers.length;
    if (answered !== caller.stats.answers || [stt, model, tts].some((list) => list.length !== answered)) {
      throw new Error(
        `answers and provider calls do not pair up: ${caller.stats.answers} heard, ${answered} reported, ` +
          `${stt.length} STT, ${model.length} model, ${tts.length} TTS`,
      );
    }
    const nominal = providerMs(FIXED_LATENCIES);
    const measured = metrics.answers
      .map((answer, i) => ({
        answerMs: answer.answerMs,
        providers: (stt[i] ?? 0) + (model[i] ?? 0) + (tts[i] ?? 0),
      }))
      .slice(warmUpTurns);
    const overhead = measured.map((a) => a.answerMs - a.providers);
    const overheadNominal = measured.map((a) => a.answerMs - nominal);
    const fakesLate = measured.map((a) => a.providers - nominal);
    return {
      overhead: summarize(overhead),
      overheadNominal: summarize(overheadNominal),
      answer: summarize(metrics.answers.slice(warmUpTurns).map((a) => a.answerMs)),
      bargeIn: summarize(metrics.bargeIns),
      bargeInClient: summarize(caller.stats.stopAudioMs),
      fakesLateMs: fakesLate.reduce((sum, v) => sum + v, 0) / fakesLate.length,
    };
  } finally {
    pump.stop();
    await caller.close();
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until the bot has said something and then nothing for `quietMs` (its greeting is over). */
export async function untilQuiet(caller: ScriptedCaller, quietMs: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (caller.lastAudio === 0 || performance.now() - caller.lastAudio < quietMs) {
    if (performance.now() > deadline) throw new Error('the bot did not finish its greeting in time');
    await sleep(50);
  }
}
