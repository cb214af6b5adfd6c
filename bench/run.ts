import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { benchColdStart } from './cold-start';
import { benchEngineOverhead } from './engine-overhead';
import { benchHttpApi } from './http-api';
import { runContext } from './run-context';
import { STORE_OPS, benchStoreOps } from './store-ops';
import { benchEmbedded, CORPUS } from './stt-recognition';
import type { Summary } from './stats';
import { benchVoiceLoad, type VoiceLoadResult } from './voice-load';
import { benchVoiceOverhead } from './voice-overhead';
import { speechFrames } from './voice-speech';

/**
 * `npm run bench [-- --quick]`: runs every benchmark, prints a table each, and writes the results with
 * the machine, Node version, date and commit to bench/results/. Quick mode does fewer runs, for CI: it
 * fails on errors, never on timings.
 */

interface BenchResult {
  readonly name: string;
  readonly method: string;
  readonly unit: string;
  readonly budget?: string;
  readonly summary: Summary;
  /** Operations (or requests) per second, for throughput benchmarks. */
  readonly throughput?: number;
  /** Other figures of the same run (the voice load test's CPU, memory, frames...). */
  readonly details?: Record<string, number | string>;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const results: BenchResult[] = [];

  results.push({
    name: 'local host cold start',
    method: 'spawn node dist/local/main.js in a fresh data dir, poll GET /api/health every 5 ms until 200',
    unit: 'ms',
    budget: '≤ 1500 ms',
    summary: await benchColdStart(quick ? 3 : 20),
  });

  const engine = await benchEngineOverhead(quick ? 100 : 1_000);
  results.push({
    name: 'turn engine overhead per turn',
    method:
      'runTurn with an instant in-process model: one updated_claim tool call then a 3-sentence answer streamed word by word; model time is zero, so this is our code only',
    unit: 'ms',
    summary: engine.turn,
  });
  results.push({
    name: 'turn commit (SQLite)',
    method:
      'commitTurn of the same turns: read, replay tool changes, validate, write (calls of up to 20 turns)',
    unit: 'ms',
    summary: engine.commit,
  });

  const http = await benchHttpApi(quick ? 50 : 500, 10);
  const httpMethod = (what: string) =>
    `${what} against the real local host in-process over loopback (node fetch, keep-alive); ${quick ? 50 : 500} requests from 10 concurrent clients after 20 warm-up; latency = send to whole body read, throughput = requests / wall-clock time; every status checked`;
  results.push({
    name: 'HTTP POST /api/call',
    method: httpMethod(
      'POST /api/call with a valid body and a unique phone number each (stores the call and starts its orchestration, which rings; ring timeout 1 h)',
    ),
    unit: 'ms',
    summary: http.createCall.summary,
    throughput: http.createCall.throughput,
  });
  results.push({
    name: 'HTTP GET /api/call/{id}',
    method: httpMethod('GET /api/call/{id} of a call with 200 messages'),
    unit: 'ms',
    summary: http.getCall.summary,
    throughput: http.getCall.throughput,
  });
  results.push({
    name: 'HTTP GET /api/call?phone_number=',
    method: httpMethod('GET /api/call?phone_number= of a number with 50 calls (default limit: newest 20)'),
    unit: 'ms',
    summary: http.listCalls.summary,
    throughput: http.listCalls.throughput,
  });

  const storeOps = quick ? 50 : 500;
  const store = await benchStoreOps(storeOps);
  const backends = {
    sqlite: 'SQLite in a temp file',
    cosmos: '@vercel/cosmosdb-server in-process over HTTPS loopback (emulator, not Azure)',
  } as const;
  const opMethods = {
    create: `${storeOps} CallStore.create of new calls`,
    get: `${storeOps} CallStore.get by id`,
    update: `${storeOps} CallStore.update (read, append a message, validate, replace with etag)`,
    findResumable: `${Math.max(10, Math.round(storeOps / 5))} CallStore.findResumable of a number with 50 calls`,
    listByPhone: `${Math.max(10, Math.round(storeOps / 5))} CallStore.listByPhone (limit 20) of a number with 50 calls`,
  } as const;
  for (const backend of ['sqlite', 'cosmos'] as const) {
    for (const op of STORE_OPS) {
      results.push({
        name: `store ${op} (${backend})`,
        method: `${opMethods[op]}, one at a time, on ${backends[backend]} holding ~${storeOps + 50} calls; throughput = ops / wall-clock time`,
        unit: 'ms',
        summary: store[backend][op].summary,
        throughput: store[backend][op].throughput,
      });
    }
  }

  results.push(...(await voiceBenchmarks(quick)));
  results.push(...(await recognitionBenchmarks()));

  for (const result of results) printTable(result);
  const file = writeResults(results, quick);
  console.log(`\nResults written to ${file}`);
}

/** The embedded recogniser on Flite answers: latency, word error, memory (bench/README.md, "Speech recognition"). */
async function recognitionBenchmarks(): Promise<BenchResult[]> {
  const { wide, phone, memory } = await benchEmbedded();
  const method = (band: string) =>
    `embedded recogniser (pocketsphinx, grammar of the question) on ${CORPUS.length} caller answers spoken by Flite${band}, each followed by 300 ms of silence, written frame by frame; latency = finish() → final text`;
  return [
    { name: '16 kHz', result: wide },
    { name: '8 kHz phone band', result: phone },
  ].map(({ name, result }) => ({
    name: `speech recognition, embedded, ${name}`,
    method: method(name === '16 kHz' ? '' : ', squeezed through 8 kHz'),
    unit: 'ms',
    summary: result.latency,
    details: {
      'word error rate %': round(result.wer * 100),
      'utterances exact': `${result.exact} / ${CORPUS.length}`,
      'model load ms': round(memory.loadMs),
      'RSS of the model MiB': round(memory.rssModelMiB),
      'per call KiB (10 s utterance buffer)': round(memory.perCallKiB),
      misheard: result.misheard.join(' | ') || 'none',
    },
  }));
}

/** The voice loop: one call's turn overhead, then the media-call load test (bench/README.md, "Voice loop"). */
async function voiceBenchmarks(quick: boolean): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const line = await speechFrames('I have a question about my claim.');
  const measured = quick ? 2 : 40;
  const one = await benchVoiceOverhead(line, measured, quick ? 1 : 3);
  const fakes = 'fixed-latency fake STT 50 ms, model first sentence 100 ms, TTS first audio 30 ms';
  const oneCall = `real local host in process, ${fakes}; one scripted softphone over the real sockets says a Flite line in real time then silence, ${measured} answers after warm-up, talking over 2 answers in 3`;
  results.push({
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
  });
  results.push({
    name: 'voice answer latency, one call',
    method: `${oneCall}; end of caller's turn detected → first frame of the answer out, providers included`,
    unit: 'ms',
    summary: one.answer,
  });
  results.push({
    name: 'voice barge-in, one call',
    method: `${oneCall}; host: the frame that reached the cutoff (250 ms) received → StopAudio sent`,
    unit: 'ms',
    budget: '≤ 50 ms',
    summary: one.bargeIn,
    details: {
      'client (frame completing the cutoff sent → StopAudio received): p50': round(one.bargeInClient.p50),
      'client: p95': round(one.bargeInClient.p95),
    },
  });
  // e.g. BENCH_VOICE_HOST_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the load test's host.
  const hostFlags = process.env.BENCH_VOICE_HOST_FLAGS?.split(' ').filter(Boolean) ?? [];
  for (const calls of quick ? [20] : [50, 100, 200, 500]) {
    const load = await benchVoiceLoad({
      calls,
      speech: line,
      activeSec: quick ? 4 : 30,
      silentSec: quick ? 1 : 5,
      msPerChar: quick ? 20 : 65,
      hostFlags,
    });
    results.push(...voiceLoadResults(load, quick));
  }
  return results;
}

function voiceLoadResults(load: VoiceLoadResult, quick: boolean): BenchResult[] {
  const { calls, active } = load;
  const method = `${calls} scripted softphones against the local host in a child process (fixed-latency fakes); each says a Flite line in real time, waits for the answer (${quick ? 20 : 65} ms of audio a character) and lets it play or, one in three, talks over it; ${Math.round(active.seconds)} s`;
  const results: BenchResult[] = [
    {
      name: `voice load ×${calls}: outbound frame lateness, each call's p99`,
      method: `${method}; lateness = send time − the frame's 20 ms slot, from each session's histogram (whole call); summary over calls of their p99`,
      unit: 'ms',
      budget: '≤ 20 ms p99',
      summary: load.lateness.callP99,
      details: {
        'calls up / dialled': `${load.sessions} / ${calls}`,
        'setup s (10 at a time)': round(load.setupSec),
        'each call p50: median': round(load.lateness.callP50.p50),
        'latest frame ms': round(load.lateness.max),
        'slots skipped (gaps heard)': load.lateness.skippedSlots,
        'tick end lateness p50 / p99 (active)': `${round(active.tick.p50)} / ${round(active.tick.p99)}`,
        'host CPU % active / silent': `${round(active.cpuPercent)} / ${round(load.silent.cpuPercent)}`,
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
      name: `voice load ×${calls}: answer latency`,
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
      name: `voice load ×${calls}: barge-in`,
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

const round = (value: number) => Math.round(value * 10) / 10;

function printTable(result: BenchResult): void {
  const s = result.summary;
  const f = (v: number) => v.toFixed(1);
  console.log(
    `\n${result.name} (${result.unit}, n=${s.n}${result.budget ? `, budget ${result.budget}` : ''})`,
  );
  console.log(`  method: ${result.method}`);
  console.table({
    [result.name]: {
      p50: f(s.p50),
      p95: f(s.p95),
      p99: f(s.p99),
      max: f(s.max),
      mean: f(s.mean),
      ...(result.throughput === undefined ? {} : { 'per s': Math.round(result.throughput) }),
    },
  });
  if (result.details) console.table(result.details);
}

function writeResults(results: BenchResult[], quick: boolean): string {
  const dir = resolve(__dirname, '../../bench/results');
  mkdirSync(dir, { recursive: true });
  const context = runContext();
  const file = join(dir, `${context.date.replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
  writeFileSync(file, JSON.stringify({ ...context, quick, results }, null, 2));
  return file;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
