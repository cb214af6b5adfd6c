import { loadavg } from 'node:os';
import type { BenchResult } from './result';
import { benchVoiceLoad, type VoiceLoadResult } from './voice-load';
import { benchVoiceOverhead } from './voice-overhead';
import { runsResult } from './voice-runs';
import { speechFrames } from './voice-speech';

/** The voice loop's benchmarks as results (bench/README.md, "Voice loop"). */

const LINE = 'I have a question about my claim.';
const round = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;

/** One call's turn overhead, answer latency and barge-in. */
export async function voiceOverheadResults(quick: boolean): Promise<BenchResult[]> {
  const line = await speechFrames(LINE);
  const measured = quick ? 2 : 40;
  const one = await benchVoiceOverhead(line, measured, quick ? 1 : 3);
  // `npm start` on a machine of two cores or more, beyond its first calls (`host.media_calls_in_main`):
  // the call's media in a media process, the turn across IPC.
  const remote = await benchVoiceOverhead(line, measured, quick ? 1 : 3, {}, true);
  const fakes = 'fixed-latency fake STT 50 ms, model first sentence 100 ms, TTS first audio 30 ms';
  const oneCall = `real local host, the call in its main process (as \`npm start\` runs its first calls), ${fakes}; one scripted softphone over the real sockets says a Flite line in real time then silence, ${measured} answers after warm-up, talking over 2 answers in 3`;
  return [
    {
      name: 'voice turn overhead, one call',
      method: `${oneCall}; overhead = answer latency (end of caller's turn detected → first answer frame out) − what the three fakes actually took`,
      unit: 'ms',
      budget: '≤ 5 ms p95',
      summary: one.overhead,
      details: {
        'vs nominal 180 ms: p50': round(one.overheadNominal.p50),
        'vs nominal 180 ms: p95': round(one.overheadNominal.p95),
        "fakes' timers late, mean per answer": round(one.fakesLateMs),
      },
    },
    {
      name: 'voice turn overhead, one call, media process',
      method: `the same with the call's media in one of the host's media processes, as \`npm start\` runs each call beyond its first 4 on two cores or more (the conversation stays in the main process: the turn crosses the IPC there and back); overhead = answer latency − what the three fakes actually took (the STT and TTS fakes run in the media process and report it as it exits)`,
      unit: 'ms',
      budget: '≤ 5 ms p95',
      summary: remote.overhead,
      details: {
        'vs nominal 180 ms: p50': round(remote.overheadNominal.p50),
        'vs nominal 180 ms: p95': round(remote.overheadNominal.p95),
        "fakes' timers late, mean per answer": round(remote.fakesLateMs),
      },
    },
    {
      name: 'voice answer latency, one call',
      method: `${oneCall}; end of caller's turn detected → first frame of the answer out, providers included`,
      unit: 'ms',
      summary: one.answer,
    },
    {
      name: 'voice barge-in, one call',
      method: `${oneCall}; host: the frame that reached the cutoff (250 ms) received → StopAudio sent`,
      unit: 'ms',
      budget: '≤ 50 ms',
      summary: one.bargeIn,
      details: {
        'client (frame completing the cutoff sent → StopAudio received): p50': round(one.bargeInClient.p50),
        'client: p95': round(one.bargeInClient.p95),
      },
    },
  ];
}

/** How each voice-load run goes (bench/args.ts has the flags). */
export interface VoiceLoadRuns {
  readonly activeSec: number;
  readonly silentSec: number;
  readonly generatorNice: number;
  /** Runs at each number of calls; more than one adds a summary over them. */
  readonly repeat: number;
  /** The host's media processes (undefined: its default). */
  readonly mediaWorkers: number | undefined;
}

/** The media-call load test, `repeat` runs per number of calls. */
export async function voiceLoadResults(
  callCounts: readonly number[],
  { repeat, mediaWorkers, ...windows }: VoiceLoadRuns,
  quick: boolean,
): Promise<BenchResult[]> {
  const line = await speechFrames(LINE);
  // e.g. BENCH_VOICE_HOST_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the load test's host.
  const hostFlags = process.env.BENCH_VOICE_HOST_FLAGS?.split(' ').filter(Boolean) ?? [];
  const results: BenchResult[] = [];
  for (const calls of callCounts) {
    const loads: VoiceLoadResult[] = [];
    for (let run = 1; run <= repeat; run++) {
      const load = await benchVoiceLoad({
        calls,
        speech: line,
        ...windows,
        msPerChar: quick ? 20 : 65,
        hostFlags,
        ...(mediaWorkers === undefined ? {} : { mediaWorkers }),
      });
      loads.push(load);
      results.push(...loadResults(load, quick, repeat > 1 ? ` (run ${run} of ${repeat})` : ''));
    }
    if (repeat > 1) results.push(runsResult(loads));
  }
  return results;
}

function loadResults(load: VoiceLoadResult, quick: boolean, run: string): BenchResult[] {
  const { calls, active } = load;
  const method = `${calls} scripted softphones against the local host in a child process (fixed-latency fakes); each says a Flite line in real time, waits for the answer (${quick ? 20 : 65} ms of audio a character) and lets it play or, one in three, talks over it; ${Math.round(active.seconds)} s`;
  const results: BenchResult[] = [
    {
      name: `voice load ×${calls}${run}: outbound frame lateness, each call's p99`,
      method: `${method}; lateness = send time − the frame's 20 ms slot, from each session's histogram (whole call); summary over calls of their p99`,
      unit: 'ms',
      budget: '≤ 20 ms p99',
      summary: load.lateness.callP99,
      details: {
        'host CPU ms per call-second, active / silent (primary figure)': `${round2(load.cpuPerCallSecond.hostActive)} / ${round2(load.cpuPerCallSecond.hostSilent)}`,
        'generator CPU ms per call-second, active': round2(load.cpuPerCallSecond.generatorActive),
        'generator nice (0: same priority as the host)': load.generatorNice,
        'calls up / dialled': `${load.sessions} / ${calls}`,
        'setup s (10 at a time)': round(load.setupSec),
        'each call p50: median': round(load.lateness.callP50.p50),
        'latest frame ms': round(load.lateness.max),
        'slots skipped (gaps heard)': load.lateness.skippedSlots,
        'media processes (0: in the main process)': load.mediaWorkers,
        'tick end lateness p50 / p99 (active)': active.tick
          ? `${round(active.tick.p50)} / ${round(active.tick.p99)}`
          : '- (media processes)',
        'host CPU % active / silent (all its processes)': `${round(active.cpuPercent)} / ${round(load.silent.cpuPercent)}`,
        'of which main process / kernel, % active': `${round(active.mainCpuPercent)} / ${round(active.systemCpuPercent)}`,
        'host event-loop delay p99 / max ms': `${round(active.loopDelay.p99)} / ${round(active.loopDelay.max)}`,
        'host GC pauses: count / total / max ms': `${active.gc.count} / ${round(active.gc.totalMs)} / ${round(active.gc.maxMs)}`,
        'RSS per idle call KiB (after GC)': round(load.memory.rssPerIdleCallKiB),
        'frames sent by host / received by callers': `${load.frames.sentByHost} / ${load.frames.receivedByCallers}${load.frames.settled ? '' : ' (bot still talking)'}`,
        'generator CPU % / tick p99 ms': `${round(load.generator.cpuPercent)} / ${round(load.generator.lateness.p99)}`,
        'others on the machine, CPU %': round(load.othersCpuPercent),
        'load average (1 min) after': round(loadavg()[0] ?? 0),
      },
    },
  ];
  if (active.answer && active.overhead) {
    results.push({
      name: `voice load ×${calls}${run}: answer latency`,
      method: `${method}; end of caller's turn detected → first answer frame out`,
      unit: 'ms',
      summary: active.answer,
      details: {
        'overhead (− nominal 180 ms) p50': round(active.overhead.p50),
        'overhead p95 (budget ≤ 20 ms)': round(active.overhead.p95),
        'lines / answers / unanswered': `${load.callers.turns} / ${load.callers.answers} / ${load.callers.unanswered}`,
      },
    });
  }
  if (active.bargeIn) {
    results.push({
      name: `voice load ×${calls}${run}: barge-in`,
      method: `${method}; host: the frame that reached the cutoff received → StopAudio sent`,
      unit: 'ms',
      budget: '≤ 50 ms',
      summary: active.bargeIn,
      details: {
        'client p50 / p95': active.bargeInClient
          ? `${round(active.bargeInClient.p50)} / ${round(active.bargeInClient.p95)}`
          : '-',
        'barge-ins without StopAudio': load.callers.missedStops,
      },
    });
  }
  return results;
}
