import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../shared/log';
import { startCallSpan } from '../shared/telemetry/call-trace';
import { callMetrics } from '../shared/telemetry/metrics';
import { startTelemetry } from '../shared/telemetry/setup';
import { benchEngineOverhead } from './engine-overhead';
import type { BenchResult } from './result';
import type { Summary } from './stats';
import { benchVoiceOverhead } from './voice-overhead';
import { speechFrames } from './voice-speech';

/**
 * What tracing costs a turn (budget: ≤ 0.5 ms p95 added): the same benchmarks with no exporter (the
 * OpenTelemetry API's no-op) and with the OTLP/HTTP exporter on, sending to a local collector that
 * accepts and drops every body (so the figure is our side: spans, metrics, batching, serialising,
 * sending). Runs alternate off / on / off / on so that a machine that gets busier does not read as cost.
 *
 * - turn engine: runTurn + commitTurn in process (model instant): the model, tool and store spans;
 * - one voice call: the local host over real sockets (voice-overhead.ts): every span and metric of a
 *   call, frames in and out included.
 */

const LINE = 'I have a question about my claim.';

export async function telemetryOverheadResults(quick: boolean): Promise<BenchResult[]> {
  const sink = await startSink();
  const otlp = { otlp_endpoint: sink.url, service_name: 'bench', metrics_interval_sec: 5 };
  try {
    const turns = quick ? 100 : 1_000;
    await benchEngineOverhead(200); // warm-up, not measured
    const engine = { off: [] as Summary[], on: [] as Summary[] };
    for (let round = 0; round < 2; round++) {
      engine.off.push(combined(await benchEngineOverhead(turns)));
      const telemetry = await startTelemetry(otlp, silentLogger);
      engine.on.push(combined(await benchEngineOverhead(turns)));
      await telemetry.shutdown();
    }
    const micro = { off: await microCosts(), on: { span: 0, record: 0 } };
    const installed = await startTelemetry(otlp, silentLogger);
    micro.on = await microCosts();
    await installed.shutdown();
    const line = await speechFrames(LINE);
    const measured = quick ? 2 : 30;
    const voice = { off: [] as Summary[], on: [] as Summary[] };
    for (let round = 0; round < 2; round++) {
      voice.off.push((await benchVoiceOverhead(line, measured, quick ? 1 : 3)).overhead);
      voice.on.push((await benchVoiceOverhead(line, measured, quick ? 1 : 3, { telemetry: otlp })).overhead);
    }
    const exported = `${sink.bodies} OTLP bodies, ${Math.round(sink.bytes / 1024)} KiB received by the local collector`;
    const microResult = (what: string, key: 'span' | 'record'): BenchResult => ({
      name: `tracing: one ${what}`,
      method: `${MICRO_N} in a row, best of 5 runs with a pause between them (robust on a busy machine): cost per operation, no exporter (the API's no-op) vs OTLP exporter installed`,
      unit: 'µs',
      summary: {
        n: MICRO_N,
        p50: micro.on[key],
        p95: micro.on[key],
        p99: micro.on[key],
        max: micro.on[key],
        mean: micro.on[key],
      },
      details: { 'no exporter µs': round2(micro.off[key]), 'OTLP exporter µs': round2(micro.on[key]) },
    });
    return [
      microResult('span (start, 3 attributes, end; parented by call id)', 'span'),
      microResult('histogram record', 'record'),
      result(
        'tracing: turn engine + commit per turn',
        `runTurn then commitTurn (SQLite) with an instant model (engine-overhead.ts), ${turns} turns per run, runs alternating no exporter / OTLP exporter twice; ${exported}`,
        engine,
      ),
      result(
        'tracing: voice turn overhead, one call',
        `voice-overhead.ts (real local host, fixed-latency fakes, one scripted softphone), ${measured} answers per run, runs alternating no exporter / OTLP exporter twice`,
        voice,
      ),
    ];
  } finally {
    await sink.close();
  }
}

/** Under the batch processor's queue (2,048 spans): more in a row would be dropped, which is cheaper. */
const MICRO_N = 1_500;
const round2 = (value: number) => Math.round(value * 100) / 100;

/** µs per span and per histogram record, best of 5 runs of MICRO_N. */
async function microCosts(): Promise<{ span: number; record: number }> {
  const time = async (work: () => void) => {
    let best = Infinity;
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      for (let i = 0; i < MICRO_N; i++) work();
      best = Math.min(best, ((performance.now() - started) * 1000) / MICRO_N);
      // The batch processor sends what piled up (and empties its queue) between runs.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return best;
  };
  const callId = '8d3c2a4e-8f1b-4c2d-9e3f-0a1b2c3d4e5f';
  const span = await time(() =>
    startCallSpan(callId, 'bench', {
      'store.kind': 'sqlite',
      'store.bytes': 1234,
      'store.attempts': 1,
    }).end(),
  );
  const histogram = callMetrics().framesInLatency;
  const record = await time(() => histogram.record(0.05));
  return { span, record };
}

/** runTurn and commitTurn together: what one turn of the engine costs. */
function combined(result: { turn: Summary; commit: Summary }): Summary {
  const add = (key: keyof Summary) => result.turn[key] + result.commit[key];
  return {
    n: result.turn.n,
    p50: add('p50'),
    p95: add('p95'),
    p99: add('p99'),
    max: add('max'),
    mean: add('mean'),
  };
}

function result(name: string, method: string, runs: { off: Summary[]; on: Summary[] }): BenchResult {
  const best = (list: Summary[], key: keyof Summary) => Math.min(...list.map((s) => s[key]));
  const r = (v: number) => Math.round(v * 100) / 100;
  const on = runs.on[runs.on.length - 1]!;
  return {
    name,
    method: `${method}; summary: the last run with the exporter; percentiles of sums are upper bounds`,
    unit: 'ms',
    budget: '≤ 0.5 ms p95 added',
    summary: on,
    details: {
      'no exporter p50 (each run)': runs.off.map((s) => r(s.p50)).join(' / '),
      'no exporter p95 (each run)': runs.off.map((s) => r(s.p95)).join(' / '),
      'OTLP p50 (each run)': runs.on.map((s) => r(s.p50)).join(' / '),
      'OTLP p95 (each run)': runs.on.map((s) => r(s.p95)).join(' / '),
      'added p95 (best OTLP run − best no-exporter run)': r(best(runs.on, 'p95') - best(runs.off, 'p95')),
      'added p50 (best − best)': r(best(runs.on, 'p50') - best(runs.off, 'p50')),
    },
  };
}

/** A collector that accepts everything and keeps nothing but counts. */
async function startSink(): Promise<{ url: string; bodies: number; bytes: number; close(): Promise<void> }> {
  const counts = { bodies: 0, bytes: 0 };
  const server = http.createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (counts.bytes += chunk.length));
    req.on('end', () => {
      counts.bodies += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get bodies() {
      return counts.bodies;
    },
    get bytes() {
      return counts.bytes;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
