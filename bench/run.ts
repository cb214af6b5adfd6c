import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import {
  BENCHMARKS,
  BenchArgsError,
  parseBenchArgs,
  USAGE,
  type BenchArgs,
  type BenchmarkName,
} from './args';
import { benchColdStart } from './cold-start';
import { benchEngineOverhead } from './engine-overhead';
import { benchHttpApi } from './http-api';
import { microResults } from './micro';
import { benchNpmStart } from './npm-start';
import type { BenchResult } from './result';
import { runContext } from './run-context';
import { fewerOps, LONG_CALL_TURNS, STORE_OPS, benchStoreOps } from './store-ops';
import { benchServerlessVoice } from './serverless-voice';
import { benchEmbedded, CORPUS } from './stt-recognition';
import { benchStreaming, STREAMING_SCENARIOS } from './stt-streaming';
import { benchRestFirstByte, benchSdkFirstByte } from './tts-first-byte';
import { FIXED_LATENCIES } from './voice-fakes';
import { telemetryOverheadResults } from './telemetry-overhead';
import { voiceLoadResults, voiceOverheadResults } from './voice-results';

/**
 * `npm run bench [-- --quick] [--only NAME,...] [--calls N,...] [--seconds S]` (bench/args.ts): runs the
 * benchmarks, prints a table each, and writes the results with the machine, its load average before and
 * after, Node version, date and commit to bench/results/. Quick mode does fewer runs, for CI: it fails
 * on errors, never on timings.
 */

type Benchmark = (args: BenchArgs) => Promise<BenchResult[]>;

const BENCHMARK_RUNS: Record<BenchmarkName, Benchmark> = {
  'cold-start': async ({ quick }) => [
    {
      name: 'local host cold start',
      method: 'spawn node dist/local/main.js in a fresh data dir, poll GET /api/health every 5 ms until 200',
      unit: 'ms',
      budget: '≤ 1500 ms',
      summary: await benchColdStart(quick ? 3 : 20),
    },
  ],
  'npm-start': async ({ quick }) => {
    const start = await benchNpmStart(quick ? 1 : 3, quick ? 1 : 5);
    const method = (what: string) =>
      `${what}: \`npm start\` in a copy of this checkout (node_modules linked, fresh data dir) until GET /api/health answers 200, build included`;
    return [
      {
        name: 'npm start, fresh clone',
        method: method('no dist/ (right after npm install)'),
        unit: 'ms',
        budget: '≤ 5000 ms',
        summary: start.fresh,
      },
      {
        name: 'npm start, second start',
        method: method('dist/ from the previous start, no source changed'),
        unit: 'ms',
        budget: '≤ 3000 ms',
        summary: start.second,
      },
    ];
  },
  engine: async ({ quick }) => {
    const results: BenchResult[] = [];
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

    return results;
  },
  'http-api': async ({ quick }) => {
    const results: BenchResult[] = [];
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

    return results;
  },
  'store-ops': async ({ quick }) => {
    const results: BenchResult[] = [];
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
      getLong: `${fewerOps(storeOps)} CallStore.get of one call of ${LONG_CALL_TURNS} turns in French (~100 KiB)`,
      updateLong: `${fewerOps(storeOps)} CallStore.update of that call (a claim field)`,
      findResumable: `${fewerOps(storeOps)} CallStore.findResumable of a number with 50 calls`,
      listByPhone: `${fewerOps(storeOps)} CallStore.listByPhone (limit 20) of a number with 50 calls`,
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

    return results;
  },
  micro: async ({ quick }) => microResults(quick),
  'voice-overhead': async ({ quick }) => voiceOverheadResults(quick),
  'voice-load': async ({ quick, calls, seconds, silentSeconds, generatorNice, repeat, mediaWorkers }) =>
    voiceLoadResults(
      calls,
      { activeSec: seconds, silentSec: silentSeconds, generatorNice, repeat, mediaWorkers },
      quick,
    ),
  'serverless-voice': async ({ quick }) => {
    const serverless = await benchServerlessVoice(quick ? 5 : 25, quick ? 2 : 9);
    return [
      {
        name: 'serverless voice: final transcript → first play request',
        method: `the local host configured for ACS + Web PubSub (the Functions app's handlers and orchestration on the local runner, SQLite store); a signed Web PubSub upstream request with a Final TranscriptionData → the first Call Automation play request of the answer, offline agent in process, ACS REST answered after 20 ms; ${serverless.calls} calls, the first turn of each left out`,
        unit: 'ms',
        budget: '≤ 50 ms p95',
        summary: serverless.firstPlay,
      },
    ];
  },
  'stt-recognition': async () => recognitionBenchmarks(),
  'stt-streaming': async ({ quick }) => {
    const results: BenchResult[] = [];
    for (const scenario of STREAMING_SCENARIOS) {
      results.push({
        name: `answer latency on Azure Speech, ${scenario.name}`,
        method: `local host, real Speech SDK against the protocol fake (phrase ends after ${scenario.segmentationMs} ms of quiet, final ${scenario.finalDelayMs} ms later), VAD silence 500 ms, model ${FIXED_LATENCIES.firstSentenceMs} ms + TTS ${FIXED_LATENCIES.ttsMs} ms fixed fakes; caller's last speech frame sent → answer's first audio at the phone; ${scenario.perCall ? 'one stream per call, the final ends the turn' : 'a stream per utterance, closed at the VAD end of turn'}`,
        unit: 'ms',
        summary: await benchStreaming(scenario, quick ? 2 : 10),
      });
    }
    return results;
  },
  'tts-first-byte': async ({ quick }) => {
    const [clients, sentences] = quick ? [2, 3] : [10, 20];
    const results: BenchResult[] = [];
    for (const [way, run] of [
      ['REST streaming (AzureSpeechTts, fetch)', benchRestFirstByte],
      ['Speech SDK SpeechSynthesizer (WebSocket)', benchSdkFirstByte],
    ] as const) {
      const { cold, warm } = await run(clients, sentences);
      const method = `a one-sentence SSML request → its first audio, against a loopback fake of the protocol sending the same audio in 5 chunks 15 ms apart, the first at once; ${clients} clients × ${sentences} sentences`;
      results.push(
        {
          name: `Azure TTS first byte, ${way}, warm`,
          method: `${method}; later sentences on one client`,
          unit: 'ms',
          summary: warm,
        },
        {
          name: `Azure TTS first byte, ${way}, cold`,
          method: `${method}; a new client's first sentence (connection included)`,
          unit: 'ms',
          summary: cold,
        },
      );
    }
    return results;
  },
  telemetry: async ({ quick }) => telemetryOverheadResults(quick),
};

/** The embedded recogniser on Flite answers: latency, word error, memory (bench/README.md, "Speech recognition"). */
async function recognitionBenchmarks(): Promise<BenchResult[]> {
  const { wide, phone, memory } = await benchEmbedded();
  const round = (value: number) => Math.round(value * 100) / 100;
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

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (args.help) return console.log(USAGE);
  const loadBefore = loadavg();
  const results: BenchResult[] = [];
  for (const [name, run] of Object.entries(BENCHMARK_RUNS)) {
    if (!args.only.has(name as BenchmarkName)) continue;
    const ran = await run(args);
    results.push(...ran);
    for (const result of ran) printTable(result);
  }
  const file = writeResults(results, args, loadBefore);
  console.log(`\nResults written to ${file}`);
}

function printTable(result: BenchResult): void {
  const s = result.summary;
  const f = (v: number) => v.toFixed(result.unit === 'µs' ? 2 : 1);
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

function writeResults(results: BenchResult[], args: BenchArgs, loadBefore: number[]): string {
  const dir = resolve(__dirname, '../../bench/results');
  mkdirSync(dir, { recursive: true });
  const context = runContext();
  const suffix = `${args.quick ? '-quick' : ''}${args.only.size < BENCHMARKS.length ? `-${[...args.only].join('-')}` : ''}`;
  const file = join(dir, `${context.date.replace(/[:.]/g, '-')}${suffix}.json`);
  const run = {
    quick: args.quick,
    only: [...args.only],
    ...(args.only.has('voice-load')
      ? {
          voice_load: {
            calls: args.calls,
            seconds: args.seconds,
            media_workers: args.mediaWorkers ?? 'default',
            generator_nice: args.generatorNice,
            repeat: args.repeat,
          },
        }
      : {}),
    // 1, 5 and 15 min: an absolute figure from a busy machine is not a result.
    load_average: { before: loadBefore.map(round2), after: loadavg().map(round2) },
  };
  writeFileSync(file, JSON.stringify({ ...context, ...run, results }, null, 2));
  return file;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

main().catch((error: unknown) => {
  if (error instanceof BenchArgsError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
