import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLocalHost } from '../local/host';
import { loadConfig } from '../shared/config';
import { silentLogger } from '../shared/log';
import type { Frame } from '../shared/voice/audio';
import { summarize, type Summary } from './stats';
import { FramePump, ScriptedCaller, type CallerScript } from './voice-caller';
import { ANSWER_TEXT, FIXED_LATENCIES, fakeProviders, providerMs, type ProviderTiming } from './voice-fakes';
import type { TimingRow, WorkerSpeechArgument } from './voice-worker-speech';

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

/** Where the media process's speech fakes write what they took (`WorkerSpeechArgument.timingsFile`). */
const TIMINGS_FILE = 'speech-timings';

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
   * Run the call's media in a media process, as `npm start` does on two cores or more beyond its first
   * calls, rather than in the main process: the turn then crosses the IPC twice. The STT and TTS fakes
   * run there; what they took is read back from the file their process writes as it exits.
   */
  mediaProcess = false,
): Promise<VoiceOverheadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'callcenter-bench-voice-'));
  // Two media processes, as `npm start` starts on two cores, whatever this machine has. It keeps its first
  // calls in the main process (`host.media_calls_in_main`) and hands the others over: `mediaProcess`
  // measures one of those.
  const media = { host: { media_workers: 2, ...(mediaProcess ? { media_calls_in_main: 0 } : {}) } };
  const source = { env: {}, cwd: dir, overrides: { data_dir: dir, ...media, ...configOverrides } };
  const config = loadConfig(source);
  // What each provider really took, in order; the answers come one at a time, so they pair up.
  const taken = { stt: [] as number[], model: [] as number[], tts: [] as number[] };
  const onTiming: ProviderTiming = (kind, ms, text) => {
    if (kind !== 'tts' || text === FIRST_SENTENCE) taken[kind].push(ms);
  };
  const fakes = fakeProviders(FIXED_LATENCIES, { msPerChar: MS_PER_CHAR, onTiming });
  const workerSpeech: WorkerSpeechArgument = {
    latencies: FIXED_LATENCIES,
    msPerChar: MS_PER_CHAR,
    timingsFile: join(dir, TIMINGS_FILE),
  };
  const host = await startLocalHost(config, {
    log: silentLogger,
    configSource: source,
    port: 0,
    speech: fakes.speech,
    chatModels: fakes.chatModels,
    mediaWorkerSpeech: { path: join(__dirname, 'voice-worker-speech.js'), argument: workerSpeech },
  });
  const { mediaWorkers } = host;
  if (!mediaWorkers) throw new Error('the host started no media process');
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
  let heard: number;
  try {
    await untilQuiet(caller, 300, 15_000);
    // Its stream is open by now: the host put the call where this run measures it.
    const inMediaProcess = mediaWorkers.pidOf(caller.callId) !== undefined;
    if (inMediaProcess !== mediaProcess) {
      throw new Error(`the call is ${inMediaProcess ? '' : 'not '}in a media process`);
    }
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
    heard = caller.stats.answers;
  } finally {
    pump.stop();
    await caller.close();
    // Its media processes exit with it, writing what their speech fakes took.
    await host.close();
    if (mediaProcess) readWorkerTimings(dir, onTiming);
    rmSync(dir, { recursive: true, force: true });
  }
  const { stt, model, tts } = taken;
  const answered = metrics.answers.length;
  if (answered !== heard || [stt, model, tts].some((list) => list.length !== answered)) {
    throw new Error(
      `answers and provider calls do not pair up: ${heard} heard, ${answered} reported, ` +
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
}

/** What the media process's speech fakes took (voice-worker-speech.ts), in order, into `onTiming`. */
function readWorkerTimings(dir: string, onTiming: ProviderTiming): void {
  const files = readdirSync(dir).filter((name) => name.startsWith(`${TIMINGS_FILE}.`));
  if (files.length === 0) throw new Error('no media process wrote its speech timings');
  // One call: one media process served it; the other's list is empty.
  for (const name of files) {
    const rows = JSON.parse(readFileSync(join(dir, name), 'utf8')) as TimingRow[];
    for (const [kind, ms, text] of rows) onTiming(kind, ms, text);
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
